//! Reviewing the history: a past run, rebuilt from its stored events,
//! gives the window the very messages it received live (a table over the
//! simulator's scenarios); a replay plays them again through a channel at
//! speed and can be stopped; follow-ups share a session; export, import,
//! retention and the remembered place work on real SQLite files.

use std::time::Duration;

use skymarshal_app::{
    Console, ExportFormat, HistoryQuery, Place, RunBody, RunMessage, SimulatorSettings,
    StartRequest,
};
use skymarshal_core::ServerEvent;
use skymarshal_sim::Pacing;
use tokio::sync::mpsc;

const PROMPT: &str = "Flight EY283 delayed 2 hours due to weather at AUH";

async fn console(dir: &std::path::Path) -> Console {
    Console::with_training_simulator(SimulatorSettings {
        pacing: Pacing::instant(),
        force_delay: None,
    })
    .await
    .unwrap()
    .with_history(&dir.join("history.sqlite3"))
}

/// Runs one analysis to its end; answers every message the window got.
async fn run(console: &Console, scenario: &str, session: Option<String>) -> Vec<RunMessage> {
    let (tx, rx) = mpsc::unbounded_channel();
    console
        .start(
            StartRequest {
                environment_id: "training-simulator".into(),
                prompt: PROMPT.into(),
                session_id: session,
                scenario: (scenario != "ok").then(|| scenario.to_owned()),
            },
            move |m| drop(tx.send(m)),
        )
        .await
        .unwrap();
    collect(rx).await
}

async fn collect(mut rx: mpsc::UnboundedReceiver<RunMessage>) -> Vec<RunMessage> {
    let mut messages = Vec::new();
    while let Some(message) = rx.recv().await {
        let last = matches!(message.body, RunBody::Finished { .. });
        messages.push(message);
        if last {
            break;
        }
    }
    messages
}

/// What the view is built from, without what only a live run has (the
/// response head, a history that failed) and with times to the
/// millisecond.
fn shown(messages: &[RunMessage]) -> Vec<RunBody> {
    messages
        .iter()
        .filter_map(|m| match &m.body {
            RunBody::Event {
                position,
                received_at,
                event,
                bytes,
                raw,
            } => Some(RunBody::Event {
                position: *position,
                received_at: (received_at * 1000.0).floor(),
                event: event.clone(),
                bytes: *bytes,
                raw: raw.clone(),
            }),
            RunBody::Finished {
                ok,
                error,
                request_id,
                session_id,
                chunks,
                events,
                execution_time_ms,
                ..
            } => Some(RunBody::Finished {
                ok: *ok,
                error: error.clone().map(|mut e| {
                    e.detail = String::new();
                    e
                }),
                // The history keeps the request id a failure named.
                request_id: request_id
                    .clone()
                    .or_else(|| error.as_ref().and_then(|e| e.request_id.clone())),
                session_id: session_id.clone(),
                chunks: *chunks,
                events: *events,
                execution_time_ms: *execution_time_ms,
                total_ms: 0,
            }),
            RunBody::Warning { code, .. } if code == "history_failed" => None,
            RunBody::Warning { code, message } => Some(RunBody::Warning {
                code: code.clone(),
                message: message.clone(),
            }),
            RunBody::Response { .. } => None,
        })
        .collect()
}

#[tokio::test]
async fn a_past_run_gives_the_window_what_it_received_live() {
    let dir = tempfile::tempdir().unwrap();
    let console = console(dir.path()).await;
    for scenario in [
        "ok",
        "multi-chunk",
        "error-event",
        "malformed-json",
        "unknown-type",
        "no-complete",
        "hostile",
        "http-500",
        "orchestrator-error",
        "nan-in-analysis",
        "broken-escape",
        "string-wrapped-chunk",
        "unreadable-chunk",
        "lambda-function-error",
    ] {
        let live = run(&console, scenario, None).await;
        let stored = console.stored_run(&live[0].run_id).await.unwrap();
        assert_eq!(shown(&stored.messages), shown(&live), "{scenario}");
        let seqs: Vec<u64> = stored.messages.iter().map(|m| m.seq).collect();
        assert_eq!(
            seqs,
            (0..seqs.len() as u64).collect::<Vec<_>>(),
            "{scenario}: gap-free"
        );
        assert_eq!(stored.run.prompt, PROMPT);
    }
}

#[tokio::test]
async fn a_replay_plays_the_same_messages_and_can_be_stopped() {
    let dir = tempfile::tempdir().unwrap();
    let console = console(dir.path()).await;
    let live = run(&console, "multi-chunk", None).await;
    let uid = live[0].run_id.clone();

    let (tx, rx) = mpsc::unbounded_channel();
    let started = console
        .replay(&uid, 1000.0, move |m| drop(tx.send(m)))
        .await
        .unwrap();
    let replayed = collect(rx).await;
    assert!(replayed.iter().all(|m| m.run_id == started.run_id));
    assert_eq!(shown(&replayed), shown(&live));

    // At the recorded pace of a slow run, a stop ends it at once.
    let slow = Console::with_training_simulator(SimulatorSettings {
        pacing: Pacing::instant(),
        force_delay: Some(Duration::from_millis(1500)),
    })
    .await
    .unwrap()
    .with_history(&dir.path().join("slow.sqlite3"));
    let live = run(&slow, "ok", None).await;
    let (tx, rx) = mpsc::unbounded_channel();
    let started = slow
        .replay(&live[0].run_id, 1.0, move |m| drop(tx.send(m)))
        .await
        .unwrap();
    tokio::time::sleep(Duration::from_millis(200)).await;
    slow.cancel(&started.run_id).unwrap();
    let stopped = tokio::time::timeout(Duration::from_secs(1), collect(rx))
        .await
        .unwrap();
    let Some(RunBody::Finished {
        ok: false,
        error: Some(error),
        ..
    }) = stopped.last().map(|m| &m.body)
    else {
        panic!("a stopped replay ends with finished: {stopped:?}");
    };
    assert_eq!(error.kind.as_str(), "cancelled");
    assert!(stopped.len() < live.len());
    let seqs: Vec<u64> = stopped.iter().map(|m| m.seq).collect();
    assert_eq!(seqs, (0..seqs.len() as u64).collect::<Vec<_>>());

    for speed in [0.0, 0.5, f64::NAN, 1e9] {
        let error = console.replay(&uid, speed, |_| {}).await.unwrap_err();
        assert!(error.to_string().contains("between 1×"), "{speed}: {error}");
    }
    assert_eq!(
        console
            .replay("nope", 1.0, |_| {})
            .await
            .unwrap_err()
            .to_ui()
            .kind
            .as_str(),
        "not_found"
    );
}

#[tokio::test]
async fn follow_ups_share_a_session_found_by_list_and_search() {
    let dir = tempfile::tempdir().unwrap();
    let console = console(dir.path()).await;
    let first = run(&console, "ok", None).await;
    let Some(RunBody::Finished {
        session_id: Some(session),
        ..
    }) = first.last().map(|m| m.body.clone())
    else {
        panic!("no session");
    };
    run(&console, "ok", Some(session.clone())).await;
    run(&console, "http-500", None).await;

    let page = console.history(HistoryQuery::default()).await.unwrap();
    assert!(!page.searched);
    assert_eq!(page.sessions.len(), 2);
    let continued = page
        .sessions
        .iter()
        .find(|s| s.server_session_id.as_deref() == Some(&session))
        .unwrap();
    assert_eq!(continued.runs, 2);
    let detail = console.history_session(continued.id).await.unwrap();
    assert_eq!(detail.runs.len(), 2);
    assert!(detail.runs[0].started_ms <= detail.runs[1].started_ms);

    let failed = console
        .history(HistoryQuery {
            outcome: Some(skymarshal_store::RunStatus::Failed),
            ..HistoryQuery::default()
        })
        .await
        .unwrap();
    assert_eq!(failed.sessions.len(), 1);

    let findable = ["EY283", "A6-BNC", "aircraft swap"];
    for text in [
        "EY283",
        "A6-BNC",
        "aircraft swap",
        "\"",
        "-",
        "*",
        "AND",
        "NEAR(",
        "col:",
    ] {
        let page = console
            .history(HistoryQuery {
                text: Some(text.into()),
                ..HistoryQuery::default()
            })
            .await
            .unwrap_or_else(|e| panic!("{text:?}: {e}"));
        assert!(page.searched);
        if findable.contains(&text) {
            assert!(!page.hits.is_empty(), "{text} is findable");
        }
    }

    console.delete_session(continued.id).await.unwrap();
    assert_eq!(
        console
            .history(HistoryQuery::default())
            .await
            .unwrap()
            .sessions
            .len(),
        1
    );
    assert_eq!(
        console
            .delete_session(continued.id)
            .await
            .unwrap_err()
            .to_ui()
            .kind
            .as_str(),
        "not_found"
    );
}

#[tokio::test]
async fn exports_import_elsewhere_and_read_as_reports() {
    let dir = tempfile::tempdir().unwrap();
    let console = console(dir.path()).await;
    let live = run(&console, "ok", None).await;
    let uid = live[0].run_id.clone();
    let session = console.stored_run(&uid).await.unwrap().session.id;

    let json = console
        .export(Some(session), None, ExportFormat::Json)
        .await
        .unwrap();
    assert!(
        json.file_name
            .starts_with("skymarshal-local-training-simulator-"),
        "{}",
        json.file_name
    );
    assert!(json.file_name.ends_with("-session.json"));
    let elsewhere = tempfile::tempdir().unwrap();
    let other = self::console(elsewhere.path()).await;
    let report = other.import_history(&json.text).await.unwrap();
    assert_eq!((report.added, report.skipped), (1, 0));
    assert_eq!(
        shown(&other.stored_run(&uid).await.unwrap().messages),
        shown(&console.stored_run(&uid).await.unwrap().messages)
    );
    let refused = other
        .import_history("{\"environments\": []}")
        .await
        .unwrap_err()
        .to_ui();
    assert_eq!(refused.kind.as_str(), "import");

    let md = console
        .export(None, Some(uid), ExportFormat::Markdown)
        .await
        .unwrap();
    assert!(md.file_name.ends_with("-run.md"));
    for part in [
        "# SkyMarshal analysis",
        "## Run 1",
        "### Decision",
        "### Options",
        "(recommended)",
        "### Recovery plan",
        "### Timings",
        "> Flight EY283",
    ] {
        assert!(md.text.contains(part), "{part} in\n{}", md.text);
    }
    let first = md.save_in(elsewhere.path()).unwrap();
    let second = md.save_in(elsewhere.path()).unwrap();
    assert_ne!(first, second, "an export never overwrites another");
    assert_eq!(std::fs::read_to_string(second).unwrap(), md.text);
}

#[tokio::test]
async fn retention_and_the_remembered_place_outlive_the_console() {
    let dir = tempfile::tempdir().unwrap();
    let old = {
        let console = console(dir.path()).await;
        run(&console, "ok", None).await;
        let place = Place {
            environment_id: Some("training-simulator".into()),
            session_id: Some("s-1".into()),
            run_uid: Some("r-1".into()),
        };
        console.set_place(place.clone()).await.unwrap();
        assert_eq!(console.retention_days().await.unwrap(), None);
        assert!(
            console
                .set_retention_days(Some(0))
                .await
                .unwrap_err()
                .to_string()
                .contains("at least one day")
        );
        assert_eq!(
            console.set_retention_days(Some(30)).await.unwrap(),
            0,
            "a fresh run is kept"
        );
        // A session from last year, as another console exported it.
        let page = console.history(HistoryQuery::default()).await.unwrap();
        let mut export = console
            .export_document(Some(page.sessions[0].id), None)
            .await
            .unwrap();
        export.server_session_id = Some("last-year".into());
        for run in &mut export.runs {
            run.uid = format!("old-{}", run.uid);
            run.started_ms -= 365 * 86_400_000;
            run.ended_ms = run.ended_ms.map(|e| e - 365 * 86_400_000);
            for event in &mut run.events {
                event.received_ms -= 365 * 86_400_000;
            }
        }
        export.first_activity_ms -= 365 * 86_400_000;
        export.last_activity_ms -= 365 * 86_400_000;
        export
    };
    {
        // Imported with retention off, then swept when the console opens.
        let console = console(dir.path()).await;
        console.set_retention_days(None).await.unwrap();
        console
            .import_history(&serde_json::to_string(&old).unwrap())
            .await
            .unwrap();
        assert_eq!(
            console
                .history(HistoryQuery::default())
                .await
                .unwrap()
                .sessions
                .len(),
            2
        );
        console.set_retention_days(Some(90)).await.unwrap();
        assert_eq!(
            console
                .history(HistoryQuery::default())
                .await
                .unwrap()
                .sessions
                .len(),
            1
        );
    }
    let console = console(dir.path()).await;
    assert_eq!(console.retention_days().await.unwrap(), Some(90));
    assert_eq!(
        console.place().await.unwrap().run_uid.as_deref(),
        Some("r-1")
    );

    let bare = Console::with_training_simulator(SimulatorSettings {
        pacing: Pacing::instant(),
        force_delay: None,
    })
    .await
    .unwrap();
    assert_eq!(
        bare.history(HistoryQuery::default())
            .await
            .unwrap_err()
            .to_ui()
            .kind
            .as_str(),
        "store_unavailable"
    );
}

#[tokio::test]
async fn a_run_with_odd_values_is_reported_and_found_like_any_other() {
    let dir = tempfile::tempdir().unwrap();
    let console = console(dir.path()).await;
    for scenario in [
        "nan-in-analysis",
        "string-wrapped-chunk",
        "broken-escape",
        "lone-surrogate",
    ] {
        let live = run(&console, scenario, None).await;
        let uid = live[0].run_id.clone();
        // The longest word of the decision the window was shown.
        let decision = live
            .iter()
            .find_map(|m| match &m.body {
                RunBody::Event {
                    event: ServerEvent::Chunk { data },
                    ..
                } => data["final_decision"]["final_decision"]
                    .as_str()
                    .map(str::to_owned),
                _ => None,
            })
            .unwrap_or_else(|| panic!("{scenario}: no decision was shown"));
        let word = decision
            .split(|c: char| !c.is_ascii_alphanumeric())
            .max_by_key(|w| w.len())
            .unwrap()
            .to_owned();
        let md = console
            .export(None, Some(uid.clone()), ExportFormat::Markdown)
            .await
            .unwrap();
        assert!(
            md.text.contains("### Decision") && md.text.contains(&word),
            "{scenario}: the report lost the analysis:\n{}",
            md.text
        );
        let page = console
            .history(HistoryQuery {
                text: Some(word.clone()),
                ..HistoryQuery::default()
            })
            .await
            .unwrap();
        assert!(
            page.hits.iter().any(|hit| hit.run.uid == uid),
            "{scenario}: search does not find the run by {word:?}"
        );
    }
}
