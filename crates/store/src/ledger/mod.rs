//! The ledger: the duty manager's decisions and the shift handovers, kept
//! as append-only records in the history file, each carrying the hash of
//! the one before it, so that a record changed, removed or reordered by
//! editing the file is found and named.
//!
//! # The chain, for auditors
//!
//! Records are numbered `seq` = 1, 2, 3 … in the order this file received
//! them. Each record's `hash` is the lower-case hex SHA-256 (FIPS 180-4) of
//! the UTF-8 text
//!
//! ```text
//! prev_hash "\n" kind "\n" uid "\n" created_ms "\n" body
//! ```
//!
//! where `prev_hash` is the previous record's `hash` (for record 1, the
//! [`GENESIS_HASH`] of 64 zeros), `kind` is one of `decision`, `handover`,
//! `handover_note`, `handover_ack`, `uid` is the record's own id,
//! `created_ms` is its time in milliseconds since 1970-01-01 UTC written in
//! decimal, and `body` is the record's JSON exactly as stored. The shell
//! reproduces record 1's hash with
//! `printf '%s\n%s\n%s\n%s\n%s' "$prev" "$kind" "$uid" "$ms" "$body" | sha256sum`.
//!
//! The `subject` column (the run a decision is on; the handover a note or
//! an acknowledgement belongs to) is not hashed: it is an index, checked
//! against the hashed body (`run_uid`, `handover_uid`). The setting
//! `ledger_count` counts the records ever written, in the same transaction
//! as each one, so records removed from the end (which leaves a chain that
//! is intact as far as it goes) are found too.
//!
//! [`Store::verify_chain`] names the first record where any of this fails.
//! The chain is evidence against edits made to the file by hand or by
//! another program; it is not a signature: someone who recomputes every
//! hash after an edit, and the count, is not detected. Keep copies of
//! exports, or of the file, where that matters.
//!
//! Deleting a session or applying retention never touches records: they
//! outlive the runs they are about.

mod append;
mod chain;
mod verify;

use serde::{Deserialize, Serialize};

pub use chain::{GENESIS_HASH, record_hash};
pub use verify::{BreakKind, BrokenRecord, ChainReport};

pub(crate) use append::{append_in, check_shape, index_decisions, is_known};

/// What a record is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum RecordKind {
    /// The duty manager's decision on an analysis (subject: the run's uid).
    Decision,
    /// A shift handover (no subject).
    Handover,
    /// A note added to a handover (subject: the handover's uid).
    HandoverNote,
    /// The incoming duty manager's acknowledgement (subject: the handover's uid).
    HandoverAck,
}

impl RecordKind {
    /// Every kind.
    pub const ALL: [Self; 4] = [
        Self::Decision,
        Self::Handover,
        Self::HandoverNote,
        Self::HandoverAck,
    ];

    /// The name stored in the `kind` column and hashed (`decision`,
    /// `handover`, `handover_note`, `handover_ack`).
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Decision => "decision",
            Self::Handover => "handover",
            Self::HandoverNote => "handover_note",
            Self::HandoverAck => "handover_ack",
        }
    }

    /// The kind by its stored name.
    pub fn from_name(name: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|k| k.as_str() == name)
    }

    /// The body's field that names the subject (`run_uid`, `handover_uid`),
    /// or `None` for a kind that has no subject.
    pub fn subject_field(self) -> Option<&'static str> {
        match self {
            Self::Decision => Some("run_uid"),
            Self::Handover => None,
            Self::HandoverNote | Self::HandoverAck => Some("handover_uid"),
        }
    }

    /// The kind in a sentence: "a decision", "a handover note"...
    pub fn in_words(self) -> &'static str {
        match self {
            Self::Decision => "a decision",
            Self::Handover => "a handover",
            Self::HandoverNote => "a handover note",
            Self::HandoverAck => "a handover acknowledgement",
        }
    }
}

/// A record about to be appended.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct NewRecord<'a> {
    /// What it is.
    pub kind: RecordKind,
    /// Its id, made by the caller (a UUID v4); unique in the file and kept
    /// across export and import.
    pub uid: &'a str,
    /// The run's uid (decision) or the handover's uid (note, ack); `None`
    /// for a handover. Must equal the body's `run_uid` / `handover_uid`.
    pub subject: Option<&'a str>,
    /// When it was made (ms since the Unix epoch, UTC).
    pub created_ms: i64,
    /// The record as compact JSON (an object; its `uid`, when present,
    /// must equal `uid`). Stored and hashed byte for byte.
    pub body: &'a str,
}

/// A record as stored.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Record {
    /// Its position in this file's chain, from 1.
    pub seq: i64,
    /// Its id.
    pub uid: String,
    /// What it is.
    pub kind: RecordKind,
    /// The run or handover it is about (`None` for a handover).
    pub subject: Option<String>,
    /// When it was made (ms since the Unix epoch, UTC).
    pub created_ms: i64,
    /// The record's JSON, exactly as written.
    pub body: String,
    /// The previous record's hash (hex; 64 zeros for record 1).
    pub prev_hash: String,
    /// This record's hash (hex SHA-256, see the module doc).
    pub hash: String,
}

/// Which records to read. Every field narrows; the default reads all, in
/// `seq` order.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct RecordFilter {
    /// Only records about this run or handover.
    pub subject: Option<String>,
    /// Only this kind.
    pub kind: Option<RecordKind>,
    /// Only records made at or after this time (ms since the epoch).
    pub since_ms: Option<i64>,
}

impl RecordFilter {
    /// Every record.
    pub fn all() -> Self {
        Self::default()
    }

    /// The records about one run or handover.
    pub fn subject(subject: &str) -> Self {
        Self {
            subject: Some(subject.to_owned()),
            ..Self::default()
        }
    }

    /// The records of one kind.
    pub fn kind(kind: RecordKind) -> Self {
        Self {
            kind: Some(kind),
            ..Self::default()
        }
    }
}

/// A record's time for a sentence: `2026-11-30 03:12Z`.
pub(crate) fn when(ms: i64) -> String {
    let format = time::macros::format_description!("[year]-[month]-[day] [hour]:[minute]Z");
    time::OffsetDateTime::from_unix_timestamp_nanos(i128::from(ms) * 1_000_000)
        .ok()
        .and_then(|t| t.format(&format).ok())
        .unwrap_or_else(|| format!("time {ms} ms"))
}

#[cfg(test)]
mod tests {
    use super::{BreakKind, RecordKind, when};

    #[test]
    fn each_kind_is_named_as_serde_names_it() {
        for kind in RecordKind::ALL {
            assert_eq!(
                serde_json::to_value(kind).unwrap(),
                serde_json::json!(kind.as_str())
            );
            assert_eq!(RecordKind::from_name(kind.as_str()), Some(kind));
        }
        assert_eq!(RecordKind::from_name("verdict"), None);
    }

    #[test]
    fn each_break_and_kind_has_words_without_the_machine_names() {
        // (break, words a duty manager or an auditor reads)
        let table = [
            (BreakKind::Altered, "changed after it was written"),
            (BreakKind::Missing, "records before it removed"),
            (BreakKind::OutOfOrder, "out of order"),
            (
                BreakKind::SubjectMismatch,
                "its run or handover does not match its body",
            ),
            (BreakKind::Truncated, "the last records removed"),
            (BreakKind::Added, "added to the file by hand"),
        ];
        for (why, words) in table {
            assert_eq!(why.in_words(), words);
            assert!(!words.contains('_'), "{words}");
        }
        for kind in RecordKind::ALL {
            assert!(!kind.in_words().contains('_'), "{kind:?}");
        }
        assert_eq!(
            RecordKind::HandoverAck.in_words(),
            "a handover acknowledgement"
        );
    }

    #[test]
    fn times_read_in_utc_to_the_minute() {
        assert_eq!(when(1_796_008_320_000), "2026-11-30 03:12Z");
        assert_eq!(when(0), "1970-01-01 00:00Z");
        assert_eq!(when(i64::MAX), format!("time {} ms", i64::MAX));
    }
}
