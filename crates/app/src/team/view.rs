//! What the window and the CLI are told about the team store: whether one
//! is configured and reachable, how many records wait to go, and who holds
//! which flight.

use serde::Serialize;

use crate::Console;
use crate::clock::now_ms;
use crate::team::holders::holders;

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
        let Some(settings) = &self.team else {
            // A [team] table with a problem is shown as a team store that
            // cannot be used, with why, never as none configured.
            return match self.team_settings() {
                Err(error @ crate::AppError::TeamMisconfigured(_)) => TeamStatus {
                    configured: true,
                    problem: Some(error.to_string()),
                    ..TeamStatus::default()
                },
                _ => TeamStatus::default(),
            };
        };
        let mut status = TeamStatus {
            configured: true,
            desk: Some(settings.desk.clone()),
            ..TeamStatus::default()
        };
        if let Some(reach) = self.team_reach() {
            status.reachable = reach.reachable;
            status.problem = reach.problem;
        }
        // One trip to the store: the window asks every few seconds.
        let local = self
            .peek_store(|store| {
                Ok((
                    store.outbox_waiting()?,
                    store.last_sync()?,
                    store.claims(None)?,
                    store.desk_id()?,
                ))
            })
            .await;
        match local {
            Ok((waiting, last_sync_ms, claims, me)) => {
                status.waiting = waiting;
                status.last_sync_ms = last_sync_ms;
                status.claims = holders(&claims, &me, now_ms())
                    .held
                    .iter()
                    .map(|holder| self.held_claim(holder))
                    .collect();
            }
            Err(error) => status.problem = Some(error.to_string()),
        }
        status
    }
}
