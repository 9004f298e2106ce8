//! The console as a whole, without its window: the environments it knows,
//! the training simulator it runs for itself, and the runs in flight.

use std::sync::RwLock;
use std::time::Duration;

use serde::{Deserialize, Serialize};
use skymarshal_core::{AnalysisRequest, Endpoint};
use skymarshal_envs::{Catalog, Diagnostic, Locations};
use skymarshal_secrets::Vault;
use skymarshal_sim::{Pacing, Scenario, SimConfig, Simulator};
use tokio_util::sync::CancellationToken;

use crate::environment::{Environment, EnvironmentKind};
use crate::history::{History, Recording};
use crate::registry::Registry;
use crate::runs::Runs;
use crate::{AppError, RunMessage, RunStarted};

/// How the built-in simulator paces its analyses.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SimulatorSettings {
    /// The default pacing.
    pub pacing: Pacing,
    /// When set, every request asks for this delay, whatever its scenario
    /// (tests pace the 65 s scenario down this way).
    pub force_delay: Option<Duration>,
}

impl SimulatorSettings {
    /// Demo pacing, unless `SKYMARSHAL_SIM_DELAY_MS` says otherwise.
    pub fn from_env() -> Self {
        let forced = std::env::var("SKYMARSHAL_SIM_DELAY_MS")
            .ok()
            .and_then(|v| v.trim().parse::<u64>().ok())
            .map(Duration::from_millis);
        let mut pacing = Pacing::demo();
        if let Some(delay) = forced {
            pacing.delay = delay;
        }
        Self {
            pacing,
            force_delay: forced,
        }
    }
}

/// What the window asks for to start a run.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
pub struct StartRequest {
    /// The environment to send to.
    pub environment_id: String,
    /// The disruption, in words.
    pub prompt: String,
    /// The server session to continue, if any.
    pub session_id: Option<String>,
    /// A training scenario (training simulator only).
    pub scenario: Option<String>,
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

/// The console's state.
#[derive(Debug)]
pub struct Console {
    /// The environments now; replaced whole when the file changes.
    pub(crate) registry: RwLock<Registry>,
    /// Where the environments file is, when the console may edit it.
    pub(crate) locations: Option<Locations>,
    pub(crate) training: Environment,
    pub(crate) vault: Vault,
    /// The local history, when it could be opened.
    pub(crate) history: Option<History>,
    /// Why it could not, in words.
    history_problem: Option<String>,
    pub(crate) runs: Runs,
    simulator: Simulator,
    settings: SimulatorSettings,
}

impl Console {
    /// A console with the training simulator running on a free loopback
    /// port, as its one environment. Call within a Tokio runtime.
    pub async fn with_training_simulator(settings: SimulatorSettings) -> Result<Self, AppError> {
        Self::open(settings, Catalog::default()).await
    }

    /// A console with the training simulator and the environments of
    /// `catalog`, which it cannot change. Call within a Tokio runtime.
    pub async fn open(settings: SimulatorSettings, catalog: Catalog) -> Result<Self, AppError> {
        Self::start_with(settings, catalog, None).await
    }

    /// A console with the training simulator and the environments of the
    /// files at `locations`, which it reads, and edits when asked. Call
    /// within a Tokio runtime.
    pub async fn open_at(
        settings: SimulatorSettings,
        locations: Locations,
    ) -> Result<Self, AppError> {
        let catalog = Catalog::load(&locations);
        Self::start_with(settings, catalog, Some(locations)).await
    }

    async fn start_with(
        settings: SimulatorSettings,
        catalog: Catalog,
        locations: Option<Locations>,
    ) -> Result<Self, AppError> {
        for problem in &catalog.diagnostics {
            tracing::warn!(%problem, "environments file");
        }
        let simulator = Simulator::start(SimConfig {
            port: 0,
            pacing: settings.pacing,
            ..SimConfig::default()
        })
        .await?;
        let training = Environment::training_simulator(simulator.url());
        Ok(Self {
            registry: RwLock::new(Registry::build(training.clone(), catalog)?),
            locations,
            training,
            vault: Vault::new(),
            history: None,
            history_problem: None,
            runs: Runs::default(),
            simulator,
            settings,
        })
    }

    /// Keeps every run and event in the history at `path`. A history that
    /// cannot be opened leaves the console working without one, and says
    /// why in [`Console::history_problem`].
    pub fn with_history(mut self, path: &std::path::Path) -> Self {
        match History::open(path) {
            Ok(history) => self.history = Some(history),
            Err(error) => {
                tracing::warn!(%error, "history unavailable");
                self.history_problem = Some(error.to_string());
            }
        }
        self
    }

    /// Why there is no history, when there is none.
    pub fn history_problem(&self) -> Option<&str> {
        self.history_problem.as_deref()
    }

    /// Reads the registry. A panic while it was held cannot leave it half
    /// written (it is replaced whole), so a poisoned lock is still good.
    pub(crate) fn registry(&self) -> std::sync::RwLockReadGuard<'_, Registry> {
        self.registry
            .read()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
    }

    /// The environments, in the order the window lists them.
    pub fn environments(&self) -> Vec<Environment> {
        self.registry().environments.clone()
    }

    /// The environments and the problems in their files.
    pub fn environment_list(&self) -> EnvironmentList {
        self.registry().list()
    }

    /// The training simulator the console runs.
    pub fn simulator(&self) -> &Simulator {
        &self.simulator
    }

    /// Checks the request, reads the environment's credentials from the
    /// keyring and starts the run; `sink` receives every message of it,
    /// the last being `finished`. Nothing is sent when the request breaks
    /// a rule or a credential is missing.
    pub async fn start<S>(&self, request: StartRequest, sink: S) -> Result<RunStarted, AppError>
    where
        S: FnMut(RunMessage) + Send + 'static,
    {
        let (environment, spec, client) = {
            let registry = self.registry();
            let environment = registry.environment(&request.environment_id)?.clone();
            let spec = registry.specs.get(&environment.id).cloned();
            let client = registry.client(&environment.id)?.clone();
            (environment, spec, client)
        };
        let analysis = AnalysisRequest::new(request.prompt, request.session_id.as_deref())?;
        let credentials = match &spec {
            Some(spec) => crate::credentials_for(spec, &self.vault).await?,
            None => skymarshal_core::Credentials::None,
        };
        let url = self.invoke_url(&environment, request.scenario.as_deref())?;
        let endpoint = Endpoint::parse(&url)?;
        let cancel = CancellationToken::new();
        let run_id = uuid::Uuid::new_v4().to_string();
        // One span per run: the core's `analysis` span (endpoint, request
        // and session ids, timings) nests inside it, so every line of a
        // run in the log names the run and its environment.
        let span = tracing::info_span!("run", run_id = %run_id, environment = %environment.name);
        let run =
            span.in_scope(|| client.start_with(&endpoint, &analysis, credentials, cancel.clone()));
        // Recorded before anything is sent, so even a run the console never
        // sees end is in the history. A history that fails here costs the
        // record, never the analysis a duty manager is waiting for: the run
        // goes out and says so.
        let recording = match &self.history {
            Some(history) => match history
                .begin(
                    run_id.clone(),
                    environment.name.clone(),
                    analysis.session_id().map(|s| s.as_str().to_owned()),
                    analysis.prompt().to_owned(),
                )
                .await
            {
                Ok(recorder) => Recording::On(recorder),
                Err(error) => {
                    tracing::warn!(%error, "history could not record a run");
                    Recording::Failed(format!(
                        "This run is not being saved to the history: {error}"
                    ))
                }
            },
            None => Recording::Off,
        };
        span.in_scope(|| {
            tracing::info!(continues = analysis.session_id().is_some(), "run started");
        });
        self.runs
            .spawn(run, cancel, run_id.clone(), recording, span, sink);
        Ok(RunStarted { run_id })
    }

    /// Which credentials of an environment are set (never their values).
    pub async fn credential_status(
        &self,
        environment_id: &str,
    ) -> Result<skymarshal_secrets::CredentialStatus, AppError> {
        let name = self.spec_name(environment_id)?;
        Ok(self
            .vault
            .status(&name, &skymarshal_secrets::SecretKind::ALL)
            .await?)
    }

    /// Stores one secret in the keyring; answers the new status, which
    /// never holds the secret.
    pub async fn set_credential(
        &self,
        environment_id: &str,
        kind: skymarshal_secrets::SecretKind,
        secret: skymarshal_secrets::Secret,
    ) -> Result<skymarshal_secrets::CredentialStatus, AppError> {
        let name = self.spec_name(environment_id)?;
        self.vault.set(&name, kind, secret).await?;
        self.credential_status(environment_id).await
    }

    /// Removes one secret from the keyring; answers the new status.
    pub async fn clear_credential(
        &self,
        environment_id: &str,
        kind: skymarshal_secrets::SecretKind,
    ) -> Result<skymarshal_secrets::CredentialStatus, AppError> {
        let name = self.spec_name(environment_id)?;
        self.vault.clear(&name, kind).await?;
        self.credential_status(environment_id).await
    }

    /// The configured environment's name (credentials are kept by name).
    pub(crate) fn spec_name(&self, environment_id: &str) -> Result<String, AppError> {
        Ok(self.registry().spec(environment_id)?.name.clone())
    }

    /// Cancels a run in flight.
    pub fn cancel(&self, run_id: &str) -> Result<(), AppError> {
        self.runs.cancel(run_id)
    }

    /// Cancels every run, before the console closes.
    pub fn shutdown(&self) {
        self.runs.cancel_all();
    }

    /// Where to send: the environment's URL, or for the training
    /// simulator, the simulator's URL for the scenario and forced delay.
    fn invoke_url(
        &self,
        environment: &Environment,
        scenario: Option<&str>,
    ) -> Result<String, AppError> {
        let not_available = || AppError::ScenarioNotAvailable(environment.name.clone());
        let scenario = scenario.filter(|s| !s.is_empty());
        if environment.kind != EnvironmentKind::TrainingSimulator {
            return match scenario {
                Some(_) => Err(not_available()),
                None => Ok(environment.invoke_url.clone()),
            };
        }
        let scenario = scenario
            .map(|name| Scenario::from_name(name).ok_or_else(not_available))
            .transpose()?;
        Ok(self.simulator.url_for(scenario, self.settings.force_delay))
    }
}

impl Drop for Console {
    fn drop(&mut self) {
        self.shutdown();
    }
}
