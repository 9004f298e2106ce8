//! The schema, as numbered migrations applied in order on open. A
//! migration is appended, never edited: a file written by any earlier
//! version is brought up to date, and `user_version` says where it is.

use rusqlite::Connection;

use crate::Error;

/// Each migration, in order; index + 1 is the version it brings the file to.
pub(crate) const MIGRATIONS: &[&str] = &[
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
    // 4: the team store (see `team`). Sessions gain a uid that travels
    // ('local-' || id for the old ones, a UUID for new ones) and the desk
    // they came from; runs the desk and operator (NULL: this desk). The
    // outbox holds references to what this desk made, in order, filled by
    // triggers for this desk's rows only and backfilled with the whole
    // file: each run whole (begin, events, end) at its start, ledger
    // records at their time. `seq` is a plain rowid: it only orders the
    // rows waiting, and the chain position is `desk_seq`, given on sealing.
    // The operator is taken from the settings as each row is made, so a
    // later change of name does not rewrite who ran what.
    r"
    ALTER TABLE sessions ADD COLUMN uid TEXT;
    ALTER TABLE sessions ADD COLUMN desk_id TEXT;
    ALTER TABLE sessions ADD COLUMN desk TEXT;
    UPDATE sessions SET uid = 'local-' || id;
    CREATE UNIQUE INDEX sessions_uid ON sessions (coalesce(desk_id, ''), uid);
    DROP INDEX sessions_server;
    CREATE UNIQUE INDEX sessions_server
        ON sessions (environment, server_session_id, coalesce(desk_id, ''))
        WHERE server_session_id IS NOT NULL;
    CREATE TRIGGER sessions_get_uid AFTER INSERT ON sessions WHEN new.uid IS NULL BEGIN
        UPDATE sessions SET uid = lower(hex(randomblob(4)) || '-' || hex(randomblob(2)) || '-4'
            || substr(hex(randomblob(2)), 2) || '-' || substr('89ab', 1 + (abs(random()) % 4), 1)
            || substr(hex(randomblob(2)), 2) || '-' || hex(randomblob(6)))
        WHERE id = new.id;
    END;

    ALTER TABLE runs ADD COLUMN desk_id TEXT;
    ALTER TABLE runs ADD COLUMN desk TEXT;
    ALTER TABLE runs ADD COLUMN operator TEXT;

    CREATE TABLE outbox (
        seq          INTEGER PRIMARY KEY,
        kind         TEXT    NOT NULL,
        uid          TEXT    NOT NULL,
        subject      TEXT,
        created_ms   INTEGER NOT NULL,
        operator     TEXT,
        ref_run      INTEGER,
        ref_position INTEGER,
        ref_record   INTEGER,
        claim_body   TEXT,
        desk_seq     INTEGER,
        body         TEXT,
        prev_hash    TEXT,
        hash         TEXT
    );

    INSERT INTO outbox (kind, uid, subject, created_ms, operator, ref_run, ref_position, ref_record)
    SELECT kind, uid, subject, created_ms, (SELECT value FROM settings WHERE key = 'operator'),
           ref_run, ref_position, ref_record
    FROM (
        SELECT 'run' AS kind, r.uid AS uid, r.uid AS subject, r.started_ms AS created_ms,
               r.id AS ref_run, NULL AS ref_position, NULL AS ref_record,
               r.started_ms AS at, 0 AS source, r.id AS tie, 0 AS step, 0 AS pos
        FROM runs r
        UNION ALL
        SELECT 'event', r.uid || '/' || e.position, r.uid, e.received_ms, r.id, e.position, NULL,
               r.started_ms, 0, r.id, 1, e.position
        FROM events e JOIN runs r ON r.id = e.run_id
        UNION ALL
        SELECT 'run_end', r.uid || '/end', r.uid,
               coalesce(r.ended_ms, (SELECT max(received_ms) FROM events WHERE run_id = r.id),
                        r.started_ms),
               r.id, NULL, NULL, r.started_ms, 0, r.id, 2, 0
        FROM runs r WHERE r.status <> 'streaming'
        UNION ALL
        SELECT 'ledger', uid, subject, created_ms, NULL, NULL, seq, created_ms, 1, seq, 0, 0
        FROM records
    )
    ORDER BY at, source, tie, step, pos;

    CREATE TRIGGER runs_to_outbox AFTER INSERT ON runs WHEN new.desk_id IS NULL BEGIN
        INSERT INTO outbox (kind, uid, subject, created_ms, operator, ref_run)
        VALUES ('run', new.uid, new.uid, new.started_ms,
                (SELECT value FROM settings WHERE key = 'operator'), new.id);
    END;
    CREATE TRIGGER events_to_outbox AFTER INSERT ON events BEGIN
        INSERT INTO outbox (kind, uid, subject, created_ms, operator, ref_run, ref_position)
        SELECT 'event', r.uid || '/' || new.position, r.uid, new.received_ms,
               (SELECT value FROM settings WHERE key = 'operator'), r.id, new.position
        FROM runs r WHERE r.id = new.run_id AND r.desk_id IS NULL;
    END;
    CREATE TRIGGER runs_end_to_outbox AFTER UPDATE OF status ON runs
        WHEN new.desk_id IS NULL AND old.status = 'streaming' AND new.status <> 'streaming'
    BEGIN
        INSERT INTO outbox (kind, uid, subject, created_ms, operator, ref_run)
        VALUES ('run_end', new.uid || '/end', new.uid,
                coalesce(new.ended_ms,
                         (SELECT max(received_ms) FROM events WHERE run_id = new.id),
                         new.started_ms),
                (SELECT value FROM settings WHERE key = 'operator'), new.id);
    END;
    CREATE TRIGGER records_to_outbox AFTER INSERT ON records BEGIN
        INSERT INTO outbox (kind, uid, subject, created_ms, operator, ref_record)
        VALUES ('ledger', new.uid, new.subject, new.created_ms,
                (SELECT value FROM settings WHERE key = 'operator'), new.seq);
    END;

    CREATE TABLE team_ledger (
        uid        TEXT    PRIMARY KEY,
        desk_id    TEXT    NOT NULL,
        desk       TEXT    NOT NULL,
        operator   TEXT,
        kind       TEXT    NOT NULL,
        subject    TEXT,
        created_ms INTEGER NOT NULL,
        body       TEXT    NOT NULL,
        prev_hash  TEXT    NOT NULL,
        hash       TEXT    NOT NULL,
        server_seq INTEGER NOT NULL
    ) WITHOUT ROWID;
    CREATE INDEX team_ledger_subject ON team_ledger (subject, server_seq);

    CREATE TABLE claims (
        uid            TEXT    PRIMARY KEY,
        desk_id        TEXT,
        desk           TEXT,
        operator       TEXT,
        flight         TEXT    NOT NULL,
        action         TEXT    NOT NULL,
        lease_until_ms INTEGER NOT NULL,
        note           TEXT    NOT NULL DEFAULT '',
        created_ms     INTEGER NOT NULL,
        server_seq     INTEGER
    ) WITHOUT ROWID;
    CREATE INDEX claims_flight ON claims (flight, server_seq);
    ",
    // 5: each event's data compressed where that pays (see `codec`): how
    // it is kept, and the frame. Rows written before are compressed by
    // the migration's follow-up, in its transaction. The outbox refers to
    // events by (run_id, position), which stay as they are.
    r"
    ALTER TABLE events ADD COLUMN codec INTEGER NOT NULL DEFAULT 0;
    ALTER TABLE events ADD COLUMN data_z BLOB;
    ",
];

/// A migration's work that SQL cannot do, run in its transaction after
/// its SQL: the version it brings the file to, and the work.
type FollowUp = (i64, fn(&rusqlite::Transaction<'_>) -> Result<(), Error>);
const FOLLOW_UPS: &[FollowUp] = &[(5, crate::codec::compress_stored)];

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
        let version = index as i64 + 1;
        for (_, work) in FOLLOW_UPS.iter().filter(|(v, _)| *v == version) {
            work(&tx)?;
        }
        tx.pragma_update(None, "user_version", version)?;
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

    #[test]
    fn a_version_3_file_puts_its_whole_history_in_the_outbox_in_time_order() {
        let mut conn = Connection::open_in_memory().unwrap();
        for sql in &MIGRATIONS[..3] {
            conn.execute_batch(sql).unwrap();
        }
        // run-b started first though its row is later; run-c is streaming
        // (no end yet); a decision on run-b sits between the runs.
        conn.execute_batch(
            "PRAGMA user_version = 3;
             INSERT INTO settings VALUES ('operator', 'Dana Okafor');
             INSERT INTO sessions VALUES (1, 'prod', 'srv-1', 'EY283', 100, 900);
             INSERT INTO runs (id, uid, session_id, prompt, status, started_ms, ended_ms)
                 VALUES (1, 'run-a', 1, 'EY283 swap', 'complete', 500, 600),
                        (2, 'run-b', 1, 'EY283 tech', 'complete', 100, 200),
                        (3, 'run-c', 1, 'EY283 crew', 'streaming', 800, NULL);
             INSERT INTO events VALUES (1, 0, 510, 'stream', 'metadata', 'message', '', '{}'),
                                       (2, 1, 150, 'stream', 'chunk', 'message', '', '{}'),
                                       (2, 0, 110, 'stream', 'metadata', 'message', '', '{}'),
                                       (3, 0, 810, 'stream', 'metadata', 'message', '', '{}');
             INSERT INTO records VALUES (1, 'd-1', 'decision', 'run-b', 300, '{}', 'p', 'h');",
        )
        .unwrap();
        migrate(&mut conn).unwrap();
        let mut statement = conn
            .prepare("SELECT kind, uid, created_ms, operator FROM outbox ORDER BY seq")
            .unwrap();
        let outbox: Vec<(String, String, i64, Option<String>)> = statement
            .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)))
            .unwrap()
            .collect::<Result<_, _>>()
            .unwrap();
        let expected = [
            ("run", "run-b", 100),
            ("event", "run-b/0", 110),
            ("event", "run-b/1", 150),
            ("run_end", "run-b/end", 200),
            ("ledger", "d-1", 300),
            ("run", "run-a", 500),
            ("event", "run-a/0", 510),
            ("run_end", "run-a/end", 600),
            ("run", "run-c", 800),
            ("event", "run-c/0", 810),
        ];
        assert_eq!(outbox.len(), expected.len(), "{outbox:?}");
        for (row, (kind, uid, ms)) in outbox.iter().zip(expected) {
            assert_eq!((row.0.as_str(), row.1.as_str(), row.2), (kind, uid, ms));
            assert_eq!(row.3.as_deref(), Some("Dana Okafor"));
        }
        let uid: String = conn
            .query_row("SELECT uid FROM sessions WHERE id = 1", [], |r| r.get(0))
            .unwrap();
        assert_eq!(uid, "local-1");
        // The streaming run's end joins the outbox when it ends.
        conn.execute("UPDATE runs SET status = 'interrupted' WHERE id = 3", [])
            .unwrap();
        let last: (String, i64) = conn
            .query_row(
                "SELECT uid, created_ms FROM outbox ORDER BY seq DESC LIMIT 1",
                [],
                |r| Ok((r.get(0)?, r.get(1)?)),
            )
            .unwrap();
        assert_eq!(last, ("run-c/end".to_owned(), 810));
    }
}
