//! The application layer's errors, and the shape every error takes on its
//! way to the window: a kind to act on, a message in words, the technical
//! detail one click away.

use skymarshal_core::Error as CoreError;

use crate::decisions::body::Action;

mod window;

pub use window::{UiError, UiErrorKind};

/// What can go wrong in the application layer.
#[derive(Debug, thiserror::Error)]
pub enum AppError {
    /// The window named an environment the console does not know.
    #[error("There is no environment {0:?}. Choose one from the list.")]
    UnknownEnvironment(String),
    /// The window named a run that is not in flight (it may have ended).
    #[error("Run {0} is not running any more; there is nothing to cancel.")]
    UnknownRun(String),
    /// A training scenario was asked of an environment that is not the simulator.
    #[error("Training scenarios exist only on the training simulator, not on {0:?}.")]
    ScenarioNotAvailable(String),
    /// A credential the environment needs is not in the keyring.
    #[error(
        "No {what} is set for {name:?}. Set it in the console, or with `skymarshal login --env \
         {name}{kind_flag}`, then send again."
    )]
    CredentialMissing {
        /// The environment.
        name: String,
        /// What is missing, in words.
        what: String,
        /// The `--kind` flag to give, when the auth method needs several.
        kind_flag: String,
    },
    /// The environments file refused a change.
    #[error("{0}")]
    Environments(#[from] skymarshal_envs::Error),
    /// The console was opened without an environments file to change.
    #[error("This console has no environments file to change; edit the file by hand.")]
    NotEditable,
    /// The keyring failed.
    #[error(transparent)]
    Keyring(#[from] skymarshal_secrets::Error),
    /// The simulator could not start.
    #[error("The training simulator could not start: {0}")]
    Simulator(#[from] skymarshal_sim::Error),
    /// The history refused or failed.
    #[error(transparent)]
    History(#[from] skymarshal_store::Error),
    /// The console has no history to read.
    #[error("There is no history to show: {0}.")]
    NoHistory(String),
    /// The window asked for something the console cannot do, in words.
    #[error("{0}")]
    Invalid(String),
    /// The client refused the request or could not be built.
    #[error(transparent)]
    Core(#[from] CoreError),
    /// A decision was asked of a run with no complete analysis.
    #[error(
        "Run {run} has no complete analysis to decide on: {why}. Decide on a run that completed."
    )]
    RunNotComplete {
        /// The run's uid.
        run: String,
        /// Why, in words (still streaming, failed, the analysis could not be read).
        why: String,
    },
    /// A decision on a run another desk recorded (pulled from the team store).
    #[error(
        "Run {run} was recorded on desk {desk}; decisions on it are taken on that desk. Run your \
         own analysis to decide here, or talk to {desk}."
    )]
    OtherDesksRun {
        /// The run's uid.
        run: String,
        /// The desk that recorded it.
        desk: String,
    },
    /// A decision without a rationale.
    #[error("A decision needs a rationale: say why, in words the next duty manager can follow.")]
    RationaleMissing,
    /// Accept or modify without naming the option.
    #[error("To {} an option, name it: its number in the analysis.", action.as_str())]
    OptionNeeded {
        /// What was asked.
        action: Action,
    },
    /// A rejection that names an option.
    #[error("Rejecting takes none of the options; leave the option out, or accept or modify it.")]
    OptionWithReject,
    /// An option number the analysis does not offer.
    #[error("Option {solution_id} is not in this analysis; it offers {offered}.")]
    OptionNotInAnalysis {
        /// The number asked for.
        solution_id: i64,
        /// What the analysis offers, in words (`option 1, 2, 3`).
        offered: String,
    },
    /// Modify without saying what changes.
    #[error("Say what changes in option {solution_id}: a modification needs it in words.")]
    ModificationMissing {
        /// The option modified.
        solution_id: i64,
    },
    /// A modification's text given with accept or reject.
    #[error("Only a modification says what changes; to {} with changes, choose modify.", action.as_str())]
    ModificationNotModify {
        /// What was asked.
        action: Action,
    },
    /// An option other than the recommended one, with safety constraints
    /// not acknowledged.
    #[error(
        "Option {solution_id} is not the arbitrator's recommendation, and safety constraints stand \
         against it. Acknowledge each by name to decide on it (in the CLI, --acknowledge-safety): {}.",
        constraints.join("; ")
    )]
    SafetyNotAcknowledged {
        /// The option chosen.
        solution_id: i64,
        /// Each constraint not acknowledged, as `agent: “text”`.
        constraints: Vec<String>,
    },
    /// A stale analysis decided on without confirming.
    #[error(
        "This analysis was received {age_minutes} min ago, past the {limit_minutes}-minute limit. \
         Confirm deciding on it (in the CLI, --stale-ok), or run a fresh analysis."
    )]
    StaleNotConfirmed {
        /// The analysis's age.
        age_minutes: i64,
        /// The store's `stale_after_minutes`.
        limit_minutes: u32,
    },
    /// A correction of a decision it may not supersede, in words.
    #[error("{0}")]
    SupersedesRefused(String),
    /// A new decision on a run that has one in force, without naming it
    /// as the one it corrects.
    #[error(
        "Run {run} already has a decision in force ({standing}); to change it, correct that \
         decision (Correct this decision in the window, --supersedes {uid} in the CLI)."
    )]
    DecisionInForce {
        /// The run.
        run: String,
        /// The decision in force in words: `Accepted option 2 by Dana at 2026-12-01 04:19Z`.
        standing: String,
        /// Its uid, to name with `--supersedes`.
        uid: String,
    },
    /// A decision's free text (rationale, modification) holds a character
    /// that may not be kept.
    #[error("{field} holds {found}; remove it.")]
    DecisionText {
        /// The field as a sentence opens with it: `The rationale`.
        field: &'static str,
        /// The character and where it is.
        found: skymarshal_store::Forbidden,
    },
    /// A handover's free text (its notes, a note added) holds a character
    /// that may not be kept.
    #[error("{field} holds {found}; remove it.")]
    HandoverText {
        /// The field as a sentence opens with it: `The note`.
        field: &'static str,
        /// The character and where it is.
        found: skymarshal_store::Forbidden,
    },
    /// No operator name is set for this history.
    #[error(
        "Set the operator name first: every decision records who took it (in the console's \
         decision dialog, or `skymarshal operator NAME`)."
    )]
    OperatorMissing,
    /// A second acknowledgement of a handover.
    #[error(
        "Handover {uid} was already acknowledged by {by} at {at}; it is locked. Add a note instead."
    )]
    HandoverAcknowledged {
        /// The handover.
        uid: String,
        /// Who acknowledged it.
        by: String,
        /// When, in UTC.
        at: String,
    },
    /// A handover action refused, in words (a blank name, a blank note).
    #[error("{0}")]
    HandoverRefused(String),
    /// The history's chain of records is broken.
    #[error("{0}")]
    ChainBroken(String),
    /// A briefing (the handover's PDF) could not be made.
    #[error("The handover's briefing could not be made: {0}. Export it as Markdown instead.")]
    Briefing(#[from] skymarshal_briefing::Error),
    /// A team action was asked of a console with no `[team]` table.
    #[error(
        "No team store is configured. Add a [team] table to the environments file (its url, \
         role and tls), then set its password with `skymarshal team password`."
    )]
    TeamNotConfigured,
    /// The `[team]` table has a problem, so no team store is used.
    #[error(
        "The [team] table at {0} has a problem, so this desk uses no team store; `skymarshal envs` \
         (or the Environments dialog) says what is wrong. Fix it, then try again."
    )]
    TeamMisconfigured(String),
    /// A claim asked while the team store cannot be reached.
    #[error(
        "A claim of {flight} goes through the team store, which cannot be reached ({why}); \
         nothing was claimed. Claim it again when the team store answers."
    )]
    ClaimNeedsTeam {
        /// The flight, normalised.
        flight: String,
        /// Why the team store could not be reached, in its words.
        why: String,
    },
    /// The team store failed or refused.
    #[error(transparent)]
    Team(#[from] skymarshal_team::Error),
    /// Another desk holds the flight.
    #[error(
        "{flight} is claimed by desk {desk}{by} since {since}; the claim runs until {until}. \
         Talk to that desk, or wait for the claim to be released or run out."
    )]
    FlightClaimed {
        /// The flight, normalised (`EY283`).
        flight: String,
        /// The desk holding it.
        desk: String,
        /// ` (Sara Ahmed)`, or empty when the desk had no operator set.
        by: String,
        /// Since when, in UTC as people read it.
        since: String,
        /// Until when, in UTC as people read it.
        until: String,
    },
}

impl AppError {
    /// The kind the window receives for this error.
    pub fn ui_kind(&self) -> UiErrorKind {
        match self {
            Self::Core(error) => error.kind().into(),
            Self::UnknownEnvironment(_) | Self::ScenarioNotAvailable(_) | Self::Invalid(_) => {
                UiErrorKind::Validation
            }
            Self::UnknownRun(_) => UiErrorKind::NotFound,
            Self::CredentialMissing { .. } => UiErrorKind::CredentialMissing,
            Self::Keyring(error) => error.into(),
            Self::Simulator(_) => UiErrorKind::Simulator,
            Self::Environments(_) | Self::NotEditable => UiErrorKind::Environments,
            Self::History(error) => error.into(),
            Self::NoHistory(_) => UiErrorKind::StoreUnavailable,
            Self::RunNotComplete { .. }
            | Self::OtherDesksRun { .. }
            | Self::RationaleMissing
            | Self::OptionNeeded { .. }
            | Self::OptionWithReject
            | Self::OptionNotInAnalysis { .. }
            | Self::ModificationMissing { .. }
            | Self::ModificationNotModify { .. }
            | Self::SafetyNotAcknowledged { .. }
            | Self::StaleNotConfirmed { .. }
            | Self::SupersedesRefused(_)
            | Self::DecisionInForce { .. }
            | Self::DecisionText { .. } => UiErrorKind::DecisionRefused,
            Self::OperatorMissing => UiErrorKind::OperatorMissing,
            Self::HandoverAcknowledged { .. }
            | Self::HandoverRefused(_)
            | Self::HandoverText { .. } => UiErrorKind::HandoverRefused,
            Self::ChainBroken(_) => UiErrorKind::ChainBroken,
            Self::Briefing(_) => UiErrorKind::Briefing,
            Self::TeamNotConfigured | Self::TeamMisconfigured(_) => UiErrorKind::TeamNotConfigured,
            Self::Team(error) => team_kind(error),
            Self::ClaimNeedsTeam { .. } => UiErrorKind::TeamUnreachable,
            Self::FlightClaimed { .. } => UiErrorKind::FlightClaimed,
        }
    }

    /// The form the window receives.
    pub fn to_ui(&self) -> UiError {
        match self {
            Self::Core(error) => UiError::from_core(error),
            other => {
                UiError::new(other.ui_kind(), other.to_string()).with_detail(format!("{other:?}"))
            }
        }
    }
}

/// The window's kind for a team store failure: the schema's for what an
/// administrator must do, the chain's for records that disagree, and
/// unreachable for the rest (the records wait in the outbox either way).
fn team_kind(error: &skymarshal_team::Error) -> UiErrorKind {
    use skymarshal_team::Error as E;
    match error {
        E::NoSchema | E::SchemaTooNew { .. } | E::SchemaTooOld { .. } | E::Migration(_) => {
            UiErrorKind::TeamSchema
        }
        E::ChainConflict { .. } => UiErrorKind::ChainBroken,
        _ => UiErrorKind::TeamUnreachable,
    }
}

impl From<AppError> for UiError {
    fn from(error: AppError) -> Self {
        error.to_ui()
    }
}
