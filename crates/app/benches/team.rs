//! Team store figures on a throwaway PostgreSQL cluster (`cargo bench -p
//! skymarshal-app --bench team`; `TEAM_RUNS` changes the backlog's 10,000
//! runs). Prints `name value unit` lines; progress goes to stderr.
//!
//! - From an event committed on one desk to the other desk's history
//!   holding it, both consoles running their background sync: desk A
//!   commits through [`Console::record_run`] and [`Recorder::record`], the
//!   path every run takes, which wakes the sync as a run does; the clock
//!   starts when `record` returns (the event is on disk) and stops when a
//!   reader of B's file, polling every millisecond, finds it. The poll adds
//!   up to about 1.1 ms to each sample.
//! - A backlog of 10,000 runs built as the history benchmark builds them
//!   (the four fixture responses, through the store's own calls, so the
//!   outbox is filled by the same triggers as on a console), uploaded by one
//!   `team_sync_now`. The file is filled on /dev/shm, where fsync costs
//!   nothing, and copied to disk before the console opens it: the fill is
//!   not a figure, the upload from a file on disk is.
//! - A second desk pulling those runs, in a process of its own so that its
//!   memory is the desk's alone; then the history search for a flight
//!   number on the pulled runs, beside the same search on the uploading
//!   desk's own runs.

#![allow(
    clippy::print_stdout,
    clippy::print_stderr,
    clippy::semicolon_if_nothing_returned
)]

use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant, SystemTime};

use skymarshal_app::{Console, Recorder, SimulatorSettings};
use skymarshal_core::{Origin, Outcome, ReceivedEvent, ServerEvent, Update};
use skymarshal_envs::{Catalog, Source};
use skymarshal_pgtest::{Cluster, SUPERUSER_PASSWORD, TRUSTED_GROUP};
use skymarshal_sim::Pacing;
use skymarshal_store::{EventRecord, NewRun, RunEnd, RunStatus, SessionFilter, Store};

const FIXTURES: [&str; 4] = [
    include_str!("../../sim/fixtures/responses/solution_1.json"),
    include_str!("../../sim/fixtures/responses/solution_2.json"),
    include_str!("../../sim/fixtures/responses/solution_3.json"),
    include_str!("../../sim/fixtures/responses/solution_4.json"),
];
/// Set in the pulling desk's process: the team store's URL, a newline,
/// the history file.
const PULL_DESK: &str = "SKYMARSHAL_TEAM_BENCH_PULL_DESK";
/// Runs of three events each on desk A: 150 samples.
const LATENCY_RUNS: usize = 50;
const POLL: Duration = Duration::from_millis(1);
/// Far beyond any sample; a pass takes milliseconds.
const GIVE_UP: Duration = Duration::from_secs(60);
const SEARCH_ROUNDS: usize = 50;

fn main() {
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .expect("a Tokio runtime");
    match std::env::var(PULL_DESK) {
        Ok(spec) => runtime.block_on(pull_desk(&spec)),
        Err(_) => runtime.block_on(bench()),
    }
}

async fn bench() {
    let runs: usize = std::env::var("TEAM_RUNS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(10_000);
    let cluster = tokio::task::spawn_blocking(|| Cluster::start().expect("a PostgreSQL cluster"))
        .await
        .unwrap();
    cluster.psql(&format!("CREATE ROLE desk LOGIN IN ROLE {TRUSTED_GROUP}"));
    let dir = tempfile::tempdir().unwrap();

    eprintln!("== two desks: an event committed on one, found on the other");
    let url = team_database(&cluster, "latency", dir.path()).await;
    let mut samples = latency(&url, dir.path()).await;
    println!(
        "team_event_to_other_desk_p50 {:.1} ms",
        percentile(&mut samples, 0.5)
    );
    println!(
        "team_event_to_other_desk_p95 {:.1} ms",
        percentile(&mut samples, 0.95)
    );
    println!("team_event_to_other_desk_samples {} events", samples.len());

    eprintln!("== a backlog of {runs} runs, uploaded");
    let url = team_database(&cluster, "backlog", dir.path()).await;
    let own = dir.path().join("own.sqlite");
    tokio::task::spawn_blocking({
        let own = own.clone();
        move || fill_on_shm(&own, runs)
    })
    .await
    .unwrap();
    let desk = desk_console(&url, "OCC-3", &own).await;
    let started = Instant::now();
    let report = desk.team_sync_now().await.expect("the backlog uploaded");
    let upload = started.elapsed();
    assert_eq!((report.waiting, report.pulled), (0, 0), "{report:?}");
    drop(desk);
    println!("team_backlog_runs {runs} runs");
    println!("team_upload_10000_runs {:.1} s", upload.as_secs_f64());
    println!(
        "team_upload_records_per_s {:.0} records/s",
        report.uploaded as f64 / upload.as_secs_f64()
    );

    eprintln!("== another desk pulls them, in a process of its own");
    let pulled = dir.path().join("pulled.sqlite");
    let status = std::process::Command::new(std::env::current_exe().unwrap())
        .env(PULL_DESK, format!("{url}\n{}", pulled.display()))
        .stdin(std::process::Stdio::null())
        .status()
        .expect("the pulling desk's process");
    assert!(status.success(), "the pulling desk failed: {status}");

    let (mut own_search, mut pulled_search) = searches(&own, &pulled);
    println!(
        "history_search_own_10000_median {:.2} ms",
        percentile(&mut own_search, 0.5)
    );
    println!(
        "history_search_own_10000_p95 {:.2} ms",
        percentile(&mut own_search, 0.95)
    );
    println!(
        "team_pulled_10000_runs_search_median {:.2} ms",
        percentile(&mut pulled_search, 0.5)
    );
    println!(
        "team_pulled_10000_runs_search_p95 {:.2} ms",
        percentile(&mut pulled_search, 0.95)
    );
    println!(
        "history_own_10000_bytes {:.0} MB",
        megabytes(file_bytes(&own))
    );
    drop(cluster);
}

/// A database `name` with the team schema migrated and the desk role's
/// grants (`sql/desk_role.sql`: SELECT and INSERT); answers its URL.
async fn team_database(cluster: &Cluster, name: &str, dir: &Path) -> String {
    cluster.create_database(name);
    let url = format!("postgresql://127.0.0.1:{}/{name}", cluster.port());
    let admin = desk_console(&url, "OCC-ADMIN", &dir.join(format!("admin-{name}.sqlite"))).await;
    admin
        .team_migrate(Some("postgres".into()), Some(SUPERUSER_PASSWORD.into()))
        .await
        .expect("migrate");
    for statement in [
        "REVOKE ALL ON SCHEMA public FROM PUBLIC",
        "GRANT USAGE ON SCHEMA public TO desk",
        "GRANT SELECT, INSERT ON team_record TO desk",
        "GRANT SELECT ON refinery_schema_history TO desk",
    ] {
        cluster.psql_in(name, statement);
    }
    url
}

/// A console at `desk`, its history at `history`, on the team store at `url`
/// as the desk role (trusted on 127.0.0.1: no keyring here).
async fn desk_console(url: &str, desk: &str, history: &Path) -> Console {
    let mut catalog = Catalog::default();
    let file =
        format!("[team]\nurl = \"{url}\"\nrole = \"desk\"\ntls = \"disable\"\ndesk = \"{desk}\"\n");
    catalog.add_text(Path::new("environments.toml"), &file, Source::User);
    assert!(catalog.diagnostics.is_empty(), "{:?}", catalog.diagnostics);
    Console::open(
        SimulatorSettings {
            pacing: Pacing::instant(),
            force_delay: None,
        },
        catalog,
    )
    .await
    .unwrap()
    .with_history(history)
}

/// What a poll of the other desk's file waits for.
#[derive(Clone, Copy)]
enum Until {
    Run,
    Event(i64),
    End,
}

/// Desk A commits `LATENCY_RUNS` runs; answers each event's time to desk B.
/// Each event is committed once B holds everything before it, so a sample
/// is one event's journey, not a queue's.
async fn latency(url: &str, dir: &Path) -> Vec<Duration> {
    let (a_file, b_file) = (dir.join("occ1.sqlite"), dir.join("occ2.sqlite"));
    let a = desk_console(url, "OCC-1", &a_file).await;
    let b = desk_console(url, "OCC-2", &b_file).await;
    a.start_team_sync();
    b.start_team_sync();
    let deadline = Instant::now() + GIVE_UP;
    while !(a.team_status().await.reachable && b.team_status().await.reachable) {
        assert!(
            Instant::now() < deadline,
            "the desks never reached the team store"
        );
        tokio::time::sleep(Duration::from_millis(10)).await;
    }
    let b_reader = Arc::new(Mutex::new(Store::open_beside(&b_file).unwrap()));
    let mut samples = Vec::with_capacity(LATENCY_RUNS * 3);
    for i in 0..LATENCY_RUNS {
        let prompt = format!("Flight EY283 disruption number {i} at AUH, crew affected");
        let recorder = a
            .record_run("training-simulator", None, &prompt)
            .await
            .unwrap();
        let uid = recorder.run_uid().to_owned();
        found(&b_reader, &uid, Until::Run).await;
        for (position, data) in run_events(i).into_iter().enumerate() {
            let update = Update::Event(received(position as u64, data));
            recorder.record(&update).await.unwrap();
            let committed = Instant::now();
            let there = found(&b_reader, &uid, Until::Event(position as i64)).await;
            samples.push(there - committed);
        }
        finish(&recorder, i).await;
        found(&b_reader, &uid, Until::End).await;
    }
    samples
}

/// Polls the other desk's file every [`POLL`] until it holds `until` of run
/// `uid`; answers when it first did.
async fn found(reader: &Arc<Mutex<Store>>, uid: &str, until: Until) -> Instant {
    let reader = Arc::clone(reader);
    let uid = uid.to_owned();
    tokio::task::spawn_blocking(move || {
        let store = reader.lock().unwrap();
        let started = Instant::now();
        loop {
            let there = store.run(&uid).is_ok_and(|run| match until {
                Until::Run => true,
                Until::Event(position) => store
                    .events(run.id)
                    .is_ok_and(|events| events.iter().any(|e| e.position == position)),
                Until::End => run.status != RunStatus::Streaming,
            });
            if there {
                return Instant::now();
            }
            assert!(started.elapsed() < GIVE_UP, "run {uid} never arrived");
            std::thread::sleep(POLL);
        }
    })
    .await
    .unwrap()
}

/// The three events of run `i`, as the simulator sends them: metadata, one
/// chunk carrying a fixture response, complete.
fn run_events(i: usize) -> [String; 3] {
    [
        format!(
            r#"{{"type":"metadata","request_id":"req-{i}","session_id":"00000000-0000-4000-8000-{i:012}","timestamp":1764000000.5}}"#
        ),
        format!(r#"{{"type":"chunk","data":{}}}"#, FIXTURES[i % 4]),
        r#"{"type":"complete","execution_time_ms":65000,"chunk_count":1}"#.to_owned(),
    ]
}

fn received(seq: u64, data: String) -> ReceivedEvent {
    ReceivedEvent {
        seq,
        received_at: SystemTime::now(),
        origin: Origin::Stream,
        sse_event: "message".into(),
        event: ServerEvent::decode(&data),
        data,
        sse_id: String::new(),
    }
}

async fn finish(recorder: &Recorder, i: usize) {
    let outcome = Outcome {
        result: Ok(()),
        request_id: Some(format!("req-{i}")),
        session_id: Some(format!("00000000-0000-4000-8000-{i:012}")),
        chunks: 1,
        events: 3,
        warnings: 0,
        execution_time_ms: Some(65_000),
        timings: Default::default(),
    };
    recorder.record(&Update::Finished(outcome)).await.unwrap();
}

/// Builds the backlog where fsync is free, then puts it at `path`.
fn fill_on_shm(path: &Path, runs: usize) {
    let shm = Path::new("/dev/shm");
    let scratch = if shm.is_dir() {
        tempfile::tempdir_in(shm)
    } else {
        tempfile::tempdir()
    }
    .unwrap();
    let built = scratch.path().join("backlog.sqlite");
    let started = Instant::now();
    fill(&built, runs);
    std::fs::copy(&built, path).unwrap();
    eprintln!("backlog built in {:.1} s", started.elapsed().as_secs_f64());
}

/// `runs` runs as the history benchmark makes them, one commit per event as
/// a console commits them.
fn fill(path: &Path, runs: usize) {
    let mut store = Store::open(path).unwrap();
    for i in 0..runs {
        let flight = if i % 4 < 2 { "EY283" } else { "EY17" };
        let prompt =
            format!("Flight {flight} disruption number {i} at AUH, crew and aircraft affected");
        let started_ms = 1_764_000_000_000 + i as i64 * 60_000;
        let key = store
            .begin_run(&NewRun {
                uid: &format!("run-{i}"),
                environment: if i % 3 == 0 { "prod" } else { "staging" },
                server_session_id: None,
                prompt: &prompt,
                started_ms,
            })
            .unwrap();
        for (position, data) in run_events(i).into_iter().enumerate() {
            let event = EventRecord {
                position: position as i64,
                received_ms: started_ms + position as i64,
                origin: "stream".into(),
                kind: ["metadata", "chunk", "complete"][position].into(),
                sse_event: "message".into(),
                sse_id: String::new(),
                data,
            };
            store.append_event(key, &event).unwrap();
        }
        store
            .finish_run(
                key,
                &RunEnd {
                    status: Some(RunStatus::Complete),
                    ended_ms: started_ms + 65_000,
                    ..RunEnd::default()
                },
            )
            .unwrap();
    }
    // Closing checkpoints the WAL into the file, so the copy is whole.
    drop(store);
}

/// The pulling desk's process: a console that pulls everything with one
/// `team_sync_now`; prints the time and its memory before and after (the
/// peak, VmHWM, is the pull's: the process was at its "before" until then).
async fn pull_desk(spec: &str) {
    let (url, history) = spec.split_once('\n').expect("url\\nhistory");
    let history = PathBuf::from(history);
    let desk = desk_console(url, "OCC-4", &history).await;
    let before = status_mb("VmRSS");
    let started = Instant::now();
    let report = desk.team_sync_now().await.expect("pulled");
    let pull = started.elapsed();
    let after = status_mb("VmRSS");
    println!("team_pull_10000_runs {:.1} s", pull.as_secs_f64());
    println!(
        "team_pull_records_per_s {:.0} records/s",
        report.pulled as f64 / pull.as_secs_f64()
    );
    println!("team_desk_rss_before_pull {before:.0} MB");
    println!("team_desk_rss_after_pull {after:.0} MB");
    println!("team_desk_rss_peak_pull {:.0} MB", status_mb("VmHWM"));
    println!(
        "team_pulled_history_bytes {:.0} MB",
        megabytes(file_bytes(&history))
    );
    drop(desk);
}

/// A `/proc/self/status` figure (kB there) in MB.
fn status_mb(key: &str) -> f64 {
    let status = std::fs::read_to_string("/proc/self/status").unwrap();
    let line = status
        .lines()
        .find_map(|line| line.strip_prefix(key)?.strip_prefix(':'))
        .unwrap_or_else(|| panic!("no {key} in /proc/self/status"));
    let kb: f64 = line.trim().trim_end_matches("kB").trim().parse().unwrap();
    kb / 1024.0
}

/// The flight number search on both files, alternating, as the history
/// benchmark measures it.
fn searches(own: &Path, pulled: &Path) -> (Vec<Duration>, Vec<Duration>) {
    let own = Store::open_beside(own).unwrap();
    let pulled = Store::open_beside(pulled).unwrap();
    let all = SessionFilter::default();
    let (here, there) = (
        own.search("EY283", &all).unwrap(),
        pulled.search("EY283", &all).unwrap(),
    );
    assert_eq!(
        here.len(),
        there.len(),
        "the pulled runs search differently"
    );
    assert!(
        there
            .iter()
            .all(|hit| hit.run.desk.as_deref() == Some("OCC-3"))
    );
    let mut times = (Vec::new(), Vec::new());
    for _ in 0..SEARCH_ROUNDS {
        for (store, into) in [(&own, &mut times.0), (&pulled, &mut times.1)] {
            let started = Instant::now();
            drop(store.search("EY283", &all).unwrap());
            into.push(started.elapsed());
        }
    }
    times
}

/// The history file and its WAL, as the history benchmark counts them.
fn file_bytes(path: &Path) -> u64 {
    ["", "-wal"]
        .iter()
        .filter_map(|suffix| std::fs::metadata(format!("{}{suffix}", path.display())).ok())
        .map(|m| m.len())
        .sum()
}

fn megabytes(bytes: u64) -> f64 {
    bytes as f64 / 1_048_576.0
}

fn percentile(samples: &mut [Duration], p: f64) -> f64 {
    samples.sort();
    let index = ((samples.len() as f64 - 1.0) * p).round() as usize;
    samples[index].as_secs_f64() * 1000.0
}
