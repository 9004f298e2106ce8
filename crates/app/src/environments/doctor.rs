//! The health of an environment, checked without launching an analysis:
//! the core's pre-flight (resolve, connect, TLS, the health URL) plus
//! whether the credential it needs can be had: for SigV4, where the keys
//! come from, the last four characters of the access key id, when they
//! expire, and how far our clock is from the health URL's (SigV4 is
//! refused past 5 minutes). Shared by the window and `skymarshal doctor`.

use std::time::{Duration, SystemTime};

use serde::Serialize;
use skymarshal_core::{
    Check, CheckOutcome, HealthAnswer, KeyKind, KeyOrigin, KeysInHand, Step, Timeouts, preflight,
};
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
    /// For SigV4, the keys the check got; never a secret.
    pub aws_keys: Option<AwsKeysReport>,
    /// How far our clock is ahead of the health URL's, in seconds
    /// (negative: behind); `None` without a health URL or its `Date`.
    pub clock_offset_secs: Option<i64>,
    /// The worst outcome.
    pub verdict: CheckOutcome,
    /// When it was checked (UTC, RFC 3339).
    pub checked_at: String,
}

/// An environment's AWS keys as a check reports them: where they come
/// from, the access key id's last four characters, when they expire.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct AwsKeysReport {
    /// The profile and the kind of source.
    pub origin: KeyOrigin,
    /// The access key id's last four characters.
    pub key_tail: String,
    /// When they expire (UTC, `2026-11-25 03:12:05Z`); `None` for long-lived keys.
    pub expires_at: Option<String>,
}

/// Keys that expire within this are a warning.
const EXPIRY_WARNING: Duration = Duration::from_secs(3600);

/// Checks a configured environment.
pub async fn check_spec(spec: &EnvironmentSpec, vault: &Vault) -> HealthReport {
    let report = preflight(&spec.invoke_url, spec.health_url.as_deref(), spec.timeouts).await;
    let mut aws_keys = None;
    let credential = match spec.auth {
        Auth::None => Check::new(
            Step::Credentials,
            CheckOutcome::Skipped,
            "none needed: the Function URL is open",
        ),
        Auth::AwsSigv4 { .. } => {
            let keys = match crate::credentials_for(spec, vault).await {
                Ok(credentials) => credentials
                    .aws_keys_for(spec.timeouts.total)
                    .await
                    .map_err(|e| e.to_string()),
                Err(error) => Err(error.to_string()),
            };
            match keys {
                Ok(Some(hand)) => {
                    let check = aws_check(&hand, report.clock_offset_secs);
                    aws_keys = Some(aws_report(&hand));
                    check
                }
                Ok(None) => Check::new(Step::Credentials, CheckOutcome::Failed, "no AWS keys"),
                Err(words) => Check::new(Step::Credentials, CheckOutcome::Failed, words),
            }
        }
        _ => match crate::credentials_for(spec, vault).await {
            Ok(_) => Check::new(
                Step::Credentials,
                CheckOutcome::Ok,
                format!("the {} is in the keyring", what(&spec.auth)),
            ),
            Err(error) => Check::new(Step::Credentials, CheckOutcome::Failed, error.to_string()),
        },
    };
    let mut report = finish(&spec.name, report, Some(credential));
    report.aws_keys = aws_keys;
    report
}

fn what(auth: &Auth) -> &'static str {
    match auth {
        Auth::AwsSigv4 { .. } => "AWS key pair",
        Auth::Bearer => "bearer token",
        Auth::ApiKey { .. } => "API key",
        Auth::None => "credential",
    }
}

/// `profile ops-prod · IAM Identity Center · key …WXYZ · expires 14:32 UTC
/// (in 3 h 12 min) · clock 2 s ahead`: a warning when keys that do not
/// renew themselves expire within the hour or the clock is over a minute
/// off; failed past the 5 minutes AWS allows.
fn aws_check(hand: &KeysInHand, clock_offset: Option<i64>) -> Check {
    let mut outcome = CheckOutcome::Ok;
    let mut parts = vec![
        hand.origin.label(),
        hand.origin.kind.words().to_owned(),
        format!("key …{}", hand.key_tail),
    ];
    match hand.expires {
        None => parts.push("does not expire".to_owned()),
        Some(at) => {
            let left = at.duration_since(SystemTime::now()).unwrap_or_default();
            // Identity Center, a credential_process and an assumed role hand
            // out keys for about an hour and are asked again before each
            // analysis: a short life is their nature, not a problem.
            let renews = matches!(
                hand.origin.kind,
                KeyKind::Sso | KeyKind::Process | KeyKind::AssumeRole
            );
            if left < EXPIRY_WARNING && !renews {
                outcome = CheckOutcome::Warning;
            }
            let minutes = left.as_secs() / 60;
            let within = if minutes < 60 {
                format!("{minutes} min")
            } else {
                format!("{} h {} min", minutes / 60, minutes % 60)
            };
            parts.push(format!(
                "expires {} (in {within}{})",
                crate::clock::zulu_minutes(crate::clock::millis(at)),
                if renews {
                    "; renewed before each analysis"
                } else {
                    ""
                }
            ));
        }
    }
    if let Some(offset) = clock_offset {
        let off = offset.unsigned_abs();
        if off > 300 {
            outcome = CheckOutcome::Failed;
        } else if off > 60 && outcome == CheckOutcome::Ok {
            outcome = CheckOutcome::Warning;
        }
        let side = if offset >= 0 { "ahead of" } else { "behind" };
        parts.push(format!(
            "this computer's clock is {off} s {side} the health URL's"
        ));
        if off > 300 {
            parts.push("AWS refuses signatures over 5 minutes off: set the clock".to_owned());
        }
    }
    Check::new(Step::Credentials, outcome, parts.join(" · "))
}

fn aws_report(hand: &KeysInHand) -> AwsKeysReport {
    AwsKeysReport {
        origin: hand.origin.clone(),
        key_tail: hand.key_tail.clone(),
        expires_at: hand
            .expires
            .map(|at| crate::clock::zulu(crate::clock::millis(at))),
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
        aws_keys: None,
        clock_offset_secs: report.clock_offset_secs,
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
