//! The environments the console offers at one moment: the training
//! simulator and the configured deployments, each with its own HTTP client
//! (its timeouts). Rebuilt whole whenever the environments file changes, so
//! a run in flight keeps the client it started with.

use std::collections::HashMap;

use skymarshal_core::{Client, ClientConfig};
use skymarshal_envs::{Catalog, EnvironmentSpec};

use crate::environments::environment::Environment;
use crate::{AppError, EnvironmentList};

/// One snapshot of the environments.
#[derive(Debug)]
pub(crate) struct Registry {
    pub(crate) environments: Vec<Environment>,
    pub(crate) specs: HashMap<String, EnvironmentSpec>,
    pub(crate) clients: HashMap<String, Client>,
    pub(crate) catalog: Catalog,
}

impl Registry {
    /// The training simulator first, then every valid environment of
    /// `catalog`.
    pub(crate) fn build(training: Environment, catalog: Catalog) -> Result<Self, AppError> {
        let mut clients = HashMap::new();
        clients.insert(training.id.clone(), Client::new(ClientConfig::default())?);
        let mut environments = vec![training];
        let mut specs = HashMap::new();
        for spec in &catalog.environments {
            let environment = Environment::configured(spec);
            let config = ClientConfig {
                timeouts: spec.timeouts,
                ..ClientConfig::default()
            };
            clients.insert(environment.id.clone(), Client::new(config)?);
            specs.insert(environment.id.clone(), spec.clone());
            environments.push(environment);
        }
        Ok(Self {
            environments,
            specs,
            clients,
            catalog,
        })
    }

    pub(crate) fn list(&self) -> EnvironmentList {
        EnvironmentList {
            environments: self.environments.clone(),
            problems: self.catalog.diagnostics.clone(),
        }
    }

    pub(crate) fn environment(&self, id: &str) -> Result<&Environment, AppError> {
        self.environments
            .iter()
            .find(|e| e.id == id)
            .ok_or_else(|| AppError::UnknownEnvironment(id.to_owned()))
    }

    pub(crate) fn spec(&self, id: &str) -> Result<&EnvironmentSpec, AppError> {
        self.specs
            .get(id)
            .ok_or_else(|| AppError::UnknownEnvironment(id.to_owned()))
    }

    pub(crate) fn client(&self, id: &str) -> Result<&Client, AppError> {
        self.clients
            .get(id)
            .ok_or_else(|| AppError::UnknownEnvironment(id.to_owned()))
    }
}
