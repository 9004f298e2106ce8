//! One analysis from the first byte sent to the verdict. A [`Run`] is
//! pulled: each [`Run::next`] returns the next [`Update`] (the response
//! head, an event, a warning, and last the [`Outcome`]), so the caller
//! decides what happens between two events: commit it to a store, send it
//! to a window, print it.

use std::collections::VecDeque;
use std::future::Future;
use std::sync::Arc;
use std::time::{Instant, SystemTime};

use reqwest::header::{ACCEPT, CONTENT_TYPE};
use tokio::time::{sleep_until, timeout};
use tokio_util::sync::CancellationToken;
use tracing::{Instrument as _, Span, field, info, info_span, warn};
use url::Url;

use crate::error::chain;
use crate::error_body::{self, Body, Head, Sent};
use crate::tracker::Tracker;
use crate::{ClientConfig, Credentials, Error, Origin, ReceivedEvent, ServerEvent};
use skymarshal_json::OddValue;
use skymarshal_sse::{Limits, Parser};

mod answer;
mod outcome;
mod stream;
mod wire;

use outcome::Timings;
pub use outcome::{Outcome, Update};
use wire::{head_of, media_type};

/// The request, ready to send.
#[derive(Debug)]
pub(crate) struct Prepared {
    pub(crate) url: Url,
    pub(crate) body: Vec<u8>,
    pub(crate) session_id: Option<String>,
    pub(crate) credentials: Credentials,
    /// Characters in the prompt, to explain a firewall's block.
    pub(crate) prompt_chars: Option<usize>,
}

// One `State` per run, moved a handful of times: the size difference the
// lint warns of costs nothing worth a box on every read.
#[allow(clippy::large_enum_variant)]
enum State {
    Unsent(Prepared),
    Streaming {
        response: reqwest::Response,
        parser: Parser,
        bytes: usize,
        head: Head,
        /// The body's first bytes, kept until the first event: a stream
        /// that yields none is judged by them.
        first: Vec<u8>,
    },
    Done,
}

/// How a bounded wait ended.
enum Wait<T> {
    Ready(T),
    Cancelled,
    Idle,
    Total,
}

/// One analysis in progress.
pub struct Run {
    http: reqwest::Client,
    config: Arc<ClientConfig>,
    cancel: CancellationToken,
    state: State,
    queue: VecDeque<Update>,
    tracker: Tracker,
    sent: Sent,
    seq: u64,
    warnings: u64,
    started: Instant,
    deadline: tokio::time::Instant,
    timings: Timings,
    span: Span,
    /// Whether `span` was given the session id when it was made.
    span_names_session: bool,
}

impl std::fmt::Debug for Run {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Run")
            .field("seq", &self.seq)
            .field("request_id", &self.tracker.request_id)
            .finish_non_exhaustive()
    }
}

impl Run {
    pub(crate) fn new(
        http: reqwest::Client,
        config: Arc<ClientConfig>,
        prepared: Prepared,
        cancel: CancellationToken,
    ) -> Self {
        let span = info_span!(
            "analysis",
            endpoint = %endpoint_label(&prepared.url),
            request_id = field::Empty,
            session_id = prepared.session_id.as_deref().map(field::display),
        );
        let deadline = tokio::time::Instant::now() + config.timeouts.total;
        let span_names_session = prepared.session_id.is_some();
        Self {
            http,
            config,
            cancel,
            state: State::Unsent(prepared),
            queue: VecDeque::new(),
            tracker: Tracker::default(),
            sent: Sent::default(),
            seq: 0,
            warnings: 0,
            started: Instant::now(),
            deadline,
            timings: Timings::default(),
            span,
            span_names_session,
        }
    }

    /// The next update; `None` after [`Update::Finished`].
    pub async fn next(&mut self) -> Option<Update> {
        let span = self.span.clone();
        self.step().instrument(span).await
    }

    /// The tracing span of this run, for callers that log within it.
    pub fn span(&self) -> &Span {
        &self.span
    }

    async fn step(&mut self) -> Option<Update> {
        loop {
            if let Some(update) = self.queue.pop_front() {
                return Some(update);
            }
            match std::mem::replace(&mut self.state, State::Done) {
                State::Done => return None,
                State::Unsent(prepared) => self.send(prepared).await,
                State::Streaming {
                    response,
                    parser,
                    bytes,
                    head,
                    first,
                } => self.read(response, parser, bytes, head, first).await,
            }
        }
    }

    /// Waits for `future`, bounded by cancellation, the idle timeout and
    /// the total deadline.
    async fn wait<F: Future>(&self, future: F) -> Wait<F::Output> {
        tokio::select! {
            biased;
            () = self.cancel.cancelled() => Wait::Cancelled,
            () = sleep_until(self.deadline) => Wait::Total,
            result = timeout(self.config.timeouts.idle, future) => match result {
                Ok(value) => Wait::Ready(value),
                Err(_) => Wait::Idle,
            },
        }
    }

    async fn send(&mut self, prepared: Prepared) {
        self.started = Instant::now();
        self.deadline = tokio::time::Instant::now() + self.config.timeouts.total;
        self.sent = Sent {
            credentials: !prepared.credentials.is_none(),
            prompt_chars: prepared.prompt_chars,
        };
        info!(bytes = prepared.body.len(), "sending analysis request");
        // The keys are checked again here, after any confirmation the
        // caller asked for: keys that would expire before the analysis
        // could end are refused, and nothing is sent.
        let aws = match prepared
            .credentials
            .aws_keys_for(self.config.timeouts.total)
            .await
        {
            Ok(aws) => aws,
            Err(error) => return self.finish(Err(error)),
        };
        // Signed now, just before the one send: a SigV4 signature is valid
        // for a few minutes from its timestamp.
        let auth = prepared.credentials.headers(
            &prepared.url,
            "application/json",
            &prepared.body,
            SystemTime::now(),
            aws.as_ref(),
        );
        let auth = match auth {
            Ok(headers) => headers,
            Err(error) => return self.finish(Err(error)),
        };
        let mut request = self
            .http
            .post(prepared.url)
            .header(CONTENT_TYPE, "application/json")
            .header(ACCEPT, "text/event-stream");
        for (name, value) in auth {
            request = request.header(name, value);
        }
        let request = request.body(prepared.body).send();
        let response = match self.wait(request).await {
            Wait::Ready(Ok(response)) => response,
            Wait::Ready(Err(error)) => return self.finish(Err(self.send_error(&error))),
            other => return self.finish(Err(self.stopped(&other))),
        };
        self.timings.response_head = Some(self.started.elapsed());
        let head = head_of(&response);
        info!(status = head.status, content_type = %head.content_type, "response received");
        self.queue.push_back(Update::Response {
            status: head.status,
            headers: head.headers.clone(),
        });
        let success = (200..300).contains(&head.status);
        // reqwest removes the header of a body it decodes (gzip, deflate,
        // br); one that is left names an encoding nothing here can read.
        if let Some(encoding) = head
            .header("content-encoding")
            .map(str::trim)
            .filter(|e| !e.is_empty() && !e.eq_ignore_ascii_case("identity"))
        {
            let encoding = encoding.to_owned();
            if success {
                return self.finish(Err(Error::UnsupportedEncoding { encoding }));
            }
            let why =
                format!("its body is encoded as {encoding:?}, which the console does not decode");
            let body = Body {
                bytes: &[],
                unfinished: Some(&why),
            };
            return self.finish(Err(error_body::classify(&head, &self.sent, body)));
        }
        if !success || head.header("x-amz-function-error").is_some() {
            return self.read_error(response, &head).await;
        }
        match media_type(&head).as_str() {
            "text/event-stream" => {
                let limits = Limits {
                    max_event_bytes: self.config.max_event_bytes,
                    max_line_bytes: self.config.max_event_bytes.saturating_add(64),
                };
                self.state = State::Streaming {
                    response,
                    parser: Parser::new(limits),
                    bytes: 0,
                    head,
                    first: Vec::new(),
                };
            }
            "application/json" => self.read_buffered(response, &head).await,
            _ => self.read_error(response, &head).await,
        }
    }

    /// Takes in one event: decodes it (leniently), numbers it, tracks it and
    /// queues it with its warnings. `repaired` adds values repaired before
    /// the event was made (a buffered body's).
    fn accept(
        &mut self,
        origin: Origin,
        sse_event: String,
        data: String,
        sse_id: String,
        repaired: Vec<OddValue>,
    ) {
        let mut decoded = ServerEvent::read(&data);
        decoded.odd_values.extend(repaired);
        let seq = self.seq;
        self.seq += 1;
        let warnings = self.tracker.observe(seq, &sse_event, &decoded);
        let event = decoded.event;
        let elapsed = self.started.elapsed();
        match &event {
            ServerEvent::Metadata { .. } if self.timings.metadata.is_none() => {
                self.timings.metadata = Some(elapsed);
                if let Some(id) = &self.tracker.request_id {
                    self.span.record("request_id", field::display(id));
                }
                // A follow-up's span names its session from the start;
                // recording it again would write it twice on every line.
                if let Some(id) = &self.tracker.session_id
                    && !self.span_names_session
                {
                    self.span.record("session_id", field::display(id));
                }
                info!(after_ms = elapsed.as_millis() as u64, "analysis accepted");
            }
            ServerEvent::Chunk { .. } if self.timings.first_chunk.is_none() => {
                self.timings.first_chunk = Some(elapsed);
                info!(
                    after_ms = elapsed.as_millis() as u64,
                    bytes = data.len(),
                    "first chunk"
                );
            }
            _ => {}
        }
        self.queue.push_back(Update::Event(ReceivedEvent {
            seq,
            received_at: SystemTime::now(),
            origin,
            sse_event,
            data,
            sse_id,
            event,
        }));
        for warning in warnings {
            warn!(%warning, "recovered from a protocol fault");
            self.warnings += 1;
            self.queue.push_back(Update::Warning(warning));
        }
    }

    fn finish(&mut self, result: Result<(), Error>) {
        self.state = State::Done;
        self.timings.total = self.started.elapsed();
        let total_ms = self.timings.total.as_millis() as u64;
        match &result {
            Ok(()) => info!(
                chunks = self.tracker.chunks,
                execution_time_ms = self.tracker.execution_time_ms,
                total_ms,
                "analysis complete"
            ),
            Err(error) => {
                warn!(kind = ?error.kind(), total_ms, %error, "analysis did not complete");
            }
        }
        self.queue.push_back(Update::Finished(Outcome {
            result,
            request_id: self.tracker.request_id.clone(),
            session_id: self.tracker.session_id.clone(),
            chunks: self.tracker.chunks,
            events: self.seq,
            warnings: self.warnings,
            execution_time_ms: self.tracker.execution_time_ms,
            timings: self.timings,
        }));
    }

    fn stopped<T>(&self, wait: &Wait<T>) -> Error {
        let request_id = self.tracker.request_id.clone();
        match wait {
            Wait::Cancelled => Error::Cancelled { request_id },
            Wait::Idle => Error::IdleTimeout {
                after: self.config.timeouts.idle,
                request_id,
            },
            Wait::Total | Wait::Ready(_) => Error::TotalTimeout {
                after: self.config.timeouts.total,
                request_id,
            },
        }
    }

    fn protocol(&self, detail: String) -> Error {
        Error::Protocol {
            detail,
            request_id: self.tracker.request_id.clone(),
        }
    }

    fn send_error(&self, error: &reqwest::Error) -> Error {
        if error.is_connect() {
            if error.is_timeout() {
                return Error::ConnectTimeout {
                    after: self.config.timeouts.connect,
                };
            }
            return Error::Network {
                detail: chain(error),
                maybe_sent: false,
            };
        }
        Error::Network {
            detail: chain(error),
            maybe_sent: true,
        }
    }
}

/// The scheme, host, port and path of the endpoint: never the query,
/// which is where a misconfigured deployment might carry a key, nor a
/// user name or password. The port is named even when it is the scheme's
/// default, so a log line says exactly where the request went.
fn endpoint_label(url: &Url) -> String {
    let host = match url.host() {
        Some(url::Host::Ipv6(address)) => format!("[{address}]"),
        Some(host) => host.to_string(),
        None => String::new(),
    };
    let port = url
        .port_or_known_default()
        .map(|port| format!(":{port}"))
        .unwrap_or_default();
    format!("{}://{host}{port}{}", url.scheme(), url.path())
}
