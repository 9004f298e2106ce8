//! The protocol's events, typed. Decoding never fails: an event the
//! console does not understand is kept raw as [`ServerEvent::Unknown`] and
//! reported, so nothing the server sent is ever dropped. Every event is
//! read leniently (`skymarshal-json`): one non-finite number or broken escape
//! costs that value, never the event.

use std::time::SystemTime;

use serde::Serialize;
use serde_json::Value;

use skymarshal_json::{self as lenient, OddValue};

/// One event of the analysis protocol, decoded from an SSE event's data.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum ServerEvent {
    /// First, once: the server accepted the request.
    Metadata {
        /// The server's id for this request.
        request_id: Option<String>,
        /// The session the request belongs to; send it back to continue.
        session_id: Option<String>,
        /// Unix seconds.
        timestamp: Option<f64>,
    },
    /// One piece of the analysis.
    Chunk {
        /// Any JSON value; today a whole analysis document.
        data: Value,
    },
    /// Last, on success.
    Complete {
        /// The server's own measure of the run.
        execution_time_ms: Option<u64>,
        /// How many chunks the server sent.
        chunk_count: Option<u64>,
    },
    /// Last, on failure.
    Error {
        /// For example `STREAMING_ERROR`.
        error_code: String,
        /// The server's words.
        error_message: String,
    },
    /// Anything else: an unknown `type`, or data that is not JSON.
    Unknown {
        /// Why it was not understood.
        reason: String,
    },
}

/// An event as read, with what had to be repaired to read it.
#[derive(Debug, Clone, PartialEq)]
pub struct Decoded {
    /// What it means.
    pub event: ServerEvent,
    /// Values the strict parser refused and the console repaired: shown
    /// as missing (non-finite numbers) or with U+FFFD (broken escapes).
    /// A chunk's paths start at its analysis document; other events'
    /// paths at the event.
    pub odd_values: Vec<OddValue>,
    /// Set when the data could not be read as an event at all (not JSON,
    /// no `type`): it may have been a chunk, so it may have held the
    /// analysis. An event of a type the protocol lacks is not counted.
    pub unreadable: bool,
}

impl ServerEvent {
    /// Decodes an SSE event's data.
    pub fn decode(data: &str) -> Self {
        Self::read(data).event
    }

    /// Decodes an SSE event's data, reporting what had to be repaired.
    pub fn read(data: &str) -> Decoded {
        match lenient::parse(data) {
            Ok((value, odd)) => Self::read_value(value, odd),
            Err(error) => Decoded {
                event: Self::Unknown {
                    reason: not_json(&error),
                },
                odd_values: Vec::new(),
                unreadable: true,
            },
        }
    }

    /// Decodes an already parsed JSON event.
    pub fn from_value(value: Value) -> Self {
        Self::read_value(value, Vec::new()).event
    }

    /// Decodes a parsed event whose parse repaired `odd` (paths from the
    /// event's root).
    pub(crate) fn read_value(mut value: Value, mut odd: Vec<OddValue>) -> Decoded {
        let text =
            |value: &Value, key: &str| value.get(key).and_then(Value::as_str).map(str::to_owned);
        let Some(kind) = value.get("type").and_then(Value::as_str) else {
            return Decoded {
                event: Self::Unknown {
                    reason: "the event has no \"type\" field".to_owned(),
                },
                odd_values: odd,
                unreadable: true,
            };
        };
        let event = match kind {
            "metadata" => Self::Metadata {
                request_id: text(&value, "request_id"),
                session_id: text(&value, "session_id"),
                timestamp: value.get("timestamp").and_then(Value::as_f64),
            },
            "chunk" => {
                let data = value
                    .get_mut("data")
                    .map(Value::take)
                    .unwrap_or(Value::Null);
                // A chunk's odd values are named from its document.
                for value in &mut odd {
                    value.path = within_data(&value.path);
                }
                let (data, inner) = lenient::unwrap_document(data);
                odd.extend(inner);
                Self::Chunk { data }
            }
            "complete" => Self::Complete {
                execution_time_ms: value.get("execution_time_ms").and_then(as_whole_number),
                chunk_count: value.get("chunk_count").and_then(as_whole_number),
            },
            "error" => Self::Error {
                error_code: text(&value, "error_code").unwrap_or_else(|| "UNKNOWN".to_owned()),
                error_message: text(&value, "error_message")
                    .unwrap_or_else(|| "the server reported an error without a message".to_owned()),
            },
            other => Self::Unknown {
                reason: format!("unknown event type {other:?}"),
            },
        };
        Decoded {
            event,
            odd_values: odd,
            unreadable: false,
        }
    }

    /// The protocol's name for the event's type.
    pub fn type_name(&self) -> &'static str {
        match self {
            Self::Metadata { .. } => "metadata",
            Self::Chunk { .. } => "chunk",
            Self::Complete { .. } => "complete",
            Self::Error { .. } => "error",
            Self::Unknown { .. } => "unknown",
        }
    }
}

/// A path inside a chunk event (`data.final_decision`), from the chunk's
/// document instead (`final_decision`).
fn within_data(path: &str) -> String {
    match path.strip_prefix("data") {
        Some("") => String::new(),
        Some(rest) if rest.starts_with('.') => rest[1..].to_owned(),
        Some(rest) if rest.starts_with('[') => rest.to_owned(),
        _ => path.to_owned(),
    }
}

/// Why data is not JSON, in words: a duty manager reads this in a
/// failure's message, where "EOF while parsing a string at line 1 column
/// 68370" says nothing. The position stays, for whoever reads the raw
/// event.
fn not_json(error: &serde_json::Error) -> String {
    let at = format!("character {} of line {}", error.column(), error.line());
    match error.classify() {
        serde_json::error::Category::Eof => {
            format!("the event's data is cut short: its JSON stops at {at}")
        }
        _ => format!("the event's data is not JSON (it goes wrong at {at})"),
    }
}

/// Accepts `12` and `12.0`, as a Python server may send either.
fn as_whole_number(value: &Value) -> Option<u64> {
    value.as_u64().or_else(|| {
        value
            .as_f64()
            .filter(|f| f.fract() == 0.0 && *f >= 0.0 && *f < u64::MAX as f64)
            .map(|f| f as u64)
    })
}

/// Where an event came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Origin {
    /// Parsed from the event stream, as sent.
    Stream,
    /// Made by the console from a buffered JSON answer, which carries the
    /// same information in one body.
    Buffered,
}

impl Origin {
    /// Both origins.
    pub const ALL: [Self; 2] = [Self::Stream, Self::Buffered];

    /// The origin's name as the history stores it (`stream`, `buffered`);
    /// the same text `serde` produces.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Stream => "stream",
            Self::Buffered => "buffered",
        }
    }
}

/// One event as the console received it: its position in the run, the
/// exact SSE fields and the decoded meaning.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ReceivedEvent {
    /// Position in the run, from 0, with no gaps.
    pub seq: u64,
    /// When it was received.
    #[serde(serialize_with = "serialize_time")]
    pub received_at: SystemTime,
    /// How it reached the console.
    pub origin: Origin,
    /// The SSE event type (`message` when the stream names none).
    pub sse_event: String,
    /// The SSE `data`, exactly as dispatched.
    pub data: String,
    /// The last event id in force; empty when none.
    pub sse_id: String,
    /// What it means.
    pub event: ServerEvent,
}

fn serialize_time<S: serde::Serializer>(time: &SystemTime, s: S) -> Result<S::Ok, S::Error> {
    let seconds = time
        .duration_since(SystemTime::UNIX_EPOCH)
        .map(|d| d.as_secs_f64())
        .unwrap_or_default();
    s.serialize_f64(seconds)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn decoding_table() {
        // (data, expected type name)
        let table = [
            (
                r#"{"type":"metadata","request_id":"r","session_id":"s","timestamp":1.5}"#,
                "metadata",
            ),
            (r#"{"type":"chunk","data":{"status":"success"}}"#, "chunk"),
            (r#"{"type":"chunk"}"#, "chunk"),
            (
                r#"{"type":"complete","execution_time_ms":12.0,"chunk_count":1}"#,
                "complete",
            ),
            (
                r#"{"type":"error","error_code":"STREAMING_ERROR","error_message":"x"}"#,
                "error",
            ),
            (r#"{"type":"progress","pct":5}"#, "unknown"),
            (r#"{"no_type":true}"#, "unknown"),
            (r#"[1,2]"#, "unknown"),
            ("not json", "unknown"),
            ("", "unknown"),
        ];
        for (data, name) in table {
            assert_eq!(ServerEvent::decode(data).type_name(), name, "{data}");
        }
    }

    #[test]
    fn numbers_from_a_python_server() {
        let event = ServerEvent::decode(
            r#"{"type":"complete","execution_time_ms":1200.0,"chunk_count":"3"}"#,
        );
        assert_eq!(
            event,
            ServerEvent::Complete {
                execution_time_ms: Some(1200),
                chunk_count: None
            }
        );
    }

    #[test]
    fn every_event_is_read_leniently() {
        // (data, type, the odd values' paths)
        let table: &[(&str, &str, &[&str])] = &[
            (
                r#"{"type": "metadata", "request_id": "r", "session_id": "s", "timestamp": NaN}"#,
                "metadata",
                &["timestamp"],
            ),
            (
                r#"{"type": "chunk", "data": {"final_decision": {"solution_options": [{"composite_score": NaN, "cost_score": -Infinity}]}}}"#,
                "chunk",
                &[
                    "final_decision.solution_options[0].composite_score",
                    "final_decision.solution_options[0].cost_score",
                ],
            ),
            (
                r#"{"type": "chunk", "data": [Infinity]}"#,
                "chunk",
                &["[0]"],
            ),
            (r#"{"type": "chunk", "data": NaN}"#, "chunk", &[""]),
            (
                r#"{"type": "complete", "execution_time_ms": Infinity, "chunk_count": 1}"#,
                "complete",
                &["execution_time_ms"],
            ),
            (
                r#"{"type": "error", "error_code": "E", "error_message": "agent \ud83d failed \q"}"#,
                "error",
                &["error_message", "error_message"],
            ),
            (r#"{"type": NaN}"#, "unknown", &["type"]),
            (r#"{"type": "chunk", "data": {"a": NaN"#, "unknown", &[]),
        ];
        for (data, name, paths) in table {
            let read = ServerEvent::read(data);
            assert_eq!(read.event.type_name(), *name, "{data}");
            let got: Vec<&str> = read.odd_values.iter().map(|o| o.path.as_str()).collect();
            assert_eq!(got, *paths, "{data}");
        }
        let ServerEvent::Error { error_message, .. } = ServerEvent::decode(table[5].0) else {
            panic!("an error event");
        };
        assert_eq!(error_message, "agent \u{FFFD} failed \u{FFFD}q");
    }

    #[test]
    fn a_chunk_holding_its_document_as_a_string_is_decoded() {
        // (data, what the chunk carries, the odd values' paths)
        let table: &[(&str, Value, &[&str])] = &[
            (
                r#"{"type": "chunk", "data": "{\"status\": \"success\", \"final_decision\": {\"confidence\": 0.8}}"}"#,
                serde_json::json!({"status": "success", "final_decision": {"confidence": 0.8}}),
                &[],
            ),
            (
                r#"{"type": "chunk", "data": "  {\"final_decision\": {\"confidence\": NaN}}"}"#,
                serde_json::json!({"final_decision": {"confidence": null}}),
                &["final_decision.confidence"],
            ),
            (
                r#"{"type": "chunk", "data": "[1, 2]"}"#,
                serde_json::json!([1, 2]),
                &[],
            ),
            // Text stays text, even text that starts like JSON.
            (
                r#"{"type": "chunk", "data": "Crew compliance: all clear"}"#,
                serde_json::json!("Crew compliance: all clear"),
                &[],
            ),
            (
                r#"{"type": "chunk", "data": "{not json at all}"}"#,
                serde_json::json!("{not json at all}"),
                &[],
            ),
            (
                r#"{"type": "chunk", "data": "\"quoted\""}"#,
                serde_json::json!("\"quoted\""),
                &[],
            ),
        ];
        for (data, want, paths) in table {
            let read = ServerEvent::read(data);
            assert_eq!(
                read.event,
                ServerEvent::Chunk { data: want.clone() },
                "{data}"
            );
            let got: Vec<&str> = read.odd_values.iter().map(|o| o.path.as_str()).collect();
            assert_eq!(got, *paths, "{data}");
        }
    }
}
