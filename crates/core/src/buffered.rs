//! The buffered form: a deployment that does not stream answers with one
//! JSON body. It carries what the stream would have, so it becomes the
//! same events (`metadata`, one `chunk`, `complete`, or `error`) and the
//! rest of the console never knows the difference. Only a body of that
//! shape does: a 200 with some other JSON (a proxy's, or a function
//! deployed without streaming) is not an analysis, however it is labelled.

use serde_json::{Map, Value, json};
use time::OffsetDateTime;
use time::format_description::well_known::Rfc3339;

use crate::analysis::OrchestratorFailure;
use skymarshal_json::{self as lenient, OddValue};

/// Keys of the buffered envelope that are not part of the analysis.
const ENVELOPE: [&str; 3] = ["request_id", "session_id", "execution_time_ms"];

/// The protocol events a buffered body stands for, as JSON values in the
/// stream's own shape, with the values that had to be repaired to read it
/// (paths from the body, which is the analysis document's top level);
/// `None` when the body is not of the buffered form's shape: an analysis
/// (`status` `success`, or a `final_decision` object), the orchestrator's
/// failure, or this server's error (`status` `error`, or an
/// `error_message`).
pub(crate) fn events(body: &[u8]) -> Option<(Vec<Value>, Vec<OddValue>)> {
    let text = std::str::from_utf8(body).ok()?;
    let (document, odd) = lenient::parse(text).ok()?;
    let status = document.get("status").and_then(Value::as_str).unwrap_or("");
    let is_error = status.eq_ignore_ascii_case("error")
        || (status.is_empty()
            && document.get("error_message").is_some_and(Value::is_string)
            && document.get("error").is_none());
    let is_analysis = status.eq_ignore_ascii_case("success")
        || document.get("final_decision").is_some_and(Value::is_object)
        || OrchestratorFailure::detect(&document).is_some();
    if !is_error && !is_analysis {
        return None;
    }
    // Checked before it is taken apart, so the whole analysis is never
    // copied to look at its shape.
    let Value::Object(mut body) = document else {
        return None;
    };
    let take_text = |body: &Map<String, Value>, key: &str| {
        body.get(key).and_then(Value::as_str).map(str::to_owned)
    };
    let request_id = take_text(&body, "request_id");
    let session_id = take_text(&body, "session_id");
    let timestamp = body.get("timestamp").and_then(unix_seconds);
    let metadata = json!({
        "type": "metadata",
        "request_id": request_id,
        "session_id": session_id,
        "timestamp": timestamp,
    });
    if is_error {
        let error = json!({
            "type": "error",
            "error_code": take_text(&body, "error_code").unwrap_or_else(|| "UNKNOWN".to_owned()),
            "error_message": take_text(&body, "error_message")
                .unwrap_or_else(|| "the server reported an error without a message".to_owned()),
        });
        let events = match request_id {
            Some(_) => vec![metadata, error],
            None => vec![error],
        };
        return Some((events, odd));
    }
    let execution_time_ms = body
        .get("execution_time_ms")
        .cloned()
        .unwrap_or(Value::Null);
    for key in ENVELOPE {
        body.remove(key);
    }
    let events = vec![
        metadata,
        json!({"type": "chunk", "data": Value::Object(body)}),
        json!({"type": "complete", "execution_time_ms": execution_time_ms, "chunk_count": 1}),
    ];
    Some((events, odd))
}

/// The stream's `metadata` carries Unix seconds; the buffered body an
/// RFC 3339 string or a number.
fn unix_seconds(value: &Value) -> Option<f64> {
    if let Some(seconds) = value.as_f64() {
        return Some(seconds);
    }
    let text = value.as_str()?;
    let parsed = OffsetDateTime::parse(text, &Rfc3339)
        .or_else(|_| OffsetDateTime::parse(&format!("{text}Z"), &Rfc3339))
        .ok()?;
    Some(parsed.unix_timestamp_nanos() as f64 / 1e9)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn success_becomes_three_events() {
        let body =
            br#"{"status":"success","request_id":"r","session_id":"s","execution_time_ms":42,
            "timestamp":"2026-01-02T03:04:05Z","final_decision":{"confidence":0.9}}"#;
        let (events, odd) = events(body).unwrap();
        assert!(odd.is_empty());
        let types: Vec<&str> = events.iter().map(|e| e["type"].as_str().unwrap()).collect();
        assert_eq!(types, ["metadata", "chunk", "complete"]);
        assert_eq!(events[0]["request_id"], "r");
        assert_eq!(events[0]["timestamp"], 1_767_323_045.0);
        assert_eq!(events[1]["data"]["final_decision"]["confidence"], 0.9);
        assert_eq!(events[1]["data"]["status"], "success");
        assert!(events[1]["data"].get("request_id").is_none());
        assert_eq!(events[2]["execution_time_ms"], 42);
    }

    #[test]
    fn error_becomes_an_error_event() {
        let body =
            br#"{"status":"error","request_id":"r","error_code":"TIMEOUT","error_message":"slow"}"#;
        let (events, _) = events(body).unwrap();
        assert_eq!(events.len(), 2);
        assert_eq!(events[1]["error_code"], "TIMEOUT");
        assert!(super::events(b"[1]").is_none());
        assert!(super::events(b"not json").is_none());
    }

    #[test]
    fn only_the_buffered_shapes_are_read() {
        // (body, the event types it stands for, or None when it is not ours)
        let table: &[(&str, Option<&[&str]>)] = &[
            (
                r#"{"status": "success"}"#,
                Some(&["metadata", "chunk", "complete"]),
            ),
            (
                r#"{"final_decision": {"confidence": NaN}}"#,
                Some(&["metadata", "chunk", "complete"]),
            ),
            (
                r#"{"status": "VALIDATION_FAILED", "reason": "r"}"#,
                Some(&["metadata", "chunk", "complete"]),
            ),
            (
                r#"{"error": "boom", "error_type": "E"}"#,
                Some(&["metadata", "chunk", "complete"]),
            ),
            (
                r#"{"status": "error", "error_message": "m"}"#,
                Some(&["error"]),
            ),
            (
                r#"{"error_code": "X", "error_message": "m"}"#,
                Some(&["error"]),
            ),
            // Field case 04: a Go function's response struct, serialised.
            (
                r#"{"StatusCode":200,"Headers":{"Content-Type":"text/event-stream"},"Body":{"ReadCloser":{}},"Cookies":null}"#,
                None,
            ),
            (
                r#"{"statusCode": 200, "body": "{\"status\": \"success\"}"}"#,
                None,
            ),
            (r#"{"ok": true}"#, None),
            (r#"{}"#, None),
            (r#"{"final_decision": "approved"}"#, None),
            (r#"{"status": "healthy", "version": "1.2"}"#, None),
            (r#"["status", "success"]"#, None),
            ("null", None),
        ];
        for (body, want) in table {
            let got = events(body.as_bytes()).map(|(events, _)| {
                events
                    .iter()
                    .map(|e| e["type"].as_str().unwrap().to_owned())
                    .collect::<Vec<_>>()
            });
            let want = want.map(|w| w.iter().map(|t| (*t).to_owned()).collect::<Vec<_>>());
            assert_eq!(got, want, "{body}");
        }
    }
}
