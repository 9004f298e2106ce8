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
mod tests {
    use crate::ErrorKind;

    use super::*;

    fn head(status: u16, content_type: &str) -> Head {
        Head {
            status,
            content_type: content_type.to_owned(),
            ..Head::default()
        }
    }

    /// A request that carried credentials, as the bodies below answer.
    const SIGNED: Sent = Sent {
        credentials: true,
        prompt_chars: Some(60),
    };

    #[test]
    fn error_bodies_table() {
        const JSON: &str = "application/json";
        // (status, content type, body, kind, a phrase the message must hold)
        let table: &[(u16, &str, &str, ErrorKind, &str)] = &[
            (
                403,
                JSON,
                r#"{"message":"Missing Authentication Token"}"#,
                ErrorKind::WrongEndpoint,
                "Lambda Function URL",
            ),
            (
                401,
                JSON,
                r#"{"message":"Missing Authentication Token"}"#,
                ErrorKind::WrongEndpoint,
                "no /invoke path",
            ),
            (
                400,
                JSON,
                r#"{"status":"error","error_code":"INVALID_REQUEST","error_message":"Prompt must be at least 10 characters"}"#,
                ErrorKind::Validation,
                "Prompt must be at least 10 characters",
            ),
            (
                403,
                JSON,
                r#"{"message":"The security token included in the request is expired"}"#,
                ErrorKind::Auth,
                "have expired",
            ),
            (
                403,
                JSON,
                r#"{"message":"Forbidden"}"#,
                ErrorKind::Auth,
                "Check the credentials",
            ),
            (
                413,
                JSON,
                r#"{"Message":"Request must be smaller than 6291456 bytes for the InvokeFunction operation"}"#,
                ErrorKind::Validation,
                "Shorten the prompt",
            ),
            (
                429,
                JSON,
                r#"{"Message":"Rate Exceeded."}"#,
                ErrorKind::RateLimit,
                "wait a minute",
            ),
            (
                502,
                JSON,
                r#"{"Message":"Internal server error"}"#,
                ErrorKind::Server,
                "HTTP 502",
            ),
            (
                500,
                JSON,
                r#"{"status":"error","request_id":"r-1","error_code":"INTERNAL_ERROR","error_message":"boom"}"#,
                ErrorKind::Server,
                "r-1",
            ),
            (
                502,
                JSON,
                r#"{"status":"error","error_code":"CONNECTION_FAILED","error_message":"Could not reach AgentCore"}"#,
                ErrorKind::Server,
                "CONNECTION_FAILED",
            ),
            (
                504,
                JSON,
                r#"{"status":"error","error_code":"TIMEOUT","error_message":"Agent analysis exceeded timeout"}"#,
                ErrorKind::Timeout,
                "Agent analysis exceeded timeout",
            ),
            (
                502,
                "text/html",
                "<html><head><title>502 Bad Gateway</title></head><body>nginx</body></html>",
                ErrorKind::Protocol,
                "502 Bad Gateway",
            ),
            (200, "text/plain", "hello", ErrorKind::Protocol, "“hello”"),
            (
                404,
                "text/plain",
                "Not Found",
                ErrorKind::WrongEndpoint,
                "Function URL itself",
            ),
            (503, "", "", ErrorKind::Server, "an empty body"),
            (
                500,
                "text/plain",
                "Internal Server Error",
                ErrorKind::Server,
                "HTTP 500",
            ),
            (
                413,
                "text/plain",
                "",
                ErrorKind::Validation,
                "Shorten the prompt",
            ),
        ];
        for (status, content_type, body, kind, phrase) in table {
            let error = classify(
                &head(*status, content_type),
                &SIGNED,
                Body::whole(body.as_bytes()),
            );
            assert_eq!(error.kind(), *kind, "{status} {body}");
            let message = error.to_string();
            assert!(message.contains(phrase), "{status} {body}: {message}");
        }
    }

    #[test]
    fn redirects_name_their_target() {
        let error = classify(
            &Head {
                status: 301,
                headers: vec![("location".into(), "https://elsewhere/".into())],
                ..Head::default()
            },
            &SIGNED,
            Body::default(),
        );
        assert!(error.to_string().contains("https://elsewhere/"));
        assert_eq!(error.kind(), ErrorKind::WrongEndpoint);
    }

    #[test]
    fn answers_with_headers_and_unfinished_bodies_table() {
        const OPEN: Sent = Sent {
            credentials: false,
            prompt_chars: Some(60),
        };
        let aws = [("x-amzn-requestid", "3e0f5a2b-1c4d")];
        // (status, headers, body, why it is unfinished, sent, kind, phrases)
        type Row<'a> = (
            u16,
            &'a [(&'a str, &'a str)],
            &'a str,
            Option<&'a str>,
            Sent,
            ErrorKind,
            &'a [&'a str],
        );
        let table: &[Row<'_>] = &[
            (
                403,
                &aws,
                "",
                Some("its body did not finish within 3 s"),
                OPEN,
                ErrorKind::Auth,
                &[
                    "HTTP 403: its body did not finish within 3 s",
                    "sends no credentials",
                    "3e0f5a2b-1c4d",
                ],
            ),
            (
                401,
                &[],
                "",
                Some("its body did not finish within 3 s"),
                SIGNED,
                ErrorKind::Auth,
                &["refused the credentials (HTTP 401: its body did not finish"],
            ),
            (
                500,
                &aws,
                r#"{"status": "error", "error_co"#,
                Some("its body did not finish within 3 s"),
                SIGNED,
                ErrorKind::Server,
                &["HTTP 500", "did not finish within 3 s", "3e0f5a2b-1c4d"],
            ),
            (
                502,
                &[],
                "<html><title>502 Bad Gateway</title>",
                Some("its body broke off (connection reset)"),
                SIGNED,
                ErrorKind::Protocol,
                &["502 Bad Gateway", "broke off"],
            ),
            (
                502,
                &[("x-amz-function-error", "Unhandled"), aws[0]],
                r#"{"errorMessage": "division by zero", "errorType": "ZeroDivisionError"}"#,
                None,
                SIGNED,
                ErrorKind::Server,
                &[
                    "Lambda ZeroDivisionError: division by zero",
                    "3e0f5a2b-1c4d",
                ],
            ),
            (
                500,
                &[],
                r#"{"status": "error", "error_code": "INTERNAL_ERROR", "error_message": "bad value", "details": {"score": NaN}}"#,
                None,
                SIGNED,
                ErrorKind::Server,
                &["INTERNAL_ERROR: bad value"],
            ),
            (
                403,
                &[],
                r#"{"message": "Missing Authentication Token"}"#,
                None,
                OPEN,
                ErrorKind::WrongEndpoint,
                &["Lambda Function URL"],
            ),
        ];
        for (status, headers, body, unfinished, sent, kind, phrases) in table {
            let head = Head {
                status: *status,
                headers: headers
                    .iter()
                    .map(|(n, v)| ((*n).to_owned(), (*v).to_owned()))
                    .collect(),
                ..Head::default()
            };
            let body = Body {
                bytes: body.as_bytes(),
                unfinished: *unfinished,
            };
            let error = classify(&head, sent, body);
            let said = error.to_string();
            assert_eq!(error.kind(), *kind, "{said}");
            for phrase in *phrases {
                assert!(said.contains(phrase), "{said:?} lacks {phrase:?}");
            }
        }
    }

    #[test]
    fn an_event_stream_without_events_is_judged_by_its_bytes() {
        let head = head(200, "text/event-stream");
        // (first bytes, kind or None for an interruption, phrase)
        let table: &[(&str, Option<ErrorKind>, &str)] = &[
            (
                r#"{"status": "error", "request_id": "r-5", "error_code": "INTERNAL_ERROR", "error_message": "Agent runtime unavailable"}"#,
                Some(ErrorKind::Server),
                "INTERNAL_ERROR: Agent runtime unavailable",
            ),
            (
                r#"{"status": "error", "error_code": "TIMEOUT", "error_message": "Agent analysis exceeded timeout"}"#,
                Some(ErrorKind::Timeout),
                "exceeded timeout",
            ),
            (
                r#"{"errorMessage": "Task timed out after 900.00 seconds"}"#,
                Some(ErrorKind::Timeout),
                "Task timed out",
            ),
            (
                r#"{"Message": "Internal Server Error"}"#,
                Some(ErrorKind::Server),
                "Internal Server Error",
            ),
            ("", Some(ErrorKind::Protocol), "its body was empty"),
            (
                "<html><head><title>Sign in to Wi-Fi</title></head></html>",
                Some(ErrorKind::Protocol),
                "it began: “<html><head><title>Sign in to Wi-Fi",
            ),
            (
                r#"{"ok": true}"#,
                Some(ErrorKind::Protocol),
                "held no event",
            ),
            ("\u{FEFF}: keep-alive\n\n", None, ""),
            ("data: {\"type\": \"metadata\"", None, ""),
        ];
        for (bytes, kind, phrase) in table {
            let error = no_events(&head, &SIGNED, bytes.as_bytes());
            assert_eq!(error.as_ref().map(Error::kind), *kind, "{bytes}");
            if let Some(error) = error {
                let said = error.to_string();
                assert!(said.contains(phrase), "{said:?} lacks {phrase:?}");
            }
        }
        let error = no_events(
            &head,
            &SIGNED,
            br#"{"status": "error", "request_id": "r-5", "error_code": "E", "error_message": "m"}"#,
        )
        .unwrap();
        assert_eq!(error.request_id(), Some("r-5"));
    }
}
