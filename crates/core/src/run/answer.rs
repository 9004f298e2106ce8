//! Answers that are not the event stream: an error status, a body of
//! another type, a function's failure, the buffered form. Each is read
//! within its own bounds (an error body for seconds, a buffered answer
//! for as long as an analysis takes) and judged by `error_body.rs` and
//! `buffered.rs`.

use std::time::Duration;

use tokio::time::sleep_until;

use super::wire::size;
use super::{Run, Wait};
use crate::error::root_cause;
use crate::error_body::{self, Body, Head};
use crate::{Error, Origin, buffered};

impl Run {
    /// A body labelled an event stream that begins like a JSON object or an
    /// HTML page is not one, whatever follows: the rest of its start is
    /// read as an error body is (seconds, not the idle timeout, since such
    /// a server may hold the connection open) and judged by its bytes.
    pub(super) async fn read_mislabelled(
        &mut self,
        response: reqwest::Response,
        head: &Head,
        mut first: Vec<u8>,
    ) {
        match self.read_start(response).await {
            Ok((rest, _)) => {
                let room = self.config.max_error_body_bytes.saturating_sub(first.len());
                first.extend_from_slice(&rest[..room.min(rest.len())]);
                let error = error_body::no_events(head, &self.sent, &first).unwrap_or_else(|| {
                    self.protocol(
                        "the response was labelled text/event-stream but is not one".to_owned(),
                    )
                });
                self.finish(Err(error));
            }
            Err(error) => self.finish(Err(error)),
        }
    }

    /// An answer that is not the analysis: judged from its head and the
    /// start of its body, read for a few seconds at most.
    pub(super) async fn read_error(&mut self, response: reqwest::Response, head: &Head) {
        match self.read_start(response).await {
            Ok((bytes, unfinished)) => {
                let body = Body {
                    bytes: &bytes,
                    unfinished: unfinished.as_deref(),
                };
                let error = error_body::classify(head, &self.sent, body);
                self.finish(Err(error));
            }
            Err(error) => self.finish(Err(error)),
        }
    }

    /// The start of a body: up to `max_error_body_bytes`, for at most
    /// `error_body_wait`, with why the rest is missing when it is. A body
    /// that is slow or never ends costs seconds, not the idle timeout.
    async fn read_start(
        &self,
        mut response: reqwest::Response,
    ) -> Result<(Vec<u8>, Option<String>), Error> {
        let cap = self.config.max_error_body_bytes;
        let wait = self.config.error_body_wait;
        let until = tokio::time::Instant::now() + wait;
        let mut body = Vec::new();
        loop {
            let piece = tokio::select! {
                biased;
                () = self.cancel.cancelled() => return Err(self.stopped(&Wait::<()>::Cancelled)),
                () = sleep_until(self.deadline) => return Err(self.stopped(&Wait::<()>::Total)),
                () = sleep_until(until) => {
                    let why = format!("its body did not finish within {}", seconds(wait));
                    return Ok((body, Some(why)));
                }
                piece = response.chunk() => piece,
            };
            match piece {
                Ok(Some(piece)) => {
                    if body.len() + piece.len() > cap {
                        body.extend_from_slice(&piece[..cap - body.len()]);
                        let why =
                            format!("its body is longer than {}; this is its start", size(cap));
                        return Ok((body, Some(why)));
                    }
                    body.extend_from_slice(&piece);
                }
                Ok(None) => return Ok((body, None)),
                Err(error) => {
                    let why = format!("its body broke off ({})", root_cause(&error));
                    return Ok((body, Some(why)));
                }
            }
        }
    }

    pub(super) async fn read_buffered(&mut self, response: reqwest::Response, head: &Head) {
        let body = match self
            .read_body(response, self.config.max_response_bytes)
            .await
        {
            Ok(body) => body,
            Err(error) => return self.finish(Err(error)),
        };
        let Some((events, odd)) = buffered::events(&body) else {
            let error = match error_body::classify(head, &self.sent, Body::whole(&body)) {
                error @ (Error::FunctionError { .. } | Error::FunctionTimedOut { .. }) => error,
                _ => Error::NotAnAnalysis {
                    status: head.status,
                    content_type: head.content_type.clone(),
                    excerpt: error_body::excerpt(&String::from_utf8_lossy(&body)),
                },
            };
            return self.finish(Err(error));
        };
        // What was repaired in the body belongs to the event that carries
        // the body's content: the chunk, or else the error.
        let carrier = events
            .iter()
            .position(|e| e["type"] == "chunk")
            .or_else(|| events.iter().position(|e| e["type"] == "error"));
        let mut odd = Some(odd);
        for (i, event) in events.into_iter().enumerate() {
            let data = event.to_string();
            let repaired = if Some(i) == carrier {
                odd.take().unwrap_or_default()
            } else {
                Vec::new()
            };
            self.accept(
                Origin::Buffered,
                "message".to_owned(),
                data,
                String::new(),
                repaired,
            );
        }
        let result = self
            .tracker
            .verdict()
            .cloned()
            .unwrap_or_else(|| Err(self.tracker.interrupted(None)));
        self.finish(result);
    }

    /// Reads a whole (non-stream) body up to `cap` bytes, with the run's
    /// own timeouts: a buffered answer comes after the analysis, minutes
    /// later. Past the cap the body is refused.
    async fn read_body(
        &self,
        mut response: reqwest::Response,
        cap: usize,
    ) -> Result<Vec<u8>, Error> {
        let mut body = Vec::new();
        loop {
            match self.wait(response.chunk()).await {
                Wait::Ready(Ok(Some(piece))) => {
                    if body.len() + piece.len() > cap {
                        let detail = format!("the response is larger than {}", size(cap));
                        return Err(self.protocol(detail));
                    }
                    body.extend_from_slice(&piece);
                }
                Wait::Ready(Ok(None)) => return Ok(body),
                Wait::Ready(Err(error)) => {
                    let cause = format!("the connection broke ({})", root_cause(&error));
                    return Err(self.tracker.interrupted(Some(cause)));
                }
                other => return Err(self.stopped(&other)),
            }
        }
    }
}

/// A wait for a message: `3 s`, `500 ms`.
fn seconds(wait: Duration) -> String {
    if wait.subsec_millis() == 0 {
        format!("{} s", wait.as_secs())
    } else {
        format!("{} ms", wait.as_millis())
    }
}
