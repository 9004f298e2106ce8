//! The protocol's events, typed. Decoding never fails: an event the
//! console does not understand is kept raw as [`ServerEvent::Unknown`] and
//! reported, so nothing the server sent is ever dropped.

use std::time::SystemTime;

use serde::Serialize;
use serde_json::Value;

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

impl ServerEvent {
    /// Decodes an SSE event's data.
    pub fn decode(data: &str) -> Self {
        let value: Value = match serde_json::from_str(data) {
            Ok(value) => value,
            Err(error) => {
                return Self::Unknown {
                    reason: format!("the event's data is not JSON ({error})"),
                };
            }
        };
        Self::from_value(value)
    }

    /// Decodes an already parsed JSON event.
    pub fn from_value(mut value: Value) -> Self {
        let text =
            |value: &Value, key: &str| value.get(key).and_then(Value::as_str).map(str::to_owned);
        let Some(kind) = value.get("type").and_then(Value::as_str) else {
            return Self::Unknown {
                reason: "the event has no \"type\" field".to_owned(),
            };
        };
        match kind {
            "metadata" => Self::Metadata {
                request_id: text(&value, "request_id"),
                session_id: text(&value, "session_id"),
                timestamp: value.get("timestamp").and_then(Value::as_f64),
            },
            "chunk" => Self::Chunk {
                data: value
                    .get_mut("data")
                    .map(Value::take)
                    .unwrap_or(Value::Null),
            },
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
}
