//! What the window and the CLI are told about the team store: whether one
//! is configured and reachable, how many records wait to go, and who holds
//! which flight.

use serde::Serialize;

use crate::{AppError, Console};

/// The team store as the status line shows it.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct TeamStatus {
    /// Whether a `[team]` table is configured; when false nothing else is set.
    pub configured: bool,
    /// This desk's name (the config's `desk`, else the host name).
    pub desk: Option<String>,
    /// Whether the last attempt to reach the team store succeeded.
    pub reachable: bool,
    /// Records of this desk not yet uploaded (the outbox).
    pub waiting: u64,
    /// When the last sync finished (ms since the Unix epoch, UTC).
    pub last_sync_ms: Option<i64>,
    /// Why the team store cannot be used right now, in words.
    pub problem: Option<String>,
    /// Flights held now, by any desk, this one's included.
    pub claims: Vec<HeldClaim>,
}

/// A flight a desk holds, as the window and the CLI name it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct HeldClaim {
    /// The flight, normalised (`EY283`).
    pub flight: String,
    /// The desk holding it.
    pub desk: String,
    /// The duty manager who claimed it, when the desk had an operator set.
    pub operator: Option<String>,
    /// Since when the desk holds it (ms since the Unix epoch, UTC).
    pub since_ms: i64,
    /// When the lease runs out unless renewed (ms since the Unix epoch, UTC).
    pub lease_until_ms: i64,
    /// Whether this desk is the holder.
    pub mine: bool,
}

impl Console {
    /// The team store's state for the status line; never fails (a problem
    /// is in `problem`).
    pub async fn team_status(&self) -> TeamStatus {
        TeamStatus::default()
    }

    /// The flights `prompt` names that another desk holds, to show before
    /// sending.
    pub async fn claims_for_prompt(&self, _prompt: &str) -> Result<Vec<HeldClaim>, AppError> {
        Ok(Vec::new())
    }

    /// Claims `flight` for this desk (or releases it), uploads at once and
    /// answers who holds it now. Fails when no team store is configured or
    /// it cannot be reached, or when another desk holds the flight.
    pub async fn claim_flight(&self, _flight: &str, _release: bool) -> Result<HeldClaim, AppError> {
        Err(AppError::TeamNotConfigured)
    }
}
