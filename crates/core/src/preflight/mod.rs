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
use tokio::net::TcpStream;

use crate::Timeouts;

mod check;
mod health;

pub use check::{Check, CheckOutcome, Step};
pub use health::HealthAnswer;
use health::ask_health;
pub(crate) use health::offset_from_date;

/// Every step's result, and the health document when there was one.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Preflight {
    /// The steps, in order.
    pub checks: Vec<Check>,
    /// The health URL's answer.
    pub health: Option<HealthAnswer>,
    /// How far our clock is ahead of the health URL's (its `Date`
    /// header), in seconds (negative: behind); `None` without a health
    /// URL or a `Date`. AWS refuses SigV4 signatures more than 5 minutes off.
    pub clock_offset_secs: Option<i64>,
}

impl Preflight {
    /// The worst outcome of any step.
    pub fn verdict(&self) -> CheckOutcome {
        CheckOutcome::worst(&self.checks)
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
    let (check, health, clock_offset_secs) = match health_url {
        Some(url) => ask_health(url, wait).await,
        None => (
            Check::new(
                Step::Health,
                CheckOutcome::Skipped,
                "no health URL is configured; add health_url to see the deployment's own health",
            ),
            None,
            None,
        ),
    };
    checks.push(check);
    Preflight {
        checks,
        health,
        clock_offset_secs,
    }
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
