//! Decisions against the simulator and a real SQLite history: each request
//! in a table, recorded or refused in words; the safety rule on the
//! fallback analysis (a safety override) and on an analysis whose safety
//! agents bind; freshness (a stale analysis, a later analysis in the same
//! session); corrections that supersede; the chain verified after, and
//! found broken when the file is edited.

use serde_json::Value;
use skymarshal_app::{
    Action, Console, ConstraintSource, DecisionRequest, DecisionView, HistoryQuery, RunBody,
    RunMessage, SimulatorSettings, StartRequest, UiErrorKind,
};
use skymarshal_sim::Pacing;
use tokio::sync::mpsc;

const PROMPT: &str = "Flight EY283 delayed 2 hours due to weather at AUH";

/// A console whose simulator answers every analysis with `fixture`.
async fn console(path: &std::path::Path, fixture: usize) -> Console {
    Console::with_training_simulator(SimulatorSettings {
        pacing: Pacing {
            fixture: Some(fixture),
            ..Pacing::instant()
        },
        force_delay: None,
    })
    .await
    .unwrap()
    .with_history(path)
}

/// Runs one analysis to its end; answers the run's uid and its session.
async fn run(
    console: &Console,
    scenario: &str,
    session: Option<String>,
) -> (String, Option<String>) {
    let (tx, mut rx) = mpsc::unbounded_channel::<RunMessage>();
    let started = console
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
    while let Some(message) = rx.recv().await {
        if let RunBody::Finished { session_id, .. } = message.body {
            return (started.run_id, session_id);
        }
    }
    panic!("the run never finished");
}

fn request(run: &str, action: Action, option: Option<i64>) -> DecisionRequest {
    DecisionRequest {
        run_uid: run.to_owned(),
        action,
        solution_id: option,
        modification: None,
        rationale: "Crew legal, slot held at LHR".to_owned(),
        safety_acknowledged: Vec::new(),
        stale_confirmed: false,
        supersedes: None,
    }
}

fn sql(path: &std::path::Path, statement: &str) {
    rusqlite::Connection::open(path)
        .unwrap()
        .execute_batch(statement)
        .unwrap();
}

#[tokio::test]
async fn decisions_on_a_complete_and_a_failed_run_are_recorded_or_refused_in_words() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("history.sqlite3");
    let console = console(&path, 1).await;
    let (complete, _) = run(&console, "ok", None).await;
    let (failed, _) = run(&console, "error-event", None).await;

    let unnamed = console
        .record_decision(request(&complete, Action::Accept, Some(1)))
        .await
        .unwrap_err();
    assert_eq!(unnamed.ui_kind(), UiErrorKind::OperatorMissing);
    assert!(
        unnamed.to_string().contains("Set the operator name first"),
        "{unnamed}"
    );
    let blank = console.set_operator("   ").await.unwrap_err();
    assert!(blank.to_string().contains("is blank"), "{blank}");
    console.set_operator("  Dana Okafor ").await.unwrap();
    assert_eq!(
        console.operator().await.unwrap().as_deref(),
        Some("Dana Okafor")
    );

    type Edit = fn(&mut DecisionRequest);
    type Outcome<'a> = Result<Option<i64>, (UiErrorKind, &'a str)>;
    // (what, run, action, option, edit, whether it corrects the decision in
    // force, Ok(solution kept) or Err((kind, words)))
    let table: Vec<(&str, &str, Action, Option<i64>, Edit, bool, Outcome<'_>)> = vec![
        (
            "no such run",
            "no-such-run",
            Action::Reject,
            None,
            |_| {},
            false,
            Err((UiErrorKind::NotFound, "There is no run no-such-run")),
        ),
        (
            "a failed run",
            &failed,
            Action::Reject,
            None,
            |_| {},
            false,
            Err((
                UiErrorKind::DecisionRefused,
                "has no complete analysis to decide on: it ended failed",
            )),
        ),
        (
            "no rationale",
            &complete,
            Action::Accept,
            Some(1),
            |r| r.rationale.clear(),
            false,
            Err((UiErrorKind::DecisionRefused, "needs a rationale")),
        ),
        (
            "an option not offered",
            &complete,
            Action::Accept,
            Some(9),
            |_| {},
            false,
            Err((
                UiErrorKind::DecisionRefused,
                "Option 9 is not in this analysis; it offers options 1, 2, 3.",
            )),
        ),
        (
            "modify saying nothing",
            &complete,
            Action::Modify,
            Some(2),
            |_| {},
            false,
            Err((UiErrorKind::DecisionRefused, "Say what changes in option 2")),
        ),
        (
            "accept the recommended",
            &complete,
            Action::Accept,
            Some(1),
            |_| {},
            false,
            Ok(Some(1)),
        ),
        (
            "a second decision while one is in force",
            &complete,
            Action::Modify,
            Some(2),
            |r| r.modification = Some("hold 20 min".into()),
            false,
            Err((
                UiErrorKind::DecisionRefused,
                "already has a decision in force (Accepted option 1 by Dana Okafor at ",
            )),
        ),
        (
            "modify another (no constraint binds), correcting the one in force",
            &complete,
            Action::Modify,
            Some(2),
            |r| r.modification = Some("hold 20 min".into()),
            true,
            Ok(Some(2)),
        ),
        (
            "reject all, correcting again",
            &complete,
            Action::Reject,
            None,
            |_| {},
            true,
            Ok(None),
        ),
        (
            "an escape sequence in the rationale",
            &complete,
            Action::Reject,
            None,
            |r| r.rationale = "Crew\u{1b}[2J legal".into(),
            true,
            Err((
                UiErrorKind::DecisionRefused,
                "The rationale holds a control character (U+001B at character 5); remove it.",
            )),
        ),
        (
            "a direction override in the modification",
            &complete,
            Action::Modify,
            Some(1),
            |r| r.modification = Some("gate \u{202E}B12".into()),
            true,
            Err((
                UiErrorKind::DecisionRefused,
                "The modification holds a text-direction control character (U+202E at character \
                 6); remove it.",
            )),
        ),
        (
            "a C1 control in the rationale",
            &complete,
            Action::Reject,
            None,
            |r| r.rationale = "slot\u{9b}31m".into(),
            true,
            Err((
                UiErrorKind::DecisionRefused,
                "The rationale holds a control character (U+009B at character 5)",
            )),
        ),
    ];
    let mut recorded = Vec::new();
    for (what, run, action, option, edit, corrects, expected) in table {
        let mut asked = request(run, action, option);
        edit(&mut asked);
        if corrects {
            asked.supersedes = recorded.last().map(|d: &DecisionView| d.body.uid.clone());
        }
        match (console.record_decision(asked).await, expected) {
            (Ok(view), Ok(kept)) => {
                assert_eq!(
                    view.body.option.as_ref().map(|o| o.solution_id),
                    kept,
                    "{what}"
                );
                recorded.push(view);
            }
            (Err(error), Err((kind, words))) => {
                assert_eq!(error.ui_kind(), kind, "{what}: {error}");
                assert!(error.to_string().contains(words), "{what}: {error}");
            }
            (got, expected) => panic!("{what}: got {got:?}, expected {expected:?}"),
        }
    }

    // What the record keeps: who, where, the analysis's hash and age.
    let first = &recorded[0];
    let context = console.decision_context(&complete).await.unwrap();
    assert!(context.complete);
    assert_eq!(first.body.operator, "Dana Okafor");
    assert!(!first.body.os_user.is_empty() && !first.body.host.is_empty());
    assert_eq!(
        Some(&first.body.analysis_sha256),
        context.analysis_sha256.as_ref()
    );
    assert_eq!(first.body.analysis_sha256.len(), 64);
    assert!(first.body.request_id.is_some() && first.body.session_id.is_some());
    assert_eq!(first.body.environment, "Local training simulator");
    assert_eq!(
        first.body.option.as_ref().unwrap().as_shown,
        skymarshal_sim::fixture(1)["final_decision"]["solution_options"][0]
    );
    assert_eq!(
        recorded.iter().map(|d| d.seq).collect::<Vec<_>>(),
        [1, 2, 3]
    );

    // A correction supersedes the decision in force; the earlier records
    // stay, marked; one decision is in force at a time.
    let mut correction = request(&complete, Action::Accept, Some(3));
    correction.supersedes = Some(recorded[2].body.uid.clone());
    let corrected = console.record_decision(correction.clone()).await.unwrap();
    let again = console.record_decision(correction).await.unwrap_err();
    assert!(again.to_string().contains("already superseded"), "{again}");
    let plain = console
        .record_decision(request(&complete, Action::Reject, None))
        .await
        .unwrap_err();
    assert!(
        plain.to_string().contains(&format!(
            "(Accepted option 3 by Dana Okafor at {}); to change it, correct that decision \
             (Correct this decision in the window, --supersedes {} in the CLI).",
            skymarshal_app::zulu_minutes(corrected.body.decided_ms),
            corrected.body.uid
        )),
        "{plain}"
    );
    let mut elsewhere = request(&failed, Action::Reject, None);
    elsewhere.supersedes = Some(corrected.body.uid.clone());
    assert!(console.record_decision(elsewhere).await.is_err());
    let decisions = console.decision_context(&complete).await.unwrap().decisions;
    assert_eq!(decisions.len(), 4);
    assert_eq!(
        decisions
            .iter()
            .filter(|d| d.superseded_by.is_none())
            .count(),
        1
    );
    assert_eq!(
        decisions[2].superseded_by.as_ref(),
        Some(&corrected.body.uid)
    );

    // The stored run carries its decisions; the rationale finds the run.
    let stored = console.stored_run(&complete).await.unwrap();
    assert_eq!(stored.decisions, decisions);
    let found = console
        .history(HistoryQuery {
            text: Some("slot held".into()),
            ..HistoryQuery::default()
        })
        .await
        .unwrap();
    assert!(
        found.hits.iter().any(|hit| hit.run.uid == complete),
        "{found:?}"
    );

    // The chain holds every record, and an edit in the file is found.
    let report = console.verify_history().await.unwrap();
    assert_eq!((report.records, report.first_broken.is_none()), (4, true));
    sql(
        &path,
        "UPDATE records SET body = replace(body, 'Dana', 'Erin') WHERE seq = 2",
    );
    let broken = console
        .verify_history()
        .await
        .unwrap()
        .first_broken
        .unwrap();
    assert_eq!(broken.seq, 2);
    let status = console.history_status().await;
    assert_eq!(status.chain.unwrap().first_broken.map(|b| b.seq), Some(2));
}

#[tokio::test]
async fn the_fallback_analysis_lists_its_safety_override_and_its_recommendation_needs_no_acknowledgement()
 {
    let dir = tempfile::tempdir().unwrap();
    let console = console(&dir.path().join("h.sqlite3"), 4).await;
    console.set_operator("Dana Okafor").await.unwrap();
    let (fallback, _) = run(&console, "ok", None).await;
    let context = console.decision_context(&fallback).await.unwrap();
    assert_eq!(context.recommended_solution_id, Some(1));
    assert_eq!(context.options.len(), 1);
    assert_eq!(context.safety_constraints.len(), 1);
    let constraint = &context.safety_constraints[0];
    assert_eq!(
        (constraint.agent.as_str(), constraint.source),
        ("maintenance", ConstraintSource::SafetyOverride)
    );
    let view = console
        .record_decision(request(&fallback, Action::Accept, Some(1)))
        .await
        .unwrap();
    assert!(view.body.safety_acknowledged.is_empty());
    assert!(
        console
            .verify_history()
            .await
            .unwrap()
            .first_broken
            .is_none()
    );
}

/// Fixture 1 imported with a maintenance constraint and a regulatory
/// override: options 2 and 3 now need both acknowledged by name.
#[tokio::test]
async fn another_option_than_the_recommended_needs_every_safety_constraint_acknowledged() {
    let dir = tempfile::tempdir().unwrap();
    let source = console(&dir.path().join("a.sqlite3"), 1).await;
    let (uid, _) = run(&source, "ok", None).await;
    let mut export = serde_json::to_value(
        source
            .export_document(None, Some(uid.clone()))
            .await
            .unwrap(),
    )
    .unwrap();
    for event in export["runs"][0]["events"].as_array_mut().unwrap() {
        if event["kind"] == "chunk" {
            let mut data: Value = serde_json::from_str(event["data"].as_str().unwrap()).unwrap();
            data["data"]["audit_trail"]["phase2_revision"]["responses"]["maintenance"]["binding_constraints"] =
                serde_json::json!(["MEL 21-1 open"]);
            data["data"]["final_decision"]["safety_overrides"] = serde_json::json!([{"safety_agent": "regulatory", "binding_constraint": "LHR slot 11:55"}]);
            event["data"] = Value::String(data.to_string());
        }
    }
    let console = console(&dir.path().join("b.sqlite3"), 1).await;
    console.import_history(&export.to_string()).await.unwrap();
    console.set_operator("Dana Okafor").await.unwrap();
    let context = console.decision_context(&uid).await.unwrap();
    let names: Vec<&str> = context
        .safety_constraints
        .iter()
        .map(|c| c.constraint.as_str())
        .collect();
    assert_eq!(names, ["MEL 21-1 open", "LHR slot 11:55"]);

    // (acknowledged, the refusal's words or none)
    let table: [(&[&str], Option<&str>); 3] = [
        (
            &[],
            Some("maintenance: “MEL 21-1 open”; regulatory: “LHR slot 11:55”"),
        ),
        (&["MEL 21-1 open"], Some("regulatory: “LHR slot 11:55”")),
        (&["MEL 21-1 open", "LHR slot 11:55"], None),
    ];
    for (acknowledged, refused) in table {
        let mut asked = request(&uid, Action::Accept, Some(2));
        asked.safety_acknowledged = acknowledged.iter().map(|s| (*s).to_owned()).collect();
        match (console.record_decision(asked).await, refused) {
            (Err(error), Some(words)) => {
                assert_eq!(error.ui_kind(), UiErrorKind::DecisionRefused);
                assert!(error.to_string().contains(words), "{error}");
            }
            (Ok(view), None) => assert_eq!(view.body.safety_acknowledged.len(), 2),
            (got, expected) => panic!("{acknowledged:?}: {got:?}, expected {expected:?}"),
        }
    }
}

#[tokio::test]
async fn a_stale_analysis_asks_first_and_a_later_one_in_the_session_is_named() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("h.sqlite3");
    let console = console(&path, 2).await;
    console.set_operator("Dana Okafor").await.unwrap();
    let (first, session) = run(&console, "ok", None).await;
    let (second, _) = run(&console, "ok", session).await;
    let context = console.decision_context(&first).await.unwrap();
    assert_eq!(context.later_analysis_run_uid.as_ref(), Some(&second));
    assert_eq!(context.stale_after_minutes, 30);
    assert_eq!(
        console
            .decision_context(&second)
            .await
            .unwrap()
            .later_analysis_run_uid,
        None
    );

    // The first analysis, received 45 minutes ago.
    sql(
        &path,
        &format!(
            "UPDATE events SET received_ms = received_ms - 2700000 \
         WHERE run_id = (SELECT id FROM runs WHERE uid = '{first}')"
        ),
    );
    let refused = console
        .record_decision(request(&first, Action::Accept, Some(1)))
        .await
        .unwrap_err();
    assert!(
        refused
            .to_string()
            .contains("received 45 min ago, past the 30-minute limit"),
        "{refused}"
    );
    let mut confirmed = request(&first, Action::Accept, Some(1));
    confirmed.stale_confirmed = true;
    let view = console.record_decision(confirmed).await.unwrap();
    assert!(view.body.stale_confirmed);
    assert!(view.body.analysis_age_seconds >= 2700);
    assert_eq!(view.body.later_analysis_run_uid.as_ref(), Some(&second));
    let fresh = console
        .record_decision(request(&second, Action::Reject, None))
        .await
        .unwrap();
    assert!(!fresh.body.stale_confirmed);
    assert!(
        console
            .verify_history()
            .await
            .unwrap()
            .first_broken
            .is_none()
    );
}
