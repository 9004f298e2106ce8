//! Every event is in the history before the window hears of it: the sink
//! (the window's stand-in) looks each event up in the database, through a
//! connection of its own, the moment it receives it.

use std::sync::{Arc, Mutex};

use skymarshal_app::{Console, RunBody, SimulatorSettings, StartRequest};
use skymarshal_sim::Pacing;
use skymarshal_store::{RunStatus, Store};
use tokio::sync::mpsc;

const PROMPT: &str = "Flight EY283 delayed 2 hours due to weather at AUH";

#[tokio::test]
async fn each_event_is_committed_before_the_window_sees_it() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("history.sqlite3");
    let console = Console::with_training_simulator(SimulatorSettings {
        pacing: Pacing::instant(),
        force_delay: None,
    })
    .await
    .unwrap()
    .with_history(&path);
    assert_eq!(console.history_problem(), None);

    let reader = Arc::new(Mutex::new(rusqlite::Connection::open(&path).unwrap()));
    let (tx, mut rx) = mpsc::unbounded_channel();
    let seen = Arc::clone(&reader);
    let started = console
        .start(
            StartRequest {
                environment_id: "training-simulator".into(),
                prompt: PROMPT.into(),
                session_id: None,
                scenario: None,
            },
            move |message| {
                if let RunBody::Event { position, .. } = &message.body {
                    let stored: i64 = seen
                        .lock()
                        .unwrap()
                        .query_row(
                            "SELECT count(*) FROM events e JOIN runs r ON r.id = e.run_id
                             WHERE r.uid = ?1 AND e.position = ?2",
                            rusqlite::params![message.run_id, *position as i64],
                            |row| row.get(0),
                        )
                        .unwrap();
                    assert_eq!(
                        stored, 1,
                        "event {position} reached the window before the disk"
                    );
                }
                drop(tx.send(message));
            },
        )
        .await
        .unwrap();
    let mut events = 0;
    while let Some(message) = rx.recv().await {
        match message.body {
            RunBody::Event { .. } => events += 1,
            RunBody::Finished { .. } => break,
            _ => {}
        }
    }
    let store = Store::open(&path).unwrap();
    let run = store.run(&started.run_id).unwrap();
    assert_eq!(run.status, RunStatus::Complete);
    assert_eq!(store.events(run.id).unwrap().len(), events);
    assert_eq!(run.prompt, PROMPT);
    assert!(run.request_id.is_some() && run.execution_ms.is_some());
}

#[tokio::test]
async fn a_history_that_cannot_open_leaves_the_console_working_and_says_why() {
    let dir = tempfile::tempdir().unwrap();
    let blocker = dir.path().join("not-a-folder");
    std::fs::write(&blocker, "a file where the folder should be").unwrap();
    let console = Console::with_training_simulator(SimulatorSettings {
        pacing: Pacing::instant(),
        force_delay: None,
    })
    .await
    .unwrap()
    .with_history(&blocker.join("history.sqlite3"));
    let problem = console.history_problem().expect("the problem, in words");
    assert!(problem.contains("not-a-folder"), "{problem}");
}
