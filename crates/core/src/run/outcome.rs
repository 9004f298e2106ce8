//! What a run hands its caller: the updates, in order, and last the
//! outcome with its timings. These are the shapes the console, the history
//! and the CLI read (and serialize), kept apart from the machinery in
//! `run.rs` that produces them.

use std::time::Duration;

use serde::Serialize;

use crate::{Error, ReceivedEvent, Warning};

/// What a run reports, in order.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(tag = "update", rename_all = "snake_case")]
pub enum Update {
    /// The response head arrived (any status).
    Response {
        /// The HTTP status.
        status: u16,
        /// The headers, in order.
        headers: Vec<(String, String)>,
    },
    /// One protocol event.
    Event(ReceivedEvent),
    /// A fault the run recovered from.
    Warning(Warning),
    /// The end: always the last update.
    Finished(Outcome),
}

/// How long each stage took.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct Timings {
    /// Until the response head.
    pub response_head: Option<Duration>,
    /// Until `metadata`.
    pub metadata: Option<Duration>,
    /// Until the first chunk.
    pub first_chunk: Option<Duration>,
    /// The whole run.
    pub total: Duration,
}

/// The verdict on a run and what it received.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Outcome {
    /// Success, or what stopped the analysis.
    #[serde(serialize_with = "serialize_result")]
    pub result: Result<(), Error>,
    /// The server's request id, when `metadata` arrived.
    pub request_id: Option<String>,
    /// The session id to send with a follow-up prompt.
    pub session_id: Option<String>,
    /// Chunks received.
    pub chunks: u64,
    /// Events received.
    pub events: u64,
    /// Warnings raised.
    pub warnings: u64,
    /// The server's own measure, from `complete`.
    pub execution_time_ms: Option<u64>,
    /// The client's measures.
    pub timings: Timings,
}

fn serialize_result<S: serde::Serializer>(
    result: &Result<(), Error>,
    s: S,
) -> Result<S::Ok, S::Error> {
    use serde::ser::SerializeMap as _;
    let mut map = s.serialize_map(None)?;
    match result {
        Ok(()) => map.serialize_entry("ok", &true)?,
        Err(error) => {
            map.serialize_entry("ok", &false)?;
            map.serialize_entry("kind", &error.kind())?;
            map.serialize_entry("message", &error.to_string())?;
        }
    }
    map.end()
}
