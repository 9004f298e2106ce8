//! Export and import: a session leaves as one JSON document and comes back
//! identical, searchable, without duplicates; anything that is not an
//! export is refused in words and changes nothing. Settings persist.

mod common;

use common::{FIXTURES, SESSION, event, store_run};
use skymarshal_store::{Error, RunStatus, SessionExport, SessionFilter, Store};

fn filled() -> (tempfile::TempDir, Store, i64) {
    let dir = tempfile::tempdir().unwrap();
    let mut store = Store::open(&dir.path().join("history.sqlite3")).unwrap();
    let first = store_run(
        &mut store,
        "run-1",
        "prod",
        None,
        "EY283 mechanical at BKK",
        0,
        RunStatus::Complete,
    );
    store_run(
        &mut store,
        "run-2",
        "prod",
        Some(SESSION),
        "What if the swap fails?",
        1,
        RunStatus::Failed,
    );
    (dir, store, first.session)
}

#[test]
fn export_import_export_is_lossless_and_searchable() {
    let (_dir, store, session) = filled();
    let exported = store.export_session(session).unwrap();
    assert_eq!(exported.runs.len(), 2);
    assert_eq!(
        exported.runs[0].events[1].data,
        format!(r#"{{"type":"chunk","data":{}}}"#, FIXTURES[0])
    );
    let text = serde_json::to_string_pretty(&exported).unwrap();

    let mut other = Store::open_in_memory().unwrap();
    let report = other.import(&SessionExport::parse(&text).unwrap()).unwrap();
    assert_eq!((report.added, report.skipped), (2, 0));
    let again = other.export_session(report.session).unwrap();
    assert_eq!(
        again, exported,
        "export, import, export gives the same document"
    );

    let hits = other.search("EY283", &SessionFilter::default()).unwrap();
    assert_eq!(hits.len(), 2, "an imported run is searchable");
    assert_eq!(other.run("run-2").unwrap().status, RunStatus::Failed);
    assert_eq!(
        other.run("run-1").unwrap().bytes_received,
        store.run("run-1").unwrap().bytes_received
    );

    // A second import adds nothing and keeps one session.
    let report = other.import(&exported).unwrap();
    assert_eq!((report.added, report.skipped), (0, 2));
    assert_eq!(other.sessions(&SessionFilter::default()).unwrap().len(), 1);
}

#[test]
fn a_run_exports_alone_in_its_session_frame() {
    let (_dir, store, _) = filled();
    let export = store.export_run("run-2").unwrap();
    assert_eq!(export.runs.len(), 1);
    assert_eq!(export.runs[0].uid, "run-2");
    assert_eq!(export.server_session_id.as_deref(), Some(SESSION));
    assert_eq!(export.environment, "prod");
}

#[test]
fn what_is_not_an_export_is_refused_in_words() {
    let (_dir, mut store, session) = filled();
    let good = serde_json::to_value(store.export_session(session).unwrap()).unwrap();
    let mut damaged = good.clone();
    damaged["runs"][0]["events"] = serde_json::json!("lost");
    let mut newer = good.clone();
    newer["version"] = serde_json::json!(3);
    let cases: &[(&str, String)] = &[
        ("not JSON", "{\"format\": ".to_owned()),
        (
            "not a SkyMarshal history export",
            r#"{"environments": []}"#.to_owned(),
        ),
        (
            "version 3, this console reads versions 1 to 2",
            newer.to_string(),
        ),
        ("damaged", damaged.to_string()),
    ];
    let before = store.sessions(&SessionFilter::default()).unwrap();
    for (expected, text) in cases {
        let error = SessionExport::parse(text).unwrap_err();
        assert!(error.to_string().contains(expected), "{expected}: {error}");
        assert!(matches!(error, Error::Import(_)), "{error:?}");
    }
    assert_eq!(store.sessions(&SessionFilter::default()).unwrap(), before);
    // A run whose events collide is refused whole: nothing half-imported.
    let mut clash: SessionExport = serde_json::from_value(good).unwrap();
    clash.server_session_id = Some("another".into());
    clash.runs[0].uid = "fresh".into();
    clash.runs[0].events.push(event(1, "chunk", "{}".into()));
    assert!(store.import(&clash).is_err());
    assert!(store.run("fresh").is_err());
    assert_eq!(store.sessions(&SessionFilter::default()).unwrap(), before);
}

#[test]
fn settings_persist_and_sessions_are_read_one_by_one() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("history.sqlite3");
    let session = {
        let mut store = Store::open(&path).unwrap();
        store.set_setting("retention_days", Some("90")).unwrap();
        store.set_setting("place", Some("{}")).unwrap();
        store.set_setting("place", None).unwrap();
        store_run(
            &mut store,
            "run-1",
            "dev",
            None,
            "EY1 late",
            2,
            RunStatus::Complete,
        )
        .session
    };
    let store = Store::open(&path).unwrap();
    assert_eq!(
        store.setting("retention_days").unwrap().as_deref(),
        Some("90")
    );
    assert_eq!(store.setting("place").unwrap(), None);
    let row = store.session(session).unwrap();
    assert_eq!((row.environment.as_str(), row.runs), ("dev", 1));
    assert!(matches!(
        store.session(999).unwrap_err(),
        Error::NotFound { .. }
    ));
    assert_eq!(store.schema_version().unwrap(), 5);
}
