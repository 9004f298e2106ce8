//! History figures on a store of 10,000 runs built from the four fixture
//! responses (`cargo bench -p skymarshal-store`; `HISTORY_RUNS` changes the
//! count). Prints `name value unit` lines: search latency (median and p95)
//! for a flight number and a phrase, listing the newest 100 sessions,
//! opening one run, committing one event, and bytes on disk per run
//! against the bytes received.

#![allow(clippy::print_stdout, clippy::semicolon_if_nothing_returned)]

use std::time::{Duration, Instant};

use skymarshal_store::{EventRecord, NewRun, RunEnd, RunStatus, SessionFilter, Store};

const FIXTURES: [&str; 4] = [
    include_str!("../../sim/fixtures/responses/solution_1.json"),
    include_str!("../../sim/fixtures/responses/solution_2.json"),
    include_str!("../../sim/fixtures/responses/solution_3.json"),
    include_str!("../../sim/fixtures/responses/solution_4.json"),
];

fn event(position: i64, kind: &str, data: String) -> EventRecord {
    EventRecord {
        position,
        received_ms: 1_764_000_000_000 + position,
        origin: "stream".into(),
        kind: kind.into(),
        sse_event: "message".into(),
        sse_id: String::new(),
        data,
    }
}

fn percentile(samples: &mut [Duration], p: f64) -> f64 {
    samples.sort();
    let index = ((samples.len() as f64 - 1.0) * p).round() as usize;
    samples[index].as_secs_f64() * 1000.0
}

fn time<F: FnMut()>(rounds: usize, mut f: F) -> Vec<Duration> {
    (0..rounds)
        .map(|_| {
            let started = Instant::now();
            f();
            started.elapsed()
        })
        .collect()
}

fn main() {
    let runs: usize = std::env::var("HISTORY_RUNS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(10_000);
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("history.sqlite3");
    let mut store = Store::open(&path).unwrap();
    let mut received = 0_u64;
    let mut commit = Vec::new();
    let filling = Instant::now();
    for i in 0..runs {
        let fixture = FIXTURES[i % 4];
        let flight = if i % 4 < 2 { "EY283" } else { "EY17" };
        let prompt =
            format!("Flight {flight} disruption number {i} at AUH, crew and aircraft affected");
        let key = store
            .begin_run(&NewRun {
                uid: &format!("run-{i}"),
                environment: if i % 3 == 0 { "prod" } else { "staging" },
                server_session_id: None,
                prompt: &prompt,
                started_ms: 1_764_000_000_000 + i as i64 * 60_000,
            })
            .unwrap();
        let events = [
            event(
                0,
                "metadata",
                format!(
                    r#"{{"type":"metadata","request_id":"req-{i}","session_id":"00000000-0000-4000-8000-{i:012}","timestamp":1764000000.5}}"#
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
                r#"{"type":"complete","execution_time_ms":65000,"chunk_count":1}"#.to_owned(),
            ),
        ];
        for e in &events {
            received += e.data.len() as u64;
            let started = Instant::now();
            store.append_event(key, e).unwrap();
            commit.push(started.elapsed());
        }
        store
            .finish_run(
                key,
                &RunEnd {
                    status: Some(RunStatus::Complete),
                    ended_ms: 1_764_000_065_000 + i as i64 * 60_000,
                    ..RunEnd::default()
                },
            )
            .unwrap();
    }
    let fill = filling.elapsed();
    let all = SessionFilter::default();
    let mut flight = time(50, || drop(store.search("EY283", &all).unwrap()));
    let mut phrase = time(50, || {
        drop(
            store
                .search("aircraft swap maintain schedule", &all)
                .unwrap(),
        )
    });
    let mut tail = time(50, || drop(store.search("A6-BNC", &all).unwrap()));
    let mut list = time(50, || {
        drop(
            store
                .sessions(&SessionFilter {
                    limit: Some(100),
                    ..all.clone()
                })
                .unwrap(),
        )
    });
    let mut open = time(50, || {
        let run = store.run(&format!("run-{}", runs / 2)).unwrap();
        drop(store.events(run.id).unwrap());
    });
    let disk: u64 = ["", "-wal"]
        .iter()
        .filter_map(|suffix| std::fs::metadata(format!("{}{suffix}", path.display())).ok())
        .map(|m| m.len())
        .sum();
    println!("history_runs {runs} runs");
    println!("history_fill_seconds {:.1} s", fill.as_secs_f64());
    println!(
        "history_commit_event_median {:.3} ms",
        percentile(&mut commit, 0.5)
    );
    println!(
        "history_commit_event_p95 {:.3} ms",
        percentile(&mut commit, 0.95)
    );
    println!(
        "history_search_flight_median {:.2} ms",
        percentile(&mut flight, 0.5)
    );
    println!(
        "history_search_flight_p95 {:.2} ms",
        percentile(&mut flight, 0.95)
    );
    println!(
        "history_search_phrase_median {:.2} ms",
        percentile(&mut phrase, 0.5)
    );
    println!(
        "history_search_phrase_p95 {:.2} ms",
        percentile(&mut phrase, 0.95)
    );
    println!(
        "history_search_tail_p95 {:.2} ms",
        percentile(&mut tail, 0.95)
    );
    println!(
        "history_list_100_sessions_p95 {:.2} ms",
        percentile(&mut list, 0.95)
    );
    println!("history_open_run_p95 {:.2} ms", percentile(&mut open, 0.95));
    println!("history_bytes_per_run {} bytes", disk / runs as u64);
    println!(
        "history_received_bytes_per_run {} bytes",
        received / runs as u64
    );
    println!(
        "history_disk_over_received {:.2} ratio",
        disk as f64 / received as f64
    );
}
