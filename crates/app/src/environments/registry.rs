//! The environments the console offers at one moment: the training
//! simulator and the configured deployments, each once, with its
//! definition and its own HTTP client (its timeouts), made on the first
//! send to it: a window that never sends to an environment never sets up
//! its TLS and connection pool. Rebuilt whole whenever the environments
//! file changes, so a run in flight keeps the client it started with.

use std::sync::OnceLock;

use skymarshal_core::{Client, ClientConfig};
use skymarshal_envs::{Catalog, Diagnostic, EnvironmentSpec};

use crate::AppError;
use crate::environments::environment::{Environment, EnvironmentList};

/// One environment and what sending to it needs.
#[derive(Debug)]
pub(crate) struct Entry {
    /// As the window lists it.
    pub(crate) environment: Environment,
    /// Its definition in the files (none for the training simulator).
    pub(crate) spec: Option<EnvironmentSpec>,
    /// Its client's settings: its timeouts.
    client_config: ClientConfig,
    /// Its client, once made (`Entry::client`).
    client: OnceLock<Client>,
}

impl Entry {
    fn new(
        environment: Environment,
        spec: Option<EnvironmentSpec>,
        client_config: ClientConfig,
    ) -> Self {
        Self {
            environment,
            spec,
            client_config,
            client: OnceLock::new(),
        }
    }

    /// Its HTTP client, made on the first call and shared after (clones
    /// share the connection settings). Errors when the HTTP client cannot
    /// start (its TLS set-up failed); nothing has been sent then.
    pub(crate) fn client(&self) -> Result<Client, AppError> {
        if let Some(client) = self.client.get() {
            return Ok(client.clone());
        }
        let made = Client::new(self.client_config.clone())?;
        Ok(self.client.get_or_init(|| made).clone())
    }
}

/// One snapshot of the environments.
#[derive(Debug)]
pub(crate) struct Registry {
    /// The training simulator first, then the files' order.
    entries: Vec<Entry>,
    /// Problems in the files, each with its file and line.
    problems: Vec<Diagnostic>,
}

impl Registry {
    /// The training simulator first, then every valid environment of
    /// `catalog`.
    pub(crate) fn build(training: Environment, catalog: Catalog) -> Self {
        let mut entries = vec![Entry::new(training, None, ClientConfig::default())];
        for spec in catalog.environments {
            let config = ClientConfig {
                timeouts: spec.timeouts,
                ..ClientConfig::default()
            };
            entries.push(Entry::new(
                Environment::configured(&spec),
                Some(spec),
                config,
            ));
        }
        Self {
            entries,
            problems: catalog.diagnostics,
        }
    }

    /// The environments, in the order the window lists them.
    pub(crate) fn environments(&self) -> Vec<Environment> {
        self.entries.iter().map(|e| e.environment.clone()).collect()
    }

    pub(crate) fn list(&self) -> EnvironmentList {
        EnvironmentList {
            environments: self.environments(),
            problems: self.problems.clone(),
        }
    }

    pub(crate) fn entry(&self, id: &str) -> Result<&Entry, AppError> {
        self.entries
            .iter()
            .find(|e| e.environment.id == id)
            .ok_or_else(|| AppError::UnknownEnvironment(id.to_owned()))
    }

    /// The definition of a configured environment.
    pub(crate) fn spec(&self, id: &str) -> Result<&EnvironmentSpec, AppError> {
        self.entry(id)?
            .spec
            .as_ref()
            .ok_or_else(|| AppError::UnknownEnvironment(id.to_owned()))
    }

    /// The files' environments and problems, for a change to the files.
    pub(crate) fn catalog(&self) -> Catalog {
        Catalog {
            environments: self.entries.iter().filter_map(|e| e.spec.clone()).collect(),
            diagnostics: self.problems.clone(),
            ..Catalog::default()
        }
    }
}
