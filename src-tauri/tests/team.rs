//! The team store in the real window. With none configured (a console
//! without a `[team]` table is the console as it was): the header shows no
//! team status at all, an analysis is sent as before (the claim check in
//! front of Send lets it through), and the Claims dialog says in its error
//! kind's words that no team store is configured, with no claim form.
//!
//! With one (a real PostgreSQL from `skymarshal-pgtest`), the window is desk
//! OCC-1 and a second desk, OCC-2, is a console inside this test process
//! with its own SQLite history: OCC-2's run, decision and claim reach the
//! window through `NOTIFY`, labelled with the desk and duty manager and
//! read-only; a prompt naming OCC-2's flight asks before it goes; the
//! database stopped and started again shows in the status item, the
//! window's records waiting and then arriving on OCC-2.
//!
//! At 960 px wide, the smallest window the console supports; screenshots
//! under `target/e2e-screenshots/team-none` and `team-two-desks`.

#[path = "team/desks.rs"]
mod desks;
mod support;
#[path = "team/window.rs"]
mod window;

use std::time::{Duration, Instant};

use desks::{desk_console, run, team_store};
use serde_json::{Value, json};
use skymarshal_app::{Action, DecisionRequest, HistoryQuery, RunStatus};
use support::{Desktop, EnvironmentsFile, send, sim_posts, wait_for_end};
use window::{OFF_SCREEN, shot_fits, status_item, window_has};

const WAIT: Duration = Duration::from_secs(30);
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

/// Run OCC-2's analysis names; the window's prompt names it too.
const OCC2_PROMPT: &str = "Flight EY283 delayed 2 hours due to weather at AUH";
const OCC2_RATIONALE: &str = "Crew out of hours at AUH; rebook on EY285";
/// The window's run while the team store is away: it names no claimed flight.
const AWAY_PROMPT: &str = "Flight EY17 diverted to MCT, technical";

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_window_as_desk_occ1_sees_occ2_and_waits_out_the_team_store() {
    let (cluster, url) = team_store().await;
    let file = EnvironmentsFile::new()
        .team(&url, "desk")
        .set("tls", "disable")
        .set("desk", "OCC-1");
    let mut desktop = Desktop::with_environments(
        "team-two-desks",
        &[("E2E_SCREEN", "960x720"), ("SKYMARSHAL_SIM_DELAY_MS", "0")],
        &file,
    )
    .await;
    let (session, _) = desktop.open().await;
    session.set_window_size(960, 720).await;
    session
        .wait_for("innerWidth === 960", "the window 960 px wide", WAIT)
        .await;

    // 1. The status item: reachable, desk OCC-1, a sync time.
    session
        .wait_for(
            "document.getElementById('team-status').dataset.state === 'synced' && \
             /^Team · OCC-1 · synced \\d\\d:\\d\\d UTC$/.test(document.getElementById('team-status').textContent)",
            "the team status item synced as OCC-1",
            WAIT,
        )
        .await;
    let item = status_item(&session).await;
    assert_eq!(item[2], false, "the status item is shown: {item}");
    shot_fits(&mut desktop, &session, "synced").await;

    // 2. OCC-2 runs, decides and claims; the window gets it through NOTIFY.
    let dir = tempfile::tempdir().unwrap();
    let occ2 = desk_console(&url, "OCC-2", &dir.path().join("occ2.sqlite")).await;
    occ2.start_team_sync();
    // The duty manager's name first: a run carries the name in force when it started.
    occ2.set_operator("Sara Ahmed").await.unwrap();
    let occ2_run = run(&occ2, OCC2_PROMPT).await;
    occ2.record_decision(DecisionRequest {
        run_uid: occ2_run.clone(),
        action: Action::Reject,
        solution_id: None,
        modification: None,
        rationale: OCC2_RATIONALE.to_owned(),
        safety_acknowledged: Vec::new(),
        stale_confirmed: false,
        supersedes: None,
    })
    .await
    .unwrap();
    let claimed = occ2
        .claim_flight("EY283", false)
        .await
        .unwrap()
        .expect("OCC-2 holds EY283");
    assert!(claimed.mine);
    window_has(&session, &occ2_run).await;

    session.click("#history-open").await;
    session
        .wait_for(
            "[...document.querySelectorAll('#hist-list .hist-row .desk-label')].some((l) => l.textContent === 'desk OCC-2 · Sara Ahmed')",
            "OCC-2's session labelled in the History dialog",
            WAIT,
        )
        .await;
    shot_fits(&mut desktop, &session, "history-other-desk").await;
    session
        .script(
            "[...document.querySelectorAll('#hist-list .hist-row')].find((r) => r.textContent.includes('desk OCC-2')).click();",
            json!([]),
        )
        .await;
    session
        .wait_for(
            "document.querySelector('.hist-session .hist-run .desk-label') !== null",
            "OCC-2's run in its session",
            WAIT,
        )
        .await;
    assert_eq!(
        session.text(".hist-run .desk-label").await,
        "desk OCC-2 · Sara Ahmed"
    );
    session.click(".hist-run button.primary").await;
    session
        .wait_for(
            "!document.getElementById('review').hidden && document.body.dataset.lastRun === 'complete' \
             && document.body.dataset.analysisWhole !== 'false' \
             && document.getElementById('decide-elsewhere') !== null",
            "OCC-2's run opened with its decisions",
            WAIT,
        )
        .await;
    assert_eq!(
        session.text("#recorded-on").await,
        "Recorded on desk OCC-2 by Sara Ahmed"
    );
    assert_eq!(
        session.text("#decide-elsewhere").await,
        "Decisions on this run are taken on desk OCC-2."
    );
    let panel = session.text("#decision-record").await;
    assert!(panel.contains(OCC2_RATIONALE), "OCC-2's decision: {panel}");
    let form: Value = session
        .script(
            "return [document.querySelector('#decision-record form, #decide-rationale, .decide-action') === null, \
             [...document.querySelectorAll('#decision-record button')].map((b) => b.textContent.trim())];",
            json!([]),
        )
        .await;
    assert_eq!(form[0], true, "a decision form on OCC-2's run: {form}");
    session.scroll_into_view("#review", "start").await;
    shot_fits(&mut desktop, &session, "opened-other-desk").await;
    session.scroll_into_view("#decision-record", "start").await;
    shot_fits(&mut desktop, &session, "decisions-read-only").await;

    // 3. The Claims dialog: EY283 held by OCC-2.
    session.click("#claims-open").await;
    session
        .wait_for(
            "document.querySelector('#claims-list tr[data-flight=\"EY283\"]') !== null",
            "EY283 in the Claims dialog",
            WAIT,
        )
        .await;
    let row: Value = session
        .script(
            "const r = document.querySelector('#claims-list tr[data-flight=\"EY283\"]'); \
             return [r.dataset.mine, ...[...r.cells].map((c) => c.textContent)];",
            json!([]),
        )
        .await;
    assert_eq!(row[0], "false", "{row}");
    assert_eq!(row[1], "EY283", "{row}");
    assert_eq!(row[2], "OCC-2", "{row}");
    assert_eq!(row[3], "Sara Ahmed", "{row}");
    for (cell, what) in [(4, "since"), (5, "until")] {
        let t = row[cell].as_str().unwrap();
        assert!(
            t.ends_with(" UTC") && t.len() >= "10:31 UTC".len(),
            "{what}: {row}"
        );
    }
    shot_fits(&mut desktop, &session, "claims").await;
    session.click("#claims-close").await;

    // 4. A prompt naming EY283: asked first; Back sends nothing, Send anyway sends.
    let sent = sim_posts(&session).await.len();
    send(&session, "EY283 BKK-AUH: what if we wait for the crew?").await;
    session
        .wait_for(
            "document.getElementById('claim-confirm').open",
            "the claim confirmation",
            WAIT,
        )
        .await;
    let asked = session.text("#claim-confirm-text").await.trim().to_owned();
    let since = row[4].as_str().unwrap();
    let until = row[5].as_str().unwrap();
    assert_eq!(
        asked,
        format!(
            "EY283 is claimed by desk OCC-2 (Sara Ahmed) since {since}, until {until}. Send anyway?"
        )
    );
    shot_fits(&mut desktop, &session, "asked-before-sending").await;
    session.click("#claim-confirm-no").await;
    session
        .wait_for(
            "!document.getElementById('claim-confirm').open",
            "the confirmation closed",
            WAIT,
        )
        .await;
    tokio::time::sleep(Duration::from_millis(1_000)).await;
    assert_eq!(
        sim_posts(&session).await.len(),
        sent,
        "Back sent the prompt"
    );
    assert_eq!(
        session.data("body", "running").await.as_deref(),
        Some("false")
    );
    assert_eq!(
        session.value("#prompt").await,
        "EY283 BKK-AUH: what if we wait for the crew?",
        "Back keeps the prompt"
    );
    session.click("#send").await;
    session
        .wait_for(
            "document.getElementById('claim-confirm').open",
            "the claim confirmation again",
            WAIT,
        )
        .await;
    session.click("#claim-confirm-yes").await;
    wait_for_end(&session, "complete").await;
    assert_eq!(
        sim_posts(&session).await.len(),
        sent + 1,
        "Send anyway sent once"
    );
    shot_fits(&mut desktop, &session, "sent-anyway").await;

    // 5. The team store away: the window's run waits, then arrives on OCC-2.
    let cluster = tokio::task::spawn_blocking(move || {
        cluster.stop();
        cluster
    })
    .await
    .unwrap();
    send(&session, AWAY_PROMPT).await;
    wait_for_end(&session, "complete").await;
    session
        .wait_for(
            "document.getElementById('team-status').dataset.state === 'unreachable' && \
             /^Team store unreachable, [1-9]\\d* records? waiting$/.test(document.getElementById('team-status').textContent)",
            "the status item unreachable with records waiting",
            Duration::from_secs(40),
        )
        .await;
    let title: Value = session
        .script(
            "return document.getElementById('team-status').title;",
            json!([]),
        )
        .await;
    assert!(
        title.as_str().is_some_and(|t| t.contains("keeps working")),
        "{title}"
    );
    shot_fits(&mut desktop, &session, "unreachable").await;

    let cluster = tokio::task::spawn_blocking(move || {
        cluster.start_again().expect("started again");
        cluster
    })
    .await
    .unwrap();
    session
        .wait_for(
            "document.getElementById('team-status').dataset.state === 'synced' && \
             /^Team · OCC-1 · synced \\d\\d:\\d\\d UTC$/.test(document.getElementById('team-status').textContent)",
            "the status item synced again, nothing waiting",
            Duration::from_secs(60),
        )
        .await;
    let status = session.invoke("team_status", json!({})).await.unwrap();
    assert_eq!(status["waiting"], 0, "{status}");
    shot_fits(&mut desktop, &session, "synced-again").await;

    let start = Instant::now();
    let uid = loop {
        let page = occ2
            .history(HistoryQuery {
                text: Some("MCT".into()),
                ..HistoryQuery::default()
            })
            .await
            .unwrap();
        if let Some(hit) = page.hits.first() {
            break hit.run.uid.clone();
        }
        assert!(
            start.elapsed() < WAIT,
            "the window's run never reached OCC-2"
        );
        tokio::time::sleep(Duration::from_millis(100)).await;
    };
    let start = Instant::now();
    let there = loop {
        let there = occ2.stored_run(&uid).await.unwrap();
        if there.run.status != RunStatus::Streaming {
            break there;
        }
        assert!(
            start.elapsed() < WAIT,
            "the window's run ended never reached OCC-2"
        );
        tokio::time::sleep(Duration::from_millis(100)).await;
    };
    assert_eq!(there.run.status, RunStatus::Complete);
    assert_eq!(there.run.desk.as_deref(), Some("OCC-1"));
    assert_eq!(there.run.prompt, AWAY_PROMPT);
    session.end().await;
    drop(cluster);
}
