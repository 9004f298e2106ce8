//! The schema, as numbered migrations applied in order on open. A
//! migration is appended, never edited: a file written by any earlier
//! version is brought up to date, and `user_version` says where it is.

use rusqlite::Connection;

use crate::Error;

/// Each migration, in order; index + 1 is the version it brings the file to.
const MIGRATIONS: &[&str] = &[
    // 1: sessions, runs, every event as received, and the search index.
    r"
    CREATE TABLE sessions (
        id                INTEGER PRIMARY KEY,
        environment       TEXT    NOT NULL,
        server_session_id TEXT,
        title             TEXT    NOT NULL,
        first_activity_ms INTEGER NOT NULL,
        last_activity_ms  INTEGER NOT NULL
    );
    CREATE UNIQUE INDEX sessions_server ON sessions (environment, server_session_id)
        WHERE server_session_id IS NOT NULL;
    CREATE INDEX sessions_recent ON sessions (last_activity_ms DESC);

    CREATE TABLE runs (
        id             INTEGER PRIMARY KEY,
        uid            TEXT    NOT NULL UNIQUE,
        session_id     INTEGER NOT NULL REFERENCES sessions (id) ON DELETE CASCADE,
        prompt         TEXT    NOT NULL,
        request_id     TEXT,
        status         TEXT    NOT NULL,
        started_ms     INTEGER NOT NULL,
        ended_ms       INTEGER,
        execution_ms   INTEGER,
        error_kind     TEXT,
        error_message  TEXT,
        decision       TEXT,
        bytes_received INTEGER NOT NULL DEFAULT 0
    );
    CREATE INDEX runs_session ON runs (session_id, started_ms);
    CREATE INDEX runs_status ON runs (status) WHERE status = 'streaming';

    CREATE TABLE events (
        run_id      INTEGER NOT NULL REFERENCES runs (id) ON DELETE CASCADE,
        position    INTEGER NOT NULL,
        received_ms INTEGER NOT NULL,
        origin      TEXT    NOT NULL,
        kind        TEXT    NOT NULL,
        sse_event   TEXT    NOT NULL,
        sse_id      TEXT    NOT NULL,
        data        TEXT    NOT NULL,
        PRIMARY KEY (run_id, position)
    ) WITHOUT ROWID;

    CREATE VIRTUAL TABLE run_text USING fts5 (
        prompt, decision, recommendations, options,
        tokenize = 'unicode61 remove_diacritics 2'
    );
    -- A run's searchable text goes with it, however it is deleted (a
    -- session's deletion cascades to its runs and fires this too).
    CREATE TRIGGER runs_forget_text AFTER DELETE ON runs BEGIN
        DELETE FROM run_text WHERE rowid = old.id;
    END;
    ",
    // 2: the console's own settings (retention, where the user was).
    r"
    CREATE TABLE settings (
        key   TEXT PRIMARY KEY,
        value TEXT NOT NULL
    ) WITHOUT ROWID;
    ",
    // 3: the ledger of decisions and handovers (append-only, one hash
    // chain per file; see `ledger`), the count of records written (kept
    // with each append, so a chain cut short at its end is found), and a
    // column of the search index for the decisions' rationale and
    // modification. FTS5 tables cannot gain a column, so the index is
    // rebuilt under its old name with every run's text carried over.
    r"
    CREATE TABLE records (
        seq        INTEGER PRIMARY KEY,
        uid        TEXT    NOT NULL UNIQUE,
        kind       TEXT    NOT NULL,
        subject    TEXT,
        created_ms INTEGER NOT NULL,
        body       TEXT    NOT NULL,
        prev_hash  TEXT    NOT NULL,
        hash       TEXT    NOT NULL
    );
    CREATE INDEX records_subject ON records (subject);
    INSERT INTO settings (key, value) VALUES ('ledger_count', '0');

    DROP TRIGGER runs_forget_text;
    ALTER TABLE run_text RENAME TO run_text_before_decisions;
    CREATE VIRTUAL TABLE run_text USING fts5 (
        prompt, decision, recommendations, options, decisions,
        tokenize = 'unicode61 remove_diacritics 2'
    );
    INSERT INTO run_text (rowid, prompt, decision, recommendations, options, decisions)
        SELECT rowid, prompt, decision, recommendations, options, ''
        FROM run_text_before_decisions;
    DROP TABLE run_text_before_decisions;
    CREATE TRIGGER runs_forget_text AFTER DELETE ON runs BEGIN
        DELETE FROM run_text WHERE rowid = old.id;
    END;
    ",
];

/// The newest version this build knows.
pub(crate) const LATEST: i64 = MIGRATIONS.len() as i64;

pub(crate) fn migrate(conn: &mut Connection) -> Result<(), Error> {
    let found: i64 = conn.query_row("PRAGMA user_version", [], |row| row.get(0))?;
    if found > LATEST {
        return Err(Error::TooNew {
            found,
            known: LATEST,
        });
    }
    for (index, sql) in MIGRATIONS.iter().enumerate().skip(found as usize) {
        let tx = conn.transaction()?;
        tx.execute_batch(sql)?;
        tx.pragma_update(None, "user_version", index as i64 + 1)?;
        tx.commit()?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use rusqlite::Connection;

    use super::{LATEST, MIGRATIONS, migrate};

    #[test]
    fn a_version_2_file_keeps_its_runs_searchable_and_gains_the_ledger() {
        let mut conn = Connection::open_in_memory().unwrap();
        for sql in &MIGRATIONS[..2] {
            conn.execute_batch(sql).unwrap();
        }
        conn.execute_batch(
            "PRAGMA user_version = 2;
             INSERT INTO sessions VALUES (1, 'prod', NULL, 'EY283', 0, 0);
             INSERT INTO runs (id, uid, session_id, prompt, status, started_ms)
                 VALUES (7, 'run-7', 1, 'EY283 tech at BKK', 'complete', 0);
             INSERT INTO run_text (rowid, prompt, decision, recommendations, options)
                 VALUES (7, 'EY283 tech at BKK', 'Aircraft swap', '', 'A6-BLA');",
        )
        .unwrap();
        migrate(&mut conn).unwrap();
        let version: i64 = conn
            .query_row("PRAGMA user_version", [], |r| r.get(0))
            .unwrap();
        assert_eq!(version, LATEST);
        let found: i64 = conn
            .query_row(
                "SELECT rowid FROM run_text WHERE run_text MATCH '\"A6-BLA\" \"swap\"'",
                [],
                |r| r.get(0),
            )
            .unwrap();
        assert_eq!(found, 7);
        let count: String = conn
            .query_row(
                "SELECT value FROM settings WHERE key = 'ledger_count'",
                [],
                |r| r.get(0),
            )
            .unwrap();
        assert_eq!(count, "0");
        // The trigger still takes a run's text with it.
        conn.execute("DELETE FROM runs WHERE id = 7", []).unwrap();
        let left: i64 = conn
            .query_row("SELECT count(*) FROM run_text", [], |r| r.get(0))
            .unwrap();
        assert_eq!(left, 0);
    }
}
