//! The history against real SQLite files: runs of the four fixture
//! responses go in event by event; sessions, runs, events and search come
//! back exactly; a reopened file marks unfinished runs interrupted.

use skymarshal_store::{NewRun, RunStatus, SessionFilter, Store};

mod common;

use common::{FIXTURES, SESSION, events, store_run};

#[test]
fn every_event_comes_back_exactly_and_follow_ups_share_a_session() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("history.sqlite3");
    let mut store = Store::open(&path).unwrap();
    let first = store_run(
        &mut store,
        "run-1",
        "staging",
        None,
        "Flight EY283 delayed 2 hours due to weather",
        0,
        RunStatus::Complete,
    );
    let second = store_run(
        &mut store,
        "run-2",
        "staging",
        Some(SESSION),
        "What if the crew times out?",
        1,
        RunStatus::Complete,
    );
    let other = store_run(
        &mut store,
        "run-3",
        "prod",
        Some(SESSION),
        "Same session id, other environment",
        2,
        RunStatus::Failed,
    );
    assert_eq!(
        first.session, second.session,
        "a follow-up continues the session"
    );
    assert_ne!(
        first.session, other.session,
        "sessions belong to one environment"
    );
    drop(store);

    let store = Store::open(&path).unwrap();
    assert_eq!(store.integrity_check().unwrap(), "ok");
    assert_eq!(
        store.events(first.run).unwrap(),
        events(FIXTURES[0], SESSION)
    );
    let runs = store.runs(first.session).unwrap();
    assert_eq!(
        runs.iter().map(|r| r.uid.as_str()).collect::<Vec<_>>(),
        ["run-1", "run-2"]
    );
    assert_eq!(runs[0].request_id.as_deref(), Some("req-1"));
    assert!(
        runs[0]
            .decision
            .as_deref()
            .unwrap()
            .starts_with("Aircraft Swap"),
        "{:?}",
        runs[0].decision
    );
    let sessions = store.sessions(&SessionFilter::default()).unwrap();
    assert_eq!(sessions.len(), 2);
    let staging = sessions
        .iter()
        .find(|s| s.environment == "staging")
        .unwrap();
    assert_eq!(staging.runs, 2);
    assert_eq!(staging.server_session_id.as_deref(), Some(SESSION));
    assert_eq!(staging.title, "Flight EY283 delayed 2 hours due to weather");
}

/// (filter, environments of the sessions listed)
#[test]
fn filters_narrow_the_list() {
    let mut store = Store::open_in_memory().unwrap();
    store_run(
        &mut store,
        "a",
        "staging",
        None,
        "Flight EY283 delayed two hours",
        0,
        RunStatus::Complete,
    );
    store_run(
        &mut store,
        "b",
        "prod",
        None,
        "Flight EY17 crew out of hours",
        1,
        RunStatus::Failed,
    );
    let table: &[(SessionFilter, &[&str])] = &[
        (SessionFilter::default(), &["prod", "staging"]),
        (
            SessionFilter {
                environment: Some("staging".into()),
                ..SessionFilter::default()
            },
            &["staging"],
        ),
        (
            SessionFilter {
                outcome: Some(RunStatus::Failed),
                ..SessionFilter::default()
            },
            &["prod"],
        ),
        (
            SessionFilter {
                from_ms: Some(1_764_000_066_000),
                ..SessionFilter::default()
            },
            &[],
        ),
        (
            SessionFilter {
                to_ms: Some(1_763_999_999_999),
                ..SessionFilter::default()
            },
            &[],
        ),
        (
            SessionFilter {
                limit: Some(1),
                ..SessionFilter::default()
            },
            &["prod"],
        ),
    ];
    for (filter, expected) in table {
        let mut got: Vec<String> = store
            .sessions(filter)
            .unwrap()
            .into_iter()
            .map(|s| s.environment)
            .collect();
        if filter.limit.is_none() {
            got.sort();
        }
        assert_eq!(got, *expected, "{filter:?}");
    }
}

#[test]
fn search_finds_flight_and_tail_numbers_and_never_fails_on_syntax() {
    let mut store = Store::open_in_memory().unwrap();
    store_run(
        &mut store,
        "a",
        "staging",
        None,
        "Flight EY283 delayed 2 hours due to weather",
        0,
        RunStatus::Complete,
    );
    store_run(
        &mut store,
        "b",
        "staging",
        None,
        "Crew sickness on the morning wave",
        3,
        RunStatus::Complete,
    );
    // (query, uids found, in order)
    let table: &[(&str, &[&str])] = &[
        ("EY283", &["a"]),
        ("ey283", &["a"]),
        ("A6-BNC", &["a"]),
        ("aircraft swap", &["a"]),
        ("crew sickness", &["b"]),
        ("A6-ETQ", &["b"]),
        ("nothing-like-this", &[]),
        ("\"", &[]),
        ("-", &[]),
        ("*", &[]),
        ("AND", &["b", "a"]), // the word "and", not the operator
        ("NEAR(", &[]),
        ("prompt:EY283", &[]),
        ("\"EY283", &["a"]), // a stray quote is punctuation
        ("   ", &[]),
    ];
    for (query, expected) in table {
        let hits = store
            .search(query, &SessionFilter::default())
            .unwrap_or_else(|e| panic!("{query:?}: {e}"));
        let uids: Vec<&str> = hits.iter().map(|h| h.run.uid.as_str()).collect();
        assert_eq!(uids, *expected, "{query:?}");
    }
    let hit = &store.search("EY283", &SessionFilter::default()).unwrap()[0];
    assert!(hit.snippet.contains("[EY283]"), "{}", hit.snippet);
}

#[test]
fn a_reopened_store_marks_streaming_runs_interrupted_and_keeps_their_events() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("history.sqlite3");
    let mut store = Store::open(&path).unwrap();
    let key = store
        .begin_run(&NewRun {
            uid: "cut",
            environment: "staging",
            server_session_id: None,
            prompt: "Flight EY283 delayed",
            started_ms: 1,
        })
        .unwrap();
    store
        .append_event(key, &events(FIXTURES[0], SESSION)[0])
        .unwrap();
    drop(store);
    let store = Store::open(&path).unwrap();
    let run = store.run("cut").unwrap();
    assert_eq!(run.status, RunStatus::Interrupted);
    assert!(
        run.error_message
            .unwrap()
            .contains("everything received until then is kept")
    );
    assert_eq!(store.events(key.run).unwrap().len(), 1);
    let session = &store.sessions(&SessionFilter::default()).unwrap()[0];
    assert_eq!(
        session.server_session_id.as_deref(),
        Some(SESSION),
        "the session can still be continued"
    );
}

#[test]
fn deleting_and_retention_remove_sessions_with_everything_in_them() {
    let mut store = Store::open_in_memory().unwrap();
    let a = store_run(
        &mut store,
        "a",
        "staging",
        None,
        "Flight EY283 delayed",
        0,
        RunStatus::Complete,
    );
    store_run(
        &mut store,
        "b",
        "prod",
        None,
        "Flight EY17 delayed",
        3,
        RunStatus::Complete,
    );
    store.delete_session(a.session).unwrap();
    assert!(store.events(a.run).unwrap().is_empty());
    assert!(
        store
            .search("EY283", &SessionFilter::default())
            .unwrap()
            .is_empty()
    );
    assert!(
        store
            .delete_session(a.session)
            .unwrap_err()
            .to_string()
            .contains("no session")
    );
    assert_eq!(store.apply_retention(1_764_000_065_001).unwrap(), 1);
    assert!(
        store
            .sessions(&SessionFilter::default())
            .unwrap()
            .is_empty()
    );
    assert_eq!(store.integrity_check().unwrap(), "ok");
}

#[test]
fn a_file_from_a_newer_console_is_refused_in_words() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("history.sqlite3");
    drop(Store::open(&path).unwrap());
    let conn = rusqlite::Connection::open(&path).unwrap();
    conn.pragma_update(None, "user_version", 99).unwrap();
    drop(conn);
    let error = Store::open(&path).unwrap_err().to_string();
    assert!(error.contains("newer version of the console"), "{error}");
}

#[test]
fn a_reader_beside_a_running_console_leaves_its_streaming_run_alone() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("history.sqlite3");
    let mut console = Store::open(&path).unwrap();
    console
        .begin_run(&NewRun {
            uid: "live",
            environment: "staging",
            server_session_id: None,
            prompt: "Flight EY283 delayed",
            started_ms: 1,
        })
        .unwrap();
    // The CLI or a diagnostics bundle reads while the run streams on.
    let reader = Store::open_beside(&path).unwrap();
    assert_eq!(reader.run("live").unwrap().status, RunStatus::Streaming);
    drop(reader);
    assert_eq!(console.run("live").unwrap().status, RunStatus::Streaming);
}
