//! Links found in analysis text: the window may ask to open one, and the
//! console checks it again here, whatever the window did. Only absolute
//! `https` URLs with a host and no credentials pass; everything else
//! (`javascript:`, `file:`, `data:`, `http:`, a URL with a password) is
//! refused in words.

use crate::AppError;

/// The link to hand to the system browser, or why not.
pub fn checked_link(text: &str) -> Result<String, AppError> {
    let refuse = |why: &str| {
        AppError::Invalid(format!(
            "The console opens only https links from analysis text; this one {why}, so it was not opened."
        ))
    };
    let url = url::Url::parse(text.trim()).map_err(|_| refuse("is not a complete address"))?;
    if url.scheme() != "https" {
        return Err(refuse(&format!("is {}:", url.scheme())));
    }
    if url.host_str().is_none_or(str::is_empty) {
        return Err(refuse("has no host"));
    }
    if !url.username().is_empty() || url.password().is_some() {
        return Err(refuse("carries a user name or password"));
    }
    Ok(url.to_string())
}

#[cfg(test)]
mod tests {
    use super::checked_link;

    #[test]
    fn only_plain_https_links_pass() {
        let table = [
            (
                "https://example.com/a?b=1#c",
                Some("https://example.com/a?b=1#c"),
            ),
            ("  https://EXAMPLE.com ", Some("https://example.com/")),
            ("http://example.com/", None),
            ("javascript:alert(1)", None),
            ("JaVaScRiPt:alert(1)", None),
            ("data:text/html,<script>", None),
            ("file:///etc/passwd", None),
            ("https://user:pw@example.com/", None),
            ("//example.com/", None),
            ("", None),
        ];
        for (input, expected) in table {
            assert_eq!(checked_link(input).ok().as_deref(), expected, "{input}");
        }
        let refused = checked_link("javascript:alert(1)").unwrap_err().to_string();
        assert!(refused.contains("only https links"), "{refused}");
    }
}
