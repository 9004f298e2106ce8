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

/// One environment, as the window lists it. Never carries a secret.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Environment {
    /// Stable identifier.
    pub id: String,
    /// What the user calls it.
    pub name: String,
    /// What it is.
    pub kind: EnvironmentKind,
    /// The invoke URL.
    pub invoke_url: String,
    /// A production deployment: the window makes that impossible to miss.
    pub production: bool,
    /// The colour the window wears while it is active (CSS hex).
    pub color: String,
    /// The training scenarios it can play (only the simulator has any).
    pub scenarios: Vec<ScenarioOption>,
    /// `built_in`, `user` or `organisation` (read-only).
    pub source: String,
    /// `none`, `aws_sigv4`, `bearer` or `api_key`; never the secret.
    pub auth_method: String,
    /// Ask before each prompt is sent.
    pub confirm_before_send: bool,
    /// The health URL, when there is one.
    pub health_url: Option<String>,
    /// The AWS region, when set.
    pub region: Option<String>,
    /// Its fields, for the edit form (none for the simulator).
    pub definition: Option<EnvironmentDraft>,
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
            name: "Local training simulator".to_owned(),
            kind: EnvironmentKind::TrainingSimulator,
            invoke_url: url,
            production: false,
            color: "#b45309".to_owned(),
            scenarios: skymarshal_sim::Scenario::ALL
                .iter()
                .map(|s| ScenarioOption {
                    name: s.name().to_owned(),
                    about: s.about().to_owned(),
                })
                .collect(),
            source: "built_in".to_owned(),
            auth_method: "none".to_owned(),
            confirm_before_send: false,
            health_url: None,
            region: None,
            definition: None,
            editable: false,
        }
    }

    /// A configured deployment.
    pub fn configured(spec: &EnvironmentSpec) -> Self {
        Self {
            id: format!("env:{}", spec.name.to_lowercase()),
            name: spec.name.clone(),
            kind: EnvironmentKind::Deployment,
            invoke_url: spec.invoke_url.clone(),
            production: spec.production,
            color: spec.color.clone(),
            scenarios: Vec::new(),
            source: match spec.source {
                Source::User => "user",
                Source::Organisation => "organisation",
            }
            .to_owned(),
            auth_method: spec.auth.method().to_owned(),
            confirm_before_send: spec.confirm_before_send,
            health_url: spec.health_url.clone(),
            region: spec.region.clone(),
            definition: Some(EnvironmentDraft::from_spec(spec)),
            editable: spec.source == Source::User,
        }
    }
}
