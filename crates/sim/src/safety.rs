//! An analysis with safety constraints standing, for the duty manager's
//! decision: none of the four recorded responses pairs a binding
//! constraint with a choice of options (the one with a safety override
//! offers a single option), so this scenario adds them to the three-option
//! response, the shapes copied from the recorded ones
//! (`binding_constraints` as strings per agent and round, a
//! `safety_overrides` entry as in fixture 4).

use serde_json::{Value, json};

/// The crew compliance agent's constraint, in both rounds.
pub const CREW_CONSTRAINT: &str =
    "Captain's flight duty period ends at 03:10 UTC; any delay past 02:10 UTC needs a fresh crew";

/// The maintenance agent's constraint, in both rounds.
pub const MAINTENANCE_CONSTRAINT: &str =
    "A6-BNC must not be dispatched until the hydraulic leak is signed off by a licensed engineer";

/// The regulatory override the arbitrator recorded.
pub const REGULATORY_OVERRIDE: &str =
    "Bangkok night curfew: no departure between 02:00 and 05:00 UTC without a dispensation";

/// `document` with the constraints and the override added (the recorded
/// ones kept).
pub(crate) fn constrained(mut document: Value) -> Value {
    for round in ["phase1_initial", "phase2_revision"] {
        for (agent, text) in [
            ("crew_compliance", CREW_CONSTRAINT),
            ("maintenance", MAINTENANCE_CONSTRAINT),
        ] {
            let pointer = format!("/audit_trail/{round}/responses/{agent}");
            if let Some(response) = document
                .pointer_mut(&pointer)
                .and_then(Value::as_object_mut)
            {
                push(response.entry("binding_constraints"), json!(text));
            }
        }
    }
    let override_entry = json!({
        "safety_agent": "regulatory",
        "binding_constraint": REGULATORY_OVERRIDE,
        "overridden_recommendations": ["Network: Depart at 02:30 UTC to protect the Abu Dhabi connections"],
    });
    for pointer in ["/final_decision", "/audit_trail/phase3_arbitration"] {
        if let Some(decision) = document.pointer_mut(pointer).and_then(Value::as_object_mut) {
            push(decision.entry("safety_overrides"), override_entry.clone());
        }
    }
    document
}

fn push(slot: serde_json::map::Entry<'_>, value: Value) {
    let list = slot.or_insert_with(|| Value::Array(Vec::new()));
    if let Some(list) = list.as_array_mut() {
        list.push(value);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_three_option_response_gains_every_constraint_once() {
        let document = constrained(crate::fixtures::response(1));
        let text = document.to_string();
        for constraint in [CREW_CONSTRAINT, MAINTENANCE_CONSTRAINT] {
            assert_eq!(
                text.matches(constraint).count(),
                2,
                "{constraint}: one per round"
            );
        }
        assert_eq!(
            text.matches(REGULATORY_OVERRIDE).count(),
            2,
            "decision and arbitration"
        );
        let options = document["final_decision"]["solution_options"]
            .as_array()
            .unwrap();
        assert_eq!(options.len(), 3);
    }
}
