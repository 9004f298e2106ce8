//! What real deployments send that the protocol does not describe, played
//! by the simulator's training scenarios and shown in the real window: an
//! analysis holding a bare `NaN` is shown with that value missing and a
//! warning, never thrown away; Lambda's own failure, a CDN's block page, a
//! signature refused to an unsigned request and an answer that is not an
//! analysis each fail with the kind and the words that say what happened.
//! Screenshots of each.

mod support;

use serde_json::json;
use support::{Desktop, Session, send, sim_requests, wait_for_end};

const PROMPT: &str = "Flight EY283 BKK-AUH delayed 3 hours by weather, 280 passengers";

async fn text_of(session: &Session, css: &str) -> String {
    session
        .script(
            "const e = document.querySelector(arguments[0]); return e ? e.innerText : '';",
            json!([css]),
        )
        .await
        .as_str()
        .unwrap_or_default()
        .to_owned()
}

#[tokio::test]
async fn a_bare_nan_costs_one_value_not_the_analysis() {
    let mut desktop = Desktop::start("field-nan", &[("SKYMARSHAL_SIM_DELAY_MS", "0")]).await;
    let (session, _) = desktop.open().await;
    session.select("#scenario", "nan-in-analysis").await;
    send(&session, PROMPT).await;
    wait_for_end(&session, "complete").await;
    desktop.shoot(&session, "decision").await;
    let warnings = text_of(&session, "#warnings").await;
    assert!(
        warnings.contains("composite_score was not a number, shown as missing"),
        "no warning names the odd value: {warnings:?}"
    );
    // The recommended option is there, its odd scores shown as missing and
    // the others as sent.
    let recommended = text_of(&session, ".option.recommended").await;
    assert!(
        recommended.contains("Aircraft Swap"),
        "the recommended option is missing: {recommended:?}"
    );
    assert!(
        recommended.contains("not provided") || recommended.contains('—'),
        "the odd composite is not shown as missing: {recommended:?}"
    );
    session
        .script(
            "document.querySelector('.options-section').scrollIntoView({block: 'start'});",
            json!([]),
        )
        .await;
    desktop.shoot(&session, "options").await;
    assert!(session.text("#analysis").await.contains("Recommendations"));
    session.end().await;
}

#[tokio::test]
async fn failures_in_front_of_and_around_the_function_say_what_happened() {
    let mut desktop = Desktop::start("field-failures", &[("SKYMARSHAL_SIM_DELAY_MS", "0")]).await;
    let (session, _) = desktop.open().await;
    // (scenario, the error's kind, a phrase of its message)
    let table = [
        ("lambda-function-error", "server", "KeyError"),
        ("lambda-timeout", "timeout", "900"),
        ("cdn-blocked", "blocked", "CloudFront"),
        ("signature-expired", "auth", "sends no credentials"),
        ("foreign-json-200", "protocol", "not an analysis"),
        (
            "json-error-in-stream",
            "server",
            "Agent runtime unavailable",
        ),
        ("unreadable-chunk", "protocol", "could not be read"),
    ];
    for (scenario, kind, phrase) in table {
        session.select("#scenario", scenario).await;
        send(&session, PROMPT).await;
        wait_for_end(&session, "failed").await;
        let shown_kind = session
            .script(
                "return document.getElementById('error').dataset.kind;",
                json!([]),
            )
            .await;
        let error = session.text("#error").await;
        assert_eq!(shown_kind, json!(kind), "{scenario}: {error}");
        assert!(error.contains(phrase), "{scenario}: {error}");
        desktop.shoot(&session, scenario).await;
    }
    let posts = sim_requests(&session)
        .await
        .iter()
        .filter(|r| r["method"] == "POST")
        .count();
    assert_eq!(posts, table.len(), "each analysis is sent exactly once");
    session.end().await;
}
