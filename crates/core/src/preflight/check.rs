//! What one step of a pre-flight check found: the steps, how each went,
//! and the worst of them. Its own module so that the steps (`mod.rs`) and
//! the health URL's reader (`health.rs`) share the shape without importing
//! each other.

use std::time::Instant;

use serde::Serialize;

/// One step of the check.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Step {
    /// DNS.
    Resolve,
    /// TCP to the invoke URL's host.
    Connect,
    /// The TLS handshake and certificate.
    Tls,
    /// The health URL's answer.
    Health,
    /// Whether the credential is in the keyring (added by the caller).
    Credentials,
}

impl Step {
    /// Every step, in the order a check runs them.
    pub const ALL: [Self; 5] = [
        Self::Resolve,
        Self::Connect,
        Self::Tls,
        Self::Health,
        Self::Credentials,
    ];

    /// The step's name as a report writes it (`resolve`, `tls`); the same
    /// text `serde` produces.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Resolve => "resolve",
            Self::Connect => "connect",
            Self::Tls => "tls",
            Self::Health => "health",
            Self::Credentials => "credentials",
        }
    }
}

/// How a step went.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum CheckOutcome {
    /// Not tried, and nothing is wrong (an `http` URL has no TLS).
    Skipped,
    /// Fine.
    Ok,
    /// Works, but something needs attention.
    Warning,
    /// Broken: analyses will fail until it is fixed.
    Failed,
}

/// The result of one step.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Check {
    /// Which step.
    pub step: Step,
    /// How it went.
    pub outcome: CheckOutcome,
    /// What was found and, when broken, what to do.
    pub summary: String,
    /// How long it took.
    pub millis: Option<u64>,
}

impl Check {
    /// A step's result.
    pub fn new(step: Step, outcome: CheckOutcome, summary: impl Into<String>) -> Self {
        Self {
            step,
            outcome,
            summary: summary.into(),
            millis: None,
        }
    }

    pub(crate) fn timed(mut self, since: Instant) -> Self {
        self.millis = Some(u64::try_from(since.elapsed().as_millis()).unwrap_or(u64::MAX));
        self
    }
}

impl CheckOutcome {
    /// Every outcome, from best to worst.
    pub const ALL: [Self; 4] = [Self::Skipped, Self::Ok, Self::Warning, Self::Failed];

    /// The outcome's name as a report writes it (`ok`, `failed`); the same
    /// text `serde` produces.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Skipped => "skipped",
            Self::Ok => "ok",
            Self::Warning => "warning",
            Self::Failed => "failed",
        }
    }

    /// The worst outcome among `checks` (skipped when there are none).
    pub fn worst(checks: &[Check]) -> Self {
        checks
            .iter()
            .map(|c| c.outcome)
            .max()
            .unwrap_or(Self::Skipped)
    }
}
