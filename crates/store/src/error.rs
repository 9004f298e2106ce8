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
                Error::Crashed("worker panicked".into()),
                "restart the console",
            ),
        ];
        for (error, words) in table {
            assert!(error.to_string().contains(words), "{error}");
        }
    }
}
