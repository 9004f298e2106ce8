//! The one error type of the core. Every variant carries what a caller
//! needs to act on it; its message (`words.rs`) tells a duty manager, in
//! words, what happened and what to do next, and its kind (`kind.rs`) is
//! what a caller decides by. `causes.rs` puts a library error's chain of
//! causes into the words of a message.

use std::time::Duration;

use crate::request::Rule;

mod causes;
mod kind;
mod words;

pub(crate) use causes::{chain, root_cause};
pub use kind::ErrorKind;

/// Everything that can stop an analysis.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum Error {
    /// Caught before sending: the server would refuse it anyway.
    InvalidRequest {
        /// The rule that failed.
        rule: Rule,
    },

    /// The configured URL cannot be used at all.
    InvalidEndpoint {
        /// The URL as configured.
        url: String,
        /// Why, and what to use instead.
        reason: String,
    },

    /// API Gateway's answer to a path it does not know or an unsigned
    /// request: the environment points at the old deployment.
    ApiGateway {
        /// 401, 403 or 404.
        status: u16,
    },

    /// The endpoint answered with a redirect, which the console never follows.
    Redirected {
        /// The 3xx status.
        status: u16,
        /// The `Location` header, empty when missing.
        location: String,
    },

    /// The endpoint does not exist (HTTP 404 without API Gateway's body).
    NotFound {
        /// The status.
        status: u16,
        /// What the body said.
        detail: String,
    },

    /// The credentials were refused (401 or 403).
    AuthRejected {
        /// 401 or 403.
        status: u16,
        /// The server's own words.
        message: String,
    },

    /// The IAM Identity Center sign-in of an AWS profile has expired or was
    /// never made: `aws sso login --profile PROFILE` renews it. Nothing
    /// was sent.
    SsoLoginNeeded {
        /// The profile (`None`: the default profile).
        profile: Option<String>,
    },

    /// The AWS keys expire before an analysis started now could end.
    /// Nothing was sent.
    CredentialsExpiring {
        /// Where the keys came from.
        origin: crate::KeyOrigin,
        /// When they expire.
        at: std::time::SystemTime,
        /// How long the analysis may take (its total timeout).
        window: Duration,
    },

    /// The AWS keys have already expired. Nothing was sent.
    CredentialsExpired {
        /// Where the keys came from.
        origin: crate::KeyOrigin,
        /// When they expired.
        at: std::time::SystemTime,
    },

    /// No AWS keys could be had: the profile is missing or broken, its
    /// process failed, its role could not be assumed. The message says
    /// which and what to do (never a provider's own text, which may quote
    /// a process's output). Nothing was sent.
    CredentialsUnavailable {
        /// What is wrong and what to do, in words.
        message: String,
    },

    /// The request could not be signed (SigV4) with the stored keys.
    SigningFailed {
        /// What the signer said.
        detail: String,
    },

    /// The server refused the request (HTTP 400).
    RequestRejected {
        /// `INVALID_JSON` or `INVALID_REQUEST`.
        code: String,
        /// The server's `error_message`.
        message: String,
    },

    /// Lambda refused the payload (HTTP 413).
    PayloadTooLarge {
        /// What the body said.
        message: String,
    },

    /// Lambda is throttling (HTTP 429).
    Throttled {
        /// What the body said.
        message: String,
        /// The `Retry-After` header, when present.
        retry_after: Option<Duration>,
    },

    /// The server failed before streaming (500, 502 and the like).
    ServerError {
        /// The HTTP status.
        status: u16,
        /// The server's `error_code`, when it gave one.
        code: Option<String>,
        /// The server's or Lambda's words.
        message: String,
        /// The request id, when the body carried one.
        request_id: Option<String>,
    },

    /// The server gave up on the agents (HTTP 504, `TIMEOUT`).
    ServerTimeout {
        /// The HTTP status.
        status: u16,
        /// The server's words.
        message: String,
        /// The request id, when the body carried one.
        request_id: Option<String>,
    },

    /// The analysis ran and failed: an `error` event, or a chunk that
    /// carried the orchestrator's own failure.
    AnalysisFailed {
        /// The server's `error_code` or the orchestrator's `error_type`.
        code: String,
        /// What the server said.
        message: String,
        /// The request id from `metadata`.
        request_id: Option<String>,
    },

    /// Something other than the analysis API answered (an HTML page, an
    /// unexpected content type).
    UnexpectedResponse {
        /// The HTTP status.
        status: u16,
        /// The `Content-Type` header.
        content_type: String,
        /// A short account of the body (an HTML page's title, or its start).
        summary: String,
    },

    /// No connection within the connect timeout. Nothing was sent.
    ConnectTimeout {
        /// The connect timeout in force.
        after: Duration,
    },

    /// Nothing arrived for longer than the idle timeout.
    IdleTimeout {
        /// The idle timeout in force.
        after: Duration,
        /// The request id, when `metadata` arrived.
        request_id: Option<String>,
    },

    /// The whole run took longer than the total timeout.
    TotalTimeout {
        /// The total timeout in force.
        after: Duration,
        /// The request id, when `metadata` arrived.
        request_id: Option<String>,
    },

    /// The stream ended before `complete` or `error`.
    Interrupted {
        /// The request id, when `metadata` arrived.
        request_id: Option<String>,
        /// Chunks received before the end.
        chunks: u64,
        /// What ended it, when something said so (a reset, a cut mid-event).
        cause: Option<String>,
    },

    /// The endpoint could not be reached, or the connection failed before
    /// an answer.
    Network {
        /// What the network layer said.
        detail: String,
        /// Whether the request may have reached the server.
        maybe_sent: bool,
    },

    /// The server broke the protocol (an event or response too large).
    Protocol {
        /// What was wrong.
        detail: String,
        /// The request id, when `metadata` arrived.
        request_id: Option<String>,
    },

    /// The user cancelled.
    Cancelled {
        /// The request id, when `metadata` arrived.
        request_id: Option<String>,
    },

    /// The analysis ended with `complete`, but no chunk carried anything
    /// the console could read: there is no result to show.
    UnreadableAnalysis {
        /// Chunks the server counted or sent (at least one).
        chunks: u64,
        /// Each unreadable event's position and why (`event 1: the event's
        /// data is not JSON (...)`), or that none arrived.
        reasons: String,
        /// The request id from `metadata`.
        request_id: Option<String>,
    },

    /// A 401 or 403 to a request that carried no credentials at all.
    Unauthenticated {
        /// 401 or 403.
        status: u16,
        /// What the body said, or that it said nothing.
        message: String,
        /// The `x-amzn-RequestId` header, when present.
        request_id: Option<String>,
    },

    /// A CDN, proxy or web application firewall in front of the service
    /// refused the request before the service saw it.
    Blocked {
        /// The status it answered with (403 mostly).
        status: u16,
        /// Who blocked it (`CloudFront`, `Cloudflare`...), when its page or
        /// headers say.
        by: Option<String>,
        /// A short account of the page (its title, or its start).
        summary: String,
        /// Characters in the prompt sent, when known.
        prompt_chars: Option<usize>,
        /// Its reference for the block (`X-Amz-Cf-Id`, `cf-ray`, Akamai's
        /// `Reference #`), for the team that runs the endpoint.
        reference: Option<String>,
    },

    /// A SigV4 signature refused as expired (or not yet valid): this
    /// computer's clock is off.
    ClockSkew {
        /// 401 or 403.
        status: u16,
        /// AWS's words (`Signature expired: ... is now earlier than ...`).
        message: String,
        /// This computer's clock minus the response's `Date`, in seconds
        /// (negative: this computer is behind); `None` without a `Date`.
        offset_secs: Option<i64>,
    },

    /// The Lambda function itself failed (`X-Amz-Function-Error`, or
    /// Lambda's `errorMessage`/`errorType` body).
    FunctionError {
        /// The HTTP status (200 when Lambda passed the failure through).
        status: u16,
        /// Lambda's `errorType`, else the `X-Amz-Function-Error` header
        /// (`Unhandled`).
        error_type: String,
        /// Lambda's `errorMessage`.
        message: String,
        /// The `x-amzn-RequestId` header, when present.
        request_id: Option<String>,
    },

    /// The Lambda function ran past its own timeout and was stopped.
    FunctionTimedOut {
        /// The HTTP status.
        status: u16,
        /// Lambda's words (`Task timed out after 900.00 seconds`).
        message: String,
        /// The `x-amzn-RequestId` header, when present.
        request_id: Option<String>,
    },

    /// A successful status whose JSON body is not an analysis, nor an
    /// error of this server.
    NotAnAnalysis {
        /// The HTTP status.
        status: u16,
        /// The `Content-Type` header.
        content_type: String,
        /// The start of the body, on one line.
        excerpt: String,
    },

    /// The body is compressed in a way the console does not decode.
    UnsupportedEncoding {
        /// The `Content-Encoding` header.
        encoding: String,
    },
}

impl Error {
    /// The server's request id, when the failure came after `metadata`
    /// or the error body carried one.
    pub fn request_id(&self) -> Option<&str> {
        match self {
            Self::ServerError { request_id, .. }
            | Self::ServerTimeout { request_id, .. }
            | Self::AnalysisFailed { request_id, .. }
            | Self::IdleTimeout { request_id, .. }
            | Self::TotalTimeout { request_id, .. }
            | Self::Interrupted { request_id, .. }
            | Self::Protocol { request_id, .. }
            | Self::Cancelled { request_id, .. }
            | Self::UnreadableAnalysis { request_id, .. }
            | Self::Unauthenticated { request_id, .. }
            | Self::FunctionError { request_id, .. }
            | Self::FunctionTimedOut { request_id, .. } => request_id.as_deref(),
            _ => None,
        }
    }

    /// Whether the analysis may still be running on the server, so that
    /// sending the prompt again would start a second one.
    pub fn may_still_be_running(&self) -> bool {
        matches!(
            self,
            Self::IdleTimeout { .. }
                | Self::TotalTimeout { .. }
                | Self::Interrupted { .. }
                | Self::Cancelled { .. }
                | Self::Network {
                    maybe_sent: true,
                    ..
                }
        )
    }
}
