//! Starting a run from the window's request: the request checked, the
//! environment's client and credentials taken, the URL chosen (the
//! training simulator's with its scenario), the run recorded before it
//! is sent, then handed to the runs in flight.

use serde::Deserialize;
use skymarshal_core::{AnalysisRequest, Endpoint};
use skymarshal_sim::Scenario;
use tokio_util::sync::CancellationToken;

use crate::environments::environment::{Environment, EnvironmentKind};
use crate::history::recorder::{Recorder, Recording};
use crate::{AppError, Console, RunMessage, RunStarted};

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

impl Console {
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
            let entry = registry.entry(&request.environment_id)?;
            (
                entry.environment.clone(),
                entry.spec.clone(),
                entry.client()?,
            )
        };
        let analysis = AnalysisRequest::new(request.prompt, request.session_id.as_deref())?;
        let credentials = match &spec {
            Some(spec) => crate::credentials_for(spec, &self.vault).await?,
            None => skymarshal_core::Credentials::None,
        };
        // Keys that expire before the analysis could end are refused here,
        // before the run is recorded; the core checks them again just
        // before signing.
        if let Some(spec) = &spec {
            credentials.aws_keys_for(spec.timeouts.total).await?;
        }
        let url = self.invoke_url(&environment, request.scenario.as_deref())?;
        let endpoint = Endpoint::parse(&url)?;
        let cancel = CancellationToken::new();
        let run_id = uuid::Uuid::new_v4().to_string();
        // One span per run: the core's `analysis` span (endpoint, request
        // and session ids, timings) nests inside it, so every line of a
        // run in the log names the run and its environment.
        let span = tracing::info_span!("run", run_id = %run_id, environment = %environment.name());
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
                    environment.name().to_owned(),
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

    /// Records in the history a run the caller drives itself (the CLI's
    /// `analyze`), before it is sent: the run gets a new uid, and each
    /// update handed to the answer's [`Recorder::record`] is committed
    /// before the caller shows it, as for the console's own runs.
    ///
    /// Errors: `store_unavailable` when the console has no history; `store`
    /// when the run could not be written.
    pub async fn record_run(
        &self,
        environment: &str,
        session_id: Option<&str>,
        prompt: &str,
    ) -> Result<Recorder, AppError> {
        Ok(self
            .history_or_err()?
            .begin(
                uuid::Uuid::new_v4().to_string(),
                environment.to_owned(),
                session_id.map(str::to_owned),
                prompt.to_owned(),
            )
            .await?)
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
        let not_available = || AppError::ScenarioNotAvailable(environment.name().to_owned());
        let scenario = scenario.filter(|s| !s.is_empty());
        if environment.kind != EnvironmentKind::TrainingSimulator {
            return match scenario {
                Some(_) => Err(not_available()),
                None => Ok(environment.settings.invoke_url.clone()),
            };
        }
        let scenario = scenario
            .map(|name| Scenario::from_name(name).ok_or_else(not_available))
            .transpose()?;
        Ok(self.simulator.url_for(scenario, self.settings.force_delay))
    }
}
