//! The places an analysis can be sent: the training simulator the console
//! starts for itself, and the deployments configured in the environments
//! files (`skymarshal-envs`).

use serde::Serialize;
use skymarshal_envs::{Diagnostic, EnvironmentDraft, EnvironmentSpec, Source};

/// What kind of deployment an environment is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum EnvironmentKind {
    /// The built-in simulator on 127.0.0.1: canned analyses, no AWS.
    TrainingSimulator,
    /// A real SkyMarshal deployment.
    Deployment,
}

/// Where an environment is defined; the window says so, and only the
/// user's own file can be changed from it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum EnvironmentSource {
    /// The training simulator the console starts for itself.
    BuiltIn,
    /// The user's own environments file.
    User,
    /// The organisation's file (read-only).
    Organisation,
}

/// One environment, as the window lists it. Never carries a secret.
///
/// Its settings are those of the edit form, once: the window reads them at
/// the top level (`name`, `invoke_url`, `color`...), and the form starts
/// from them, so a timeout left at its default stays unset when saved.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Environment {
    /// Stable identifier.
    pub id: String,
    /// What it is.
    pub kind: EnvironmentKind,
    /// Its settings: name, URLs, region, production, colour, confirmation,
    /// auth method and timeouts (the simulator's are fixed).
    #[serde(flatten)]
    pub settings: EnvironmentDraft,
    /// The training scenarios it can play (only the simulator has any).
    pub scenarios: Vec<ScenarioOption>,
    /// Where it is defined.
    pub source: EnvironmentSource,
    /// Whether the console may change it (the user's own file only).
    pub editable: bool,
}

/// What the window lists: the environments, and the problems that kept
/// others out (each with its file and line).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct EnvironmentList {
    /// The environments, the training simulator first.
    pub environments: Vec<Environment>,
    /// Problems in the environments files.
    pub problems: Vec<Diagnostic>,
}

/// A training scenario the window can offer.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ScenarioOption {
    /// The simulator's name for it.
    pub name: String,
    /// What it plays.
    pub about: String,
}

impl Environment {
    /// The built-in training simulator at `url`.
    pub(crate) fn training_simulator(url: String) -> Self {
        Self {
            id: "training-simulator".to_owned(),
            kind: EnvironmentKind::TrainingSimulator,
            settings: EnvironmentDraft {
                name: "Local training simulator".to_owned(),
                invoke_url: url,
                production: false,
                color: Some("#b45309".to_owned()),
                confirm_before_send: Some(false),
                auth_method: "none".to_owned(),
                ..EnvironmentDraft::default()
            },
            scenarios: skymarshal_sim::Scenario::ALL
                .iter()
                .map(|s| ScenarioOption {
                    name: s.name().to_owned(),
                    about: s.about().to_owned(),
                })
                .collect(),
            source: EnvironmentSource::BuiltIn,
            editable: false,
        }
    }

    /// A configured deployment.
    pub fn configured(spec: &EnvironmentSpec) -> Self {
        Self {
            id: format!("env:{}", spec.name.to_lowercase()),
            kind: EnvironmentKind::Deployment,
            settings: EnvironmentDraft::from_spec(spec),
            scenarios: Vec::new(),
            source: match spec.source {
                Source::User => EnvironmentSource::User,
                Source::Organisation => EnvironmentSource::Organisation,
            },
            editable: spec.source == Source::User,
        }
    }

    /// What the user calls it.
    pub fn name(&self) -> &str {
        &self.settings.name
    }
}
