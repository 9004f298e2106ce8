//! The app's `Console` on the history file the window keeps, for the
//! commands that record decisions and handovers. It is opened beside a
//! window that may be using the file: runs streaming there are left alone,
//! and every record goes through the app's own checks and chain.

use skymarshal_app::{AppError, BrokenRecord, Console, SimulatorSettings, history_path};
use skymarshal_envs::{Catalog, Locations};
use skymarshal_store::RecordKind;

/// The console on the history at [`history_path`]. It starts its
/// training simulator on loopback, which these commands never use.
///
/// Errors: `store_unavailable` when the history cannot be opened.
pub(crate) async fn open() -> Result<Console, AppError> {
    Console::with_training_simulator(SimulatorSettings::from_env())
        .await?
        .with_history_beside(&history_path())
}

/// The console as a desk of the team store: [`open`], knowing the
/// environments files' `[team]` table.
///
/// Errors: `store_unavailable` when the history cannot be opened.
pub(crate) async fn open_desk() -> Result<Console, AppError> {
    let catalog = Catalog::load(&Locations::from_env());
    Console::open(SimulatorSettings::from_env(), catalog)
        .await?
        .with_history_beside(&history_path())
}

/// Warns on stderr, in one line, when the history's chain of records is
/// broken, as the window warns on open; the command goes on (a broken
/// chain is for `history verify` to name, not a reason to stop a shift).
/// A chain that cannot be checked says nothing here: the command's own
/// trip to the history reports it.
pub(crate) async fn warn_if_chain_broken(console: &Console) {
    if let Ok(report) = console.verify_history().await
        && let Some(broken) = &report.first_broken
    {
        eprintln!(
            "Warning: the history's decision chain is broken at record {} ({}); run \
             `skymarshal history verify`.",
            broken.seq,
            which(broken)
        );
    }
}

/// The broken record in words: its kind, id and what is wrong
/// (`a decision 5f0c…, changed after it was written`), or only what is
/// wrong when it has no id.
pub(crate) fn which(broken: &BrokenRecord) -> String {
    let why = broken.why.in_words();
    if broken.uid.is_empty() {
        why.to_owned()
    } else {
        let kind = RecordKind::from_name(&broken.kind).map_or_else(
            || broken.kind.replace('_', " "),
            |k| k.in_words().to_owned(),
        );
        format!("{kind} {}, {why}", broken.uid)
    }
}
