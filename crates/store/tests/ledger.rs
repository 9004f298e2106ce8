//! The ledger against real SQLite files: records append into one hash
//! chain, read back by subject, kind and time; any edit made to the file
//! with SQL (a body, a column, a record removed, records swapped, the last
//! record removed) is found and the first broken record named; deleting
//! sessions never deletes records; a decision's rationale is searchable.

mod common;

use common::{DECIDED_MS, append, decision_body, fill_ledger, store_run};
use skymarshal_store::{
    BreakKind, ChainReport, Error, GENESIS_HASH, NewRecord, RecordFilter, RecordKind, RunStatus,
    SessionFilter, Store, record_hash,
};

/// A history file with two runs and the six records of `fill_ledger`.
fn ledger_file() -> (tempfile::TempDir, std::path::PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("history.sqlite3");
    let mut store = Store::open(&path).unwrap();
    store_run(
        &mut store,
        "run-1",
        "prod",
        None,
        "EY283 tech at BKK",
        0,
        RunStatus::Complete,
    );
    store_run(
        &mut store,
        "run-2",
        "prod",
        None,
        "EY12 curfew at LHR",
        1,
        RunStatus::Complete,
    );
    fill_ledger(&mut store);
    (dir, path)
}

/// The chain after `sql` is run on the file directly, as an editor would.
fn verify_after(sql: &str) -> ChainReport {
    let (_dir, path) = ledger_file();
    if !sql.is_empty() {
        let conn = rusqlite::Connection::open(&path).unwrap();
        conn.execute_batch(sql).unwrap();
    }
    Store::open_beside(&path).unwrap().verify_chain().unwrap()
}

#[test]
fn every_edit_made_in_the_file_is_found_at_the_first_broken_record() {
    // A record appended by hand at the end, with a hash that holds: only
    // the count of records written shows it.
    let last_hash = {
        let (_dir, path) = ledger_file();
        let store = Store::open_beside(&path).unwrap();
        store.records(&RecordFilter::all()).unwrap()[5].hash.clone()
    };
    let forged_body = r#"{"uid":"x-1","run_uid":"run-1","rationale":"forged"}"#;
    let forged = format!(
        "INSERT INTO records VALUES (7, 'x-1', 'decision', 'run-1', {DECIDED_MS}, '{forged_body}', '{last_hash}', '{}');",
        record_hash(&last_hash, "decision", "x-1", DECIDED_MS, forged_body)
    );
    let swap = "UPDATE records SET seq = -1 WHERE seq = 3; UPDATE records SET seq = 3 WHERE seq = 4; \
                UPDATE records SET seq = 4 WHERE seq = -1;";
    let table: Vec<(&str, &str, Option<(BreakKind, i64)>)> = vec![
        (
            "appended, with a correction superseding a decision",
            "",
            None,
        ),
        (
            "a decision's rationale rewritten",
            "UPDATE records SET body = replace(body, 'lapse', 'hold') WHERE seq = 3",
            Some((BreakKind::Altered, 3)),
        ),
        (
            "the first record's time changed",
            "UPDATE records SET created_ms = created_ms + 1 WHERE seq = 1",
            Some((BreakKind::Altered, 1)),
        ),
        (
            "a record's kind changed",
            "UPDATE records SET kind = 'handover_note' WHERE seq = 6",
            Some((BreakKind::Altered, 6)),
        ),
        (
            "a record's id changed",
            "UPDATE records SET uid = 'd-9' WHERE seq = 5",
            Some((BreakKind::Altered, 5)),
        ),
        (
            "a decision moved to another run",
            "UPDATE records SET subject = 'run-2' WHERE seq = 3",
            Some((BreakKind::SubjectMismatch, 3)),
        ),
        (
            "a handover filed under a run",
            "UPDATE records SET subject = 'run-1' WHERE seq = 2",
            Some((BreakKind::SubjectMismatch, 2)),
        ),
        (
            "a note's handover removed",
            "UPDATE records SET subject = NULL WHERE seq = 4",
            Some((BreakKind::SubjectMismatch, 4)),
        ),
        (
            "a record removed from the middle",
            "DELETE FROM records WHERE seq = 3",
            Some((BreakKind::Missing, 4)),
        ),
        (
            "two records removed from the middle",
            "DELETE FROM records WHERE seq IN (2, 3)",
            Some((BreakKind::Missing, 4)),
        ),
        (
            "the first record removed",
            "DELETE FROM records WHERE seq = 1",
            Some((BreakKind::Missing, 2)),
        ),
        (
            "a record removed and the rest renumbered",
            "DELETE FROM records WHERE seq = 3; UPDATE records SET seq = seq - 1 WHERE seq > 3;",
            Some((BreakKind::OutOfOrder, 3)),
        ),
        (
            "two records swapped",
            swap,
            Some((BreakKind::OutOfOrder, 3)),
        ),
        (
            "a record's previous hash replaced",
            "UPDATE records SET prev_hash = hash WHERE seq = 2",
            Some((BreakKind::OutOfOrder, 2)),
        ),
        // The chain alone cannot see its end removed (what is left is a
        // sound chain); ledger_count, written with each record, does.
        (
            "the last record removed",
            "DELETE FROM records WHERE seq = 6",
            Some((BreakKind::Truncated, 6)),
        ),
        (
            "every record removed",
            "DELETE FROM records",
            Some((BreakKind::Truncated, 6)),
        ),
        (
            "a record added at the end by hand",
            forged.as_str(),
            Some((BreakKind::Added, 7)),
        ),
        (
            "the count of records removed",
            "DELETE FROM settings WHERE key = 'ledger_count'",
            Some((BreakKind::Added, 1)),
        ),
    ];
    for (case, sql, expected) in table {
        let report = verify_after(sql);
        let found = report.first_broken.as_ref().map(|b| (b.why, b.seq));
        assert_eq!(found, expected, "{case}: {report:?}");
        if let Some(broken) = &report.first_broken {
            // A truncated chain names the last record written, which is gone.
            let named = if broken.why == BreakKind::Truncated {
                format!("{} records were written", broken.seq)
            } else {
                format!("ecord {} (", broken.seq)
            };
            assert!(
                broken.message.contains(&named),
                "{case}: {}",
                broken.message
            );
        }
    }
}

#[test]
fn each_break_is_told_in_a_sentence_naming_the_record_and_its_time() {
    let table = [
        (
            "UPDATE records SET body = replace(body, 'lapse', 'hold') WHERE seq = 3",
            "Record 3 (a decision of 2026-11-30 03:14Z) was changed after it was written: it does not match its hash.",
        ),
        (
            "DELETE FROM records WHERE seq = 3",
            "Record 4 (a handover note of 2026-11-30 03:15Z) comes after a gap in the history: record 3 was removed.",
        ),
        (
            "DELETE FROM records WHERE seq IN (2, 3)",
            "records 2 to 3 were removed.",
        ),
        (
            "UPDATE records SET seq = -1 WHERE seq = 3; UPDATE records SET seq = 3 WHERE seq = 4; UPDATE records SET seq = 4 WHERE seq = -1;",
            "Record 3 (a handover note of 2026-11-30 03:15Z) is out of order: it does not follow on from record 2; records were reordered",
        ),
        (
            "UPDATE records SET subject = 'run-2' WHERE seq = 3",
            "Record 3 (a decision of 2026-11-30 03:14Z): its run does not match its body; it is filed under run-2 but its body is about run-1",
        ),
        (
            "DELETE FROM records WHERE seq = 6",
            "Record 6, the last one written, is missing: the history ends at record 5 (a decision of 2026-11-30 03:16Z), but 6 records were written: the last one was removed.",
        ),
        (
            "DELETE FROM records WHERE seq > 3",
            "Records 4 to 6, the last 3 written, are missing: the history ends at record 3 (a decision of 2026-11-30 03:14Z), but 6 records were written: the last 3 were removed.",
        ),
        (
            "UPDATE records SET kind = 'verdict' WHERE seq = 2",
            "Record 2 (of unknown kind \"verdict\", 2026-11-30 03:13Z) was changed after it was written",
        ),
        (
            "UPDATE records SET subject = 'h-9' WHERE seq = 4",
            "Record 4 (a handover note of 2026-11-30 03:15Z): its handover does not match its body",
        ),
        (
            "DELETE FROM records",
            "Records 1 to 6, the last 6 written, are missing: the history holds no records, but 6 records were written",
        ),
    ];
    for (sql, words) in table {
        let report = verify_after(sql);
        let message = report.first_broken.map(|b| b.message).unwrap_or_default();
        assert!(message.contains(words), "{sql}:\n{message}");
    }
}

#[test]
fn a_chain_is_sound_from_its_first_record_and_an_empty_one_is_intact() {
    let mut store = Store::open_in_memory().unwrap();
    let empty = store.verify_chain().unwrap();
    assert_eq!((empty.records, empty.is_intact()), (0, true));
    let body = decision_body("d-1", "run-1", "swap", None);
    let first = append(
        &mut store,
        RecordKind::Decision,
        "d-1",
        Some("run-1"),
        0,
        &body,
    );
    assert_eq!((first.seq, first.prev_hash.as_str()), (1, GENESIS_HASH));
    assert_eq!(
        first.hash,
        record_hash(GENESIS_HASH, "decision", "d-1", DECIDED_MS, &body)
    );
    let second = append(
        &mut store,
        RecordKind::Handover,
        "h-1",
        None,
        1,
        r#"{"uid":"h-1"}"#,
    );
    assert_eq!(
        (second.seq, second.prev_hash.as_str()),
        (2, first.hash.as_str())
    );
    assert_eq!(
        store.records(&RecordFilter::all()).unwrap(),
        [first, second]
    );
    let report = store.verify_chain().unwrap();
    assert_eq!((report.records, report.first_broken), (2, None));
    assert_eq!(store.setting("ledger_count").unwrap().as_deref(), Some("2"));
}

#[test]
fn records_are_read_by_subject_kind_and_time_in_chain_order() {
    let (_dir, path) = ledger_file();
    let store = Store::open(&path).unwrap();
    let uids = |filter: RecordFilter| {
        store
            .records(&filter)
            .unwrap()
            .into_iter()
            .map(|r| r.uid)
            .collect::<Vec<_>>()
    };
    assert_eq!(
        uids(RecordFilter::all()),
        ["d-1", "h-1", "d-2", "n-1", "d-3", "a-1"]
    );
    assert_eq!(uids(RecordFilter::subject("run-1")), ["d-1", "d-2"]);
    assert_eq!(uids(RecordFilter::subject("h-1")), ["n-1", "a-1"]);
    assert_eq!(
        uids(RecordFilter::kind(RecordKind::Decision)),
        ["d-1", "d-2", "d-3"]
    );
    assert_eq!(
        uids(RecordFilter {
            since_ms: Some(DECIDED_MS + 3 * 60_000),
            ..RecordFilter::all()
        }),
        ["n-1", "d-3", "a-1"]
    );
    assert_eq!(
        uids(RecordFilter {
            kind: Some(RecordKind::Decision),
            since_ms: Some(DECIDED_MS + 60_000),
            ..RecordFilter::subject("run-1")
        }),
        ["d-2"]
    );
    assert!(uids(RecordFilter::subject("run-9")).is_empty());
    // The superseded decision stays, and the correction names it.
    let correction = &store.records(&RecordFilter::subject("run-1")).unwrap()[1];
    let body: serde_json::Value = serde_json::from_str(&correction.body).unwrap();
    assert_eq!(body["supersedes"], "d-1");
}

#[test]
fn a_record_that_cannot_stand_in_the_chain_is_refused_and_nothing_is_written() {
    let mut store = Store::open_in_memory().unwrap();
    append(
        &mut store,
        RecordKind::Decision,
        "d-1",
        Some("run-1"),
        0,
        &decision_body("d-1", "run-1", "swap", None),
    );
    let good = decision_body("d-2", "run-1", "swap", None);
    let table: &[(&str, RecordKind, &str, Option<&str>, &str)] = &[
        (
            "has a body that is not a JSON object",
            RecordKind::Decision,
            "d-2",
            Some("run-1"),
            "not json",
        ),
        (
            "has a body that is not a JSON object",
            RecordKind::Decision,
            "d-2",
            Some("run-1"),
            "[1, 2]",
        ),
        (
            "names itself \"d-2\" in its body",
            RecordKind::Decision,
            "d-9",
            Some("run-1"),
            &good,
        ),
        (
            "is filed under \"run-2\" but its body's run_uid is \"run-1\"",
            RecordKind::Decision,
            "d-2",
            Some("run-2"),
            &good,
        ),
        (
            "is filed under nothing but its body's run_uid is \"run-1\"",
            RecordKind::Decision,
            "d-2",
            None,
            &good,
        ),
        (
            "its body's handover_uid is missing",
            RecordKind::HandoverAck,
            "a-1",
            Some("h-1"),
            r#"{"uid":"a-1"}"#,
        ),
        (
            "a handover is about no one run",
            RecordKind::Handover,
            "h-1",
            Some("run-1"),
            r#"{"uid":"h-1"}"#,
        ),
        ("has no id", RecordKind::Handover, " ", None, "{}"),
        (
            "already in the history",
            RecordKind::Decision,
            "d-1",
            Some("run-1"),
            &decision_body("d-1", "run-1", "again", None),
        ),
    ];
    for (words, kind, uid, subject, body) in table {
        let error = store
            .append_record(NewRecord {
                kind: *kind,
                uid,
                subject: *subject,
                created_ms: DECIDED_MS,
                body,
            })
            .unwrap_err();
        assert!(matches!(error, Error::RecordRefused { .. }), "{error:?}");
        let text = error.to_string();
        assert!(
            text.contains(words) && text.contains("was not written"),
            "{words}: {text}"
        );
    }
    let report = store.verify_chain().unwrap();
    assert_eq!((report.records, report.first_broken), (1, None));
}

#[test]
fn deleting_sessions_and_retention_never_delete_records() {
    let (_dir, path) = ledger_file();
    let mut store = Store::open(&path).unwrap();
    let session = store.run("run-1").unwrap().session_id;
    store.delete_session(session).unwrap();
    assert!(store.run("run-1").is_err());
    assert_eq!(store.apply_retention(i64::MAX).unwrap(), 1);
    assert!(
        store
            .sessions(&SessionFilter::default())
            .unwrap()
            .is_empty()
    );
    let report = store.verify_chain().unwrap();
    assert_eq!((report.records, report.first_broken), (6, None));
    assert_eq!(
        store
            .records(&RecordFilter::subject("run-1"))
            .unwrap()
            .len(),
        2
    );
}

#[test]
fn a_decisions_rationale_and_modification_find_its_run() {
    let (_dir, path) = ledger_file();
    let mut store = Store::open(&path).unwrap();
    let found = |store: &Store, words: &str| {
        store
            .search(words, &SessionFilter::default())
            .unwrap()
            .into_iter()
            .map(|h| h.run.uid)
            .collect::<Vec<_>>()
    };
    assert_eq!(
        found(&store, "lapse"),
        ["run-1"],
        "the correction's rationale"
    );
    assert_eq!(
        found(&store, "A6-BLA slot"),
        ["run-1"],
        "the superseded decision's rationale stays searchable"
    );
    assert_eq!(found(&store, "standby crew"), ["run-1"], "the modification");
    assert_eq!(found(&store, "curfew reject"), ["run-2"]);
    assert!(
        found(&store, "gate").is_empty(),
        "a handover note is not a run's text"
    );
    assert!(found(&store, "diversion").is_empty());
    let hit = &store.search("lapse", &SessionFilter::default()).unwrap()[0];
    assert!(hit.snippet.contains("[lapse]"), "{}", hit.snippet);
    append(
        &mut store,
        RecordKind::Decision,
        "d-4",
        Some("run-2"),
        9,
        &decision_body("d-4", "run-2", "diversion to MAN", None),
    );
    assert_eq!(found(&store, "diversion"), ["run-2"]);
}
