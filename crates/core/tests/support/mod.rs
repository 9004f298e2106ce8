//! Shared by the integration tests: a simulator with instant pacing and a
//! helper that runs one analysis to its end, keeping every update.

#![allow(dead_code, unreachable_pub)]

pub mod loopback;

use std::time::Duration;

use skymarshal_core::{
    AnalysisRequest, Client, ClientConfig, Credentials, Endpoint, Outcome, Update,
};
use skymarshal_sim::{SimConfig, Simulator};
use tokio_util::sync::CancellationToken;

pub const PROMPT: &str = "Flight EY123 delayed 2 hours due to weather at AUH";

pub async fn simulator() -> Simulator {
    Simulator::start(SimConfig::instant())
        .await
        .expect("the simulator starts on loopback")
}

/// Everything one run produced.
#[derive(Debug)]
pub struct Ran {
    pub updates: Vec<Update>,
    pub outcome: Outcome,
}

impl Ran {
    /// The protocol type of each event, in order.
    pub fn event_types(&self) -> Vec<&'static str> {
        self.events().map(|e| e.event.type_name()).collect()
    }

    pub fn events(&self) -> impl Iterator<Item = &skymarshal_core::ReceivedEvent> {
        self.updates.iter().filter_map(|u| match u {
            Update::Event(e) => Some(e),
            _ => None,
        })
    }

    /// The code of each warning, in order.
    pub fn warning_codes(&self) -> Vec<String> {
        self.updates
            .iter()
            .filter_map(|u| match u {
                Update::Warning(w) => Some(
                    serde_json::to_value(w).unwrap()["code"]
                        .as_str()
                        .unwrap()
                        .to_owned(),
                ),
                _ => None,
            })
            .collect()
    }
}

pub fn config(idle: Duration, total: Duration) -> ClientConfig {
    let mut config = ClientConfig::default();
    config.timeouts.idle = idle;
    config.timeouts.total = total;
    config
}

pub async fn run_with(
    config: ClientConfig,
    url: &str,
    request: &AnalysisRequest,
    cancel: CancellationToken,
) -> Ran {
    run_as(config, url, request, Credentials::None, cancel).await
}

/// Like [`run_with`], sending `credentials`.
pub async fn run_as(
    config: ClientConfig,
    url: &str,
    request: &AnalysisRequest,
    credentials: Credentials,
    cancel: CancellationToken,
) -> Ran {
    let client = Client::new(config).expect("client");
    let endpoint = Endpoint::parse(url).expect("endpoint");
    let mut run = client.start_with(&endpoint, request, credentials, cancel);
    let mut updates = Vec::new();
    while let Some(update) = run.next().await {
        updates.push(update);
    }
    let outcome = match updates.last() {
        Some(Update::Finished(outcome)) => outcome.clone(),
        other => panic!("the last update is Finished, not {other:?}"),
    };
    Ran { updates, outcome }
}

pub async fn run(url: &str) -> Ran {
    let request = AnalysisRequest::new(PROMPT, None).unwrap();
    run_with(
        ClientConfig::default(),
        url,
        &request,
        CancellationToken::new(),
    )
    .await
}
