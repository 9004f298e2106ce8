//! The client's knobs: timeouts and size limits, with defaults chosen for
//! today's server (which can be silent for 300 s between `metadata` and
//! its one large chunk).

use std::time::Duration;

/// How long the client waits, at each stage.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
pub struct Timeouts {
    /// To establish the connection (TCP and TLS). Nothing has been sent
    /// when this fires.
    pub connect: Duration,
    /// Between any two reads (including the wait for the response's
    /// headers). Must outlast the server's 300 s of silence.
    pub idle: Duration,
    /// For the whole run, from sending to the last event.
    pub total: Duration,
}

impl Default for Timeouts {
    fn default() -> Self {
        Self {
            connect: Duration::from_secs(10),
            // The orchestrator gets 300 s before the server reports a
            // timeout itself; 30 s more lets that report arrive.
            idle: Duration::from_secs(330),
            total: Duration::from_secs(600),
        }
    }
}

/// Everything that shapes how the client talks to an endpoint.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ClientConfig {
    /// The timeouts.
    pub timeouts: Timeouts,
    /// The largest single event accepted.
    pub max_event_bytes: usize,
    /// The largest whole response accepted. Lambda caps a streamed
    /// response at 200 MB; nothing legitimate comes close.
    pub max_response_bytes: usize,
    /// How much of an error body is read to explain the error.
    pub max_error_body_bytes: usize,
    /// How long an error body (and any answer that is not the analysis) is
    /// read before the error is reported from the status, the headers and
    /// whatever of the body arrived: a refusal whose body is slow, or never
    /// ends, is still reported at once.
    pub error_body_wait: Duration,
    /// Sent as `User-Agent`, so server logs can tell the console apart.
    pub user_agent: String,
}

impl Default for ClientConfig {
    fn default() -> Self {
        Self {
            timeouts: Timeouts::default(),
            max_event_bytes: skymarshal_sse::Limits::DEFAULT_MAX_EVENT_BYTES,
            max_response_bytes: 200 * 1024 * 1024,
            max_error_body_bytes: 64 * 1024,
            error_body_wait: Duration::from_secs(3),
            user_agent: format!("skymarshal-console/{}", env!("CARGO_PKG_VERSION")),
        }
    }
}
