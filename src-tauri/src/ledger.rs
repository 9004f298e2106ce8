//! The decision and handover commands: the duty manager decides on an
//! analysis, names themselves once, verifies the history's chain, and
//! hands the shift over. Each is glue over `skymarshal_app::Console`.

// Tauri hands command arguments over by value; that is its calling
// convention, not a choice made here.
#![allow(clippy::needless_pass_by_value)]

use skymarshal_app::{
    ChainReport, Console, DecisionContext, DecisionRequest, DecisionView, HandoverDraft,
    HandoverFormat, HandoverView, UiError,
};
use tauri::State;

use crate::history::SavedExport;

/// What the decision dialog needs for a run.
#[tauri::command]
pub(crate) async fn decision_context(
    console: State<'_, Console>,
    run_uid: String,
) -> Result<DecisionContext, UiError> {
    Ok(console.decision_context(&run_uid).await?)
}

/// Records a decision, or refuses it in words.
#[tauri::command]
pub(crate) async fn record_decision(
    console: State<'_, Console>,
    request: DecisionRequest,
) -> Result<DecisionView, UiError> {
    Ok(console.record_decision(request).await?)
}

/// The operator name, once set.
#[tauri::command]
pub(crate) async fn operator(console: State<'_, Console>) -> Result<Option<String>, UiError> {
    Ok(console.operator().await?)
}

/// Sets the operator name.
#[tauri::command]
pub(crate) async fn set_operator(console: State<'_, Console>, name: String) -> Result<(), UiError> {
    Ok(console.set_operator(&name).await?)
}

/// Checks the history's chain of records.
#[tauri::command]
pub(crate) async fn verify_history(console: State<'_, Console>) -> Result<ChainReport, UiError> {
    Ok(console.verify_history().await?)
}

/// The handover as it would be created now.
#[tauri::command]
pub(crate) async fn handover_draft(
    console: State<'_, Console>,
    since_ms: Option<i64>,
) -> Result<HandoverDraft, UiError> {
    Ok(console.handover_draft(since_ms).await?)
}

/// Creates a handover with the outgoing duty manager's notes.
#[tauri::command]
pub(crate) async fn create_handover(
    console: State<'_, Console>,
    since_ms: Option<i64>,
    notes: String,
) -> Result<HandoverView, UiError> {
    Ok(console.create_handover(since_ms, &notes).await?)
}

/// Every handover, newest first.
#[tauri::command]
pub(crate) async fn handovers(console: State<'_, Console>) -> Result<Vec<HandoverView>, UiError> {
    Ok(console.handovers().await?)
}

/// One handover.
#[tauri::command]
pub(crate) async fn handover(
    console: State<'_, Console>,
    uid: String,
) -> Result<HandoverView, UiError> {
    Ok(console.handover(&uid).await?)
}

/// Adds a note to a handover.
#[tauri::command]
pub(crate) async fn add_handover_note(
    console: State<'_, Console>,
    uid: String,
    text: String,
) -> Result<HandoverView, UiError> {
    Ok(console.add_handover_note(&uid, &text).await?)
}

/// The incoming duty manager acknowledges a handover.
#[tauri::command]
pub(crate) async fn acknowledge_handover(
    console: State<'_, Console>,
    uid: String,
    by: String,
) -> Result<HandoverView, UiError> {
    Ok(console.acknowledge_handover(&uid, &by).await?)
}

/// Saves a handover as a PDF or Markdown briefing in the export folder,
/// never over a file.
#[tauri::command]
pub(crate) async fn export_handover(
    console: State<'_, Console>,
    uid: String,
    format: HandoverFormat,
) -> Result<SavedExport, UiError> {
    let path = console
        .export_handover(&uid, format, &skymarshal_app::export_dir())
        .await?;
    Ok(SavedExport {
        path: path.display().to_string(),
    })
}
