//! Checking the whole chain and naming the first record where it breaks,
//! in a sentence a duty manager or an auditor can act on.

use rusqlite::OptionalExtension as _;
use serde::Serialize;

use super::append::{LEDGER_COUNT, check_shape};
use super::{GENESIS_HASH, RecordKind, record_hash, when};
use crate::{Error, Store};

/// What [`Store::verify_chain`] found.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ChainReport {
    /// How many records the file holds.
    pub records: usize,
    /// The first record where the chain breaks; `None` when it is intact.
    pub first_broken: Option<BrokenRecord>,
}

impl ChainReport {
    /// Whether every record is as it was written.
    pub fn is_intact(&self) -> bool {
        self.first_broken.is_none()
    }
}

/// Where the chain breaks. The fields describe a record as the file has
/// it: for [`BreakKind::Missing`] the record after the gap. For
/// [`BreakKind::Truncated`] the record is gone: `seq` is the last one
/// written (the count of records written), with an empty uid and kind and
/// created_ms 0; the message names the last record left.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct BrokenRecord {
    /// Its position in the chain.
    pub seq: i64,
    /// Its id.
    pub uid: String,
    /// Its kind as the file has it (`decision`...; an edit may have left
    /// a name no kind has).
    pub kind: String,
    /// Its time (ms since the Unix epoch, UTC).
    pub created_ms: i64,
    /// What is wrong, for machines (`altered`...; [`BreakKind::in_words`]
    /// for people).
    pub why: BreakKind,
    /// The break in one sentence a duty manager or an auditor reads, the
    /// record and what is wrong in words, e.g. "Record 7 (a decision of
    /// 2026-11-30 03:12Z) was changed after it was written: it does not
    /// match its hash."
    pub message: String,
}

/// How the chain breaks.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum BreakKind {
    /// The record's content does not match its hash: it was edited.
    Altered,
    /// A gap in `seq`: records before this one were removed.
    Missing,
    /// The record does not carry the previous record's hash: records were
    /// reordered, replaced, or removed and renumbered.
    OutOfOrder,
    /// The `subject` column disagrees with the hashed body: the record was
    /// moved to another run or handover.
    SubjectMismatch,
    /// Fewer records than `ledger_count` says were written: the last ones
    /// were removed.
    Truncated,
    /// More records than were written: one was added to the file by hand.
    Added,
}

impl BreakKind {
    /// The serde name (`altered`, `missing`, `out_of_order`...).
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Altered => "altered",
            Self::Missing => "missing",
            Self::OutOfOrder => "out_of_order",
            Self::SubjectMismatch => "subject_mismatch",
            Self::Truncated => "truncated",
            Self::Added => "added",
        }
    }

    /// The break as people say it: `changed after it was written`,
    /// `removed`, `out of order`...
    pub fn in_words(self) -> &'static str {
        match self {
            Self::Altered => "changed after it was written",
            Self::Missing => "records before it removed",
            Self::OutOfOrder => "out of order",
            Self::SubjectMismatch => "its run or handover does not match its body",
            Self::Truncated => "the last records removed",
            Self::Added => "added to the file by hand",
        }
    }
}

/// One row as the file holds it.
struct Row {
    seq: i64,
    uid: String,
    kind: String,
    subject: Option<String>,
    created_ms: i64,
    body: String,
    prev_hash: String,
    hash: String,
}

impl Row {
    /// "record 7 (a decision of 2026-11-30 03:12Z)".
    fn described(&self) -> String {
        let kind = RecordKind::from_name(&self.kind).map_or_else(
            || format!("of unknown kind {:?},", self.kind),
            |k| format!("{} of", k.in_words()),
        );
        format!("record {} ({kind} {})", self.seq, when(self.created_ms))
    }

    fn broken(&self, why: BreakKind, message: String) -> BrokenRecord {
        BrokenRecord {
            seq: self.seq,
            uid: self.uid.clone(),
            kind: self.kind.clone(),
            created_ms: self.created_ms,
            why,
            message,
        }
    }

    /// The first thing wrong with this row, given the seq and hash the
    /// chain expects here.
    fn check(&self, expected_seq: i64, prev_hash: &str) -> Option<BrokenRecord> {
        let this = capitalized(&self.described());
        if self.seq > expected_seq {
            let gap = if self.seq - expected_seq == 1 {
                format!("record {expected_seq} was removed")
            } else {
                format!("records {expected_seq} to {} were removed", self.seq - 1)
            };
            return Some(self.broken(
                BreakKind::Missing,
                format!("{this} comes after a gap in the history: {gap}."),
            ));
        }
        if self.seq < expected_seq || self.prev_hash != prev_hash {
            let before = if expected_seq == 1 {
                "the start of the history".to_owned()
            } else {
                format!("record {}", expected_seq - 1)
            };
            return Some(self.broken(
                BreakKind::OutOfOrder,
                format!(
                    "{this} is out of order: it does not follow on from {before}; records were \
                     reordered, replaced, or removed and renumbered."
                ),
            ));
        }
        if record_hash(
            &self.prev_hash,
            &self.kind,
            &self.uid,
            self.created_ms,
            &self.body,
        ) != self.hash
        {
            return Some(self.broken(
                BreakKind::Altered,
                format!("{this} was changed after it was written: it does not match its hash."),
            ));
        }
        let kind = RecordKind::from_name(&self.kind)?;
        let field = kind.subject_field().unwrap_or("subject");
        check_shape(kind, &self.uid, self.subject.as_deref(), &self.body)
            .err()
            .map(|_| {
                let named = serde_json::from_str::<serde_json::Value>(&self.body)
                    .ok()
                    .and_then(|b| b.get(field).and_then(|v| v.as_str()).map(str::to_owned));
                let what = if kind == RecordKind::Decision {
                    "run"
                } else {
                    "handover"
                };
                self.broken(
                    BreakKind::SubjectMismatch,
                    format!(
                        "{this}: its {what} does not match its body; it is filed under {} but its \
                         body is about {}, so it was moved after it was written.",
                        self.subject.as_deref().unwrap_or("nothing"),
                        named.as_deref().unwrap_or("nothing")
                    ),
                )
            })
    }
}

impl Store {
    /// Checks every record in `seq` order (see the `ledger` module doc for
    /// what is checked) and the count of records written; answers how many
    /// records there are and the first break, if any.
    pub fn verify_chain(&self) -> Result<ChainReport, Error> {
        let mut statement = self.conn.prepare(
            "SELECT seq, uid, kind, subject, created_ms, body, prev_hash, hash
             FROM records ORDER BY seq",
        )?;
        let rows = statement.query_map([], |row| {
            Ok(Row {
                seq: row.get(0)?,
                uid: row.get(1)?,
                kind: row.get(2)?,
                subject: row.get(3)?,
                created_ms: row.get(4)?,
                body: row.get(5)?,
                prev_hash: row.get(6)?,
                hash: row.get(7)?,
            })
        })?;
        let mut records = 0;
        let mut first_broken = None;
        let mut expected_seq = 1;
        let mut prev_hash = GENESIS_HASH.to_owned();
        let mut last: Option<Row> = None;
        let mut beyond: Option<Row> = None;
        let written = self.written()?;
        for row in rows {
            let row = row?;
            records += 1;
            if first_broken.is_none() {
                first_broken = row.check(expected_seq, &prev_hash);
            }
            expected_seq = row.seq + 1;
            prev_hash.clone_from(&row.hash);
            if records == written + 1 {
                beyond = Some(row);
            } else {
                last = Some(row);
            }
        }
        if first_broken.is_none() {
            first_broken = count_break(written, records, last.as_ref(), beyond.as_ref());
        }
        Ok(ChainReport {
            records,
            first_broken,
        })
    }

    /// `ledger_count`: how many records were ever written (0 when unset).
    fn written(&self) -> Result<usize, Error> {
        let value: Option<String> = self
            .conn
            .query_row(
                "SELECT value FROM settings WHERE key = ?1",
                [LEDGER_COUNT],
                |row| row.get(0),
            )
            .optional()?;
        Ok(value.and_then(|v| v.parse().ok()).unwrap_or(0))
    }
}

/// The break an intact chain of `records` shows against the `written`
/// count: the end removed, or a record added beyond it.
fn count_break(
    written: usize,
    records: usize,
    last: Option<&Row>,
    beyond: Option<&Row>,
) -> Option<BrokenRecord> {
    if records < written {
        let gone = match written - records {
            1 => format!("Record {written}, the last one written, is missing"),
            n => format!(
                "Records {} to {written}, the last {n} written, are missing",
                written - n + 1
            ),
        };
        let removed = match written - records {
            1 => "the last one was removed".to_owned(),
            n => format!("the last {n} were removed"),
        };
        let left = last.map_or_else(
            || "the history holds no records".to_owned(),
            |last| format!("the history ends at {}", last.described()),
        );
        let seq = i64::try_from(written).unwrap_or(i64::MAX);
        return Some(BrokenRecord {
            seq,
            uid: String::new(),
            kind: String::new(),
            created_ms: 0,
            why: BreakKind::Truncated,
            message: format!("{gone}: {left}, but {written} records were written: {removed}."),
        });
    }
    beyond.map(|row| {
        row.broken(
            BreakKind::Added,
            format!(
                "{} was not written by the console: the history counts {written} records \
                 written, and this one is beyond them. It was added to the file afterwards.",
                capitalized(&row.described())
            ),
        )
    })
}

/// `text` with its first letter in capitals, to open a sentence.
fn capitalized(text: &str) -> String {
    let mut chars = text.chars();
    chars
        .next()
        .map(|first| first.to_uppercase().chain(chars).collect())
        .unwrap_or_default()
}
