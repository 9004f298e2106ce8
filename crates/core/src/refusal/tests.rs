//! Who refused a 401 or 403, as a table: each row is an answer (status,
//! headers, body) to a request that did or did not carry credentials, and
//! the error kind and words it must and must not produce.

use std::time::{Duration, SystemTime};

use super::*;
use crate::ErrorKind;

fn head(status: u16, content_type: &str, headers: &[(&str, &str)]) -> Head {
    Head {
        status,
        content_type: content_type.to_owned(),
        headers: headers
            .iter()
            .map(|(n, v)| ((*n).to_owned(), (*v).to_owned()))
            .collect(),
        received_at: SystemTime::UNIX_EPOCH + Duration::from_secs(1_796_032_800),
    }
}

const SIGNED: Sent = Sent {
    credentials: true,
    prompt_chars: Some(120),
};
const OPEN: Sent = Sent {
    credentials: false,
    prompt_chars: Some(9000),
};

#[test]
fn who_refused_table() {
    // (status, headers, body, sent, kind, phrases, phrases it must not hold)
    type Row<'a> = (
        u16,
        &'a [(&'a str, &'a str)],
        &'a str,
        Sent,
        ErrorKind,
        &'a [&'a str],
        &'a [&'a str],
    );
    let table: &[Row<'_>] = &[
        (
            403,
            &[("server", "cloudflare"), ("cf-ray", "8a1b2c3d4e5f6a7b-AUH")],
            "<html><head><title>Attention Required! | Cloudflare</title></head><body>\
             Sorry, you have been blocked. Cloudflare Ray ID: <strong>8a1b2c3d4e5f6a7b</strong></body></html>",
            OPEN,
            ErrorKind::Blocked,
            &[
                "Cloudflare, in front of the analysis service",
                "9000 characters",
                "8a1b2c3d4e5f6a7b-AUH",
            ],
            &["credentials"],
        ),
        (
            403,
            &[("server", "AkamaiGHost")],
            "<HTML><HEAD><TITLE>Access Denied</TITLE></HEAD><BODY><H1>Access Denied</H1>\
             You don't have permission to access this server.<P>Reference #18.2f3c1002.1796032800.1a2b3c4d</BODY></HTML>",
            SIGNED,
            ErrorKind::Blocked,
            &[
                "Akamai",
                "only 120 characters",
                "Access Denied",
                "18.2f3c1002.1796032800.1a2b3c4d",
            ],
            &["refused the credentials"],
        ),
        (
            403,
            &[("server", "awselb/2.0")],
            "<html><head><title>403 Forbidden</title></head><body><center><h1>403 Forbidden</h1></center></body></html>",
            OPEN,
            ErrorKind::Blocked,
            &["An AWS load balancer, in front", "blocked the request"],
            &["credentials"],
        ),
        (
            403,
            &[("content-type", "application/json")],
            r#"{"message": "Request blocked by AWS WAF rule SizeRestrictions_BODY"}"#,
            SIGNED,
            ErrorKind::Blocked,
            &["AWS WAF, in front", "blocked the request"],
            &["refused the credentials"],
        ),
        (
            403,
            &[("x-iinfo", "10-123")],
            "<html><body>Request unsuccessful. Incapsula incident ID: 123000-456</body></html>",
            OPEN,
            ErrorKind::Blocked,
            &["Imperva", "123000-456"],
            &["credentials"],
        ),
        (
            403,
            &[("x-azure-ref", "0AbCdEf")],
            "The request is blocked.",
            OPEN,
            ErrorKind::Blocked,
            &["Azure Front Door", "0AbCdEf"],
            &["credentials"],
        ),
        (
            406,
            &[],
            "<html><body>Request Rejected. The requested URL was rejected. Please consult with your administrator. Your support ID is: 1234567890</body></html>",
            SIGNED,
            ErrorKind::Blocked,
            &["F5 BIG-IP", "1234567890"],
            &[],
        ),
        (
            403,
            &[],
            "<html><body>Forbidden by policy</body></html>",
            OPEN,
            ErrorKind::Blocked,
            &["A CDN, proxy or web application firewall in front"],
            &["credentials"],
        ),
        // The service's and AWS's own JSON refusals.
        (
            403,
            &[("x-amz-cf-id", "abc"), ("x-cache", "Error from cloudfront")],
            r#"{"Message": "Forbidden. For troubleshooting Function URL authorization issues, see: https://docs.aws.amazon.com/lambda/latest/dg/urls-auth.html"}"#,
            OPEN,
            ErrorKind::Auth,
            &["sends no credentials", "HTTP 403: Forbidden"],
            &["refused the credentials", "blocked"],
        ),
        (
            403,
            &[],
            r#"{"message": "The security token included in the request is invalid."}"#,
            SIGNED,
            ErrorKind::Auth,
            &[
                "refused the credentials",
                "security token included in the request is invalid",
                "signature was not accepted",
            ],
            &[],
        ),
        (
            401,
            &[],
            "",
            OPEN,
            ErrorKind::Auth,
            &["HTTP 401: an empty body", "sends no credentials"],
            &["refused the credentials"],
        ),
        (
            401,
            &[],
            "<html><title>401 Authorization Required</title></html>",
            SIGNED,
            ErrorKind::Auth,
            &["refused the credentials", "401 Authorization Required"],
            &["blocked"],
        ),
        // A clock that is off.
        (
            403,
            &[("date", "Mon, 30 Nov 2026 10:10:00 GMT")],
            r#"{"message": "Signature expired: 20261130T100000Z is now earlier than 20261130T100500Z (20261130T101000Z - 5 min.)"}"#,
            SIGNED,
            ErrorKind::Auth,
            &[
                "This computer's clock is about 10 min behind",
                "Signature expired: 20261130T100000Z",
            ],
            &["refused the credentials"],
        ),
        (
            403,
            &[("date", "Mon, 30 Nov 2026 09:50:00 GMT")],
            r#"{"message": "Signature not yet current: 20261130T100000Z is still later than 20261130T095500Z (20261130T095000Z + 5 min.)"}"#,
            SIGNED,
            ErrorKind::Auth,
            &["about 10 min ahead of"],
            &[],
        ),
        (
            403,
            &[],
            r#"{"message": "Signature expired: 20261130T100000Z is now earlier than 20261130T100500Z (20261130T101000Z - 5 min.)"}"#,
            SIGNED,
            ErrorKind::Auth,
            &["carried no Date header"],
            &[],
        ),
        (
            403,
            &[("date", "Mon, 30 Nov 2026 10:00:20 GMT")],
            r#"{"message": "Signature expired: 20261130T095000Z is now earlier than 20261130T095520Z (20261130T100020Z - 5 min.)"}"#,
            SIGNED,
            ErrorKind::Auth,
            &["to within 20 s", "held up on its way"],
            &[],
        ),
    ];
    for (status, headers, text, sent, kind, phrases, absent) in table {
        let head = head(*status, "", headers);
        let is_json = crate::error_body::json_object(text.as_bytes()).is_some();
        let message = crate::error_body::json_object(text.as_bytes()).and_then(|j| {
            j.get("message")
                .or_else(|| j.get("Message"))
                .and_then(|m| m.as_str().map(str::to_owned))
        });
        let error = explain(
            &head,
            sent,
            is_json,
            message.as_deref(),
            Body::whole(text.as_bytes()),
        )
        .unwrap_or_else(|| panic!("{text}: not a refusal"));
        let said = error.to_string();
        assert_eq!(error.kind(), *kind, "{said}");
        for phrase in *phrases {
            assert!(said.contains(phrase), "{said:?} lacks {phrase:?}");
        }
        for phrase in *absent {
            assert!(!said.contains(phrase), "{said:?} holds {phrase:?}");
        }
    }
}

#[test]
fn other_statuses_are_not_refusals_unless_a_firewall_says_so() {
    let sent = SIGNED;
    for (status, text) in [
        (
            400,
            r#"{"status":"error","error_code":"INVALID_REQUEST","error_message":"x"}"#,
        ),
        (400, "Bad request"),
        (502, "<html><title>Access Denied</title></html>"),
    ] {
        let head = head(status, "", &[]);
        assert!(
            explain(&head, &sent, false, None, Body::whole(text.as_bytes())).is_none(),
            "{text}"
        );
    }
}
