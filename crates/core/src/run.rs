//! One analysis from the first byte sent to the verdict. A [`Run`] is
//! pulled: each [`Run::next`] returns the next [`Update`] (the response
//! head, an event, a warning, and last the [`Outcome`]), so the caller
//! decides what happens between two events: commit it to a store, send it
//! to a window, print it.

use std::collections::VecDeque;
use std::future::Future;
use std::sync::Arc;
use std::time::{Duration, Instant, SystemTime};

use reqwest::header::{ACCEPT, CONTENT_TYPE, HeaderMap, LOCATION, RETRY_AFTER};
use serde::Serialize;
use tokio::time::{sleep_until, timeout};
use tokio_util::sync::CancellationToken;
use tracing::{Instrument as _, Span, field, info, info_span, warn};
use url::Url;

use crate::error_body::{self, Head};
use crate::tracker::Tracker;
use crate::{ClientConfig, Error, Origin, ReceivedEvent, ServerEvent, Warning, buffered};
use skymarshal_sse::{Limits, Parser};

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

/// The request, ready to send.
#[derive(Debug)]
pub(crate) struct Prepared {
    pub(crate) url: Url,
    pub(crate) body: Vec<u8>,
    pub(crate) session_id: Option<String>,
    pub(crate) credentials: crate::Credentials,
}

enum State {
    Unsent(Prepared),
    Streaming {
        response: reqwest::Response,
        parser: Parser,
        bytes: usize,
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
                } => self.read(response, parser, bytes).await,
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
        info!(bytes = prepared.body.len(), "sending analysis request");
        // Signed now, just before the one send: a SigV4 signature is valid
        // for a few minutes from its timestamp.
        let auth = prepared.credentials.headers(
            &prepared.url,
            "application/json",
            &prepared.body,
            SystemTime::now(),
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
            headers: header_list(response.headers()),
        });
        let media_type = head
            .content_type
            .split(';')
            .next()
            .unwrap_or("")
            .trim()
            .to_ascii_lowercase();
        let success = (200..300).contains(&head.status);
        match media_type.as_str() {
            "text/event-stream" if success => {
                let limits = Limits {
                    max_event_bytes: self.config.max_event_bytes,
                    max_line_bytes: self.config.max_event_bytes.saturating_add(64),
                };
                self.state = State::Streaming {
                    response,
                    parser: Parser::new(limits),
                    bytes: 0,
                };
            }
            "application/json" if success => self.read_buffered(response, &head).await,
            _ => {
                let cap = self.config.max_error_body_bytes;
                match self.read_body(response, cap, false).await {
                    Ok(body) => self.finish(Err(error_body::classify(&head, &body))),
                    Err(error) => self.finish(Err(error)),
                }
            }
        }
    }

    async fn read_buffered(&mut self, response: reqwest::Response, head: &Head) {
        let body = match self
            .read_body(response, self.config.max_response_bytes, true)
            .await
        {
            Ok(body) => body,
            Err(error) => return self.finish(Err(error)),
        };
        let Some(events) = buffered::events(&body) else {
            return self.finish(Err(error_body::classify(head, &body)));
        };
        for event in events {
            let data = event.to_string();
            self.accept(Origin::Buffered, "message".to_owned(), data, String::new());
        }
        let result = self
            .tracker
            .verdict()
            .cloned()
            .unwrap_or_else(|| Err(self.tracker.interrupted(None)));
        self.finish(result);
    }

    /// Reads a whole (non-stream) body up to `cap` bytes. Past the cap the
    /// body is either cut (an error page only needs its start) or refused.
    async fn read_body(
        &self,
        mut response: reqwest::Response,
        cap: usize,
        refuse_over_cap: bool,
    ) -> Result<Vec<u8>, Error> {
        let mut body = Vec::new();
        loop {
            match self.wait(response.chunk()).await {
                Wait::Ready(Ok(Some(piece))) => {
                    if body.len() + piece.len() > cap {
                        if refuse_over_cap {
                            let detail = format!("the response is larger than {}", size(cap));
                            return Err(self.protocol(detail));
                        }
                        body.extend_from_slice(&piece[..cap - body.len()]);
                        return Ok(body);
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

    async fn read(
        &mut self,
        mut response: reqwest::Response,
        mut parser: Parser,
        mut bytes: usize,
    ) {
        let piece = match self.wait(response.chunk()).await {
            Wait::Ready(Ok(Some(piece))) => piece,
            Wait::Ready(Ok(None)) => {
                let cause = match cut_mid_event(parser) {
                    Some(at) => format!("the stream stopped in the middle of an event, {at}"),
                    None => {
                        "the server closed the stream without a complete or error event".to_owned()
                    }
                };
                return self.finish(Err(self.tracker.interrupted(Some(cause))));
            }
            Wait::Ready(Err(error)) => {
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
        if bytes > self.config.max_response_bytes {
            let limit = size(self.config.max_response_bytes);
            return self.finish(Err(
                self.protocol(format!("the response is larger than {limit}"))
            ));
        }
        let mut events = Vec::new();
        let fed = parser.feed(&piece, &mut events);
        for event in events {
            self.accept(Origin::Stream, event.event, event.data, event.id);
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
        self.state = State::Streaming {
            response,
            parser,
            bytes,
        };
    }

    /// Takes in one event: decodes it (leniently), numbers it, tracks it and
    /// queues it with its warnings.
    fn accept(&mut self, origin: Origin, sse_event: String, data: String, sse_id: String) {
        let decoded = ServerEvent::read(&data);
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

fn head_of(response: &reqwest::Response) -> Head {
    let header = |name| {
        response
            .headers()
            .get(name)
            .map(|v| String::from_utf8_lossy(v.as_bytes()).into_owned())
    };
    Head {
        status: response.status().as_u16(),
        content_type: header(CONTENT_TYPE).unwrap_or_default(),
        location: header(LOCATION),
        retry_after: header(RETRY_AFTER),
    }
}

fn header_list(headers: &HeaderMap) -> Vec<(String, String)> {
    headers
        .iter()
        .map(|(name, value)| {
            (
                name.to_string(),
                String::from_utf8_lossy(value.as_bytes()).into_owned(),
            )
        })
        .collect()
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

/// A byte count for a message: `10 KiB`, `32 MiB`.
fn size(bytes: usize) -> String {
    const KIB: usize = 1024;
    match bytes {
        b if b >= KIB * KIB => format!("{:.0} MiB", b as f64 / (KIB * KIB) as f64),
        b if b >= KIB => format!("{:.0} KiB", b as f64 / KIB as f64),
        b => format!("{b} bytes"),
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

/// The innermost cause: for a broken body, the transport's own words.
fn root_cause(error: &(dyn std::error::Error + 'static)) -> String {
    let mut cause = error;
    while let Some(source) = cause.source() {
        cause = source;
    }
    cause.to_string()
}

/// An error and its causes on one line: reqwest's own message says little.
pub(crate) fn chain(error: &(dyn std::error::Error + 'static)) -> String {
    let mut text = error.to_string();
    let mut source = error.source();
    while let Some(cause) = source {
        let cause_text = cause.to_string();
        if !text.contains(&cause_text) {
            text.push_str(": ");
            text.push_str(&cause_text);
        }
        source = cause.source();
    }
    text
}
