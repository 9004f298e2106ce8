//! A measurement, not a check: what migration 5 costs a large history.

use rusqlite::{Connection, params};

use super::tests::FIXTURES;
use crate::Store;

/// How long opening a version 4 history of `HISTORY_RUNS` (default
/// 10,000) runs like the benchmark's takes, and the file's size before,
/// after, and after a `VACUUM` (10,000 runs: 8 s, 1.41 GB before and
/// after with a 197 MB WAL until it is checkpointed, 196 MB vacuumed).
/// Slow: `cargo test -p skymarshal-store --release --lib -- --ignored
/// --nocapture migrating_a_large_version_4_file`.
#[test]
#[ignore = "a measurement, minutes long"]
#[allow(clippy::print_stdout)] // its figures are its output, as the benchmark's
fn migrating_a_large_version_4_file() {
    let runs: i64 = std::env::var("HISTORY_RUNS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(10_000);
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("history.sqlite3");
    let mut conn = Connection::open(&path).unwrap();
    conn.pragma_update(None, "journal_mode", "WAL").unwrap();
    let tx = conn.transaction().unwrap();
    for sql in &crate::schema::MIGRATIONS[..4] {
        tx.execute_batch(sql).unwrap();
    }
    tx.execute_batch(
        "PRAGMA user_version = 4;
         INSERT INTO sessions (id, environment, title, first_activity_ms, last_activity_ms)
             VALUES (1, 'prod', 'EY283', 0, 0);",
    )
    .unwrap();
    for i in 0..runs {
        tx.execute(
            "INSERT INTO runs (id, uid, session_id, prompt, status, started_ms)
             VALUES (?1, 'run-' || ?1, 1, 'EY283', 'complete', ?1)",
            params![i + 1],
        )
        .unwrap();
        let chunk = format!(r#"{{"type":"chunk","data":{}}}"#, FIXTURES[i as usize % 4]);
        let meta = format!(
            r#"{{"type":"metadata","request_id":"req-{i}","session_id":"00000000-0000-4000-8000-{i:012}","timestamp":1764000000.5}}"#
        );
        let done = r#"{"type":"complete","execution_time_ms":65000,"chunk_count":1}"#;
        for (position, data) in [meta.as_str(), &chunk, done].into_iter().enumerate() {
            tx.execute(
                "INSERT INTO events VALUES (?1, ?2, 0, 'stream', 'chunk', 'message', '', ?3)",
                params![i + 1, position as i64, data],
            )
            .unwrap();
        }
    }
    tx.commit().unwrap();
    conn.pragma_update(None, "wal_checkpoint", "TRUNCATE")
        .unwrap();
    drop(conn);
    let size = || std::fs::metadata(&path).unwrap().len();
    let before = size();
    let started = std::time::Instant::now();
    let store = Store::open(&path).unwrap();
    let took = started.elapsed();
    let wal = std::fs::metadata(dir.path().join("history.sqlite3-wal")).map_or(0, |m| m.len());
    store
        .conn
        .pragma_update(None, "wal_checkpoint", "TRUNCATE")
        .unwrap();
    let after = size();
    store.conn.execute_batch("VACUUM").unwrap();
    println!("history_migrate_5_runs {runs} runs");
    println!("history_migrate_5_seconds {:.1} s", took.as_secs_f64());
    println!("history_migrate_5_bytes_before {before} bytes");
    println!("history_migrate_5_wal_bytes_after_open {wal} bytes");
    println!("history_migrate_5_bytes_after {after} bytes");
    println!("history_migrate_5_bytes_after_vacuum {} bytes", size());
}
