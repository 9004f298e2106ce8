//! The rules an environment's values must follow, each with the reason and
//! what to write instead.

use url::{Host, Url};

/// Checks an invoke or health URL. `https` is required except on
/// loopback; API Gateway URLs and `/invoke` paths are refused with why.
pub(crate) fn endpoint_url(value: &str, what: &str) -> Result<Url, String> {
    let url = Url::parse(value.trim()).map_err(|e| {
        format!("{what} {value:?} is not a URL ({e}); write the full Function URL, such as https://<id>.lambda-url.<region>.on.aws/")
    })?;
    let loopback = match url.host() {
        Some(Host::Ipv4(ip)) => ip.is_loopback(),
        Some(Host::Ipv6(ip)) => ip.is_loopback(),
        Some(Host::Domain(domain)) => domain.eq_ignore_ascii_case("localhost"),
        None => return Err(format!("{what} {value:?} has no host")),
    };
    match url.scheme() {
        "https" => {}
        "http" if loopback => {}
        "http" => {
            return Err(format!(
                "{what} {value:?} uses http; only https is allowed, except on this computer (127.0.0.1 or localhost)"
            ));
        }
        other => return Err(format!("{what} {value:?} uses {other}:, not https")),
    }
    let host = url.host_str().unwrap_or_default().to_ascii_lowercase();
    if host.contains(".execute-api.") {
        return Err(format!(
            "{what} {value:?} is an API Gateway URL (execute-api): that is the old deployment, which \
             cuts every analysis off after 29 seconds. Use the Lambda Function URL \
             (https://<id>.lambda-url.<region>.on.aws/) instead"
        ));
    }
    let path = url.path().trim_end_matches('/');
    if path.eq_ignore_ascii_case("/invoke") || path.to_ascii_lowercase().ends_with("/invoke") {
        return Err(format!(
            "{what} {value:?} ends in /invoke, the old API Gateway route; the Function URL takes the \
             request at its root: remove /invoke"
        ));
    }
    Ok(url)
}

/// The region in a Function URL's host (`<id>.lambda-url.<region>.on.aws`).
pub(crate) fn region_of_function_url(url: &Url) -> Option<String> {
    let host = url.host_str()?;
    let rest = host.split_once(".lambda-url.")?.1;
    rest.strip_suffix(".on.aws").map(str::to_owned)
}

/// `xx-name-N`, as AWS writes regions.
pub(crate) fn region(value: &str) -> Result<(), String> {
    let parts: Vec<&str> = value.split('-').collect();
    let ok = parts.len() >= 3
        && parts.iter().all(|p| {
            !p.is_empty()
                && p.chars()
                    .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit())
        })
        && parts
            .last()
            .is_some_and(|p| p.chars().all(|c| c.is_ascii_digit()));
    if ok {
        Ok(())
    } else {
        Err(format!(
            "region {value:?} is not an AWS region; write it as AWS does, such as \"me-central-1\""
        ))
    }
}

/// `#rrggbb`.
pub(crate) fn color(value: &str) -> Result<(), String> {
    let ok = value.len() == 7
        && value.starts_with('#')
        && value[1..].chars().all(|c| c.is_ascii_hexdigit());
    if ok {
        Ok(())
    } else {
        Err(format!(
            "color {value:?} must be written #rrggbb, such as \"#2563eb\""
        ))
    }
}

/// An HTTP header name (RFC 9110 token).
pub(crate) fn header_name(value: &str) -> Result<(), String> {
    let ok = !value.is_empty()
        && value
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b"!#$%&'*+-.^_`|~".contains(&b));
    if ok {
        Ok(())
    } else {
        Err(format!(
            "header {value:?} is not a valid HTTP header name, such as \"x-api-key\""
        ))
    }
}

/// An AWS profile name as the AWS CLI accepts it: letters, digits and
/// `_ . @ -`.
pub(crate) fn aws_profile(value: &str) -> Result<(), String> {
    let ok = !value.is_empty()
        && value
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b"_.@-".contains(&b));
    if ok {
        Ok(())
    } else {
        Err(format!(
            "profile {value:?} is not an AWS profile name: use letters, digits and _ . @ - only, such as \"ops-prod\""
        ))
    }
}

/// The closest of `known` to `key`, for "did you mean".
pub(crate) fn closest<'a>(key: &str, known: &[&'a str]) -> Option<&'a str> {
    known
        .iter()
        .map(|k| (distance(key, k), *k))
        .filter(|(d, _)| *d <= 2)
        .min_by_key(|(d, _)| *d)
        .map(|(_, k)| k)
}

fn distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut row: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut previous = row[0];
        row[0] = i + 1;
        for (j, cb) in b.iter().enumerate() {
            let current = row[j + 1];
            row[j + 1] = (previous + usize::from(ca != *cb))
                .min(row[j] + 1)
                .min(current + 1);
            previous = current;
        }
    }
    row[b.len()]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn urls_table() {
        // (url, a phrase of the error, or None when accepted)
        let table = [
            ("https://abc.lambda-url.me-central-1.on.aws/", None),
            ("https://abc.lambda-url.me-central-1.on.aws/?x=1", None),
            ("http://127.0.0.1:8080/", None),
            ("http://localhost:8080/", None),
            ("http://[::1]:8080/", None),
            (
                "http://abc.lambda-url.me-central-1.on.aws/",
                Some("only https"),
            ),
            (
                "https://x.execute-api.me-central-1.amazonaws.com/prod/",
                Some("API Gateway URL"),
            ),
            (
                "https://abc.lambda-url.me-central-1.on.aws/invoke",
                Some("remove /invoke"),
            ),
            (
                "https://abc.lambda-url.me-central-1.on.aws/prod/invoke/",
                Some("remove /invoke"),
            ),
            ("ftp://host/", Some("uses ftp:")),
            ("not a url", Some("is not a URL")),
        ];
        for (url, phrase) in table {
            match (endpoint_url(url, "invoke_url"), phrase) {
                (Ok(_), None) => {}
                (Err(message), Some(phrase)) => {
                    assert!(message.contains(phrase), "{url}: {message}");
                }
                (got, _) => panic!("{url}: {got:?}"),
            }
        }
    }

    #[test]
    fn small_rules_table() {
        assert!(region("me-central-1").is_ok());
        assert!(region("us-gov-west-1").is_ok());
        assert!(region("Central").is_err());
        assert!(color("#AbC123").is_ok());
        assert!(color("red").is_err());
        assert!(header_name("x-api-key").is_ok());
        assert!(header_name("x api key").is_err());
        assert_eq!(
            closest("invoke_ur", &["invoke_url", "health_url"]),
            Some("invoke_url")
        );
        assert_eq!(closest("zzz", &["invoke_url"]), None);
        let url = Url::parse("https://abc.lambda-url.eu-west-1.on.aws/").unwrap();
        assert_eq!(region_of_function_url(&url).as_deref(), Some("eu-west-1"));
    }
}
