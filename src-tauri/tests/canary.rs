//! Canary secrets through a full SigV4 analysis in the real window: the
//! simulator (as an IAM-protected deployment) verifies the signature and
//! session token it receives, and afterwards the secret is searched for in
//! every place it must never reach: each channel message of the run, every
//! command's answer, the DOM and its inputs, and every file the console
//! and its test harness wrote, logs at TRACE level included. The same for
//! keys from AWS profiles: a credential_process's output, a credentials
//! file's secret, an SSO sign-in's cached token.

mod support;

use std::path::Path;
use std::time::Duration;

use serde_json::{Value, json};
use support::{Desktop, EnvironmentsFile, Session, page_text, send, set_credential, wait_for_end};

const KEY_ID: &str = "AKIACANARYKEY0WXYZ";
const SECRET: &str = "CANARY-sigv4-secret-7c2e";
const TOKEN: &str = "CANARY-sigv4-token-91ab";
const WAIT: Duration = Duration::from_secs(30);

/// Runs an analysis through the same command and channel the window
/// uses, keeping every message as it arrived.
async fn run_collecting(session: &Session, environment_id: &str) -> Value {
    session
        .script_async(
            "const done = arguments[arguments.length - 1];\
             const messages = [];\
             const channel = new window.__TAURI__.core.Channel();\
             channel.onmessage = (m) => { messages.push(m); if (m.kind === 'finished') done(messages); };\
             window.__TAURI__.core.invoke('start_analysis', { request: { environment_id: arguments[0],\
               prompt: 'Flight EY123 delayed 2 hours due to weather at AUH', session_id: null, scenario: null }, channel })\
               .catch((e) => done({ refused: e }));",
            json!([environment_id]),
        )
        .await
}

/// Every file under `dir` that holds `needle`, but the keyring's own
/// (encrypted) store, which is where the secret belongs.
fn files_holding(dir: &Path, needle: &str) -> Vec<String> {
    files_holding_but(dir, needle, &["keyrings"])
}

/// Every file under `dir` that holds `needle`, but in the folders named
/// `kept` (where the secret belongs: the keyring, the user's AWS files).
fn files_holding_but(dir: &Path, needle: &str, kept: &[&str]) -> Vec<String> {
    let mut found = Vec::new();
    let Ok(entries) = std::fs::read_dir(dir) else {
        return found;
    };
    for entry in entries.flatten() {
        let path = entry.path();
        if kept.iter().any(|k| path.ends_with(k)) {
            continue;
        }
        if path.is_dir() {
            found.extend(files_holding_but(&path, needle, kept));
        } else if let Ok(bytes) = std::fs::read(&path)
            && bytes.windows(needle.len()).any(|w| w == needle.as_bytes())
        {
            found.push(path.display().to_string());
        }
    }
    found
}

#[tokio::test]
async fn sigv4_secrets_reach_the_deployment_and_nothing_else() {
    let deployment = skymarshal_sim::Simulator::start(skymarshal_sim::SimConfig {
        auth: skymarshal_sim::SimAuth::AwsSigv4 {
            access_key_id: KEY_ID.into(),
            secret_access_key: SECRET.into(),
            region: "me-central-1".into(),
            session_token: None,
        },
        ..skymarshal_sim::SimConfig::instant()
    })
    .await
    .unwrap();
    let url = deployment.url();
    let file = EnvironmentsFile::new()
        .environment("ops-iam", &url)
        .set("health_url", format!("{url}health"))
        .set("region", "me-central-1")
        .auth("aws_sigv4");
    let mut desktop = Desktop::with_environments(
        "canary",
        &[("SKYMARSHAL_SIM_DELAY_MS", "0"), ("RUST_LOG", "trace")],
        &file,
    )
    .await;
    let (session, _) = desktop.open().await;
    session.select("#env-select", "env:ops-iam").await;
    session
        .wait_for(
            "document.querySelector('.cred-row[data-kind=aws_session_token]')",
            "the credentials panel",
            WAIT,
        )
        .await;
    set_credential(&session, "aws_access_key_id", KEY_ID).await;
    set_credential(&session, "aws_secret_access_key", SECRET).await;
    set_credential(&session, "aws_session_token", TOKEN).await;
    assert!(session.text("#credentials").await.contains("set (…WXYZ)"));
    desktop.shoot(&session, "keys-set").await;

    let messages = run_collecting(&session, "env:ops-iam").await;
    let last = messages
        .as_array()
        .expect("the run's messages")
        .last()
        .unwrap()
        .clone();
    assert_eq!(
        last["ok"], true,
        "the deployment accepted the signature: {last}"
    );
    let request = &deployment.requests()[0];
    assert!(
        request
            .header("authorization")
            .unwrap()
            .starts_with("AWS4-HMAC-SHA256 Credential=AKIACANARYKEY0WXYZ/")
    );
    assert_eq!(
        request.header("x-amz-security-token"),
        Some(TOKEN),
        "the token went to the deployment, as it must"
    );

    // The run's messages, then every command's answer (one refused fails).
    let mut answers = vec![messages];
    for (command, args) in [
        ("environments", json!({})),
        ("credential_status", json!({"environmentId": "env:ops-iam"})),
        ("export_environments", json!({"ids": ["env:ops-iam"]})),
        ("check_environment", json!({"id": "env:ops-iam"})),
        ("diagnostics", json!({})),
        ("about", json!({})),
    ] {
        let answer = session.invoke(command, args).await;
        answers.push(answer.unwrap_or_else(|refused| panic!("{command}: {refused}")));
    }
    let answers = Value::Array(answers);
    assert!(
        answers[4]["checks"]
            .to_string()
            .contains("keys in the keyring · key …WXYZ · does not expire"),
        "{}",
        answers[4]
    );
    let page = page_text(&session).await;
    session.end().await;
    // Let the app and its logs finish writing.
    tokio::time::sleep(Duration::from_millis(500)).await;
    for canary in [SECRET, TOKEN] {
        assert!(
            !answers.to_string().contains(canary),
            "{canary} in a command's answer or a channel message"
        );
        assert!(!page.contains(canary), "{canary} in the window");
        let found = files_holding(&desktop.home, canary);
        assert!(found.is_empty(), "{canary} written to {found:?}");
    }
    let log = std::fs::read_to_string(desktop.home.join("driver.err.log")).unwrap_or_default()
        + &std::fs::read_to_string(desktop.home.join("driver.log")).unwrap_or_default();
    assert!(
        log.contains("run started"),
        "the app's TRACE log was captured, so its absence of secrets means something"
    );
}

const PROCESS_KEY_ID: &str = "ASIACANARYPROC4321";
const PROCESS_SECRET: &str = "CANARY-process-secret-d41f";
const PROCESS_TOKEN: &str = "CANARY-process-token-2b9c";
const FILE_SECRET: &str = "CANARY-file-secret-6e0a";
const SSO_TOKEN: &str = "CANARY-sso-access-token-83d1";

/// The console's private HOME with `~/.aws` written: a profile `ops`
/// whose credential_process prints temporary keys (canaries), a profile
/// `keys` with static keys (a canary secret) and a profile `sso` whose
/// cached sign-in (a canary token) has expired.
fn write_aws_files(home: &Path) {
    let script = home.join("bin/creds");
    std::fs::create_dir_all(home.join("bin")).unwrap();
    std::fs::create_dir_all(home.join(".aws/sso/cache")).unwrap();
    std::fs::write(
        &script,
        format!(
            "#!/bin/sh\nexp=$(date -u -d \"@$(( $(date +%s) + 7200 ))\" +%Y-%m-%dT%H:%M:%SZ)\n\
             printf '{{\"Version\":1,\"AccessKeyId\":\"{PROCESS_KEY_ID}\",\"SecretAccessKey\":\"{PROCESS_SECRET}\",\
             \"SessionToken\":\"{PROCESS_TOKEN}\",\"Expiration\":\"%s\"}}' \"$exp\"\n"
        ),
    )
    .unwrap();
    std::fs::set_permissions(&script, std::os::unix::fs::PermissionsExt::from_mode(0o755)).unwrap();
    std::fs::write(
        home.join(".aws/config"),
        format!(
            "[profile ops]\ncredential_process = {}\n\
             [profile sso]\nsso_session = air\nsso_account_id = 111122223333\nsso_role_name = Ops\n\
             region = me-central-1\n\
             [sso-session air]\nsso_start_url = https://example.awsapps.com/start\nsso_region = me-central-1\n",
            script.display()
        ),
    )
    .unwrap();
    std::fs::write(
        home.join(".aws/credentials"),
        format!("[keys]\naws_access_key_id = AKIACANARYFILE1111\naws_secret_access_key = {FILE_SECRET}\n"),
    )
    .unwrap();
    // The SHA-1 of the session name "air"; no refresh fields, so nothing
    // is asked of the network.
    std::fs::write(
        home.join(".aws/sso/cache/d1d9b9355fa9cd3e4b1949bbb0844e83dfa1c854.json"),
        format!(
            "{{\"accessToken\":\"{SSO_TOKEN}\",\"expiresAt\":\"2020-01-01T00:00:00Z\",\
             \"region\":\"me-central-1\",\"startUrl\":\"https://example.awsapps.com/start\"}}"
        ),
    )
    .unwrap();
}

#[tokio::test]
async fn aws_profile_secrets_reach_the_deployment_and_nothing_else() {
    let deployment = skymarshal_sim::Simulator::start(skymarshal_sim::SimConfig {
        auth: skymarshal_sim::SimAuth::AwsSigv4 {
            access_key_id: PROCESS_KEY_ID.into(),
            secret_access_key: PROCESS_SECRET.into(),
            region: "me-central-1".into(),
            session_token: Some(PROCESS_TOKEN.into()),
        },
        ..skymarshal_sim::SimConfig::instant()
    })
    .await
    .unwrap();
    let url = deployment.url();
    let file = EnvironmentsFile::new()
        .environment("ops-process", &url)
        .set("health_url", format!("{url}health"))
        .set("region", "me-central-1")
        .raw("[environment.auth]\nmethod = \"aws_sigv4\"\nprofile = \"ops\"\n")
        .environment("ops-sso", &url)
        .set("region", "me-central-1")
        .raw("[environment.auth]\nmethod = \"aws_sigv4\"\nprofile = \"sso\"\n");
    let desktop = Desktop::with_environments(
        "canary-profiles",
        &[("SKYMARSHAL_SIM_DELAY_MS", "0"), ("RUST_LOG", "trace")],
        &file,
    )
    .await;
    write_aws_files(&desktop.home);
    let (session, _) = desktop.open().await;

    let messages = run_collecting(&session, "env:ops-process").await;
    let last = messages
        .as_array()
        .expect("the run's messages")
        .last()
        .unwrap()
        .clone();
    assert_eq!(
        last["ok"], true,
        "signature and session token accepted: {last}"
    );
    let refused = run_collecting(&session, "env:ops-sso").await;
    assert_eq!(refused["refused"]["kind"], "sso_login_needed", "{refused}");
    assert!(
        refused["refused"]["message"]
            .as_str()
            .unwrap_or_default()
            .contains("aws sso login --profile sso"),
        "{refused}"
    );
    assert_eq!(
        deployment.posts(),
        1,
        "nothing sent for the expired sign-in"
    );

    let mut answers = vec![messages, refused];
    for (command, args) in [
        ("environments", json!({})),
        ("aws_profiles", json!({})),
        (
            "export_environments",
            json!({"ids": ["env:ops-process", "env:ops-sso"]}),
        ),
        ("check_environment", json!({"id": "env:ops-process"})),
        ("check_environment", json!({"id": "env:ops-sso"})),
        ("diagnostics", json!({})),
    ] {
        let answer = session.invoke(command, args).await;
        answers.push(answer.unwrap_or_else(|refused| panic!("{command}: {refused}")));
    }
    let answers = Value::Array(answers);
    let shown = answers.to_string();
    assert!(
        shown.contains("key …4321") && shown.contains("credential_process"),
        "{shown}"
    );
    assert!(
        shown.contains("\"name\":\"keys\"") && shown.contains("profile_static"),
        "{shown}"
    );
    let page = page_text(&session).await;
    session.end().await;
    tokio::time::sleep(Duration::from_millis(500)).await;
    for canary in [PROCESS_SECRET, PROCESS_TOKEN, FILE_SECRET, SSO_TOKEN] {
        assert!(
            !shown.contains(canary),
            "{canary} in a command's answer or a channel message"
        );
        assert!(!page.contains(canary), "{canary} in the window");
        let found = files_holding_but(&desktop.home, canary, &["keyrings", ".aws", "bin"]);
        assert!(found.is_empty(), "{canary} written to {found:?}");
    }
    let log = std::fs::read_to_string(desktop.home.join("driver.err.log")).unwrap_or_default()
        + &std::fs::read_to_string(desktop.home.join("driver.log")).unwrap_or_default();
    assert!(
        log.contains("run started"),
        "the app's TRACE log was captured"
    );
}

#[tokio::test]
async fn without_a_keyring_the_console_opens_says_what_to_install_and_still_works() {
    let file = EnvironmentsFile::new()
        .environment("ops-staging", "http://127.0.0.1:9/")
        .auth("bearer");
    let mut desktop = Desktop::with_environments(
        "no-keyring",
        &[("SKYMARSHAL_SIM_DELAY_MS", "0"), ("E2E_NO_KEYRING", "1")],
        &file,
    )
    .await;
    let (session, _) = desktop.open().await;
    session.select("#env-select", "env:ops-staging").await;
    session
        .wait_for(
            "document.getElementById('cred-message').textContent.length > 0",
            "the keyring's absence explained",
            WAIT,
        )
        .await;
    let message = session.text("#cred-message").await;
    assert!(
        message.contains("No keyring service is running")
            && message.contains("apt install gnome-keyring"),
        "{message}"
    );
    desktop.shoot(&session, "no-keyring").await;

    // The training simulator needs no credential and still works.
    session.select("#env-select", "training-simulator").await;
    send(
        &session,
        "Flight EY123 delayed 2 hours due to weather at AUH",
    )
    .await;
    wait_for_end(&session, "complete").await;
    session.end().await;
}
