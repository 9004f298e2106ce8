//! The environments dialog in the real window: add (a bad URL refused with
//! the file's own message), edit, duplicate, check, export, import and
//! remove, each landing in the user's file; no step sends an analysis.

mod support;

use std::time::Duration;

use serde_json::json;
use support::{Desktop, Session, wait_for_text};

const WAIT: Duration = Duration::from_secs(30);

/// Fills the open form's fields by name, as a user typing would.
async fn fill(session: &Session, fields: &[(&str, &str)]) {
    for (name, value) in fields {
        session
            .script(
                "const f = document.querySelector(`#envm-form [name=\"${arguments[0]}\"]`);\
                 if (f.type === 'checkbox') { f.checked = arguments[1] === 'true'; f.dispatchEvent(new Event('change')); }\
                 else { f.value = arguments[1]; f.dispatchEvent(new Event('input')); f.dispatchEvent(new Event('change')); }",
                json!([name, value]),
            )
            .await;
    }
}

async fn message(session: &Session, phrase: &str) {
    wait_for_text(session, "#envm-message", phrase).await;
}

/// Pastes `text` into the Import panel and imports it.
async fn import(session: &Session, text: &str) {
    session.click("#envm-import-open").await;
    session.set_value("#envm-import", text).await;
    session.click("#envm-import-go").await;
}

async fn row_button(session: &Session, label: &str) {
    session
        .click(&format!("button[aria-label=\"{label}\"]"))
        .await;
}

#[tokio::test]
async fn environments_are_managed_in_the_window_and_land_in_the_file() {
    let deployment = skymarshal_sim::Simulator::start(skymarshal_sim::SimConfig::instant())
        .await
        .unwrap();
    let url = deployment.url();
    let mut desktop = Desktop::start("manage", &[("SKYMARSHAL_SIM_DELAY_MS", "0")]).await;
    let file = desktop.environments_path();
    let (session, _) = desktop.open().await;

    session.click("#env-manage").await;
    session.click("#envm-new").await;
    fill(
        &session,
        &[
            ("name", "ops-staging"),
            ("invoke_url", "http://example.com/"),
        ],
    )
    .await;
    session.click("#envm-save").await;
    message(&session, "only https is allowed").await;
    desktop.shoot(&session, "refused").await;

    fill(
        &session,
        &[
            ("invoke_url", &url),
            ("health_url", &format!("{url}health?health=degraded")),
            ("production", "true"),
            ("idle_seconds", "400"),
        ],
    )
    .await;
    session.click("#envm-save").await;
    message(&session, "ops-staging saved").await;
    let text = std::fs::read_to_string(&file).unwrap();
    assert!(
        text.contains("# SkyMarshal Console environments."),
        "the template's comments stay"
    );
    assert!(
        text.contains("name = \"ops-staging\"") && text.contains("idle_seconds = 400"),
        "{text}"
    );
    assert_eq!(
        session.value("#env-select").await,
        "env:ops-staging",
        "the saved environment becomes the active one"
    );
    desktop.shoot(&session, "saved").await;

    row_button(&session, "Check ops-staging").await;
    session
        .wait_for(
            "document.querySelector('#envm-health tr[data-step=health]')",
            "the health check",
            WAIT,
        )
        .await;
    let health = session.text("#envm-health").await;
    assert!(
        health.contains("agentcore is unhealthy") && health.contains("No analysis was sent"),
        "{health}"
    );
    desktop.shoot(&session, "checked").await;

    row_button(&session, "Duplicate ops-staging").await;
    fill(
        &session,
        &[("production", "false"), ("confirm_before_send", "false")],
    )
    .await;
    session.click("#envm-save").await;
    message(&session, "ops-staging-copy saved").await;

    row_button(&session, "Edit ops-staging-copy").await;
    fill(
        &session,
        &[
            ("name", "ops-training"),
            ("auth_method", "api_key"),
            ("api_key_header", "x-team-key"),
        ],
    )
    .await;
    session.click("#envm-save").await;
    message(&session, "ops-training saved").await;
    assert_eq!(
        session.value("#env-select").await,
        "env:ops-training",
        "the active environment follows its rename"
    );
    let text = std::fs::read_to_string(&file).unwrap();
    assert!(
        !text.contains("ops-staging-copy") && text.contains("header = \"x-team-key\""),
        "{text}"
    );

    // An AWS IAM environment names the AWS profile it signs with; an edit
    // that does not touch the profile keeps it.
    row_button(&session, "Edit ops-training").await;
    fill(
        &session,
        &[
            ("auth_method", "aws_sigv4"),
            ("region", "me-central-1"),
            ("aws_profile", "ops-prod"),
        ],
    )
    .await;
    session.click("#envm-save").await;
    message(&session, "ops-training saved").await;
    row_button(&session, "Edit ops-training").await;
    // The form is drawn after the click returns: wait for it, then read.
    session
        .wait_for(
            "document.querySelector('#envm-form [name=aws_profile]')?.value === 'ops-prod'",
            "the edit form with the profile the file names",
            WAIT,
        )
        .await;
    desktop.shoot(&session, "aws-profile").await;
    fill(&session, &[("idle_seconds", "420")]).await;
    session.click("#envm-save").await;
    message(&session, "ops-training saved").await;
    let text = std::fs::read_to_string(&file).unwrap();
    assert!(
        text.contains("method = \"aws_sigv4\"") && text.contains("profile = \"ops-prod\""),
        "{text}"
    );

    row_button(&session, "Export ops-staging").await;
    let exported = session.value("#envm-export").await;
    assert!(exported.contains("name = \"ops-staging\""), "{exported}");

    row_button(&session, "Remove ops-staging").await;
    desktop.shoot(&session, "remove-asks").await;
    session.click("#envm-remove-yes").await;
    message(&session, "ops-staging removed").await;
    assert!(
        !std::fs::read_to_string(&file)
            .unwrap()
            .contains("\"ops-staging\"")
    );

    import(&session, &exported).await;
    message(&session, "Imported ops-staging").await;
    import(&session, &exported).await;
    message(&session, "already exists").await;
    desktop.shoot(&session, "import-refused").await;
    let options = session
        .script(
            "return [...document.querySelectorAll('#env-select option')].map((o) => o.value);",
            json!([]),
        )
        .await;
    assert_eq!(
        options,
        json!(["training-simulator", "env:ops-training", "env:ops-staging"])
    );

    session.click("#envm-close").await;
    session.select("#env-select", "env:ops-staging").await;
    session.click("#env-check").await;
    session
        .wait_for(
            "document.getElementById('health').dataset.outcome === 'warning'",
            "the check in the main window",
            WAIT,
        )
        .await;
    desktop.shoot(&session, "main-check").await;
    assert_eq!(
        deployment.posts(),
        0,
        "managing environments never sends an analysis"
    );
    session.end().await;
}
