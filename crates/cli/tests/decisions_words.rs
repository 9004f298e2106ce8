//! What a new duty manager trying the CLI read, checked by kind: the
//! safety constraints shown before `decide` asks for them (`analyze`,
//! `history show`, the Markdown export), one report for `show` and the
//! export with every decision as a Markdown list, a rationale over several
//! lines kept under its label, a broken chain warned of before acting, a
//! history that cannot be read named in one sentence with exit 18, and
//! the stale limit shown and set. Real simulator, real SQLite file.

mod desk;

use desk::{Desk, PROMPT, RATIONALE, after, simulator, text};
use skymarshal_sim::safety::{CREW_CONSTRAINT, MAINTENANCE_CONSTRAINT, REGULATORY_OVERRIDE};

/// `text` with every run of whitespace one space: words wrapped to the
/// terminal's width still read as one phrase.
fn words(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

#[tokio::test]
async fn the_safety_constraints_standing_are_shown_before_deciding() {
    let sim = simulator().await;
    let desk = Desk::new(&sim);
    let constrained = desk.analyze("constrained").await;
    let plain = desk.analyze("fixture1").await;
    let line = format!(
        "Safety constraints: Crew compliance: {CREW_CONSTRAINT}; Maintenance: \
         {MAINTENANCE_CONSTRAINT}; Safety override (regulatory): {REGULATORY_OVERRIDE}"
    );
    // (command, whether the line is in what it prints)
    let table: [(Vec<&str>, bool); 6] = [
        (
            vec!["analyze", "--env", "constrained", "--no-record", PROMPT],
            true,
        ),
        (vec!["history", "show", &constrained], true),
        (
            vec!["history", "export", &constrained, "--format", "markdown"],
            true,
        ),
        (
            vec!["analyze", "--env", "fixture1", "--no-record", PROMPT],
            false,
        ),
        (vec!["history", "show", &plain], false),
        (
            vec!["history", "export", &plain, "--format", "markdown"],
            false,
        ),
    ];
    for (args, shown) in table {
        let out = words(&desk.expect(&args, 0, "").await);
        if shown {
            assert!(out.contains(&line), "{args:?}: {line:?} not in\n{out}");
        } else {
            assert!(!out.contains("Safety constraints"), "{args:?}:\n{out}");
        }
    }
    // In the terminal, before the options the duty manager chooses from.
    let out = desk
        .expect(
            &["analyze", "--env", "constrained", "--no-record", PROMPT],
            0,
            "",
        )
        .await;
    let safety = out.find("Safety constraints:").unwrap();
    assert!(safety < out.find("RECOMMENDED").unwrap(), "{out}");
    let paragraph = out[safety..].split("\n\n").next().unwrap();
    assert!(
        paragraph.lines().all(|l| l.chars().count() <= 78),
        "wrapped to the terminal: {paragraph}"
    );
}

#[tokio::test]
async fn show_and_the_markdown_export_are_one_report_with_every_decision() {
    let sim = simulator().await;
    let desk = Desk::new(&sim);
    let run = desk.analyze("fixture1").await;
    desk.expect(&["operator", "Dana Okafor"], 0, "").await;
    let first = desk
        .expect(
            &[
                "decide",
                &run,
                "--modify",
                "1",
                "--modification",
                "Swap at 02:00\nkeep the crew",
                "--rationale",
                "Crew legal\nslot held at LHR",
            ],
            0,
            "",
        )
        .await;
    // `decide` keeps each line of the duty manager's text under its label.
    for kept in [
        "  modification: Swap at 02:00\n                keep the crew\n",
        "  rationale: Crew legal\n             slot held at LHR\n",
    ] {
        assert!(first.contains(kept), "{kept:?} not in\n{first}");
    }
    let first = after(&first, "Decision ");
    let second = after(
        &desk
            .expect(
                &[
                    "decide",
                    &run,
                    "--accept",
                    "1",
                    "--rationale",
                    RATIONALE,
                    "--supersedes",
                    &first,
                ],
                0,
                "",
            )
            .await,
        "Decision ",
    );

    let shown = desk.expect(&["history", "show", &run], 0, "").await;
    let exported = desk
        .expect(&["history", "export", &run, "--format", "markdown"], 0, "")
        .await;
    assert_eq!(shown, exported, "show and the export are one report");
    let file = desk.path().join("run.md");
    desk.expect(
        &[
            "history",
            "export",
            &run,
            "--format",
            "markdown",
            "-o",
            file.to_str().unwrap(),
        ],
        0,
        "",
    )
    .await;
    assert_eq!(std::fs::read_to_string(&file).unwrap(), shown);

    // (what, the report's words, in this order)
    let table: [(&str, String); 9] = [
        ("the section", "\n## Decisions\n\n".to_owned()),
        (
            "the first, superseded",
            format!("- Decision {first} (record 1), superseded by decision {second}\n"),
        ),
        ("what", "  - Modified option 1 · Aircraft Swap".to_owned()),
        (
            "each line of the modification",
            "  - Modification: Swap at 02:00\\\n    keep the crew\n".to_owned(),
        ),
        (
            "each line of the rationale",
            "  - Rationale: Crew legal\\\n    slot held at LHR\n".to_owned(),
        ),
        ("who", "  - By Dana Okafor (".to_owned()),
        ("on what", "  - On the analysis received ".to_owned()),
        (
            "the correction, in force",
            format!("- Decision {second} (record 2), in force\n  - Accepted option 1 · "),
        ),
        (
            "what it corrects",
            format!("  - Corrects decision {first}\n"),
        ),
    ];
    let mut rest = shown.as_str();
    for (what, words) in table {
        let at = rest
            .find(&words)
            .unwrap_or_else(|| panic!("{what}: {words:?} not in\n{shown}"));
        rest = &rest[at + words.len()..];
    }

    // The search's match keeps a rationale's lines under its indent.
    let found = desk
        .expect(&["history", "search", "slot", "held"], 0, &run)
        .await;
    assert!(
        found
            .lines()
            .skip(1)
            .all(|l| l.is_empty() || l.starts_with("    ")),
        "{found}"
    );
}

#[tokio::test]
async fn a_broken_chain_is_warned_of_before_deciding_or_handing_over() {
    let sim = simulator().await;
    let desk = Desk::new(&sim);
    // One decision per run: the first is the record edited below.
    let edited = desk.analyze("training").await;
    let run = desk.analyze("training").await;
    desk.expect(&["operator", "Dana Okafor"], 0, "").await;
    let out = desk
        .expect(
            &["decide", &edited, "--reject", "--rationale", "first look"],
            0,
            "",
        )
        .await;
    let decision = after(&out, "Decision ");
    let warning = format!(
        "Warning: the history's decision chain is broken at record 1 (a decision {decision}, \
         changed after it was written); run `skymarshal history verify`."
    );

    // Before the edit, nothing to warn of.
    let output = desk.run(&["handover", "create"]).await;
    assert_eq!(output.status.code(), Some(0));
    assert!(!text(&output.stderr).contains("Warning"), "{output:?}");
    let handover = after(&text(&output.stdout), "Handover ");
    desk.sql(
        "UPDATE records SET body = replace(body, 'first look', 'first thought') WHERE seq = 1",
    );
    // (command, exit code: each still acts, the warning first on stderr)
    let table: [(&[&str], i32); 5] = [
        (
            &["decide", &run, "--reject", "--rationale", "second look"],
            0,
        ),
        (&["handover", "note", &handover, "Watch the chain"], 0),
        (&["handover", "ack", &handover, "--by", "Sam Lee"], 0),
        (&["handover", "create"], 0),
        (&["decide", &run, "--reject"], 14),
    ];
    for (args, code) in table {
        let output = desk.run(args).await;
        let err = text(&output.stderr);
        assert_eq!(output.status.code(), Some(code), "{args:?}: {err}");
        assert_eq!(
            err.lines().next(),
            Some(warning.as_str()),
            "{args:?}: {err}"
        );
        assert_eq!(err.matches("Warning").count(), 1, "{args:?}: {err}");
    }
    // Reading never warns: `show` and `list` are not additions to the chain.
    for args in [&["handover", "list"][..], &["history", "show", &run]] {
        assert!(!text(&desk.run(args).await.stderr).contains("Warning"));
    }
}

#[tokio::test]
async fn a_history_that_cannot_be_read_is_named_in_one_sentence_with_exit_18() {
    let sim = simulator().await;
    let mut desk = Desk::new(&sim);
    let run = desk.analyze("training").await;
    desk.expect(&["operator", "Dana Okafor"], 0, "").await;

    let missing = "The history at /proc/nope/history.sqlite3 cannot be read (No such file or \
                   directory (os error 2)): check that the folder /proc/nope exists";
    let damaged = format!(
        "The history at {} cannot be read (no such table: records): if another program is using \
         it",
        desk.history().display()
    );
    let decide = ["decide", &run, "--reject", "--rationale", "x"];
    // (where the history is: a folder that cannot exist, or the file with
    // its records table dropped; command; exit code; words)
    let table: [(&str, &[&str], i32, &str); 16] = [
        ("missing", &["history", "verify"], 18, missing),
        ("missing", &["history", "list"], 18, missing),
        ("missing", &["history", "search", "EY283"], 18, missing),
        ("missing", &["history", "show", &run], 18, missing),
        ("missing", &["history", "stale-limit"], 18, missing),
        ("missing", &["history", "retention"], 18, missing),
        ("missing", &["operator"], 18, missing),
        ("missing", &decide, 18, missing),
        ("missing", &["handover", "list"], 18, missing),
        ("damaged", &["history", "verify"], 18, &damaged),
        ("damaged", &["history", "show", &run], 18, &damaged),
        ("damaged", &["history", "export", &run], 18, &damaged),
        ("damaged", &decide, 18, &damaged),
        ("damaged", &["handover", "create"], 18, &damaged),
        ("here", &["history", "show", "9999"], 13, "no session 9999"),
        (
            "here",
            &["history", "delete", "9999"],
            13,
            "no session 9999",
        ),
    ];
    let home = desk.data.clone();
    let pristine = std::fs::read(desk.history()).unwrap();
    for (place, args, code, words) in table {
        desk.data = home.clone();
        std::fs::write(desk.history(), &pristine).unwrap();
        match place {
            "missing" => desk.data = "/proc/nope".into(),
            "damaged" => desk.sql("DROP TABLE records"),
            _ => {}
        }
        let output = desk.run(args).await;
        let err = text(&output.stderr);
        assert_eq!(output.status.code(), Some(code), "{place} {args:?}: {err}");
        assert!(
            err.contains(words),
            "{place} {args:?}: {words:?} not in {err}"
        );
        assert_eq!(err.trim().lines().count(), 1, "{place} {args:?}: {err}");
        // The cause is said once, not repeated by the error's chain.
        for cause in ["os error 2", "no such table"] {
            assert!(err.matches(cause).count() <= 1, "{place} {args:?}: {err}");
        }
    }
}

#[tokio::test]
async fn the_stale_limit_is_shown_set_within_a_day_and_used() {
    let sim = simulator().await;
    let desk = Desk::new(&sim);
    let run = desk.analyze("training").await;
    desk.expect(&["operator", "Dana Okafor"], 0, "").await;
    let refused = "Give the stale limit as a whole number of minutes from 1 to 1440 (a day)";
    // (argument, exit code, words)
    let table: [(Option<&str>, i32, &str); 10] = [
        (None, 0, "An analysis is stale after 30 minute(s)"),
        (Some("0"), 3, refused),
        (Some("1441"), 3, refused),
        (Some("-5"), 3, refused),
        (Some("half an hour"), 3, "not \"half an hour\""),
        (Some("1.5"), 3, refused),
        (Some("1440"), 0, "now stale after 1440 minute(s)"),
        (None, 0, "stale after 1440 minute(s)"),
        (Some("1"), 0, "now stale after 1 minute(s)"),
        (None, 0, "stale after 1 minute(s)"),
    ];
    for (minutes, code, words) in table {
        let mut args = vec!["history", "stale-limit"];
        args.extend(minutes);
        if minutes == Some("-5") {
            args.insert(2, "--");
        }
        desk.expect(&args, code, words).await;
    }
    // A limit of one minute makes a two-minute-old analysis stale.
    desk.sql(&format!(
        "UPDATE events SET received_ms = received_ms - 120000 \
         WHERE run_id = (SELECT id FROM runs WHERE uid = '{run}')"
    ));
    let decide = ["decide", &run, "--reject", "--rationale", RATIONALE];
    desk.expect(&decide, 14, "past the 1-minute limit").await;
}
