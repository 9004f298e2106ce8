//! Decisions travel with their session: an export carries them with their
//! hashes, an import re-checks each one and appends the new ones to the
//! receiving history's own chain; a record changed in the file is refused
//! by name, and importing twice adds nothing.

mod common;

use common::{SESSION, append, decision_body, fill_ledger, store_run};
use skymarshal_store::{
    Error, RecordFilter, RecordKind, RunStatus, SessionExport, SessionFilter, Store,
};

/// A session of run-1 and run-2 with the decisions of `fill_ledger`, and
/// a run in another environment with a decision of its own.
fn decided() -> (tempfile::TempDir, Store, i64) {
    let dir = tempfile::tempdir().unwrap();
    let mut store = Store::open(&dir.path().join("history.sqlite3")).unwrap();
    let key = store_run(
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
        Some(SESSION),
        "And the curfew?",
        1,
        RunStatus::Complete,
    );
    store_run(
        &mut store,
        "run-3",
        "dev",
        None,
        "A test",
        2,
        RunStatus::Complete,
    );
    fill_ledger(&mut store);
    append(
        &mut store,
        RecordKind::Decision,
        "d-x",
        Some("run-3"),
        7,
        &decision_body("d-x", "run-3", "test", None),
    );
    (dir, store, key.session)
}

fn uids(store: &Store, filter: &RecordFilter) -> Vec<String> {
    store
        .records(filter)
        .unwrap()
        .into_iter()
        .map(|r| r.uid)
        .collect()
}

#[test]
fn decisions_travel_with_their_session_into_the_receiving_chain() {
    let (_dir, store, session) = decided();
    let export = store.export_session(session).unwrap();
    let exported: Vec<&str> = export.records.iter().map(|r| r.uid.as_str()).collect();
    assert_eq!(
        exported,
        ["d-1", "d-2", "d-3"],
        "the decisions on its runs, nothing else"
    );
    let text = serde_json::to_string_pretty(&export).unwrap();
    let value: serde_json::Value = serde_json::from_str(&text).unwrap();
    assert_eq!(value["version"], 2);
    assert_eq!(
        value["records"][1]["body"]["supersedes"], "d-1",
        "the body is JSON, not a string"
    );

    let other_dir = tempfile::tempdir().unwrap();
    let mut other = Store::open(&other_dir.path().join("history.sqlite3")).unwrap();
    append(
        &mut other,
        RecordKind::Handover,
        "h-9",
        None,
        0,
        r#"{"uid":"h-9"}"#,
    );
    let report = other.import(&SessionExport::parse(&text).unwrap()).unwrap();
    assert_eq!(
        (report.added, report.records_added, report.records_skipped),
        (2, 3, 0)
    );
    let chain = other.verify_chain().unwrap();
    assert_eq!((chain.records, chain.first_broken), (4, None));
    for (mine, theirs) in other
        .records(&RecordFilter::kind(RecordKind::Decision))
        .unwrap()
        .iter()
        .zip(&export.records)
    {
        assert_eq!(
            (
                &mine.uid,
                mine.kind,
                &mine.subject,
                mine.created_ms,
                mine.body.as_str()
            ),
            (
                &theirs.uid,
                theirs.kind,
                &theirs.subject,
                theirs.created_ms,
                theirs.body.get()
            )
        );
        assert_ne!(
            mine.hash, theirs.hash,
            "chained into this history, after h-9"
        );
    }
    assert_eq!(
        uids(&other, &RecordFilter::subject("run-1")),
        ["d-1", "d-2"]
    );
    let hits = other.search("lapse", &SessionFilter::default()).unwrap();
    assert_eq!(
        hits.iter().map(|h| h.run.uid.as_str()).collect::<Vec<_>>(),
        ["run-1"]
    );

    // Exported again, the records are the same records.
    let again = other.export_session(report.session).unwrap();
    assert_eq!(
        again
            .records
            .iter()
            .map(|r| (&r.uid, &r.body))
            .collect::<Vec<_>>(),
        export
            .records
            .iter()
            .map(|r| (&r.uid, &r.body))
            .collect::<Vec<_>>()
    );

    // A second import adds nothing.
    let report = other.import(&export).unwrap();
    assert_eq!(
        (
            report.added,
            report.skipped,
            report.records_added,
            report.records_skipped
        ),
        (0, 2, 0, 3)
    );
    assert_eq!(other.verify_chain().unwrap().records, 4);
}

#[test]
fn a_record_changed_in_the_file_is_refused_by_name_and_nothing_is_imported() {
    let (_dir, store, session) = decided();
    let text = serde_json::to_string_pretty(&store.export_session(session).unwrap()).unwrap();
    let table = [
        (
            "crew rest would lapse",
            "crew rest would hold",
            "d-2",
            "does not match its hash: it was changed after it was exported",
        ),
        (
            "\"created_ms\": 1796008560000",
            "\"created_ms\": 1796008560001",
            "d-3",
            "(a decision of 2026-11-30 03:16Z) does not match its hash",
        ),
        (
            "\"kind\": \"decision\"",
            "\"kind\": \"handover_note\"",
            "d-1",
            "does not match its hash",
        ),
        (
            "\"uid\": \"d-3\"",
            "\"uid\": \"d-7\"",
            "d-7",
            "does not match its hash",
        ),
        (
            "\"subject\": \"run-1\"",
            "\"subject\": \"run-2\"",
            "d-1",
            "is filed under \"run-2\" but its body's run_uid is \"run-1\"",
        ),
    ];
    let mut other = Store::open_in_memory().unwrap();
    for (from, to, uid, words) in table {
        assert!(text.contains(from), "{from}");
        let tampered = SessionExport::parse(&text.replacen(from, to, 1)).unwrap();
        let error = other.import(&tampered).unwrap_err();
        let Error::ImportRecord { uid: named, .. } = &error else {
            panic!("{error:?}")
        };
        assert_eq!(named, uid);
        let message = error.to_string();
        assert!(message.contains(&format!("its record {uid} ")), "{message}");
        assert!(
            message.contains(words) && message.contains("Nothing was imported"),
            "{message}"
        );
    }
    assert!(
        other
            .sessions(&SessionFilter::default())
            .unwrap()
            .is_empty()
    );
    assert_eq!(other.verify_chain().unwrap().records, 0);
}

#[test]
fn a_version_1_export_still_imports_and_a_run_travels_with_its_own_decisions() {
    let (_dir, store, session) = decided();
    let mut old = serde_json::to_value(store.export_session(session).unwrap()).unwrap();
    old["version"] = 1.into();
    old.as_object_mut().unwrap().remove("records");
    let mut other = Store::open_in_memory().unwrap();
    let report = other
        .import(&SessionExport::parse(&old.to_string()).unwrap())
        .unwrap();
    assert_eq!((report.added, report.records_added), (2, 0));

    let run = store.export_run("run-2").unwrap();
    assert_eq!(
        run.records
            .iter()
            .map(|r| r.uid.as_str())
            .collect::<Vec<_>>(),
        ["d-3"]
    );
    let report = other.import(&run).unwrap();
    assert_eq!(
        (report.added, report.skipped, report.records_added),
        (0, 1, 1)
    );
    assert_eq!(uids(&other, &RecordFilter::all()), ["d-3"]);
    let hits = other
        .search("curfew reject", &SessionFilter::default())
        .unwrap();
    assert_eq!(
        hits.len(),
        1,
        "a known run gains the imported decision's text"
    );
}
