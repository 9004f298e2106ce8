//! The ledger's records in an export: a session's file carries the
//! decisions on its runs, each with the hash it had in the exporting
//! history, so the receiving console can check that none was changed on
//! the way before it adds them to its own chain.

use rusqlite::Transaction;
use serde::{Deserialize, Serialize};
use serde_json::value::RawValue;

use crate::ledger::{NewRecord, Record, RecordFilter, RecordKind, check_shape, is_known, when};
use crate::{Error, Store};

/// A record's body in an export: its JSON exactly as hashed, embedded as
/// a JSON value (never re-encoded, so key order and numbers are kept
/// byte for byte and the hash still holds).
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(transparent)]
pub struct RecordBody(Box<RawValue>);

impl RecordBody {
    /// The body's JSON text, as hashed.
    pub fn get(&self) -> &str {
        self.0.get()
    }
}

impl PartialEq for RecordBody {
    fn eq(&self, other: &Self) -> bool {
        self.get() == other.get()
    }
}

impl Eq for RecordBody {}

/// One record as an export holds it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RecordExport {
    /// Its position in the exporting history's chain.
    pub seq: i64,
    /// Its id, kept on import.
    pub uid: String,
    /// What it is.
    pub kind: RecordKind,
    /// The run (or handover) it is about.
    pub subject: Option<String>,
    /// When it was made (ms since the Unix epoch, UTC).
    pub created_ms: i64,
    /// The record's JSON.
    pub body: RecordBody,
    /// The hash of the record before it in the exporting history.
    pub prev_hash: String,
    /// Its hash there, over `prev_hash` and its content.
    pub hash: String,
}

impl RecordExport {
    fn from_record(record: Record) -> Self {
        // A body that is not JSON (only an edit of the file makes one)
        // travels as a JSON string, and the receiving console refuses it.
        let body = RawValue::from_string(record.body).unwrap_or_else(|e| {
            RawValue::from_string(serde_json::Value::String(e.to_string()).to_string())
                .expect("a JSON string is JSON")
        });
        Self {
            seq: record.seq,
            uid: record.uid,
            kind: record.kind,
            subject: record.subject,
            created_ms: record.created_ms,
            body: RecordBody(body),
            prev_hash: record.prev_hash,
            hash: record.hash,
        }
    }

    /// Refuses the record, in words naming it, when its hash is not the
    /// hash of its own `prev_hash` and content, or its subject disagrees
    /// with its body.
    pub(crate) fn check(&self) -> Result<(), Error> {
        let this = format!("({} of {})", self.kind.in_words(), when(self.created_ms));
        let refused = |problem: String| Error::ImportRecord {
            uid: self.uid.clone(),
            problem,
        };
        let hash = crate::record_hash(
            &self.prev_hash,
            self.kind.as_str(),
            &self.uid,
            self.created_ms,
            self.body.get(),
        );
        if hash != self.hash {
            return Err(refused(format!(
                "{this} does not match its hash: it was changed after it was exported"
            )));
        }
        check_shape(
            self.kind,
            &self.uid,
            self.subject.as_deref(),
            self.body.get(),
        )
        .map_err(|reason| refused(format!("{this} {reason}")))
    }
}

impl Store {
    /// The decisions on `runs`, in `seq` order.
    pub(crate) fn decision_exports(&self, runs: &[&str]) -> Result<Vec<RecordExport>, Error> {
        let mut records = Vec::new();
        for run in runs {
            records.extend(self.records(&RecordFilter {
                kind: Some(RecordKind::Decision),
                ..RecordFilter::subject(run)
            })?);
        }
        records.sort_by_key(|r| r.seq);
        Ok(records.into_iter().map(RecordExport::from_record).collect())
    }
}

/// Appends, in `tx`, each record whose id this history does not hold yet
/// (with this history's seq and hashes; its id, kind, subject, time and
/// body unchanged); answers how many were added and how many were already
/// here. The records must have passed [`RecordExport::check`].
pub(crate) fn import_records(
    tx: &Transaction<'_>,
    records: &[RecordExport],
) -> Result<(usize, usize), Error> {
    let (mut added, mut skipped) = (0, 0);
    for record in records {
        if is_known(tx, &record.uid)? {
            skipped += 1;
            continue;
        }
        crate::ledger::append_in(
            tx,
            NewRecord {
                kind: record.kind,
                uid: &record.uid,
                subject: record.subject.as_deref(),
                created_ms: record.created_ms,
                body: record.body.get(),
            },
        )?;
        added += 1;
    }
    Ok((added, skipped))
}
