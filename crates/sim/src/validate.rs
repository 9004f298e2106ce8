//! The server's request rules, as its handler applies them (PROTOCOL.md),
//! with its exact messages. Written against the JSON body, independently
//! of the client's own checks, so tests exercise both sides.

use serde_json::Value;

/// A request the server accepts.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Accepted {
    /// The prompt with `< > { }` stripped and trimmed, as the server does.
    pub(crate) prompt: String,
    pub(crate) session_id: Option<String>,
}

/// A rule failure: the error code and the server's message.
pub(crate) type Rejection = (&'static str, &'static str);

pub(crate) fn validate(body: &[u8]) -> Result<Accepted, Rejection> {
    const INVALID: &str = "INVALID_REQUEST";
    let Ok(Value::Object(body)) = serde_json::from_slice::<Value>(body) else {
        return Err(("INVALID_JSON", "Request body must be valid JSON"));
    };
    let prompt = match body.get("prompt") {
        None => return Err((INVALID, "Missing required field: prompt")),
        Some(Value::String(prompt)) => prompt,
        Some(_) => return Err((INVALID, "Field 'prompt' must be a string")),
    };
    let chars = prompt.chars().count();
    if chars < 10 {
        return Err((INVALID, "Prompt must be at least 10 characters"));
    }
    if chars > 10_000 {
        return Err((INVALID, "Prompt must not exceed 10000 characters"));
    }
    let session_id = match body.get("session_id") {
        None | Some(Value::Null) => None,
        Some(Value::String(id)) if is_lower_uuid_v4(id) => Some(id.clone()),
        Some(Value::String(_)) => {
            return Err((INVALID, "Field 'session_id' must be a valid UUID v4"));
        }
        Some(_) => return Err((INVALID, "Field 'session_id' must be a string")),
    };
    if body.get("streaming").is_some_and(|v| !v.is_boolean()) {
        return Err((INVALID, "Field 'streaming' must be a boolean"));
    }
    let prompt: String = prompt
        .chars()
        .filter(|c| !matches!(c, '<' | '>' | '{' | '}'))
        .collect();
    Ok(Accepted {
        prompt: prompt.trim().to_owned(),
        session_id,
    })
}

fn is_lower_uuid_v4(value: &str) -> bool {
    uuid::Uuid::parse_str(value).is_ok_and(|id| {
        id.get_version_num() == 4
            && matches!(id.get_variant(), uuid::Variant::RFC4122)
            && id.hyphenated().to_string() == value
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rules_table() {
        let long = format!(r#"{{"prompt":"{}"}}"#, "x".repeat(10_001));
        let table: &[(&str, Result<&str, &str>)] = &[
            ("not json", Err("Request body must be valid JSON")),
            ("[1]", Err("Request body must be valid JSON")),
            ("{}", Err("Missing required field: prompt")),
            (r#"{"prompt":5}"#, Err("Field 'prompt' must be a string")),
            (
                r#"{"prompt":"short"}"#,
                Err("Prompt must be at least 10 characters"),
            ),
            (&long, Err("Prompt must not exceed 10000 characters")),
            (
                r#"{"prompt":"Flight EY123 delayed","session_id":7}"#,
                Err("Field 'session_id' must be a string"),
            ),
            (
                r#"{"prompt":"Flight EY123 delayed","session_id":"ABC"}"#,
                Err("Field 'session_id' must be a valid UUID v4"),
            ),
            (
                r#"{"prompt":"Flight EY123 delayed","session_id":"0B7C8A6E-3F2D-4C1B-9A8E-7D6C5B4A3F21"}"#,
                Err("Field 'session_id' must be a valid UUID v4"),
            ),
            (
                r#"{"prompt":"Flight EY123 delayed","streaming":"yes"}"#,
                Err("Field 'streaming' must be a boolean"),
            ),
            (
                r#"{"prompt":"  <b>Flight EY123</b> {delayed}  "}"#,
                Ok("bFlight EY123/b delayed"),
            ),
            (
                r#"{"prompt":"Flight EY123 delayed","session_id":"0b7c8a6e-3f2d-4c1b-9a8e-7d6c5b4a3f21","streaming":true}"#,
                Ok("Flight EY123 delayed"),
            ),
        ];
        for (body, want) in table {
            let got = validate(body.as_bytes())
                .map(|a| a.prompt)
                .map_err(|(_, m)| m);
            assert_eq!(got.as_deref().map_err(|m| *m), *want, "{body}");
        }
    }
}
