//! The health of an environment, checked without launching an analysis:
//! the core's pre-flight (resolve, connect, TLS, the health URL) plus
//! whether the keyring holds the credential it needs. Shared by the
//! window and `skymarshal doctor`.

use serde::Serialize;
use skymarshal_core::{Check, CheckOutcome, HealthAnswer, Step, Timeouts, preflight};
use skymarshal_envs::{Auth, EnvironmentSpec};
use skymarshal_secrets::Vault;

use crate::{AppError, Console};

/// An environment's health, as the window and the CLI show it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct HealthReport {
    /// The environment's name.
    pub environment: String,
    /// Every step, in order.
    pub checks: Vec<Check>,
    /// The health URL's answer, when it gave one.
    pub health: Option<HealthAnswer>,
    /// The worst outcome.
    pub verdict: CheckOutcome,
    /// When it was checked (UTC, RFC 3339).
    pub checked_at: String,
}

/// Checks a configured environment.
pub async fn check_spec(spec: &EnvironmentSpec, vault: &Vault) -> HealthReport {
    let report = preflight(&spec.invoke_url, spec.health_url.as_deref(), spec.timeouts).await;
    let credential = match spec.auth {
        Auth::None => Check::new(
            Step::Credentials,
            CheckOutcome::Skipped,
            "none needed: the Function URL is open",
        ),
        _ => match crate::credentials_for(spec, vault).await {
            Ok(_) => Check::new(
                Step::Credentials,
                CheckOutcome::Ok,
                format!("the {} is in the keyring", what(&spec.auth)),
            ),
            Err(error) => Check::new(Step::Credentials, CheckOutcome::Failed, error.to_string()),
        },
    };
    finish(&spec.name, report, Some(credential))
}

fn what(auth: &Auth) -> &'static str {
    match auth {
        Auth::AwsSigv4 => "AWS key pair",
        Auth::Bearer => "bearer token",
        Auth::ApiKey { .. } => "API key",
        Auth::None => "credential",
    }
}

fn finish(
    name: &str,
    report: skymarshal_core::Preflight,
    credential: Option<Check>,
) -> HealthReport {
    let mut checks = report.checks;
    checks.extend(credential);
    HealthReport {
        verdict: CheckOutcome::worst(&checks),
        environment: name.to_owned(),
        checks,
        health: report.health,
        checked_at: crate::clock::now_rfc3339(),
    }
}

impl Console {
    /// Checks the environment `id`; the training simulator is checked at
    /// its own health endpoint.
    pub async fn check_environment(&self, id: &str) -> Result<HealthReport, AppError> {
        if id == self.training.id {
            let simulator = self.simulator();
            let report = preflight(
                &simulator.url(),
                Some(&simulator.health_url()),
                Timeouts::default(),
            )
            .await;
            return Ok(finish(self.training.name(), report, None));
        }
        let spec = self.registry().spec(id)?.clone();
        Ok(check_spec(&spec, &self.vault).await)
    }
}
