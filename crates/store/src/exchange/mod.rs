//! Moving history between consoles: a session (or one run of it) as a
//! self-contained JSON document with every event exactly as received, and
//! the duty manager's decisions on its runs, and back. Export then import
//! then export gives the same document: nothing is lost, and nothing is
//! derived twice (the search text, the decision and the byte counts are
//! rebuilt from the events on import).
//!
//! Versions: 1 has no records; 2 adds `records`. Both are read.

mod records;

use rusqlite::{TransactionBehavior, params};
use serde::{Deserialize, Serialize};

pub use records::{RecordBody, RecordExport};

use crate::write::{EventRecord, RunEnd, RunStatus};
use crate::{Error, Store};

/// What an exported document says it is.
pub const EXPORT_FORMAT: &str = "skymarshal-history";
/// The document version this build writes; it reads every version from 1
/// up to this one.
pub const EXPORT_VERSION: u32 = 2;

/// A session as a file: what it is, and every run with every event.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SessionExport {
    /// Always [`EXPORT_FORMAT`].
    pub format: String,
    /// [`EXPORT_VERSION`].
    pub version: u32,
    /// The environment's name.
    pub environment: String,
    /// The server's session id, when known.
    pub server_session_id: Option<String>,
    /// The session's title.
    pub title: String,
    /// First activity (ms since the Unix epoch, UTC).
    pub first_activity_ms: i64,
    /// Last activity.
    pub last_activity_ms: i64,
    /// Its runs, oldest first (one, for a run's export).
    pub runs: Vec<RunExport>,
    /// The decisions on those runs, in the exporting history's order
    /// (version 2 on; empty when read from version 1).
    #[serde(default)]
    pub records: Vec<RecordExport>,
}

/// One run as a file holds it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RunExport {
    /// The id the console knew it by.
    pub uid: String,
    /// The prompt.
    pub prompt: String,
    /// The server's request id.
    pub request_id: Option<String>,
    /// How it ended.
    pub status: RunStatus,
    /// Start (ms since the epoch).
    pub started_ms: i64,
    /// End.
    pub ended_ms: Option<i64>,
    /// The server's own time.
    pub execution_ms: Option<i64>,
    /// The error's kind.
    pub error_kind: Option<String>,
    /// The error's message.
    pub error_message: Option<String>,
    /// Every event, in order, exactly as received.
    pub events: Vec<EventRecord>,
    /// Where it was recorded, for a run pulled from another desk of the
    /// team store (absent for the exporting desk's own): an import keeps
    /// it that desk's, read-only, as it was here.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub recorded_on: Option<RecordedOn>,
}

/// The desk of the team store a run was recorded on.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RecordedOn {
    /// The desk's id in the team store.
    pub desk_id: String,
    /// The desk's name.
    pub desk: String,
    /// The duty manager there, when known.
    pub operator: Option<String>,
}

/// What an import did.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ImportReport {
    /// The session the runs went into.
    pub session: i64,
    /// Runs added.
    pub added: usize,
    /// Runs already in this history (same id), left as they were.
    pub skipped: usize,
    /// Records (decisions) added to this history's chain.
    pub records_added: usize,
    /// Records already in this history (same id), left as they were.
    pub records_skipped: usize,
}

impl SessionExport {
    /// Reads a document, refusing in words what is not one.
    pub fn parse(text: &str) -> Result<Self, Error> {
        /// What the document says it is, read before the rest.
        #[derive(Deserialize)]
        struct Header {
            format: Option<serde_json::Value>,
            version: Option<serde_json::Value>,
        }
        let header: Header = serde_json::from_str(text).map_err(|e| {
            Error::Import(format!(
                "the text is not JSON ({e}). Choose a file the console exported."
            ))
        })?;
        if header.format.as_ref().and_then(|f| f.as_str()) != Some(EXPORT_FORMAT) {
            return Err(Error::Import(format!(
                "this is not a SkyMarshal history export (it has no \"format\": \"{EXPORT_FORMAT}\")."
            )));
        }
        let version = header.version.as_ref().and_then(serde_json::Value::as_u64);
        if !version.is_some_and(|v| (1..=u64::from(EXPORT_VERSION)).contains(&v)) {
            return Err(Error::Import(format!(
                "the export is version {}, this console reads versions 1 to {EXPORT_VERSION}. Update the console.",
                version.map_or("unknown".to_owned(), |v| v.to_string())
            )));
        }
        // Read from the text, not from a parsed value: a record's body is
        // kept byte for byte, as its hash needs.
        serde_json::from_str(text).map_err(|e| {
            Error::Import(format!(
                "the export is damaged ({e}); nothing was imported."
            ))
        })
    }
}

impl Store {
    /// A session with every run and event.
    pub fn export_session(&self, session: i64) -> Result<SessionExport, Error> {
        let row = self.session(session)?;
        let runs = self
            .runs(session)?
            .into_iter()
            .map(|run| self.run_export(run))
            .collect::<Result<Vec<_>, _>>()?;
        let uids: Vec<&str> = runs.iter().map(|r| r.uid.as_str()).collect();
        let records = self.decision_exports(&uids)?;
        Ok(SessionExport {
            format: EXPORT_FORMAT.to_owned(),
            version: EXPORT_VERSION,
            environment: row.environment,
            server_session_id: row.server_session_id,
            title: row.title,
            first_activity_ms: row.first_activity_ms,
            last_activity_ms: row.last_activity_ms,
            runs,
            records,
        })
    }

    /// One run, in its session's frame.
    pub fn export_run(&self, uid: &str) -> Result<SessionExport, Error> {
        let run = self.run(uid)?;
        let mut export = self.export_session(run.session_id)?;
        export.runs.retain(|r| r.uid == uid);
        export.records.retain(|r| r.subject.as_deref() == Some(uid));
        Ok(export)
    }

    fn run_export(&self, run: crate::RunRow) -> Result<RunExport, Error> {
        let desk_id: Option<String> = self.conn.query_row(
            "SELECT desk_id FROM runs WHERE id = ?1",
            params![run.id],
            |row| row.get(0),
        )?;
        let recorded_on = desk_id
            .zip(run.desk.clone())
            .map(|(desk_id, desk)| RecordedOn {
                desk_id,
                desk,
                operator: run.operator.clone(),
            });
        Ok(RunExport {
            recorded_on,
            events: self.events(run.id)?,
            uid: run.uid,
            prompt: run.prompt,
            request_id: run.request_id,
            status: run.status,
            started_ms: run.started_ms,
            ended_ms: run.ended_ms,
            execution_ms: run.execution_ms,
            error_kind: run.error_kind,
            error_message: run.error_message,
        })
    }

    /// Adds an exported session: into the session with the same server id
    /// in the same environment when there is one, else a new one. A run
    /// already here (same id) is left alone. Each record's hash is checked
    /// against its own content first; then each record not yet here (by
    /// id) is appended to this history's chain. All or nothing.
    ///
    /// What is imported is not put in the team store's outbox: it was made
    /// by another console, which uploads it itself (the same ids uploaded
    /// by this desk too would be refused by the team store as taken, and
    /// leave a gap in this desk's chain there).
    ///
    /// Errors: [`Error::ImportRecord`], naming the record, when one was
    /// changed after it was exported; nothing is imported then.
    pub fn import(&mut self, export: &SessionExport) -> Result<ImportReport, Error> {
        for record in &export.records {
            record.check()?;
        }
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)?;
        let outbox_before: i64 =
            tx.query_row("SELECT coalesce(max(seq), 0) FROM outbox", [], |row| {
                row.get(0)
            })?;
        let existing = crate::write::session_with_server(
            &tx,
            &export.environment,
            export.server_session_id.as_deref(),
        )?;
        let session = match existing {
            Some(id) => {
                tx.execute(
                    "UPDATE sessions SET first_activity_ms = min(first_activity_ms, ?2),
                         last_activity_ms = max(last_activity_ms, ?3) WHERE id = ?1",
                    params![id, export.first_activity_ms, export.last_activity_ms],
                )?;
                id
            }
            None => {
                tx.execute(
                    "INSERT INTO sessions (environment, server_session_id, title, first_activity_ms, last_activity_ms)
                     VALUES (?1, ?2, ?3, ?4, ?5)",
                    params![
                        export.environment,
                        export.server_session_id,
                        export.title,
                        export.first_activity_ms,
                        export.last_activity_ms
                    ],
                )?;
                tx.last_insert_rowid()
            }
        };
        let mut report = ImportReport {
            session,
            added: 0,
            skipped: 0,
            records_added: 0,
            records_skipped: 0,
        };
        for run in &export.runs {
            let known: bool = tx.query_row(
                "SELECT EXISTS (SELECT 1 FROM runs WHERE uid = ?1)",
                params![run.uid],
                |row| row.get(0),
            )?;
            if known {
                report.skipped += 1;
                continue;
            }
            let origin = run.recorded_on.as_ref().map(|on| crate::write::Origin {
                desk_id: &on.desk_id,
                desk: &on.desk,
                operator: on.operator.as_deref(),
            });
            let key = crate::write::insert_run(
                &tx,
                session,
                &run.uid,
                &run.prompt,
                run.started_ms,
                origin,
            )?;
            for event in &run.events {
                crate::write::insert_event(&tx, key, event)?;
            }
            crate::write::end_run(
                &tx,
                key,
                &RunEnd {
                    status: Some(run.status),
                    ended_ms: run.ended_ms.unwrap_or(run.started_ms),
                    execution_ms: run.execution_ms,
                    error_kind: run.error_kind.clone(),
                    error_message: run.error_message.clone(),
                    request_id: run.request_id.clone(),
                    server_session_id: None,
                },
            )?;
            // A run that never ended has no end time; the file said so.
            if run.ended_ms.is_none() {
                tx.execute(
                    "UPDATE runs SET ended_ms = NULL WHERE id = ?1",
                    params![key.run],
                )?;
            }
            report.added += 1;
        }
        (report.records_added, report.records_skipped) =
            records::import_records(&tx, &export.records)?;
        for run in &export.runs {
            crate::ledger::index_decisions(&tx, &run.uid)?;
        }
        tx.execute("DELETE FROM outbox WHERE seq > ?1", params![outbox_before])?;
        tx.commit()?;
        Ok(report)
    }
}
