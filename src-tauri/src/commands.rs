//! The commands the window may call (and, by its capability, nothing
//! else). Each is glue over `skymarshal_app::Console`.

// Tauri hands command arguments over by value; that is its calling
// convention, not a choice made here.
#![allow(clippy::needless_pass_by_value)]

use skymarshal_app::{
    Changed, Console, EnvironmentList, HealthReport, Imported, RunMessage, RunStarted,
    StartRequest, UiError,
};
use skymarshal_envs::EnvironmentDraft;
use skymarshal_secrets::{CredentialStatus, Secret, SecretKind};
use tauri::State;

use crate::desktop;
use tauri::ipc::Channel;

/// The environments the console knows, and the problems in their files.
/// Never carries a secret.
#[tauri::command]
pub(crate) fn environments(console: State<'_, Console>) -> EnvironmentList {
    console.environment_list()
}

/// Starts an analysis; its messages arrive on `channel`, the last being
/// `finished`. Refused before sending when the request breaks a rule.
#[tauri::command]
pub(crate) async fn start_analysis(
    console: State<'_, Console>,
    request: StartRequest,
    channel: Channel<RunMessage>,
) -> Result<RunStarted, UiError> {
    Ok(console
        .start(request, move |message| {
            if let Err(error) = channel.send(message) {
                tracing::warn!(%error, "the window did not take a run message");
            }
        })
        .await?)
}

/// Cancels a run in flight.
#[tauri::command]
pub(crate) fn cancel_analysis(console: State<'_, Console>, run_id: String) -> Result<(), UiError> {
    Ok(console.cancel(&run_id)?)
}

/// Which credentials of an environment are set; never their values.
#[tauri::command]
pub(crate) async fn credential_status(
    console: State<'_, Console>,
    environment_id: String,
) -> Result<CredentialStatus, UiError> {
    Ok(console.credential_status(&environment_id).await?)
}

/// Stores a secret in the OS keyring. The secret goes in and never comes
/// back: the answer is the status, which holds no secret.
#[tauri::command]
pub(crate) async fn set_credential(
    console: State<'_, Console>,
    environment_id: String,
    kind: SecretKind,
    secret: String,
) -> Result<CredentialStatus, UiError> {
    Ok(console
        .set_credential(&environment_id, kind, Secret::new(secret))
        .await?)
}

/// Removes a secret from the OS keyring.
#[tauri::command]
pub(crate) async fn clear_credential(
    console: State<'_, Console>,
    environment_id: String,
    kind: SecretKind,
) -> Result<CredentialStatus, UiError> {
    Ok(console.clear_credential(&environment_id, kind).await?)
}

/// Saves an environment into the user's file: over `original_id` when
/// given, else as a new one. Answers the new list.
#[tauri::command]
pub(crate) async fn save_environment(
    console: State<'_, Console>,
    original_id: Option<String>,
    draft: EnvironmentDraft,
) -> Result<Changed, UiError> {
    Ok(console
        .save_environment(original_id.as_deref(), &draft)
        .await?)
}

/// Removes an environment from the user's file, and its credentials.
#[tauri::command]
pub(crate) async fn remove_environment(
    console: State<'_, Console>,
    id: String,
) -> Result<Changed, UiError> {
    Ok(console.remove_environment(&id).await?)
}

/// Adds the environments of an exported file (its text).
#[tauri::command]
pub(crate) fn import_environments(
    console: State<'_, Console>,
    text: String,
) -> Result<Imported, UiError> {
    Ok(console.import_environments(&text)?)
}

/// The environments `ids` as a file to share; never a secret.
#[tauri::command]
pub(crate) fn export_environments(
    console: State<'_, Console>,
    ids: Vec<String>,
) -> Result<String, UiError> {
    Ok(console.export_environments(&ids)?)
}

/// Checks an environment without launching an analysis.
#[tauri::command]
pub(crate) async fn check_environment(
    console: State<'_, Console>,
    id: String,
) -> Result<HealthReport, UiError> {
    Ok(console.check_environment(&id).await?)
}

/// The profiles of the user's AWS config files, names and kinds only,
/// for the Environments dialog's choice of an `aws_sigv4` environment's
/// profile; empty when there are no files.
#[tauri::command]
pub(crate) async fn aws_profiles() -> Result<Vec<skymarshal_app::ProfileChoice>, UiError> {
    skymarshal_app::aws_profiles()
        .await
        .map_err(|error| skymarshal_app::AppError::from(error).into())
}

/// Opens an https link from analysis text in the system browser, after
/// the user confirmed it in the window. The console checks the link again.
#[tauri::command]
pub(crate) fn open_link(url: String) -> Result<(), UiError> {
    let url = skymarshal_app::checked_link(&url)?;
    tracing::info!(%url, "opening a link in the system browser");
    Ok(desktop::open_in_browser(&url)?)
}

/// Shows a desktop notification (an analysis ended while the window was in
/// the background). Best effort: a desktop without a notification service
/// answers an error the window ignores. The text is the console's own
/// words and the user's prompt.
#[tauri::command]
pub(crate) async fn notify(title: String, body: String) -> Result<(), UiError> {
    Ok(desktop::show_notification(title, &body).await?)
}

/// The console's version, build and the places it keeps things.
#[tauri::command]
pub(crate) fn about() -> skymarshal_app::About {
    skymarshal_app::About::here()
}

/// The diagnostics text for a support ticket (never a secret).
#[tauri::command]
pub(crate) async fn diagnostics() -> Result<String, UiError> {
    Ok(desktop::gather_diagnostics().await?)
}

/// Saves the diagnostics text in the export folder (never over a file),
/// for a desktop whose clipboard is not available; answers the path.
#[tauri::command]
pub(crate) async fn save_diagnostics() -> Result<String, UiError> {
    let file = skymarshal_app::diagnostics_file(diagnostics().await?);
    let path = file.save_in(&skymarshal_app::export_dir())?;
    Ok(path.display().to_string())
}
