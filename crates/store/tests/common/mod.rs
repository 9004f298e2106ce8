//! The tests' shared way to put runs of the fixture responses in a store.

#![allow(dead_code)]

use skymarshal_store::{EventRecord, NewRun, RunEnd, RunStatus, Store};

pub(crate) const FIXTURES: [&str; 4] = [
    include_str!("../../../sim/fixtures/responses/solution_1.json"),
    include_str!("../../../sim/fixtures/responses/solution_2.json"),
    include_str!("../../../sim/fixtures/responses/solution_3.json"),
    include_str!("../../../sim/fixtures/responses/solution_4.json"),
];

pub(crate) const SESSION: &str = "4b0e6f6e-8a57-4a3e-9d0f-1f2d3c4b5a69";

pub(crate) fn event(position: i64, kind: &str, data: String) -> EventRecord {
    EventRecord {
        position,
        received_ms: 1_764_000_000_000 + position * 1000,
        origin: "stream".into(),
        kind: kind.into(),
        sse_event: "message".into(),
        sse_id: String::new(),
        data,
    }
}

/// The events of a successful run carrying `fixture`.
pub(crate) fn events(fixture: &str, session: &str) -> Vec<EventRecord> {
    vec![
        event(
            0,
            "metadata",
            format!(
                r#"{{"type":"metadata","request_id":"req-1","session_id":"{session}","timestamp":1764000000.5}}"#
            ),
        ),
        event(
            1,
            "chunk",
            format!(r#"{{"type":"chunk","data":{fixture}}}"#),
        ),
        event(
            2,
            "complete",
            r#"{"type":"complete","execution_time_ms":65000,"chunk_count":1}"#.into(),
        ),
    ]
}

/// Stores one run of `fixture` and ends it as `status`.
pub(crate) fn store_run(
    store: &mut Store,
    uid: &str,
    env: &str,
    continues: Option<&str>,
    prompt: &str,
    fixture: usize,
    status: RunStatus,
) -> skymarshal_store::RunKey {
    let key = store
        .begin_run(&NewRun {
            uid,
            environment: env,
            server_session_id: continues,
            prompt,
            started_ms: 1_764_000_000_000,
        })
        .unwrap();
    for e in events(FIXTURES[fixture], SESSION) {
        store.append_event(key, &e).unwrap();
    }
    store
        .finish_run(
            key,
            &RunEnd {
                status: Some(status),
                ended_ms: 1_764_000_065_000,
                execution_ms: Some(65_000),
                server_session_id: Some(SESSION.into()),
                ..RunEnd::default()
            },
        )
        .unwrap();
    key
}

/// 2026-11-30 03:12Z, the time of the ledger's first record in the tests.
pub(crate) const DECIDED_MS: i64 = 1_796_008_320_000;

/// A decision's body as the app writes it (the fields the store reads).
pub(crate) fn decision_body(
    uid: &str,
    run: &str,
    rationale: &str,
    supersedes: Option<&str>,
) -> String {
    serde_json::json!({
        "uid": uid,
        "run_uid": run,
        "action": if supersedes.is_some() { "modify" } else { "accept" },
        "modification": supersedes.map(|_| "depart 14:05 with the standby crew"),
        "rationale": rationale,
        "supersedes": supersedes,
    })
    .to_string()
}

/// Appends one record made at `DECIDED_MS` plus `minute` minutes.
pub(crate) fn append(
    store: &mut Store,
    kind: skymarshal_store::RecordKind,
    uid: &str,
    subject: Option<&str>,
    minute: i64,
    body: &str,
) -> skymarshal_store::Record {
    store
        .append_record(skymarshal_store::NewRecord {
            kind,
            uid,
            subject,
            created_ms: DECIDED_MS + minute * 60_000,
            body,
        })
        .unwrap()
}

/// A shift's ledger over runs `run-1` and `run-2`: a decision (1), a
/// handover (2), a correction superseding the first decision (3), a note
/// (4), a decision on run-2 (5) and the acknowledgement (6).
pub(crate) fn fill_ledger(store: &mut Store) {
    use skymarshal_store::RecordKind as K;
    let handover = r#"{"uid":"h-1","operator":"Dana","notes":"quiet night","runs":[]}"#;
    append(
        store,
        K::Decision,
        "d-1",
        Some("run-1"),
        0,
        &decision_body("d-1", "run-1", "swap to A6-BLA keeps the slot", None),
    );
    append(store, K::Handover, "h-1", None, 1, handover);
    append(
        store,
        K::Decision,
        "d-2",
        Some("run-1"),
        2,
        &decision_body("d-2", "run-1", "crew rest would lapse at BKK", Some("d-1")),
    );
    append(
        store,
        K::HandoverNote,
        "n-1",
        Some("h-1"),
        3,
        r#"{"uid":"n-1","handover_uid":"h-1","text":"gate 12 closed","after_ack":false}"#,
    );
    append(
        store,
        K::Decision,
        "d-3",
        Some("run-2"),
        4,
        &decision_body("d-3", "run-2", "reject: no option covers the curfew", None),
    );
    append(
        store,
        K::HandoverAck,
        "a-1",
        Some("h-1"),
        5,
        r#"{"uid":"a-1","handover_uid":"h-1","by":"Lee"}"#,
    );
}
