//! A private HOME for the AWS profile tests: `~/.aws/config` and
//! `credentials`, a `credential_process` script, an SSO token cache, the
//! console's own folders, and `skymarshal` run with only that
//! environment. The canaries are every secret written there.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use skymarshal_sim::SimAuth;

pub(crate) const BIN: &str = env!("CARGO_BIN_EXE_skymarshal");
pub(crate) const PROMPT: &str = "Flight EY123 delayed 2 hours due to weather";
pub(crate) const REGION: &str = "me-central-1";

pub(crate) const STATIC_ID: &str = "AKIASTATICKEYWXYZ";
pub(crate) const STATIC_SECRET: &str = "SECRET-CANARY-static-8d1f";
pub(crate) const PROCESS_ID: &str = "ASIAPROCESSKEY1234";
pub(crate) const PROCESS_SECRET: &str = "SECRET-CANARY-process-41c2";
pub(crate) const PROCESS_TOKEN: &str = "TOKEN-CANARY-process-9e77";
pub(crate) const STDERR_CANARY: &str = "STDERR-CANARY-5b0a";
pub(crate) const SSO_TOKEN: &str = "SSO-CANARY-access-token-77aa";

/// Every secret a test writes; none may ever be printed or logged.
pub(crate) const CANARIES: &[&str] = &[
    STATIC_SECRET,
    PROCESS_SECRET,
    PROCESS_TOKEN,
    STDERR_CANARY,
    SSO_TOKEN,
];

/// What the credential_process script does.
#[derive(Clone, Copy)]
pub(crate) enum Process {
    /// Prints temporary keys expiring this many seconds from now.
    Expiring(i64),
    /// Exits 1 with a canary on stderr.
    Fails,
}

/// A private HOME with its AWS files and the console's own folders.
pub(crate) struct Home {
    dir: tempfile::TempDir,
}

impl Home {
    pub(crate) fn new(profile: Option<&str>, invoke_url: &str) -> Self {
        let home = Self {
            dir: tempfile::tempdir().unwrap(),
        };
        let auth = match profile {
            Some(p) => format!("[environment.auth]\nmethod = \"aws_sigv4\"\nprofile = \"{p}\"\n"),
            None => "[environment.auth]\nmethod = \"aws_sigv4\"\n".to_owned(),
        };
        home.write(
            "skymarshal/environments.toml",
            &format!(
                "[[environment]]\nname = \"iam\"\ninvoke_url = \"{invoke_url}\"\nregion = \"{REGION}\"\n{auth}"
            ),
        );
        home.write(".aws/config", "");
        home.write(".aws/credentials", "");
        home
    }

    pub(crate) fn path(&self, relative: &str) -> PathBuf {
        self.dir.path().join(relative)
    }

    pub(crate) fn write(&self, relative: &str, text: &str) {
        let path = self.path(relative);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, text).unwrap();
    }

    pub(crate) fn append(&self, relative: &str, text: &str) {
        let old = std::fs::read_to_string(self.path(relative)).unwrap_or_default();
        self.write(relative, &format!("{old}{text}"));
    }

    /// `bin/creds`, and a profile `name` that runs it.
    pub(crate) fn process_profile(&self, name: &str, process: Process) {
        let script = match process {
            Process::Expiring(seconds) => format!(
                "#!/bin/sh\nexp=$(date -u -d \"@$(( $(date +%s) + ({seconds}) ))\" +%Y-%m-%dT%H:%M:%SZ)\n\
                 printf '{{\"Version\":1,\"AccessKeyId\":\"{PROCESS_ID}\",\"SecretAccessKey\":\"{PROCESS_SECRET}\",\
                 \"SessionToken\":\"{PROCESS_TOKEN}\",\"Expiration\":\"%s\"}}' \"$exp\"\n"
            ),
            Process::Fails => format!("#!/bin/sh\necho '{STDERR_CANARY}' >&2\nexit 1\n"),
        };
        self.write("bin/creds", &script);
        let path = self.path("bin/creds");
        std::fs::set_permissions(&path, std::os::unix::fs::PermissionsExt::from_mode(0o755))
            .unwrap();
        self.append(
            ".aws/config",
            &format!(
                "[profile {name}]\ncredential_process = {}\n",
                path.display()
            ),
        );
    }

    /// Runs `skymarshal` with only this HOME's environment.
    pub(crate) fn run(&self, args: &[&str]) -> Output {
        self.command(args).output().unwrap()
    }

    /// `skymarshal` with only this HOME's environment (no keyring: no
    /// D-Bus session), ready to run.
    pub(crate) fn command(&self, args: &[&str]) -> Command {
        let root = self.dir.path();
        let mut command = Command::new(BIN);
        command
            .env_clear()
            .env("PATH", std::env::var_os("PATH").unwrap_or_default())
            .env("HOME", root)
            .env("AWS_CONFIG_FILE", root.join(".aws/config"))
            .env("AWS_SHARED_CREDENTIALS_FILE", root.join(".aws/credentials"))
            .env("SKYMARSHAL_CONFIG_DIR", root.join("skymarshal"))
            .env("SKYMARSHAL_DATA_DIR", root.join("data"))
            .env("SKYMARSHAL_LOG_DIR", root.join("logs"))
            .env("RUST_LOG", "trace")
            .args(args);
        command
    }

    /// Every log file's text.
    pub(crate) fn logs(&self) -> String {
        read_all(&self.path("logs"))
    }
}

pub(crate) fn read_all(dir: &Path) -> String {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return String::new();
    };
    entries
        .filter_map(Result::ok)
        .map(|e| std::fs::read_to_string(e.path()).unwrap_or_default())
        .collect()
}

#[derive(Clone, Copy)]
pub(crate) enum Setup {
    StaticKeys,
    Process(Process),
    ExpiredSso,
    RoleWithoutSource,
    Nothing,
}

pub(crate) fn setup(home: &Home, setup: Setup) {
    match setup {
        Setup::StaticKeys => home.append(
            ".aws/credentials",
            &format!(
                "[ops]\naws_access_key_id = {STATIC_ID}\naws_secret_access_key = {STATIC_SECRET}\n"
            ),
        ),
        Setup::Process(process) => home.process_profile("ops", process),
        Setup::ExpiredSso => {
            home.append(
                ".aws/config",
                &format!(
                    "[profile sso]\nsso_session = air\nsso_account_id = 111122223333\n\
                     sso_role_name = Ops\nregion = {REGION}\n\
                     [sso-session air]\nsso_start_url = https://example.awsapps.com/start\n\
                     sso_region = {REGION}\n"
                ),
            );
            // The cache file is named by the SHA-1 of the session's name;
            // no refresh fields, so the SDK cannot try the network.
            home.write(
                ".aws/sso/cache/d1d9b9355fa9cd3e4b1949bbb0844e83dfa1c854.json",
                &format!(
                    "{{\"accessToken\":\"{SSO_TOKEN}\",\"expiresAt\":\"2020-01-01T00:00:00Z\",\
                     \"region\":\"{REGION}\",\"startUrl\":\"https://example.awsapps.com/start\"}}"
                ),
            );
        }
        Setup::RoleWithoutSource => home.append(
            ".aws/config",
            "[profile role]\nrole_arn = arn:aws:iam::111122223333:role/Ops\nsource_profile = gone\n",
        ),
        Setup::Nothing => home.append(".aws/config", "[profile other]\nregion = eu-west-1\n"),
    }
}

/// The deployment's demand for a case: the keys it accepts.
pub(crate) fn demand(setup: Setup) -> SimAuth {
    let (id, secret, token) = match setup {
        Setup::StaticKeys => (STATIC_ID, STATIC_SECRET, None),
        _ => (PROCESS_ID, PROCESS_SECRET, Some(PROCESS_TOKEN.to_owned())),
    };
    SimAuth::AwsSigv4 {
        access_key_id: id.into(),
        secret_access_key: secret.into(),
        region: REGION.into(),
        session_token: token,
    }
}

pub(crate) fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

pub(crate) fn assert_no_canary(case: &str, texts: &[&str]) {
    for canary in CANARIES {
        for text in texts {
            assert!(!text.contains(canary), "{case}: {canary} leaked in {text}");
        }
    }
}
