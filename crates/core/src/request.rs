//! What the console sends: an endpoint, a prompt and an optional session
//! id, checked against the server's own rules before anything leaves the
//! machine, so the user hears which rule failed without a round trip.

use std::fmt;

use url::Url;

use crate::Error;

/// The server refuses prompts shorter than this, in characters.
pub const PROMPT_MIN_CHARS: usize = 10;
/// The server refuses prompts longer than this, in characters.
pub const PROMPT_MAX_CHARS: usize = 10_000;

/// One of the server's request rules (PROTOCOL.md), as it was broken.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum Rule {
    /// Fewer than [`PROMPT_MIN_CHARS`] characters.
    #[error(
        "the prompt must be at least {PROMPT_MIN_CHARS} characters and has {chars}. Describe \
         the disruption: the flight, what happened and its effect."
    )]
    PromptTooShort {
        /// Characters in the prompt.
        chars: usize,
    },
    /// More than [`PROMPT_MAX_CHARS`] characters.
    #[error(
        "the prompt must not exceed {PROMPT_MAX_CHARS} characters and has {chars}. Shorten it \
         by {} characters.",
        chars - PROMPT_MAX_CHARS
    )]
    PromptTooLong {
        /// Characters in the prompt.
        chars: usize,
    },
    /// Not a lower-case UUID v4.
    #[error(
        "the session id {value:?} is not a lower-case UUID v4, which the server requires. \
         Start a new session, or paste the session id exactly as the server reported it."
    )]
    SessionIdNotUuidV4 {
        /// The value given.
        value: String,
    },
}

/// A session id the server will accept: a lower-case UUID v4.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct SessionId(String);

impl SessionId {
    /// Checks `value` against the server's rule.
    pub fn parse(value: &str) -> Result<Self, Rule> {
        if is_lower_uuid_v4(value) {
            Ok(Self(value.to_owned()))
        } else {
            Err(Rule::SessionIdNotUuidV4 {
                value: value.to_owned(),
            })
        }
    }

    /// The id as text.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for SessionId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// `xxxxxxxx-xxxx-4xxx-[89ab]xxx-xxxxxxxxxxxx`, lower-case hex only.
fn is_lower_uuid_v4(value: &str) -> bool {
    let bytes = value.as_bytes();
    if bytes.len() != 36 {
        return false;
    }
    bytes.iter().enumerate().all(|(i, &b)| match i {
        8 | 13 | 18 | 23 => b == b'-',
        14 => b == b'4',
        19 => matches!(b, b'8' | b'9' | b'a' | b'b'),
        _ => b.is_ascii_digit() || (b'a'..=b'f').contains(&b),
    })
}

/// One analysis request, already checked.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AnalysisRequest {
    prompt: String,
    session_id: Option<SessionId>,
}

impl AnalysisRequest {
    /// Checks the prompt (and the session id, when continuing a session)
    /// against the server's rules. Characters are counted as the server
    /// counts them: Unicode code points.
    pub fn new(prompt: impl Into<String>, session_id: Option<&str>) -> Result<Self, Error> {
        let prompt = prompt.into();
        let chars = prompt.chars().count();
        let rule = if chars < PROMPT_MIN_CHARS {
            Some(Rule::PromptTooShort { chars })
        } else if chars > PROMPT_MAX_CHARS {
            Some(Rule::PromptTooLong { chars })
        } else {
            None
        };
        if let Some(rule) = rule {
            return Err(Error::InvalidRequest { rule });
        }
        let session_id = session_id
            .map(SessionId::parse)
            .transpose()
            .map_err(|rule| Error::InvalidRequest { rule })?;
        Ok(Self { prompt, session_id })
    }

    /// The prompt as it will be sent.
    pub fn prompt(&self) -> &str {
        &self.prompt
    }

    /// The session this request continues, if any.
    pub fn session_id(&self) -> Option<&SessionId> {
        self.session_id.as_ref()
    }

    /// The exact body bytes: `{"prompt": ..., "session_id": ...}`. These
    /// are the bytes a signature covers, so they are built once.
    pub fn body(&self) -> Vec<u8> {
        let mut body = serde_json::Map::new();
        body.insert("prompt".into(), self.prompt.clone().into());
        if let Some(id) = &self.session_id {
            body.insert("session_id".into(), id.as_str().into());
        }
        serde_json::Value::Object(body).to_string().into_bytes()
    }
}

/// Where analyses are sent: the invoke URL exactly as configured.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Endpoint {
    url: Url,
}

impl Endpoint {
    /// Parses the invoke URL. Only `http` and `https` URLs with a host
    /// are accepted; the path and query are kept exactly as given.
    pub fn parse(url: &str) -> Result<Self, Error> {
        let invalid = |reason: &str| Error::InvalidEndpoint {
            url: url.to_owned(),
            reason: reason.to_owned(),
        };
        let parsed = Url::parse(url.trim()).map_err(|e| {
            invalid(&format!(
                "{e}. Use the full Function URL, such as https://<id>.lambda-url.<region>.on.aws/"
            ))
        })?;
        if !matches!(parsed.scheme(), "http" | "https") {
            return Err(invalid("only http and https URLs can be used"));
        }
        if parsed.host_str().is_none_or(str::is_empty) {
            return Err(invalid("the URL has no host"));
        }
        Ok(Self { url: parsed })
    }

    /// The URL requests go to.
    pub fn url(&self) -> &Url {
        &self.url
    }
}

impl fmt::Display for Endpoint {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.url.as_str())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn prompts_against_the_servers_rules() {
        // (prompt length in characters, which rule fails)
        let table: &[(usize, Option<Rule>)] = &[
            (0, Some(Rule::PromptTooShort { chars: 0 })),
            (9, Some(Rule::PromptTooShort { chars: 9 })),
            (10, None),
            (10_000, None),
            (10_001, Some(Rule::PromptTooLong { chars: 10_001 })),
        ];
        for (chars, rule) in table {
            // Multi-byte characters count once each, as the server counts.
            let prompt = "\u{2708}".repeat(*chars);
            let got = AnalysisRequest::new(prompt, None).err();
            let want = rule.clone().map(|rule| Error::InvalidRequest { rule });
            assert_eq!(got, want, "{chars} characters");
        }
    }

    #[test]
    fn session_ids_must_be_lower_case_uuid_v4() {
        let table: &[(&str, bool)] = &[
            ("0b7c8a6e-3f2d-4c1b-9a8e-7d6c5b4a3f21", true),
            ("0b7c8a6e-3f2d-4c1b-ba8e-7d6c5b4a3f21", true),
            ("0B7C8A6E-3F2D-4C1B-9A8E-7D6C5B4A3F21", false),
            ("0b7c8a6e-3f2d-1c1b-9a8e-7d6c5b4a3f21", false),
            ("0b7c8a6e-3f2d-4c1b-ca8e-7d6c5b4a3f21", false),
            ("0b7c8a6e3f2d4c1b9a8e7d6c5b4a3f21", false),
            ("", false),
            ("0b7c8a6e-3f2d-4c1b-9a8e-7d6c5b4a3f2g", false),
        ];
        for (value, ok) in table {
            assert_eq!(SessionId::parse(value).is_ok(), *ok, "{value}");
        }
    }

    #[test]
    fn the_body_is_exactly_prompt_and_session() {
        let request = AnalysisRequest::new(
            "Flight EY123 delayed \"2h\"",
            Some("0b7c8a6e-3f2d-4c1b-9a8e-7d6c5b4a3f21"),
        )
        .unwrap();
        assert_eq!(
            String::from_utf8(request.body()).unwrap(),
            r#"{"prompt":"Flight EY123 delayed \"2h\"","session_id":"0b7c8a6e-3f2d-4c1b-9a8e-7d6c5b4a3f21"}"#
        );
        let fresh = AnalysisRequest::new("Flight EY123 delayed", None).unwrap();
        assert_eq!(fresh.body(), br#"{"prompt":"Flight EY123 delayed"}"#);
    }

    #[test]
    fn endpoints_keep_path_and_query() {
        let endpoint =
            Endpoint::parse("https://abc.lambda-url.me-central-1.on.aws/?scenario=bom").unwrap();
        assert_eq!(
            endpoint.url().as_str(),
            "https://abc.lambda-url.me-central-1.on.aws/?scenario=bom"
        );
        for bad in ["", "ftp://host/", "not a url", "file:///etc/passwd"] {
            assert!(Endpoint::parse(bad).is_err(), "{bad}");
        }
    }
}
