//! The snapshot's rules as tables: the period, which runs and decisions a
//! handover holds, and the open items.

use serde_json::json;
use skymarshal_store::{RunRow, RunStatus};

use super::*;
use crate::decisions::body::DecisionBody;

const HOUR: i64 = 60 * 60 * 1000;
const NOW: i64 = 100 * HOUR;

#[test]
fn the_period_starts_where_asked_else_at_the_last_handover_else_12_hours_ago() {
    // (since asked, last handover's end, start)
    let table = [
        (Some(3 * HOUR), Some(90 * HOUR), 3 * HOUR),
        (None, Some(90 * HOUR), 90 * HOUR),
        (None, None, NOW - 12 * HOUR),
    ];
    for (since, last, start) in table {
        assert_eq!(period_start(since, last, NOW), start, "{since:?} {last:?}");
    }
}

fn run(id: i64, uid: &str, started_ms: i64, status: RunStatus, analysed: bool) -> PeriodRun {
    PeriodRun {
        run: RunRow {
            id,
            uid: uid.into(),
            session_id: 1,
            prompt: format!("Flight EY{id} delayed"),
            request_id: None,
            status,
            started_ms,
            ended_ms: None,
            execution_ms: None,
            error_kind: None,
            error_message: (status == RunStatus::Failed).then(|| "The server failed.".into()),
            decision: analysed.then(|| "Swap the aircraft".into()),
            bytes_received: 0,
            desk: None,
            operator: None,
        },
        environment: "ops-prod".into(),
        analysed,
        recommended: analysed.then(|| "option 1 · Swap".into()),
    }
}

fn decision(uid: &str, run: &str, decided_ms: i64, superseded_by: Option<&str>) -> DecisionView {
    let body: DecisionBody = serde_json::from_value(json!({
        "uid": uid, "run_uid": run, "environment": "ops-prod", "request_id": null,
        "session_id": null, "action": "accept",
        "option": {"solution_id": 1, "title": "Swap", "as_shown": {}},
        "modification": null, "rationale": "keeps the slot", "safety_acknowledged": [],
        "operator": "Dana", "os_user": "dana", "host": "occ", "decided_ms": decided_ms,
        "analysis_sha256": "", "analysis_received_ms": 0, "analysis_age_seconds": 0,
        "stale_confirmed": false, "later_analysis_run_uid": null, "supersedes": null
    }))
    .unwrap();
    DecisionView {
        body,
        seq: 1,
        hash: String::new(),
        superseded_by: superseded_by.map(str::to_owned),
    }
}

#[test]
fn a_snapshot_holds_the_periods_runs_decisions_and_open_items() {
    let since = NOW - 12 * HOUR;
    let runs = vec![
        run(1, "before", since - 1, RunStatus::Failed, false),
        run(5, "decided", NOW - 2 * HOUR, RunStatus::Complete, true),
        run(2, "undecided", NOW - 11 * HOUR, RunStatus::Complete, true),
        run(3, "failed", NOW - 10 * HOUR, RunStatus::Failed, false),
        run(4, "cut", NOW - 9 * HOUR, RunStatus::Interrupted, false),
        run(6, "unreadable", NOW - 8 * HOUR, RunStatus::Complete, false),
        run(7, "cancelled", NOW - 7 * HOUR, RunStatus::Cancelled, false),
        run(
            8,
            "corrected-only",
            NOW - 6 * HOUR,
            RunStatus::Complete,
            true,
        ),
        // Another desk's run, pulled from the team store: its desk hands it over.
        PeriodRun {
            run: RunRow {
                desk: Some("OCC-2".into()),
                ..run(9, "other-desk", NOW - 3 * HOUR, RunStatus::Complete, true).run
            },
            ..run(9, "other-desk", NOW - 3 * HOUR, RunStatus::Complete, true)
        },
    ];
    let decisions = [
        decision("old", "before", since - 5, None),
        decision("d1", "decided", NOW - HOUR, Some("d2")),
        decision("d2", "decided", NOW - HOUR + 1, None),
        decision("c1", "corrected-only", NOW - 5 * HOUR, Some("c2")),
        decision("c2", "corrected-only", NOW - 4 * HOUR, None),
    ];
    let shot = snapshot(since, NOW, runs, &decisions);
    let run_uids: Vec<&str> = shot.runs.iter().map(|r| r.run_uid.as_str()).collect();
    assert_eq!(
        run_uids,
        [
            "undecided",
            "failed",
            "cut",
            "unreadable",
            "cancelled",
            "corrected-only",
            "decided"
        ]
    );
    let decided = shot.runs.iter().find(|r| r.run_uid == "decided").unwrap();
    assert_eq!(decided.decision_uids, ["d1", "d2"]);
    assert_eq!(decided.recommended.as_deref(), Some("option 1 · Swap"));
    assert_eq!(decided.headline.as_deref(), Some("Swap the aircraft"));
    let decision_uids: Vec<&str> = shot.decisions.iter().map(|d| d.uid.as_str()).collect();
    assert_eq!(decision_uids, ["d1", "d2", "c1", "c2"]);
    assert_eq!(shot.decisions[0].superseded_by.as_deref(), Some("d2"));
    assert_eq!(shot.decisions[0].option_title.as_deref(), Some("Swap"));
    // (kind, run, words)
    let expected: [(OpenKind, &str, &str); 5] = [
        (
            OpenKind::NoDecision,
            "undecided",
            "No decision on the analysis of “Flight EY2 delayed” on ops-prod.",
        ),
        (
            OpenKind::Failed,
            "failed",
            "The run for “Flight EY3 delayed” on ops-prod failed: The server failed.",
        ),
        (
            OpenKind::Interrupted,
            "cut",
            "The run for “Flight EY4 delayed” on ops-prod was interrupted before its analysis finished; the analysis may still be running on the server.",
        ),
        (
            OpenKind::SupersededDecision,
            "decided",
            "The decision on “Flight EY5 delayed” on ops-prod to accept option 1 (Dana, 1970-01-05 03:00Z) was corrected by a later decision.",
        ),
        (
            OpenKind::SupersededDecision,
            "corrected-only",
            "The decision on “Flight EY8 delayed” on ops-prod to",
        ),
    ];
    assert_eq!(
        shot.open_items.len(),
        expected.len(),
        "{:#?}",
        shot.open_items
    );
    for (item, (kind, run, words)) in shot.open_items.iter().zip(expected) {
        assert_eq!((item.kind, item.run_uid.as_str()), (kind, run));
        assert!(item.text.contains(words), "{}", item.text);
    }
}

#[test]
fn an_empty_period_has_nothing_open() {
    let shot = snapshot(NOW - HOUR, NOW, Vec::new(), &[]);
    assert!(shot.runs.is_empty() && shot.decisions.is_empty() && shot.open_items.is_empty());
    assert_eq!((shot.since_ms, shot.until_ms), (NOW - HOUR, NOW));
}

#[test]
fn an_interrupted_run_says_once_that_the_analysis_may_still_be_running() {
    let client = "The connection ended before the analysis finished (2 chunks received). The \
                  analysis may still be running on the server (request id r-1). Everything \
                  received so far is kept.";
    // (the run's error message, the end of the open item's sentence)
    let table = [
        (Some(client), format!(": {}.", client.trim_end_matches('.'))),
        (
            Some("The console closed while the run streamed."),
            ": The console closed while the run streamed; the analysis may still be running on \
             the server."
                .to_owned(),
        ),
        (
            None,
            "; the analysis may still be running on the server.".to_owned(),
        ),
        (
            Some("  "),
            "; the analysis may still be running on the server.".to_owned(),
        ),
    ];
    for (message, end) in table {
        let mut r = run(1, "cut", NOW - HOUR, RunStatus::Interrupted, false);
        r.run.error_message = message.map(str::to_owned);
        let shot = snapshot(NOW - 2 * HOUR, NOW, vec![r], &[]);
        let text = &shot.open_items[0].text;
        assert!(text.ends_with(&end), "{message:?}: {text}");
        assert_eq!(text.matches("may still be running").count(), 1, "{text}");
    }
}
