//! `skymarshal history` on a history the console itself wrote: list,
//! search (any characters), show, export, delete, import and retention,
//! each with the words a user reads and the exit code a script checks.

use std::process::{Command, Output};

use skymarshal_app::{Console, RunBody, SimulatorSettings, StartRequest};
use skymarshal_sim::Pacing;

const BIN: &str = env!("CARGO_BIN_EXE_skymarshal");

/// Runs `skymarshal ARGS` on the history, environments and logs in `dir`.
async fn skymarshal(dir: &std::path::Path, args: &[&str]) -> Output {
    let dir = dir.to_owned();
    let args: Vec<String> = args.iter().map(|s| (*s).to_owned()).collect();
    tokio::task::spawn_blocking(move || {
        Command::new(BIN)
            .args(args)
            .env("SKYMARSHAL_DATA_DIR", &dir)
            .env("SKYMARSHAL_CONFIG_DIR", &dir)
            .env("SKYMARSHAL_LOG_DIR", dir.join("logs"))
            .output()
            .unwrap()
    })
    .await
    .unwrap()
}

/// Runs `skymarshal history ARGS`.
async fn history(dir: &std::path::Path, args: &[&str]) -> Output {
    let mut all = vec!["history"];
    all.extend_from_slice(args);
    skymarshal(dir, &all).await
}

fn out(output: &Output) -> String {
    String::from_utf8_lossy(&output.stdout).into_owned()
}

fn err(output: &Output) -> String {
    String::from_utf8_lossy(&output.stderr).into_owned()
}

/// Two runs in one session and a failed one in another; answers a run id.
async fn fill(dir: &std::path::Path) -> String {
    let console = Console::with_training_simulator(SimulatorSettings {
        pacing: Pacing::instant(),
        force_delay: None,
    })
    .await
    .unwrap()
    .with_history(&dir.join("history.sqlite3"));
    let mut session = None;
    let mut first = None;
    for scenario in [None, None, Some("http-500")] {
        let (tx, mut rx) = tokio::sync::mpsc::unbounded_channel();
        let started = console
            .start(
                StartRequest {
                    environment_id: "training-simulator".into(),
                    prompt: "Flight EY283 BKK-AUH mechanical on A6-BNC".into(),
                    session_id: if scenario.is_none() {
                        session.clone()
                    } else {
                        None
                    },
                    scenario: scenario.map(str::to_owned),
                },
                move |m| drop(tx.send(m)),
            )
            .await
            .unwrap();
        first.get_or_insert(started.run_id);
        while let Some(message) = rx.recv().await {
            if let RunBody::Finished { session_id, .. } = message.body {
                session = session.or(session_id);
                break;
            }
        }
    }
    first.unwrap()
}

#[tokio::test]
async fn history_from_a_terminal() {
    let dir = tempfile::tempdir().unwrap();
    let run = fill(dir.path()).await;

    let list = history(dir.path(), &["list"]).await;
    assert!(list.status.success(), "{}", err(&list));
    let text = out(&list);
    assert!(
        text.contains("SESSION") && text.contains("Local training simulator"),
        "{text}"
    );
    assert_eq!(
        text.lines().count(),
        3,
        "a header and two sessions:\n{text}"
    );

    let json: serde_json::Value =
        serde_json::from_str(&out(&history(dir.path(), &["list", "--json"]).await)).unwrap();
    let session = json[0]["id"].as_i64().unwrap();
    let continued = json
        .as_array()
        .unwrap()
        .iter()
        .find(|s| s["runs"] == 2)
        .unwrap()["id"]
        .as_i64()
        .unwrap();
    let failed = out(&history(dir.path(), &["list", "--outcome", "failed"]).await);
    assert_eq!(failed.lines().count(), 2, "{failed}");
    let none = out(&history(dir.path(), &["list", "--env", "prod"]).await);
    assert!(none.contains("No session"), "{none}");

    let found = out(&history(dir.path(), &["search", "A6-BNC"]).await);
    assert!(found.contains(&run) && found.contains('['), "{found}");
    for hostile in ["\"", "-", "*", "AND", "NEAR(", "col:"] {
        let output = history(dir.path(), &["search", hostile]).await;
        assert!(output.status.success(), "{hostile}: {}", err(&output));
    }

    let shown = out(&history(dir.path(), &["show", &continued.to_string()]).await);
    for part in [
        "# SkyMarshal analysis",
        "## Run 1",
        "## Run 2",
        "### Recovery plan",
    ] {
        assert!(shown.contains(part), "{part}:\n{shown}");
    }
    let one = out(&history(dir.path(), &["show", &run]).await);
    assert!(one.contains(&run) && !one.contains("## Run 2"));

    let file = dir.path().join("session.json");
    let export = history(
        dir.path(),
        &[
            "export",
            &continued.to_string(),
            "-o",
            file.to_str().unwrap(),
        ],
    )
    .await;
    assert!(export.status.success(), "{}", err(&export));
    let md = out(&history(dir.path(), &["export", &run, "--format", "markdown"]).await);
    assert!(md.starts_with("# SkyMarshal analysis"));

    let deleted = history(dir.path(), &["delete", &continued.to_string()]).await;
    assert!(out(&deleted).contains("2 run(s)"), "{}", out(&deleted));
    let again = history(dir.path(), &["delete", &continued.to_string()]).await;
    assert_eq!(again.status.code(), Some(13));
    assert!(
        err(&again).contains("may have been deleted"),
        "{}",
        err(&again)
    );
    let imported = out(&history(dir.path(), &["import", file.to_str().unwrap()]).await);
    assert!(
        imported.contains("2 run(s) added, 0 already here"),
        "{imported}"
    );
    assert!(out(&history(dir.path(), &["show", &run]).await).contains(&run));

    // Retention: refused at zero, set, shown, and back to for ever.
    let table: [(&[&str], Option<i32>, &str); 6] = [
        (&["retention"], Some(0), "kept for ever"),
        (&["retention", "0"], Some(3), "at least one day"),
        (
            &["retention", "soon"],
            Some(3),
            "number of days or `forever`",
        ),
        (&["retention", "30"], Some(0), "kept 30 day(s); 0 older"),
        (&["retention"], Some(0), "kept 30 day(s) after"),
        (&["retention", "forever"], Some(0), "now kept for ever"),
    ];
    for (args, code, words) in table {
        let output = history(dir.path(), args).await;
        assert_eq!(output.status.code(), code, "{args:?}");
        assert!(
            out(&output).contains(words) || err(&output).contains(words),
            "{args:?}: {}{}",
            out(&output),
            err(&output)
        );
    }

    let bad: [(&[&str], &str); 3] = [
        (&["list", "--from", "yesterday"], "YYYY-MM-DD"),
        (&["import", "/nonexistent.json"], "could not read"),
        (&["show", "no-such-run"], "no run no-such-run"),
    ];
    for (args, words) in bad {
        let output = history(dir.path(), args).await;
        assert!(!output.status.success(), "{args:?}");
        assert!(err(&output).contains(words), "{args:?}: {}", err(&output));
    }
    // A file that is not an export is refused with its own code, the
    // history untouched.
    let not_export = dir.path().join("not-an-export.json");
    std::fs::write(&not_export, "{\"hello\": 1}").unwrap();
    let refused = history(dir.path(), &["import", not_export.to_str().unwrap()]).await;
    assert_eq!(refused.status.code(), Some(20), "{}", err(&refused));
    assert!(session > 0);

    // The support bundle names the last runs with their ids and outcomes.
    let bundle = skymarshal(dir.path(), &["doctor", "--bundle"]).await;
    let text = out(&bundle);
    assert!(text.contains("## Last runs"), "{text}");
    assert!(
        text.contains("· Local training simulator · complete · request "),
        "{text}"
    );
    assert!(
        text.contains("· failed · request ") && text.contains("error server"),
        "{text}"
    );
}
