//! Why a request was refused. A 401 or 403 has several authors, and each
//! needs different words: a CDN or web application firewall in front of
//! the service (whose page names it, and which often blocks long prompts),
//! AWS refusing a signature made on a clock that is off, the service
//! refusing a request that carried no credentials at all, and the service
//! refusing the credentials it was given. Only the last may say the
//! credentials were refused.

use crate::Error;
use crate::error_body::{Body, Head, Sent, looks_like_html, summary};

/// Something that stands in front of services and answers for them.
struct Vendor {
    /// Its name, as a message gives it.
    name: &'static str,
    /// Headers that mark its answers: (name, a lower-case part of the
    /// value, or "" for any value).
    headers: &'static [(&'static str, &'static str)],
    /// Lower-case phrases its pages carry.
    body: &'static [&'static str],
    /// Headers that carry its reference for one answer.
    reference: &'static [&'static str],
}

/// The CDNs, firewalls and proxies whose block pages are known. A page
/// that names one is its; failing that, its headers decide. AWS WAF comes
/// first: it answers through CloudFront and load balancers, and when its
/// page says so it is the more precise name.
const VENDORS: &[Vendor] = &[
    Vendor {
        name: "AWS WAF",
        headers: &[("x-amzn-waf-action", "")],
        body: &["aws waf", "awswaf"],
        reference: &[],
    },
    Vendor {
        name: "CloudFront",
        headers: &[
            ("x-amz-cf-id", ""),
            ("server", "cloudfront"),
            ("via", "cloudfront"),
        ],
        body: &["cloudfront"],
        reference: &["x-amz-cf-id"],
    },
    Vendor {
        name: "Cloudflare",
        headers: &[
            ("cf-ray", ""),
            ("cf-mitigated", ""),
            ("server", "cloudflare"),
        ],
        body: &["cloudflare"],
        reference: &["cf-ray"],
    },
    Vendor {
        name: "Akamai",
        headers: &[("server", "akamaighost"), ("x-akamai-request-id", "")],
        body: &["akamai", "reference #"],
        reference: &["x-akamai-request-id"],
    },
    Vendor {
        name: "Imperva",
        headers: &[
            ("x-iinfo", ""),
            ("x-cdn", "imperva"),
            ("x-cdn", "incapsula"),
        ],
        body: &["incapsula", "imperva"],
        reference: &[],
    },
    Vendor {
        name: "Azure Front Door",
        headers: &[("x-azure-ref", "")],
        body: &["azure front door"],
        reference: &["x-azure-ref"],
    },
    Vendor {
        name: "Fastly",
        headers: &[("x-fastly-request-id", "")],
        body: &["fastly"],
        reference: &["x-fastly-request-id"],
    },
    Vendor {
        name: "F5 BIG-IP",
        headers: &[("server", "big-ip")],
        body: &["the requested url was rejected"],
        reference: &[],
    },
    Vendor {
        name: "Sucuri",
        headers: &[("x-sucuri-id", "")],
        body: &["sucuri"],
        reference: &["x-sucuri-id"],
    },
    Vendor {
        name: "Zscaler",
        headers: &[],
        body: &["zscaler"],
        reference: &[],
    },
    Vendor {
        name: "An AWS load balancer",
        headers: &[("server", "awselb")],
        body: &[],
        reference: &[],
    },
];

/// Lower-case phrases of block pages, whoever wrote them.
const BLOCK_PHRASES: &[&str] = &[
    "request blocked",
    "could not be satisfied",
    "attention required",
    "access denied",
    "you have been blocked",
    "web application firewall",
    "requested url was rejected",
    "the request is blocked",
    "request rejected",
    "blocked by",
    "security policy",
];

/// Words in a JSON answer that say a firewall, not the service, wrote it.
const FIREWALL_WORDS: &[&str] = &["waf", "firewall", "request blocked", "blocked by"];

/// Where block pages print their reference for the team that runs the
/// service: the text before it, lower case.
const REFERENCE_MARKERS: &[&str] = &[
    "reference #",
    "ray id:",
    "request id:",
    "incident id:",
    "support id is:",
];

/// AWS's words for a signature made on a clock that is off.
const CLOCK_PHRASES: &[&str] = &[
    "signature expired",
    "signature not yet current",
    "request time and the current time is too large",
    "requesttimetooskewed",
];

/// The error for a refusal, or `None` when `head` is not one: every 401
/// and 403, and a firewall's block page on the few other statuses
/// firewalls use. `message` is the JSON body's message, when it had one.
pub(crate) fn explain(
    head: &Head,
    sent: &Sent,
    is_json: bool,
    message: Option<&str>,
    body: Body<'_>,
) -> Option<Error> {
    let status = head.status;
    if matches!(status, 400 | 401 | 403 | 405 | 406 | 451)
        && let Some(error) = blocked(head, sent, is_json, message, body)
    {
        return Some(error);
    }
    if !matches!(status, 401 | 403) {
        return None;
    }
    // Only a signed request can have its signature judged by a clock.
    if sent.credentials
        && let Some(message) = message.filter(|m| {
            let lower = m.to_lowercase();
            CLOCK_PHRASES.iter().any(|p| lower.contains(p))
        })
    {
        return Some(Error::ClockSkew {
            status,
            message: message.to_owned(),
            offset_secs: clock_offset(head),
        });
    }
    let words = message.map_or_else(|| summary(body), str::to_owned);
    Some(if sent.credentials {
        Error::AuthRejected {
            status,
            message: words,
        }
    } else {
        Error::Unauthenticated {
            status,
            message: words,
            request_id: head.aws_request_id(),
        }
    })
}

/// A block by something in front of the service, when the answer says so.
fn blocked(
    head: &Head,
    sent: &Sent,
    is_json: bool,
    message: Option<&str>,
    body: Body<'_>,
) -> Option<Error> {
    let text = String::from_utf8_lossy(body.bytes);
    let plain = plain_text(&text);
    let lower = plain.to_lowercase();
    let header_says = |(name, part): &(&str, &str)| {
        head.header(name)
            .is_some_and(|value| value.to_lowercase().contains(part))
    };
    let vendor = VENDORS
        .iter()
        .find(|v| v.body.iter().any(|m| lower.contains(m)))
        .or_else(|| VENDORS.iter().find(|v| v.headers.iter().any(header_says)));
    let phrase = BLOCK_PHRASES.iter().any(|p| lower.contains(p));
    let is_block = if is_json {
        // The service and AWS answer in JSON; only a firewall's own words
        // make a JSON answer a block.
        FIREWALL_WORDS.iter().any(|w| lower.contains(w))
    } else if lower.is_empty() {
        // No words to go by (an empty body, or one that never came): the
        // headers say who answered. A refusal the function's URL wrote
        // carries AWS's request id; without one, a CDN or firewall that
        // names itself in the headers wrote this 403.
        head.status == 403 && vendor.is_some() && head.aws_request_id().is_none()
    } else if head.status == 403 {
        // The analysis service never answers a 403 with a page: whatever
        // wrote one stands in front of it.
        true
    } else {
        phrase && (vendor.is_some() || looks_like_html(head, &text))
    };
    if !is_block {
        return None;
    }
    let reference = vendor
        .and_then(|v| v.reference.iter().find_map(|h| head.header(h)))
        .map(str::to_owned)
        .or_else(|| reference_in(&plain));
    Some(Error::Blocked {
        status: head.status,
        by: vendor.map(|v| v.name.to_owned()),
        summary: message.map_or_else(|| summary(body), str::to_owned),
        prompt_chars: sent.prompt_chars,
        reference,
    })
}

/// A page's text: tags dropped, white space collapsed.
fn plain_text(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut in_tag = false;
    for c in text.chars() {
        match c {
            '<' => {
                in_tag = true;
                out.push(' ');
            }
            '>' if in_tag => in_tag = false,
            _ if !in_tag => out.push(c),
            _ => {}
        }
    }
    out.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// The reference a block page prints (`Reference #18.2f3c...`).
fn reference_in(plain: &str) -> Option<String> {
    let lower = plain.to_lowercase();
    REFERENCE_MARKERS.iter().find_map(|marker| {
        let at = lower.find(marker)? + marker.len();
        // Lower-casing keeps byte offsets for the ASCII markers, but not
        // for every text before them; fall back on nothing then.
        let rest = plain.get(at..)?;
        let token: String = rest
            .trim_start_matches([' ', ':', '#'])
            .split_whitespace()
            .next()?
            .trim_end_matches(['.', ','])
            .chars()
            .take(80)
            .collect();
        (!token.is_empty()).then_some(token)
    })
}

/// This computer's clock minus the response's `Date`, in whole seconds.
fn clock_offset(head: &Head) -> Option<i64> {
    let date = httpdate::parse_http_date(head.header("date")?.trim()).ok()?;
    let seconds = match head.received_at.duration_since(date) {
        Ok(ahead) => ahead.as_secs_f64(),
        Err(behind) => -behind.duration().as_secs_f64(),
    };
    Some(seconds.round() as i64)
}

#[cfg(test)]
mod tests {
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
}
