//! The tracker's rules as tables of event lists: each row is a run's events,
//! the verdict they add up to and the warnings raised on the way.

use serde_json::json;

use super::*;
use crate::ErrorKind;

/// An event read with nothing repaired.
fn plain(event: ServerEvent) -> Decoded {
    Decoded {
        event,
        odd_values: Vec::new(),
        unreadable: false,
    }
}
fn metadata() -> Decoded {
    plain(ServerEvent::Metadata {
        request_id: Some("req".into()),
        session_id: Some("ses".into()),
        timestamp: None,
    })
}
fn chunk(data: serde_json::Value) -> Decoded {
    plain(ServerEvent::Chunk { data })
}
fn complete(count: u64) -> Decoded {
    plain(ServerEvent::Complete {
        execution_time_ms: Some(5),
        chunk_count: Some(count),
    })
}
/// Data exactly as the server sent it, read as the run reads it.
fn sent(data: &str) -> Decoded {
    ServerEvent::read(data)
}

/// Feeds the events; returns the verdict's kind (None while open) and
/// the warnings' codes.
fn play(events: &[Decoded]) -> (Option<Result<(), ErrorKind>>, Vec<String>) {
    let mut tracker = Tracker::default();
    let mut codes = Vec::new();
    for (seq, event) in events.iter().enumerate() {
        for warning in tracker.observe(seq as u64, "message", event) {
            let value = serde_json::to_value(&warning).unwrap();
            codes.push(value["code"].as_str().unwrap().to_owned());
        }
    }
    let verdict = tracker
        .verdict()
        .map(|v| v.as_ref().map(|_| ()).map_err(Error::kind));
    (verdict, codes)
}

#[test]
fn verdicts_table() {
    let ok = json!({"status": "success"});
    let failed = json!({"error": "x", "error_message": "agents crashed", "error_type": "E"});
    let error = plain(ServerEvent::Error {
        error_code: "STREAMING_ERROR".into(),
        error_message: "m".into(),
    });
    let unknown = plain(ServerEvent::Unknown { reason: "r".into() });
    let garbage = sent(r#"{"type": "chunk", "data": {"status": oops"#);
    let nan_chunk = sent(r#"{"type": "chunk", "data": {"final_decision": {"confidence": NaN}}}"#);
    let null_chunk = sent(r#"{"type": "chunk", "data": NaN}"#);
    // (events, verdict, warnings)
    let table: Vec<(Vec<Decoded>, Option<Result<(), ErrorKind>>, Vec<&str>)> = vec![
        (
            vec![metadata(), chunk(ok.clone()), complete(1)],
            Some(Ok(())),
            vec![],
        ),
        // Complete with nothing sent: nothing to show, never complete.
        (
            vec![metadata(), complete(0)],
            Some(Err(ErrorKind::Protocol)),
            vec![],
        ),
        (
            vec![metadata(), chunk(json!("plain words")), complete(1)],
            Some(Err(ErrorKind::Protocol)),
            vec![],
        ),
        (
            vec![metadata(), chunk(json!(42)), complete(1)],
            Some(Err(ErrorKind::Protocol)),
            vec![],
        ),
        (
            vec![
                metadata(),
                chunk(ok.clone()),
                chunk(ok.clone()),
                complete(2),
            ],
            Some(Ok(())),
            vec![],
        ),
        (
            vec![metadata(), chunk(ok.clone()), complete(3)],
            Some(Ok(())),
            vec!["chunk_count_mismatch"],
        ),
        (
            vec![metadata(), chunk(failed.clone()), complete(1)],
            Some(Err(ErrorKind::Server)),
            vec![],
        ),
        (
            vec![metadata(), chunk(failed), chunk(ok.clone()), complete(2)],
            Some(Err(ErrorKind::Server)),
            vec![],
        ),
        (
            vec![metadata(), error],
            Some(Err(ErrorKind::Server)),
            vec![],
        ),
        (vec![metadata(), chunk(ok.clone())], None, vec![]),
        (
            vec![metadata(), unknown.clone(), chunk(ok.clone()), complete(1)],
            Some(Ok(())),
            vec!["unknown_event"],
        ),
        (
            vec![chunk(ok.clone()), complete(1)],
            Some(Ok(())),
            vec!["before_metadata", "before_metadata"],
        ),
        (
            vec![metadata(), metadata(), chunk(ok.clone()), complete(1)],
            Some(Ok(())),
            vec!["repeated_metadata"],
        ),
        (
            vec![
                plain(ServerEvent::Metadata {
                    request_id: None,
                    session_id: None,
                    timestamp: None,
                }),
                chunk(ok.clone()),
                complete(1),
            ],
            Some(Ok(())),
            vec!["incomplete_metadata"],
        ),
        // Odd values cost the value, not the analysis.
        (
            vec![metadata(), nan_chunk.clone(), complete(1)],
            Some(Ok(())),
            vec!["odd_values"],
        ),
        (
            vec![
                sent(
                    r#"{"type": "metadata", "request_id": "r", "session_id": "s", "timestamp": Infinity}"#,
                ),
                chunk(ok.clone()),
                sent(r#"{"type": "complete", "execution_time_ms": -Infinity, "chunk_count": NaN}"#),
            ],
            Some(Ok(())),
            vec!["odd_values", "odd_values"],
        ),
        (
            vec![
                metadata(),
                sent(r#"{"type": "error", "error_code": "E", "error_message": "bad \q"}"#),
            ],
            Some(Err(ErrorKind::Server)),
            vec!["odd_values"],
        ),
        // A run none of whose chunks could be read is never complete.
        // The unreadable events arrived: no count mismatch to report.
        (
            vec![metadata(), garbage.clone(), complete(1)],
            Some(Err(ErrorKind::Protocol)),
            vec!["unknown_event"],
        ),
        (
            vec![metadata(), garbage.clone(), garbage.clone(), complete(2)],
            Some(Err(ErrorKind::Protocol)),
            vec!["unknown_event", "unknown_event"],
        ),
        (
            vec![metadata(), garbage.clone(), sent(r#"{"type": "complete"}"#)],
            Some(Err(ErrorKind::Protocol)),
            vec!["unknown_event"],
        ),
        (
            vec![metadata(), garbage.clone(), complete(0)],
            Some(Err(ErrorKind::Protocol)),
            vec!["unknown_event"],
        ),
        (
            vec![metadata(), null_chunk, complete(1)],
            Some(Err(ErrorKind::Protocol)),
            vec!["odd_values"],
        ),
        (
            vec![metadata(), chunk(serde_json::Value::Null), complete(1)],
            Some(Err(ErrorKind::Protocol)),
            vec![],
        ),
        (
            vec![metadata(), complete(1)],
            Some(Err(ErrorKind::Protocol)),
            vec!["chunk_count_mismatch"],
        ),
        // One readable chunk among unreadable ones carries the run.
        (
            vec![metadata(), garbage, nan_chunk, complete(2)],
            Some(Ok(())),
            vec!["unknown_event", "odd_values"],
        ),
        // An event of a type the protocol lacks was read, but it is no
        // chunk: there is still no analysis to show.
        (
            vec![metadata(), unknown.clone(), complete(0)],
            Some(Err(ErrorKind::Protocol)),
            vec!["unknown_event"],
        ),
    ];
    for (i, (events, verdict, warnings)) in table.into_iter().enumerate() {
        let (got, codes) = play(&events);
        assert_eq!(got, verdict, "row {i}");
        assert_eq!(codes, warnings, "row {i}");
    }
}

#[test]
fn the_verdict_says_why_no_chunk_could_be_read() {
    let mut tracker = Tracker::default();
    let events = [
        r#"{"type": "metadata", "request_id": "req-9", "session_id": "s"}"#,
        r#"{"type": "chunk", "data": {"status": oops}}"#,
        r#"{"type": "complete", "chunk_count": 1}"#,
    ];
    for (seq, data) in events.iter().enumerate() {
        tracker.observe(seq as u64, "message", &ServerEvent::read(data));
    }
    let error = tracker.verdict().unwrap().clone().unwrap_err();
    let message = error.to_string();
    assert!(
        message.contains("its one analysis chunk could not be read"),
        "{message}"
    );
    assert!(
        message.contains("event 1: the event's data is not JSON"),
        "{message}"
    );
    assert_eq!(error.request_id(), Some("req-9"));
}
