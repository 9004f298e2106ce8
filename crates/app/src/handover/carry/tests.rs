//! Carrying open items over as a table: the previous handover's item and
//! what happened since in, carried (and how it reads) or not out.

use std::collections::HashSet;

use serde_json::json;

use super::*;
use crate::decisions::body::DecisionBody;
use crate::handover::body::Snapshot;

/// 2026-12-01 04:20Z.
const HANDED_MS: i64 = 1_796_098_800_000;

fn item(kind: OpenKind, run: &str, carried_from: Option<&str>) -> OpenItem {
    OpenItem {
        kind,
        run_uid: run.into(),
        text: format!("About {run}."),
        carried_from: carried_from.map(str::to_owned),
    }
}

fn previous(items: Vec<OpenItem>) -> HandoverBody {
    HandoverBody {
        uid: "h-1".into(),
        operator: "Dana Okafor".into(),
        os_user: "dana".into(),
        host: "occ".into(),
        created_ms: HANDED_MS,
        notes: String::new(),
        snapshot: Snapshot {
            since_ms: 0,
            until_ms: HANDED_MS,
            runs: Vec::new(),
            decisions: Vec::new(),
            open_items: items,
        },
    }
}

fn decision(uid: &str, run: &str, superseded_by: Option<&str>) -> DecisionView {
    let body: DecisionBody = serde_json::from_value(json!({
        "uid": uid, "run_uid": run, "environment": "e", "request_id": null,
        "session_id": null, "action": "reject", "option": null, "modification": null,
        "rationale": "r", "safety_acknowledged": [], "operator": "Sam", "os_user": "s",
        "host": "h", "decided_ms": 0, "analysis_sha256": "", "analysis_received_ms": 0,
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

#[test]
fn what_is_still_open_is_carried_over_and_says_since_when() {
    let decisions = [
        decision("d-1", "decided", None),
        decision("d-2", "corrected", Some("d-3")),
        decision("d-3", "corrected", None),
        decision("d-4", "only-superseded", Some("d-9")),
    ];
    let completed_later: HashSet<String> = ["failed-then-done", "cut-then-done"]
        .map(str::to_owned)
        .into();
    // (the previous handover's item, carried)
    let table = [
        (item(OpenKind::NoDecision, "undecided", None), true),
        (item(OpenKind::NoDecision, "decided", None), false),
        (item(OpenKind::NoDecision, "corrected", None), false),
        (item(OpenKind::NoDecision, "only-superseded", None), true),
        (item(OpenKind::Failed, "failed", None), true),
        (item(OpenKind::Failed, "failed-then-done", None), false),
        (item(OpenKind::Interrupted, "cut", None), true),
        (item(OpenKind::Interrupted, "cut-then-done", None), false),
        (item(OpenKind::SupersededDecision, "corrected", None), false),
        (item(OpenKind::NoDecision, "older", Some("h-0")), true),
    ];
    for (given, carried) in table {
        let what = format!("{:?} {}", given.kind, given.run_uid);
        let found = carried_over(&previous(vec![given.clone()]), &decisions, &completed_later);
        assert_eq!(found.len(), usize::from(carried), "{what}");
        let Some(found) = found.first() else { continue };
        assert_eq!((found.kind, &found.run_uid), (given.kind, &given.run_uid));
        if given.carried_from.is_some() {
            // Carried a second time: it keeps the first handover and its words.
            assert_eq!(found, &given, "{what}");
        } else {
            assert_eq!(found.carried_from.as_deref(), Some("h-1"), "{what}");
            assert_eq!(
                found.text,
                format!(
                    "About {}. (open since the handover of 2026-12-01 04:20Z).",
                    given.run_uid
                )
                .replace(". (", " ("),
                "{what}"
            );
        }
    }
}

#[test]
fn a_carried_item_the_period_lists_again_is_kept_once_as_the_periods() {
    let carried = vec![
        item(OpenKind::Failed, "a", Some("h-1")),
        item(OpenKind::NoDecision, "b", Some("h-1")),
    ];
    let own = vec![
        item(OpenKind::Failed, "a", None),
        item(OpenKind::Failed, "c", None),
    ];
    let merged = with_carried(carried, own);
    let merged: Vec<(&str, bool)> = merged
        .iter()
        .map(|i| (i.run_uid.as_str(), i.carried_from.is_some()))
        .collect();
    assert_eq!(merged, [("b", true), ("a", false), ("c", false)]);
}
