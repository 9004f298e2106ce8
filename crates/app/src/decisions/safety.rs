//! The safety rule: which constraints of an analysis stand against an
//! option, and which of them a decision must acknowledge by name.
//!
//! An analysis's safety constraints are each safety agent's
//! (`crew_compliance`, `maintenance`, `regulatory`) `binding_constraints`
//! in its last round present (the revision round, else the first round,
//! per agent, as the window's agents section reads them) and each
//! `final_decision.safety_overrides[].binding_constraint`. Accepting or
//! modifying an option other than the arbitrator's recommended one while
//! any constraint exists requires acknowledging every one of them; the
//! recommended option and a rejection need none, since the arbitrator
//! weighed them.

use serde_json::Value;

use crate::decisions::body::{Action, ConstraintSource, SafetyConstraint};

/// The safety agents, in the order the window shows them.
pub(crate) const SAFETY_AGENTS: [&str; 3] = ["crew_compliance", "maintenance", "regulatory"];

/// Every safety constraint of `document`, agents first, then overrides;
/// the same text twice from one agent and source is listed once.
pub(crate) fn safety_constraints(document: &Value) -> Vec<SafetyConstraint> {
    let audit = &document["audit_trail"];
    let mut found: Vec<SafetyConstraint> = Vec::new();
    let mut push = |constraint: SafetyConstraint| {
        if !found.contains(&constraint) {
            found.push(constraint);
        }
    };
    for agent in SAFETY_AGENTS {
        let latest = ["phase2_revision", "phase1_initial"]
            .iter()
            .map(|round| &audit[*round]["responses"][agent])
            .find(|response| response.is_object());
        let entries = latest
            .and_then(|response| response["binding_constraints"].as_array())
            .map_or(&[][..], Vec::as_slice);
        for entry in entries.iter().filter_map(text) {
            push(SafetyConstraint {
                agent: agent.to_owned(),
                constraint: entry,
                source: ConstraintSource::BindingConstraint,
            });
        }
    }
    let overrides = document["final_decision"]["safety_overrides"]
        .as_array()
        .map_or(&[][..], Vec::as_slice);
    for entry in overrides {
        if let Some(constraint) = text(&entry["binding_constraint"]) {
            push(SafetyConstraint {
                agent: entry["safety_agent"]
                    .as_str()
                    .unwrap_or("safety agent")
                    .to_owned(),
                constraint,
                source: ConstraintSource::SafetyOverride,
            });
        }
    }
    found
}

/// A constraint as text: the server's string, or an object's compact JSON
/// (never dropped: a constraint the console cannot read is still one).
fn text(value: &Value) -> Option<String> {
    match value {
        Value::Null => None,
        Value::String(s) if s.trim().is_empty() => None,
        Value::String(s) => Some(s.clone()),
        other => Some(other.to_string()),
    }
}

/// Whether deciding `action` on option `chosen` needs the constraints
/// acknowledged: an option other than the recommended one, accepted or
/// modified, while any constraint exists.
pub(crate) fn needs_acknowledgement(
    action: Action,
    chosen: Option<i64>,
    recommended: Option<i64>,
    constraints: &[SafetyConstraint],
) -> bool {
    action != Action::Reject && !constraints.is_empty() && chosen != recommended
}

/// The constraints `acknowledged` (their texts, as the window lists them)
/// leaves out.
pub(crate) fn unacknowledged<'a>(
    constraints: &'a [SafetyConstraint],
    acknowledged: &[String],
) -> Vec<&'a SafetyConstraint> {
    constraints
        .iter()
        .filter(|c| !acknowledged.iter().any(|a| a.trim() == c.constraint.trim()))
        .collect()
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    fn doc(rounds: Value, overrides: Value) -> Value {
        let mut document = json!({"final_decision": {}});
        document["audit_trail"] = rounds;
        document["final_decision"]["safety_overrides"] = overrides;
        document
    }

    #[test]
    fn constraints_come_from_each_safety_agents_last_round_and_the_overrides() {
        use ConstraintSource::{BindingConstraint as B, SafetyOverride as O};
        // (document, expected (agent, constraint, source))
        let table: Vec<(Value, Vec<(&str, &str, ConstraintSource)>)> = vec![
            (doc(json!({}), json!([])), vec![]),
            (
                doc(
                    json!({
                        "phase1_initial": {"responses": {
                            "maintenance": {"binding_constraints": ["MEL 21-1 open"]},
                            "crew_compliance": {"binding_constraints": ["FDP 13 h"]}
                        }},
                        "phase2_revision": {"responses": {
                            "crew_compliance": {"binding_constraints": ["FDP 14 h"]},
                            "network": {"binding_constraints": ["not a safety agent"]}
                        }}
                    }),
                    json!([{"safety_agent": "regulatory", "binding_constraint": "LHR curfew"}]),
                ),
                vec![
                    ("crew_compliance", "FDP 14 h", B),
                    ("maintenance", "MEL 21-1 open", B),
                    ("regulatory", "LHR curfew", O),
                ],
            ),
            (
                doc(
                    json!({"phase2_revision": {"responses": {
                        "regulatory": {"binding_constraints": [{"rule": "slot"}, "", null, "x", "x"]}
                    }}}),
                    json!([{"binding_constraint": "AOG"}, {"safety_agent": "maintenance"}]),
                ),
                vec![
                    ("regulatory", r#"{"rule":"slot"}"#, B),
                    ("regulatory", "x", B),
                    ("safety agent", "AOG", O),
                ],
            ),
            (
                skymarshal_sim::fixture(4),
                vec![(
                    "maintenance",
                    "Aircraft A6-ETQ AOG with no maintenance resolution timeline available - airworthiness cannot be confirmed",
                    O,
                )],
            ),
            (skymarshal_sim::fixture(1), vec![]),
        ];
        for (document, expected) in table {
            let found: Vec<(String, String, ConstraintSource)> = safety_constraints(&document)
                .into_iter()
                .map(|c| (c.agent, c.constraint, c.source))
                .collect();
            let expected: Vec<(String, String, ConstraintSource)> = expected
                .into_iter()
                .map(|(a, c, s)| (a.to_owned(), c.to_owned(), s))
                .collect();
            assert_eq!(found, expected);
        }
    }

    #[test]
    fn only_another_option_than_the_recommended_one_needs_acknowledging() {
        let one = [SafetyConstraint {
            agent: "maintenance".into(),
            constraint: "AOG".into(),
            source: ConstraintSource::SafetyOverride,
        }];
        // (action, chosen, recommended, constraints, needs)
        let table: [(Action, Option<i64>, Option<i64>, &[SafetyConstraint], bool); 7] = [
            (Action::Accept, Some(2), Some(1), &one, true),
            (Action::Modify, Some(2), Some(1), &one, true),
            (Action::Accept, Some(1), Some(1), &one, false),
            (Action::Modify, Some(1), Some(1), &one, false),
            (Action::Reject, None, Some(1), &one, false),
            (Action::Accept, Some(2), Some(1), &[], false),
            (Action::Accept, Some(1), None, &one, true),
        ];
        for (action, chosen, recommended, constraints, needs) in table {
            assert_eq!(
                needs_acknowledgement(action, chosen, recommended, constraints),
                needs,
                "{action:?} {chosen:?} against {recommended:?}"
            );
        }
    }

    #[test]
    fn every_constraint_must_be_named_to_be_acknowledged() {
        let constraints: Vec<SafetyConstraint> = ["AOG", "FDP 14 h"]
            .into_iter()
            .map(|c| SafetyConstraint {
                agent: "maintenance".into(),
                constraint: c.into(),
                source: ConstraintSource::BindingConstraint,
            })
            .collect();
        let table: [(&[&str], &[&str]); 4] = [
            (&[], &["AOG", "FDP 14 h"]),
            (&["AOG"], &["FDP 14 h"]),
            (&[" AOG ", "FDP 14 h"], &[]),
            (&["aog", "FDP 14 h"], &["AOG"]),
        ];
        for (given, left) in table {
            let given: Vec<String> = given.iter().map(|s| (*s).to_owned()).collect();
            let found: Vec<&str> = unacknowledged(&constraints, &given)
                .iter()
                .map(|c| c.constraint.as_str())
                .collect();
            assert_eq!(found, left, "{given:?}");
        }
    }
}
