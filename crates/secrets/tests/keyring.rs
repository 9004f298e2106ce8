//! The real OS keyring: a gnome-keyring-daemon, unlocked, in a D-Bus
//! session of the test's own (never the machine user's keyring). One
//! process stores, a separate process reads back, a third clears; the team
//! store's password the same way, beside environments named like it. Without
//! a keyring the message says what to install.
//!
//! The test re-runs its own binary in each role; the role comes in
//! `SKYMARSHAL_KEYRING_ROLE`.

use std::process::Command;
use std::time::Duration;

use skymarshal_secrets::{Error, Secret, SecretKind, Vault};

const ENV: &str = "Staging";
const CANARY: &str = "AKIACANARY0000WXYZ";
const TEAM_PASSWORD: &str = "team-CANARY-pw";
/// Environment names closest to the team store's entry.
const TEAM_LOOKALIKES: [&str; 3] = ["team", "team-store:password", "Team-Store"];

fn vault() -> Vault {
    Vault::new().with_timeout(Duration::from_secs(10))
}

/// What a child does, by role; `None` when this is the parent.
async fn play_role() -> Option<()> {
    let role = std::env::var("SKYMARSHAL_KEYRING_ROLE").ok()?;
    let vault = vault();
    match role.as_str() {
        "store" => {
            vault
                .set(ENV, SecretKind::AwsAccessKeyId, Secret::new(CANARY.into()))
                .await
                .unwrap();
            vault
                .set(
                    ENV,
                    SecretKind::AwsSecretAccessKey,
                    Secret::new("s3cr3t".into()),
                )
                .await
                .unwrap();
        }
        "read" => {
            let status = vault.status(ENV, &SecretKind::ALL).await.unwrap();
            assert_eq!(
                status.present,
                [SecretKind::AwsAccessKeyId, SecretKind::AwsSecretAccessKey]
            );
            assert_eq!(status.access_key_hint.as_deref(), Some("WXYZ"));
            let secret = vault
                .get("staging", SecretKind::AwsSecretAccessKey)
                .await
                .unwrap()
                .unwrap();
            assert_eq!(secret.expose(), "s3cr3t");
        }
        "clear" => {
            vault
                .clear(ENV, SecretKind::AwsSecretAccessKey)
                .await
                .unwrap();
            vault
                .clear(ENV, SecretKind::AwsSecretAccessKey)
                .await
                .unwrap();
            let status = vault.status(ENV, &SecretKind::ALL).await.unwrap();
            assert_eq!(status.present, [SecretKind::AwsAccessKeyId]);
        }
        // The team store's password beside an environment called "team"
        // (and one called like the password's own entry): neither reaches
        // the other.
        "team-store" => {
            vault
                .set_team_password(Secret::new(format!("{TEAM_PASSWORD} \n")))
                .await
                .unwrap();
            for env in TEAM_LOOKALIKES {
                vault
                    .set(
                        env,
                        SecretKind::BearerToken,
                        Secret::new("env-token".into()),
                    )
                    .await
                    .unwrap();
            }
            let empty = vault
                .set_team_password(Secret::new("\n".into()))
                .await
                .unwrap_err();
            assert!(matches!(empty, Error::Refused(_)), "{empty}");
        }
        "team-read" => {
            assert!(vault.has_team_password().await.unwrap());
            let password = vault.team_password().await.unwrap().unwrap();
            assert_eq!(
                password.expose(),
                format!("{TEAM_PASSWORD} "),
                "only the line ending goes"
            );
            for env in TEAM_LOOKALIKES {
                let status = vault.status(env, &SecretKind::ALL).await.unwrap();
                assert_eq!(status.present, [SecretKind::BearerToken], "{env}");
            }
            // Forgetting the environment "team" leaves the team store's password.
            vault.forget("team").await.unwrap();
            assert!(vault.has_team_password().await.unwrap());
        }
        "team-clear" => {
            vault.clear_team_password().await.unwrap();
            vault.clear_team_password().await.unwrap();
            assert!(!vault.has_team_password().await.unwrap());
            assert!(vault.team_password().await.unwrap().is_none());
            let status = vault
                .status(TEAM_LOOKALIKES[1], &SecretKind::ALL)
                .await
                .unwrap();
            assert_eq!(
                status.present,
                [SecretKind::BearerToken],
                "an environment's secret stays"
            );
        }
        "absent" => {
            let error = vault
                .set(ENV, SecretKind::BearerToken, Secret::new("x".into()))
                .await
                .unwrap_err();
            assert_eq!(error, Error::NoKeyring, "{error}");
            assert!(error.to_string().contains("apt install gnome-keyring"));
        }
        other => panic!("unknown role {other}"),
    }
    Some(())
}

fn run_in_session(script: &str, service: &str) -> std::process::Output {
    let exe = std::env::current_exe().unwrap();
    let home = std::env::temp_dir().join(format!(
        "skymarshal-keyring-{}-{service}",
        std::process::id()
    ));
    let _ = std::fs::remove_dir_all(&home);
    std::fs::create_dir_all(home.join("run")).unwrap();
    Command::new("dbus-run-session")
        .args(["--", "sh", "-c", script])
        .env("TEST_EXE", exe)
        .env("HOME", &home)
        .env("XDG_RUNTIME_DIR", home.join("run"))
        .env("XDG_DATA_HOME", home.join("data"))
        .env("SKYMARSHAL_KEYRING_SERVICE", service)
        .output()
        .expect("dbus-run-session runs (scripts/setup installs dbus and gnome-keyring)")
}

#[tokio::test]
async fn secrets_survive_across_processes_in_a_real_secret_service() {
    if play_role().await.is_some() {
        return;
    }
    let script = r#"
        set -e
        echo -n test | gnome-keyring-daemon --unlock --components=secrets >/dev/null
        for role in store read clear; do
          SKYMARSHAL_KEYRING_ROLE=$role "$TEST_EXE" --exact secrets_survive_across_processes_in_a_real_secret_service --nocapture
        done
    "#;
    let out = run_in_session(script, "aero.skymarshal.console.test");
    assert!(
        out.status.success(),
        "stdout: {}\nstderr: {}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
}

#[tokio::test]
async fn the_team_password_is_kept_apart_from_every_environment() {
    if play_role().await.is_some() {
        return;
    }
    let script = r#"
        set -e
        echo -n test | gnome-keyring-daemon --unlock --components=secrets >/dev/null
        for role in team-store team-read team-clear; do
          SKYMARSHAL_KEYRING_ROLE=$role "$TEST_EXE" --exact the_team_password_is_kept_apart_from_every_environment --nocapture
        done
    "#;
    let out = run_in_session(script, "aero.skymarshal.console.team");
    assert!(
        out.status.success(),
        "stdout: {}\nstderr: {}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
}

#[tokio::test]
async fn without_a_keyring_the_message_says_what_to_install() {
    if play_role().await.is_some() {
        return;
    }
    // A session bus with no Secret Service on it, and no way to start one.
    let script = r#"
        SKYMARSHAL_KEYRING_ROLE=absent DBUS_SESSION_BUS_ADDRESS=unix:path=/nonexistent/bus \
          "$TEST_EXE" --exact without_a_keyring_the_message_says_what_to_install --nocapture
    "#;
    let out = run_in_session(script, "aero.skymarshal.console.absent");
    assert!(
        out.status.success(),
        "stdout: {}\nstderr: {}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
}
