//! The team store in the real window, with none configured (a console
//! without a `[team]` table is the console as it was): the header shows no
//! team status at all, an analysis is sent as before (the claim check in
//! front of Send lets it through), and the Claims dialog says in its error
//! kind's words that no team store is configured, with no claim form. At
//! 960×640, the smallest window the console supports; screenshots under
//! `target/e2e-screenshots/team-none`.
//!
//! The team store itself (a real PostgreSQL, two desks, claims held by
//! another desk) is tested elsewhere.

mod support;

use std::time::Duration;

use serde_json::{Value, json};
use support::{Desktop, send, wait_for_end};

const WAIT: Duration = Duration::from_secs(30);

/// Controls of the open dialog (or the page's) that stand outside the window's width (and, in a dialog, below it).
const OFF_SCREEN: &str = r"
const dialog = document.querySelector('dialog[open]');
const root = dialog ?? document.body;
const out = [];
for (const c of root.querySelectorAll('button, select, input, textarea')) {
  if (c.getClientRects().length === 0) continue;
  const r = c.getBoundingClientRect();
  if (r.left < -1 || r.right > innerWidth + 1 || (dialog && r.bottom > innerHeight + 1))
    out.push(`${c.id || c.textContent.trim()} at ${Math.round(r.left)}..${Math.round(r.right)}, bottom ${Math.round(r.bottom)}`);
}
return out;
";

#[tokio::test]
async fn with_no_team_store_there_is_no_status_and_the_claims_dialog_says_so() {
    let mut desktop = Desktop::start(
        "team-none",
        &[("E2E_SCREEN", "960x640"), ("SKYMARSHAL_SIM_DELAY_MS", "0")],
    )
    .await;
    let (session, _) = desktop.open().await;
    session.set_window_size(960, 640).await;
    session
        .wait_for(
            "innerWidth === 960 && innerHeight === 640",
            "the window at 960×640",
            WAIT,
        )
        .await;

    // The status item is read at once and every 5 s: past one refresh it is still not there.
    tokio::time::sleep(Duration::from_millis(5_500)).await;
    let item: Value = session
        .script(
            "const s = document.getElementById('team-status'); \
             return [s.hidden, s.getClientRects().length, s.textContent];",
            json!([]),
        )
        .await;
    assert_eq!(
        item,
        json!([true, 0, ""]),
        "the team status item with no team store"
    );

    // Sending is as before: the claim check finds nothing to ask about.
    send(&session, "Flight EY283 BKK-AUH delayed 3 hours by weather").await;
    wait_for_end(&session, "complete").await;
    let asked: bool = serde_json::from_value(
        session
            .script(
                "return document.getElementById('claim-confirm').open;",
                json!([]),
            )
            .await,
    )
    .unwrap();
    assert!(!asked, "the claim confirmation opened with no team store");
    let hidden: bool = serde_json::from_value(
        session
            .script(
                "return document.getElementById('team-status').hidden;",
                json!([]),
            )
            .await,
    )
    .unwrap();
    assert!(hidden, "the team status item appeared after a run");

    session.click("#claims-open").await;
    session
        .wait_for(
            "document.getElementById('claims').open && \
             document.getElementById('claims-error').dataset.kind === 'team_not_configured' && \
             !document.getElementById('claims-error').hidden",
            "the Claims dialog's error",
            WAIT,
        )
        .await;
    assert_eq!(
        session.text("#claims-error h3").await,
        "No team store is configured"
    );
    let message = session.text("#claims-error .message").await;
    assert!(
        message.contains("[team]") && message.contains("skymarshal team password"),
        "the advice: {message}"
    );
    let form: Value = session
        .script(
            "return [document.getElementById('claims-form').hidden, \
             document.querySelectorAll('#claims-list tr').length, \
             document.getElementById('claims-state').hidden];",
            json!([]),
        )
        .await;
    assert_eq!(
        form,
        json!([true, 0, true]),
        "no claim form, list or status line"
    );
    desktop.shoot(&session, "claims-not-configured-960").await;
    let off: Vec<String> =
        serde_json::from_value(session.script(OFF_SCREEN, json!([])).await).unwrap();
    assert!(off.is_empty(), "controls off-screen at 960×640: {off:#?}");

    session.click("#claims-close").await;
    let off: Vec<String> =
        serde_json::from_value(session.script(OFF_SCREEN, json!([])).await).unwrap();
    assert!(
        off.is_empty(),
        "header controls off-screen at 960×640: {off:#?}"
    );
    desktop.shoot(&session, "header-960").await;
    session.end().await;
}
