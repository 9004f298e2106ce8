//! The shift handover against the simulator and a real SQLite history: a
//! draft and a created handover hold the period's runs, decisions and open
//! items; notes before and after the acknowledgement; one acknowledgement
//! only; the next handover starts where this one ended; the PDF and the
//! Markdown briefing saved beside each other, never over a file, and the
//! PDF read back with pdftotext; the chain verified after.

use skymarshal_app::{
    Action, Console, DecisionRequest, HandoverFormat, OpenKind, RunBody, RunMessage,
    SimulatorSettings, StartRequest, UiErrorKind,
};
use skymarshal_sim::Pacing;
use tokio::sync::mpsc;

async fn run(console: &Console, scenario: &str, prompt: &str) -> String {
    let (tx, mut rx) = mpsc::unbounded_channel::<RunMessage>();
    let started = console
        .start(
            StartRequest {
                environment_id: "training-simulator".into(),
                prompt: prompt.into(),
                session_id: None,
                scenario: (scenario != "ok").then(|| scenario.to_owned()),
            },
            move |m| drop(tx.send(m)),
        )
        .await
        .unwrap();
    while let Some(message) = rx.recv().await {
        if matches!(message.body, RunBody::Finished { .. }) {
            return started.run_id;
        }
    }
    panic!("the run never finished");
}

fn decide(run: &str, action: Action, option: Option<i64>, rationale: &str) -> DecisionRequest {
    DecisionRequest {
        run_uid: run.to_owned(),
        action,
        solution_id: option,
        modification: None,
        rationale: rationale.to_owned(),
        safety_acknowledged: Vec::new(),
        stale_confirmed: false,
        supersedes: None,
    }
}

fn pdf_text(path: &std::path::Path) -> Option<String> {
    let out = std::process::Command::new("pdftotext")
        .args(["-layout"])
        .arg(path)
        .arg("-")
        .output()
        .ok()?;
    out.status
        .success()
        .then(|| String::from_utf8_lossy(&out.stdout).into_owned())
}

#[tokio::test]
async fn a_shift_is_handed_over_acknowledged_and_exported() {
    let dir = tempfile::tempdir().unwrap();
    let console = Console::with_training_simulator(SimulatorSettings {
        pacing: Pacing {
            fixture: Some(1),
            ..Pacing::instant()
        },
        force_delay: None,
    })
    .await
    .unwrap()
    .with_history(&dir.path().join("history.sqlite3"));

    let decided = run(&console, "ok", "EY283 weather at AUH").await;
    let undecided = run(&console, "ok", "EY17 crew sick at LHR").await;
    let failed = run(&console, "error-event", "EY11 bird strike").await;
    let cut = run(&console, "drop-mid-chunk", "EY19 ATC strike").await;

    let refused = console.create_handover(None, "notes").await.unwrap_err();
    assert_eq!(refused.ui_kind(), UiErrorKind::OperatorMissing);
    console.set_operator("Dana Okafor").await.unwrap();
    let first = console
        .record_decision(decide(
            &decided,
            Action::Accept,
            Some(1),
            "Swap keeps the slot",
        ))
        .await
        .unwrap();
    let mut correction = decide(&decided, Action::Reject, None, "Swap aircraft went tech");
    correction.supersedes = Some(first.body.uid.clone());
    let second = console.record_decision(correction).await.unwrap();

    // A modified option against standing safety constraints: the handover
    // carries what changed and every constraint acknowledged.
    let constrained = run(&console, "safety-constraints", "EY45 crew near duty limit").await;
    let context = console.decision_context(&constrained).await.unwrap();
    let mut modify = decide(
        &constrained,
        Action::Modify,
        Some(2),
        "Fresh crew from standby",
    );
    modify.modification = Some("Delay 90 min, not 180".to_owned());
    modify.safety_acknowledged = context
        .safety_constraints
        .iter()
        .map(|c| c.constraint.clone())
        .collect();
    console.record_decision(modify).await.unwrap();

    let draft = console.handover_draft(None).await.unwrap();
    assert_eq!(draft.operator.as_deref(), Some("Dana Okafor"));
    assert_eq!(draft.snapshot.runs.len(), 5);
    // (kind, run) of each open item, in order
    let open: Vec<(OpenKind, &str)> = draft
        .snapshot
        .open_items
        .iter()
        .map(|i| (i.kind, i.run_uid.as_str()))
        .collect();
    assert_eq!(
        open,
        [
            (OpenKind::NoDecision, undecided.as_str()),
            (OpenKind::Failed, failed.as_str()),
            (OpenKind::Interrupted, cut.as_str()),
            (OpenKind::SupersededDecision, decided.as_str()),
        ]
    );

    let handover = console
        .create_handover(None, "  Watch EY17: crew standby called.  ")
        .await
        .unwrap();
    assert_eq!(handover.body.notes, "Watch EY17: crew standby called.");
    assert_eq!(handover.body.snapshot.decisions.len(), 3);
    assert_eq!(
        handover.body.snapshot.decisions[0].superseded_by.as_ref(),
        Some(&second.body.uid)
    );
    let uid = handover.body.uid.clone();

    // Notes before and after the acknowledgement; one acknowledgement only.
    let before = console
        .add_handover_note(&uid, "EY283 pax rebooked")
        .await
        .unwrap();
    assert!(!before.added_notes[0].after_ack);
    let blank = console.add_handover_note(&uid, "  ").await.unwrap_err();
    assert_eq!(blank.ui_kind(), UiErrorKind::HandoverRefused);
    let nameless = console.acknowledge_handover(&uid, " ").await.unwrap_err();
    assert!(
        nameless
            .to_string()
            .contains("needs the incoming duty manager's name"),
        "{nameless}"
    );
    let acked = console
        .acknowledge_handover(&uid, " Sam  Reyes ")
        .await
        .unwrap();
    assert_eq!(acked.ack.as_ref().map(|a| a.by.as_str()), Some("Sam Reyes"));
    let twice = console.acknowledge_handover(&uid, "Lee").await.unwrap_err();
    assert_eq!(twice.ui_kind(), UiErrorKind::HandoverRefused);
    assert!(
        twice
            .to_string()
            .contains("already acknowledged by Sam Reyes"),
        "{twice}"
    );
    let after = console
        .add_handover_note(&uid, "EY17 crew arrived")
        .await
        .unwrap();
    assert_eq!(
        after
            .added_notes
            .iter()
            .map(|n| n.after_ack)
            .collect::<Vec<_>>(),
        [false, true]
    );
    assert!(console.handover("nope").await.is_err());
    assert_eq!(
        console.handovers().await.unwrap(),
        std::slice::from_ref(&after)
    );
    assert_eq!(console.handover(&uid).await.unwrap(), after);

    // The next handover starts where this one ended.
    let next = console.handover_draft(None).await.unwrap();
    assert_eq!(next.snapshot.since_ms, handover.body.snapshot.until_ms);
    assert!(next.snapshot.runs.is_empty());

    // Exports, side by side and never over a file.
    let exports = dir.path().join("exports");
    let markdown = console
        .export_handover(&uid, HandoverFormat::Markdown, &exports)
        .await
        .unwrap();
    let markdown_again = console
        .export_handover(&uid, HandoverFormat::Markdown, &exports)
        .await
        .unwrap();
    assert_ne!(markdown, markdown_again);
    let text = std::fs::read_to_string(&markdown).unwrap();
    let pdf = console
        .export_handover(&uid, HandoverFormat::Pdf, &exports)
        .await
        .unwrap();
    let printed = pdf_text(&pdf);
    for words in [
        "Shift handover",
        "Dana Okafor",
        "Sam Reyes",
        "Watch EY17: crew standby called.",
        "EY17 crew arrived",
        "added after the acknowledgement",
        "Swap aircraft went tech",
        "No decision on the analysis",
        "Modified option 2 · Aircraft Swap with Controlled Delay: Delay 90 min, not 180",
        "Safety acknowledged: Crew compliance: Captain's flight duty period ends",
        "Regulatory: Bangkok night curfew",
        "Rejected every option",
    ] {
        assert!(text.contains(words), "Markdown lacks {words:?}:\n{text}");
        if let Some(printed) = &printed {
            let flat = printed.split_whitespace().collect::<Vec<_>>().join(" ");
            assert!(flat.contains(words), "PDF lacks {words:?}:\n{printed}");
        }
    }
    assert!(
        printed.is_some() || std::env::var_os("CI").is_none(),
        "pdftotext is needed in CI"
    );
    let report = console.verify_history().await.unwrap();
    assert_eq!((report.records, report.first_broken), (7, None));
}
