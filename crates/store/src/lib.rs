//! The console's local history: every session, every run and every event
//! exactly as received, in one SQLite file, so a duty manager can answer
//! hours later and with no network what the console showed, where, and
//! what came before it.
//!
//! Durability is chosen, not defaulted: the database runs in WAL mode with
//! `synchronous = FULL`, so each committed event survives not only the
//! console being killed (which `NORMAL` already survives) but also the
//! machine losing power. An event is committed before the window sees it,
//! and events are few (a handful per run), so the fsync per commit is
//! cheap next to a 60 to 300 second analysis (the benchmark prints it).
//!
//! Beside the runs, the file keeps the duty manager's decisions and the
//! shift handovers as an append-only ledger with a hash chain (`ledger`),
//! committed the same way, and never deleted with the runs they are about.
//!
//! When the console is part of a team store, the file is also the desk's
//! outbox (what this desk made, waiting to be uploaded in order) and the
//! mirror of what other desks made (`team`).

mod codec;
mod error;
mod exchange;
mod ledger;
mod read;
mod schema;
mod search;
mod settings;
mod team;
mod typed;
mod write;

use std::path::Path;

use rusqlite::Connection;

pub use error::Error;
pub use exchange::{
    EXPORT_FORMAT, EXPORT_VERSION, ImportReport, RecordBody, RecordExport, RecordedOn, RunExport,
    SessionExport,
};
pub use ledger::{
    BreakKind, BrokenRecord, ChainReport, GENESIS_HASH, NewRecord, Record, RecordFilter,
    RecordKind, record_hash,
};
pub use read::{RunRow, SearchHit, SessionFilter, SessionRow};
pub use search::{fts_query, searchable_text};
pub use settings::{DEFAULT_STALE_AFTER_MINUTES, OPERATOR_MAX_CHARS, RetentionTooShort, retention};
pub use team::{ApplyReport, ClaimAction, ClaimRow, OutboxEntry, PulledLedger, PulledRecord};
pub use typed::{Forbidden, NameProblem, forbidden_in, free_text, person_name, same_name};
pub use write::{EventRecord, NewRun, RunEnd, RunKey, RunStatus};

/// The history database.
#[derive(Debug)]
pub struct Store {
    conn: Connection,
}

impl Store {
    /// Opens (creating when needed) the database at `path` as the console
    /// that owns it: applies every pending migration, and marks runs that
    /// were still streaming when the console last stopped as interrupted,
    /// keeping what they received.
    pub fn open(path: &Path) -> Result<Self, Error> {
        let mut store = Self::open_beside(path)?;
        store.mark_interrupted()?;
        Ok(store)
    }

    /// Opens the database at `path` beside a console that may be running:
    /// migrations are applied, but runs that are streaming are left alone,
    /// since they may be streaming right now. For the CLI and diagnostics.
    pub fn open_beside(path: &Path) -> Result<Self, Error> {
        if let Some(dir) = path.parent() {
            std::fs::create_dir_all(dir).map_err(|source| Error::Io {
                path: dir.to_owned(),
                source,
            })?;
        }
        let conn = Connection::open(path).map_err(|e| Error::open(path, &e))?;
        Self::prepare(conn)
    }

    /// A database in memory, for tests and previews.
    pub fn open_in_memory() -> Result<Self, Error> {
        let mut store = Self::prepare(Connection::open_in_memory()?)?;
        store.mark_interrupted()?;
        Ok(store)
    }

    fn prepare(conn: Connection) -> Result<Self, Error> {
        conn.busy_timeout(std::time::Duration::from_secs(5))?;
        conn.pragma_update(None, "journal_mode", "WAL")?;
        conn.pragma_update(None, "synchronous", "FULL")?;
        conn.pragma_update(None, "foreign_keys", "ON")?;
        let mut store = Self { conn };
        schema::migrate(&mut store.conn)?;
        Ok(store)
    }

    /// `PRAGMA integrity_check`: `"ok"` when the file is sound.
    pub fn integrity_check(&self) -> Result<String, Error> {
        Ok(self
            .conn
            .query_row("PRAGMA integrity_check", [], |row| row.get(0))?)
    }

    /// The schema version in force.
    pub fn schema_version(&self) -> Result<i64, Error> {
        Ok(self
            .conn
            .query_row("PRAGMA user_version", [], |row| row.get(0))?)
    }
}
