//! The history in the real window: runs are listed, found (whatever the
//! user types), opened exactly as they were shown live, replayed, exported,
//! deleted, imported and continued; and a console that is closed and opened
//! again comes back where the user was. Opening and replaying send nothing.

mod support;

use std::time::Duration;

use serde_json::{Value, json};
use support::{Desktop, Session, run_scenario, send, sim_posts, wait_for_end, wait_for_text};

const WAIT: Duration = Duration::from_secs(30);
const PROMPT: &str = "Flight EY283 BKK-AUH mechanical on A6-BNC, 286 passengers";

async fn message(session: &Session, phrase: &str) {
    wait_for_text(session, "#hist-message", phrase).await;
}

async fn rows(session: &Session, count: usize) {
    session
        .wait_for(
            &format!("document.querySelectorAll('#hist-list .hist-row').length === {count}"),
            &format!("{count} rows in the history list"),
            WAIT,
        )
        .await;
}

/// Types `text` into the history's search box.
async fn search(session: &Session, text: &str) {
    session.set_value("#hist-text", text).await;
}

async fn choose_session(session: &Session, runs: &str) {
    session
        .script(
            "[...document.querySelectorAll('#hist-list .hist-row')].find((r) => r.textContent.includes(arguments[0])).click();",
            json!([runs]),
        )
        .await;
    session
        .wait_for(
            "document.querySelector('.hist-session') !== null",
            "the session's runs",
            WAIT,
        )
        .await;
}

/// The analysis as the server sent it: `#analysis` without the duty
/// manager's decision panel, which is the console's own record and rightly
/// changes after the run (a later analysis, the age, decisions taken).
async fn analysis_text(session: &Session) -> String {
    let hide =
        "const p = document.getElementById('decision-record'); if (p) p.hidden = arguments[0];";
    session.script(hide, json!([true])).await;
    let text = session.text("#analysis").await;
    session.script(hide, json!([false])).await;
    text
}

#[tokio::test]
async fn past_runs_are_found_opened_replayed_exported_and_continued() {
    let mut desktop = Desktop::start("history", &[("SKYMARSHAL_SIM_DELAY_MS", "0")]).await;
    let (session, _) = desktop.open().await;

    send(&session, PROMPT).await;
    wait_for_end(&session, "complete").await;
    let live = analysis_text(&session).await;
    assert!(live.contains("Aircraft Swap"), "{live}");
    let server_session = session.text("#session-id").await;
    send(&session, "What if the replacement aircraft is late?").await;
    wait_for_end(&session, "complete").await;
    assert_eq!(
        session.text("#session-id").await,
        server_session,
        "a follow-up continues"
    );
    session.click("#new-session").await;
    run_scenario(
        &session,
        "http-500",
        "Flight EY19 crew out of hours at LHR",
        "failed",
    )
    .await;
    let sent = sim_posts(&session).await.len();
    assert_eq!(sent, 3);

    // The date filters become date fields when the dialog first opens
    // (a date field loads ICU's date formats into the web process).
    let from_type = "return document.getElementById('hist-from').type;";
    assert_eq!(session.script(from_type, json!([])).await, json!("text"));
    session.click("#history-open").await;
    rows(&session, 2).await;
    message(&session, "2 sessions").await;
    assert_eq!(session.script(from_type, json!([])).await, json!("date"));
    desktop.shoot(&session, "sessions").await;
    // (From, in days from today (UTC); what the dialog says then)
    // Each row changes what the dialog says, so a stale message never passes;
    // the last leaves a filter on for the clearing below to take off.
    for (from_days, expected) in [
        (1, "No session matches"),
        (0, "2 sessions"),
        (1, "No session matches"),
        (-1, "2 sessions"),
        (1, "No session matches"),
    ] {
        session
            .script(
                "const input = document.getElementById('hist-from');\
                 input.value = new Date(Date.now() + arguments[0] * 86400000).toISOString().slice(0, 10);\
                 input.dispatchEvent(new Event('change'));",
                json!([from_days]),
            )
            .await;
        message(&session, expected).await;
    }
    session
        .script(
            "const input = document.getElementById('hist-from');\
             input.value = ''; input.dispatchEvent(new Event('change'));",
            json!([]),
        )
        .await;
    message(&session, "2 sessions").await;

    search(&session, "A6-BNC").await;
    message(&session, "2 runs match").await;
    assert!(session.text("#hist-list mark").await.contains("A6"));
    desktop.shoot(&session, "search").await;
    for hostile in ["\"", "-", "*", "AND", "NEAR(", "col:", "EY283 OR"] {
        search(&session, hostile).await;
        session
            .wait_for(
                "document.getElementById('hist-message').dataset.bad === 'false' && /match/.test(document.getElementById('hist-message').textContent)",
                hostile,
                WAIT,
            )
            .await;
    }
    // By keyboard: a matching run's row opens its session with Enter.
    search(&session, "A6-BNC").await;
    message(&session, "2 runs match").await;
    session.type_into("#hist-list .hist-row", "\u{E007}").await;
    session
        .wait_for(
            "document.querySelector('.hist-session') !== null",
            "the session, by keyboard",
            WAIT,
        )
        .await;
    search(&session, "").await;
    session.select("#hist-outcome", "failed").await;
    rows(&session, 1).await;
    session.select("#hist-outcome", "").await;
    rows(&session, 2).await;

    // Opened, the first run looks exactly as it did live.
    choose_session(&session, "2 runs").await;
    desktop.shoot(&session, "session").await;
    // What the clock showed for the last live run must not stay beside the stored one.
    session
        .script(
            "document.getElementById('status-elapsed').textContent = 'left over';",
            json!([]),
        )
        .await;
    session.click(".hist-run button.primary").await;
    session
        .wait_for(
            "!document.getElementById('review').hidden",
            "the review banner",
            WAIT,
        )
        .await;
    session
        .wait_for(
            "document.body.dataset.lastRun === 'complete' && document.body.dataset.analysisWhole !== 'false'",
            "the stored run",
            WAIT,
        )
        .await;
    assert_eq!(
        analysis_text(&session).await,
        live,
        "a stored run shows as it did live"
    );
    assert!(
        session
            .text("#review-text")
            .await
            .contains("From the history")
    );
    let elapsed = session.text("#status-elapsed").await;
    assert!(
        elapsed
            .strip_suffix(" s")
            .and_then(|n| n.parse::<f64>().ok())
            .is_some_and(|n| n >= 0.0)
            && elapsed.contains('.'),
        "a stored run shows its own recorded time, not {elapsed:?}"
    );
    desktop.shoot(&session, "opened").await;

    // Replayed at 60x, through the live path, to the same view.
    session.click("#review-replay").await;
    session.wait_for("document.body.dataset.running === 'false' && document.getElementById('review-text').textContent.includes('Replay')", "the replay to end", WAIT).await;
    wait_for_end(&session, "complete").await;
    assert_eq!(
        analysis_text(&session).await,
        live,
        "a replay ends where the run did"
    );
    assert_eq!(
        sim_posts(&session).await.len(),
        sent,
        "opening and replaying send nothing"
    );

    // Exported, deleted, imported back.
    session.click("#history-open").await;
    rows(&session, 2).await;
    choose_session(&session, "2 runs").await;
    session
        .click("#hist-detail .hist-session .hist-actions button:nth-child(2)")
        .await;
    message(&session, "Saved ").await;
    let saved = session.text("#hist-message").await.replace("Saved ", "");
    let exported = std::fs::read_to_string(&saved).unwrap();
    let document: Value = serde_json::from_str(&exported).unwrap();
    assert_eq!(document["format"], "skymarshal-history");
    assert_eq!(document["runs"].as_array().unwrap().len(), 2);
    session.click("#hist-delete").await;
    desktop.shoot(&session, "delete-confirm").await;
    session.click("#hist-delete-yes").await;
    message(&session, "Deleted").await;
    rows(&session, 1).await;
    session.click("#hist-import-open").await;
    session
        .set_value("#hist-import", "{\"format\": \"other\"}")
        .await;
    session.click("#hist-import-go").await;
    message(&session, "not a SkyMarshal history export").await;
    session.set_value("#hist-import", &exported).await;
    session.click("#hist-import-go").await;
    message(&session, "Imported 2 runs").await;
    rows(&session, 2).await;
    desktop.shoot(&session, "imported").await;

    // Continued: the session's id goes with the next prompt.
    session.click("#hist-continue").await;
    assert_eq!(session.text("#session-id").await, server_session);
    session
        .wait_for(
            "document.getElementById('review').hidden",
            "the banner to go",
            WAIT,
        )
        .await;
    session.end().await;

    // Opened again: the same environment and session, the last run shown.
    let (session, _) = desktop.open().await;
    session
        .wait_for(
            &format!(
                "document.getElementById('session-id').textContent === {}",
                json!(server_session)
            ),
            "the session to come back",
            WAIT,
        )
        .await;
    session
        .wait_for(
            "document.body.dataset.lastRun === 'complete' && document.body.dataset.analysisWhole !== 'false'",
            "the last run to come back",
            WAIT,
        )
        .await;
    assert!(session.text("#analysis").await.contains("Aircraft Swap"));
    // The run reopened at start warmed the window: no rehearsal on top of it.
    session
        .wait_for(
            "document.body.dataset.warmedUp === 'skipped'",
            "the window to skip its layout rehearsal",
            WAIT,
        )
        .await;
    desktop.shoot(&session, "reopened").await;
    session.end().await;
}
