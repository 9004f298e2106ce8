//! The checks made before aws-config is asked, over config text given in
//! memory (no file, no HOME): a table of profiles in, an origin or the
//! words of a refusal out.

use aws_runtime::env_config::file::{EnvConfigFileKind, EnvConfigFiles};
use aws_types::os_shim_internal::{Env, Fs};

use super::*;

const CONFIG: &str = "\
[default]
region = eu-west-1
[profile sso]
sso_session = air
[sso-session air]
sso_start_url = https://example.awsapps.com/start
sso_region = eu-west-1
[profile proc]
credential_process = /bin/false
[profile role]
role_arn = arn:aws:iam::111122223333:role/Ops
source_profile = keys
[profile orphan]
role_arn = arn:aws:iam::111122223333:role/Ops
source_profile = gone
[profile mfa]
role_arn = arn:aws:iam::111122223333:role/Ops
source_profile = keys
mfa_serial = arn:aws:iam::111122223333:mfa/me
[profile keys]
aws_access_key_id = AKIAEXAMPLE
aws_secret_access_key = SECRET-CANARY
";

async fn set() -> ProfileSet {
    let files = EnvConfigFiles::builder()
        .with_contents(EnvConfigFileKind::Config, CONFIG)
        .with_contents(EnvConfigFileKind::Credentials, "")
        .build();
    aws_config::profile::load(&Fs::from_slice(&[]), &Env::from_slice(&[]), &files, None)
        .await
        .unwrap()
}

/// (profile named, AWS_ACCESS_KEY_ID set, kind, or the refusal's words)
const ROWS: &[(Option<&str>, bool, Result<KeyKind, &str>)] = &[
    (Some("sso"), false, Ok(KeyKind::Sso)),
    (Some("proc"), false, Ok(KeyKind::Process)),
    (Some("role"), false, Ok(KeyKind::AssumeRole)),
    (Some("keys"), true, Ok(KeyKind::ProfileStatic)),
    (None, true, Ok(KeyKind::Environment)),
    (Some("nope"), false, Err("there is no profile \"nope\"")),
    (
        Some("nope"),
        false,
        Err("profiles found: default, keys, mfa, orphan, proc, role, sso"),
    ),
    (
        Some("orphan"),
        false,
        Err("assumes a role from \"gone\", which is not defined"),
    ),
    (Some("mfa"), false, Err("asks for an MFA code")),
    (Some("default"), false, Err("holds no credentials")),
    (None, false, Err("holds no credentials")),
];

#[tokio::test]
async fn origins_and_refusals() {
    let set = set().await;
    for (profile, env_keys, expected) in ROWS {
        let got = origin_of(&set, *profile, "prod", *env_keys);
        match (expected, got) {
            (Ok(kind), Ok(origin)) => {
                assert_eq!(origin.kind, *kind, "{profile:?}");
                assert_eq!(origin.profile.as_deref(), *profile, "{profile:?}");
            }
            (Err(phrase), Err(error)) => {
                let words = error.to_string();
                assert!(words.contains(phrase), "{profile:?}: {words}");
                assert!(!words.contains("CANARY"), "{words}");
                assert_eq!(
                    error.kind(),
                    skymarshal_core::ErrorKind::CredentialsUnavailable
                );
            }
            (expected, got) => panic!("{profile:?}: expected {expected:?}, got {got:?}"),
        }
    }
}

#[tokio::test]
async fn choices_are_names_and_kinds_only() {
    let set = set().await;
    let mut names: Vec<&str> = set.profiles().collect();
    names.sort_unstable();
    let kinds: Vec<Option<KeyKind>> = names
        .iter()
        .map(|n| set.get_profile(n).and_then(kind_of))
        .collect();
    assert_eq!(
        names,
        ["default", "keys", "mfa", "orphan", "proc", "role", "sso"]
    );
    assert_eq!(kinds[0], None);
    assert_eq!(kinds[1], Some(KeyKind::ProfileStatic));
    let shown = serde_json::to_string(&ProfileChoice {
        name: "keys".into(),
        kind: kinds[1],
    })
    .unwrap();
    assert_eq!(shown, r#"{"name":"keys","kind":"profile_static"}"#);
}
