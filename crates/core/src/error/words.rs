//! What each [`Error`] says to a duty manager: what happened and what to
//! do next, in words. Kept apart from the variants so the wording can be
//! read, and kept consistent, in one place.

use std::fmt;
use std::time::Duration;

use super::Error;

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::InvalidRequest { rule } => write!(f, "The request was not sent: {rule}"),
            Self::InvalidEndpoint { url, reason } => {
                write!(f, "The endpoint URL {url:?} cannot be used: {reason}")
            }
            Self::ApiGateway { status } => write!(
                f,
                "The endpoint answered \"Missing Authentication Token\" (HTTP {status}). It is the \
                 old API Gateway deployment, or a path it does not know; API Gateway also cuts \
                 every analysis off after 29 seconds. Configure the environment with the Lambda \
                 Function URL (https://<id>.lambda-url.<region>.on.aws/), with no /invoke path."
            ),
            Self::Redirected { status, location } => write!(
                f,
                "The endpoint redirected the request (HTTP {status}) to {location:?}. The console \
                 does not follow redirects, so that an analysis is never sent twice; configure the \
                 environment with the final URL."
            ),
            Self::NotFound { status, detail } => write!(
                f,
                "Nothing answers at this URL (HTTP {status}: {detail}). Check the environment's \
                 invoke URL: it is the Function URL itself, with no path."
            ),
            Self::AuthRejected { status, message } => {
                write!(f, "{}", auth_message(*status, message))
            }
            Self::SsoLoginNeeded { profile } => {
                let command = match profile {
                    Some(profile) => format!("aws sso login --profile {profile}"),
                    None => "aws sso login".to_owned(),
                };
                let whose = profile.as_ref().map_or_else(
                    || "the default profile".to_owned(),
                    |p| format!("profile {p}"),
                );
                write!(
                    f,
                    "The IAM Identity Center sign-in for {whose} has expired or was never made: \
                     run `{command}`, then send again."
                )
            }
            Self::CredentialsExpiring { origin, at, window } => write!(
                f,
                "The credentials from {} expire at {}, before this analysis could end (up to {}); \
                 {} and send again.",
                origin.label(),
                clock(*at),
                minutes(*window),
                renew(origin)
            ),
            Self::CredentialsExpired { origin, at } => write!(
                f,
                "The credentials from {} expired at {}; {} and send again.",
                origin.label(),
                clock(*at),
                renew(origin)
            ),
            Self::CredentialsUnavailable { message } => {
                write!(f, "No AWS credentials: {message}")
            }
            Self::SigningFailed { detail } => write!(
                f,
                "The request could not be signed with this environment's AWS keys ({detail}). Set \
                 the access key id and secret access key again."
            ),
            Self::RequestRejected { code, message } => write!(
                f,
                "The server rejected the request: {message} ({code}). Correct the prompt and send \
                 it again."
            ),
            Self::PayloadTooLarge { message } => write!(
                f,
                "The request is larger than the service accepts (HTTP 413: {message}). Shorten the \
                 prompt and send it again."
            ),
            Self::Throttled {
                message,
                retry_after,
            } => write!(
                f,
                "The service is busy and refused the request (HTTP 429: {message}). No analysis \
                 was started; wait a minute and send it again.{}",
                retry_hint(*retry_after)
            ),
            Self::ServerError {
                status,
                code,
                message,
                request_id,
            } => write!(
                f,
                "The server failed before the analysis could run (HTTP {status}{}: {message}). \
                 Send it again in a few minutes; if it keeps failing, give support the request \
                 id{}.",
                code_suffix(code),
                request_suffix(request_id)
            ),
            Self::ServerTimeout {
                status,
                message,
                request_id,
            } => write!(
                f,
                "The agents did not finish in the time the server allows (HTTP {status}: \
                 {message}). No result was produced; send the prompt again, or simplify it.{}",
                request_sentence(request_id)
            ),
            Self::AnalysisFailed {
                code,
                message,
                request_id,
            } => write!(
                f,
                "The analysis failed on the server: {message} ({code}). Send the prompt again; if \
                 it keeps failing, give support the request id{}.",
                request_suffix(request_id)
            ),
            Self::UnexpectedResponse {
                status,
                content_type,
                summary,
            } => write!(
                f,
                "The endpoint did not answer like the SkyMarshal API (HTTP {status}, \
                 {content_type}: {summary}). A proxy, captive portal or wrong URL is in the way; \
                 check the environment's URL and your network."
            ),
            Self::ConnectTimeout { after } => write!(
                f,
                "Could not connect to the endpoint within {} s. Nothing was sent. Check your \
                 network or VPN, and that the environment's URL is right.",
                after.as_secs()
            ),
            Self::IdleTimeout { after, request_id } => write!(
                f,
                "The server sent nothing for {} s, so the console stopped waiting. The analysis \
                 may still be running on the server{}.",
                after.as_secs(),
                request_clause(request_id)
            ),
            Self::TotalTimeout { after, request_id } => write!(
                f,
                "The analysis took longer than the {} s allowed, so the console stopped waiting. \
                 The analysis may still be running on the server{}.",
                after.as_secs(),
                request_clause(request_id)
            ),
            Self::Interrupted {
                request_id,
                chunks,
                cause,
            } => write!(
                f,
                "The connection ended before the analysis finished ({}{}). The analysis may still \
                 be running on the server{}. Everything received so far is kept.",
                chunk_phrase(*chunks),
                cause_suffix(cause),
                request_clause(request_id)
            ),
            Self::Network { detail, maybe_sent } => {
                write!(f, "{}", network_message(detail, *maybe_sent))
            }
            Self::Protocol { detail, request_id } => write!(
                f,
                "The server's answer broke the protocol: {detail}. The console stopped reading{}. \
                 Report this to the team that runs the endpoint.",
                request_clause(request_id)
            ),
            Self::Cancelled { request_id } => write!(
                f,
                "Cancelled. The console closed the connection{}; the analysis may still finish on \
                 the server, but its result will not be shown.",
                request_clause(request_id)
            ),
            Self::UnreadableAnalysis {
                chunks,
                reasons,
                request_id,
            } => write!(
                f,
                "The analysis ended on the server, but {} ({reasons}). There is no result to show; \
                 everything received is kept. Send the prompt again; if it happens again, report \
                 it to the team that runs the endpoint{}.",
                unread_phrase(*chunks),
                request_clause(request_id)
            ),
            Self::Unauthenticated {
                status,
                message,
                request_id,
            } => write!(
                f,
                "The service refused the request (HTTP {status}: {message}). This environment \
                 sends no credentials, and the service may need them: ask the team that runs the \
                 endpoint which auth method it uses (AWS IAM, a bearer token or an API key), set \
                 it for this environment, then send again.{}",
                request_sentence(request_id)
            ),
            Self::Blocked {
                status,
                by,
                summary,
                prompt_chars,
                reference,
            } => write!(
                f,
                "{}",
                blocked_message(*status, by, summary, *prompt_chars, reference)
            ),
            Self::ClockSkew {
                status,
                message,
                offset_secs,
            } => write!(f, "{}", clock_message(*status, message, *offset_secs)),
            Self::FunctionError {
                status,
                error_type,
                message,
                request_id,
            } => write!(
                f,
                "The analysis function failed on the server (HTTP {status}, Lambda {error_type}: \
                 {message}). No result was produced. Send the prompt again in a few minutes; if it \
                 keeps failing, give support the request id{}.",
                request_suffix(request_id)
            ),
            Self::FunctionTimedOut {
                status,
                message,
                request_id,
            } => write!(
                f,
                "The analysis function ran out of time on the server and was stopped (HTTP \
                 {status}, Lambda: {message}). No result was produced; send the prompt again, or \
                 simplify it. If it keeps happening, the function's timeout is too short for an \
                 analysis: tell the team that runs the endpoint.{}",
                request_sentence(request_id)
            ),
            Self::NotAnAnalysis {
                status,
                content_type,
                excerpt,
            } => write!(
                f,
                "The endpoint answered HTTP {status} ({content_type}), but the answer was not an \
                 analysis, nor an error of the SkyMarshal API: {excerpt}. Something other than the \
                 analysis service answered (a proxy, or a function deployed without response \
                 streaming), so there is no result to show. Check the environment's URL; if it is \
                 right, report this to the team that runs the endpoint."
            ),
            Self::UnsupportedEncoding { encoding } => write!(
                f,
                "The endpoint sent its answer encoded as {encoding:?}, which the console does not \
                 decode (it reads gzip, deflate and br). Nothing of it could be read. Report this \
                 to the team that runs the endpoint; a proxy on the way may be re-encoding \
                 answers."
            ),
        }
    }
}

fn auth_message(status: u16, message: &str) -> String {
    let lower = message.to_ascii_lowercase();
    let advice = if lower.contains("expired") {
        "The credentials have expired: renew them for this environment and send again."
    } else if lower.contains("signature") || lower.contains("security token") {
        "The request's signature was not accepted: check the environment's access keys and region, \
         and that this machine's clock is right."
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
             characters, so words in it or the network this computer is on may have triggered it: \
             tell the team that runs the endpoint{reference}."
        ),
        None => format!(
            "A very long prompt can trigger such a block: if this one is long, shorten it and send \
             it again. If a short prompt is blocked too, tell the team that runs the \
             endpoint{reference}."
        ),
    };
    format!(
        "{who} blocked the request (HTTP {status}: {summary}); it never reached the service, so no \
         analysis was started. {advice}"
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
             header), and a signature is accepted only within 5 minutes of the service's time. Set \
             this computer's clock right (turn on automatic date and time), then send again.",
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
            "Could not reach the endpoint ({detail}). Nothing was sent. Check your network or VPN, \
             and the environment's URL."
        )
    }
}

/// `04:10Z`: a time of day in UTC, as an expiry is read.
fn clock(at: std::time::SystemTime) -> String {
    let at = time::OffsetDateTime::from(at);
    format!("{:02}:{:02}Z", at.hour(), at.minute())
}

/// `10 min`, or `45 s` under a minute.
fn minutes(window: Duration) -> String {
    let seconds = window.as_secs();
    if seconds >= 60 {
        format!("{} min", seconds.div_ceil(60))
    } else {
        format!("{seconds} s")
    }
}

/// What renews the keys, in words.
fn renew(origin: &crate::KeyOrigin) -> String {
    match origin.renew_command() {
        Some(command) => format!("renew them ({command})"),
        None => "renew them".to_owned(),
    }
}
