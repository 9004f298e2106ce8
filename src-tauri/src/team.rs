//! The team store's commands: the status line's state, the claims a prompt
//! runs into before it is sent, and claiming or releasing a flight from the
//! Claims dialog. Each is glue over `skymarshal_app::Console`: the status
//! and the check before sending read the desk's own copy (the background
//! sync keeps it current); a claim goes to the team store at once.

// Tauri hands command arguments over by value; that is its calling
// convention, not a choice made here.
#![allow(clippy::needless_pass_by_value)]

use skymarshal_app::{Console, HeldClaim, TeamStatus, UiError};
use tauri::State;

/// Whether a team store is configured and reachable, what waits to go,
/// the last sync, and the flights held now. Never fails: a problem is in
/// the answer's `problem`.
#[tauri::command]
pub(crate) async fn team_status(console: State<'_, Console>) -> Result<TeamStatus, UiError> {
    Ok(console.team_status().await)
}

/// The flights `prompt` names that another desk holds, to ask about
/// before sending.
#[tauri::command]
pub(crate) async fn claims_for_prompt(
    console: State<'_, Console>,
    prompt: String,
) -> Result<Vec<HeldClaim>, UiError> {
    Ok(console.claims_for_prompt(&prompt).await?)
}

/// Claims `flight` for this desk, or releases it; answers the claim as
/// held, or nothing once released.
#[tauri::command]
pub(crate) async fn claim_flight(
    console: State<'_, Console>,
    flight: String,
    release: bool,
) -> Result<Option<HeldClaim>, UiError> {
    Ok(console.claim_flight(&flight, release).await?)
}
