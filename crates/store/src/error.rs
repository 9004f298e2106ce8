//! What can go wrong with the history, in words that say what to do.

use std::path::PathBuf;

/// A history failure.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// The folder could not be created or read.
    #[error("{path}: {source}. Check that the folder exists and that you may write to it.")]
    Io {
        /// The folder.
        path: PathBuf,
        /// Why.
        source: std::io::Error,
    },
    /// The file could not be opened as a history database.
    #[error(
        "The history at {path} could not be opened: {detail}. If another copy of the console is \
         running, close it; if the file is damaged, move it aside and restart (a new one is made)."
    )]
    Open {
        /// The file.
        path: PathBuf,
        /// SQLite's words.
        detail: String,
    },
    /// The file was written by a newer console.
    #[error(
        "The history was written by a newer version of the console (schema {found}, this one \
         knows up to {known}). Update the console, or move the file aside."
    )]
    TooNew {
        /// The file's schema version.
        found: i64,
        /// The newest this build knows.
        known: i64,
    },
    /// No such session or run.
    #[error("There is no {what} {id} in the history; it may have been deleted.")]
    NotFound {
        /// `session` or `run`.
        what: &'static str,
        /// Its id.
        id: String,
    },
    /// A file offered for import is not an export this console reads.
    #[error("This file cannot be imported: {0}")]
    Import(String),
    /// A record of the ledger was not appended (a caller's mistake: the
    /// body and the columns disagree, or the id is taken); nothing was
    /// written.
    #[error("Record {uid} was not written to the history: it {reason}.")]
    RecordRefused {
        /// The record's id.
        uid: String,
        /// Why, following "it" (e.g. "has a body that is not a JSON object").
        reason: String,
    },
    /// A record in a file offered for import fails its own hash or names
    /// the wrong subject; the whole file is refused.
    #[error(
        "This file cannot be imported: its record {uid} {problem}. Nothing was imported; ask \
         for a new export of the session from the console that made it."
    )]
    ImportRecord {
        /// The record's id.
        uid: String,
        /// What is wrong with it, following its id (e.g. "(a decision of
        /// 2026-11-30 03:12Z) does not match its hash: it was changed after
        /// it was exported").
        problem: String,
    },
    /// The operator name offered is not one to put on decisions.
    #[error(
        "The operator name {problem}. Give the duty manager's name as it should appear on \
         decisions and handovers: 1 to {max} characters on one line."
    )]
    OperatorName {
        /// What is wrong, following "The operator name" (e.g. "is blank").
        problem: String,
        /// The longest name allowed, in characters.
        max: usize,
    },
    /// A record pulled from the team store could not be read; nothing of
    /// its batch was applied, and the cursor stays before it.
    #[error(
        "Record {server_seq} of the team store ({uid}) could not be added to this history: it \
         {problem}. Update the console; if it is up to date, ask an administrator to run \
         `skymarshal team verify`."
    )]
    TeamRecord {
        /// Its place in the team store's order.
        server_seq: i64,
        /// Its id.
        uid: String,
        /// What is wrong, following "it" (e.g. "has a body that is not a
        /// run's JSON (missing field `prompt`)").
        problem: String,
    },
    /// A history call crashed on its worker thread (a bug, not the file).
    #[error(
        "The history stopped on an internal error ({0}). What was saved until then is kept; \
         restart the console, and send its diagnostics to support if it happens again."
    )]
    Crashed(String),
    /// Anything else SQLite reported.
    #[error("The history database failed: {0}")]
    Sqlite(#[from] rusqlite::Error),
}

impl Error {
    pub(crate) fn open(path: &std::path::Path, error: &rusqlite::Error) -> Self {
        Self::Open {
            path: path.to_owned(),
            detail: error.to_string(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::Error;

    #[test]
    fn each_failure_says_what_to_do() {
        let table = [
            (
                Error::NotFound {
                    what: "run",
                    id: "r1".into(),
                },
                "may have been deleted",
            ),
            (Error::Import("not JSON".into()), "cannot be imported"),
            (Error::TooNew { found: 9, known: 2 }, "Update the console"),
            (
                Error::RecordRefused {
                    uid: "d-1".into(),
                    reason: "has a body that is not a JSON object".into(),
                },
                "Record d-1 was not written",
            ),
            (
                Error::ImportRecord {
                    uid: "d-1".into(),
                    problem: "does not match its hash".into(),
                },
                "its record d-1 does not match its hash. Nothing was imported",
            ),
            (
                Error::OperatorName {
                    problem: "is blank".into(),
                    max: 100,
                },
                "The operator name is blank. Give the duty manager's name",
            ),
            (
                Error::TeamRecord {
                    server_seq: 12,
                    uid: "run-1/3".into(),
                    problem: "has a body that is not an event's JSON".into(),
                },
                "Record 12 of the team store (run-1/3) could not be added",
            ),
            (
                Error::Crashed("worker panicked".into()),
                "restart the console",
            ),
        ];
        for (error, words) in table {
            assert!(error.to_string().contains(words), "{error}");
        }
    }
}
