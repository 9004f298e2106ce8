//! An environment that signs with an AWS profile, in the real window: the
//! console runs with a private `HOME` whose `~/.aws/config` runs a
//! `credential_process` script. Keys that expire before the analysis
//! could end are refused before anything is sent, and the error offers to
//! send again once they are renewed; the fresh run then goes out, signed,
//! its session token checked by the simulator. No secret from the script's
//! output reaches the DOM.

mod support;

use std::path::Path;

use serde_json::json;
use support::environments::EnvironmentsFile;
use support::{Desktop, send, wait_for_end, wait_for_text};

const PROMPT: &str = "Flight EY123 delayed 2 hours due to weather at AUH";
const KEY_ID: &str = "ASIAWINDOWKEY7788";
const SECRET: &str = "SECRET-CANARY-window-0c4d";
const TOKEN: &str = "TOKEN-CANARY-window-a9e2";

/// The script prints temporary keys expiring `seconds` from now.
fn write_script(path: &Path, seconds: i64) {
    let script = format!(
        "#!/bin/sh\nexp=$(date -u -d \"@$(( $(date +%s) + ({seconds}) ))\" +%Y-%m-%dT%H:%M:%SZ)\n\
         printf '{{\"Version\":1,\"AccessKeyId\":\"{KEY_ID}\",\"SecretAccessKey\":\"{SECRET}\",\
         \"SessionToken\":\"{TOKEN}\",\"Expiration\":\"%s\"}}' \"$exp\"\n"
    );
    std::fs::write(path, script).unwrap();
    std::fs::set_permissions(path, std::os::unix::fs::PermissionsExt::from_mode(0o755)).unwrap();
}

#[tokio::test]
async fn expiring_keys_are_refused_then_sent_again_once_renewed() {
    let deployment = skymarshal_sim::Simulator::start(skymarshal_sim::SimConfig {
        auth: skymarshal_sim::SimAuth::AwsSigv4 {
            access_key_id: KEY_ID.into(),
            secret_access_key: SECRET.into(),
            region: "me-central-1".into(),
            session_token: Some(TOKEN.into()),
        },
        ..skymarshal_sim::SimConfig::instant()
    })
    .await
    .unwrap();
    let file = EnvironmentsFile::new()
        .environment("ops-iam", &deployment.url())
        .set("region", "me-central-1")
        .raw("[environment.auth]\nmethod = \"aws_sigv4\"\nprofile = \"ops\"\n");
    let mut desktop = Desktop::with_environments("aws-profile", &[], &file).await;
    // The console's HOME holds the environments file under .config.
    let home = desktop
        .environments_path()
        .ancestors()
        .nth(3)
        .unwrap()
        .to_owned();
    let script = home.join("bin/creds");
    std::fs::create_dir_all(home.join("bin")).unwrap();
    std::fs::create_dir_all(home.join(".aws")).unwrap();
    write_script(&script, 180);
    std::fs::write(
        home.join(".aws/config"),
        format!("[profile ops]\ncredential_process = {}\n", script.display()),
    )
    .unwrap();

    let (session, _) = desktop.open().await;
    session.select("#env-select", "env:ops-iam").await;
    // No key fields: the profile gives the keys.
    wait_for_text(&session, "#cred-profile", "AWS profile ops").await;
    assert_eq!(
        session
            .script(
                "return document.getElementById('cred-keyring').hidden;",
                json!([])
            )
            .await,
        json!(true),
        "no 'kept in this computer's keyring' beside a profile"
    );
    send(&session, PROMPT).await;
    wait_for_text(&session, "#error", "before this analysis could end").await;
    assert_eq!(
        session.data("#error", "kind").await.as_deref(),
        Some("credentials_expiring")
    );
    assert!(session.text("#error-action").await.contains("send again"));
    desktop.shoot(&session, "refused").await;
    assert_eq!(deployment.posts(), 0, "nothing is sent with expiring keys");

    // Renewed: the offer sends a fresh run, signed with the new keys.
    write_script(&script, 7200);
    session.click("#error-action").await;
    wait_for_end(&session, "complete").await;
    desktop.shoot(&session, "sent").await;
    assert_eq!(deployment.posts(), 1);

    // The Check says where the keys come from and when they expire, never a secret.
    session.click("#env-check").await;
    wait_for_text(&session, "#health", "credential_process").await;
    let health = session.text("#health").await;
    assert!(
        health.contains("profile ops") && health.contains("renewed before each analysis"),
        "{health}"
    );
    desktop.shoot(&session, "checked").await;
    assert_eq!(deployment.posts(), 1, "the Check sends no analysis");

    let dom = session
        .script("return document.documentElement.outerHTML;", json!([]))
        .await;
    let dom = dom.as_str().unwrap_or_default();
    for canary in [SECRET, TOKEN] {
        assert!(!dom.contains(canary), "{canary} reached the DOM");
    }
    session.end().await;
}
