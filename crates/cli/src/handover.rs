//! `skymarshal handover`: the shift handover on the history's chain, as
//! the window makes it: created from a period (every run with its outcome,
//! every decision, the open items, the outgoing duty manager's notes),
//! shown, noted, acknowledged once by the incoming duty manager, and
//! exported as a PDF or Markdown briefing.

use std::path::PathBuf;

use clap::{Args, Subcommand, ValueEnum};
use skymarshal_app::{
    AppError, HandoverFormat, HandoverView, export_dir, handover_file, now_ms, zulu, zulu_minutes,
};
use skymarshal_store::RunStatus;

use crate::{console, exit};

#[derive(Debug, Args)]
pub(crate) struct HandoverArgs {
    #[command(subcommand)]
    action: Action,
}

#[derive(Debug, Subcommand)]
enum Action {
    /// Hand over the shift: every run of the period with its outcome, every
    /// decision and the open items, recorded in the history's chain.
    Create {
        /// The period's start, in RFC 3339 (2026-03-01T06:00:00Z, or with an
        /// offset such as +04:00). Default: since the last handover, else the
        /// last 12 hours.
        #[arg(long, value_name = "TIME")]
        since: Option<String>,
        /// A note for the incoming duty manager (repeat for several).
        #[arg(long = "note", value_name = "TEXT")]
        notes: Vec<String>,
    },
    /// Every handover, newest first.
    List,
    /// A handover as its briefing, in Markdown.
    Show {
        /// The handover's id, as `create` or `list` printed it.
        id: String,
    },
    /// The incoming duty manager acknowledges a handover, which locks it.
    Ack {
        /// The handover's id.
        id: String,
        /// The incoming duty manager's name.
        #[arg(long, value_name = "NAME")]
        by: String,
    },
    /// Add a note to a handover (after its acknowledgement, marked so).
    Note {
        /// The handover's id.
        id: String,
        /// The note.
        text: String,
    },
    /// Save a handover's briefing: the summary page, then the details.
    Export {
        /// The handover's id.
        id: String,
        /// The briefing's format.
        #[arg(long, value_enum, default_value = "pdf")]
        format: Format,
        /// Write to this file (replacing it). Without it, the briefing is
        /// saved in the export folder under a new name, never over a file.
        #[arg(long, short, value_name = "FILE")]
        output: Option<PathBuf>,
    },
}

#[derive(Debug, Clone, Copy, ValueEnum)]
enum Format {
    Pdf,
    Markdown,
}

impl From<Format> for HandoverFormat {
    fn from(format: Format) -> Self {
        match format {
            Format::Pdf => Self::Pdf,
            Format::Markdown => Self::Markdown,
        }
    }
}

pub(crate) async fn run(args: &HandoverArgs) -> anyhow::Result<u8> {
    let since_ms = match &args.action {
        Action::Create {
            since: Some(text), ..
        } => match rfc3339_ms(text) {
            Some(ms) => Some(ms),
            None => {
                eprintln!(
                    "skymarshal: --since takes a time in RFC 3339, such as 2026-03-01T06:00:00Z, \
                     not {text:?}."
                );
                return Ok(exit::code(skymarshal_core::ErrorKind::Validation));
            }
        },
        _ => None,
    };
    let console = match console::open().await {
        Ok(console) => console,
        Err(error) => return Ok(exit::refused(&error)),
    };
    // Before adding to the chain, as the window warns on open.
    if matches!(
        args.action,
        Action::Create { .. } | Action::Note { .. } | Action::Ack { .. }
    ) {
        console::warn_if_chain_broken(&console).await;
    }
    let done = match &args.action {
        Action::Create { notes, .. } => console
            .create_handover(since_ms, &notes.join("\n"))
            .await
            .map(|h| created(&h)),
        Action::List => console.handovers().await.map(|all| list(&all)),
        Action::Show { id } => match console.handover(id).await {
            Ok(h) => handover_file(&h, HandoverFormat::Markdown, now_ms())
                .map(|(_, bytes)| print!("{}", String::from_utf8_lossy(&bytes))),
            Err(error) => Err(error),
        },
        Action::Ack { id, by } => console.acknowledge_handover(id, by).await.map(|h| {
            if let Some(ack) = &h.ack {
                println!(
                    "Handover {} acknowledged by {} at {}; it is locked (a later note is marked \
                     as added after the acknowledgement).",
                    h.body.uid,
                    ack.by,
                    zulu(ack.acked_ms)
                );
            }
        }),
        Action::Note { id, text } => console.add_handover_note(id, text).await.map(|h| {
            let after = if h.ack.is_some() {
                ", after its acknowledgement"
            } else {
                ""
            };
            println!("Note added to handover {}{after}.", h.body.uid);
        }),
        Action::Export { id, format, output } => {
            export(&console, id, (*format).into(), output.as_ref()).await
        }
    };
    Ok(match done {
        Ok(()) => 0,
        Err(error) => exit::refused(&error),
    })
}

/// `text` as RFC 3339, in ms since the epoch.
fn rfc3339_ms(text: &str) -> Option<i64> {
    let at =
        time::OffsetDateTime::parse(text.trim(), &time::format_description::well_known::Rfc3339)
            .ok()?;
    i64::try_from(at.unix_timestamp_nanos() / 1_000_000).ok()
}

fn created(h: &HandoverView) {
    let s = &h.body.snapshot;
    let count = |status: RunStatus| s.runs.iter().filter(|r| r.status == status).count();
    println!(
        "Handover {} created (record {} of the history's chain) by {}, for {} to {}.",
        h.body.uid,
        h.seq,
        h.body.operator,
        zulu_minutes(s.since_ms),
        zulu_minutes(s.until_ms)
    );
    println!(
        "  runs: {} ({} complete, {} failed, {} interrupted, {} cancelled)",
        s.runs.len(),
        count(RunStatus::Complete),
        count(RunStatus::Failed),
        count(RunStatus::Interrupted),
        count(RunStatus::Cancelled)
    );
    println!("  decisions: {}", s.decisions.len());
    println!("  open items: {}", s.open_items.len());
    for item in &s.open_items {
        println!("    - {}", item.text);
    }
    println!(
        "The incoming duty manager acknowledges it with `skymarshal handover ack {} --by NAME`.",
        h.body.uid
    );
}

fn list(all: &[HandoverView]) {
    if all.is_empty() {
        println!("No handover in this history yet; create one with `skymarshal handover create`.");
        return;
    }
    for h in all {
        let s = &h.body.snapshot;
        let ack = h.ack.as_ref().map_or("not acknowledged".to_owned(), |a| {
            format!("acknowledged by {}", a.by)
        });
        println!(
            "{}  {}  by {}  {} run(s), {} decision(s), {} open  {ack}",
            h.body.uid,
            zulu_minutes(h.body.created_ms),
            h.body.operator,
            s.runs.len(),
            s.decisions.len(),
            s.open_items.len()
        );
    }
}

/// Saves the briefing: to `output` when given (replacing it, as asked),
/// else in the export folder under a name of its own, never over a file.
async fn export(
    console: &skymarshal_app::Console,
    id: &str,
    format: HandoverFormat,
    output: Option<&PathBuf>,
) -> Result<(), AppError> {
    let path = match output {
        Some(path) => {
            let handover = console.handover(id).await?;
            let (_, bytes) = handover_file(&handover, format, now_ms())?;
            std::fs::write(path, bytes).map_err(|e| {
                AppError::Invalid(format!(
                    "The briefing could not be written to {}: {e}.",
                    path.display()
                ))
            })?;
            path.clone()
        }
        None => console.export_handover(id, format, &export_dir()).await?,
    };
    println!("Saved handover {id} as {}", path.display());
    Ok(())
}
