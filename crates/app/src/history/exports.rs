//! Exported history as files: the lossless JSON document or the readable
//! Markdown report, named so that a folder of them sorts by time, saved
//! without ever overwriting an earlier export.

use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use crate::clock::file_stamp;
use crate::history::report::markdown_report;
use crate::{AppError, Console};

/// What an export is for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ExportFormat {
    /// Every event, lossless, for another console to import.
    Json,
    /// A report a person reads.
    Markdown,
}

/// An export, ready to save or copy.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ExportFile {
    /// A file name that sorts by time.
    pub file_name: String,
    /// The content.
    pub text: String,
}

impl Console {
    /// A session (or one run of it, with `run`) as a file.
    pub async fn export(
        &self,
        session: Option<i64>,
        run: Option<String>,
        format: ExportFormat,
    ) -> Result<ExportFile, AppError> {
        let what = if run.is_some() { "run" } else { "session" };
        let document = self.export_document(session, run).await?;
        let stamp = file_stamp(document.first_activity_ms);
        let environment: String = document
            .environment
            .chars()
            .map(|c| {
                if c.is_ascii_alphanumeric() {
                    c.to_ascii_lowercase()
                } else {
                    '-'
                }
            })
            .collect();
        let (extension, text) = match format {
            ExportFormat::Json => (
                "json",
                serde_json::to_string_pretty(&document).unwrap_or_default(),
            ),
            ExportFormat::Markdown => ("md", markdown_report(&document)),
        };
        Ok(ExportFile {
            file_name: format!("skymarshal-{environment}-{stamp}-{what}.{extension}"),
            text,
        })
    }
}

impl ExportFile {
    /// Writes the file into `dir` (created when needed), never over an
    /// existing file; answers the path written.
    pub fn save_in(&self, dir: &Path) -> Result<PathBuf, AppError> {
        save_new_file(dir, &self.file_name, self.text.as_bytes())
    }
}

/// Writes `bytes` into `dir` (created when needed) as `file_name`, or as
/// `stem-2.ext`, `stem-3.ext`... when that name is taken: never over an
/// existing file. Answers the path written.
pub(crate) fn save_new_file(
    dir: &Path,
    file_name: &str,
    bytes: &[u8],
) -> Result<PathBuf, AppError> {
    let io = |source: std::io::Error| {
        AppError::Invalid(format!(
            "The export could not be saved in {}: {source}. Choose a folder you may write to \
             (SKYMARSHAL_EXPORT_DIR), or copy the report instead.",
            dir.display()
        ))
    };
    std::fs::create_dir_all(dir).map_err(io)?;
    let (stem, extension) = file_name.rsplit_once('.').unwrap_or((file_name, "txt"));
    for n in 1.. {
        let name = if n == 1 {
            file_name.to_owned()
        } else {
            format!("{stem}-{n}.{extension}")
        };
        let path = dir.join(name);
        match std::fs::OpenOptions::new()
            .write(true)
            .create_new(true)
            .open(&path)
        {
            Ok(mut file) => {
                use std::io::Write as _;
                file.write_all(bytes).map_err(io)?;
                file.sync_all().map_err(io)?;
                return Ok(path);
            }
            Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => {}
            Err(e) => return Err(io(e)),
        }
    }
    unreachable!("an unbounded range always yields a free name")
}
