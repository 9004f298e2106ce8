//! One environment as the file defines it, after every rule was checked:
//! what the console, the CLI and the form all read, so no caller re-parses
//! or re-validates the TOML.

use serde::Serialize;

/// How an environment proves who is calling. The secret itself is never
/// part of this: it lives in the OS keyring.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "method", rename_all = "snake_case")]
pub enum Auth {
    /// The Function URL is open (`AuthType NONE`).
    None,
    /// AWS Signature Version 4, service `lambda`, the environment's region.
    /// The keys come from the keyring when keys are kept there for the
    /// environment; otherwise from `profile` in the user's AWS config
    /// (`~/.aws/config` and `credentials`), or, with no profile named,
    /// from the AWS default chain (environment variables, then the
    /// default profile).
    AwsSigv4 {
        /// The AWS profile named in `[environment.auth] profile = "..."`.
        profile: Option<String>,
    },
    /// `Authorization: Bearer <token>`.
    Bearer,
    /// A key in a named header.
    ApiKey {
        /// The header that carries the key.
        header: String,
    },
}

impl Auth {
    /// The file's name for the method.
    pub fn method(&self) -> &'static str {
        match self {
            Self::None => "none",
            Self::AwsSigv4 { .. } => "aws_sigv4",
            Self::Bearer => "bearer",
            Self::ApiKey { .. } => "api_key",
        }
    }

    /// The AWS profile a SigV4 environment names, if any.
    pub fn aws_profile(&self) -> Option<&str> {
        match self {
            Self::AwsSigv4 { profile } => profile.as_deref(),
            _ => None,
        }
    }
}

/// How long to wait, per environment: the core's own timeouts.
pub use skymarshal_core::Timeouts;

/// Where an environment was defined.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Source {
    /// The user's own file: editable.
    User,
    /// The organisation's file: read-only in the console.
    Organisation,
}

/// One environment, validated.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct EnvironmentSpec {
    /// Unique name (case-insensitively).
    pub name: String,
    /// The invoke URL: a Lambda Function URL, used exactly as written.
    pub invoke_url: String,
    /// The health URL, when the deployment has one.
    pub health_url: Option<String>,
    /// The AWS region (required for SigV4).
    pub region: Option<String>,
    /// Whether this is production.
    pub production: bool,
    /// The colour the window wears (`#rrggbb`).
    pub color: String,
    /// Ask before each prompt is sent.
    pub confirm_before_send: bool,
    /// How requests authenticate.
    pub auth: Auth,
    /// Timeouts.
    pub timeouts: Timeouts,
    /// Which file it came from.
    pub source: Source,
    /// The line of its `[[environment]]` header.
    pub line: usize,
}

impl EnvironmentSpec {
    /// The colour used when the file names none.
    pub fn default_color(production: bool) -> &'static str {
        if production { "#b91c1c" } else { "#2563eb" }
    }
}
