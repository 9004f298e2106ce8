//! The desk's side of the team store against real SQLite files: what a
//! desk makes is sealed in order on one hash chain, the same bytes every
//! time until uploaded; another desk applies those records as pulled and
//! lists, searches and replays them, marked with the desk and operator,
//! without putting any in its own outbox.

use skymarshal_store::{
    ClaimAction, GENESIS_HASH, NewRun, OutboxEntry, PulledRecord, RecordKind, RunStatus,
    SessionFilter, Store, record_hash,
};

mod common;

use common::{append, decision_body, event, store_run};

/// Desk A's history: one run (three events and an end) and a decision.
fn desk_a(dir: &std::path::Path) -> Store {
    let mut store = Store::open(&dir.join("a.sqlite3")).unwrap();
    store.set_operator(Some("Dana Okafor")).unwrap();
    store_run(
        &mut store,
        "run-1",
        "prod",
        None,
        "Flight EY283 delayed at BKK",
        0,
        RunStatus::Complete,
    );
    let body = decision_body("d-1", "run-1", "swap to A6-BLA keeps the curfew", None);
    append(
        &mut store,
        RecordKind::Decision,
        "d-1",
        Some("run-1"),
        0,
        &body,
    );
    store
}

/// `entries` as the team store would hand them to another desk.
fn pulled(entries: &[OutboxEntry], desk_id: &str, first_seq: i64) -> Vec<PulledRecord> {
    (first_seq..)
        .zip(entries)
        .map(|(server_seq, e)| PulledRecord {
            server_seq,
            desk_id: desk_id.to_owned(),
            desk: "OCC-1".to_owned(),
            operator: e.operator.clone(),
            kind: e.kind.clone(),
            uid: e.uid.clone(),
            subject: e.subject.clone(),
            created_ms: e.created_ms,
            body: e.body.clone(),
            prev_hash: e.prev_hash.clone(),
            hash: e.hash.clone(),
        })
        .collect()
}

#[test]
fn a_desks_records_are_sealed_in_order_on_one_chain_until_uploaded() {
    let dir = tempfile::tempdir().unwrap();
    let mut a = desk_a(dir.path());
    assert_eq!(a.outbox_waiting().unwrap(), 6);
    let sealed = a.outbox_sealed(100).unwrap();
    // (kind, uid)
    let expected = [
        ("run", "run-1"),
        ("event", "run-1/0"),
        ("event", "run-1/1"),
        ("event", "run-1/2"),
        ("run_end", "run-1/end"),
        ("ledger", "d-1"),
    ];
    assert_eq!(sealed.len(), expected.len());
    let mut prev = GENESIS_HASH.to_owned();
    for (desk_seq, (entry, (kind, uid))) in (1..).zip(sealed.iter().zip(expected)) {
        assert_eq!((entry.kind.as_str(), entry.uid.as_str()), (kind, uid));
        assert_eq!(entry.desk_seq, desk_seq);
        assert_eq!(entry.subject.as_deref(), Some("run-1"));
        assert_eq!(entry.operator.as_deref(), Some("Dana Okafor"));
        assert_eq!(entry.prev_hash, prev);
        let hash = record_hash(&prev, kind, uid, entry.created_ms, &entry.body);
        assert_eq!(entry.hash, hash, "{uid}");
        prev = hash;
    }
    let run: serde_json::Value = serde_json::from_str(&sealed[0].body).unwrap();
    assert_eq!(run["prompt"], "Flight EY283 delayed at BKK");
    assert_eq!(run["operator"], "Dana Okafor");
    // A new name does not rewrite who ran what, nor the bytes sealed.
    a.set_operator(Some("Sam Lee")).unwrap();
    assert_eq!(a.outbox_sealed(100).unwrap(), sealed);
    assert_eq!(a.outbox_sealed(2).unwrap(), sealed[..2]);

    a.outbox_uploaded(3).unwrap();
    assert_eq!(a.outbox_waiting().unwrap(), 3);
    assert_eq!(a.outbox_sealed(100).unwrap(), sealed[3..]);
    a.outbox_uploaded(3).unwrap();
    a.outbox_uploaded(6).unwrap();
    assert_eq!(a.outbox_waiting().unwrap(), 0);
    // The chain goes on from the last record uploaded, after a restart too.
    drop(a);
    let mut a = Store::open(&dir.path().join("a.sqlite3")).unwrap();
    let key = a
        .begin_run(&NewRun {
            uid: "run-2",
            environment: "prod",
            server_session_id: None,
            prompt: "EY17 crew",
            started_ms: 1_764_000_100_000,
        })
        .unwrap();
    a.append_event(key, &event(0, "metadata", "{}".into()))
        .unwrap();
    let next = a.outbox_sealed(100).unwrap();
    assert_eq!(next[0].desk_seq, 7);
    assert_eq!(next[0].prev_hash, sealed[5].hash);
    assert_eq!(next[0].operator.as_deref(), Some("Sam Lee"));
}

#[test]
fn another_desk_lists_searches_and_replays_what_it_pulled_without_uploading_it() {
    let dir = tempfile::tempdir().unwrap();
    let mut a = desk_a(dir.path());
    let a_id = a.desk_id().unwrap();
    assert_eq!(a.desk_id().unwrap(), a_id, "the desk id is made once");
    let records = pulled(&a.outbox_sealed(100).unwrap(), &a_id, 1);
    let mut b = Store::open(&dir.path().join("b.sqlite3")).unwrap();
    assert_ne!(b.desk_id().unwrap(), a_id);

    let report = b.apply_pulled(&records).unwrap();
    assert_eq!((report.applied, report.unchanged, report.cursor), (6, 0, 6));
    assert_eq!(b.team_cursor().unwrap(), 6);
    assert_eq!(
        b.outbox_waiting().unwrap(),
        0,
        "pulled records are not uploaded again"
    );

    let run = b.run("run-1").unwrap();
    assert_eq!(run.desk.as_deref(), Some("OCC-1"));
    assert_eq!(run.operator.as_deref(), Some("Dana Okafor"));
    assert_eq!(run.status, RunStatus::Complete);
    let own = a.run("run-1").unwrap();
    assert_eq!((own.desk, own.operator), (None, None));
    assert_eq!(b.events(run.id).unwrap(), a.events(own.id).unwrap());
    assert_eq!(run.decision, own.decision);
    assert_eq!(run.bytes_received, own.bytes_received);
    let sessions = b.sessions(&SessionFilter::default()).unwrap();
    assert_eq!(sessions.len(), 1);
    assert_eq!(sessions[0].desk.as_deref(), Some("OCC-1"));
    assert_eq!(sessions[0].operator.as_deref(), Some("Dana Okafor"));
    // (words searched, found)
    let table = [
        ("EY283 BKK", true),
        ("curfew A6-BLA", true),
        ("nowhere", false),
    ];
    for (words, found) in table {
        let hits = b.search(words, &SessionFilter::default()).unwrap();
        assert_eq!(hits.len(), usize::from(found), "{words}");
        if found {
            assert_eq!(hits[0].run.desk.as_deref(), Some("OCC-1"));
        }
    }
    let ledger = b.team_ledger(Some("run-1")).unwrap();
    assert_eq!(ledger.len(), 1);
    assert_eq!(
        (ledger[0].uid.as_str(), ledger[0].kind.as_str()),
        ("d-1", "decision")
    );
    assert_eq!(
        ledger[0].body,
        a.records(&Default::default()).unwrap()[0].body
    );

    let again = b.apply_pulled(&records).unwrap();
    assert_eq!((again.applied, again.unchanged, again.cursor), (0, 6, 6));
    assert_eq!(b.events(run.id).unwrap().len(), 3);
    assert_eq!(b.run("run-1").unwrap(), run);
    assert_eq!(b.outbox_waiting().unwrap(), 0);
    // Records of this desk's own coming back change nothing.
    let b_id = b.desk_id().unwrap();
    let own = b.apply_pulled(&pulled(&[], &b_id, 7)).unwrap();
    assert_eq!(own.cursor, 6);
}

#[test]
fn a_pulled_run_still_streaming_stays_so_when_the_desk_reopens() {
    let dir = tempfile::tempdir().unwrap();
    let mut a = Store::open(&dir.path().join("a.sqlite3")).unwrap();
    let key = a
        .begin_run(&NewRun {
            uid: "run-s",
            environment: "prod",
            server_session_id: None,
            prompt: "EY283 still running",
            started_ms: 1_764_000_000_000,
        })
        .unwrap();
    a.append_event(key, &event(0, "metadata", "{}".into()))
        .unwrap();
    let a_id = a.desk_id().unwrap();
    let records = pulled(&a.outbox_sealed(100).unwrap(), &a_id, 1);
    let path = dir.path().join("b.sqlite3");
    let mut b = Store::open(&path).unwrap();
    b.apply_pulled(&records).unwrap();
    drop(b);
    let b = Store::open(&path).unwrap();
    assert_eq!(b.run("run-s").unwrap().status, RunStatus::Streaming);
    // Desk A's own run is interrupted when A reopens, and says so.
    drop(a);
    let mut a = Store::open(&dir.path().join("a.sqlite3")).unwrap();
    assert_eq!(a.run("run-s").unwrap().status, RunStatus::Interrupted);
    let end = a.outbox_sealed(100).unwrap().pop().unwrap();
    assert_eq!(
        (end.kind.as_str(), end.uid.as_str()),
        ("run_end", "run-s/end")
    );
}

#[test]
fn a_run_deleted_before_upload_is_sealed_as_deleted_and_kept_by_no_one() {
    let dir = tempfile::tempdir().unwrap();
    let mut a = desk_a(dir.path());
    let session = a.run("run-1").unwrap().session_id;
    a.delete_session(session).unwrap();
    let sealed = a.outbox_sealed(100).unwrap();
    assert_eq!(sealed.len(), 6, "the chain keeps a place for each");
    for entry in &sealed[..5] {
        assert!(
            entry.body.starts_with(r#"{"deleted_before_upload":true"#),
            "{}",
            entry.body
        );
    }
    assert!(
        sealed[5].body.contains("curfew"),
        "decisions outlive their runs"
    );
    let a_id = a.desk_id().unwrap();
    let mut b = Store::open(&dir.path().join("b.sqlite3")).unwrap();
    let report = b.apply_pulled(&pulled(&sealed, &a_id, 1)).unwrap();
    assert_eq!((report.applied, report.orphaned), (1, 5));
    assert!(b.run("run-1").is_err());
}

#[test]
fn claims_come_in_the_team_stores_order_with_this_desks_unordered_last() {
    let dir = tempfile::tempdir().unwrap();
    let mut a = Store::open(&dir.path().join("a.sqlite3")).unwrap();
    let a_id = a.desk_id().unwrap();
    let mine = a
        .record_claim(
            "EY283",
            ClaimAction::Claim,
            9_000,
            Some("Dana Okafor"),
            "",
            1_000,
        )
        .unwrap();
    let later = a
        .record_claim(
            "EY283",
            ClaimAction::Release,
            0,
            Some("Dana Okafor"),
            "done",
            3_000,
        )
        .unwrap();
    a.record_claim("EY17", ClaimAction::Claim, 9_000, None, "", 2_000)
        .unwrap();
    let sealed = a.outbox_sealed(100).unwrap();
    assert_eq!(sealed.len(), 3);
    let other = PulledRecord {
        server_seq: 5,
        desk_id: "desk-b".into(),
        desk: "OCC-2".into(),
        operator: Some("Sara Ahmed".into()),
        kind: "claim".into(),
        uid: "claim-b".into(),
        subject: Some("EY283".into()),
        created_ms: 1_500,
        body: r#"{"flight":"EY283","action":"claim","lease_until_ms":8000,"operator":"Sara Ahmed","note":""}"#.into(),
        prev_hash: GENESIS_HASH.into(),
        hash: "h".into(),
    };
    let mut back = pulled(&sealed[..1], &a_id, 7);
    back.insert(0, other);
    let report = a.apply_pulled(&back).unwrap();
    assert_eq!((report.applied, report.cursor), (2, 7));
    // (uid, desk, action, server_seq)
    let expected = [
        ("claim-b", Some("OCC-2"), ClaimAction::Claim, Some(5)),
        (mine.as_str(), None, ClaimAction::Claim, Some(7)),
        (later.as_str(), None, ClaimAction::Release, None),
    ];
    let claims = a.claims(Some("EY283")).unwrap();
    assert_eq!(claims.len(), expected.len());
    for (claim, (uid, desk, action, seq)) in claims.iter().zip(expected) {
        assert_eq!(claim.uid, uid);
        assert_eq!(claim.desk.as_deref(), desk);
        assert_eq!((claim.action, claim.server_seq), (action, seq));
    }
    assert_eq!(a.claims(None).unwrap().len(), 4);
    assert_eq!(
        a.outbox_waiting().unwrap(),
        3,
        "pulled claims are not uploaded"
    );
}

#[test]
fn another_desks_run_exported_and_imported_stays_that_desks() {
    let dir = tempfile::tempdir().unwrap();
    let mut a = desk_a(dir.path());
    let a_id = a.desk_id().unwrap();
    let records = pulled(&a.outbox_sealed(100).unwrap(), &a_id, 1);
    let mut b = Store::open(&dir.path().join("b.sqlite3")).unwrap();
    b.apply_pulled(&records).unwrap();
    let export = b.export_run("run-1").unwrap();
    assert_eq!(
        export.runs[0]
            .recorded_on
            .as_ref()
            .map(|on| on.desk.as_str()),
        Some("OCC-1")
    );
    // Deleted and imported again (on this desk or a third), it is still
    // OCC-1's: marked, read-only, and not this desk's to upload.
    let session = b.run("run-1").unwrap().session_id;
    b.delete_session(session).unwrap();
    let text = serde_json::to_string(&export).unwrap();
    b.import(&skymarshal_store::SessionExport::parse(&text).unwrap())
        .unwrap();
    let run = b.run("run-1").unwrap();
    assert_eq!(run.desk.as_deref(), Some("OCC-1"));
    assert_eq!(run.operator.as_deref(), Some("Dana Okafor"));
    assert_eq!(b.outbox_waiting().unwrap(), 0);
    // This desk's own runs export with no desk at all, as before.
    let own = a.export_run("run-1").unwrap();
    assert!(own.runs[0].recorded_on.is_none());
    assert!(!serde_json::to_string(&own).unwrap().contains("recorded_on"));
}
