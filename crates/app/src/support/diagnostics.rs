//! What support needs, in one text a user can attach to a ticket: the
//! versions, the OS, where things are, the environments (never a secret),
//! the last runs' ids and outcomes, and the newest log lines. The window's
//! "Copy diagnostics" and `skymarshal doctor --bundle` print the same.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use serde::Serialize;
use skymarshal_envs::{Catalog, Locations};
use skymarshal_store::{SessionFilter, Store};

use crate::clock::{now_ms, zulu};
use crate::history::exports::ExportFile;
use crate::paths::{export_dir, history_path, log_dir};

/// How many runs and log lines a bundle carries.
const LAST_RUNS: usize = 20;
const LOG_LINES: usize = 200;

/// The console's version, build and the places it keeps things.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct About {
    /// `0.1.0`.
    pub version: String,
    /// `release` or `debug`, with the target (`x86_64-linux`).
    pub build: String,
    /// The environments file.
    pub environments_file: String,
    /// The organisation's file, when there is one.
    pub organisation_file: Option<String>,
    /// The history database.
    pub history_file: String,
    /// The folder of log files.
    pub log_dir: String,
    /// Where exports are saved.
    pub export_dir: String,
}

impl About {
    /// This build's version and paths.
    pub fn here() -> Self {
        let locations = Locations::from_env();
        Self {
            version: env!("CARGO_PKG_VERSION").to_owned(),
            build: format!(
                "{} build, {}-{}",
                if cfg!(debug_assertions) {
                    "debug"
                } else {
                    "release"
                },
                std::env::consts::ARCH,
                std::env::consts::OS
            ),
            environments_file: locations.user_file.display().to_string(),
            organisation_file: locations.org_file.map(|p| p.display().to_string()),
            history_file: history_path().display().to_string(),
            log_dir: log_dir().display().to_string(),
            export_dir: export_dir().display().to_string(),
        }
    }
}

/// The diagnostics text for `program` (`skymarshal-console 0.1.0`...).
/// The support bundle `text` as a file for the export folder, named
/// `skymarshal-diagnostics-1764556325.txt` after the second it was saved
/// (seconds since the epoch), for a desktop whose clipboard is not
/// available.
pub fn diagnostics_file(text: String) -> ExportFile {
    ExportFile {
        file_name: format!("skymarshal-diagnostics-{}.txt", now_ms() / 1000),
        text,
    }
}

/// Blocking: it reads files and the history.
pub fn diagnostics(program: &str) -> String {
    let about = About::here();
    let mut out = String::new();
    let _ = writeln!(out, "SkyMarshal diagnostics, {}", zulu(now_ms()));
    let _ = writeln!(
        out,
        "Program: {program} {} ({})",
        about.version, about.build
    );
    let _ = writeln!(out, "OS: {}", os_name());
    let _ = writeln!(out, "\n## Where things are");
    let _ = writeln!(out, "Environments file: {}", about.environments_file);
    if let Some(org) = &about.organisation_file {
        let _ = writeln!(out, "Organisation file: {org}");
    }
    let _ = writeln!(out, "History: {}", about.history_file);
    let _ = writeln!(out, "Logs: {}", about.log_dir);
    let _ = writeln!(out, "Exports: {}", about.export_dir);

    let catalog = Catalog::load(&Locations::from_env());
    let _ = writeln!(out, "\n## Environments (no secrets)");
    if catalog.environments.is_empty() {
        let _ = writeln!(out, "None configured besides the training simulator.");
    }
    for env in &catalog.environments {
        let _ = writeln!(
            out,
            "- {}: {} · auth {} · {}{}",
            env.name,
            env.invoke_url,
            env.auth.method(),
            if env.production {
                "production"
            } else {
                "not production"
            },
            env.health_url
                .as_deref()
                .map_or(String::new(), |h| format!(" · health {h}"))
        );
    }
    for problem in &catalog.diagnostics {
        let _ = writeln!(out, "- problem: {problem}");
    }

    let _ = writeln!(out, "\n## Last runs");
    match last_runs(&history_path()) {
        Ok(lines) if lines.is_empty() => {
            let _ = writeln!(out, "No run in the history.");
        }
        Ok(lines) => lines.iter().for_each(|l| {
            let _ = writeln!(out, "{l}");
        }),
        Err(error) => {
            let _ = writeln!(out, "The history could not be read: {error}");
        }
    }

    let _ = writeln!(out, "\n## Recent log lines");
    for program in ["console", "cli"] {
        match recent_log_lines(&log_dir(), program, LOG_LINES) {
            Some((file, lines)) => {
                let _ = writeln!(out, "### {}\n{lines}", file.display());
            }
            None => {
                let _ = writeln!(out, "### {program}: no log file yet in {}", about.log_dir);
            }
        }
    }
    out
}

fn os_name() -> String {
    let pretty = std::fs::read_to_string("/etc/os-release")
        .ok()
        .and_then(|text| {
            text.lines()
                .find_map(|l| l.strip_prefix("PRETTY_NAME="))
                .map(|v| v.trim_matches('"').to_owned())
        });
    let kernel = std::fs::read_to_string("/proc/sys/kernel/osrelease").ok();
    format!(
        "{} {}{}{}",
        std::env::consts::OS,
        std::env::consts::ARCH,
        pretty.map_or(String::new(), |p| format!(", {p}")),
        kernel.map_or(String::new(), |k| format!(", kernel {}", k.trim()))
    )
}

fn last_runs(path: &Path) -> Result<Vec<String>, skymarshal_store::Error> {
    if !path.exists() {
        return Ok(Vec::new());
    }
    let store = Store::open_beside(path)?;
    let mut lines = Vec::new();
    for session in store.sessions(&SessionFilter {
        limit: Some(LAST_RUNS as u32),
        ..SessionFilter::default()
    })? {
        for run in store.runs(session.id)?.into_iter().rev() {
            lines.push((
                run.started_ms,
                format!(
                    "- {} · {} · {} · request {} · session {}{}",
                    zulu(run.started_ms),
                    session.environment,
                    run.status.as_str(),
                    run.request_id.as_deref().unwrap_or("none"),
                    session.server_session_id.as_deref().unwrap_or("none"),
                    run.error_kind
                        .as_deref()
                        .map_or(String::new(), |k| format!(" · error {k}"))
                ),
            ));
        }
    }
    lines.sort_by_key(|l| std::cmp::Reverse(l.0));
    Ok(lines.into_iter().take(LAST_RUNS).map(|(_, l)| l).collect())
}

/// The newest log file of `program` in `dir`, and its last `count` lines.
fn recent_log_lines(dir: &Path, program: &str, count: usize) -> Option<(PathBuf, String)> {
    let newest = std::fs::read_dir(dir)
        .ok()?
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| {
            p.extension().is_some_and(|x| x == "log")
                && p.file_name()
                    .and_then(|n| n.to_str())
                    .is_some_and(|n| n.starts_with(&format!("{program}.")))
        })
        .max()?;
    let text = std::fs::read_to_string(&newest).ok()?;
    let lines: Vec<&str> = text.lines().collect();
    let start = lines.len().saturating_sub(count);
    Some((newest, lines[start..].join("\n")))
}
