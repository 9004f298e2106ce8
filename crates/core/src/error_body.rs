//! Turning a response that is not an event stream into the error it
//! means: the server's JSON error, Lambda's `Message` or a function's
//! `errorMessage`, API Gateway's `message`, a refusal (see `refusal.rs`)
//! or a proxy's HTML page. Every answer here is judged from the status and
//! headers first, so a body that is slow, cut or never ends still gives a
//! message; whatever of it arrived only adds to that.

use std::time::{Duration, SystemTime};

use serde_json::Value;

use skymarshal_json as lenient;

use crate::{Error, lambda, refusal};

/// What the response head said.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Head {
    pub(crate) status: u16,
    /// The `Content-Type` header; empty when missing.
    pub(crate) content_type: String,
    /// Every header, names in lower case, in the order received.
    pub(crate) headers: Vec<(String, String)>,
    /// This computer's clock when the head arrived, to measure the
    /// response's `Date` against.
    pub(crate) received_at: SystemTime,
}

impl Default for Head {
    fn default() -> Self {
        Self {
            status: 0,
            content_type: String::new(),
            headers: Vec::new(),
            received_at: SystemTime::UNIX_EPOCH,
        }
    }
}

impl Head {
    /// The first value of header `name` (lower case).
    pub(crate) fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, v)| v.as_str())
    }

    /// The request id AWS put on the response (`x-amzn-RequestId`).
    pub(crate) fn aws_request_id(&self) -> Option<String> {
        self.header("x-amzn-requestid").map(str::to_owned)
    }
}

/// What the request carried, as far as explaining an answer needs.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub(crate) struct Sent {
    /// Whether it carried credentials (a signature, token or key).
    pub(crate) credentials: bool,
    /// Characters in its prompt, when known.
    pub(crate) prompt_chars: Option<usize>,
}

/// A body as far as it was read.
#[derive(Debug, Clone, Copy, Default)]
pub(crate) struct Body<'a> {
    /// Its bytes, or its first bytes.
    pub(crate) bytes: &'a [u8],
    /// Why the rest is missing (a deadline, the size cap, a broken
    /// connection), when it is.
    pub(crate) unfinished: Option<&'a str>,
}

impl<'a> Body<'a> {
    /// A body read to its end.
    pub(crate) fn whole(bytes: &'a [u8]) -> Self {
        Self {
            bytes,
            unfinished: None,
        }
    }
}

const API_GATEWAY_MESSAGE: &str = "Missing Authentication Token";

/// The error an unsuccessful (or unexpected) response stands for.
pub(crate) fn classify(head: &Head, sent: &Sent, body: Body<'_>) -> Error {
    let status = head.status;
    if (300..400).contains(&status) {
        return Error::Redirected {
            status,
            location: head.header("location").unwrap_or_default().to_owned(),
        };
    }
    let json = json_object(body.bytes);
    if let Some(error) = lambda::failure(head, json.as_ref(), body) {
        return error;
    }
    let field = |key: &str| {
        json.as_ref()
            .and_then(|j| j.get(key))
            .and_then(Value::as_str)
            .map(str::to_owned)
    };
    let code = field("error_code");
    // The server's own error_message first, then Lambda's Message, then
    // API Gateway's message.
    let message = field("error_message")
        .or_else(|| field("Message"))
        .or_else(|| field("message"));
    let request_id = field("request_id").or_else(|| head.aws_request_id());

    if message.as_deref() == Some(API_GATEWAY_MESSAGE) {
        return Error::ApiGateway { status };
    }
    if let Some(error) = refusal::explain(head, sent, json.is_some(), message.as_deref(), body) {
        return error;
    }
    let Some(message) = message else {
        return unexplained(head, body);
    };
    match status {
        400 => Error::RequestRejected {
            code: code.unwrap_or_else(|| "INVALID_REQUEST".to_owned()),
            message,
        },
        404 => Error::NotFound {
            status,
            detail: message,
        },
        413 => Error::PayloadTooLarge { message },
        429 => Error::Throttled {
            message,
            retry_after: retry_after(head.header("retry-after")),
        },
        504 => Error::ServerTimeout {
            status,
            message,
            request_id,
        },
        _ if code.as_deref() == Some("TIMEOUT") => Error::ServerTimeout {
            status,
            message,
            request_id,
        },
        200..=299 => Error::UnexpectedResponse {
            status,
            content_type: head.content_type.clone(),
            summary: message,
        },
        _ => Error::ServerError {
            status,
            code,
            message,
            request_id,
        },
    }
}

/// A 200 event stream that ended without one event: judged by its bytes.
/// `None` when they are an event stream after all (comments, or an event
/// cut off), which is an interruption, not a wrong answer.
pub(crate) fn no_events(head: &Head, sent: &Sent, first: &[u8]) -> Option<Error> {
    let text = String::from_utf8_lossy(first);
    let trimmed = text.trim_start_matches('\u{FEFF}').trim_start();
    let framed = ["data:", "data\n", "event:", "id:", "retry:", ":"];
    if framed.iter().any(|f| trimmed.starts_with(f)) {
        return None;
    }
    let detail = if trimmed.is_empty() {
        "the response was labelled text/event-stream but its body was empty".to_owned()
    } else {
        let json = json_object(first);
        let says = |key: &str| {
            json.as_ref()
                .and_then(|j| j.get(key))
                .is_some_and(Value::is_string)
        };
        let speaks = says("errorMessage") || says("errorType");
        let ours = says("error_message") || says("error_code") || says("Message");
        if speaks || ours {
            return Some(match classify(head, sent, Body::whole(first)) {
                // A 2xx's JSON error is the server's failure all the same.
                Error::UnexpectedResponse {
                    status, summary, ..
                } => Error::ServerError {
                    status,
                    code: json
                        .as_ref()
                        .and_then(|j| j.get("error_code"))
                        .and_then(Value::as_str)
                        .map(str::to_owned),
                    message: summary,
                    request_id: json
                        .as_ref()
                        .and_then(|j| j.get("request_id"))
                        .and_then(Value::as_str)
                        .map(str::to_owned)
                        .or_else(|| head.aws_request_id()),
                },
                other => other,
            });
        }
        format!(
            "the response was labelled text/event-stream but held no event; it began: {}",
            excerpt(&text)
        )
    };
    Some(Error::Protocol {
        detail,
        request_id: None,
    })
}

/// The body as a JSON object, read leniently; `None` for anything else.
pub(crate) fn json_object(bytes: &[u8]) -> Option<Value> {
    let text = std::str::from_utf8(bytes).ok()?;
    lenient::parse(text)
        .ok()
        .map(|(value, _)| value)
        .filter(Value::is_object)
}

/// A body with no error message the console knows: name what it is.
fn unexplained(head: &Head, body: Body<'_>) -> Error {
    let status = head.status;
    let summary = summary(body);
    let text = String::from_utf8_lossy(body.bytes);
    match status {
        404 if !looks_like_html(head, &text) => Error::NotFound {
            status,
            detail: summary,
        },
        429 => Error::Throttled {
            message: summary,
            retry_after: retry_after(head.header("retry-after")),
        },
        413 => Error::PayloadTooLarge { message: summary },
        // The status speaks for itself: a 5xx with an empty, plain or
        // unfinished body is the service failing. Lambda marks its own
        // failures, and an AWS request id says who answered; only an HTML
        // page with neither is a stranger (a proxy's error page).
        500..=599
            if head.header("x-amzn-errortype").is_some()
                || head.aws_request_id().is_some()
                || !looks_like_html(head, &text) =>
        {
            Error::ServerError {
                status,
                code: head.header("x-amzn-errortype").map(str::to_owned),
                message: summary,
                request_id: head.aws_request_id(),
            }
        }
        _ => Error::UnexpectedResponse {
            status,
            content_type: if head.content_type.is_empty() {
                "no content type".to_owned()
            } else {
                head.content_type.clone()
            },
            summary,
        },
    }
}

/// A short account of a body for a message: an HTML page's title, or the
/// start of its text; and, when it was not read to its end, why.
pub(crate) fn summary(body: Body<'_>) -> String {
    let text = String::from_utf8_lossy(body.bytes);
    let start = match html_title(&text) {
        Some(title) => format!("an HTML page titled “{title}”"),
        None if text.trim().is_empty() => {
            return body.unfinished.unwrap_or("an empty body").to_owned();
        }
        None => excerpt(&text),
    };
    match body.unfinished {
        Some(why) => format!("{start}; {why}"),
        None => start,
    }
}

pub(crate) fn looks_like_html(head: &Head, text: &str) -> bool {
    head.content_type.to_ascii_lowercase().contains("html") || text.trim_start().starts_with('<')
}

pub(crate) fn html_title(text: &str) -> Option<String> {
    let lower = text.to_ascii_lowercase();
    let start = lower.find("<title")?;
    let open_end = start + lower[start..].find('>')? + 1;
    let close = open_end + lower[open_end..].find("</title")?;
    let title = text[open_end..close]
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ");
    (!title.is_empty()).then_some(title)
}

/// The start of a body, on one line, for a message.
///
/// A JSON body is told by its shape (its keys, short values), not quoted: its values
/// are the sender's (`null`, nested quotes) and a duty manager reading the
/// message needs to know what answered, not to read JSON. Other text is
/// quoted as it is, between typographic quotes, with nothing escaped.
pub(crate) fn excerpt(text: &str) -> String {
    match serde_json::from_str::<Value>(text) {
        Ok(Value::Object(object)) if !object.is_empty() => {
            let fields: Vec<String> = object
                .iter()
                .take(8)
                .map(|(key, value)| format!("{key} {}", in_brief(value)))
                .collect();
            let more = if object.len() > fields.len() {
                ", …"
            } else {
                ""
            };
            return format!("a JSON object: {}{more}", fields.join(", "));
        }
        Ok(Value::Array(items)) => return format!("a JSON list of {} items", items.len()),
        _ => {}
    }
    let flat: String = text.split_whitespace().collect::<Vec<_>>().join(" ");
    if flat.is_empty() {
        return "an empty body".to_owned();
    }
    let mut cut: String = flat.chars().take(200).collect();
    if cut.len() < flat.len() {
        cut.push('…');
    }
    format!("“{cut}”")
}

/// One JSON value in a few words: short text and numbers as they are,
/// containers by their size, and `null` as "empty".
fn in_brief(value: &Value) -> String {
    match value {
        Value::Null => "empty".to_owned(),
        Value::Bool(b) => b.to_string(),
        Value::Number(n) => n.to_string(),
        Value::String(text) => {
            let mut cut: String = text.chars().take(60).collect();
            if cut.len() < text.len() {
                cut.push('…');
            }
            format!("“{cut}”")
        }
        Value::Array(items) => format!("[{} items]", items.len()),
        Value::Object(_) => "{…}".to_owned(),
    }
}

fn retry_after(value: Option<&str>) -> Option<Duration> {
    value?.trim().parse::<u64>().ok().map(Duration::from_secs)
}

#[cfg(test)]
mod tests;
