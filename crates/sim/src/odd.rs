//! Event text as a server that is not quite JSON writes it: Python's JSON
//! writer emits bare `NaN` and `Infinity` for non-finite floats, and text
//! from a language model can carry an escape JSON does not allow or half
//! of a surrogate pair. serde_json never writes these, so each is put in
//! as a marker value and the marker is swapped for the exact text.

use serde_json::Value;

const NAN: &str = "SKYMARSHAL-ODD-NAN";
const INFINITY: &str = "SKYMARSHAL-ODD-INFINITY";
const BROKEN_ESCAPE: &str = "SKYMARSHAL-ODD-BROKEN-ESCAPE";
const LONE_SURROGATE: &str = "SKYMARSHAL-ODD-LONE-SURROGATE";

/// A chunk whose recommended option (else the first) has a bare `NaN` as
/// its `composite_score` and `Infinity` as its `network_score`.
pub(crate) fn non_finite_scores(document: &Value) -> String {
    let mut document = document.clone();
    let recommended = document
        .pointer("/final_decision/recommended_solution_id")
        .cloned();
    if let Some(options) = document
        .pointer_mut("/final_decision/solution_options")
        .and_then(Value::as_array_mut)
    {
        let at = options
            .iter()
            .position(|o| recommended.is_some() && o.get("solution_id") == recommended.as_ref())
            .unwrap_or(0);
        if let Some(option) = options.get_mut(at).and_then(Value::as_object_mut) {
            option.insert("composite_score".into(), NAN.into());
            option.insert("network_score".into(), INFINITY.into());
        }
    }
    swap(&chunk(document))
}

/// A chunk whose decision text ends with `crew\'s`, an escape JSON does
/// not allow.
pub(crate) fn broken_escape(document: &Value) -> String {
    let mut document = document.clone();
    if let Some(Value::String(text)) = document.pointer_mut("/final_decision/final_decision") {
        text.push_str(&format!(" Note: {BROKEN_ESCAPE} rest ends at 14:10."));
    }
    swap(&chunk(document))
}

/// A chunk whose first recommendation holds `\ud83d`, half of a pair.
pub(crate) fn lone_surrogate(document: &Value) -> String {
    let mut document = document.clone();
    if let Some(Value::String(text)) = document.pointer_mut("/final_decision/recommendations/0") {
        text.push_str(&format!(" {LONE_SURROGATE}"));
    }
    swap(&chunk(document))
}

/// `metadata` with a `NaN` timestamp.
pub(crate) fn metadata_with_nan(mut metadata: Value) -> String {
    metadata["timestamp"] = NAN.into();
    swap(&metadata)
}

/// `complete` with an `Infinity` execution time.
pub(crate) fn complete_with_infinity(chunk_count: usize) -> String {
    let complete = serde_json::json!({
        "type": "complete",
        "execution_time_ms": INFINITY,
        "chunk_count": chunk_count,
    });
    swap(&complete)
}

fn chunk(document: Value) -> Value {
    let mut event = serde_json::json!({"type": "chunk"});
    event["data"] = document;
    event
}

/// The event as text, each marker swapped for what it stands for.
fn swap(event: &Value) -> String {
    event
        .to_string()
        .replace(&format!("\"{NAN}\""), "NaN")
        .replace(&format!("\"{INFINITY}\""), "Infinity")
        .replace(BROKEN_ESCAPE, r"crew\'s")
        .replace(LONE_SURROGATE, r"\ud83d")
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    #[test]
    fn the_odd_text_is_what_python_and_models_write() {
        let document = json!({"final_decision": {
            "final_decision": "Swap",
            "recommendations": ["Hold crew"],
            "recommended_solution_id": 2,
            "solution_options": [{"solution_id": 1}, {"solution_id": 2}],
        }});
        let scores = non_finite_scores(&document);
        // The recommended option (id 2), not the first.
        let second = &scores[scores.find(r#""solution_id":1"#).unwrap()..];
        assert!(second.contains(r#""composite_score":NaN"#), "{scores}");
        assert!(second.contains(r#""network_score":Infinity"#), "{scores}");
        assert!(serde_json::from_str::<Value>(&scores).is_err());
        assert!(broken_escape(&document).contains(r#"Swap Note: crew\'s rest"#));
        assert!(lone_surrogate(&document).contains(r#"Hold crew \ud83d""#));
        assert!(metadata_with_nan(json!({"type": "metadata"})).contains(r#""timestamp":NaN"#));
        assert!(complete_with_infinity(1).contains(r#""execution_time_ms":Infinity"#));
    }
}
