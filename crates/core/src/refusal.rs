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
    crate::preflight::offset_from_date(head.header("date")?, head.received_at)
}

#[cfg(test)]
mod tests;
