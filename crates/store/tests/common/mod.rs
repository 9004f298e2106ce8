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
