//! `skymarshal history`: the console's local history from a terminal, on
//! the same SQLite file the window writes: list and search sessions and
//! runs, show one as a report with its decisions, export and import,
//! delete, set how long the history keeps things and when an analysis is
//! too old to decide on without asking, and verify the chain of decision
//! and handover records. Every failure of the history goes through the
//! same words and exit codes as `decide` and `handover` (13 not found, 18
//! the history unavailable...).

use std::io::Read as _;
use std::path::PathBuf;

use anyhow::Context as _;
use clap::{Args, Subcommand, ValueEnum};
use skymarshal_app::{AppError, markdown_report, now_ms, zulu_minutes as zulu};
use skymarshal_store::{RunStatus, SessionExport, SessionFilter, Store};

use crate::{console, exit};

/// The stale limit's range, in minutes: a minute to a day.
const STALE_LIMIT_MINUTES: std::ops::RangeInclusive<u32> = 1..=1440;

#[derive(Debug, Args)]
pub(crate) struct HistoryArgs {
    #[command(subcommand)]
    action: Action,
}

#[derive(Debug, Subcommand)]
enum Action {
    /// Sessions, most recently active first.
    List {
        #[command(flatten)]
        filter: FilterArgs,
    },
    /// Runs whose prompt, decision, recommendations or options hold every
    /// word (flight and tail numbers included), newest first.
    Search {
        /// The words; any characters are safe.
        #[arg(required = true)]
        words: Vec<String>,
        #[command(flatten)]
        filter: FilterArgs,
    },
    /// A session (by number) or a run (by id) as a readable report.
    Show {
        /// A session number from `list`, or a run id from `search`.
        id: String,
    },
    /// A session or a run as a file: JSON with every event (importable),
    /// or a Markdown report.
    Export {
        /// A session number, or a run id.
        id: String,
        /// What to write.
        #[arg(long, value_enum, default_value = "json")]
        format: Format,
        /// Write to this file instead of standard output.
        #[arg(long, short)]
        output: Option<PathBuf>,
    },
    /// Add an exported session to this history (`-` reads standard input).
    Import {
        /// The file.
        file: PathBuf,
    },
    /// Delete a session with every run and event in it.
    Delete {
        /// The session number.
        session: i64,
    },
    /// Show or set how long sessions are kept after their last activity.
    Retention {
        /// A number of days, or `forever`.
        days: Option<String>,
    },
    /// Show or set the minutes after which an analysis is stale: deciding
    /// on an older one asks first (`decide --stale-ok`). 30 unless set.
    StaleLimit {
        /// Whole minutes, from 1 to 1440 (a day).
        minutes: Option<String>,
    },
    /// Check the whole chain of decision and handover records: exits 0
    /// when every record is as written, 17 naming the first broken one.
    Verify,
}

#[derive(Debug, Clone, Copy, ValueEnum)]
enum Format {
    Json,
    Markdown,
}

#[derive(Debug, Args)]
struct FilterArgs {
    /// Only this environment (by name).
    #[arg(long)]
    env: Option<String>,
    /// Active on or after this day (YYYY-MM-DD, UTC).
    #[arg(long, value_name = "DATE")]
    from: Option<String>,
    /// Active before the end of this day (YYYY-MM-DD, UTC).
    #[arg(long, value_name = "DATE")]
    to: Option<String>,
    /// Only sessions with a run that ended so.
    #[arg(long, value_parser = ["complete", "failed", "cancelled", "interrupted", "streaming"])]
    outcome: Option<String>,
    /// At most this many.
    #[arg(long, default_value_t = 50)]
    limit: u32,
    /// Print JSON instead of a table.
    #[arg(long)]
    json: bool,
}

impl FilterArgs {
    fn filter(&self) -> anyhow::Result<SessionFilter> {
        Ok(SessionFilter {
            environment: self.env.clone(),
            from_ms: self
                .from
                .as_deref()
                .map(|d| day_ms(d, "--from"))
                .transpose()?,
            to_ms: self
                .to
                .as_deref()
                .map(|d| day_ms(d, "--to").map(|ms| ms + 86_400_000))
                .transpose()?,
            outcome: self.outcome.as_deref().and_then(RunStatus::from_name),
            limit: Some(self.limit),
        })
    }
}

fn day_ms(text: &str, flag: &str) -> anyhow::Result<i64> {
    let format = time::macros::format_description!("[year]-[month]-[day]");
    let date = time::Date::parse(text, format)
        .with_context(|| format!("{flag} takes a day as YYYY-MM-DD (UTC), not {text:?}"))?;
    Ok((date.midnight().assume_utc().unix_timestamp_nanos() / 1_000_000) as i64)
}

/// Runs the action; a failure of the history itself (not found,
/// unavailable, damaged) or a value refused answers its code with one
/// sentence on stderr, as the console's commands do.
pub(crate) fn run(args: &HistoryArgs) -> anyhow::Result<u8> {
    match act(args) {
        Ok(code) => Ok(code),
        Err(error) => match error.downcast::<skymarshal_store::Error>() {
            Ok(store) => Ok(exit::refused(&AppError::History(store))),
            Err(error) => match error.downcast::<AppError>() {
                Ok(app) => Ok(exit::refused(&app)),
                Err(error) => Err(error),
            },
        },
    }
}

fn act(args: &HistoryArgs) -> anyhow::Result<u8> {
    let path = skymarshal_app::history_path();
    let mut store = Store::open_beside(&path)?;
    match &args.action {
        Action::List { filter } => {
            let sessions = store.sessions(&filter.filter()?)?;
            if filter.json {
                println!("{:#}", serde_json::to_value(&sessions)?);
            } else if sessions.is_empty() {
                println!("No session in the history at {} matches.", path.display());
            } else {
                println!(
                    "{:>7}  {:<17}  {:<16}  {:>4}  {:<11}  TITLE",
                    "SESSION", "LAST ACTIVITY", "ENVIRONMENT", "RUNS", "LAST RUN"
                );
                for s in sessions {
                    println!(
                        "{:>7}  {:<17}  {:<16}  {:>4}  {:<11}  {}",
                        s.id,
                        zulu(s.last_activity_ms),
                        s.environment,
                        s.runs,
                        s.last_status.as_str(),
                        s.title
                    );
                    if let Some(desk) = &s.desk {
                        println!("{:>7}  {}", "", desk_mark(desk, s.operator.as_deref()));
                    }
                }
            }
        }
        Action::Search { words, filter } => {
            let hits = store.search(&words.join(" "), &filter.filter()?)?;
            if filter.json {
                println!("{:#}", serde_json::to_value(&hits)?);
            } else if hits.is_empty() {
                println!("No run matches {:?}.", words.join(" "));
            } else {
                for hit in hits {
                    // A rationale's line breaks stay under the match's indent.
                    let desk = hit.run.desk.as_deref().map_or(String::new(), |desk| {
                        format!("  {}", desk_mark(desk, hit.run.operator.as_deref()))
                    });
                    println!(
                        "{}  {}  session {}  {}  {}{desk}\n    {}",
                        zulu(hit.run.started_ms),
                        hit.environment,
                        hit.run.session_id,
                        hit.run.status.as_str(),
                        hit.run.uid,
                        indented(&hit.snippet, 4)
                    );
                }
            }
        }
        // One report, decisions included, for `show` and the Markdown export.
        Action::Show { id } => {
            let mut document = document(&store, id)?;
            if let Some(mark) = other_desk(&store, id, &mut document)? {
                println!("{mark}\n");
            }
            print!("{}", markdown_report(&document));
        }
        Action::Export { id, format, output } => {
            let document = document(&store, id)?;
            let text = match format {
                Format::Json => serde_json::to_string_pretty(&document)? + "\n",
                Format::Markdown => markdown_report(&document),
            };
            match output {
                Some(path) => std::fs::write(path, text)
                    .with_context(|| format!("could not write {}", path.display()))?,
                None => print!("{text}"),
            }
        }
        Action::Import { file } => {
            let text = read(file)?;
            let report = store.import(&SessionExport::parse(&text)?)?;
            println!(
                "Imported into session {}: {} run(s) added, {} already here.",
                report.session, report.added, report.skipped
            );
        }
        Action::Delete { session } => {
            let row = store.session(*session)?;
            store.delete_session(*session)?;
            println!(
                "Deleted session {session} ({}, {} run(s)).",
                row.title, row.runs
            );
        }
        Action::Retention { days } => retention(&mut store, days.as_deref())?,
        Action::StaleLimit { minutes } => stale_limit(&mut store, minutes.as_deref())?,
        Action::Verify => return verify(&store),
    }
    Ok(0)
}

/// The chain checked through the app's rule: intact, or the first broken
/// record named (seq, kind, uid, why) in one sentence.
fn verify(store: &Store) -> anyhow::Result<u8> {
    let report = store.verify_chain()?;
    let broken = report.first_broken.clone();
    match (skymarshal_app::chain_intact(report), broken) {
        (Ok(report), _) => {
            println!("decision chain intact: {} records", report.records);
            Ok(0)
        }
        (Err(error), Some(b)) => {
            eprintln!(
                "skymarshal: the decision chain is broken at record {} ({}): {}",
                b.seq,
                console::which(&b),
                b.message
            );
            Ok(exit::app_code(&error))
        }
        (Err(error), None) => Ok(exit::refused(&error)),
    }
}

/// A session by number, or a run by id.
fn document(store: &Store, id: &str) -> anyhow::Result<SessionExport> {
    Ok(match id.parse::<i64>() {
        Ok(session) => store.export_session(session)?,
        Err(_) => store.export_run(id)?,
    })
}

/// `desk OCC-2 · Sara Ahmed`: where a run pulled from the team store was
/// recorded, as the window labels it.
fn desk_mark(desk: &str, operator: Option<&str>) -> String {
    match operator {
        Some(name) => format!("desk {desk} · {name}"),
        None => format!("desk {desk}"),
    }
}

/// For a session or run recorded on another desk: the line that says so,
/// with its decisions (pulled from the team store, apart from this file's
/// own chain) put into `document` for the report; `None` for this desk's.
fn other_desk(
    store: &Store,
    id: &str,
    document: &mut SessionExport,
) -> anyhow::Result<Option<String>> {
    let (desk, operator) = match id.parse::<i64>() {
        Ok(session) => {
            let row = store.session(session)?;
            (row.desk, row.operator)
        }
        Err(_) => {
            let row = store.run(id)?;
            (row.desk, row.operator)
        }
    };
    let Some(desk) = desk else {
        return Ok(None);
    };
    for run in &document.runs {
        for record in store.team_ledger(Some(&run.uid))? {
            let Some(kind) = skymarshal_store::RecordKind::from_name(&record.kind) else {
                continue;
            };
            document.records.push(skymarshal_store::RecordExport {
                seq: record.server_seq,
                uid: record.uid,
                kind,
                subject: record.subject,
                created_ms: record.created_ms,
                body: serde_json::from_str(&record.body)?,
                prev_hash: record.prev_hash,
                hash: record.hash,
            });
        }
    }
    Ok(Some(format!(
        "Recorded on {}; decisions on it are taken on that desk.",
        desk_mark(&desk, operator.as_deref())
    )))
}

fn retention(store: &mut Store, days: Option<&str>) -> anyhow::Result<()> {
    let days = match days {
        None => {
            match store.retention_days()? {
                Some(days) => {
                    println!("Sessions are kept {days} day(s) after their last activity.");
                }
                None => println!("Sessions are kept for ever."),
            }
            return Ok(());
        }
        Some("forever") => None,
        Some(text) => Some(text.parse::<u32>().map_err(|_| {
            AppError::Invalid(format!(
                "Give the retention as a number of days or `forever`, not {text:?}."
            ))
        })?),
    };
    let days_kept =
        skymarshal_store::retention(days).map_err(|e| AppError::Invalid(e.to_string()))?;
    let removed = store.set_retention_days(days_kept, now_ms())?;
    match days {
        Some(days) => {
            println!("Sessions are now kept {days} day(s); {removed} older session(s) deleted.");
        }
        None => println!("Sessions are now kept for ever."),
    }
    Ok(())
}

/// Shows the stale limit, or sets it from `minutes` (whole minutes in
/// [`STALE_LIMIT_MINUTES`]; anything else refused in words, exit 3).
fn stale_limit(store: &mut Store, minutes: Option<&str>) -> anyhow::Result<()> {
    let Some(text) = minutes else {
        println!(
            "An analysis is stale after {} minute(s): deciding on an older one asks first \
             (`decide --stale-ok`).",
            store.stale_after_minutes()?
        );
        return Ok(());
    };
    let minutes = text
        .trim()
        .parse::<u32>()
        .ok()
        .filter(|m| STALE_LIMIT_MINUTES.contains(m))
        .and_then(std::num::NonZeroU32::new)
        .ok_or_else(|| {
            AppError::Invalid(format!(
                "Give the stale limit as a whole number of minutes from {} to {} (a day), not \
                 {text:?}.",
                STALE_LIMIT_MINUTES.start(),
                STALE_LIMIT_MINUTES.end()
            ))
        })?;
    store.set_stale_after_minutes(minutes)?;
    println!(
        "An analysis is now stale after {minutes} minute(s): deciding on an older one asks \
         first, in the console and with `decide` (--stale-ok)."
    );
    Ok(())
}

/// `text`'s lines after the first indented by `by` spaces.
pub(crate) fn indented(text: &str, by: usize) -> String {
    text.lines()
        .collect::<Vec<_>>()
        .join(&format!("\n{}", " ".repeat(by)))
}

fn read(file: &PathBuf) -> anyhow::Result<String> {
    if file.as_os_str() == "-" {
        let mut text = String::new();
        std::io::stdin().read_to_string(&mut text)?;
        return Ok(text);
    }
    std::fs::read_to_string(file).with_context(|| format!("could not read {}", file.display()))
}
