//! The console as a whole, without its window: the environments it knows,
//! the training simulator it runs for itself, and the runs in flight.

use std::sync::RwLock;
use std::time::Duration;

use skymarshal_envs::{Catalog, Locations};
use skymarshal_secrets::Vault;
use skymarshal_sim::{Pacing, SimConfig, Simulator};

use crate::AppError;
use crate::environments::environment::{Environment, EnvironmentList};
use crate::environments::registry::Registry;
use crate::history::recorder::History;
use crate::runs::in_flight::Runs;
use crate::team::config::TeamSettings;
use crate::team::service::TeamSync;

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
    pub(crate) simulator: Simulator,
    pub(crate) settings: SimulatorSettings,
    /// The team store, when the environments files configure one.
    pub(crate) team: Option<TeamSettings>,
    /// Where the `[team]` table is when it has a problem (`file, line N`).
    pub(crate) team_refused: Option<String>,
    /// The team sync running in the background, once started.
    pub(crate) team_sync: std::sync::Mutex<Option<TeamSync>>,
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
        let vault = Vault::new();
        let team = catalog
            .team
            .clone()
            .map(|spec| TeamSettings::new(spec, vault.clone()));
        let team_refused = catalog
            .team_refused
            .as_ref()
            .map(|at| format!("{}, line {}", at.path.display(), at.line));
        Ok(Self {
            registry: RwLock::new(Registry::build(training.clone(), catalog)),
            locations,
            training,
            vault,
            history: None,
            history_problem: None,
            runs: Runs::default(),
            simulator,
            settings,
            team,
            team_refused,
            team_sync: std::sync::Mutex::new(None),
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

    /// Keeps runs and records in the history at `path`, opened beside a
    /// console that may be using it (for the CLI): runs streaming there are
    /// left alone and retention is not swept.
    ///
    /// Errors: `store_unavailable` when the file cannot be opened, or is
    /// from a newer console.
    pub fn with_history_beside(mut self, path: &std::path::Path) -> Result<Self, AppError> {
        self.history = Some(History::open_beside(path)?);
        Ok(self)
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
        self.registry().environments()
    }

    /// The environments and the problems in their files.
    pub fn environment_list(&self) -> EnvironmentList {
        self.registry().list()
    }

    /// The training simulator the console runs.
    pub fn simulator(&self) -> &Simulator {
        &self.simulator
    }
}

impl Drop for Console {
    fn drop(&mut self) {
        self.shutdown();
    }
}
