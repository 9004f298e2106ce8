//! The places an analysis can be sent. This issue knows one: the training
//! simulator the console starts for itself; configured deployments (dev,
//! staging, prod) come with their file and credentials.

use serde::Serialize;

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
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
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
        }
    }
}
