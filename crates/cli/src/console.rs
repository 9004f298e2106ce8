//! The app's `Console` on the history file the window keeps, for the
//! commands that record decisions and handovers. It is opened beside a
//! window that may be using the file: runs streaming there are left alone,
//! and every record goes through the app's own checks and chain.

use skymarshal_app::{AppError, Console, SimulatorSettings, history_path};

/// The console on the history at [`history_path`]. It starts its
/// training simulator on loopback, which these commands never use.
///
/// Errors: `store_unavailable` when the history cannot be opened.
pub(crate) async fn open() -> Result<Console, AppError> {
    Console::with_training_simulator(SimulatorSettings::from_env())
        .await?
        .with_history_beside(&history_path())
}
