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
    run_in(console, scenario, prompt, None).await.0
}

/// Runs one analysis in `session` (a new one when `None`); answers the
/// run's uid and its session.
async fn run_in(
    console: &Console,
    scenario: &str,
    prompt: &str,
    session: Option<String>,
) -> (String, Option<String>) {
    let (tx, mut rx) = mpsc::unbounded_channel::<RunMessage>();
    let started = console
        .start(
            StartRequest {
                environment_id: "training-simulator".into(),
                prompt: prompt.into(),
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
    // The incoming duty manager now holds the desk.
    assert_eq!(
        console.operator().await.unwrap().as_deref(),
        Some("Sam Reyes")
    );
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
    assert_eq!(after.added_notes[1].operator, "Sam Reyes");
    assert!(console.handover("nope").await.is_err());
    assert_eq!(
        console.handovers().await.unwrap(),
        std::slice::from_ref(&after)
    );
    assert_eq!(console.handover(&uid).await.unwrap(), after);

    // The next handover starts where this one ended, and carries over what
    // is still open (the superseded decision is information, not carried).
    let next = console.handover_draft(None).await.unwrap();
    assert_eq!(next.snapshot.since_ms, handover.body.snapshot.until_ms);
    assert!(next.snapshot.runs.is_empty());
    let since = format!(
        "(open since the handover of {}).",
        skymarshal_app::zulu_minutes(handover.body.created_ms)
    );
    let carried: Vec<(OpenKind, &str, Option<&str>)> = next
        .snapshot
        .open_items
        .iter()
        .map(|i| (i.kind, i.run_uid.as_str(), i.carried_from.as_deref()))
        .collect();
    assert_eq!(
        carried,
        [
            (OpenKind::NoDecision, undecided.as_str(), Some(uid.as_str())),
            (OpenKind::Failed, failed.as_str(), Some(uid.as_str())),
            (OpenKind::Interrupted, cut.as_str(), Some(uid.as_str())),
        ]
    );
    for item in &next.snapshot.open_items {
        assert!(item.text.ends_with(&since), "{}", item.text);
        // The interrupted run's own message says it once; the item adds nothing.
        assert_eq!(
            item.text.matches("may still be running").count(),
            usize::from(item.kind == OpenKind::Interrupted),
            "{}",
            item.text
        );
    }

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

/// Each handover refusal in words, and open items carried over until
/// something resolves them, across three handovers.
#[tokio::test]
async fn handover_refusals_and_open_items_carried_until_resolved() {
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
    console.set_operator("Dana Okafor").await.unwrap();
    let undecided = run(&console, "ok", "EY17 crew sick at LHR").await;
    let (failed, session) = run_in(&console, "error-event", "EY11 bird strike", None).await;
    let cut = run(&console, "drop-mid-chunk", "EY19 ATC strike").await;

    // A period that would run backwards, refused for the draft and the handover.
    let later = skymarshal_app::now_ms() + 60 * 60 * 1000;
    let starts = format!(
        "The handover's period would start at {} after it ends now (",
        skymarshal_app::zulu(later)
    );
    for refused in [
        console.create_handover(Some(later), "").await.unwrap_err(),
        console.handover_draft(Some(later)).await.unwrap_err(),
    ] {
        assert_eq!(refused.ui_kind(), UiErrorKind::HandoverRefused);
        let words = refused.to_string();
        assert!(words.starts_with(&starts), "{words}");
        assert!(words.ends_with("); give a time in the past."), "{words}");
    }

    // (notes typed, kept or the refusal's words)
    let notes: [(&str, Result<&str, &str>); 3] = [
        (
            "Watch\u{1b}[2J EY17",
            Err("The note holds a control character (U+001B at character 6); remove it."),
        ),
        (
            "Gate \u{2066}B12\u{2069}",
            Err("The note holds a text-direction control character (U+2066 at character 6)"),
        ),
        (
            "Watch EY17:\r\n\t- crew\r- gate",
            Ok("Watch EY17:\n\t- crew\n- gate"),
        ),
    ];
    let mut created = None;
    for (typed, expected) in notes {
        match (console.create_handover(None, typed).await, expected) {
            (Ok(view), Ok(kept)) => {
                assert_eq!(view.body.notes, kept);
                created = Some(view);
            }
            (Err(error), Err(words)) => {
                assert_eq!(error.ui_kind(), UiErrorKind::HandoverRefused, "{typed:?}");
                assert!(error.to_string().contains(words), "{typed:?}: {error}");
            }
            (got, expected) => panic!("{typed:?}: got {got:?}, expected {expected:?}"),
        }
    }
    let first = created.unwrap();
    let uid = first.body.uid.clone();
    let note = console
        .add_handover_note(&uid, "EY17\u{7f} crew")
        .await
        .unwrap_err();
    assert!(
        note.to_string()
            .contains("The note holds a control character (U+007F at character 5)"),
        "{note}"
    );

    // The acknowledging name: the operator name's one rule, and not the
    // duty manager who handed over.
    let long = "x".repeat(101);
    // (name typed, the refusal's words)
    let names: [(&str, &str); 5] = [
        (
            "  dana   OKAFOR ",
            "A handover is acknowledged by the incoming duty manager, not by Dana Okafor who \
             handed it over.",
        ),
        (
            "Sam\nReyes",
            "The incoming duty manager's name holds a line break; a name is one line.",
        ),
        (
            &long,
            "The incoming duty manager's name is 101 characters long.",
        ),
        (
            "Sam\u{1b}]0;pwned\u{7}",
            "The incoming duty manager's name holds a control character (U+001B at character 4)",
        ),
        (" ", "needs the incoming duty manager's name"),
    ];
    for (typed, words) in names {
        let error = console.acknowledge_handover(&uid, typed).await.unwrap_err();
        assert_eq!(error.ui_kind(), UiErrorKind::HandoverRefused, "{typed:?}");
        assert!(error.to_string().contains(words), "{typed:?}: {error}");
    }
    let acked = console
        .acknowledge_handover(&uid, "Sam Reyes")
        .await
        .unwrap();
    assert_eq!(acked.ack.unwrap().by, "Sam Reyes");

    // Right after: an empty period, and the three items carried over.
    let open = |h: &skymarshal_app::HandoverView| -> Vec<(OpenKind, String, Option<String>)> {
        h.body
            .snapshot
            .open_items
            .iter()
            .map(|i| (i.kind, i.run_uid.clone(), i.carried_from.clone()))
            .collect()
    };
    let second = console.create_handover(None, "").await.unwrap();
    assert!(second.body.snapshot.runs.is_empty());
    let from_first = Some(uid.clone());
    assert_eq!(
        open(&second),
        [
            (OpenKind::NoDecision, undecided.clone(), from_first.clone()),
            (OpenKind::Failed, failed.clone(), from_first.clone()),
            (OpenKind::Interrupted, cut.clone(), from_first.clone()),
        ]
    );

    // The undecided run decided, the failed one run again to completion in
    // its session: only the interrupted one is carried, still open since
    // the first handover.
    console
        .record_decision(decide(&undecided, Action::Accept, Some(1), "Standby crew"))
        .await
        .unwrap();
    run_in(&console, "ok", "EY11 bird strike, again", session).await;
    let third = console.create_handover(None, "").await.unwrap();
    let carried: Vec<_> = open(&third)
        .into_iter()
        .filter(|(_, _, from)| from.is_some())
        .collect();
    assert_eq!(carried, [(OpenKind::Interrupted, cut.clone(), from_first)]);
    let item = third
        .body
        .snapshot
        .open_items
        .iter()
        .find(|i| i.run_uid == cut)
        .unwrap();
    assert!(
        item.text.ends_with(&format!(
            "(open since the handover of {}).",
            skymarshal_app::zulu_minutes(first.body.created_ms)
        )),
        "{}",
        item.text
    );
    assert_eq!(item.text.matches("open since").count(), 1, "{}", item.text);
    // The briefing marks it too.
    let (_, bytes) =
        skymarshal_app::handover_file(&third, HandoverFormat::Markdown, third.body.created_ms)
            .unwrap();
    let markdown = String::from_utf8(bytes).unwrap();
    assert!(
        markdown.contains("Interrupted (carried over): The run for"),
        "{markdown}"
    );
}
