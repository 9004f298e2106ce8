//! Lambda's own failure signs. When the function itself fails (an
//! unhandled exception, a crash, its own timeout), Lambda says so with the
//! `X-Amz-Function-Error` header and a body of its own shape,
//! `{"errorMessage", "errorType", "stackTrace"}`, on any status, 200
//! included. Such an answer is the function failing with Lambda's words,
//! never an analysis, and a function that ran out of time is a timeout.

use serde_json::Value;

use crate::Error;
use crate::error_body::{Body, Head, summary};

/// Lambda's words for a function stopped at its own timeout.
const TIMED_OUT: &str = "task timed out after";
/// The `errorType` Lambda gives that failure in newer runtimes.
const TIMED_OUT_TYPE: &str = "Sandbox.Timedout";

/// The function's failure, when the head or the body shows one.
pub(crate) fn failure(head: &Head, json: Option<&Value>, body: Body<'_>) -> Option<Error> {
    let header = head
        .header("x-amz-function-error")
        .map(str::trim)
        .filter(|v| !v.is_empty());
    let text = |key: &str| {
        json.and_then(|j| j.get(key))
            .and_then(Value::as_str)
            .map(str::to_owned)
    };
    let error_message = text("errorMessage");
    let error_type = text("errorType");
    if header.is_none() && error_message.is_none() && error_type.is_none() {
        return None;
    }
    let message = error_message.unwrap_or_else(|| summary(body));
    let status = head.status;
    let request_id = head.aws_request_id();
    let timed_out =
        message.to_lowercase().contains(TIMED_OUT) || error_type.as_deref() == Some(TIMED_OUT_TYPE);
    Some(if timed_out {
        Error::FunctionTimedOut {
            status,
            message,
            request_id,
        }
    } else {
        Error::FunctionError {
            status,
            error_type: error_type
                .or_else(|| header.map(str::to_owned))
                .unwrap_or_else(|| "Unhandled".to_owned()),
            message,
            request_id,
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ErrorKind;
    use crate::error_body::json_object;

    #[test]
    fn lambda_failures_table() {
        // (status, X-Amz-Function-Error, body, kind or None, phrase)
        let table: &[(u16, Option<&str>, &str, Option<ErrorKind>, &str)] = &[
            (
                200,
                Some("Unhandled"),
                r#"{"errorMessage": "name 'orchestrator' is not defined", "errorType": "NameError", "stackTrace": ["  File \"/var/task/handler.py\", line 3"]}"#,
                Some(ErrorKind::Server),
                "Lambda NameError: name 'orchestrator' is not defined",
            ),
            (
                502,
                Some("Unhandled"),
                "",
                Some(ErrorKind::Server),
                "Lambda Unhandled: an empty body",
            ),
            (
                200,
                None,
                r#"{"errorMessage": "Runtime exited with error: signal: killed", "errorType": "Runtime.ExitError"}"#,
                Some(ErrorKind::Server),
                "Runtime.ExitError",
            ),
            (
                200,
                Some("Unhandled"),
                r#"{"errorMessage": "2026-11-30T10:15:00.000Z 3e0f5a2b Task timed out after 900.00 seconds"}"#,
                Some(ErrorKind::Timeout),
                "Task timed out after 900.00 seconds",
            ),
            (
                200,
                Some("Unhandled"),
                r#"{"errorType": "Sandbox.Timedout", "errorMessage": "RequestId: 3e0f Error: Task timed out after 900.00 seconds"}"#,
                Some(ErrorKind::Timeout),
                "ran out of time",
            ),
            (200, None, r#"{"status": "success"}"#, None, ""),
            (
                502,
                None,
                r#"{"Message": "Internal Server Error"}"#,
                None,
                "",
            ),
        ];
        for (status, header, text, kind, phrase) in table {
            let head = Head {
                status: *status,
                headers: header
                    .map(|h| vec![("x-amz-function-error".to_owned(), h.to_owned())])
                    .unwrap_or_default(),
                ..Head::default()
            };
            let json = json_object(text.as_bytes());
            let error = failure(&head, json.as_ref(), Body::whole(text.as_bytes()));
            assert_eq!(error.as_ref().map(Error::kind), *kind, "{text}");
            if let Some(error) = error {
                let said = error.to_string();
                assert!(said.contains(phrase), "{said:?} lacks {phrase:?}");
            }
        }
    }
}
