//! The verdict on a run, event by event: what the server has said so far,
//! whether it has finished, and what looked wrong on the way. Pure logic,
//! no I/O, so every rule is tested with plain event lists.

use std::fmt;

use serde::Serialize;
use serde_json::Value;

use crate::analysis::OrchestratorFailure;
use crate::event::Decoded;
use crate::{Error, ServerEvent};
use skymarshal_json::OddValue;

/// How many odd values one warning lists by path; the rest are counted.
const LISTED_ODD_VALUES: usize = 10;

/// Something wrong that the console recovered from; the run goes on.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "code", rename_all = "snake_case")]
pub enum Warning {
    /// An event the console does not understand, kept raw.
    UnknownEvent {
        /// Its position.
        seq: u64,
        /// Why it was not understood.
        reason: String,
    },
    /// An SSE event with a type other than `message`; decoded anyway.
    NamedSseEvent {
        /// Its position.
        seq: u64,
        /// The SSE event type.
        name: String,
    },
    /// `metadata` arrived twice; the first one counts.
    RepeatedMetadata {
        /// Its position.
        seq: u64,
    },
    /// `metadata` lacked its request or session id.
    IncompleteMetadata {
        /// Its position.
        seq: u64,
    },
    /// An event came before `metadata`.
    BeforeMetadata {
        /// Its position.
        seq: u64,
    },
    /// `complete` counted a different number of chunks than arrived.
    ChunkCountMismatch {
        /// What `complete` said.
        reported: u64,
        /// What arrived.
        seen: u64,
    },
    /// Values the strict JSON parser refused (a non-finite number, a
    /// broken escape, a lone surrogate): the event was read anyway, with
    /// each such value shown as missing (or its bad escape as U+FFFD).
    OddValues {
        /// The event's position.
        seq: u64,
        /// The event's type (`chunk`, `metadata`...).
        event: String,
        /// The first few, with their paths (from the analysis document in
        /// a chunk, from the event otherwise).
        values: Vec<OddValue>,
        /// How many there were in all.
        count: u64,
    },
}

impl Warning {
    /// The warning's code as the window and the history write it
    /// (`odd_values`, `chunk_count_mismatch`): the `code` field `serde`
    /// writes, without serializing the warning.
    pub fn code(&self) -> &'static str {
        match self {
            Self::UnknownEvent { .. } => "unknown_event",
            Self::NamedSseEvent { .. } => "named_sse_event",
            Self::RepeatedMetadata { .. } => "repeated_metadata",
            Self::IncompleteMetadata { .. } => "incomplete_metadata",
            Self::BeforeMetadata { .. } => "before_metadata",
            Self::ChunkCountMismatch { .. } => "chunk_count_mismatch",
            Self::OddValues { .. } => "odd_values",
        }
    }
}

impl fmt::Display for Warning {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::UnknownEvent { seq, reason } => {
                write!(
                    f,
                    "event {seq} was not understood ({reason}); it is kept as received"
                )
            }
            Self::NamedSseEvent { seq, name } => {
                write!(
                    f,
                    "event {seq} is named {name:?}, which the protocol does not use"
                )
            }
            Self::RepeatedMetadata { seq } => {
                write!(f, "event {seq} repeats the metadata; the first one is kept")
            }
            Self::IncompleteMetadata { seq } => write!(
                f,
                "event {seq} (metadata) lacks its request id or session id; a follow-up prompt \
                 may start a new session"
            ),
            Self::BeforeMetadata { seq } => {
                write!(f, "event {seq} arrived before the metadata event")
            }
            Self::ChunkCountMismatch { reported, seen } => write!(
                f,
                "the server reports {reported} chunk{} but {seen} arrived; part of the analysis \
                 may be missing",
                if *reported == 1 { "" } else { "s" }
            ),
            Self::OddValues {
                seq,
                event,
                values,
                count,
            } => {
                let listed: Vec<String> = values.iter().map(ToString::to_string).collect();
                let rest = count.saturating_sub(values.len() as u64);
                let more = if rest > 0 {
                    format!(", and {rest} more")
                } else {
                    String::new()
                };
                let noun = if *count == 1 { "value" } else { "values" };
                write!(
                    f,
                    "event {seq} ({event}) held {count} {noun} that JSON does not allow; the rest \
                     of it was read: {}{more}",
                    listed.join("; ")
                )
            }
        }
    }
}

/// What the events of one run add up to.
/// The warnings of a run's events, raised by the same rules a live run
/// applies, for a run rebuilt from its stored events: a past run shows the
/// warnings it showed live (a value shown as missing, an event not
/// understood), not only its events.
#[derive(Debug, Default)]
pub struct EventChecks(Tracker);

impl EventChecks {
    /// Checks with no event seen yet.
    pub fn new() -> Self {
        Self::default()
    }

    /// The warnings event `seq` (its SSE event type and its decoded data)
    /// raises after the events before it, in the order a live run hands
    /// them on, right after the event.
    pub fn observe(&mut self, seq: u64, sse_event: &str, decoded: &Decoded) -> Vec<Warning> {
        self.0.observe(seq, sse_event, decoded)
    }
}

#[derive(Debug, Default)]
pub(crate) struct Tracker {
    pub(crate) request_id: Option<String>,
    pub(crate) session_id: Option<String>,
    pub(crate) chunks: u64,
    pub(crate) execution_time_ms: Option<u64>,
    metadata_seen: bool,
    failure: Option<OrchestratorFailure>,
    /// Chunks that carried something (not null, not missing).
    documents: u64,
    /// Events that could not be read at all (any of them may have been a
    /// chunk).
    unreadable_events: u64,
    /// Events that could not be read at all, or chunks with no data:
    /// their positions and why.
    unread: Vec<(u64, String)>,
    /// Set once `complete` or `error` arrives.
    verdict: Option<Result<(), Error>>,
}

impl Tracker {
    /// Takes in one event; returns the warnings it raises.
    pub(crate) fn observe(&mut self, seq: u64, sse_event: &str, decoded: &Decoded) -> Vec<Warning> {
        let event = &decoded.event;
        let mut warnings = Vec::new();
        if sse_event != "message" {
            warnings.push(Warning::NamedSseEvent {
                seq,
                name: sse_event.to_owned(),
            });
        }
        let is_metadata = matches!(event, ServerEvent::Metadata { .. });
        if !self.metadata_seen && !is_metadata && !matches!(event, ServerEvent::Unknown { .. }) {
            warnings.push(Warning::BeforeMetadata { seq });
        }
        match event {
            ServerEvent::Metadata {
                request_id,
                session_id,
                ..
            } => {
                if self.metadata_seen {
                    warnings.push(Warning::RepeatedMetadata { seq });
                } else {
                    self.metadata_seen = true;
                    self.request_id.clone_from(request_id);
                    self.session_id.clone_from(session_id);
                    if request_id.is_none() || session_id.is_none() {
                        warnings.push(Warning::IncompleteMetadata { seq });
                    }
                }
            }
            ServerEvent::Chunk { data } => {
                self.chunks += 1;
                // A piece of the analysis is a document (an object, or a
                // list of them); bare text or a number cannot be shown as one.
                match data {
                    Value::Object(_) | Value::Array(_) => self.documents += 1,
                    Value::Null => self.unread.push((seq, "a chunk with no data".to_owned())),
                    Value::String(_) => self
                        .unread
                        .push((seq, "a chunk whose data is text, not a document".to_owned())),
                    Value::Bool(_) | Value::Number(_) => self.unread.push((
                        seq,
                        format!("a chunk whose data is the value {data}, not a document"),
                    )),
                }
                if self.failure.is_none() {
                    self.failure = OrchestratorFailure::detect(data);
                }
            }
            ServerEvent::Complete {
                execution_time_ms,
                chunk_count,
            } => {
                self.execution_time_ms = *execution_time_ms;
                // Unreadable events may have been chunks: they arrived.
                let arrived = self.chunks + self.unreadable_events;
                if let Some(reported) = chunk_count.filter(|&n| n != self.chunks && n != arrived) {
                    warnings.push(Warning::ChunkCountMismatch {
                        reported,
                        seen: self.chunks,
                    });
                }
                self.verdict = Some(match self.failure.take() {
                    Some(failure) => Err(Error::AnalysisFailed {
                        code: failure.code,
                        message: failure.message,
                        request_id: self.request_id.clone(),
                    }),
                    None => self.readable(*chunk_count),
                });
            }
            ServerEvent::Error {
                error_code,
                error_message,
            } => {
                self.verdict = Some(Err(Error::AnalysisFailed {
                    code: error_code.clone(),
                    message: error_message.clone(),
                    request_id: self.request_id.clone(),
                }));
            }
            ServerEvent::Unknown { reason } => {
                if decoded.unreadable {
                    self.unread.push((seq, reason.clone()));
                    self.unreadable_events += 1;
                }
                warnings.push(Warning::UnknownEvent {
                    seq,
                    reason: reason.clone(),
                });
            }
        }
        if !decoded.odd_values.is_empty() {
            warnings.push(Warning::OddValues {
                seq,
                event: event.type_name().to_owned(),
                values: decoded
                    .odd_values
                    .iter()
                    .take(LISTED_ODD_VALUES)
                    .cloned()
                    .collect(),
                count: decoded.odd_values.len() as u64,
            });
        }
        warnings
    }

    /// The verdict of a `complete` with no orchestrator failure: a success
    /// only when an analysis document could be read. A run whose chunks (by
    /// the server's count, or by what arrived) were all unreadable, or that
    /// sent none, has nothing to show and is never reported complete.
    fn readable(&self, reported: Option<u64>) -> Result<(), Error> {
        let expected = reported.unwrap_or(0).max(self.chunks);
        if self.documents > 0 {
            return Ok(());
        }
        let chunks = expected.max(self.unread.len() as u64);
        let reasons = if self.unread.is_empty() {
            "none arrived".to_owned()
        } else {
            self.unread
                .iter()
                .map(|(seq, why)| format!("event {seq}: {why}"))
                .collect::<Vec<_>>()
                .join("; ")
        };
        Err(Error::UnreadableAnalysis {
            chunks,
            reasons,
            request_id: self.request_id.clone(),
        })
    }

    /// The verdict, once `complete` or `error` has arrived.
    pub(crate) fn verdict(&self) -> Option<&Result<(), Error>> {
        self.verdict.as_ref()
    }

    /// The error for a stream that ended (or broke) before its verdict.
    pub(crate) fn interrupted(&self, cause: Option<String>) -> Error {
        Error::Interrupted {
            request_id: self.request_id.clone(),
            chunks: self.chunks,
            cause,
        }
    }
}

#[cfg(test)]
mod tests;
