//! Exit codes: 0 only for a complete, successful analysis; otherwise one
//! code per kind of failure, so a script can tell them apart. The history's
//! commands (`decide`, `operator`, `handover`, `history verify`) map the
//! app's error kinds the same way, one code per kind.

use skymarshal_app::{AppError, UiErrorKind};
use skymarshal_core::ErrorKind;

/// Anything not covered below (a bad flag value, an unreadable file).
pub(crate) const FAILURE: u8 = 1;

/// A chain of records broken (the history's or the team store's).
pub(crate) const CHAIN_BROKEN: u8 = 17;

/// A flight another desk holds.
pub(crate) const FLIGHT_CLAIMED: u8 = 26;

/// The keyring failed or refused (as `login` answers).
pub(crate) const KEYRING: u8 = 5;

/// The code for a failed analysis.
pub(crate) fn code(kind: ErrorKind) -> u8 {
    match kind {
        ErrorKind::Validation => 3,
        ErrorKind::WrongEndpoint => 4,
        ErrorKind::Auth => 5,
        ErrorKind::RateLimit => 6,
        ErrorKind::Server => 7,
        ErrorKind::Timeout => 8,
        ErrorKind::Interrupted => 9,
        ErrorKind::Network => 10,
        ErrorKind::Protocol => 11,
        ErrorKind::Blocked => 12,
        ErrorKind::SsoLoginNeeded => 21,
        ErrorKind::CredentialsExpiring => 22,
        ErrorKind::CredentialsUnavailable => 23,
        // As a shell reports a command stopped by Ctrl-C.
        ErrorKind::Cancelled => 130,
    }
}

/// The code for a refusal or failure of the app layer, by its kind: 3 a
/// value that breaks a rule (a blank operator name), 13 no such run or
/// handover, 14 a decision refused (not complete, no rationale, safety not
/// acknowledged, stale...), 15 no operator name, 16 a handover action
/// refused, 17 the chain broken, 18 the history unavailable or failing,
/// 19 the PDF not made, 20 a file offered for import refused (not an
/// export, from a newer console, changed after export); the client's own
/// kinds as for an analysis (21 the IAM Identity Center sign-in expired,
/// 22 AWS credentials that expire before the analysis could end, 23 no
/// AWS credentials to be had); 24 the team store unreachable or refusing
/// this desk, 25 its schema missing or newer than this console knows, 26 a
/// flight another desk holds, 27 no team store configured.
pub(crate) fn app_code(error: &AppError) -> u8 {
    if let AppError::Core(error) = error {
        return code(error.kind());
    }
    match error.ui_kind() {
        UiErrorKind::Validation => 3,
        UiErrorKind::NotFound => 13,
        UiErrorKind::DecisionRefused => 14,
        UiErrorKind::OperatorMissing => 15,
        UiErrorKind::HandoverRefused => 16,
        UiErrorKind::ChainBroken => CHAIN_BROKEN,
        UiErrorKind::StoreUnavailable | UiErrorKind::Store => 18,
        UiErrorKind::Briefing => 19,
        UiErrorKind::Import => 20,
        UiErrorKind::TeamUnreachable => 24,
        UiErrorKind::TeamSchema => 25,
        UiErrorKind::FlightClaimed => FLIGHT_CLAIMED,
        UiErrorKind::TeamNotConfigured => 27,
        _ => FAILURE,
    }
}

/// Says why on stderr, in the app's one sentence (a history that cannot
/// be opened or read named by its path), and answers the code.
pub(crate) fn refused(error: &AppError) -> u8 {
    match error {
        AppError::History(store) => eprintln!("skymarshal: {}", history_sentence(store)),
        other => eprintln!("skymarshal: {other}"),
    }
    app_code(error)
}

/// What to do with a history file SQLite cannot use.
const DAMAGED: &str = "if another program is using it, close that program; if the file is \
                       damaged or was edited, move it aside (a new one is made on the next run) \
                       or put back a copy, then try again.";

/// A history failure in one sentence, without the source repeated: a
/// history that cannot be opened or read as `The history at PATH cannot be
/// read (WHY): WHAT TO DO.`; the store's own sentence for the rest (no
/// such run, a file written by a newer console...).
fn history_sentence(error: &skymarshal_store::Error) -> String {
    use skymarshal_store::Error as E;
    let path = skymarshal_app::history_path();
    let cannot = |why: &dyn std::fmt::Display, what_to_do: &str| {
        format!(
            "The history at {} cannot be read ({why}): {what_to_do}",
            path.display()
        )
    };
    match error {
        E::Io {
            path: folder,
            source,
        } => cannot(
            source,
            &format!(
                "check that the folder {} exists and that you may write to it, or point \
                 SKYMARSHAL_DATA_DIR at one that does.",
                folder.display()
            ),
        ),
        E::Open { detail, .. } => cannot(detail, DAMAGED),
        E::Sqlite(error) => cannot(error, DAMAGED),
        other => other.to_string(),
    }
}
