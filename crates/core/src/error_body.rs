//! Turning a response that is not an event stream into the error it
//! means: the server's JSON error, Lambda's `Message`, API Gateway's
//! `message`, or a proxy's HTML page.

use std::time::Duration;

use serde_json::Value;

use crate::Error;

/// What the response head said, besides the status.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(crate) struct Head {
    pub(crate) status: u16,
    pub(crate) content_type: String,
    pub(crate) location: Option<String>,
    pub(crate) retry_after: Option<String>,
}

const API_GATEWAY_MESSAGE: &str = "Missing Authentication Token";

/// The error an unsuccessful (or unexpected) response stands for.
pub(crate) fn classify(head: &Head, body: &[u8]) -> Error {
    let status = head.status;
    if (300..400).contains(&status) {
        return Error::Redirected {
            status,
            location: head.location.clone().unwrap_or_default(),
        };
    }
    let json: Option<Value> = serde_json::from_slice(body).ok().filter(Value::is_object);
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
    let request_id = field("request_id");

    if message.as_deref() == Some(API_GATEWAY_MESSAGE) {
        return Error::ApiGateway { status };
    }
    let Some(message) = message else {
        return unexplained(head, body);
    };
    match status {
        400 => Error::RequestRejected {
            code: code.unwrap_or_else(|| "INVALID_REQUEST".to_owned()),
            message,
        },
        401 | 403 => Error::AuthRejected { status, message },
        404 => Error::NotFound {
            status,
            detail: message,
        },
        413 => Error::PayloadTooLarge { message },
        429 => Error::Throttled {
            message,
            retry_after: retry_after(head.retry_after.as_deref()),
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

/// A body with no error message the console knows: name what it is.
fn unexplained(head: &Head, body: &[u8]) -> Error {
    let status = head.status;
    let text = String::from_utf8_lossy(body);
    let summary = html_title(&text)
        .map(|title| format!("an HTML page titled {title:?}"))
        .unwrap_or_else(|| excerpt(&text));
    match status {
        401 | 403 => Error::AuthRejected {
            status,
            message: summary,
        },
        404 if !looks_like_html(head, &text) => Error::NotFound {
            status,
            detail: summary,
        },
        429 => Error::Throttled {
            message: summary,
            retry_after: retry_after(head.retry_after.as_deref()),
        },
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

fn looks_like_html(head: &Head, text: &str) -> bool {
    head.content_type.to_ascii_lowercase().contains("html") || text.trim_start().starts_with('<')
}

fn html_title(text: &str) -> Option<String> {
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
fn excerpt(text: &str) -> String {
    let flat: String = text.split_whitespace().collect::<Vec<_>>().join(" ");
    if flat.is_empty() {
        return "an empty body".to_owned();
    }
    let mut cut: String = flat.chars().take(200).collect();
    if cut.len() < flat.len() {
        cut.push('…');
    }
    format!("{cut:?}")
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
            (200, "text/plain", "hello", ErrorKind::Protocol, "\"hello\""),
            (
                404,
                "text/plain",
                "Not Found",
                ErrorKind::WrongEndpoint,
                "Function URL itself",
            ),
            (503, "", "", ErrorKind::Protocol, "an empty body"),
        ];
        for (status, content_type, body, kind, phrase) in table {
            let error = classify(&head(*status, content_type), body.as_bytes());
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
                location: Some("https://elsewhere/".into()),
                ..Head::default()
            },
            b"",
        );
        assert!(error.to_string().contains("https://elsewhere/"));
        assert_eq!(error.kind(), ErrorKind::WrongEndpoint);
    }
}
