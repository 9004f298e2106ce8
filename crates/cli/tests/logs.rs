//! The log a support engineer reads after the fact: every line of a run
//! names each of its fields once (the run's span used to repeat the
//! request and session ids on every line), and the endpoint with its host
//! and port, never its query.

use std::collections::HashMap;
use std::process::Command;

use skymarshal_sim::{SimConfig, Simulator};

const BIN: &str = env!("CARGO_BIN_EXE_skymarshal");
const PROMPT: &str = "Flight EY123 delayed 2 hours due to weather";

/// Runs `skymarshal` with its logs in `dir`; returns its stdout.
fn skymarshal(dir: &std::path::Path, args: &[&str]) -> String {
    let out = Command::new(BIN)
        .env("SKYMARSHAL_LOG_DIR", dir)
        .env_remove("RUST_LOG")
        .args(args)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap()
}

/// How often each `name=` occurs in a log line.
fn field_counts(line: &str) -> HashMap<&str, usize> {
    let mut counts = HashMap::new();
    for word in line.split([' ', '{', ':']) {
        if let Some((name, _)) = word.split_once('=')
            && !name.is_empty()
            && name.chars().all(|c| c.is_ascii_alphanumeric() || c == '_')
        {
            *counts.entry(name).or_default() += 1;
        }
    }
    counts
}

#[tokio::test]
async fn each_field_once_per_line_and_the_endpoint_with_its_port() {
    let sim = Simulator::start(SimConfig::instant()).await.unwrap();
    let dir = tempfile::tempdir().unwrap();
    let url = sim.url_with("fixture=1");
    let port = sim.addr().port();
    let dir_path = dir.path().to_owned();
    let session = tokio::task::spawn_blocking(move || {
        // Both layers on (`--verbose`), a first analysis, then a follow-up
        // that names its session from the start.
        let out = skymarshal(
            &dir_path,
            &["--verbose", "analyze", "--endpoint", &url, PROMPT],
        );
        let session = out.rsplit("--session ").next().unwrap().trim().to_owned();
        skymarshal(
            &dir_path,
            &[
                "--verbose",
                "analyze",
                "--endpoint",
                &url,
                "--session",
                &session,
                PROMPT,
            ],
        );
        skymarshal(&dir_path, &["analyze", "--endpoint", &url, PROMPT]);
        session
    })
    .await
    .unwrap();

    // Redirected, the terminal's lines carry no colour codes.
    let (dir_path, url) = (dir.path().to_owned(), sim.url_with("fixture=1"));
    let verbose = tokio::task::spawn_blocking(move || {
        Command::new(BIN)
            .env("SKYMARSHAL_LOG_DIR", dir_path)
            .args(["--verbose", "analyze", "--endpoint", &url, PROMPT])
            .output()
            .unwrap()
    })
    .await
    .unwrap();
    let stderr = String::from_utf8_lossy(&verbose.stderr);
    assert!(stderr.contains("analysis accepted"), "{stderr}");
    assert!(
        !stderr.contains('\u{1b}'),
        "colour codes in redirected stderr:\n{stderr}"
    );

    let mut log = String::new();
    for entry in std::fs::read_dir(dir.path()).unwrap() {
        log.push_str(&std::fs::read_to_string(entry.unwrap().path()).unwrap());
    }
    let run_lines: Vec<&str> = log.lines().filter(|l| l.contains("endpoint=")).collect();
    assert!(run_lines.len() >= 6, "too few run lines in:\n{log}");
    for line in &run_lines {
        for (name, count) in field_counts(line) {
            assert_eq!(count, 1, "{name} appears {count} times in:\n{line}");
        }
        assert!(
            line.contains(&format!("endpoint=http://127.0.0.1:{port}/")),
            "the endpoint without its port:\n{line}"
        );
        assert!(!line.contains("fixture=1"), "the query is logged:\n{line}");
    }
    assert!(
        run_lines
            .iter()
            .any(|l| l.contains(&format!("session_id={session}")) && l.contains("request_id=")),
        "no line names the session and the request:\n{log}"
    );
}
