//! The verdict on a run, event by event: what the server has said so far,
//! whether it has finished, and what looked wrong on the way. Pure logic,
//! no I/O, so every rule is tested with plain event lists.

use std::fmt;

use serde::Serialize;

use crate::analysis::OrchestratorFailure;
use crate::{Error, ServerEvent};

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
                "the server reports {reported} chunks but {seen} arrived; part of the analysis \
                 may be missing"
            ),
        }
    }
}

/// What the events of one run add up to.
#[derive(Debug, Default)]
pub(crate) struct Tracker {
    pub(crate) request_id: Option<String>,
    pub(crate) session_id: Option<String>,
    pub(crate) chunks: u64,
    pub(crate) execution_time_ms: Option<u64>,
    metadata_seen: bool,
    failure: Option<OrchestratorFailure>,
    /// Set once `complete` or `error` arrives.
    verdict: Option<Result<(), Error>>,
}

impl Tracker {
    /// Takes in one event; returns the warnings it raises.
    pub(crate) fn observe(
        &mut self,
        seq: u64,
        sse_event: &str,
        event: &ServerEvent,
    ) -> Vec<Warning> {
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
                if self.failure.is_none() {
                    self.failure = OrchestratorFailure::detect(data);
                }
            }
            ServerEvent::Complete {
                execution_time_ms,
                chunk_count,
            } => {
                self.execution_time_ms = *execution_time_ms;
                if let Some(reported) = chunk_count.filter(|&n| n != self.chunks) {
                    warnings.push(Warning::ChunkCountMismatch {
                        reported,
                        seen: self.chunks,
                    });
                }
                self.verdict = Some(match self.failure.take() {
                    None => Ok(()),
                    Some(failure) => Err(Error::AnalysisFailed {
                        code: failure.code,
                        message: failure.message,
                        request_id: self.request_id.clone(),
                    }),
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
            ServerEvent::Unknown { reason } => warnings.push(Warning::UnknownEvent {
                seq,
                reason: reason.clone(),
            }),
        }
        warnings
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
mod tests {
    use serde_json::json;

    use super::*;
    use crate::ErrorKind;

    fn metadata() -> ServerEvent {
        ServerEvent::Metadata {
            request_id: Some("req".into()),
            session_id: Some("ses".into()),
            timestamp: None,
        }
    }
    fn chunk(data: serde_json::Value) -> ServerEvent {
        ServerEvent::Chunk { data }
    }
    fn complete(count: u64) -> ServerEvent {
        ServerEvent::Complete {
            execution_time_ms: Some(5),
            chunk_count: Some(count),
        }
    }

    /// Feeds the events; returns the verdict's kind (None while open) and
    /// the warnings' codes.
    fn play(events: &[ServerEvent]) -> (Option<Result<(), ErrorKind>>, Vec<String>) {
        let mut tracker = Tracker::default();
        let mut codes = Vec::new();
        for (seq, event) in events.iter().enumerate() {
            for warning in tracker.observe(seq as u64, "message", event) {
                let value = serde_json::to_value(&warning).unwrap();
                codes.push(value["code"].as_str().unwrap().to_owned());
            }
        }
        let verdict = tracker
            .verdict()
            .map(|v| v.as_ref().map(|_| ()).map_err(Error::kind));
        (verdict, codes)
    }

    #[test]
    fn verdicts_table() {
        let ok = json!({"status": "success"});
        let failed = json!({"error": "x", "error_message": "agents crashed", "error_type": "E"});
        let error = ServerEvent::Error {
            error_code: "STREAMING_ERROR".into(),
            error_message: "m".into(),
        };
        let unknown = ServerEvent::Unknown { reason: "r".into() };
        // (events, verdict, warnings)
        let table: Vec<(Vec<ServerEvent>, Option<Result<(), ErrorKind>>, Vec<&str>)> = vec![
            (
                vec![metadata(), chunk(ok.clone()), complete(1)],
                Some(Ok(())),
                vec![],
            ),
            (vec![metadata(), complete(0)], Some(Ok(())), vec![]),
            (
                vec![
                    metadata(),
                    chunk(ok.clone()),
                    chunk(ok.clone()),
                    complete(2),
                ],
                Some(Ok(())),
                vec![],
            ),
            (
                vec![metadata(), chunk(ok.clone()), complete(3)],
                Some(Ok(())),
                vec!["chunk_count_mismatch"],
            ),
            (
                vec![metadata(), chunk(failed.clone()), complete(1)],
                Some(Err(ErrorKind::Server)),
                vec![],
            ),
            (
                vec![metadata(), chunk(failed), chunk(ok.clone()), complete(2)],
                Some(Err(ErrorKind::Server)),
                vec![],
            ),
            (
                vec![metadata(), error],
                Some(Err(ErrorKind::Server)),
                vec![],
            ),
            (vec![metadata(), chunk(ok.clone())], None, vec![]),
            (
                vec![metadata(), unknown.clone(), chunk(ok.clone()), complete(1)],
                Some(Ok(())),
                vec!["unknown_event"],
            ),
            (
                vec![chunk(ok.clone()), complete(1)],
                Some(Ok(())),
                vec!["before_metadata", "before_metadata"],
            ),
            (
                vec![metadata(), metadata(), complete(0)],
                Some(Ok(())),
                vec!["repeated_metadata"],
            ),
            (
                vec![
                    ServerEvent::Metadata {
                        request_id: None,
                        session_id: None,
                        timestamp: None,
                    },
                    complete(0),
                ],
                Some(Ok(())),
                vec!["incomplete_metadata"],
            ),
        ];
        for (i, (events, verdict, warnings)) in table.into_iter().enumerate() {
            let (got, codes) = play(&events);
            assert_eq!(got, verdict, "row {i}");
            assert_eq!(codes, warnings, "row {i}");
        }
    }
}
