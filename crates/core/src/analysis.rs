//! Reading an analysis document (a chunk's `data`): whether it is the
//! orchestrator's own failure, and the few fields a headline needs. Every
//! field may be missing or of another shape; nothing here panics or
//! guesses.

use serde::Serialize;
use serde_json::Value;

/// A chunk that carries the orchestrator's failure instead of an analysis.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct OrchestratorFailure {
    /// `error_type`, `VALIDATION_FAILED`, or `ORCHESTRATOR_ERROR`.
    pub code: String,
    /// What the orchestrator said.
    pub message: String,
}

impl OrchestratorFailure {
    /// Recognises the two failure shapes of PROTOCOL.md:
    /// `{"error", "error_message", "error_type"}` and
    /// `{"status": "VALIDATION_FAILED", "reason", "recommendations"}`.
    pub fn detect(data: &Value) -> Option<Self> {
        let object = data.as_object()?;
        let text = |key: &str| object.get(key).and_then(Value::as_str).map(str::to_owned);
        if let Some(error) = object.get("error").filter(|e| !e.is_null()) {
            let message = text("error_message")
                .or_else(|| error.as_str().map(str::to_owned))
                .unwrap_or_else(|| error.to_string());
            let code = text("error_type").unwrap_or_else(|| "ORCHESTRATOR_ERROR".to_owned());
            return Some(Self { code, message });
        }
        let status = text("status")?;
        if status.eq_ignore_ascii_case("VALIDATION_FAILED") {
            let mut message =
                text("reason").unwrap_or_else(|| "the request failed validation".to_owned());
            let advice: Vec<&str> = object
                .get("recommendations")
                .and_then(Value::as_array)
                .map(|list| list.iter().filter_map(Value::as_str).collect())
                .unwrap_or_default();
            if !advice.is_empty() {
                message.push_str(" (");
                message.push_str(&advice.join("; "));
                message.push(')');
            }
            return Some(Self {
                code: "VALIDATION_FAILED".to_owned(),
                message,
            });
        }
        if matches!(
            status.to_ascii_lowercase().as_str(),
            "error" | "failed" | "failure"
        ) {
            return Some(Self {
                code: text("error_code").unwrap_or_else(|| "ORCHESTRATOR_ERROR".to_owned()),
                message: text("error_message")
                    .or_else(|| text("reason"))
                    .unwrap_or_else(|| format!("the orchestrator reported status {status:?}")),
            });
        }
        None
    }
}

/// The scores of one solution option, 0 to 100 each.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct OptionScores {
    /// `solution_id`, as text.
    pub id: String,
    /// `title`.
    pub title: Option<String>,
    /// `composite_score`.
    pub composite: Option<f64>,
    /// `safety_score`.
    pub safety: Option<f64>,
    /// `cost_score`.
    pub cost: Option<f64>,
    /// `passenger_score`.
    pub passenger: Option<f64>,
    /// `network_score`.
    pub network: Option<f64>,
}

/// The arbitrator's verdict in brief.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Decision {
    /// The one-paragraph decision.
    pub text: Option<String>,
    /// 0 to 1.
    pub confidence: Option<f64>,
    /// The arbitrator's warning (a fallback plan, for one).
    pub warning: Option<String>,
    /// Whether the arbitrator fell back to a conservative plan.
    pub fallback_used: bool,
}

/// The headline of an analysis: the decision and the recommended option.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Summary {
    /// The verdict.
    pub decision: Decision,
    /// The recommended option, when the document names one that exists.
    pub recommended: Option<OptionScores>,
    /// How many options the arbitrator offered.
    pub option_count: usize,
}

impl Summary {
    /// Reads the headline out of a full analysis document; `None` when the
    /// value has no `final_decision` object (a partial chunk, say).
    pub fn from_analysis(data: &Value) -> Option<Self> {
        let decision = data.get("final_decision")?.as_object()?;
        let text = |key: &str| decision.get(key).and_then(Value::as_str).map(str::to_owned);
        let options: &[Value] = decision
            .get("solution_options")
            .and_then(Value::as_array)
            .map_or(&[], Vec::as_slice);
        let recommended_id = decision.get("recommended_solution_id").and_then(id_text);
        let recommended = recommended_id.and_then(|id| {
            options
                .iter()
                .find(|o| o.get("solution_id").and_then(id_text).as_deref() == Some(id.as_str()))
                .map(|o| scores(&id, o))
        });
        Some(Self {
            decision: Decision {
                text: text("final_decision"),
                confidence: decision.get("confidence").and_then(Value::as_f64),
                warning: text("warning"),
                fallback_used: decision.get("fallback_used").and_then(Value::as_bool) == Some(true),
            },
            recommended,
            option_count: options.len(),
        })
    }
}

/// Ids arrive as numbers or strings; compare them as text.
fn id_text(value: &Value) -> Option<String> {
    match value {
        Value::String(s) => Some(s.clone()),
        Value::Number(n) => Some(n.to_string()),
        _ => None,
    }
}

fn scores(id: &str, option: &Value) -> OptionScores {
    let number = |key: &str| option.get(key).and_then(Value::as_f64);
    OptionScores {
        id: id.to_owned(),
        title: option
            .get("title")
            .and_then(Value::as_str)
            .map(str::to_owned),
        composite: number("composite_score"),
        safety: number("safety_score"),
        cost: number("cost_score"),
        passenger: number("passenger_score"),
        network: number("network_score"),
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    #[test]
    fn failure_shapes() {
        // (chunk data, expected failure code)
        let table = [
            (
                json!({"error": "boom", "error_message": "Agent crashed", "error_type": "RuntimeError"}),
                Some("RuntimeError"),
            ),
            (json!({"error": {"detail": 1}}), Some("ORCHESTRATOR_ERROR")),
            (
                json!({"status": "VALIDATION_FAILED", "reason": "no flight", "recommendations": ["name a flight"]}),
                Some("VALIDATION_FAILED"),
            ),
            (
                json!({"status": "error", "error_message": "x"}),
                Some("ORCHESTRATOR_ERROR"),
            ),
            (json!({"status": "success", "final_decision": {}}), None),
            (json!({"error": null, "status": "success"}), None),
            (json!("a string"), None),
            (json!([1, 2]), None),
        ];
        for (data, code) in table {
            assert_eq!(
                OrchestratorFailure::detect(&data)
                    .map(|f| f.code)
                    .as_deref(),
                code,
                "{data}"
            );
        }
    }

    #[test]
    fn summary_survives_odd_shapes() {
        let table = [
            json!({}),
            json!({"final_decision": null}),
            json!({"final_decision": {"solution_options": "not a list", "recommended_solution_id": {}}}),
            json!({"final_decision": {"recommended_solution_id": "2", "solution_options": [{"solution_id": 2, "composite_score": "high"}]}}),
        ];
        for data in &table {
            let _ = Summary::from_analysis(data);
        }
        let summary = Summary::from_analysis(&table[3]).unwrap();
        assert_eq!(summary.recommended.unwrap().composite, None);
    }
}
