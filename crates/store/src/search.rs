//! Full-text search: what goes into the index (the prompt, the decision,
//! the recommendations and the options' titles, where flight and tail
//! numbers live; and the duty manager's decisions on the run: each
//! rationale and modification) and how a user's words become an FTS5 query that can
//! never be a syntax error.

use serde_json::Value;

/// The searchable parts of one chunk's analysis.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Searchable {
    /// The arbitrator's decision.
    pub decision: String,
    /// Its recommendations, one per line.
    pub recommendations: String,
    /// Each option's title and description, one per line.
    pub options: String,
}

/// The searchable text of a `chunk` event's data, or `None` when the chunk
/// holds no decision (an agent's partial result, a failure).
pub fn searchable_text(data: &str) -> Option<Searchable> {
    // Read as the live client reads it: a bare `NaN` or a double-encoded
    // document must not keep a run the window showed out of the search.
    let document = skymarshal_json::chunk_document(data)?;
    let decision = find_decision(&document, 0)?;
    let text = |v: Option<&Value>| v.and_then(Value::as_str).unwrap_or_default().to_owned();
    let lines = |v: Option<&Value>| {
        v.and_then(Value::as_array)
            .map(|items| {
                items
                    .iter()
                    .filter_map(Value::as_str)
                    .collect::<Vec<_>>()
                    .join("\n")
            })
            .unwrap_or_default()
    };
    let options = decision
        .get("solution_options")
        .and_then(Value::as_array)
        .map(|options| {
            options
                .iter()
                .map(|o| format!("{}\n{}", text(o.get("title")), text(o.get("description"))))
                .collect::<Vec<_>>()
                .join("\n")
        })
        .unwrap_or_default();
    Some(Searchable {
        decision: text(decision.get("final_decision")),
        recommendations: lines(decision.get("recommendations")),
        options,
    })
}

/// The object that holds the decision: `final_decision` as an object, or
/// the object whose `final_decision` is the decision's text.
fn find_decision(value: &Value, depth: usize) -> Option<&Value> {
    if depth > 4 {
        return None;
    }
    let object = value.as_object()?;
    match object.get("final_decision") {
        Some(Value::String(_)) => Some(value),
        Some(inner @ Value::Object(_)) => find_decision(inner, depth + 1),
        _ => object
            .get("assessment")
            .and_then(|inner| find_decision(inner, depth + 1)),
    }
}

/// The searchable text of a decision record's body: its rationale and its
/// modification, one per line (either may be absent; a body that is not
/// JSON gives nothing).
pub(crate) fn decision_text(body: &str) -> String {
    let body: Value = serde_json::from_str(body).unwrap_or_default();
    ["rationale", "modification"]
        .into_iter()
        .filter_map(|field| body.get(field).and_then(Value::as_str))
        .collect::<Vec<_>>()
        .join("\n")
}

/// The user's words as an FTS5 query: each word quoted (an embedded quote
/// doubled), all required. `"`, `-`, `*`, `AND`, `NEAR(` and `col:` are
/// then plain text, never syntax. `None` when there is nothing to search.
pub fn fts_query(input: &str) -> Option<String> {
    let terms: Vec<String> = input
        .split_whitespace()
        .map(|word| format!("\"{}\"", word.replace('"', "\"\"")))
        .collect();
    (!terms.is_empty()).then(|| terms.join(" "))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_decisions_rationale_and_modification_are_searchable() {
        let table = [
            (
                r#"{"rationale":"crew rest","modification":"depart 14:05"}"#,
                "crew rest\ndepart 14:05",
            ),
            (
                r#"{"rationale":"only this","modification":null}"#,
                "only this",
            ),
            (r#"{"action":"reject"}"#, ""),
            ("not json", ""),
        ];
        for (body, expected) in table {
            assert_eq!(decision_text(body), expected, "{body}");
        }
    }

    #[test]
    fn operators_become_quoted_text() {
        let table = [
            ("EY283", "\"EY283\""),
            ("a6-bla delayed", "\"a6-bla\" \"delayed\""),
            ("\"unterminated", "\"\"\"unterminated\""),
            (
                "NEAR(x y) AND col:z -w *",
                "\"NEAR(x\" \"y)\" \"AND\" \"col:z\" \"-w\" \"*\"",
            ),
        ];
        for (input, expected) in table {
            assert_eq!(fts_query(input).as_deref(), Some(expected), "{input}");
        }
        assert_eq!(fts_query("   "), None);
    }
}
