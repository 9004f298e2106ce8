//! The application layer's errors, and the shape every error takes on its
//! way to the window: a kind to act on, a message in words, the technical
//! detail one click away.

use serde::Serialize;
use skymarshal_core::Error as CoreError;

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
}

impl AppError {
    /// The form the window receives.
    pub fn to_ui(&self) -> UiError {
        match self {
            Self::Core(error) => UiError::from_core(error),
            Self::UnknownEnvironment(_) | Self::ScenarioNotAvailable(_) => {
                UiError::plain("validation", self)
            }
            Self::UnknownRun(_) => UiError::plain("not_found", self),
            Self::CredentialMissing { .. } => UiError::plain("auth", self),
            Self::Keyring(error) => UiError::plain(error.kind(), self),
            Self::Simulator(_) => UiError::plain("simulator", self),
            Self::Environments(_) | Self::NotEditable => UiError::plain("environments", self),
            Self::History(error) => UiError::plain(error.kind(), self),
            Self::NoHistory(_) => UiError::plain("store_unavailable", self),
            Self::Invalid(_) => UiError::plain("validation", self),
        }
    }
}

/// An error as the window shows it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct UiError {
    /// `auth`, `wrong_endpoint`, `validation`, ... (the core's kinds), or
    /// `not_found` and `simulator` for the application's own.
    pub kind: String,
    /// What happened and what to do, in words.
    pub message: String,
    /// The technical detail, for the engineer the user may call.
    pub detail: String,
    /// The server's request id, when there is one.
    pub request_id: Option<String>,
    /// Whether the analysis may still be running on the server.
    pub may_still_be_running: bool,
}

impl UiError {
    /// From a core error.
    pub fn from_core(error: &CoreError) -> Self {
        let kind = serde_json::to_value(error.kind())
            .ok()
            .and_then(|v| v.as_str().map(str::to_owned))
            .unwrap_or_else(|| "unknown".to_owned());
        Self {
            kind,
            message: error.to_string(),
            detail: format!("{error:?}"),
            request_id: error.request_id().map(str::to_owned),
            may_still_be_running: error.may_still_be_running(),
        }
    }

    fn plain(kind: &str, error: &AppError) -> Self {
        Self {
            kind: kind.to_owned(),
            message: error.to_string(),
            detail: format!("{error:?}"),
            request_id: None,
            may_still_be_running: false,
        }
    }
}
