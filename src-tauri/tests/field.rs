//! What real deployments send that the protocol does not describe, played
//! by the simulator's training scenarios and shown in the real window: an
//! analysis holding a bare `NaN` is shown with that value missing and a
//! warning, never thrown away; Lambda's own failure, a CDN's block page, a
//! signature refused to an unsigned request and an answer that is not an
//! analysis each fail with the kind and the words that say what happened.
//! Screenshots of each.

mod support;

use support::{Desktop, run_scenario, sim_posts};

const PROMPT: &str = "Flight EY283 BKK-AUH delayed 3 hours by weather, 280 passengers";

#[tokio::test]
async fn a_bare_nan_costs_one_value_not_the_analysis() {
    let mut desktop = Desktop::start("field-nan", &[("SKYMARSHAL_SIM_DELAY_MS", "0")]).await;
    let (session, _) = desktop.open().await;
    run_scenario(&session, "nan-in-analysis", PROMPT, "complete").await;
    desktop.shoot(&session, "decision").await;
    let warnings = session.text("#warnings").await;
    assert!(
        warnings.contains("composite_score was not a number, shown as missing"),
        "no warning names the odd value: {warnings:?}"
    );
    // The recommended option is there, its odd scores shown as missing and
    // the others as sent.
    let recommended = session.text(".option.recommended").await;
    assert!(
        recommended.contains("Aircraft Swap"),
        "the recommended option is missing: {recommended:?}"
    );
    assert!(
        recommended.contains("not provided") || recommended.contains('—'),
        "the odd composite is not shown as missing: {recommended:?}"
    );
    session.scroll_into_view(".options-section", "start").await;
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
        run_scenario(&session, scenario, PROMPT, "failed").await;
        let shown_kind = session.data("#error", "kind").await;
        let error = session.text("#error").await;
        assert_eq!(shown_kind.as_deref(), Some(kind), "{scenario}: {error}");
        assert!(error.contains(phrase), "{scenario}: {error}");
        desktop.shoot(&session, scenario).await;
    }
    assert_eq!(
        sim_posts(&session).await.len(),
        table.len(),
        "each analysis is sent exactly once"
    );
    session.end().await;
}
