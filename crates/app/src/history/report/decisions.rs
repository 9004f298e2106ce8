//! The decisions an export carries, as the report's last section: each one
//! as it was taken (what, by whom, when, why, what a modification changed,
//! the safety constraints acknowledged, the analysis it rests on) and
//! whether it is in force or a later record superseded it. It is part of
//! the report itself, so `history show`, `history export --format
//! markdown` and the window's Markdown export say the same.

use std::fmt::Write as _;

use skymarshal_store::{RecordKind, SessionExport};

use crate::clock::zulu;
use crate::decisions::body::{Action, DecisionBody};

/// Appends `## Decisions` with one list item per decision record of
/// `export`, in the chain's order; nothing when there are none. A record
/// whose body cannot be read as a decision is named, never dropped.
pub(super) fn write_decisions(out: &mut String, export: &SessionExport) {
    let records: Vec<(i64, Result<DecisionBody, String>)> = export
        .records
        .iter()
        .filter(|r| r.kind == RecordKind::Decision)
        .map(|r| {
            let body = serde_json::from_str(r.body.get()).map_err(|_| r.uid.clone());
            (r.seq, body)
        })
        .collect();
    if records.is_empty() {
        return;
    }
    let _ = writeln!(out, "\n## Decisions\n");
    for (seq, body) in &records {
        let body = match body {
            Ok(body) => body,
            Err(uid) => {
                let _ = writeln!(
                    out,
                    "- Decision {} (record {seq}) cannot be read: run `skymarshal history verify`.",
                    text(uid)
                );
                continue;
            }
        };
        let superseded_by = records
            .iter()
            .filter_map(|(_, later)| later.as_ref().ok())
            .find(|later| later.supersedes.as_deref() == Some(body.uid.as_str()));
        let standing = match superseded_by {
            Some(later) => format!("superseded by decision {}", text(&later.uid)),
            None => "in force".to_owned(),
        };
        let _ = writeln!(
            out,
            "- Decision {} (record {seq}), {standing}",
            text(&body.uid)
        );
        write_facts(out, body);
    }
}

/// A decision's facts, one sub-item each.
fn write_facts(out: &mut String, body: &DecisionBody) {
    let option = body.option.as_ref().map(|o| {
        let title = o.title.as_deref().map_or("(untitled)".to_owned(), text);
        format!("option {} · {title}", o.solution_id)
    });
    let what = match (body.action, option) {
        (Action::Reject, _) | (_, None) => "Rejected every option".to_owned(),
        (Action::Accept, Some(option)) => format!("Accepted {option}"),
        (Action::Modify, Some(option)) => format!("Modified {option}"),
    };
    item(out, &format!("{what}, on run {}", text(&body.run_uid)));
    if let Some(modification) = &body.modification {
        item(out, &format!("Modification: {}", lines(modification)));
    }
    item(out, &format!("Rationale: {}", lines(&body.rationale)));
    if !body.safety_acknowledged.is_empty() {
        let named: Vec<String> = body
            .safety_acknowledged
            .iter()
            .map(|c| format!("{}: “{}”", c.agent_words(), text(&c.constraint)))
            .collect();
        item(out, &format!("Safety acknowledged: {}", named.join("; ")));
    }
    item(
        out,
        &format!(
            "By {} ({} on {}) at {}, environment {}",
            text(&body.operator),
            text(&body.os_user),
            text(&body.host),
            zulu(body.decided_ms),
            text(&body.environment)
        ),
    );
    let stale = if body.stale_confirmed {
        ", past the stale limit (confirmed)"
    } else {
        ""
    };
    item(
        out,
        &format!(
            "On the analysis received {} ({} min old{stale}), SHA-256 `{}`",
            zulu(body.analysis_received_ms),
            body.analysis_age_seconds / 60,
            text(&body.analysis_sha256)
        ),
    );
    if let Some(later) = &body.later_analysis_run_uid {
        item(
            out,
            &format!("A later analysis (run {}) superseded this one", text(later)),
        );
    }
    if let Some(earlier) = &body.supersedes {
        item(out, &format!("Corrects decision {}", text(earlier)));
    }
}

/// A sub-item of a decision's list item.
fn item(out: &mut String, content: &str) {
    let _ = writeln!(out, "  - {content}");
}

/// The duty manager's text over several lines, each kept as a line of the
/// sub-item: a hard break (`\`) ends each line but the last, and the next
/// is indented under the item's text.
fn lines(value: &str) -> String {
    value
        .lines()
        .map(text)
        .filter(|line| !line.is_empty())
        .collect::<Vec<_>>()
        .join("\\\n    ")
}

/// One line of text, inert as Markdown and raw HTML.
fn text(value: &str) -> String {
    super::inline(value)
}

#[cfg(test)]
mod tests {
    use serde_json::json;
    use skymarshal_store::RecordExport;

    use super::*;

    fn record(seq: i64, body: &serde_json::Value) -> RecordExport {
        let uid = body["uid"].clone();
        serde_json::from_value(json!({
            "seq": seq, "uid": uid, "kind": "decision", "subject": "r-1",
            "created_ms": 0, "body": body, "prev_hash": "", "hash": ""
        }))
        .unwrap()
    }

    fn decision(uid: &str, extra: &serde_json::Value) -> serde_json::Value {
        let mut body = json!({
            "uid": uid, "run_uid": "r-1", "environment": "staging", "request_id": null,
            "session_id": null, "action": "accept",
            "option": {"solution_id": 2, "title": "Swap <b>tail</b>", "as_shown": {}},
            "modification": null, "rationale": "Crew legal", "safety_acknowledged": [],
            "operator": "Dana Okafor", "os_user": "dana", "host": "occ-1", "decided_ms": 0,
            "analysis_sha256": "ab12", "analysis_received_ms": 0, "analysis_age_seconds": 120,
            "stale_confirmed": false, "later_analysis_run_uid": null, "supersedes": null
        });
        for (key, value) in extra.as_object().unwrap() {
            body[key] = value.clone();
        }
        body
    }

    #[test]
    fn each_decision_is_a_list_item_with_its_facts_as_sub_items() {
        // (records, lines the section holds, in this order)
        let table: Vec<(Vec<RecordExport>, Vec<&str>)> = vec![
            (vec![], vec![]),
            (
                vec![record(1, &decision("d-1", &json!({})))],
                vec![
                    "\n## Decisions\n\n- Decision d-1 (record 1), in force\n",
                    "  - Accepted option 2 · Swap &lt;b&gt;tail&lt;/b&gt;, on run r-1\n",
                    "  - Rationale: Crew legal\n",
                    "  - By Dana Okafor (dana on occ-1) at ",
                    "  - On the analysis received ",
                ],
            ),
            (
                vec![
                    record(
                        1,
                        &decision(
                            "d-1",
                            &json!({"action": "modify", "modification": "Depart 1 h later",
                                   "rationale": "Slot held\nCrew legal\n\n  until 03:10"}),
                        ),
                    ),
                    record(
                        2,
                        &decision(
                            "d-2",
                            &json!({"action": "reject", "option": null, "supersedes": "d-1",
                                   "safety_acknowledged": [{"agent": "crew_compliance",
                                   "constraint": "FDP | 13 h", "source": "binding_constraint"}]}),
                        ),
                    ),
                ],
                vec![
                    "- Decision d-1 (record 1), superseded by decision d-2\n",
                    "  - Modified option 2 · Swap",
                    "  - Modification: Depart 1 h later\n",
                    "  - Rationale: Slot held\\\n    Crew legal\\\n    until 03:10\n",
                    "- Decision d-2 (record 2), in force\n  - Rejected every option, on run r-1\n",
                    "  - Safety acknowledged: crew compliance: “FDP \\| 13 h”\n",
                    "  - Corrects decision d-1\n",
                ],
            ),
            (
                vec![record(3, &json!({"uid": "d-9", "not": "a decision"}))],
                vec!["- Decision d-9 (record 3) cannot be read"],
            ),
        ];
        for (records, expected) in table {
            let export: SessionExport = serde_json::from_value(json!({
                "format": "skymarshal-history", "version": 2, "title": "t", "environment": "staging", "server_session_id": null,
                "first_activity_ms": 0, "last_activity_ms": 0, "runs": [], "records": []
            }))
            .map(|mut e: SessionExport| {
                e.records = records;
                e
            })
            .unwrap();
            let mut out = String::new();
            write_decisions(&mut out, &export);
            if expected.is_empty() {
                assert_eq!(out, "");
            }
            let mut rest = out.as_str();
            for words in expected {
                let at = rest
                    .find(words)
                    .unwrap_or_else(|| panic!("{words:?} in\n{out}"));
                rest = &rest[at + words.len()..];
            }
        }
    }
}
