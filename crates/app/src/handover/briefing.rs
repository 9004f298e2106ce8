//! A handover as a printed briefing: the first page a summary the incoming
//! duty manager reads first (period, outgoing duty manager, counts, open
//! items, the acknowledgement), then the details (each run with its
//! decisions and their rationale, every decision, the notes). Saved as PDF
//! or Markdown in the export folder, never over a file.

use serde::Deserialize;
use skymarshal_briefing::{Block, Briefing, Section};
use skymarshal_store::RunStatus;

use crate::clock::{file_stamp, now_ms, zulu_minutes};
use crate::handover::body::{HandoverView, OpenKind};
use crate::history::exports::save_new_file;
use crate::{AppError, Console};

/// How a handover is exported.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum HandoverFormat {
    /// A PDF briefing: the summary page, then the details.
    Pdf,
    /// The same briefing as Markdown.
    Markdown,
}

/// The briefing of `handover`, made at `generated_ms`.
pub fn handover_briefing(handover: &HandoverView, generated_ms: i64) -> Briefing {
    let h = &handover.body;
    let s = &h.snapshot;
    let count = |status: RunStatus| s.runs.iter().filter(|r| r.status == status).count();
    let superseded = s
        .decisions
        .iter()
        .filter(|d| d.superseded_by.is_some())
        .count();
    let mut summary = vec![Block::Facts(vec![
        fact(
            "Period",
            format!(
                "{} to {}",
                zulu_minutes(s.since_ms),
                zulu_minutes(s.until_ms)
            ),
        ),
        fact(
            "Outgoing duty manager",
            format!("{} ({} on {})", h.operator, h.os_user, h.host),
        ),
        fact("Created", zulu_minutes(h.created_ms)),
        fact(
            "Runs",
            format!(
                "{} in all: {} complete, {} failed, {} interrupted, {} cancelled",
                s.runs.len(),
                count(RunStatus::Complete),
                count(RunStatus::Failed),
                count(RunStatus::Interrupted),
                count(RunStatus::Cancelled),
            ),
        ),
        fact(
            "Decisions",
            format!(
                "{} taken, {superseded} of them superseded",
                s.decisions.len()
            ),
        ),
        fact("Open items", s.open_items.len().to_string()),
        fact("Acknowledgement", acknowledgement(handover)),
    ])];
    if s.open_items.is_empty() {
        summary.push(Block::Paragraph("Nothing is left open.".to_owned()));
    } else {
        summary.push(Block::List(
            s.open_items
                .iter()
                .map(|item| {
                    format!(
                        "{}{}: {}",
                        open_kind(item.kind),
                        if item.carried_from.is_some() {
                            " (carried over)"
                        } else {
                            ""
                        },
                        item.text
                    )
                })
                .collect(),
        ));
    }
    let against_safety: Vec<String> = s
        .decisions
        .iter()
        .filter(|d| !d.safety_acknowledged.is_empty())
        .map(|d| {
            let run = s.runs.iter().find(|r| r.run_uid == d.run_uid).map_or_else(
                || format!("run {}", d.run_uid),
                |r| format!("“{}”", short(&r.prompt)),
            );
            format!(
                "{run}: {}, by {} at {}{}. {}.",
                d.words(),
                d.operator,
                zulu_minutes(d.decided_ms),
                if d.superseded_by.is_some() {
                    " (since superseded)"
                } else {
                    ""
                },
                d.acknowledged().join("; ")
            )
        })
        .collect();
    if !against_safety.is_empty() {
        summary.push(Block::Note {
            label: "Decided against a safety constraint".to_owned(),
            text: format!(
                "{} decision(s) went against a standing safety constraint, each acknowledged by name:",
                against_safety.len()
            ),
        });
        summary.push(Block::List(against_safety));
    }
    if !h.notes.is_empty() {
        summary.push(Block::Note {
            label: "Notes".to_owned(),
            text: h.notes.clone(),
        });
    }
    let mut sections = vec![runs_section(handover), decisions_section(handover)];
    if !handover.added_notes.is_empty() {
        sections.push(Section {
            heading: "Notes added after the handover was made".to_owned(),
            blocks: handover
                .added_notes
                .iter()
                .map(|note| Block::Note {
                    label: format!(
                        "{} by {}{}",
                        zulu_minutes(note.created_ms),
                        note.operator,
                        if note.after_ack {
                            ", added after the acknowledgement"
                        } else {
                            ""
                        }
                    ),
                    text: note.text.clone(),
                })
                .collect(),
        });
    }
    sections.push(Section {
        heading: "Record".to_owned(),
        blocks: vec![Block::Facts(vec![
            fact("Handover", h.uid.clone()),
            fact("Position in the history's chain", handover.seq.to_string()),
        ])],
    });
    Briefing {
        title: "Shift handover".to_owned(),
        subtitle: format!(
            "{} to {} · handed over by {}",
            zulu_minutes(s.since_ms),
            zulu_minutes(s.until_ms),
            h.operator
        ),
        generated: zulu_minutes(generated_ms),
        summary,
        sections,
    }
}

fn fact(label: &str, value: String) -> (String, String) {
    (label.to_owned(), value)
}

fn acknowledgement(handover: &HandoverView) -> String {
    handover.ack.as_ref().map_or_else(
        || "not yet acknowledged".to_owned(),
        |ack| {
            format!(
                "acknowledged by {} ({} on {}) at {}",
                ack.by,
                ack.os_user,
                ack.host,
                zulu_minutes(ack.acked_ms)
            )
        },
    )
}

fn open_kind(kind: OpenKind) -> &'static str {
    match kind {
        OpenKind::NoDecision => "No decision",
        OpenKind::Failed => "Failed",
        OpenKind::Interrupted => "Interrupted",
        OpenKind::SupersededDecision => "Superseded decision",
    }
}

fn runs_section(handover: &HandoverView) -> Section {
    let s = &handover.body.snapshot;
    if s.runs.is_empty() {
        return Section {
            heading: "Runs".to_owned(),
            blocks: vec![Block::Paragraph("No run in this period.".to_owned())],
        };
    }
    let mut blocks = Vec::new();
    for run in &s.runs {
        let mut facts = vec![
            fact("Run", run.run_uid.clone()),
            fact("Started", zulu_minutes(run.started_ms)),
            fact("Environment", run.environment.clone()),
            fact("Prompt", run.prompt.clone()),
            fact("Outcome", run.status.as_str().to_owned()),
        ];
        if let Some(headline) = &run.headline {
            facts.push(fact("Arbitrator's decision", headline.clone()));
        }
        if let Some(recommended) = &run.recommended {
            facts.push(fact("Recommended", recommended.clone()));
        }
        blocks.push(Block::Facts(facts));
        let decisions: Vec<String> = s
            .decisions
            .iter()
            .filter(|d| d.run_uid == run.run_uid)
            .map(|d| {
                let caveats = d.caveats();
                format!(
                    "{}, by {} at {}{}. Rationale: {}{}",
                    d.words(),
                    d.operator,
                    zulu_minutes(d.decided_ms),
                    if d.superseded_by.is_some() {
                        " (superseded by a later correction)"
                    } else {
                        ""
                    },
                    d.rationale,
                    caveats.iter().map(|c| format!(" {c}.")).collect::<String>()
                )
            })
            .collect();
        if decisions.is_empty() {
            blocks.push(Block::Paragraph(
                "No decision recorded in this period.".to_owned(),
            ));
        } else {
            blocks.push(Block::List(decisions));
        }
    }
    Section {
        heading: "Runs".to_owned(),
        blocks,
    }
}

/// A prompt on one line of at most 80 characters, for a table's cell.
fn short(prompt: &str) -> String {
    let line = prompt.split_whitespace().collect::<Vec<_>>().join(" ");
    if line.chars().count() > 80 {
        format!("{}…", line.chars().take(79).collect::<String>())
    } else {
        line
    }
}

fn decisions_section(handover: &HandoverView) -> Section {
    let s = &handover.body.snapshot;
    let blocks = if s.decisions.is_empty() {
        vec![Block::Paragraph("No decision in this period.".to_owned())]
    } else {
        vec![Block::Table {
            header: ["Time", "Run", "Decision", "Rationale", "By", "Standing"]
                .map(str::to_owned)
                .to_vec(),
            rows: s
                .decisions
                .iter()
                .map(|d| {
                    vec![
                        zulu_minutes(d.decided_ms),
                        s.runs
                            .iter()
                            .find(|r| r.run_uid == d.run_uid)
                            .map_or_else(|| d.run_uid.clone(), |r| short(&r.prompt)),
                        d.words(),
                        d.rationale.clone(),
                        d.operator.clone(),
                        if d.superseded_by.is_some() {
                            "superseded".to_owned()
                        } else {
                            "in force".to_owned()
                        },
                    ]
                })
                .collect(),
        }]
    };
    Section {
        heading: "Decisions".to_owned(),
        blocks,
    }
}

impl Console {
    /// Saves handover `uid` as a PDF or Markdown briefing in the export
    /// folder `dir`, never over a file; answers the path written.
    ///
    /// Errors: `not_found`; `desktop` when the file cannot be written or
    /// the PDF cannot be made.
    pub async fn export_handover(
        &self,
        uid: &str,
        format: HandoverFormat,
        dir: &std::path::Path,
    ) -> Result<std::path::PathBuf, AppError> {
        let handover = self.handover(uid).await?;
        let (name, bytes) = handover_file(&handover, format, now_ms())?;
        save_new_file(dir, &name, &bytes)
    }
}

/// The file name and bytes of `handover` as `format`.
pub fn handover_file(
    handover: &HandoverView,
    format: HandoverFormat,
    generated_ms: i64,
) -> Result<(String, Vec<u8>), AppError> {
    let briefing = handover_briefing(handover, generated_ms);
    let stamp = file_stamp(handover.body.created_ms);
    Ok(match format {
        HandoverFormat::Markdown => (
            format!("skymarshal-handover-{stamp}.md"),
            skymarshal_briefing::to_markdown(&briefing).into_bytes(),
        ),
        HandoverFormat::Pdf => (
            format!("skymarshal-handover-{stamp}.pdf"),
            skymarshal_briefing::to_pdf(&briefing)?,
        ),
    })
}
