//! The real console in a real WebKitGTK window under Xvfb, driven over
//! WebDriver against its built-in simulator. Each test saves a screenshot
//! per step under `target/e2e-screenshots/<test>/`.

mod support;

use std::time::Duration;

use serde_json::{Value, json};
use support::{
    Desktop, EnvironmentsFile, page_text, run_scenario, send, set_credential, sim_posts,
    sim_requests, sim_url, wait_for_end,
};

const PROMPT: &str = "Flight EY123 delayed 2 hours due to weather at AUH";
const WAIT: Duration = Duration::from_secs(60);

/// The first analysis's layout was rehearsed off screen while the agents
/// worked (`true`: before the analysis came, which would have made it
/// `skipped`), and nothing of it stays in the page or reaches the eye.
async fn rehearsed_and_gone(session: &support::Session) {
    assert_eq!(
        session
            .script(
                "return [document.body.dataset.warmedUp, \
                 document.querySelectorAll('.warm-up').length, \
                 document.querySelectorAll('#decision-title').length, \
                 document.body.innerText.includes('Sample text'), \
                 document.body.dataset.warmUpError ?? null, \
                 Number(document.body.dataset.warmUpMs) >= 0];",
                json!([])
            )
            .await,
        json!(["true", 0, 1, false, null, true])
    );
}

#[tokio::test]
async fn a_prompt_becomes_a_decision_with_options_and_a_plan() {
    let mut desktop = Desktop::start("analysis", &[("SKYMARSHAL_SIM_DELAY_MS", "1500")]).await;
    let (session, _) = desktop.open().await;
    desktop.shoot(&session, "ready").await;
    // Nothing is rehearsed at start: a window never used for an analysis
    // does not pay for it (warmup.js).
    assert_eq!(
        session
            .script("return document.body.dataset.warmedUp ?? null;", json!([]))
            .await,
        json!(null)
    );
    assert!(
        session
            .text("#env-banner")
            .await
            .contains("LOCAL TRAINING SIMULATOR")
    );

    session.type_into("#prompt", "EY1").await;
    assert_eq!(
        session
            .script(
                "return document.getElementById('send').disabled;",
                json!([])
            )
            .await,
        json!(true)
    );
    assert!(
        session
            .text("#prompt-rule")
            .await
            .contains("At least 10 characters")
    );
    desktop.shoot(&session, "rule-applied").await;

    send(&session, PROMPT).await;
    // One condition, read in the page: under load the screenshot can take
    // longer than the simulator's wait, so nothing is read after it.
    session
        .wait_for(
            "document.getElementById('status').dataset.state === 'waiting' && \
             document.getElementById('status').textContent.includes('Waiting for the agents')",
            "accepted, and waiting for the agents",
            WAIT,
        )
        .await;
    desktop.shoot(&session, "waiting-for-agents").await;

    wait_for_end(&session, "complete").await;
    desktop.shoot(&session, "complete").await;
    rehearsed_and_gone(&session).await;
    let status = session.text("#status").await;
    assert!(
        status.contains("1 chunk received") && status.contains("Server time"),
        "{status}"
    );
    let verdict = session.text(".decision .verdict").await;
    assert!(!verdict.is_empty());
    let cards = session
        .script(
            "return document.querySelectorAll('.option').length;",
            json!([]),
        )
        .await;
    let recommended = session
        .script(
            "return document.querySelectorAll('.option.recommended').length;",
            json!([]),
        )
        .await;
    let steps = session
        .script(
            "return document.querySelectorAll('.plan tbody tr').length;",
            json!([]),
        )
        .await;
    assert!(cards.as_u64().unwrap() >= 1);
    assert_eq!(recommended, json!(1));
    assert!(steps.as_u64().unwrap() >= 1);
    assert!(!session.text("#request-id").await.is_empty());
    session
        .script("const r = document.querySelector('.results'); r.scrollTop = document.querySelector('.plan').offsetTop - r.offsetTop;", json!([]))
        .await;
    tokio::time::sleep(Duration::from_millis(300)).await;
    desktop.shoot(&session, "plan").await;
    assert_eq!(sim_posts(&session).await.len(), 1);
    session.end().await;
}

#[tokio::test]
async fn a_run_can_be_cancelled_while_the_agents_work() {
    let mut desktop = Desktop::start("cancel", &[("SKYMARSHAL_SIM_DELAY_MS", "30000")]).await;
    let (session, _) = desktop.open().await;
    send(&session, PROMPT).await;
    session
        .wait_for(
            "document.getElementById('status').dataset.state === 'waiting'",
            "accepted",
            WAIT,
        )
        .await;
    session.click("#cancel").await;
    wait_for_end(&session, "cancelled").await;
    desktop.shoot(&session, "cancelled").await;
    assert!(
        session
            .text("#status")
            .await
            .contains("may still finish on the server")
    );
    assert_eq!(
        session
            .script("return document.getElementById('again').hidden;", json!([]))
            .await,
        json!(false)
    );
    session.end().await;
}

#[tokio::test]
async fn failing_scenarios_say_what_to_do_with_the_detail_one_click_away() {
    let mut desktop = Desktop::start("failures", &[("SKYMARSHAL_SIM_DELAY_MS", "0")]).await;
    let (session, _) = desktop.open().await;
    // (scenario, final state, phrase of the message)
    let table = [
        ("api-gateway", "failed", "Lambda Function URL"),
        ("expired-token", "failed", "sends no credentials"),
        (
            "drop-mid-chunk",
            "interrupted",
            "may still be running on the server; request id",
        ),
        ("http-504", "failed", "did not finish in the time"),
    ];
    for (scenario, state, phrase) in table {
        run_scenario(&session, scenario, PROMPT, state).await;
        let error = session.text("#error").await;
        assert!(error.contains(phrase), "{scenario}: {error}");
        session.click("#error summary").await;
        desktop.shoot(&session, scenario).await;
        assert!(
            session.text("#error pre").await.len() > 10,
            "{scenario}: technical detail"
        );
    }
    assert_eq!(sim_posts(&session).await.len(), table.len());
    session.end().await;
}

#[tokio::test]
async fn a_follow_up_continues_the_servers_session() {
    let mut desktop = Desktop::start("follow-up", &[("SKYMARSHAL_SIM_DELAY_MS", "0")]).await;
    let (session, _) = desktop.open().await;
    // "new" is a word in the window's font; an id is in monospace.
    let font = "return getComputedStyle(document.getElementById('session-id')).fontFamily;";
    assert_eq!(session.text("#session-id").await, "new");
    assert_ne!(session.script(font, json!([])).await, "monospace");
    send(&session, PROMPT).await;
    wait_for_end(&session, "complete").await;
    let first = session.text("#session-id").await;
    assert_eq!(first.len(), 36, "a session id is shown: {first}");
    assert_eq!(session.script(font, json!([])).await, "monospace");
    send(
        &session,
        "What if the delay grows to 4 hours because of crew duty limits?",
    )
    .await;
    // Ctrl+Enter sends too: the follow-up above used the button.
    wait_for_end(&session, "complete").await;
    desktop.shoot(&session, "follow-up").await;
    let posts = sim_posts(&session).await;
    assert_eq!(posts.len(), 2);
    assert!(posts[0]["session_id"].is_null());
    assert_eq!(posts[1]["session_id"], first.as_str());
    assert_eq!(session.text("#session-id").await, first);
    session.end().await;
}

#[tokio::test]
async fn keyboard_sends_and_a_slow_analysis_shows_honest_waiting() {
    // The 65 s scenario, paced down to 4 s for the test.
    let mut desktop = Desktop::start("slow", &[("SKYMARSHAL_SIM_DELAY_MS", "4000")]).await;
    let (session, _) = desktop.open().await;
    session.select("#scenario", "slow").await;
    session.type_into("#prompt", PROMPT).await;
    session.type_into("#prompt", "\u{E009}\u{E007}").await; // Ctrl+Enter
    session
        .wait_for(
            "document.getElementById('status-elapsed').textContent === '2 s'",
            "the clock to count",
            WAIT,
        )
        .await;
    desktop.shoot(&session, "waiting-2s").await;
    assert_eq!(
        session.data("#status", "state").await.as_deref(),
        Some("waiting")
    );
    wait_for_end(&session, "complete").await;
    desktop.shoot(&session, "complete").await;
    // The clock stops at the time the run took, not at its last tick before.
    let elapsed = session.text("#status-elapsed").await;
    let seconds: f64 = elapsed.trim_end_matches(" s").parse().unwrap_or(0.0);
    assert!(
        seconds >= 4.0 && elapsed.contains('.'),
        "the clock stopped at {elapsed} for a 4 s analysis (to the tenth)"
    );
    rehearsed_and_gone(&session).await;
    session.end().await;
}

#[tokio::test]
async fn hostile_text_stays_text_and_nothing_leaves_the_window() {
    let mut desktop = Desktop::start("hostile", &[("SKYMARSHAL_SIM_DELAY_MS", "0")]).await;
    let (session, _) = desktop.open().await;
    run_scenario(&session, "hostile", PROMPT, "complete").await;
    // Give any image, frame or handler the time to fire.
    tokio::time::sleep(Duration::from_millis(1500)).await;
    desktop.shoot(&session, "hostile").await;
    let verdict = session.text(".decision .verdict").await;
    assert!(
        verdict.contains('<'),
        "the payload is shown as text: {verdict}"
    );
    let found = session
        .script(
            "return {\
               pwned: window.__pwned ?? null,\
               elements: document.querySelectorAll('#analysis script, #analysis img, #analysis svg, #analysis iframe, #analysis a, #analysis link, #analysis [onerror], #analysis [onload], #analysis [onmouseover]').length,\
               resources: performance.getEntriesByType('resource').map((r) => r.name).filter((n) => !n.startsWith('tauri:') && !n.startsWith('ipc:') && !n.includes('ipc.localhost')),\
             };",
            json!([]),
        )
        .await;
    assert_eq!(found["pwned"], Value::Null, "no script ran");
    assert_eq!(found["elements"], json!(0), "no payload became an element");
    assert_eq!(found["resources"], json!([]), "no request left the window");
    let requests = sim_requests(&session).await;
    assert!(
        requests
            .iter()
            .all(|r| !r["path"].as_str().unwrap_or("").contains("exfil")),
        "the simulator saw no exfiltration"
    );
    session.end().await;
}

#[tokio::test]
async fn the_window_cannot_navigate_away_from_the_app() {
    let mut desktop = Desktop::start("navigation", &[("SKYMARSHAL_SIM_DELAY_MS", "0")]).await;
    let (session, _) = desktop.open().await;
    let origin = session.script("return location.origin;", json!([])).await;
    let target = format!("{}health?from=navigation", sim_url(&session).await);
    session
        .script("window.location.assign(arguments[0]);", json!([target]))
        .await;
    tokio::time::sleep(Duration::from_millis(1500)).await;
    desktop.shoot(&session, "after-navigation-attempt").await;
    assert_eq!(
        session.script("return location.origin;", json!([])).await,
        origin
    );
    assert_eq!(
        session
            .script("return document.body.dataset.ready;", json!([]))
            .await,
        json!("true")
    );
    let requests = sim_requests(&session).await;
    assert!(
        requests.iter().all(|r| r["query"] != "from=navigation"),
        "the simulator saw no navigation request"
    );
    session.end().await;
}

#[tokio::test]
async fn a_configured_production_environment_is_marked_and_asks_first() {
    let deployment = skymarshal_sim::Simulator::start(skymarshal_sim::SimConfig::instant())
        .await
        .unwrap();
    let file = EnvironmentsFile::new()
        .environment("ops-prod", &deployment.url())
        .production()
        // A second environment whose invoke_url is misspelt: it has no URL
        // and a key the file does not know, two problems.
        .raw("\n[[environment]]\nname = \"typo\"\ninvoke_ur = \"https://x\"\n");
    let mut desktop =
        Desktop::with_environments("environments", &[("SKYMARSHAL_SIM_DELAY_MS", "0")], &file)
            .await;
    let (session, _) = desktop.open().await;
    assert!(
        session
            .text("#env-problems")
            .await
            .contains("2 problems in the environments file")
    );
    session.select("#env-select", "env:ops-prod").await;
    assert!(
        session
            .text("#env-banner")
            .await
            .contains("PRODUCTION · ops-prod")
    );
    session.click("#env-problems summary").await;
    desktop.shoot(&session, "production-selected").await;

    // Back out of the confirmation: nothing is sent.
    send(&session, PROMPT).await;
    session
        .wait_for(
            "document.getElementById('confirm-send').open",
            "the confirmation",
            WAIT,
        )
        .await;
    desktop.shoot(&session, "confirmation").await;
    session.click("#confirm-no").await;
    tokio::time::sleep(Duration::from_millis(500)).await;
    assert_eq!(deployment.posts(), 0);

    // Confirm: it is sent to the production deployment, not the simulator.
    session.click("#send").await;
    session
        .wait_for(
            "document.getElementById('confirm-send').open",
            "the confirmation",
            WAIT,
        )
        .await;
    session.click("#confirm-yes").await;
    wait_for_end(&session, "complete").await;
    desktop.shoot(&session, "sent-to-production").await;
    assert_eq!(deployment.posts(), 1);
    assert_eq!(sim_posts(&session).await.len(), 0);
    session.end().await;
}

#[tokio::test]
async fn a_credential_goes_into_the_keyring_and_never_comes_back() {
    const CANARY: &str = "CANARY-e2e-bearer-5a1f";
    let deployment = skymarshal_sim::Simulator::start(skymarshal_sim::SimConfig {
        auth: skymarshal_sim::SimAuth::Bearer(CANARY.into()),
        ..skymarshal_sim::SimConfig::instant()
    })
    .await
    .unwrap();
    let file = EnvironmentsFile::new()
        .environment("ops-staging", &deployment.url())
        .auth("bearer");
    let mut desktop =
        Desktop::with_environments("credentials", &[("SKYMARSHAL_SIM_DELAY_MS", "0")], &file).await;
    let (session, _) = desktop.open().await;
    session.select("#env-select", "env:ops-staging").await;
    session
        .wait_for(
            "document.querySelector('.cred-row[data-kind=bearer_token]')",
            "the credentials panel",
            WAIT,
        )
        .await;
    assert!(session.text("#credentials").await.contains("not set"));

    // Without the token nothing is sent, and the message says how to set it.
    send(&session, PROMPT).await;
    session
        .wait_for(
            "!document.getElementById('error').hidden",
            "the refusal",
            WAIT,
        )
        .await;
    assert!(
        session
            .text("#error")
            .await
            .contains("No bearer token is set for \"ops-staging\"")
    );
    assert_eq!(deployment.posts(), 0);

    set_credential(&session, "bearer_token", CANARY).await;
    desktop.shoot(&session, "token-saved").await;
    send(&session, PROMPT).await;
    wait_for_end(&session, "complete").await;
    desktop.shoot(&session, "sent-with-token").await;
    assert_eq!(deployment.posts(), 1);
    assert_eq!(
        deployment.requests()[0].header("authorization"),
        Some(format!("Bearer {CANARY}").as_str())
    );
    assert!(
        !page_text(&session).await.contains(CANARY),
        "the secret came back to the window"
    );
    session.end().await;
}
