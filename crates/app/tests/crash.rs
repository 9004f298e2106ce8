//! The history survives `kill -9`. A child process (this test binary,
//! re-run in child mode) runs analyses against the simulator and prints
//! each event the moment the window would have seen it; the parent kills
//! it at random moments, over many rounds, then reopens the database:
//! every reported event must be there, the file must pass
//! `PRAGMA integrity_check`, and no run may be left `streaming`.

use std::io::{BufRead as _, BufReader, Write as _};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use skymarshal_app::{Console, RunBody, SimulatorSettings, StartRequest};
use skymarshal_sim::Pacing;
use skymarshal_store::{RunStatus, SessionFilter, Store};

const CHILD: &str = "SKYMARSHAL_CRASH_CHILD_DB";
const ROUNDS: usize = 12;

/// Child mode: analyses back to back, each event printed once the
/// console has handed it on. Does nothing unless the parent asked for it.
#[tokio::test]
async fn child_process() {
    let Some(path) = std::env::var_os(CHILD) else {
        return;
    };
    let console = Console::with_training_simulator(SimulatorSettings {
        pacing: Pacing {
            delay: Duration::from_millis(20),
            gap: Duration::from_millis(10),
            chunks: 8,
            ..Pacing::instant()
        },
        force_delay: None,
    })
    .await
    .unwrap()
    .with_history(std::path::Path::new(&path));
    assert_eq!(console.history_problem(), None);
    loop {
        let (tx, mut rx) = tokio::sync::mpsc::unbounded_channel();
        console
            .start(
                StartRequest {
                    environment_id: "training-simulator".into(),
                    prompt: "Flight EY283 delayed 2 hours due to weather at AUH".into(),
                    session_id: None,
                    scenario: Some("multi-chunk".into()),
                },
                move |message| {
                    if let RunBody::Event { position, .. } = &message.body {
                        let mut out = std::io::stdout().lock();
                        let _ = writeln!(out, "handed {} {position}", message.run_id);
                        let _ = out.flush();
                    }
                    let done = matches!(message.body, RunBody::Finished { .. });
                    let _ = tx.send(done);
                },
            )
            .await
            .unwrap();
        while let Some(done) = rx.recv().await {
            if done {
                break;
            }
        }
    }
}

#[test]
fn every_event_handed_on_survives_kill_9() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("history.sqlite3");
    let mut reported: Vec<(String, i64)> = Vec::new();
    let mut seed: u64 = 0x5eed_1234_abcd_0001;
    for round in 0..ROUNDS {
        let mut child = Command::new(std::env::current_exe().unwrap())
            .args([
                "child_process",
                "--exact",
                "--nocapture",
                "--test-threads=1",
            ])
            .env(CHILD, &path)
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        let stdout = child.stdout.take().unwrap();
        let reader = std::thread::spawn(move || {
            BufReader::new(stdout)
                .lines()
                .map_while(Result::ok)
                .filter_map(|line| {
                    let mut parts = line.strip_prefix("handed ")?.split(' ');
                    Some((parts.next()?.to_owned(), parts.next()?.parse().ok()?))
                })
                .collect::<Vec<(String, i64)>>()
        });
        // xorshift: random moments, the same ones every run of the test.
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        let wait = Duration::from_millis(150 + seed % 600);
        let started = Instant::now();
        std::thread::sleep(wait);
        child.kill().unwrap();
        child.wait().unwrap();
        let lines = reader.join().unwrap();
        assert!(
            !lines.is_empty() || started.elapsed() < Duration::from_millis(400),
            "round {round}: the child reported nothing in {wait:?}"
        );
        reported.extend(lines);

        let store = Store::open(&path).unwrap();
        assert_eq!(store.integrity_check().unwrap(), "ok", "round {round}");
        for (uid, position) in &reported {
            let run = store
                .run(uid)
                .unwrap_or_else(|e| panic!("round {round}: {e}"));
            let positions: Vec<i64> = store
                .events(run.id)
                .unwrap()
                .iter()
                .map(|e| e.position)
                .collect();
            assert!(
                positions.contains(position),
                "round {round}: event {position} of {uid} was handed on but is not in the history"
            );
        }
    }
    let store = Store::open(&path).unwrap();
    let sessions = store
        .sessions(&SessionFilter {
            limit: Some(10_000),
            ..SessionFilter::default()
        })
        .unwrap();
    let runs: Vec<_> = sessions
        .iter()
        .flat_map(|s| store.runs(s.id).unwrap())
        .collect();
    assert!(
        runs.iter().all(|r| r.status != RunStatus::Streaming),
        "a reopened store leaves nothing streaming"
    );
    assert!(
        runs.iter().any(|r| r.status == RunStatus::Interrupted),
        "some kill landed mid-run"
    );
    assert!(runs.iter().any(|r| r.status == RunStatus::Complete));
    assert!(
        reported.len() > ROUNDS * 5,
        "only {} events were reported",
        reported.len()
    );
}
