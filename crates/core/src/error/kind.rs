//! The closed set of kinds callers decide by, and which [`Error`] variant
//! falls in which: a new variant is added here as well as in `mod.rs`, and
//! the window's titles and the CLI's exit codes follow the kind, not the
//! variant.

use super::Error;

/// What kind of failure this is, for a caller that decides what to offer
/// (re-enter credentials, fix the endpoint, wait, send again).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum ErrorKind {
    /// The credentials were refused or have expired.
    Auth,
    /// The environment points at something that is not the analysis API.
    WrongEndpoint,
    /// The request breaks one of the server's rules.
    Validation,
    /// The service is throttling requests.
    RateLimit,
    /// The server or the analysis itself failed.
    Server,
    /// Something took longer than allowed.
    Timeout,
    /// The stream stopped before the analysis finished.
    Interrupted,
    /// The endpoint could not be reached.
    Network,
    /// The server answered something the protocol does not allow.
    Protocol,
    /// The user cancelled the run.
    Cancelled,
    /// Something in front of the service (a CDN, a web application
    /// firewall) refused the request before it reached the service.
    Blocked,
    /// The IAM Identity Center sign-in has expired: `aws sso login`, then
    /// send again.
    SsoLoginNeeded,
    /// The AWS credentials expire (or expired) before the analysis could
    /// end: renew them, then send again.
    CredentialsExpiring,
    /// No AWS credentials could be had from the environment's source.
    CredentialsUnavailable,
}

impl ErrorKind {
    /// Every kind, for callers that must cover them all (the window's
    /// titles, exit codes).
    pub const ALL: [Self; 14] = [
        Self::Auth,
        Self::WrongEndpoint,
        Self::Validation,
        Self::RateLimit,
        Self::Server,
        Self::Timeout,
        Self::Interrupted,
        Self::Network,
        Self::Protocol,
        Self::Cancelled,
        Self::Blocked,
        Self::SsoLoginNeeded,
        Self::CredentialsExpiring,
        Self::CredentialsUnavailable,
    ];

    /// The kind's name as the window, the history and the logs write it
    /// (`wrong_endpoint`); the same text `serde` produces.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Auth => "auth",
            Self::WrongEndpoint => "wrong_endpoint",
            Self::Validation => "validation",
            Self::RateLimit => "rate_limit",
            Self::Server => "server",
            Self::Timeout => "timeout",
            Self::Interrupted => "interrupted",
            Self::Network => "network",
            Self::Protocol => "protocol",
            Self::Cancelled => "cancelled",
            Self::Blocked => "blocked",
            Self::SsoLoginNeeded => "sso_login_needed",
            Self::CredentialsExpiring => "credentials_expiring",
            Self::CredentialsUnavailable => "credentials_unavailable",
        }
    }
}

impl std::fmt::Display for ErrorKind {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

impl Error {
    /// The kind of failure, for deciding what to offer the user.
    pub fn kind(&self) -> ErrorKind {
        match self {
            Self::InvalidRequest { .. } | Self::RequestRejected { .. } => ErrorKind::Validation,
            Self::PayloadTooLarge { .. } => ErrorKind::Validation,
            Self::InvalidEndpoint { .. }
            | Self::ApiGateway { .. }
            | Self::Redirected { .. }
            | Self::NotFound { .. } => ErrorKind::WrongEndpoint,
            Self::AuthRejected { .. }
            | Self::SigningFailed { .. }
            | Self::Unauthenticated { .. }
            | Self::ClockSkew { .. } => ErrorKind::Auth,
            // A firewall's rule, most often about the prompt's length:
            // the request as it is cannot pass.
            Self::Blocked { .. } => ErrorKind::Blocked,
            Self::Throttled { .. } => ErrorKind::RateLimit,
            Self::ServerError { .. } | Self::AnalysisFailed { .. } | Self::FunctionError { .. } => {
                ErrorKind::Server
            }
            Self::ServerTimeout { .. }
            | Self::ConnectTimeout { .. }
            | Self::IdleTimeout { .. }
            | Self::TotalTimeout { .. }
            | Self::FunctionTimedOut { .. } => ErrorKind::Timeout,
            Self::Interrupted { .. } => ErrorKind::Interrupted,
            Self::Network { .. } => ErrorKind::Network,
            Self::UnexpectedResponse { .. }
            | Self::Protocol { .. }
            | Self::UnreadableAnalysis { .. }
            | Self::NotAnAnalysis { .. }
            | Self::UnsupportedEncoding { .. } => ErrorKind::Protocol,
            Self::Cancelled { .. } => ErrorKind::Cancelled,
            Self::SsoLoginNeeded { .. } => ErrorKind::SsoLoginNeeded,
            Self::CredentialsExpiring { .. } | Self::CredentialsExpired { .. } => {
                ErrorKind::CredentialsExpiring
            }
            Self::CredentialsUnavailable { .. } => ErrorKind::CredentialsUnavailable,
        }
    }
}
