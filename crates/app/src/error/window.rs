//! The window's side of an error: the one closed vocabulary of kinds
//! every crate's failure is sorted into, and `UiError`, the kind with its
//! message, detail and request id, as the window receives it.

use serde::Serialize;
use skymarshal_core::{Error as CoreError, ErrorKind as CoreErrorKind};

/// Declares the closed vocabulary of error kinds: the enum, `ALL` and
/// `as_str`, from one list, so a kind cannot be added without its name.
macro_rules! kinds {
    ($($(#[doc = $doc:literal])* $variant:ident => $name:literal,)*) => {
        /// Every kind of failure the window can be told of, from every crate:
        /// the core's analysis failures under their own names, and the
        /// console's own (keyring, history, environments, desktop). The
        /// window has a title for each (`ui/js/errors.js`; a test checks).
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
        pub enum UiErrorKind {
            $($(#[doc = $doc])* $variant,)*
        }

        impl UiErrorKind {
            /// Every kind, in declaration order.
            pub const ALL: &'static [Self] = &[$(Self::$variant,)*];

            /// The kind's name on the wire and in the history (`no_keyring`).
            pub fn as_str(self) -> &'static str {
                match self {
                    $(Self::$variant => $name,)*
                }
            }
        }
    };
}

kinds! {
    /// The credentials were refused or have expired.
    Auth => "auth",
    /// The environment points at something that is not the analysis API.
    WrongEndpoint => "wrong_endpoint",
    /// The request, or what the window asked, breaks a rule.
    Validation => "validation",
    /// The service is throttling requests.
    RateLimit => "rate_limit",
    /// The server or the analysis itself failed.
    Server => "server",
    /// Something took longer than allowed.
    Timeout => "timeout",
    /// The stream stopped before the analysis finished.
    Interrupted => "interrupted",
    /// The endpoint could not be reached.
    Network => "network",
    /// The server answered something the protocol does not allow.
    Protocol => "protocol",
    /// The user cancelled (or stopped a replay).
    Cancelled => "cancelled",
    /// A CDN or firewall in front of the service refused the request.
    Blocked => "blocked",
    /// The IAM Identity Center sign-in has expired: `aws sso login`, then
    /// send again (the window offers to retry once signed in).
    SsoLoginNeeded => "sso_login_needed",
    /// The AWS credentials expire (or expired) before the analysis could end.
    CredentialsExpiring => "credentials_expiring",
    /// No AWS credentials could be had from the environment's source.
    CredentialsUnavailable => "credentials_unavailable",
    /// A run that failed, rebuilt from a history whose recorded kind this
    /// console does not know (written by a newer one).
    RunFailed => "run_failed",
    /// The environment needs a credential that is not in the keyring.
    CredentialMissing => "credential_missing",
    /// No Secret Service, Keychain or Credential Manager answers.
    NoKeyring => "no_keyring",
    /// The keyring is locked.
    KeyringLocked => "keyring_locked",
    /// The keyring did not answer in time.
    KeyringTimeout => "keyring_timeout",
    /// The keyring refused the secret itself (too long, not text).
    KeyringRefused => "keyring_refused",
    /// Any other keyring failure.
    KeyringFailed => "keyring_failed",
    /// The environments file refused a change, or cannot be changed.
    Environments => "environments",
    /// The training simulator could not start.
    Simulator => "simulator",
    /// No such run, session or environment (deleted, or already ended).
    NotFound => "not_found",
    /// The history file cannot be opened or is from a newer console.
    StoreUnavailable => "store_unavailable",
    /// The history failed while reading or writing.
    Store => "store",
    /// A file offered for import is not an export this console reads.
    Import => "import",
    /// The desktop did not open a link or a file.
    Desktop => "desktop",
    /// The desktop did not show a notification.
    Notification => "notification",
    /// A decision was refused: no complete analysis, no rationale, an
    /// option not offered, safety not acknowledged, a stale analysis not
    /// confirmed, a correction of the wrong decision.
    DecisionRefused => "decision_refused",
    /// No operator name is set; set it before deciding.
    OperatorMissing => "operator_missing",
    /// A handover action was refused (already acknowledged, a blank name or note).
    HandoverRefused => "handover_refused",
    /// The history's chain of records is broken: a record was altered,
    /// removed or reordered in the file.
    ChainBroken => "chain_broken",
    /// The handover's PDF briefing could not be made.
    Briefing => "briefing",
    /// No team store is configured (no `[team]` table).
    TeamNotConfigured => "team_not_configured",
    /// The team store cannot be reached, or refused this desk's role.
    TeamUnreachable => "team_unreachable",
    /// The team store has no schema yet, or a newer one than this console knows.
    TeamSchema => "team_schema",
    /// Another desk holds the flight.
    FlightClaimed => "flight_claimed",
    /// The window could not call the console at all (Tauri refused the
    /// command or its arguments): a bug, set by `ui/js/ipc.js`.
    Internal => "internal",
}

impl UiErrorKind {
    /// The kind named `name`, as [`UiErrorKind::as_str`] writes it.
    pub fn parse(name: &str) -> Option<Self> {
        Self::ALL.iter().copied().find(|kind| kind.as_str() == name)
    }
}

impl std::fmt::Display for UiErrorKind {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

impl Serialize for UiErrorKind {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.as_str())
    }
}

impl From<CoreErrorKind> for UiErrorKind {
    fn from(kind: CoreErrorKind) -> Self {
        match kind {
            CoreErrorKind::Auth => Self::Auth,
            CoreErrorKind::WrongEndpoint => Self::WrongEndpoint,
            CoreErrorKind::Validation => Self::Validation,
            CoreErrorKind::RateLimit => Self::RateLimit,
            CoreErrorKind::Server => Self::Server,
            CoreErrorKind::Timeout => Self::Timeout,
            CoreErrorKind::Interrupted => Self::Interrupted,
            CoreErrorKind::Network => Self::Network,
            CoreErrorKind::Protocol => Self::Protocol,
            CoreErrorKind::Cancelled => Self::Cancelled,
            CoreErrorKind::Blocked => Self::Blocked,
            CoreErrorKind::SsoLoginNeeded => Self::SsoLoginNeeded,
            CoreErrorKind::CredentialsExpiring => Self::CredentialsExpiring,
            CoreErrorKind::CredentialsUnavailable => Self::CredentialsUnavailable,
        }
    }
}

impl From<&skymarshal_secrets::Error> for UiErrorKind {
    fn from(error: &skymarshal_secrets::Error) -> Self {
        use skymarshal_secrets::Error as E;
        match error {
            E::NoKeyring => Self::NoKeyring,
            E::Locked => Self::KeyringLocked,
            E::Timeout { .. } => Self::KeyringTimeout,
            E::Refused(_) => Self::KeyringRefused,
            E::Platform(_) => Self::KeyringFailed,
        }
    }
}

impl From<&skymarshal_store::Error> for UiErrorKind {
    fn from(error: &skymarshal_store::Error) -> Self {
        use skymarshal_store::Error as E;
        match error {
            E::Io { .. } | E::Open { .. } | E::TooNew { .. } => Self::StoreUnavailable,
            E::NotFound { .. } => Self::NotFound,
            E::Import(_) | E::ImportRecord { .. } => Self::Import,
            E::OperatorName { .. } => Self::Validation,
            E::Sqlite(_) | E::Crashed(_) | E::RecordRefused { .. } | E::TeamRecord { .. } => {
                Self::Store
            }
        }
    }
}

/// An error as the window shows it. Built with [`UiError::new`] and its
/// builders, never as a literal outside this crate, so every error the
/// window receives went through one place.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[non_exhaustive]
pub struct UiError {
    /// What kind of failure, from the one closed vocabulary.
    pub kind: UiErrorKind,
    /// What happened and what to do, in words.
    pub message: String,
    /// The technical detail, for the engineer the user may call; empty
    /// when there is none.
    pub detail: String,
    /// The server's request id, when there is one.
    pub request_id: Option<String>,
    /// Whether the analysis may still be running on the server.
    pub may_still_be_running: bool,
}

impl UiError {
    /// An error of `kind` saying `message`, with no detail, no request id,
    /// and nothing left running.
    pub fn new(kind: UiErrorKind, message: impl Into<String>) -> Self {
        Self {
            kind,
            message: message.into(),
            detail: String::new(),
            request_id: None,
            may_still_be_running: false,
        }
    }

    /// The same error with its technical detail.
    #[must_use]
    pub fn with_detail(mut self, detail: impl Into<String>) -> Self {
        self.detail = detail.into();
        self
    }

    /// The same error naming the server's request id (`x-amzn-RequestId`),
    /// when one is known.
    #[must_use]
    pub fn with_request_id(mut self, request_id: Option<String>) -> Self {
        self.request_id = request_id;
        self
    }

    /// The same error saying whether the analysis may still be running on
    /// the server (the stream broke, the server was not told to stop).
    #[must_use]
    pub fn still_running(mut self, may_still_be_running: bool) -> Self {
        self.may_still_be_running = may_still_be_running;
        self
    }

    /// From a core error: its kind, words, request id and whether the
    /// analysis may go on without us.
    pub fn from_core(error: &CoreError) -> Self {
        Self::new(error.kind().into(), error.to_string())
            .with_detail(format!("{error:?}"))
            .with_request_id(error.request_id().map(str::to_owned))
            .still_running(error.may_still_be_running())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_kind_has_one_name() {
        let mut names: Vec<&str> = UiErrorKind::ALL.iter().map(|k| k.as_str()).collect();
        for kind in UiErrorKind::ALL {
            assert_eq!(UiErrorKind::parse(kind.as_str()), Some(*kind));
            assert_eq!(serde_json::to_value(kind).unwrap(), kind.as_str());
        }
        names.sort_unstable();
        names.dedup();
        assert_eq!(
            names.len(),
            UiErrorKind::ALL.len(),
            "two kinds share a name"
        );
        // The core's kinds keep their own names on the way to the window.
        for kind in CoreErrorKind::ALL {
            assert_eq!(UiErrorKind::from(kind).as_str(), kind.as_str());
            assert_eq!(serde_json::to_value(kind).unwrap(), kind.as_str());
        }
    }
}
