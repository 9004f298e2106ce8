//! Other desks' records, pulled from the team store, put into this
//! history: their runs and events through the same code as this desk's
//! own (so the search, the list and the replay find them), their ledger
//! records apart from this file's chain, their claims beside this desk's.
//!
//! A desk uploads in the order it made things, and the team store orders
//! one desk's uploads as they were sent, so a run always arrives before
//! its events and its end. An event or an end whose run is not here was
//! deleted here (retention, or the duty manager) or on its desk before it
//! was uploaded: it is counted as orphaned and skipped, never an error,
//! since an error would stop this desk pulling anything after it.

use rusqlite::{OptionalExtension as _, Transaction, TransactionBehavior, params};
use serde::de::DeserializeOwned;

use super::bodies::{Deleted, EventBody, RunBody, RunEndBody};
use super::claims::{apply_claim, apply_ledger};
use super::{ApplyReport, CURSOR, CURSOR_UID, PulledRecord};
use crate::ledger::index_decisions;
use crate::write::{
    Origin, RunEnd, RunKey, RunStatus, adopt_server_session, end_run, insert_event, insert_run,
};
use crate::{Error, Store};

/// What one record did.
pub(super) enum Outcome {
    Applied,
    Unchanged,
    Orphaned,
    Unknown,
}

impl Store {
    /// Applies records pulled from the team store, in one transaction with
    /// the cursor (`team_cursor`, moved to the highest `server_seq`).
    /// Applying a record twice changes nothing. Nothing pulled enters this
    /// desk's outbox.
    ///
    /// Errors: [`Error::TeamRecord`] when a record's body is not the JSON
    /// of its kind; nothing of the batch is applied then.
    pub fn apply_pulled(&mut self, records: &[PulledRecord]) -> Result<ApplyReport, Error> {
        let me = self.desk_id()?;
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)?;
        let mut report = ApplyReport {
            cursor: tx
                .query_row(
                    "SELECT value FROM settings WHERE key = ?1",
                    params![CURSOR],
                    |r| r.get::<_, String>(0),
                )
                .optional()?
                .and_then(|v| v.parse().ok())
                .unwrap_or(0),
            ..ApplyReport::default()
        };
        for record in records {
            let outcome = if record.desk_id == me {
                own(&tx, record)?
            } else if Deleted::is(&record.body) {
                Outcome::Orphaned
            } else {
                apply(&tx, record)?
            };
            match outcome {
                Outcome::Applied => report.applied += 1,
                Outcome::Unchanged => report.unchanged += 1,
                Outcome::Orphaned => report.orphaned += 1,
                Outcome::Unknown => report.unknown += 1,
            }
            report.cursor = report.cursor.max(record.server_seq);
        }
        let at = records
            .iter()
            .max_by_key(|record| record.server_seq)
            .filter(|record| record.server_seq == report.cursor);
        let mut settings = vec![(CURSOR, report.cursor.to_string())];
        settings.extend(at.map(|record| (CURSOR_UID, record.uid.clone())));
        for (key, value) in settings {
            tx.execute(
                "INSERT INTO settings (key, value) VALUES (?1, ?2)
                 ON CONFLICT (key) DO UPDATE SET value = excluded.value",
                params![key, value],
            )?;
        }
        tx.commit()?;
        Ok(report)
    }
}

/// This desk's own record coming back: a claim learns its server order;
/// anything else is already here.
fn own(tx: &Transaction<'_>, record: &PulledRecord) -> Result<Outcome, Error> {
    if record.kind != "claim" {
        return Ok(Outcome::Unchanged);
    }
    let changed = tx.execute(
        "UPDATE claims SET server_seq = ?2 WHERE uid = ?1 AND desk_id IS NULL AND server_seq IS NULL",
        params![record.uid, record.server_seq],
    )?;
    Ok(if changed > 0 {
        Outcome::Applied
    } else {
        Outcome::Unchanged
    })
}

/// The body of `record` as `T`, or why not in words.
fn body<T: DeserializeOwned>(record: &PulledRecord, what: &str) -> Result<T, Error> {
    serde_json::from_str(&record.body).map_err(|e| Error::TeamRecord {
        server_seq: record.server_seq,
        uid: record.uid.clone(),
        problem: format!("has a body that is not {what} JSON ({e})"),
    })
}

fn apply(tx: &Transaction<'_>, record: &PulledRecord) -> Result<Outcome, Error> {
    let origin = Origin {
        desk_id: &record.desk_id,
        desk: &record.desk,
        operator: record.operator.as_deref(),
    };
    match record.kind.as_str() {
        "run" => apply_run(tx, origin, &body(record, "a run's")?),
        "event" => apply_event(tx, origin, &body(record, "an event's")?),
        "run_end" => apply_end(tx, origin, body(record, "a run end's")?),
        "ledger" => apply_ledger(tx, record, &body(record, "a ledger record's")?),
        "claim" => apply_claim(tx, record, &body(record, "a claim's")?),
        _ => Ok(Outcome::Unknown),
    }
}

fn apply_run(tx: &Transaction<'_>, origin: Origin<'_>, run: &RunBody) -> Result<Outcome, Error> {
    let known: bool = tx.query_row(
        "SELECT EXISTS (SELECT 1 FROM runs WHERE uid = ?1)",
        params![run.uid],
        |r| r.get(0),
    )?;
    if known {
        return Ok(Outcome::Unchanged);
    }
    let session: Option<i64> = tx
        .query_row(
            "SELECT id FROM sessions WHERE coalesce(desk_id, '') = ?1 AND uid = ?2",
            params![origin.desk_id, run.session_uid],
            |r| r.get(0),
        )
        .optional()?;
    let session = match session {
        Some(id) => {
            tx.execute(
                "UPDATE sessions SET last_activity_ms = max(last_activity_ms, ?2), desk = ?3
                 WHERE id = ?1",
                params![id, run.started_ms, origin.desk],
            )?;
            id
        }
        None => {
            tx.execute(
                "INSERT INTO sessions (uid, desk_id, desk, environment, title, first_activity_ms,
                                       last_activity_ms)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?6)",
                params![
                    run.session_uid,
                    origin.desk_id,
                    origin.desk,
                    run.environment,
                    run.session_title,
                    run.started_ms
                ],
            )?;
            tx.last_insert_rowid()
        }
    };
    if let Some(server) = &run.server_session_id {
        adopt_server_session(tx, session, server)?;
    }
    let origin = Origin {
        operator: origin.operator.or(run.operator.as_deref()),
        ..origin
    };
    insert_run(
        tx,
        session,
        &run.uid,
        &run.prompt,
        run.started_ms,
        Some(origin),
    )?;
    index_decisions(tx, &run.uid)?;
    Ok(Outcome::Applied)
}

/// The run `uid` pulled from `origin`'s desk, with its status.
fn pulled_run(
    tx: &Transaction<'_>,
    origin: Origin<'_>,
    uid: &str,
) -> Result<Option<(RunKey, String)>, Error> {
    Ok(tx
        .query_row(
            "SELECT id, session_id, status FROM runs WHERE uid = ?1 AND desk_id = ?2",
            params![uid, origin.desk_id],
            |r| {
                Ok((
                    RunKey {
                        run: r.get(0)?,
                        session: r.get(1)?,
                    },
                    r.get(2)?,
                ))
            },
        )
        .optional()?)
}

fn apply_event(tx: &Transaction<'_>, origin: Origin<'_>, e: &EventBody) -> Result<Outcome, Error> {
    let Some((key, _)) = pulled_run(tx, origin, &e.run)? else {
        return Ok(Outcome::Orphaned);
    };
    let known: bool = tx.query_row(
        "SELECT EXISTS (SELECT 1 FROM events WHERE run_id = ?1 AND position = ?2)",
        params![key.run, e.event.position],
        |r| r.get(0),
    )?;
    if known {
        return Ok(Outcome::Unchanged);
    }
    insert_event(tx, key, &e.event)?;
    Ok(Outcome::Applied)
}

fn apply_end(tx: &Transaction<'_>, origin: Origin<'_>, end: RunEndBody) -> Result<Outcome, Error> {
    let Some((key, status)) = pulled_run(tx, origin, &end.run)? else {
        return Ok(Outcome::Orphaned);
    };
    if status != RunStatus::Streaming.as_str() {
        return Ok(Outcome::Unchanged);
    }
    let run_end = RunEnd {
        status: Some(RunStatus::parse(&end.status)),
        ended_ms: end.ended_ms.unwrap_or_default(),
        execution_ms: end.execution_ms,
        error_kind: end.error_kind,
        error_message: end.error_message,
        request_id: end.request_id,
        server_session_id: end.server_session_id,
    };
    end_run(tx, key, &run_end)?;
    // As its desk has it: a run that stopped without an end has no time.
    if end.ended_ms.is_none() {
        tx.execute(
            "UPDATE runs SET ended_ms = NULL WHERE id = ?1",
            params![key.run],
        )?;
    }
    Ok(Outcome::Applied)
}
