//! Briefings for the tests: a handover with every kind of block, text a
//! server or a duty manager could write, and sizes well past one page;
//! and `pdftotext` to read a PDF back as a person would.

#![allow(dead_code, unreachable_pub)]

use std::io::Write;
use std::process::Command;

use skymarshal_briefing::{Block, Briefing, Section};

/// Short strings that must each be read back whole, wherever they stand.
pub const STRINGS: &[&str] = &[
    "# not a heading",
    "Cell | with | pipes",
    "<script>alert(1)</script>",
    "[link](https://example.invalid)",
    "*stars* and _underscores_",
    "naïve café Zürich Łódź",
    "“quoted” ‘single’ — → ←",
    "Αθήνα Москва",
    "back\\slash & ampersand",
];

/// Right-to-left text, checked apart: a reader may give it in either
/// order, so the test looks for its words.
pub const ARABIC: &str = "محمد الأحمد";

/// The long paragraph's words: unique, so each can be found.
pub fn long_words(count: usize) -> Vec<String> {
    let stems = [
        "crew", "swap", "delay", "tail", "slot", "gate", "rota", "fuel", "notam", "hold",
    ];
    (0..count)
        .map(|i| format!("{}{i}", stems[i % stems.len()]))
        .collect()
}

pub fn long_table_rows(count: usize) -> Vec<Vec<String>> {
    (1..=count)
        .map(|i| {
            vec![
                format!("run-{i:03}"),
                format!("Disruption {i} | tail G-EZ{i:03}"),
                "complete".into(),
            ]
        })
        .collect()
}

/// A handover with every block kind, hostile and Unicode text, a 300-row
/// table and a 5,000-word paragraph.
pub fn full_handover() -> Briefing {
    let mut summary = vec![
        Block::Facts(vec![
            ("Outgoing duty manager".into(), "Captain محمد الأحمد".into()),
            (
                "Period".into(),
                "2025-03-01 18:00 → 2025-03-02 06:00 UTC".into(),
            ),
            ("Runs".into(), "300".into()),
        ]),
        Block::Paragraph(
            "Summary paragraph: three open items need the incoming duty manager.".into(),
        ),
        Block::List(STRINGS.iter().map(|s| (*s).to_owned()).collect()),
        Block::Note {
            label: "Open item".into(),
            text: "SUMMARY-NOTE run-007 has no decision".into(),
        },
    ];
    summary.push(Block::Table {
        header: vec!["Kind".into(), "Text".into()],
        rows: STRINGS
            .iter()
            .map(|s| vec!["hostile".into(), (*s).to_owned()])
            .collect(),
    });
    Briefing {
        title: "Shift handover".into(),
        subtitle: "Night shift, ops-prod, outgoing Captain محمد الأحمد".into(),
        generated: "2025-03-02 06:00 UTC".into(),
        summary,
        sections: vec![
            Section {
                heading: "DETAILS-RUNS".into(),
                blocks: vec![Block::Table {
                    header: vec!["Run".into(), "Disruption".into(), "Status".into()],
                    rows: long_table_rows(300),
                }],
            },
            Section {
                heading: "DETAILS-NARRATIVE".into(),
                blocks: vec![
                    Block::Paragraph(long_words(5000).join(" ")),
                    Block::Paragraph(format!("RUNID{}END", "x".repeat(1500))),
                    Block::Note {
                        label: "Added after the acknowledgement".into(),
                        text: "# rationale | with pipes".into(),
                    },
                ],
            },
        ],
    }
}

/// A handover of `runs` runs as the app would build it: facts, a runs
/// table, each run's decision as a paragraph and its open items.
pub fn handover_of(runs: usize) -> Briefing {
    let rows = (1..=runs)
        .map(|i| {
            vec![
                format!("run-{i:04}"),
                format!("02:{:02} UTC", i % 60),
                "ops-prod".into(),
                format!("Crew sickness on BA{i:03}, LHR→EDI"),
                "complete".into(),
            ]
        })
        .collect();
    let decisions = (1..=runs)
        .map(|i| Block::Facts(vec![
            ("Run".into(), format!("run-{i:04}")),
            ("Decision".into(), format!("accept option {}", i % 3 + 1)),
            ("Rationale".into(), "Standby crew available at LHR; the swap keeps the slot and the regulatory rest is respected. ".repeat(2)),
            ("Decided".into(), "J. Smith, 02:14 UTC".into()),
        ]))
        .collect();
    Briefing {
        title: "Shift handover".into(),
        subtitle: format!("{runs} runs, ops-prod, J. Smith"),
        generated: "2025-03-02 06:00 UTC".into(),
        summary: vec![
            Block::Facts(vec![
                ("Runs".into(), runs.to_string()),
                ("Decisions".into(), runs.to_string()),
            ]),
            Block::List(vec![
                "run-0007 has no decision".into(),
                "run-0012 failed".into(),
            ]),
        ],
        sections: vec![
            Section {
                heading: "Runs".into(),
                blocks: vec![Block::Table {
                    header: vec![
                        "Run".into(),
                        "Started".into(),
                        "Environment".into(),
                        "Prompt".into(),
                        "Status".into(),
                    ],
                    rows,
                }],
            },
            Section {
                heading: "Decisions".into(),
                blocks: decisions,
            },
        ],
    }
}

/// `pdftotext -layout` of `pdf` (with `extra` arguments, e.g. a page
/// range) as text, pages separated by form feeds; `None` when pdftotext is
/// not installed (`scripts/setup test` installs it with poppler-utils).
pub fn pdftotext(pdf: &[u8], extra: &[&str]) -> Option<String> {
    let mut file = tempfile::Builder::new()
        .suffix(".pdf")
        .tempfile()
        .expect("a temporary file");
    file.write_all(pdf).expect("the PDF is written");
    let output = match Command::new("pdftotext")
        .arg("-layout")
        .args(extra)
        .arg(file.path())
        .arg("-")
        .output()
    {
        Ok(output) => output,
        Err(error) if error.kind() == std::io::ErrorKind::NotFound => {
            #[allow(clippy::print_stderr)] // the one word a skipped test leaves
            {
                eprintln!(
                    "SKIPPED: pdftotext is not installed; run scripts/setup test (it installs poppler-utils)"
                );
            }
            return None;
        }
        Err(error) => panic!("pdftotext could not run: {error}"),
    };
    assert!(
        output.status.success(),
        "pdftotext refused the PDF: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    Some(String::from_utf8(output.stdout).expect("pdftotext writes UTF-8"))
}

/// Runs of whitespace as one space, so a string is found however the
/// layout spaced it.
pub fn squeeze(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}
