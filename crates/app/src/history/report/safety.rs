//! The safety constraints standing on an analysis, as one line the duty
//! manager reads before deciding, in the terminal and in the report: the
//! same constraints the decision rule asks to acknowledge, so nobody
//! first learns of them from a refusal.

use serde_json::Value;

use crate::decisions::body::ConstraintSource;
use crate::decisions::safety::safety_constraints;

/// The safety constraints standing on an analysis document, as one line
/// the duty manager reads before deciding: `Safety constraints: Crew
/// compliance: …; Maintenance: …; Safety override (regulatory): …`. They
/// are read as the decision rule reads them (each safety agent's
/// `binding_constraints` in its latest round, then each
/// `final_decision.safety_overrides[].binding_constraint`); `None` when
/// none stands. The server's text is as sent: escape it for Markdown.
pub fn safety_line(document: &Value) -> Option<String> {
    let parts: Vec<String> = safety_constraints(document)
        .into_iter()
        .map(|c| {
            let label = match c.source {
                ConstraintSource::BindingConstraint => c.agent_title(),
                ConstraintSource::SafetyOverride => {
                    format!("Safety override ({})", c.agent_words())
                }
            };
            format!("{label}: {}", c.constraint)
        })
        .collect();
    (!parts.is_empty()).then(|| format!("Safety constraints: {}", parts.join("; ")))
}

#[cfg(test)]
mod tests {
    use serde_json::Value;

    #[test]
    fn the_safety_constraints_standing_are_one_line_in_the_decision_section() {
        let constrained = serde_json::json!({
            "audit_trail": {"phase2_revision": {"responses": {
                "crew_compliance": {"binding_constraints": ["FDP ends 03:10 UTC"]},
                "maintenance": {"binding_constraints": ["No dispatch <until> sign-off"]}
            }}},
            "final_decision": {"safety_overrides": [
                {"safety_agent": "regulatory", "binding_constraint": "Curfew | 02:00-05:00"}
            ]}
        });
        // (document, the report's line; None: no line at all)
        let table: [(Value, Option<&str>); 3] = [
            (
                constrained,
                Some(
                    "\nSafety constraints: Crew compliance: FDP ends 03:10 UTC; Maintenance: No \
                     dispatch &lt;until&gt; sign-off; Safety override (regulatory): Curfew \\| \
                     02:00-05:00\n",
                ),
            ),
            (
                skymarshal_sim::fixture(4),
                Some(
                    "\nSafety constraints: Safety override (maintenance): Aircraft A6-ETQ AOG \
                     with no maintenance resolution timeline available",
                ),
            ),
            (skymarshal_sim::fixture(1), None),
        ];
        for (doc, line) in table {
            let mut out = String::new();
            super::super::write_analysis(&mut out, &doc);
            match line {
                Some(line) => assert!(out.contains(line), "{line:?} in\n{out}"),
                None => assert!(!out.contains("Safety constraints"), "{out}"),
            }
        }
    }
}
