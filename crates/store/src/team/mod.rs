//! The desk's side of the team store: what this desk made waits in the
//! outbox until it is uploaded (`outbox`), what other desks made is
//! mirrored here when pulled (`mirror`), and claims on flights are kept
//! for both (`claims`). Nothing here knows PostgreSQL: the app moves
//! [`OutboxEntry`] up and [`PulledRecord`] down.
//!
//! # What travels
//!
//! Each record the desk makes is one row of the team store, identified by
//! its `uid` and chained per desk: `desk_seq` 1, 2, 3..., `prev_hash` the
//! previous record's `hash` (the [`GENESIS_HASH`] for 1), `hash =
//! record_hash(prev_hash, kind, uid, created_ms, body)`. Kinds:
//!
//! | kind | uid | subject | created_ms |
//! | --- | --- | --- | --- |
//! | `run` | the run's uid | run uid | the run's start |
//! | `event` | `{run uid}/{position}` | run uid | when it was received |
//! | `run_end` | `{run uid}/end` | run uid | the run's end (else its last event, else its start) |
//! | `ledger` | the ledger record's uid | its subject | its time |
//! | `claim` | a new UUID | the flight | when it was claimed |
//!
//! The bodies are JSON built when a record is sealed (see `bodies`), with
//! their fields always in the same order. A record whose source was
//! deleted from this history before it was sealed (a session deleted, or
//! retention) is sealed all the same, so the chain has no hole, with the
//! body `{"deleted_before_upload":true,"kind":K,"uid":U}`; a desk that
//! pulls it keeps nothing of it.
//!
//! [`GENESIS_HASH`]: crate::GENESIS_HASH

mod bodies;
mod claims;
mod mirror;
mod outbox;

use rusqlite::params;
use serde::Serialize;

use crate::{Error, Store};

/// Settings keys of the team store's state in this file.
pub(crate) const DESK_ID: &str = "team_desk_id";
pub(crate) const CURSOR: &str = "team_cursor";
/// The uid of the record at the cursor, kept with it.
pub(crate) const CURSOR_UID: &str = "team_cursor_uid";
pub(crate) const LAST_HASH: &str = "team_last_hash";
pub(crate) const LAST_DESK_SEQ: &str = "team_last_desk_seq";
pub(crate) const LAST_SYNC: &str = "team_last_sync_ms";

/// One sealed record of this desk, ready to upload. Uploading it again
/// (after a crash) sends the same bytes.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct OutboxEntry {
    /// Its position in this desk's chain, from 1.
    pub desk_seq: i64,
    /// `run`, `event`, `run_end`, `ledger` or `claim`.
    pub kind: String,
    /// Its id in the team store (see the module doc).
    pub uid: String,
    /// The run uid, the ledger record's subject, or the flight.
    pub subject: Option<String>,
    /// Its time (ms since the Unix epoch, UTC).
    pub created_ms: i64,
    /// The operator name in force on this desk when the record was made
    /// (not when it is sealed); `None` when none was set.
    pub operator: Option<String>,
    /// Its JSON, byte for byte as hashed.
    pub body: String,
    /// The previous record's hash in this desk's chain.
    pub prev_hash: String,
    /// `record_hash(prev_hash, kind, uid, created_ms, body)`.
    pub hash: String,
}

/// A record pulled from the team store (another desk's, or this desk's
/// own claim coming back with its server order).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PulledRecord {
    /// The team store's order (its `seq`); the cursor moves to it.
    pub server_seq: i64,
    /// The desk that made it.
    pub desk_id: String,
    /// That desk's name.
    pub desk: String,
    /// Its operator there.
    pub operator: Option<String>,
    /// `run`, `event`, `run_end`, `ledger`, `claim` (others are skipped).
    pub kind: String,
    /// Its id.
    pub uid: String,
    /// Its subject.
    pub subject: Option<String>,
    /// Its time (ms since the Unix epoch, UTC).
    pub created_ms: i64,
    /// Its JSON, as hashed.
    pub body: String,
    /// The previous record's hash in its desk's chain.
    pub prev_hash: String,
    /// Its hash.
    pub hash: String,
}

/// What [`Store::apply_pulled`] did with a batch.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct ApplyReport {
    /// Records that added something to this history.
    pub applied: usize,
    /// Records already here (a batch applied twice), or this desk's own.
    pub unchanged: usize,
    /// Events and ends of a run this history does not hold (deleted here,
    /// or deleted on its desk before it was uploaded).
    pub orphaned: usize,
    /// Records of a kind this build does not know (a newer desk's).
    pub unknown: usize,
    /// The cursor after the batch (the highest `server_seq` applied).
    pub cursor: i64,
}

/// Claiming a flight, or letting it go.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum ClaimAction {
    /// "I'm handling it" (or renewing the lease).
    Claim,
    /// "I no longer am."
    Release,
}

impl ClaimAction {
    /// `claim` or `release`, as stored and sent.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Claim => "claim",
            Self::Release => "release",
        }
    }

    /// The action by its name.
    pub fn from_name(name: &str) -> Option<Self> {
        match name {
            "claim" => Some(Self::Claim),
            "release" => Some(Self::Release),
            _ => None,
        }
    }
}

/// One claim or release, this desk's or another's.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ClaimRow {
    /// Its id.
    pub uid: String,
    /// The desk that made it; `None`: this desk.
    pub desk_id: Option<String>,
    /// That desk's name; `None`: this desk.
    pub desk: Option<String>,
    /// Who made it.
    pub operator: Option<String>,
    /// The flight, as the app normalised it (`EY283`).
    pub flight: String,
    /// Claim or release.
    pub action: ClaimAction,
    /// Until when the claim holds (ms since the Unix epoch, UTC).
    pub lease_until_ms: i64,
    /// When it was made.
    pub created_ms: i64,
    /// Its place in the team store's order; `None` until this desk's own
    /// claim has come back from it.
    pub server_seq: Option<i64>,
}

/// A ledger record (decision, handover...) of another desk, kept apart
/// from this file's own chain.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct PulledLedger {
    /// Its id.
    pub uid: String,
    /// The desk that made it.
    pub desk_id: String,
    /// That desk's name.
    pub desk: String,
    /// Its operator there.
    pub operator: Option<String>,
    /// `decision`, `handover`, `handover_note`, `handover_ack`.
    pub kind: String,
    /// The run or handover it is about.
    pub subject: Option<String>,
    /// Its time (ms since the Unix epoch, UTC).
    pub created_ms: i64,
    /// The record's JSON as its desk wrote it.
    pub body: String,
    /// The previous record's hash in that desk's own ledger.
    pub prev_hash: String,
    /// Its hash there.
    pub hash: String,
    /// The team store's order.
    pub server_seq: i64,
}

impl Store {
    /// This history's desk id: a random UUID made the first time it is
    /// asked for and kept in the settings (`team_desk_id`), so it moves
    /// with the file.
    pub fn desk_id(&mut self) -> Result<String, Error> {
        if let Some(id) = self.setting(DESK_ID)? {
            return Ok(id);
        }
        let id = uuid::Uuid::new_v4().to_string();
        // Two consoles asking at once keep the first one's.
        self.conn.execute(
            "INSERT INTO settings (key, value) VALUES (?1, ?2) ON CONFLICT (key) DO NOTHING",
            params![DESK_ID, id],
        )?;
        Ok(self.setting(DESK_ID)?.unwrap_or(id))
    }

    /// The team store's `seq` pulled up to (0 before the first pull).
    pub fn team_cursor(&self) -> Result<i64, Error> {
        self.setting_i64(CURSOR)
    }

    /// Starts pulling again from the team store's first record: for a team
    /// store restored from a backup, whose records now end before this
    /// desk's cursor (records already here are applied once, as always).
    pub fn reset_team_cursor(&mut self) -> Result<(), Error> {
        self.set_setting(CURSOR_UID, None)?;
        self.set_setting(CURSOR, Some("0"))
    }

    /// The uid of the record the cursor stands on (moved with it in the
    /// same transaction), `None` before the first pull: the team store
    /// must still hold it at that `seq`, or it was restored from a backup.
    pub fn team_cursor_uid(&self) -> Result<Option<String>, Error> {
        self.setting(CURSOR_UID)
    }

    /// The last record of this desk the team store acknowledged:
    /// `(desk_seq, hash)`, `(0, GENESIS_HASH)` before the first upload.
    /// What the team store must still hold of this desk, to the end.
    pub fn team_uploaded_head(&self) -> Result<(i64, String), Error> {
        Ok((
            self.setting_i64(LAST_DESK_SEQ)?,
            self.setting(LAST_HASH)?
                .unwrap_or_else(|| crate::GENESIS_HASH.to_owned()),
        ))
    }

    /// When the last sync with the team store ended (ms since the epoch).
    pub fn last_sync(&self) -> Result<Option<i64>, Error> {
        Ok(self.setting(LAST_SYNC)?.and_then(|v| v.parse().ok()))
    }

    /// Records when a sync with the team store ended.
    pub fn set_last_sync(&mut self, ms: i64) -> Result<(), Error> {
        self.set_setting(LAST_SYNC, Some(&ms.to_string()))
    }

    /// A numeric setting, 0 when unset.
    fn setting_i64(&self, key: &str) -> Result<i64, Error> {
        Ok(self.setting(key)?.and_then(|v| v.parse().ok()).unwrap_or(0))
    }
}
