//! Reading the event stream: one network read at a time, bounded like
//! every wait of the run, fed to the SSE parser, each event taken in; the
//! stream's end, a broken connection and a body too large each turned into
//! the run's verdict. A body labelled an event stream that starts like a
//! JSON document or a page is handed to `answer.rs`.

use crate::Origin;
use crate::error::root_cause;
use crate::error_body::{self, Head};
use skymarshal_sse::Parser;

use super::wire::{size, undecodable};
use super::{Run, State, Wait};

impl Run {
    /// One network read: its events taken in, and the run finished when
    /// one of them is the verdict, the stream ends or breaks, or a limit
    /// is passed; otherwise the stream is kept for the next read.
    pub(super) async fn read(
        &mut self,
        mut response: reqwest::Response,
        mut parser: Parser,
        mut bytes: usize,
        head: Head,
        mut first: Vec<u8>,
    ) {
        let piece = match self.wait(response.chunk()).await {
            Wait::Ready(Ok(Some(piece))) => piece,
            Wait::Ready(Ok(None)) => {
                if self.seq == 0
                    && let Some(error) = error_body::no_events(&head, &self.sent, &first)
                {
                    return self.finish(Err(error));
                }
                let cause = match cut_mid_event(parser) {
                    Some(at) => format!("the stream stopped in the middle of an event, {at}"),
                    None => {
                        "the server closed the stream without a complete or error event".to_owned()
                    }
                };
                return self.finish(Err(self.tracker.interrupted(Some(cause))));
            }
            Wait::Ready(Err(error)) => {
                if let Some(cause) = undecodable(&error) {
                    let detail = format!("the body could not be decoded ({cause})");
                    return self.finish(Err(self.protocol(detail)));
                }
                let cause = match cut_mid_event(parser) {
                    Some(at) => format!(
                        "the connection broke in the middle of an event, {at} ({})",
                        root_cause(&error)
                    ),
                    None => format!("the connection broke ({})", root_cause(&error)),
                };
                return self.finish(Err(self.tracker.interrupted(Some(cause))));
            }
            other => return self.finish(Err(self.stopped(&other))),
        };
        bytes += piece.len();
        if self.seq == 0 {
            let room = self.config.max_error_body_bytes.saturating_sub(first.len());
            first.extend_from_slice(&piece[..room.min(piece.len())]);
        }
        if bytes > self.config.max_response_bytes {
            let limit = size(self.config.max_response_bytes);
            return self.finish(Err(
                self.protocol(format!("the response is larger than {limit}"))
            ));
        }
        let mut events = Vec::new();
        let fed = parser.feed(&piece, &mut events);
        for event in events {
            self.accept(
                Origin::Stream,
                event.event,
                event.data,
                event.id,
                Vec::new(),
            );
            if let Some(verdict) = self.tracker.verdict() {
                // `complete` or `error` is the last event; the connection
                // is closed here, whatever follows.
                let verdict = verdict.clone();
                return self.finish(verdict);
            }
        }
        if let Err(error) = fed {
            let limit = match error {
                skymarshal_sse::Error::EventTooLarge { limit }
                | skymarshal_sse::Error::LineTooLong { limit } => limit,
            };
            let detail = format!(
                "one event is larger than the {} the console accepts",
                size(limit)
            );
            return self.finish(Err(self.protocol(detail)));
        }
        if self.seq > 0 {
            first = Vec::new();
        } else if !may_be_an_event_stream(&first) {
            return self.read_mislabelled(response, &head, first).await;
        }
        self.state = State::Streaming {
            response,
            parser,
            bytes,
            head,
            first,
        };
    }
}

/// Where the stream was cut, when it was cut inside an event.
fn cut_mid_event(parser: Parser) -> Option<String> {
    let leftover = parser.finish();
    (!leftover.is_empty()).then(|| {
        let bytes = leftover.unterminated_line_bytes + leftover.undispatched_data_bytes;
        format!("{bytes} bytes into it")
    })
}

/// Whether a body that has yielded no event yet may still be an event
/// stream: no line of one begins with `{`, `[` or `<`, so a body whose first
/// visible byte is one of those is a JSON document or a page, however long
/// the server keeps the connection open after it.
fn may_be_an_event_stream(first: &[u8]) -> bool {
    let text = String::from_utf8_lossy(first);
    let visible = text.trim_start_matches('\u{FEFF}').trim_start();
    !visible.starts_with(['{', '[', '<'])
}
