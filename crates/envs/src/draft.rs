//! An environment as a form edits it: every field optional or plain text,
//! turned into an `[[environment]]` table and checked by the very parser
//! that reads the file, so the window and the file can never disagree on
//! what is valid.

use serde::{Deserialize, Serialize};
use toml_edit::{DocumentMut, Item, Table, value};

use crate::Error;
use crate::model::{Auth, EnvironmentSpec, Source, Timeouts};
use crate::parse;

/// The fields of one environment, as a window or a script supplies them.
/// Empty strings count as absent.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct EnvironmentDraft {
    /// Unique name.
    pub name: String,
    /// The Lambda Function URL.
    pub invoke_url: String,
    /// The health URL, if any.
    pub health_url: Option<String>,
    /// The AWS region.
    pub region: Option<String>,
    /// Whether this is production.
    pub production: bool,
    /// `#rrggbb`; the default colour for its kind when absent.
    pub color: Option<String>,
    /// Ask before each send; defaults to `production`.
    pub confirm_before_send: Option<bool>,
    /// `none`, `aws_sigv4`, `bearer` or `api_key`.
    pub auth_method: String,
    /// The header of an `api_key` environment.
    pub api_key_header: Option<String>,
    /// The AWS profile of an `aws_sigv4` environment; absent for the
    /// keyring or the default chain.
    pub aws_profile: Option<String>,
    /// Seconds to connect.
    pub connect_seconds: Option<f64>,
    /// Seconds of silence tolerated.
    pub idle_seconds: Option<f64>,
    /// Seconds for a whole analysis.
    pub total_seconds: Option<f64>,
}

fn present(text: Option<&String>) -> Option<&str> {
    text.map(|t| t.trim()).filter(|t| !t.is_empty())
}

impl EnvironmentDraft {
    /// The draft that reproduces `spec`, for an edit form.
    pub fn from_spec(spec: &EnvironmentSpec) -> Self {
        let defaults = Timeouts::default();
        let seconds = |d: std::time::Duration, default: std::time::Duration| {
            (d != default).then_some(d.as_secs_f64())
        };
        Self {
            name: spec.name.clone(),
            invoke_url: spec.invoke_url.clone(),
            health_url: spec.health_url.clone(),
            region: spec.region.clone(),
            production: spec.production,
            color: Some(spec.color.clone()),
            confirm_before_send: Some(spec.confirm_before_send),
            auth_method: spec.auth.method().to_owned(),
            api_key_header: match &spec.auth {
                Auth::ApiKey { header } => Some(header.clone()),
                _ => None,
            },
            aws_profile: spec.auth.aws_profile().map(str::to_owned),
            connect_seconds: seconds(spec.timeouts.connect, defaults.connect),
            idle_seconds: seconds(spec.timeouts.idle, defaults.idle),
            total_seconds: seconds(spec.timeouts.total, defaults.total),
        }
    }

    /// The draft as an `[[environment]]` table.
    pub(crate) fn to_table(&self) -> Table {
        let mut table = Table::new();
        table.insert("name", value(self.name.trim()));
        table.insert("invoke_url", value(self.invoke_url.trim()));
        if let Some(health) = present(self.health_url.as_ref()) {
            table.insert("health_url", value(health));
        }
        if let Some(region) = present(self.region.as_ref()) {
            table.insert("region", value(region));
        }
        table.insert("production", value(self.production));
        if let Some(color) = present(self.color.as_ref()) {
            table.insert("color", value(color));
        }
        if let Some(confirm) = self.confirm_before_send {
            table.insert("confirm_before_send", value(confirm));
        }
        let method = self.auth_method.trim();
        if !method.is_empty() && method != "none" {
            let mut auth = Table::new();
            auth.insert("method", value(method));
            if method == "api_key"
                && let Some(header) = present(self.api_key_header.as_ref())
            {
                auth.insert("header", value(header));
            }
            if method == "aws_sigv4"
                && let Some(profile) = present(self.aws_profile.as_ref())
            {
                auth.insert("profile", value(profile));
            }
            table.insert("auth", Item::Table(auth));
        }
        let seconds = [
            ("connect_seconds", self.connect_seconds),
            ("idle_seconds", self.idle_seconds),
            ("total_seconds", self.total_seconds),
        ];
        if seconds.iter().any(|(_, s)| s.is_some()) {
            let mut timeouts = Table::new();
            for (key, s) in seconds {
                if let Some(s) = s {
                    timeouts.insert(key, value(whole_or_fraction(s)));
                }
            }
            table.insert("timeouts", Item::Table(timeouts));
        }
        table
    }

    /// Checks the draft with the file's own rules. The error lists every
    /// problem, each naming its key.
    pub fn validate(&self) -> Result<EnvironmentSpec, Error> {
        let text = self.to_document().to_string();
        let (mut specs, problems) = parse(&text, Source::User);
        if !problems.is_empty() {
            let messages: Vec<String> = problems.into_iter().map(|(_, m)| m).collect();
            return Err(Error::Invalid(messages.join("; ")));
        }
        specs
            .pop()
            .ok_or_else(|| Error::Invalid("the environment could not be read".to_owned()))
    }

    fn to_document(&self) -> DocumentMut {
        document(std::iter::once(self.to_table()))
    }
}

/// `tables` as a file of `[[environment]]` tables.
pub(crate) fn document(tables: impl IntoIterator<Item = Table>) -> DocumentMut {
    let mut array = toml_edit::ArrayOfTables::new();
    for table in tables {
        array.push(table);
    }
    let mut document = DocumentMut::new();
    document.insert("environment", Item::ArrayOfTables(array));
    document
}

/// Whole seconds as an integer (`400`, as a person writes it), others as
/// a float.
fn whole_or_fraction(seconds: f64) -> toml_edit::Value {
    if seconds.fract() == 0.0 && seconds.abs() < 1e15 {
        toml_edit::Value::from(seconds as i64)
    } else {
        toml_edit::Value::from(seconds)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn draft(name: &str, url: &str) -> EnvironmentDraft {
        EnvironmentDraft {
            name: name.into(),
            invoke_url: url.into(),
            ..EnvironmentDraft::default()
        }
    }

    #[test]
    fn a_spec_survives_the_round_trip_through_a_draft() {
        let text = r#"
[[environment]]
name = "prod"
invoke_url = "https://abcd.lambda-url.me-central-1.on.aws/"
health_url = "https://efgh.lambda-url.me-central-1.on.aws/"
region = "me-central-1"
production = true
[environment.auth]
method = "api_key"
header = "x-team-key"
[environment.timeouts]
idle_seconds = 400
"#;
        let (specs, problems) = parse(text, Source::User);
        assert!(problems.is_empty(), "{problems:?}");
        let again = EnvironmentDraft::from_spec(&specs[0]).validate().unwrap();
        let mut expected = specs[0].clone();
        expected.line = again.line;
        assert_eq!(again, expected);
    }

    /// (name, invoke URL, method, what the message must say)
    const BAD: &[(&str, &str, &str, &str)] = &[
        (
            "",
            "https://a.lambda-url.eu-west-1.on.aws/",
            "none",
            "no name",
        ),
        (
            "dev",
            "http://a.lambda-url.eu-west-1.on.aws/",
            "none",
            "https",
        ),
        (
            "dev",
            "https://a.execute-api.eu-west-1.amazonaws.com/prod",
            "none",
            "API Gateway",
        ),
        (
            "dev",
            "https://a.lambda-url.eu-west-1.on.aws/invoke",
            "none",
            "/invoke",
        ),
        (
            "dev",
            "https://a.lambda-url.eu-west-1.on.aws/",
            "aws_sigv4",
            "region",
        ),
        (
            "dev",
            "https://a.lambda-url.eu-west-1.on.aws/",
            "kerberos",
            "not one of",
        ),
        ("dev", "", "none", "invoke_url"),
    ];

    #[test]
    fn a_bad_draft_is_refused_with_the_files_own_message() {
        for (name, url, method, expected) in BAD {
            let mut d = draft(name, url);
            d.auth_method = (*method).into();
            let error = d.validate().unwrap_err().to_string();
            assert!(error.contains(expected), "{name} {url} {method}: {error}");
        }
    }

    #[test]
    fn an_empty_optional_field_is_absent() {
        let mut d = draft("dev", "http://127.0.0.1:8080/");
        d.health_url = Some("  ".into());
        d.color = Some(String::new());
        let spec = d.validate().unwrap();
        assert_eq!(spec.health_url, None);
        assert_eq!(spec.color, EnvironmentSpec::default_color(false));
    }
}
