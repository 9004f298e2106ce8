//! The server's JSON as the server writes it, for every reader of it: the
//! client reading a live stream, the history indexing a stored event, the
//! report and the CLI reading a past run. Each must read a document with a
//! bare `NaN` or a double-encoded chunk the same way, or a run the window
//! showed would be "no analysis" in its report and missing from search.

mod lenient;

pub use lenient::{OddKind, OddValue, parse};

use serde_json::Value;

/// A chunk's data that is a JSON string holding a document (a server that
/// encoded the document twice) is that document, read leniently too, with
/// what had to be repaired in it. Any other value, and a string that is
/// text rather than a document, is returned as it is.
pub fn unwrap_document(data: Value) -> (Value, Vec<OddValue>) {
    let Value::String(text) = &data else {
        return (data, Vec::new());
    };
    let trimmed = text.trim_start();
    if !(trimmed.starts_with('{') || trimmed.starts_with('[')) {
        return (data, Vec::new());
    }
    match parse(text) {
        Ok((inner, odd)) if inner.is_object() || inner.is_array() => (inner, odd),
        _ => (data, Vec::new()),
    }
}

/// The analysis document a stored `chunk` event's data (`{"type":
/// "chunk", "data": ...}`) carries, read as the live client reads it; a
/// bare document (no `data` key) is taken as it is. `None` when the text is
/// not JSON even after repair, or carries no object.
pub fn chunk_document(event_data: &str) -> Option<Value> {
    let (mut value, _) = parse(event_data).ok()?;
    let document = match value.get_mut("data") {
        Some(data) => unwrap_document(data.take()).0,
        None => value,
    };
    document.is_object().then_some(document)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn chunk_documents_as_stored() {
        // (a stored event's data, the decision text read from it)
        let table = [
            (
                r#"{"type":"chunk","data":{"final_decision":{"final_decision":"Swap"}}}"#,
                Some("Swap"),
            ),
            (
                r#"{"type":"chunk","data":{"final_decision":{"final_decision":"Swap","confidence":NaN}}}"#,
                Some("Swap"),
            ),
            (
                r#"{"type":"chunk","data":"{\"final_decision\":{\"final_decision\":\"Swap\"}}"}"#,
                Some("Swap"),
            ),
            (
                r#"{"final_decision":{"final_decision":"Swap"}}"#,
                Some("Swap"),
            ),
            (r#"{"type":"chunk","data":"plain words"}"#, None),
            (
                r#"{"type":"chunk","data":{"final_decision":{"final_decision":"Sw"#,
                None,
            ),
            ("not json", None),
        ];
        for (data, decision) in table {
            let read = chunk_document(data);
            let got = read
                .as_ref()
                .and_then(|d| d.pointer("/final_decision/final_decision"))
                .and_then(Value::as_str);
            assert_eq!(got, decision, "{data}");
        }
    }
}
