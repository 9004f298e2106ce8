//! What a window receives about a run, over one channel per run. Every
//! message carries the run's id and a gap-free sequence number, so the
//! window can check order and completeness; the last is always `finished`.

use serde::Serialize;
use skymarshal_core::{Outcome, ServerEvent, Update};

use crate::UiError;
use crate::clock::unix_seconds;

/// The answer to starting a run.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct RunStarted {
    /// The console's id for the run.
    pub run_id: String,
}

/// One message about a run.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct RunMessage {
    /// The console's id for the run.
    pub run_id: String,
    /// Position of this message in the run, from 0, with no gaps.
    pub seq: u64,
    /// What happened.
    #[serde(flatten)]
    pub body: RunBody,
}

/// What a message says.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum RunBody {
    /// The response head arrived.
    Response {
        /// HTTP status.
        status: u16,
        /// The `Content-Type`.
        content_type: String,
    },
    /// A protocol event.
    Event {
        /// The event's position among the run's events.
        position: u64,
        /// Unix seconds when it was received.
        received_at: f64,
        /// The decoded event (`type` plus its fields).
        event: ServerEvent,
        /// Bytes of the event's data as received (UTF-8), so the window can
        /// size it without serialising it again.
        bytes: u64,
        /// The data as received, only for events the console could not read.
        raw: Option<String>,
    },
    /// A fault the run recovered from.
    Warning {
        /// Machine-readable code.
        code: String,
        /// In words.
        message: String,
    },
    /// The end of the run: always the last message.
    Finished {
        /// Whether the analysis completed successfully.
        ok: bool,
        /// What stopped it, when it failed.
        error: Option<UiError>,
        /// The server's request id.
        request_id: Option<String>,
        /// The session to send with a follow-up prompt.
        session_id: Option<String>,
        /// Chunks received.
        chunks: u64,
        /// Events received.
        events: u64,
        /// The server's own measure.
        execution_time_ms: Option<u64>,
        /// The client's measure, in milliseconds.
        total_ms: u64,
    },
}

impl RunBody {
    /// The message for a core update.
    pub(crate) fn from_update(update: Update) -> Self {
        match update {
            Update::Response { status, headers } => Self::Response {
                status,
                content_type: headers
                    .into_iter()
                    .find(|(name, _)| name == "content-type")
                    .map(|(_, value)| value)
                    .unwrap_or_default(),
            },
            Update::Event(event) => {
                let bytes = event.data.len() as u64;
                let raw = matches!(event.event, ServerEvent::Unknown { .. }).then_some(event.data);
                Self::Event {
                    position: event.seq,
                    received_at: unix_seconds(event.received_at),
                    event: event.event,
                    bytes,
                    raw,
                }
            }
            Update::Warning(warning) => Self::Warning {
                code: warning.code().to_owned(),
                message: warning.to_string(),
            },
            Update::Finished(outcome) => Self::finished(&outcome),
        }
    }

    fn finished(outcome: &Outcome) -> Self {
        Self::Finished {
            ok: outcome.result.is_ok(),
            error: outcome.result.as_ref().err().map(UiError::from_core),
            request_id: outcome.request_id.clone(),
            session_id: outcome.session_id.clone(),
            chunks: outcome.chunks,
            events: outcome.events,
            execution_time_ms: outcome.execution_time_ms,
            total_ms: outcome.timings.total.as_millis() as u64,
        }
    }
}
