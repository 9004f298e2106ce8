//! Appending to the chain and reading it back. An append is one immediate
//! transaction: it takes the write lock before it reads the last hash, so
//! the console and the CLI writing at once still make one chain.

use rusqlite::{OptionalExtension as _, Row, Transaction, TransactionBehavior, params};
use serde_json::Value;

use super::{GENESIS_HASH, NewRecord, Record, RecordFilter, RecordKind, record_hash};
use crate::search::decision_text;
use crate::{Error, Store};

/// The setting that counts the records ever written to this file.
pub(crate) const LEDGER_COUNT: &str = "ledger_count";

const RECORD_COLUMNS: &str = "seq, uid, kind, subject, created_ms, body, prev_hash, hash";

impl Store {
    /// Appends a record to the chain and answers it with its `seq`,
    /// `prev_hash` and `hash`. Committed (and, with `synchronous = FULL`,
    /// on disk) when this returns. A decision's rationale and modification
    /// join its run's search text in the same transaction.
    ///
    /// Errors: [`Error::RecordRefused`] when the body is not a JSON object,
    /// its `uid` or subject field disagrees with `uid` / `subject`, or a
    /// record with `uid` is already in the file; nothing is written then.
    pub fn append_record(&mut self, record: NewRecord<'_>) -> Result<Record, Error> {
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)?;
        let written = append_in(&tx, record)?;
        tx.commit()?;
        Ok(written)
    }

    /// The records that `filter` lets through, in `seq` order.
    pub fn records(&self, filter: &RecordFilter) -> Result<Vec<Record>, Error> {
        use rusqlite::types::Value as V;
        let mut clauses = vec!["1 = 1".to_owned()];
        let mut values = Vec::new();
        if let Some(subject) = &filter.subject {
            values.push(V::Text(subject.clone()));
            clauses.push(format!("subject = ?{}", values.len()));
        }
        if let Some(kind) = filter.kind {
            values.push(V::Text(kind.as_str().to_owned()));
            clauses.push(format!("kind = ?{}", values.len()));
        }
        if let Some(since) = filter.since_ms {
            values.push(V::Integer(since));
            clauses.push(format!("created_ms >= ?{}", values.len()));
        }
        let sql = format!(
            "SELECT {RECORD_COLUMNS} FROM records WHERE {} ORDER BY seq",
            clauses.join(" AND ")
        );
        let mut statement = self.conn.prepare_cached(&sql)?;
        let rows = statement.query_map(rusqlite::params_from_iter(values), record_row)?;
        Ok(rows.collect::<Result<_, _>>()?)
    }
}

/// A kind name in the file that this build does not know (only an edit of
/// the file makes one; `verify_chain` names it as altered).
#[derive(Debug, thiserror::Error)]
#[error("record kind {0:?} is unknown; run `skymarshal history verify`")]
struct UnknownKind(String);

fn record_row(row: &Row<'_>) -> rusqlite::Result<Record> {
    let kind: String = row.get(2)?;
    let kind = RecordKind::from_name(&kind).ok_or_else(|| {
        rusqlite::Error::FromSqlConversionFailure(
            2,
            rusqlite::types::Type::Text,
            Box::new(UnknownKind(kind)),
        )
    })?;
    Ok(Record {
        seq: row.get(0)?,
        uid: row.get(1)?,
        kind,
        subject: row.get(3)?,
        created_ms: row.get(4)?,
        body: row.get(5)?,
        prev_hash: row.get(6)?,
        hash: row.get(7)?,
    })
}

/// Whether a record with `uid` is already in this file's chain.
pub(crate) fn is_known(tx: &Transaction<'_>, uid: &str) -> Result<bool, Error> {
    Ok(tx.query_row(
        "SELECT EXISTS (SELECT 1 FROM records WHERE uid = ?1)",
        params![uid],
        |row| row.get(0),
    )?)
}

/// Appends `record` in `tx`: chains it to the last record, counts it in
/// `ledger_count`, and re-indexes its run's decisions when it is one.
pub(crate) fn append_in(tx: &Transaction<'_>, record: NewRecord<'_>) -> Result<Record, Error> {
    let refused = |reason: String| Error::RecordRefused {
        uid: record.uid.to_owned(),
        reason,
    };
    check_shape(record.kind, record.uid, record.subject, record.body).map_err(refused)?;
    if is_known(tx, record.uid)? {
        return Err(refused(
            "a record with this id is already in the history".to_owned(),
        ));
    }
    let last: Option<(i64, String)> = tx
        .query_row(
            "SELECT seq, hash FROM records ORDER BY seq DESC LIMIT 1",
            [],
            |row| Ok((row.get(0)?, row.get(1)?)),
        )
        .optional()?;
    let (seq, prev_hash) = match last {
        Some((seq, hash)) => (seq + 1, hash),
        None => (1, GENESIS_HASH.to_owned()),
    };
    let kind = record.kind.as_str();
    let hash = record_hash(&prev_hash, kind, record.uid, record.created_ms, record.body);
    tx.execute(
        &format!("INSERT INTO records ({RECORD_COLUMNS}) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)"),
        params![
            seq,
            record.uid,
            kind,
            record.subject,
            record.created_ms,
            record.body,
            prev_hash,
            hash
        ],
    )?;
    // The count goes up with the record, never apart from it.
    tx.execute(
        "INSERT INTO settings (key, value) VALUES (?1, '1')
         ON CONFLICT (key) DO UPDATE SET value = CAST(CAST(value AS INTEGER) + 1 AS TEXT)",
        params![LEDGER_COUNT],
    )?;
    if let (RecordKind::Decision, Some(run)) = (record.kind, record.subject) {
        index_decisions(tx, run)?;
    }
    Ok(Record {
        seq,
        uid: record.uid.to_owned(),
        kind: record.kind,
        subject: record.subject.map(str::to_owned),
        created_ms: record.created_ms,
        body: record.body.to_owned(),
        prev_hash,
        hash,
    })
}

/// Why a record cannot stand in the chain as given, in words that follow
/// "record X …" (`Err`), or `Ok` when its body is a JSON object whose
/// `uid` (when present) and subject field agree with the columns.
pub(crate) fn check_shape(
    kind: RecordKind,
    uid: &str,
    subject: Option<&str>,
    body: &str,
) -> Result<(), String> {
    if uid.trim().is_empty() {
        return Err("has no id".to_owned());
    }
    let Ok(Value::Object(body)) = serde_json::from_str::<Value>(body) else {
        return Err("has a body that is not a JSON object".to_owned());
    };
    if let Some(inner) = body.get("uid")
        && inner.as_str() != Some(uid)
    {
        return Err(format!("names itself {inner} in its body"));
    }
    match (kind.subject_field(), subject) {
        (None, None) => Ok(()),
        (None, Some(subject)) => Err(format!(
            "is {} but is filed under {subject:?}; a handover is about no one run",
            kind.in_words()
        )),
        (Some(field), subject) => {
            let named = body.get(field).and_then(Value::as_str);
            if named.is_some() && named == subject {
                Ok(())
            } else {
                Err(format!(
                    "is filed under {} but its body's {field} is {}",
                    subject.map_or("nothing".to_owned(), |s| format!("{s:?}")),
                    named.map_or("missing".to_owned(), |s| format!("{s:?}"))
                ))
            }
        }
    }
}

/// Rebuilds the search text of `run_uid`'s decisions (each rationale and
/// modification: this file's in `seq` order, then those pulled from other
/// desks in the team store's order) in its run's row of the index; a run
/// not in this history is left alone (its decisions are indexed when it is
/// imported or pulled).
pub(crate) fn index_decisions(tx: &Transaction<'_>, run_uid: &str) -> Result<(), Error> {
    let mut statement = tx.prepare_cached(
        "SELECT body FROM (
             SELECT body, 0 AS source, seq AS at FROM records
             WHERE kind = 'decision' AND subject = ?1
             UNION ALL
             SELECT body, 1, server_seq FROM team_ledger
             WHERE kind = 'decision' AND subject = ?1)
         ORDER BY source, at",
    )?;
    let bodies = statement.query_map(params![run_uid], |row| row.get::<_, String>(0))?;
    let mut text = Vec::new();
    for body in bodies {
        text.push(decision_text(&body?));
    }
    tx.execute(
        "UPDATE run_text SET decisions = ?2 WHERE rowid = (SELECT id FROM runs WHERE uid = ?1)",
        params![run_uid, text.join("\n")],
    )?;
    Ok(())
}
