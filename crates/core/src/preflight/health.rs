//! The health URL's answer, read without trusting its shape: the one HTTP
//! request a pre-flight check makes (the invoke URL is never asked).

use std::time::{Duration, Instant};

use serde::Serialize;
use serde_json::Value;

use super::check::{Check, CheckOutcome, Step};

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

/// Asks the health URL; answers its check, its document, and how far our
/// clock is ahead of the server's (`Date`), in seconds.
pub(crate) async fn ask_health(
    url: &str,
    wait: Duration,
) -> (Check, Option<HealthAnswer>, Option<i64>) {
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
                crate::error::chain(&error)
            };
            return (
                Check::new(
                    Step::Health,
                    CheckOutcome::Failed,
                    format!("the health URL could not be asked: {why}"),
                )
                .timed(started),
                None,
                None,
            );
        }
    };
    let http_status = response.status().as_u16();
    let offset = response
        .headers()
        .get("date")
        .and_then(|v| v.to_str().ok())
        .and_then(|date| offset_from_date(date, std::time::SystemTime::now()));
    let body: Option<Value> = match response.bytes().await {
        Ok(bytes) => serde_json::from_slice(&bytes).ok(),
        Err(_) => None,
    };
    let Some(answer) = body.as_ref().and_then(|b| health_answer(b, http_status)) else {
        return (Check::new(Step::Health, CheckOutcome::Warning, format!("the health URL answered HTTP {http_status} but not with the health document; check that health_url is the health Function URL")).timed(started), None, offset);
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
        offset,
    )
}

/// How far our clock is ahead of a server's, by its `Date` header, when
/// the answer came (negative: behind), in whole seconds. `Date` has a
/// resolution of one second.
pub(crate) fn offset_from_date(date: &str, received: std::time::SystemTime) -> Option<i64> {
    let date = httpdate::parse_http_date(date.trim()).ok()?;
    let seconds = match received.duration_since(date) {
        Ok(ahead) => ahead.as_secs_f64(),
        Err(behind) => -behind.duration().as_secs_f64(),
    };
    Some(seconds.round() as i64)
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
