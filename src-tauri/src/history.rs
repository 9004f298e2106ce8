//! The history commands: the window reviews, replays, exports, imports
//! and deletes what the console keeps. Each is glue over
//! `skymarshal_app::Console`; a replay streams through a channel exactly
//! as a live run does.

// Tauri hands command arguments over by value; that is its calling
// convention, not a choice made here.
#![allow(clippy::needless_pass_by_value)]

use serde::Serialize;
use skymarshal_app::{
    Console, ExportFormat, HistoryPage, HistoryQuery, HistoryStatus, ImportReport, Place,
    RunMessage, RunStarted, SessionDetail, StoredRun, UiError,
};
use tauri::State;
use tauri::ipc::Channel;

/// Whether there is a history, its retention, and where the user was.
#[tauri::command]
pub(crate) async fn history_status(console: State<'_, Console>) -> Result<HistoryStatus, UiError> {
    Ok(console.history_status().await)
}

/// Sessions, or the runs matching the query's words.
#[tauri::command]
pub(crate) async fn history(
    console: State<'_, Console>,
    query: HistoryQuery,
) -> Result<HistoryPage, UiError> {
    Ok(console.history(query).await?)
}

/// One session and its runs.
#[tauri::command]
pub(crate) async fn history_session(
    console: State<'_, Console>,
    id: i64,
) -> Result<SessionDetail, UiError> {
    Ok(console.history_session(id).await?)
}

/// A past run with the messages the window received, from the history
/// alone: no network, no credential.
#[tauri::command]
pub(crate) async fn open_run(
    console: State<'_, Console>,
    uid: String,
) -> Result<StoredRun, UiError> {
    Ok(console.stored_run(&uid).await?)
}

/// Plays a past run back on `channel` at `speed` times its pace.
#[tauri::command]
pub(crate) async fn replay_run(
    console: State<'_, Console>,
    uid: String,
    speed: f64,
    channel: Channel<RunMessage>,
) -> Result<RunStarted, UiError> {
    Ok(console
        .replay(&uid, speed, move |message| {
            if let Err(error) = channel.send(message) {
                tracing::warn!(%error, "the window did not take a replay message");
            }
        })
        .await?)
}

/// Deletes a session with everything in it.
#[tauri::command]
pub(crate) async fn delete_session(console: State<'_, Console>, id: i64) -> Result<(), UiError> {
    Ok(console.delete_session(id).await?)
}

/// Where an export went.
#[derive(Debug, Serialize)]
pub(crate) struct SavedExport {
    pub(crate) path: String,
}

/// Saves a session or a run in the export folder, never over a file.
#[tauri::command]
pub(crate) async fn save_export(
    console: State<'_, Console>,
    session: Option<i64>,
    run: Option<String>,
    format: ExportFormat,
) -> Result<SavedExport, UiError> {
    let file = console.export(session, run, format).await?;
    let path = file.save_in(&skymarshal_app::export_dir())?;
    Ok(SavedExport {
        path: path.display().to_string(),
    })
}

/// A session or a run's Markdown report, to copy.
#[tauri::command]
pub(crate) async fn report_text(
    console: State<'_, Console>,
    session: Option<i64>,
    run: Option<String>,
) -> Result<String, UiError> {
    let file = console.export(session, run, ExportFormat::Markdown).await?;
    Ok(file.text)
}

/// Adds an exported session to the history.
#[tauri::command]
pub(crate) async fn import_history(
    console: State<'_, Console>,
    text: String,
) -> Result<ImportReport, UiError> {
    Ok(console.import_history(&text).await?)
}

/// Sets how long sessions are kept; answers how many were deleted.
#[tauri::command]
pub(crate) async fn set_retention(
    console: State<'_, Console>,
    days: Option<u32>,
) -> Result<usize, UiError> {
    Ok(console.set_retention_days(days).await?)
}

/// Remembers where the user is, to bring them back there.
#[tauri::command]
pub(crate) async fn set_place(console: State<'_, Console>, place: Place) -> Result<(), UiError> {
    Ok(console.set_place(place).await?)
}
