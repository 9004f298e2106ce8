//! A pre-flight check of a deployment that launches no analysis: can the
//! invoke URL's host be resolved and reached, does its TLS verify, and
//! what does the health URL say. A duty manager runs it before a
//! disruption, not during one, to learn that a VPN is down or a credential
//! is missing while there is still time to fix it.
//!
//! The invoke URL itself is never requested: a Function URL runs its
//! handler for any method, so even a `GET` there is not free. Only the
//! health URL, which exists to be asked, gets an HTTP request.

use std::net::SocketAddr;
use std::sync::Arc;
use std::time::{Duration, Instant};

use serde::Serialize;
use serde_json::Value;
use tokio::net::TcpStream;

use crate::Timeouts;

/// One step of the check.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Step {
    /// DNS.
    Resolve,
    /// TCP to the invoke URL's host.
    Connect,
    /// The TLS handshake and certificate.
    Tls,
    /// The health URL's answer.
    Health,
    /// Whether the credential is in the keyring (added by the caller).
    Credentials,
}

/// How a step went.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum CheckOutcome {
    /// Not tried, and nothing is wrong (an `http` URL has no TLS).
    Skipped,
    /// Fine.
    Ok,
    /// Works, but something needs attention.
    Warning,
    /// Broken: analyses will fail until it is fixed.
    Failed,
}

/// The result of one step.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Check {
    /// Which step.
    pub step: Step,
    /// How it went.
    pub outcome: CheckOutcome,
    /// What was found and, when broken, what to do.
    pub summary: String,
    /// How long it took.
    pub millis: Option<u64>,
}

impl Check {
    /// A step's result.
    pub fn new(step: Step, outcome: CheckOutcome, summary: impl Into<String>) -> Self {
        Self {
            step,
            outcome,
            summary: summary.into(),
            millis: None,
        }
    }

    fn timed(mut self, since: Instant) -> Self {
        self.millis = Some(u64::try_from(since.elapsed().as_millis()).unwrap_or(u64::MAX));
        self
    }
}

/// What the health URL answered.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct HealthAnswer {
    /// `healthy`, `degraded` or `unhealthy` (or whatever else it said).
    pub status: String,
    /// The HTTP status.
    pub http_status: u16,
    /// The deployment's version, when it says.
    pub version: Option<String>,
    /// Each dependency and its state, as the server names them.
    pub dependencies: Vec<(String, String)>,
}

/// Every step's result, and the health document when there was one.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Preflight {
    /// The steps, in order.
    pub checks: Vec<Check>,
    /// The health URL's answer.
    pub health: Option<HealthAnswer>,
}

impl Preflight {
    /// The worst outcome of any step.
    pub fn verdict(&self) -> CheckOutcome {
        self.checks
            .iter()
            .map(|c| c.outcome)
            .max()
            .unwrap_or(CheckOutcome::Skipped)
    }
}

/// Checks `invoke_url`'s host (resolve, connect, TLS) and asks
/// `health_url`, each step bounded by the connect timeout.
pub async fn preflight(
    invoke_url: &str,
    health_url: Option<&str>,
    timeouts: Timeouts,
) -> Preflight {
    let wait = timeouts.connect;
    let mut checks = Vec::new();
    let reach = reach(invoke_url, wait, &mut checks).await;
    if reach.is_none() {
        for step in [Step::Connect, Step::Tls] {
            if !checks.iter().any(|c| c.step == step) {
                checks.push(Check::new(
                    step,
                    CheckOutcome::Skipped,
                    "not tried: the step before failed",
                ));
            }
        }
    }
    let (check, health) = match health_url {
        Some(url) => ask_health(url, wait).await,
        None => (
            Check::new(
                Step::Health,
                CheckOutcome::Skipped,
                "no health URL is configured; add health_url to see the deployment's own health",
            ),
            None,
        ),
    };
    checks.push(check);
    Preflight { checks, health }
}

/// Resolve, connect and (for https) handshake; `None` when a step failed.
async fn reach(url: &str, wait: Duration, checks: &mut Vec<Check>) -> Option<()> {
    let parsed = match url::Url::parse(url) {
        Ok(parsed) => parsed,
        Err(error) => {
            checks.push(Check::new(
                Step::Resolve,
                CheckOutcome::Failed,
                format!("{url:?} is not a URL ({error}); correct the environment"),
            ));
            return None;
        }
    };
    let host = parsed
        .host_str()
        .unwrap_or_default()
        .trim_matches(['[', ']'])
        .to_owned();
    let port = parsed.port_or_known_default().unwrap_or(443);

    let started = Instant::now();
    let addresses: Vec<SocketAddr> = match tokio::time::timeout(
        wait,
        tokio::net::lookup_host((host.as_str(), port)),
    )
    .await
    {
        Ok(Ok(found)) => found.collect(),
        Ok(Err(error)) => {
            checks.push(Check::new(Step::Resolve, CheckOutcome::Failed, format!("{host} could not be resolved ({error}). Check the URL, then your network, VPN or DNS.")).timed(started));
            return None;
        }
        Err(_) => {
            checks.push(
                Check::new(
                    Step::Resolve,
                    CheckOutcome::Failed,
                    format!(
                        "resolving {host} took more than {} s. Check your network, VPN or DNS.",
                        wait.as_secs_f64()
                    ),
                )
                .timed(started),
            );
            return None;
        }
    };
    let shown: Vec<String> = addresses
        .iter()
        .take(3)
        .map(|a| a.ip().to_string())
        .collect();
    let summary = if host.parse::<std::net::IpAddr>().is_ok() {
        format!("{host} is an address; nothing to resolve")
    } else {
        format!("{host} is {}", shown.join(", "))
    };
    checks.push(Check::new(Step::Resolve, CheckOutcome::Ok, summary).timed(started));

    let started = Instant::now();
    let mut failures = Vec::new();
    let mut stream = None;
    for address in &addresses {
        match tokio::time::timeout(wait, TcpStream::connect(address)).await {
            Ok(Ok(connected)) => {
                stream = Some((connected, *address));
                break;
            }
            Ok(Err(error)) => failures.push(format!("{address}: {error}")),
            Err(_) => failures.push(format!(
                "{address}: no answer within {} s",
                wait.as_secs_f64()
            )),
        }
    }
    let Some((stream, address)) = stream else {
        checks.push(Check::new(Step::Connect, CheckOutcome::Failed, format!("could not connect ({}). The deployment may be down, or a firewall, proxy or VPN is in the way.", failures.join("; "))).timed(started));
        return None;
    };
    checks.push(
        Check::new(
            Step::Connect,
            CheckOutcome::Ok,
            format!("connected to {address}"),
        )
        .timed(started),
    );

    if parsed.scheme() != "https" {
        checks.push(Check::new(
            Step::Tls,
            CheckOutcome::Skipped,
            "plain http, which the console allows on this computer's loopback only",
        ));
        return Some(());
    }
    let started = Instant::now();
    let check = match tokio::time::timeout(wait, handshake(stream, &host)).await {
        Ok(Ok(summary)) => Check::new(Step::Tls, CheckOutcome::Ok, summary),
        Ok(Err(error)) => Check::new(
            Step::Tls,
            CheckOutcome::Failed,
            format!(
                "the TLS handshake with {host} failed: {error}. A TLS-inspecting proxy, a wrong system clock or a wrong URL are the usual causes."
            ),
        ),
        Err(_) => Check::new(
            Step::Tls,
            CheckOutcome::Failed,
            format!(
                "the TLS handshake with {host} took more than {} s",
                wait.as_secs_f64()
            ),
        ),
    };
    let failed = check.outcome == CheckOutcome::Failed;
    checks.push(check.timed(started));
    (!failed).then_some(())
}

/// A TLS handshake verified the way the operating system verifies, as the
/// client's own connections are; says what was negotiated.
async fn handshake(stream: TcpStream, host: &str) -> Result<String, String> {
    use rustls_platform_verifier::BuilderVerifierExt as _;
    let provider = Arc::new(rustls::crypto::aws_lc_rs::default_provider());
    let config = rustls::ClientConfig::builder_with_provider(provider)
        .with_safe_default_protocol_versions()
        .map_err(|e| e.to_string())?
        .with_platform_verifier()
        .map_err(|e| e.to_string())?
        .with_no_client_auth();
    let name =
        rustls::pki_types::ServerName::try_from(host.to_owned()).map_err(|e| e.to_string())?;
    let connector = tokio_rustls::TlsConnector::from(Arc::new(config));
    let tls = connector
        .connect(name, stream)
        .await
        .map_err(|e| e.to_string())?;
    let (_, session) = tls.get_ref();
    let version = session.protocol_version().map_or_else(
        || "TLS".to_owned(),
        |v| format!("{v:?}").replace("TLSv1_", "TLS 1."),
    );
    let suite = session
        .negotiated_cipher_suite()
        .map(|s| format!("{:?}", s.suite()))
        .unwrap_or_default();
    Ok(format!("{version} {suite}, certificate valid for {host}")
        .trim()
        .to_owned())
}

async fn ask_health(url: &str, wait: Duration) -> (Check, Option<HealthAnswer>) {
    let started = Instant::now();
    let client = match reqwest::Client::builder()
        .connect_timeout(wait)
        .timeout(wait + Duration::from_secs(10))
        .redirect(reqwest::redirect::Policy::none())
        .build()
    {
        Ok(client) => client,
        Err(error) => {
            return (
                Check::new(
                    Step::Health,
                    CheckOutcome::Failed,
                    format!("the HTTP client could not start: {error}"),
                ),
                None,
            );
        }
    };
    let response = match client
        .get(url)
        .header("accept", "application/json")
        .send()
        .await
    {
        Ok(response) => response,
        Err(error) => {
            let why = if error.is_timeout() {
                "it did not answer in time".to_owned()
            } else {
                crate::run::chain(&error)
            };
            return (
                Check::new(
                    Step::Health,
                    CheckOutcome::Failed,
                    format!("the health URL could not be asked: {why}"),
                )
                .timed(started),
                None,
            );
        }
    };
    let http_status = response.status().as_u16();
    let body: Option<Value> = match response.bytes().await {
        Ok(bytes) => serde_json::from_slice(&bytes).ok(),
        Err(_) => None,
    };
    let Some(answer) = body.as_ref().and_then(|b| health_answer(b, http_status)) else {
        return (Check::new(Step::Health, CheckOutcome::Warning, format!("the health URL answered HTTP {http_status} but not with the health document; check that health_url is the health Function URL")).timed(started), None);
    };
    let outcome = match answer.status.as_str() {
        "healthy" if http_status == 200 => CheckOutcome::Ok,
        "healthy" | "degraded" => CheckOutcome::Warning,
        _ => CheckOutcome::Failed,
    };
    let unwell: Vec<String> = answer
        .dependencies
        .iter()
        .filter(|(_, state)| state != "healthy")
        .map(|(name, state)| format!("{name} is {state}"))
        .collect();
    let mut summary = format!("{} (HTTP {http_status})", answer.status);
    if !unwell.is_empty() {
        summary.push_str(&format!(": {}", unwell.join(", ")));
    }
    (
        Check::new(Step::Health, outcome, summary).timed(started),
        Some(answer),
    )
}

/// The health document, read without trusting its shape.
fn health_answer(body: &Value, http_status: u16) -> Option<HealthAnswer> {
    let status = body.get("status")?.as_str()?.to_owned();
    let dependencies = body
        .get("dependencies")
        .and_then(Value::as_object)
        .map(|deps| {
            deps.iter()
                .map(|(name, state)| {
                    let state = state
                        .as_str()
                        .or_else(|| state.get("status").and_then(Value::as_str))
                        .map_or_else(|| state.to_string(), str::to_owned);
                    (name.clone(), state)
                })
                .collect()
        })
        .unwrap_or_default();
    Some(HealthAnswer {
        status,
        http_status,
        version: body
            .get("version")
            .and_then(Value::as_str)
            .map(str::to_owned),
        dependencies,
    })
}
