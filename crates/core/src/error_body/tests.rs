//! Non-stream answers judged, as tables: each row is a status, headers and
//! a body, and the error kind and words they must give.

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
