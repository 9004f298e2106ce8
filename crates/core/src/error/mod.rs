//! The one error type of the core. Every variant carries what a caller
//! needs to act on it, and its message tells a duty manager, in words,
//! what happened and what to do next.

use std::time::Duration;

use crate::request::Rule;

mod causes;

pub(crate) use causes::{chain, root_cause};

/// What kind of failure this is, for a caller that decides what to offer
/// (re-enter credentials, fix the endpoint, wait, send again).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum ErrorKind {
    /// The credentials were refused or have expired.
    Auth,
    /// The environment points at something that is not the analysis API.
    WrongEndpoint,
    /// The request breaks one of the server's rules.
    Validation,
    /// The service is throttling requests.
    RateLimit,
    /// The server or the analysis itself failed.
    Server,
    /// Something took longer than allowed.
    Timeout,
    /// The stream stopped before the analysis finished.
    Interrupted,
    /// The endpoint could not be reached.
    Network,
    /// The server answered something the protocol does not allow.
    Protocol,
    /// The user cancelled the run.
    Cancelled,
    /// Something in front of the service (a CDN, a web application
    /// firewall) refused the request before it reached the service.
    Blocked,
}

impl ErrorKind {
    /// Every kind, for callers that must cover them all (the window's
    /// titles, exit codes).
    pub const ALL: [Self; 11] = [
        Self::Auth,
        Self::WrongEndpoint,
        Self::Validation,
        Self::RateLimit,
        Self::Server,
        Self::Timeout,
        Self::Interrupted,
        Self::Network,
        Self::Protocol,
        Self::Cancelled,
        Self::Blocked,
    ];

    /// The kind's name as the window, the history and the logs write it
    /// (`wrong_endpoint`); the same text `serde` produces.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Auth => "auth",
            Self::WrongEndpoint => "wrong_endpoint",
            Self::Validation => "validation",
            Self::RateLimit => "rate_limit",
            Self::Server => "server",
            Self::Timeout => "timeout",
            Self::Interrupted => "interrupted",
            Self::Network => "network",
            Self::Protocol => "protocol",
            Self::Cancelled => "cancelled",
            Self::Blocked => "blocked",
        }
    }
}

impl std::fmt::Display for ErrorKind {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Everything that can stop an analysis.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum Error {
    /// Caught before sending: the server would refuse it anyway.
    #[error("The request was not sent: {rule}")]
    InvalidRequest {
        /// The rule that failed.
        rule: Rule,
    },

    /// The configured URL cannot be used at all.
    #[error("The endpoint URL {url:?} cannot be used: {reason}")]
    InvalidEndpoint {
        /// The URL as configured.
        url: String,
        /// Why, and what to use instead.
        reason: String,
    },

    /// API Gateway's answer to a path it does not know or an unsigned
    /// request: the environment points at the old deployment.
    #[error(
        "The endpoint answered \"Missing Authentication Token\" (HTTP {status}). It is the old \
         API Gateway deployment, or a path it does not know; API Gateway also cuts every \
         analysis off after 29 seconds. Configure the environment with the Lambda Function \
         URL (https://<id>.lambda-url.<region>.on.aws/), with no /invoke path."
    )]
    ApiGateway {
        /// 401, 403 or 404.
        status: u16,
    },

    /// The endpoint answered with a redirect, which the console never follows.
    #[error(
        "The endpoint redirected the request (HTTP {status}) to {location:?}. The console does \
         not follow redirects, so that an analysis is never sent twice; configure the \
         environment with the final URL."
    )]
    Redirected {
        /// The 3xx status.
        status: u16,
        /// The `Location` header, empty when missing.
        location: String,
    },

    /// The endpoint does not exist (HTTP 404 without API Gateway's body).
    #[error(
        "Nothing answers at this URL (HTTP {status}: {detail}). Check the environment's invoke \
         URL: it is the Function URL itself, with no path."
    )]
    NotFound {
        /// The status.
        status: u16,
        /// What the body said.
        detail: String,
    },

    /// The credentials were refused (401 or 403).
    #[error("{}", auth_message(*status, message))]
    AuthRejected {
        /// 401 or 403.
        status: u16,
        /// The server's own words.
        message: String,
    },

    /// The request could not be signed (SigV4) with the stored keys.
    #[error(
        "The request could not be signed with this environment's AWS keys ({detail}). Set the \
         access key id and secret access key again."
    )]
    SigningFailed {
        /// What the signer said.
        detail: String,
    },

    /// The server refused the request (HTTP 400).
    #[error(
        "The server rejected the request: {message} ({code}). Correct the prompt and send it \
         again."
    )]
    RequestRejected {
        /// `INVALID_JSON` or `INVALID_REQUEST`.
        code: String,
        /// The server's `error_message`.
        message: String,
    },

    /// Lambda refused the payload (HTTP 413).
    #[error(
        "The request is larger than the service accepts (HTTP 413: {message}). Shorten the \
         prompt and send it again."
    )]
    PayloadTooLarge {
        /// What the body said.
        message: String,
    },

    /// Lambda is throttling (HTTP 429).
    #[error(
        "The service is busy and refused the request (HTTP 429: {message}). No analysis was \
         started; wait a minute and send it again.{}",
        retry_hint(*retry_after)
    )]
    Throttled {
        /// What the body said.
        message: String,
        /// The `Retry-After` header, when present.
        retry_after: Option<Duration>,
    },

    /// The server failed before streaming (500, 502 and the like).
    #[error(
        "The server failed before the analysis could run (HTTP {status}{}: {message}). Send it \
         again in a few minutes; if it keeps failing, give support the request id{}.",
        code_suffix(code),
        request_suffix(request_id)
    )]
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
    #[error(
        "The agents did not finish in the time the server allows (HTTP {status}: {message}). \
         No result was produced; send the prompt again, or simplify it.{}",
        request_sentence(request_id)
    )]
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
    #[error(
        "The analysis failed on the server: {message} ({code}). Send the prompt again; if it \
         keeps failing, give support the request id{}.",
        request_suffix(request_id)
    )]
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
    #[error(
        "The endpoint did not answer like the SkyMarshal API (HTTP {status}, {content_type}: \
         {summary}). A proxy, captive portal or wrong URL is in the way; check the \
         environment's URL and your network."
    )]
    UnexpectedResponse {
        /// The HTTP status.
        status: u16,
        /// The `Content-Type` header.
        content_type: String,
        /// A short account of the body (an HTML page's title, or its start).
        summary: String,
    },

    /// No connection within the connect timeout. Nothing was sent.
    #[error(
        "Could not connect to the endpoint within {} s. Nothing was sent. Check your network \
         or VPN, and that the environment's URL is right.",
        after.as_secs()
    )]
    ConnectTimeout {
        /// The connect timeout in force.
        after: Duration,
    },

    /// Nothing arrived for longer than the idle timeout.
    #[error(
        "The server sent nothing for {} s, so the console stopped waiting. The analysis may \
         still be running on the server{}.",
        after.as_secs(), request_clause(request_id)
    )]
    IdleTimeout {
        /// The idle timeout in force.
        after: Duration,
        /// The request id, when `metadata` arrived.
        request_id: Option<String>,
    },

    /// The whole run took longer than the total timeout.
    #[error(
        "The analysis took longer than the {} s allowed, so the console stopped waiting. The \
         analysis may still be running on the server{}.",
        after.as_secs(), request_clause(request_id)
    )]
    TotalTimeout {
        /// The total timeout in force.
        after: Duration,
        /// The request id, when `metadata` arrived.
        request_id: Option<String>,
    },

    /// The stream ended before `complete` or `error`.
    #[error(
        "The connection ended before the analysis finished ({}{}). The analysis may still be \
         running on the server{}. Everything received so far is kept.",
        chunk_phrase(*chunks), cause_suffix(cause), request_clause(request_id)
    )]
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
    #[error("{}", network_message(detail, *maybe_sent))]
    Network {
        /// What the network layer said.
        detail: String,
        /// Whether the request may have reached the server.
        maybe_sent: bool,
    },

    /// The server broke the protocol (an event or response too large).
    #[error(
        "The server's answer broke the protocol: {detail}. The console stopped reading{}. \
         Report this to the team that runs the endpoint.",
        request_clause(request_id)
    )]
    Protocol {
        /// What was wrong.
        detail: String,
        /// The request id, when `metadata` arrived.
        request_id: Option<String>,
    },

    /// The user cancelled.
    #[error(
        "Cancelled. The console closed the connection{}; the analysis may still finish on the \
         server, but its result will not be shown.",
        request_clause(request_id)
    )]
    Cancelled {
        /// The request id, when `metadata` arrived.
        request_id: Option<String>,
    },

    /// The analysis ended with `complete`, but no chunk carried anything
    /// the console could read: there is no result to show.
    #[error(
        "The analysis ended on the server, but {} ({reasons}). There is no result to show; \
         everything received is kept. Send the prompt again; if it happens again, report it to \
         the team that runs the endpoint{}.",
        unread_phrase(*chunks), request_clause(request_id)
    )]
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
    #[error(
        "The service refused the request (HTTP {status}: {message}). This environment sends no \
         credentials, and the service may need them: ask the team that runs the endpoint which \
         auth method it uses (AWS IAM, a bearer token or an API key), set it for this \
         environment, then send again.{}",
        request_sentence(request_id)
    )]
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
    #[error("{}", blocked_message(*status, by, summary, *prompt_chars, reference))]
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
    #[error("{}", clock_message(*status, message, *offset_secs))]
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
    #[error(
        "The analysis function failed on the server (HTTP {status}, Lambda {error_type}: \
         {message}). No result was produced. Send the prompt again in a few minutes; if it keeps \
         failing, give support the request id{}.",
        request_suffix(request_id)
    )]
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
    #[error(
        "The analysis function ran out of time on the server and was stopped (HTTP {status}, \
         Lambda: {message}). No result was produced; send the prompt again, or simplify it. If it \
         keeps happening, the function's timeout is too short for an analysis: tell the team \
         that runs the endpoint.{}",
        request_sentence(request_id)
    )]
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
    #[error(
        "The endpoint answered HTTP {status} ({content_type}), but the answer was not an \
         analysis, nor an error of the SkyMarshal API: {excerpt}. Something other than the \
         analysis service answered (a proxy, or a function deployed without response \
         streaming), so there is no result to show. Check the environment's URL; if it is \
         right, report this to the team that runs the endpoint."
    )]
    NotAnAnalysis {
        /// The HTTP status.
        status: u16,
        /// The `Content-Type` header.
        content_type: String,
        /// The start of the body, on one line.
        excerpt: String,
    },

    /// The body is compressed in a way the console does not decode.
    #[error(
        "The endpoint sent its answer encoded as {encoding:?}, which the console does not \
         decode (it reads gzip, deflate and br). Nothing of it could be read. Report this to the \
         team that runs the endpoint; a proxy on the way may be re-encoding answers."
    )]
    UnsupportedEncoding {
        /// The `Content-Encoding` header.
        encoding: String,
    },
}

impl Error {
    /// The kind of failure, for deciding what to offer the user.
    pub fn kind(&self) -> ErrorKind {
        match self {
            Self::InvalidRequest { .. } | Self::RequestRejected { .. } => ErrorKind::Validation,
            Self::PayloadTooLarge { .. } => ErrorKind::Validation,
            Self::InvalidEndpoint { .. }
            | Self::ApiGateway { .. }
            | Self::Redirected { .. }
            | Self::NotFound { .. } => ErrorKind::WrongEndpoint,
            Self::AuthRejected { .. }
            | Self::SigningFailed { .. }
            | Self::Unauthenticated { .. }
            | Self::ClockSkew { .. } => ErrorKind::Auth,
            // A firewall's rule, most often about the prompt's length:
            // the request as it is cannot pass.
            Self::Blocked { .. } => ErrorKind::Blocked,
            Self::Throttled { .. } => ErrorKind::RateLimit,
            Self::ServerError { .. } | Self::AnalysisFailed { .. } | Self::FunctionError { .. } => {
                ErrorKind::Server
            }
            Self::ServerTimeout { .. }
            | Self::ConnectTimeout { .. }
            | Self::IdleTimeout { .. }
            | Self::TotalTimeout { .. }
            | Self::FunctionTimedOut { .. } => ErrorKind::Timeout,
            Self::Interrupted { .. } => ErrorKind::Interrupted,
            Self::Network { .. } => ErrorKind::Network,
            Self::UnexpectedResponse { .. }
            | Self::Protocol { .. }
            | Self::UnreadableAnalysis { .. }
            | Self::NotAnAnalysis { .. }
            | Self::UnsupportedEncoding { .. } => ErrorKind::Protocol,
            Self::Cancelled { .. } => ErrorKind::Cancelled,
        }
    }

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

fn auth_message(status: u16, message: &str) -> String {
    let lower = message.to_ascii_lowercase();
    let advice = if lower.contains("expired") {
        "The credentials have expired: renew them for this environment and send again."
    } else if lower.contains("signature") || lower.contains("security token") {
        "The request's signature was not accepted: check the environment's access keys and \
         region, and that this machine's clock is right."
    } else {
        "Check the credentials set for this environment, then send again."
    };
    format!("The server refused the credentials (HTTP {status}: {message}). {advice}")
}

fn unread_phrase(chunks: u64) -> String {
    match chunks {
        0 => "it sent no analysis".to_owned(),
        1 => "its one analysis chunk could not be read".to_owned(),
        n => format!("none of its {n} analysis chunks could be read"),
    }
}

fn blocked_message(
    status: u16,
    by: &Option<String>,
    summary: &str,
    prompt_chars: Option<usize>,
    reference: &Option<String>,
) -> String {
    let who = match by {
        Some(name) => format!("{name}, in front of the analysis service,"),
        None => {
            "A CDN, proxy or web application firewall in front of the analysis service".to_owned()
        }
    };
    let whose = by.as_deref().unwrap_or("its");
    let reference = reference
        .as_deref()
        .map(|r| format!(" and give them {whose} reference {r}"))
        .unwrap_or_default();
    let advice = match prompt_chars {
        Some(chars) if chars >= LONG_PROMPT_CHARS => format!(
            "A very long prompt can trigger such a block, and this one has {chars} characters: \
             shorten it (to a few thousand characters) and send it again. If a shorter prompt is \
             blocked too, tell the team that runs the endpoint{reference}."
        ),
        Some(chars) => format!(
            "A very long prompt can trigger such a block, but this one has only {chars} \
             characters, so words in it or the network this computer is on may have triggered \
             it: tell the team that runs the endpoint{reference}."
        ),
        None => format!(
            "A very long prompt can trigger such a block: if this one is long, shorten it and \
             send it again. If a short prompt is blocked too, tell the team that runs the \
             endpoint{reference}."
        ),
    };
    format!(
        "{who} blocked the request (HTTP {status}: {summary}); it never reached the service, so \
         no analysis was started. {advice}"
    )
}

/// Prompts from this many characters on are long enough that a web
/// application firewall's size rule is the likely cause of a block (AWS
/// WAF's common rule set, for one, blocks bodies over 8 KB).
const LONG_PROMPT_CHARS: usize = 4_000;

fn clock_message(status: u16, message: &str, offset_secs: Option<i64>) -> String {
    let clock = match offset_secs {
        Some(offset) if offset.abs() < 60 => format!(
            "This computer's clock agrees with the service's to within {} s (by the response's \
             Date header), so the request itself must have been held up on its way for minutes; \
             send it again, and if it happens again, check the network's proxy.",
            offset.abs()
        ),
        Some(offset) => format!(
            "This computer's clock is {} {} the service's (measured against the response's Date \
             header), and a signature is accepted only within 5 minutes of the service's time. \
             Set this computer's clock right (turn on automatic date and time), then send again.",
            duration_words(offset.unsigned_abs()),
            if offset < 0 { "behind" } else { "ahead of" }
        ),
        None => "This computer's clock is probably wrong (the response carried no Date header to \
                 measure it against): a signature is accepted only within 5 minutes of the \
                 service's time. Set this computer's clock right (turn on automatic date and \
                 time), then send again."
            .to_owned(),
    };
    format!(
        "The service refused the request's signature as out of date (HTTP {status}: {message}). {clock}"
    )
}

/// `45 s`, `about 10 min`, `about 3 h 5 min`, `about 400 days`: a clock
/// offset in words.
fn duration_words(seconds: u64) -> String {
    match seconds {
        s if s < 120 => format!("{s} s"),
        s if s < 3 * 3600 => format!("about {} min", (s + 30) / 60),
        s if s < 2 * 86_400 => {
            let minutes = (s + 30) / 60;
            format!("about {} h {} min", minutes / 60, minutes % 60)
        }
        s => format!("about {} days", (s + 43_200) / 86_400),
    }
}

fn retry_hint(retry_after: Option<Duration>) -> String {
    retry_after
        .map(|after| format!(" The service asked to wait {} s.", after.as_secs()))
        .unwrap_or_default()
}

fn code_suffix(code: &Option<String>) -> String {
    code.as_deref()
        .map(|c| format!(", {c}"))
        .unwrap_or_default()
}

fn request_suffix(request_id: &Option<String>) -> String {
    match request_id {
        Some(id) => format!(" {id}"),
        None => " (none was received)".to_owned(),
    }
}

fn request_sentence(request_id: &Option<String>) -> String {
    request_id
        .as_deref()
        .map(|id| format!(" Request id: {id}."))
        .unwrap_or_default()
}

fn request_clause(request_id: &Option<String>) -> String {
    request_id
        .as_deref()
        .map(|id| format!("; request id {id}"))
        .unwrap_or_default()
}

fn chunk_phrase(chunks: u64) -> String {
    match chunks {
        0 => "no analysis chunk had arrived".to_owned(),
        1 => "1 chunk received".to_owned(),
        n => format!("{n} chunks received"),
    }
}

fn cause_suffix(cause: &Option<String>) -> String {
    cause
        .as_deref()
        .map(|c| format!("; {c}"))
        .unwrap_or_default()
}

fn network_message(detail: &str, maybe_sent: bool) -> String {
    if maybe_sent {
        format!(
            "The connection failed while sending the request ({detail}). The request may have \
             reached the server, so an analysis may be running; check before sending it again."
        )
    } else {
        format!(
            "Could not reach the endpoint ({detail}). Nothing was sent. Check your network or \
             VPN, and the environment's URL."
        )
    }
}
