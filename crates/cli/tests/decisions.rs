//! The duty manager's record from a terminal, on the history file the
//! console keeps: `analyze --env` records its run, `operator`, `decide`
//! (accept, modify, reject, a correction; every refusal in words with its
//! exit code), `history verify` on an intact and an edited file, and the
//! shift handover created, shown, acknowledged once and exported, its PDF
//! read back with `pdftotext`. Everything runs against the simulator and a
//! real SQLite file in a private HOME.

mod desk;

use std::path::{Path, PathBuf};
use std::process::Command;

use desk::{AOG, Desk, PROMPT, RATIONALE, after, simulator, text};
use serde_json::Value;

#[tokio::test]
async fn analyze_on_an_environment_records_its_run_unless_told_not_to() {
    let sim = simulator().await;
    let desk = Desk::new(&sim);
    let out = desk
        .expect(&["analyze", "--env", "training", PROMPT], 0, "DECISION")
        .await;
    let run = after(&out, "Run ");
    assert!(
        out.contains(&format!("skymarshal decide {run} --accept N")),
        "{out}"
    );
    let shown = desk.expect(&["history", "show", &run], 0, PROMPT).await;
    assert!(shown.contains(&run), "{shown}");

    // (args, exit code, runs in the history after it)
    let table: [(&[&str], i32, i64); 3] = [
        (
            &["analyze", "--env", "training", "--no-record", PROMPT],
            0,
            1,
        ),
        (&["analyze", "--endpoint", &sim.url(), PROMPT], 0, 1),
        (&["analyze", "--env", "failing", PROMPT], 7, 2),
    ];
    for (args, code, runs) in table {
        let output = desk.run(args).await;
        assert_eq!(output.status.code(), Some(code), "{args:?}");
        let listed: Value =
            serde_json::from_str(&desk.expect(&["history", "list", "--json"], 0, "").await)
                .unwrap();
        let counted: i64 = listed
            .as_array()
            .unwrap()
            .iter()
            .map(|s| s["runs"].as_i64().unwrap())
            .sum();
        assert_eq!(counted, runs, "{args:?}");
    }
    assert_eq!(sim.posts(), 4, "every analysis was sent once");
}

#[tokio::test]
async fn the_operator_name_is_shown_and_set() {
    let sim = simulator().await;
    let desk = Desk::new(&sim);
    // (args, exit code, words)
    let table: [(&[&str], i32, &str); 5] = [
        (
            &["operator"],
            0,
            "No operator name is set; set one with `skymarshal operator NAME`.",
        ),
        (&["operator", "   "], 3, "blank"),
        (&["operator", "  Dana Okafor "], 0, "now \"Dana Okafor\""),
        (&["operator"], 0, "The operator name is \"Dana Okafor\"."),
        (&["operator", "Sam Lee"], 0, "now \"Sam Lee\""),
    ];
    for (args, code, words) in table {
        desk.expect(args, code, words).await;
    }
}

#[tokio::test]
async fn decisions_are_recorded_refused_in_words_and_corrected() {
    let sim = simulator().await;
    let desk = Desk::new(&sim);
    let run = desk.analyze("training").await;
    let failed = desk.analyze("failing").await;
    desk.expect(
        &["decide", &run, "--accept", "1", "--rationale", RATIONALE],
        15,
        "`skymarshal operator NAME`",
    )
    .await;
    desk.expect(&["operator", "Dana Okafor"], 0, "Dana Okafor")
        .await;

    // (what, args after `decide`, exit code, words)
    let table: [(&str, &[&str], i32, &str); 12] = [
        (
            "no such run",
            &["no-such-run", "--reject", "--rationale", RATIONALE],
            13,
            "There is no run no-such-run in the history",
        ),
        (
            "a failed run",
            &[&failed, "--reject", "--rationale", RATIONALE],
            14,
            "has no complete analysis to decide on: it ended failed",
        ),
        (
            "no rationale",
            &[&run, "--accept", "1"],
            14,
            "A decision needs a rationale",
        ),
        (
            "a blank rationale",
            &[&run, "--accept", "1", "--rationale", "  \t "],
            14,
            "A decision needs a rationale",
        ),
        (
            "an option not offered",
            &[&run, "--accept", "2", "--rationale", RATIONALE],
            14,
            "Option 2 is not in this analysis; it offers option 1.",
        ),
        (
            "modify without saying what changes",
            &[&run, "--modify", "1", "--rationale", RATIONALE],
            14,
            "Say what changes in option 1",
        ),
        (
            "a modification with accept",
            &[
                &run,
                "--accept",
                "1",
                "--modification",
                "later",
                "--rationale",
                RATIONALE,
            ],
            14,
            "choose modify",
        ),
        (
            "no action",
            &[&run, "--rationale", RATIONALE],
            2,
            "--accept <N>",
        ),
        (
            "two actions",
            &[&run, "--accept", "1", "--reject", "--rationale", RATIONALE],
            2,
            "cannot be used with",
        ),
        (
            "accept the recommended option, its safety acknowledged",
            &[
                &run,
                "--accept",
                "1",
                "--rationale",
                RATIONALE,
                "--acknowledge-safety",
            ],
            0,
            AOG,
        ),
        (
            "modify it",
            &[
                &run,
                "--modify",
                "1",
                "--modification",
                "Depart after MCC confirms",
                "--rationale",
                "MCC expects parts at 06:00",
            ],
            0,
            "modified option 1 · Conservative Safety-First Approach",
        ),
        (
            "reject all",
            &[
                &run,
                "--reject",
                "--rationale",
                "No option protects the slot",
            ],
            0,
            "rejected every option",
        ),
    ];
    // A run has one decision in force: each recorded after the first
    // corrects the one before it.
    let mut decisions: Vec<String> = Vec::new();
    for (what, args, code, words) in table {
        let mut all = vec!["decide"];
        all.extend_from_slice(args);
        if let (0, Some(last)) = (code, decisions.last()) {
            all.extend(["--supersedes", last.as_str()]);
        }
        let out = desk.expect(&all, code, words).await;
        if code == 0 {
            decisions.push(after(&out, "Decision "));
        } else {
            assert!(out.is_empty(), "{what}: nothing recorded:\n{out}");
        }
    }
    let [accepted, modified, rejected] = decisions.as_slice() else {
        panic!("three decisions: {decisions:?}");
    };

    // A correction supersedes the latest decision, which stays visible; a
    // decision already superseded is not corrected twice.
    let correction = [
        "decide",
        &run,
        "--accept",
        "1",
        "--rationale",
        "Parts confirmed on board",
        "--supersedes",
        rejected,
    ];
    let out = desk
        .expect(&correction, 0, &format!("corrects decision {rejected}"))
        .await;
    let corrected = after(&out, "Decision ");
    desk.expect(&correction, 14, "was already superseded by decision")
        .await;

    let shown = desk
        .expect(&["history", "show", &run], 0, "## Decisions")
        .await;
    for words in [
        format!("Decision {accepted} (record 1)"),
        format!("Decision {modified} (record 2)"),
        "  - Modification: Depart after MCC confirms".to_owned(),
        format!("superseded by decision {corrected}"),
        RATIONALE.to_owned(),
        "No option protects the slot".to_owned(),
        "  - By Dana Okafor".to_owned(),
    ] {
        assert!(shown.contains(&words), "{words:?} not in:\n{shown}");
    }
    // The history's search finds the run by a rationale's words.
    desk.expect(&["history", "search", "MCC", "parts"], 0, &run)
        .await;

    // An analysis received 45 minutes ago is stale: refused, then confirmed.
    desk.sql(&format!(
        "UPDATE events SET received_ms = received_ms - 2700000 \
         WHERE run_id = (SELECT id FROM runs WHERE uid = '{run}')"
    ));
    let stale = [
        "decide",
        &run,
        "--reject",
        "--rationale",
        RATIONALE,
        "--supersedes",
        &corrected,
    ];
    desk.expect(&stale, 14, "past the 30-minute limit").await;
    desk.expect(&stale, 14, "--stale-ok").await;
    let mut confirmed = stale.to_vec();
    confirmed.push("--stale-ok");
    desk.expect(&confirmed, 0, "past the stale limit (confirmed)")
        .await;
}

/// Fixture 1 with a maintenance constraint and a regulatory override added
/// (exported, edited, imported through the CLI): options 2 and 3 are not
/// the recommendation, so each needs both constraints acknowledged.
#[tokio::test]
async fn another_option_than_the_recommended_needs_its_safety_constraints_acknowledged() {
    let sim = simulator().await;
    let source = Desk::new(&sim);
    let run = source.analyze("fixture1").await;
    let mut export: Value =
        serde_json::from_str(&source.expect(&["history", "export", &run], 0, "").await).unwrap();
    for event in export["runs"][0]["events"].as_array_mut().unwrap() {
        if event["kind"] == "chunk" {
            let mut data: Value = serde_json::from_str(event["data"].as_str().unwrap()).unwrap();
            data["data"]["audit_trail"]["phase2_revision"]["responses"]["maintenance"]["binding_constraints"] =
                serde_json::json!(["MEL 21-1 open"]);
            data["data"]["final_decision"]["safety_overrides"] = serde_json::json!([
                {"safety_agent": "regulatory", "binding_constraint": "LHR slot 11:55"}
            ]);
            event["data"] = Value::String(data.to_string());
        }
    }
    let desk = Desk::new(&sim);
    let file = desk.path().join("edited.json");
    std::fs::write(&file, export.to_string()).unwrap();
    desk.expect(
        &["history", "import", file.to_str().unwrap()],
        0,
        "1 run(s) added",
    )
    .await;
    desk.expect(&["operator", "Dana Okafor"], 0, "").await;

    let both = "maintenance: “MEL 21-1 open”; regulatory: “LHR slot 11:55”";
    // (args after `decide RUN`, exit code, words)
    let table: [(&[&str], i32, &str); 4] = [
        (&["--accept", "2"], 14, both),
        (
            &["--modify", "3", "--modification", "two hours later"],
            14,
            "--acknowledge-safety",
        ),
        (
            &["--accept", "2", "--acknowledge-safety"],
            0,
            &format!("safety acknowledged: {both}"),
        ),
        (&["--accept", "1"], 0, "accepted option 1 · Aircraft Swap"),
    ];
    let mut in_force: Option<String> = None;
    for (args, code, words) in table {
        let mut all = vec!["decide", &run, "--rationale", RATIONALE];
        all.extend_from_slice(args);
        // A run has one decision in force: a later one corrects it.
        if let (0, Some(last)) = (code, &in_force) {
            all.extend(["--supersedes", last.as_str()]);
        }
        let out = desk.expect(&all, code, words).await;
        if code == 0 {
            in_force = Some(after(&out, "Decision "));
        }
        if args == ["--accept", "1"] {
            assert!(!out.contains("safety acknowledged"), "{out}");
        }
    }
}

#[tokio::test]
async fn history_verify_names_the_first_record_changed_in_the_file() {
    let sim = simulator().await;
    let desk = Desk::new(&sim);
    let run = desk.analyze("training").await;
    desk.expect(&["operator", "Dana Okafor"], 0, "").await;
    let mut uids: Vec<String> = Vec::new();
    for rationale in ["first look", "second look", "third look"] {
        // Each corrects the one before: a run has one decision in force.
        let mut args = vec!["decide", &run, "--accept", "1", "--rationale", rationale];
        if let Some(last) = uids.last() {
            args.extend(["--supersedes", last.as_str()]);
        }
        let out = desk.expect(&args, 0, rationale).await;
        uids.push(after(&out, "Decision "));
    }
    desk.expect(
        &["history", "verify"],
        0,
        "decision chain intact: 3 records",
    )
    .await;
    let pristine = std::fs::read(desk.history()).unwrap();

    // (what, the edit, exit code, words naming the record)
    let table = [
        (
            "a rationale rewritten",
            "UPDATE records SET body = replace(body, 'second look', 'second thought') WHERE seq = 2",
            format!(
                "broken at record 2 (a decision {}, changed after it was written): Record 2 (a decision of",
                uids[1]
            ),
        ),
        (
            "a record removed",
            "DELETE FROM records WHERE seq = 1",
            format!(
                "broken at record 2 (a decision {}, records before it removed)",
                uids[1]
            ),
        ),
        (
            "the last record removed",
            "DELETE FROM records WHERE seq = 3",
            "3 records were written: the last one was removed".to_owned(),
        ),
    ];
    for (what, edit, words) in table {
        std::fs::write(desk.history(), &pristine).unwrap();
        desk.sql(edit);
        let output = desk.run(&["history", "verify"]).await;
        let err = text(&output.stderr);
        assert_eq!(output.status.code(), Some(17), "{what}: {err}");
        assert!(err.contains(&words), "{what}: {words:?} not in {err}");
        assert_eq!(err.trim().lines().count(), 1, "{what}: {err}");
    }
}

#[tokio::test]
async fn a_shift_is_handed_over_acknowledged_once_and_exported() {
    let sim = simulator().await;
    let desk = Desk::new(&sim);
    let run = desk.analyze("training").await;
    desk.analyze("failing").await;
    desk.expect(&["handover", "create"], 15, "`skymarshal operator NAME`")
        .await;
    desk.expect(&["operator", "Dana Okafor"], 0, "").await;
    desk.expect(
        &["decide", &run, "--accept", "1", "--rationale", RATIONALE],
        0,
        "accepted",
    )
    .await;

    let out = desk
        .expect(
            &[
                "handover",
                "create",
                "--note",
                "Watch A6-ETQ",
                "--note",
                "Call MCC at 06:00",
            ],
            0,
            "runs: 2 (1 complete, 1 failed, 0 interrupted, 0 cancelled)",
        )
        .await;
    let id = after(&out, "Handover ");
    assert!(
        out.contains("decisions: 1") && out.contains("open items: 1"),
        "{out}"
    );
    let later = desk
        .expect(
            &["handover", "create", "--since", "2000-01-01T00:00:00+04:00"],
            0,
            "runs: 2",
        )
        .await;
    assert_ne!(after(&later, "Handover "), id);

    // (args, exit code, words)
    let table: [(&[&str], i32, &str); 10] = [
        (&["handover", "show", &id], 0, "Watch A6-ETQ"),
        (&["handover", "show", &id], 0, RATIONALE),
        (&["handover", "show", &id], 0, "not yet acknowledged"),
        (
            &["handover", "show", "no-such-handover"],
            13,
            "There is no handover no-such-handover",
        ),
        (
            &["handover", "create", "--since", "yesterday"],
            3,
            "RFC 3339",
        ),
        (
            &["handover", "ack", &id, "--by", "  "],
            16,
            "Name who takes the shift",
        ),
        (
            &["handover", "ack", &id, "--by", "Sam Lee"],
            0,
            "acknowledged by Sam Lee",
        ),
        (
            &["handover", "ack", &id, "--by", "Sam Lee"],
            16,
            "already acknowledged by Sam Lee",
        ),
        (
            &["handover", "note", &id, "Tow A6-ETQ to hangar 3"],
            0,
            "after its acknowledgement",
        ),
        (&["handover", "list"], 0, "acknowledged by Sam Lee"),
    ];
    for (args, code, words) in table {
        desk.expect(args, code, words).await;
    }
    let shown = desk.expect(&["handover", "show", &id], 0, "Sam Lee").await;
    assert!(shown.contains("Tow A6-ETQ to hangar 3"), "{shown}");

    // Exported into the export folder, never over a file: twice, two files.
    let mut pdfs = Vec::new();
    for format in ["pdf", "pdf", "markdown"] {
        let out = desk
            .expect(
                &["handover", "export", &id, "--format", format],
                0,
                "Saved handover",
            )
            .await;
        let path = PathBuf::from(out.trim().rsplit(" as ").next().unwrap());
        assert!(path.starts_with(desk.exports()), "{out}");
        pdfs.push(path);
    }
    assert_ne!(
        pdfs[0], pdfs[1],
        "the second export did not replace the first"
    );
    for path in &pdfs {
        let text = if path.extension().is_some_and(|e| e == "pdf") {
            pdftotext(path)
        } else {
            std::fs::read_to_string(path).unwrap()
        };
        let words = text.split_whitespace().collect::<Vec<_>>().join(" ");
        for expected in [PROMPT, RATIONALE, "Dana Okafor", "Sam Lee", "Watch A6-ETQ"] {
            assert!(
                words.contains(expected),
                "{expected:?} not in {}:\n{words}",
                path.display()
            );
        }
    }
    // -o names the file: written there, replacing what was there.
    let named = desk.path().join("briefing.md");
    std::fs::write(&named, "old").unwrap();
    desk.expect(
        &[
            "handover",
            "export",
            &id,
            "--format",
            "markdown",
            "-o",
            named.to_str().unwrap(),
        ],
        0,
        "briefing.md",
    )
    .await;
    assert!(std::fs::read_to_string(&named).unwrap().contains(RATIONALE));
    desk.expect(
        &["history", "verify"],
        0,
        "decision chain intact: 5 records",
    )
    .await;
}

/// The PDF's text, as `pdftotext` reads it.
fn pdftotext(path: &Path) -> String {
    let output = Command::new("pdftotext")
        .arg(path)
        .arg("-")
        .output()
        .expect("pdftotext (poppler-utils) is installed");
    assert!(output.status.success(), "{}", text(&output.stderr));
    text(&output.stdout)
}
