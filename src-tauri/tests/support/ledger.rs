//! What the decision tests do to the history outside the window: runs
//! made from an export (an old one, or one with an option added), a
//! record edited directly in the history file, the PDF read back, the
//! SHA-256 of a text. Each through a real tool (the console's own export
//! and import, `sqlite3`, `pdftotext`, `sha256sum`), never a copy of the
//! console's code.

use std::io::Write as _;
use std::path::Path;
use std::process::{Command, Stdio};

use serde_json::Value;

use super::which;

/// A run's export (a `skymarshal-history` document of one run) turned
/// into another run: a new run uid and server session id everywhere they
/// appear, the prompt `prompt`, every time `shift_ms` earlier, and no
/// decision records (they belong to the run it was copied from).
pub fn another_run(export: &str, prompt: &str, shift_ms: i64) -> (Value, String) {
    let mut document: Value = serde_json::from_str(export).expect("an export is JSON");
    let old_uid = document["runs"][0]["uid"].as_str().unwrap().to_owned();
    let new_uid = uuid::Uuid::new_v4().to_string();
    let mut text = export.replace(&old_uid, &new_uid);
    if let Some(session) = document["server_session_id"].as_str() {
        text = text.replace(session, &uuid::Uuid::new_v4().to_string());
    }
    document = serde_json::from_str(&text).unwrap();
    document["records"] = Value::Array(Vec::new());
    document["title"] = prompt.into();
    for key in ["first_activity_ms", "last_activity_ms"] {
        earlier(&mut document[key], shift_ms);
    }
    let run = &mut document["runs"][0];
    run["prompt"] = prompt.into();
    earlier(&mut run["started_ms"], shift_ms);
    earlier(&mut run["ended_ms"], shift_ms);
    for event in run["events"].as_array_mut().unwrap() {
        earlier(&mut event["received_ms"], shift_ms);
    }
    (document, new_uid)
}

fn earlier(value: &mut Value, shift_ms: i64) {
    if let Some(ms) = value.as_i64() {
        *value = (ms - shift_ms).into();
    }
}

/// The run's `chunk` event carrying the analysis document, as stored.
pub fn chunk_data(run: &Value) -> String {
    run["events"]
        .as_array()
        .unwrap()
        .iter()
        .find(|e| e["kind"] == "chunk")
        .and_then(|e| e["data"].as_str())
        .expect("the run has a chunk")
        .to_owned()
}

/// Replaces the analysis document in the run's chunk by what `change`
/// makes of it.
pub fn change_analysis(run: &mut Value, change: impl FnOnce(&mut Value)) {
    let chunk = run["events"]
        .as_array_mut()
        .unwrap()
        .iter_mut()
        .find(|e| e["kind"] == "chunk")
        .expect("the run has a chunk");
    // The event's data is `{"type": "chunk", "data": {the analysis document}, …}`.
    let mut event: Value = serde_json::from_str(chunk["data"].as_str().unwrap()).unwrap();
    change(&mut event["data"]);
    chunk["data"] = serde_json::to_string(&event).unwrap().into();
}

/// Hex SHA-256 of `text`'s bytes, from coreutils' `sha256sum`.
pub fn sha256(text: &str) -> String {
    let mut child = Command::new("sha256sum")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .expect("sha256sum (coreutils)");
    child
        .stdin
        .take()
        .unwrap()
        .write_all(text.as_bytes())
        .unwrap();
    let out = child.wait_with_output().unwrap();
    String::from_utf8(out.stdout).unwrap()[..64].to_owned()
}

/// Runs `sql` on the history file at `path` with the `sqlite3` tool, as
/// someone editing the file by hand would.
pub fn edit_history_file(path: &Path, sql: &str) {
    assert!(
        which("sqlite3"),
        "sqlite3 is not installed: apt-get install sqlite3 (the chain test edits the history file with it)"
    );
    let out = Command::new("sqlite3")
        .arg("-cmd")
        .arg(".timeout 10000")
        .arg(path)
        .arg(sql)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "sqlite3 {sql}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
}

/// The text of the PDF at `path`, read back by `pdftotext`, every run
/// of white space one space (lines wrap where the page does).
pub fn pdf_text(path: &Path) -> String {
    assert!(
        which("pdftotext"),
        "pdftotext is not installed: scripts/setup test installs poppler-utils"
    );
    let out = Command::new("pdftotext")
        .arg(path)
        .arg("-")
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "pdftotext {}: {}",
        path.display(),
        String::from_utf8_lossy(&out.stderr)
    );
    one_line(&String::from_utf8_lossy(&out.stdout))
}

/// `text` with every run of white space one space.
pub fn one_line(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}
