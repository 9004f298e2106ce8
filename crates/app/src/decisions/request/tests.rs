//! The decision checks as a table: a request and the facts in, the
//! refusal's words (or the record's parts) out.

use serde_json::{Value, json};

use super::*;
use crate::decisions::body::{ConstraintSource, DecisionBody};

const NOW: i64 = 1_700_000_000_000;
const MINUTE: i64 = 60_000;

/// Fixture 1 (options 1 to 3, 1 recommended) with a maintenance
/// constraint and a regulatory override.
fn guarded() -> Analysis {
    let mut document = skymarshal_sim::fixture(1);
    document["audit_trail"]["phase2_revision"]["responses"]["maintenance"]["binding_constraints"] =
        json!(["MEL 21-1 open"]);
    document["final_decision"]["safety_overrides"] =
        json!([{"safety_agent": "regulatory", "binding_constraint": "LHR slot 11:55"}]);
    analysis(document, NOW - 5 * MINUTE)
}

fn analysis(document: Value, received_ms: i64) -> Analysis {
    Analysis {
        document,
        sha256: "0".repeat(64),
        received_ms,
    }
}

fn request(action: Action, option: Option<i64>) -> DecisionRequest {
    DecisionRequest {
        run_uid: "run-a".into(),
        action,
        solution_id: option,
        modification: None,
        rationale: "Crew are in position; the swap keeps the slot.".into(),
        safety_acknowledged: Vec::new(),
        stale_confirmed: false,
        supersedes: None,
    }
}

fn decision(uid: &str, run: &str, superseded_by: Option<&str>) -> DecisionView {
    let body: DecisionBody = serde_json::from_value(json!({
        "uid": uid, "run_uid": run, "environment": "e", "request_id": null, "session_id": null,
        "action": "reject", "option": null, "modification": null, "rationale": "r",
        "safety_acknowledged": [], "operator": "o", "os_user": "u", "host": "h",
        "decided_ms": 0, "analysis_sha256": "", "analysis_received_ms": 0,
        "analysis_age_seconds": 0, "stale_confirmed": false,
        "later_analysis_run_uid": null, "supersedes": null
    }))
    .unwrap();
    DecisionView {
        body,
        seq: 1,
        hash: String::new(),
        superseded_by: superseded_by.map(str::to_owned),
    }
}

type Edit = fn(&mut DecisionRequest);

#[test]
fn each_bad_request_is_refused_in_words() {
    let guarded = guarded();
    let stale = analysis(skymarshal_sim::fixture(2), NOW - 31 * MINUTE);
    let decisions = [
        decision("d-a", "run-a", None),
        decision("d-old", "run-a", Some("d-a")),
        decision("d-b", "run-b", None),
    ];
    // (what, the analysis or why not complete, the request, words of the refusal)
    let table: Vec<(&str, Result<&Analysis, &str>, DecisionRequest, Edit, &str)> = vec![
        (
            "failed run",
            Err("it failed"),
            request(Action::Reject, None),
            |_| {},
            "no complete analysis to decide on: it failed",
        ),
        (
            "blank rationale",
            Ok(&guarded),
            request(Action::Reject, None),
            |r| r.rationale = " \n".into(),
            "needs a rationale",
        ),
        (
            "accept without option",
            Ok(&guarded),
            request(Action::Accept, None),
            |_| {},
            "To accept an option, name it",
        ),
        (
            "modify without option",
            Ok(&guarded),
            request(Action::Modify, None),
            |_| {},
            "To modify an option, name it",
        ),
        (
            "reject naming one",
            Ok(&guarded),
            request(Action::Reject, Some(1)),
            |_| {},
            "Rejecting takes none",
        ),
        (
            "option not offered",
            Ok(&guarded),
            request(Action::Accept, Some(7)),
            |_| {},
            "Option 7 is not in this analysis; it offers options 1, 2, 3.",
        ),
        (
            "modify saying nothing",
            Ok(&guarded),
            request(Action::Modify, Some(1)),
            |r| r.modification = Some("  ".into()),
            "Say what changes in option 1",
        ),
        (
            "accept with changes",
            Ok(&guarded),
            request(Action::Accept, Some(1)),
            |r| r.modification = Some("later".into()),
            "to accept with changes, choose modify",
        ),
        (
            "safety, none named",
            Ok(&guarded),
            request(Action::Accept, Some(2)),
            |_| {},
            "maintenance: “MEL 21-1 open”; regulatory: “LHR slot 11:55”",
        ),
        (
            "safety, one named",
            Ok(&guarded),
            request(Action::Modify, Some(3)),
            |r| {
                r.modification = Some("hold 20 min".into());
                r.safety_acknowledged = vec!["MEL 21-1 open".into()];
            },
            "Option 3 is not the arbitrator's recommendation, and safety constraints stand against it. Acknowledge each by name to decide on it (in the CLI, --acknowledge-safety): regulatory: “LHR slot 11:55”.",
        ),
        (
            "stale",
            Ok(&stale),
            request(Action::Accept, Some(1)),
            |_| {},
            "received 31 min ago, past the 30-minute limit",
        ),
        (
            "a second decision while one is in force",
            Ok(&guarded),
            request(Action::Accept, Some(1)),
            |_| {},
            "Run run-a already has a decision in force (Rejected every option by o at 1970-01-01 \
             00:00Z); to change it, correct that decision (Correct this decision in the window, \
             --supersedes d-a in the CLI).",
        ),
        (
            "an escape sequence in the rationale",
            Ok(&guarded),
            request(Action::Reject, None),
            |r| r.rationale = "ok\u{1b}[2J gone".into(),
            "The rationale holds a control character (U+001B at character 3); remove it.",
        ),
        (
            "a bell in the rationale",
            Ok(&guarded),
            request(Action::Reject, None),
            |r| r.rationale = "\u{7}".into(),
            "The rationale holds a control character (U+0007 at character 1); remove it.",
        ),
        (
            "a C1 control in the modification",
            Ok(&guarded),
            request(Action::Modify, Some(1)),
            |r| r.modification = Some("later\u{9b}31m".into()),
            "The modification holds a control character (U+009B at character 6); remove it.",
        ),
        (
            "a direction override in the modification",
            Ok(&guarded),
            request(Action::Modify, Some(1)),
            |r| r.modification = Some("gate \u{202E}21B".into()),
            "The modification holds a text-direction control character (U+202E at character 6)",
        ),
        (
            "supersedes unknown",
            Ok(&guarded),
            request(Action::Reject, None),
            |r| r.supersedes = Some("d-x".into()),
            "no decision d-x",
        ),
        (
            "supersedes another run's",
            Ok(&guarded),
            request(Action::Reject, None),
            |r| r.supersedes = Some("d-b".into()),
            "taken on run run-b, not on run run-a",
        ),
        (
            "supersedes a superseded one",
            Ok(&guarded),
            request(Action::Reject, None),
            |r| r.supersedes = Some("d-old".into()),
            "already superseded by decision d-a",
        ),
    ];
    for (what, found, mut request, edit, words) in table {
        edit(&mut request);
        let facts = Facts {
            not_complete: found.err().map(str::to_owned),
            analysis: found.ok(),
            now_ms: NOW,
            stale_after_minutes: 30,
            decisions: &decisions,
        };
        let error = check(&request, &facts).expect_err(what);
        assert!(error.to_string().contains(words), "{what}: {error}");
        assert_eq!(
            error.ui_kind(),
            crate::UiErrorKind::DecisionRefused,
            "{what}"
        );
    }
}

#[test]
fn a_run_with_no_readable_analysis_is_not_complete() {
    let facts = Facts {
        not_complete: None,
        analysis: None,
        now_ms: NOW,
        stale_after_minutes: 30,
        decisions: &[],
    };
    let error = check(&request(Action::Reject, None), &facts).unwrap_err();
    assert!(
        error.to_string().contains("the analysis could not be read"),
        "{error}"
    );
}

#[test]
fn good_requests_pass_with_what_the_record_keeps() {
    let guarded = guarded();
    let stale = analysis(skymarshal_sim::fixture(2), NOW - 45 * MINUTE);
    // A decision in force on another run, and a superseded one on this run,
    // block nothing here.
    let decisions = [
        decision("d-b", "run-b", None),
        decision("d-old", "run-a", Some("d-new")),
    ];
    // (what, analysis, request, option kept, constraints kept, age s, stale confirmed)
    let table: Vec<(
        &str,
        &Analysis,
        DecisionRequest,
        Edit,
        Option<i64>,
        usize,
        i64,
        bool,
    )> = vec![
        (
            "the recommended option needs no acknowledgement",
            &guarded,
            request(Action::Accept, Some(1)),
            |_| {},
            Some(1),
            0,
            300,
            false,
        ),
        (
            "neither does a rejection",
            &guarded,
            request(Action::Reject, None),
            |_| {},
            None,
            0,
            300,
            false,
        ),
        (
            "another option with each constraint named",
            &guarded,
            request(Action::Accept, Some(2)),
            |r| {
                r.safety_acknowledged = vec!["LHR slot 11:55".into(), "MEL 21-1 open".into()];
            },
            Some(2),
            2,
            300,
            false,
        ),
        (
            "a modification of the recommended one",
            &guarded,
            request(Action::Modify, Some(1)),
            |r| {
                r.modification = Some(" depart 20 min later ".into());
            },
            Some(1),
            0,
            300,
            false,
        ),
        (
            "a stale analysis, confirmed",
            &stale,
            request(Action::Accept, Some(3)),
            |r| r.stale_confirmed = true,
            Some(3),
            0,
            2700,
            true,
        ),
        (
            "a rationale's line endings made LF and its tabs kept",
            &guarded,
            request(Action::Reject, None),
            |r| r.rationale = "Crew in position:\r\n\t- swap\r- slot kept".into(),
            None,
            0,
            300,
            false,
        ),
        (
            "a correction of the decision in force",
            &guarded,
            request(Action::Reject, None),
            |r| {
                r.run_uid = "run-b".into();
                r.supersedes = Some("d-b".into());
            },
            None,
            0,
            300,
            false,
        ),
    ];
    for (what, analysis, mut request, edit, option, acknowledged, age, stale_confirmed) in table {
        edit(&mut request);
        let facts = Facts {
            not_complete: None,
            analysis: Some(analysis),
            now_ms: NOW,
            stale_after_minutes: 30,
            decisions: &decisions,
        };
        let checked = check(&request, &facts).unwrap_or_else(|e| panic!("{what}: {e}"));
        assert_eq!(
            checked.option.as_ref().map(|o| o.solution_id),
            option,
            "{what}"
        );
        assert_eq!(checked.safety_acknowledged.len(), acknowledged, "{what}");
        assert_eq!(checked.age_seconds, age, "{what}");
        assert_eq!(checked.stale_confirmed, stale_confirmed, "{what}");
        assert_eq!(
            checked.rationale,
            request
                .rationale
                .replace("\r\n", "\n")
                .replace('\r', "\n")
                .trim(),
            "{what}"
        );
    }
}

#[test]
fn the_option_is_kept_as_the_analysis_showed_it() {
    let guarded = guarded();
    let facts = Facts {
        not_complete: None,
        analysis: Some(&guarded),
        now_ms: NOW,
        stale_after_minutes: 30,
        decisions: &[],
    };
    let mut asked = request(Action::Modify, Some(2));
    asked.modification = Some("hold 20 min".into());
    asked.safety_acknowledged = vec!["MEL 21-1 open".into(), "LHR slot 11:55".into()];
    let checked = check(&asked, &facts).unwrap();
    let option = checked.option.unwrap();
    assert_eq!(&option.as_shown, guarded.option(2).unwrap());
    assert_eq!(
        option.title.as_deref(),
        Some("Aircraft Swap with Controlled Delay")
    );
    assert_eq!(checked.modification.as_deref(), Some("hold 20 min"));
    assert_eq!(
        checked
            .safety_acknowledged
            .iter()
            .map(|c| c.source)
            .collect::<Vec<_>>(),
        [
            ConstraintSource::BindingConstraint,
            ConstraintSource::SafetyOverride
        ]
    );
}
