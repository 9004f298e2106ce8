use rusqlite::{Connection, params};

use super::{PLAIN, ZSTD, encode};
use crate::{EventRecord, NewRun, Store};

pub(super) const FIXTURES: [&str; 4] = [
    include_str!("../../../sim/fixtures/responses/solution_1.json"),
    include_str!("../../../sim/fixtures/responses/solution_2.json"),
    include_str!("../../../sim/fixtures/responses/solution_3.json"),
    include_str!("../../../sim/fixtures/responses/solution_4.json"),
];
const FIELD: [&str; 4] = [
    include_str!("../../../core/tests/data/field/01-nan-literal-in-chunk/response.http"),
    include_str!("../../../core/tests/data/field/04-foreign-json-200/response.http"),
    include_str!("../../../core/tests/data/field/05-json-error-body-in-event-stream/response.http"),
    include_str!("../../../core/tests/data/field/08-cloudfront-waf-403/response.http"),
];

/// Every text the history must hand back byte for byte: the fixtures
/// bare and as their chunk event, each field case's `data:` lines, and
/// odd text, with the codec each is expected to be kept with.
fn table() -> Vec<(String, i64)> {
    let mut table = Vec::new();
    for fixture in FIXTURES {
        table.push((fixture.to_owned(), ZSTD));
        table.push((format!(r#"{{"type":"chunk","data":{fixture}}}"#), ZSTD));
    }
    for case in FIELD {
        for line in case.lines().filter_map(|l| l.strip_prefix("data: ")) {
            let codec = if line.len() < 256 { PLAIN } else { ZSTD };
            table.push((line.to_owned(), codec));
        }
    }
    let repeated = |text: &str, n: usize| text.repeat(n);
    table.extend([
        (String::new(), PLAIN),
        ("NaN".to_owned(), PLAIN),
        (
            r#"{"composite_score": NaN, "x": -Infinity}"#.to_owned(),
            PLAIN,
        ),
        // A lone surrogate as the server escapes it, and as the lenient
        // reader's replacement; neither may be "repaired" on the way.
        (repeated(r#"{"title":"\ud800 EY283 \udfff"}"#, 20), ZSTD),
        (repeated("A6-BNC \u{fffd} \u{0} \r\n ✈️ ", 40), ZSTD),
        (repeated("x", 255), PLAIN),
        (repeated("x", 256), ZSTD),
        (repeated(" ", 32 << 20), ZSTD),
        (noise(4096), PLAIN),
    ]);
    table
}

/// Text zstd cannot shrink by an eighth: every ASCII byte, control
/// characters and NUL too, from a fixed xorshift (7 bits of 8 each).
fn noise(len: usize) -> String {
    let mut seed: u64 = 0x9e37_79b9_7f4a_7c15;
    (0..len)
        .map(|_| {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            char::from((seed % 128) as u8)
        })
        .collect()
}

fn event(position: i64, data: &str) -> EventRecord {
    EventRecord {
        position,
        received_ms: 1_764_000_000_000 + position,
        origin: "stream".into(),
        kind: "chunk".into(),
        sse_event: "message".into(),
        sse_id: String::new(),
        data: data.to_owned(),
    }
}

#[test]
fn every_text_comes_back_exactly_from_the_store_its_export_and_the_outbox() {
    let table = table();
    let mut store = Store::open_in_memory().unwrap();
    store.set_operator(Some("Dana Okafor")).unwrap();
    let key = store
        .begin_run(&NewRun {
            uid: "run-1",
            environment: "prod",
            server_session_id: None,
            prompt: "EY283 tech at BKK",
            started_ms: 1_764_000_000_000,
        })
        .unwrap();
    for (position, (data, _)) in table.iter().enumerate() {
        store
            .append_event(key, &event(position as i64, data))
            .unwrap();
    }
    let kept: Vec<(i64, String, bool)> = {
        let mut statement = store
            .conn
            .prepare("SELECT codec, data, data_z IS NOT NULL FROM events ORDER BY position")
            .unwrap();
        let rows = statement.query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)));
        rows.unwrap().collect::<Result<_, _>>().unwrap()
    };
    for ((data, codec), (kept_codec, text, framed)) in table.iter().zip(&kept) {
        let what: String = data.chars().take(40).collect();
        assert_eq!(kept_codec, codec, "{what:?}");
        let expected = if *codec == ZSTD { "" } else { data.as_str() };
        assert!(text == expected && *framed == (*codec == ZSTD), "{what:?}");
    }

    let events = store.events(key.run).unwrap();
    let exported = store.export_run("run-1").unwrap();
    assert_eq!(exported.runs[0].events, events);
    let bodies = store.outbox_sealed(usize::MAX).unwrap();
    let bodies: Vec<_> = bodies.iter().filter(|b| b.kind == "event").collect();
    assert_eq!((events.len(), bodies.len()), (table.len(), table.len()));
    for (((data, _), event), body) in table.iter().zip(&events).zip(bodies) {
        let what: String = data.chars().take(40).collect();
        assert!(event.data == *data, "{what:?}: the store changed it");
        let body: serde_json::Value = serde_json::from_str(&body.body).unwrap();
        assert!(
            body["data"] == *data.as_str(),
            "{what:?}: the outbox changed it"
        );
    }
    // The search indexed the text (the last decision, field case 01), not the frame.
    let hits = store
        .search("standby A350", &crate::SessionFilter::default())
        .unwrap();
    assert_eq!(hits.len(), 1);
}

#[test]
fn a_fixture_is_kept_in_a_fraction_of_its_bytes() {
    for fixture in FIXTURES {
        let stored = encode(fixture);
        let frame = stored.frame.unwrap().len();
        assert!(frame * 5 < fixture.len(), "{frame} of {}", fixture.len());
    }
}

#[test]
fn an_unknown_codec_is_refused_in_words() {
    let mut store = Store::open_in_memory().unwrap();
    let key = store
        .begin_run(&NewRun {
            uid: "run-1",
            environment: "prod",
            server_session_id: None,
            prompt: "EY283",
            started_ms: 0,
        })
        .unwrap();
    store.append_event(key, &event(0, "{}")).unwrap();
    store.append_event(key, &event(1, FIXTURES[0])).unwrap();
    store
        .conn
        .execute("UPDATE events SET codec = 9 WHERE position = 0", [])
        .unwrap();
    let error = store.events(key.run).unwrap_err().to_string();
    assert!(
        error.contains("(9) this console does not know. Update the console"),
        "{error}"
    );
    store
        .conn
        .execute("UPDATE events SET codec = 0 WHERE position = 0;", [])
        .unwrap();
    store
        .conn
        .execute(
            "UPDATE events SET data_z = substr(data_z, 1, 100) WHERE position = 1",
            [],
        )
        .unwrap();
    let error = store.events(key.run).unwrap_err().to_string();
    assert!(error.contains("could not be decompressed"), "{error}");
}

#[test]
fn a_version_4_file_is_compressed_in_place_and_its_outbox_still_seals() {
    let conn = Connection::open_in_memory().unwrap();
    for sql in &crate::schema::MIGRATIONS[..4] {
        conn.execute_batch(sql).unwrap();
    }
    conn.execute_batch(
        "PRAGMA user_version = 4;
         INSERT INTO settings VALUES ('operator', 'Dana Okafor');
         INSERT INTO sessions (id, environment, title, first_activity_ms, last_activity_ms)
             VALUES (1, 'prod', 'EY283', 0, 0);
         INSERT INTO runs (id, uid, session_id, prompt, status, started_ms)
             VALUES (1, 'run-1', 1, 'EY283', 'complete', 0),
                    (2, 'run-2', 1, 'EY17', 'complete', 0);",
    )
    .unwrap();
    let table = table();
    let texts: Vec<&str> = table
        .iter()
        .map(|(data, _)| data.as_str())
        .filter(|d| d.len() < 1 << 20)
        .collect();
    for (position, data) in texts.iter().enumerate() {
        for run in [1, 2] {
            conn.execute(
                "INSERT INTO events VALUES (?1, ?2, 0, 'stream', 'chunk', 'message', '', ?3)",
                params![run, position as i64, data],
            )
            .unwrap();
        }
    }
    let store = Store::prepare(conn).unwrap();
    assert_eq!(store.schema_version().unwrap(), 5);
    let (plain, compressed): (i64, i64) = store
        .conn
        .query_row(
            "SELECT sum(codec = 0), sum(codec = 1 AND data = '' AND data_z IS NOT NULL)
             FROM events",
            [],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .unwrap();
    let expected = table
        .iter()
        .filter(|(d, c)| *c == ZSTD && d.len() < 1 << 20)
        .count();
    assert_eq!(compressed, 2 * expected as i64);
    assert_eq!(plain + compressed, 2 * texts.len() as i64);
    let mut store = store;
    for run in [1, 2] {
        let back: Vec<String> = store
            .events(run)
            .unwrap()
            .into_iter()
            .map(|e| e.data)
            .collect();
        assert!(back == texts, "run {run} changed");
    }
    // The outbox's references from version 4 still find their events.
    let sealed = store.outbox_sealed(usize::MAX).unwrap();
    let first = sealed.iter().find(|e| e.uid == "run-1/0").unwrap();
    let body: serde_json::Value = serde_json::from_str(&first.body).unwrap();
    assert_eq!(body["data"], texts[0]);
}
