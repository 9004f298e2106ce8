//! A SkyMarshal server that runs on 127.0.0.1: the console's training
//! environment, and the server every test talks to.
//!
//! It implements PROTOCOL.md as the real deployment does (the same request
//! rules and error bodies, `metadata` with a fresh request id and the
//! session it was given, the real fixture responses as chunks, `complete`
//! with true counts and time, a health endpoint), and plays every failure
//! the real deployment can produce when the URL's query asks for it, so a
//! client needs no change to meet them. It records each request it
//! receives, so tests can assert what arrived.

mod auth;
mod faults;
mod fixtures;
mod identity_center;
mod odd;
mod record;
pub mod safety;
mod scenario;
mod script;
mod server;
mod sts;
mod validate;

use std::net::{Ipv4Addr, SocketAddr};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use tokio::net::TcpListener;
use tokio::task::JoinHandle;
use tokio_util::sync::CancellationToken;

pub use auth::SimAuth;
pub use fixtures::response as fixture;
pub use record::RecordedRequest;
pub use scenario::{Pacing, Scenario};

/// What can go wrong starting the simulator.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// The port could not be bound.
    #[error(
        "the simulator could not listen on 127.0.0.1:{port}: {source}. Choose another port, or 0 for any free one."
    )]
    Bind {
        /// The port asked for.
        port: u16,
        /// Why.
        source: std::io::Error,
    },
}

/// How the simulator behaves when a request's query does not say.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SimConfig {
    /// The port on 127.0.0.1; 0 picks a free one.
    pub port: u16,
    /// Default pacing, overridden per request by the query.
    pub pacing: Pacing,
    /// What every analysis request must carry, as the deployment would
    /// check it before the handler runs.
    pub auth: SimAuth,
}

impl SimConfig {
    /// Any free port, no pacing: what tests want.
    pub fn instant() -> Self {
        Self {
            port: 0,
            pacing: Pacing::instant(),
            auth: SimAuth::None,
        }
    }
}

impl Default for SimConfig {
    fn default() -> Self {
        Self {
            port: 0,
            pacing: Pacing::demo(),
            auth: SimAuth::None,
        }
    }
}

/// A running simulator. Dropping it stops the server.
#[derive(Debug)]
pub struct Simulator {
    addr: SocketAddr,
    requests: Arc<Mutex<Vec<RecordedRequest>>>,
    stop: CancellationToken,
    task: Option<JoinHandle<()>>,
}

impl Simulator {
    /// Binds 127.0.0.1 and starts serving on the current Tokio runtime.
    pub async fn start(config: SimConfig) -> Result<Self, Error> {
        let listener = TcpListener::bind((Ipv4Addr::LOCALHOST, config.port))
            .await
            .map_err(|source| Error::Bind {
                port: config.port,
                source,
            })?;
        let addr = listener.local_addr().map_err(|source| Error::Bind {
            port: config.port,
            source,
        })?;
        let requests = Arc::new(Mutex::new(Vec::new()));
        let stop = CancellationToken::new();
        let app = server::router(server::Shared {
            requests: Arc::clone(&requests),
            pacing: config.pacing,
            auth: Arc::new(config.auth),
            stop: stop.clone(),
        });
        let shutdown = stop.clone();
        let task = tokio::spawn(async move {
            let served = axum::serve(listener, app)
                .with_graceful_shutdown(async move { shutdown.cancelled().await })
                .await;
            if let Err(error) = served {
                tracing::error!(%error, "the simulator stopped");
            }
        });
        tracing::info!(%addr, "simulator listening");
        Ok(Self {
            addr,
            requests,
            stop,
            task: Some(task),
        })
    }

    /// The invoke URL: `http://127.0.0.1:PORT/`.
    pub fn url(&self) -> String {
        format!("http://{}/", self.addr)
    }

    /// The invoke URL with a query, such as `scenario=bom&delay_ms=0`.
    pub fn url_with(&self, query: &str) -> String {
        format!("http://{}/?{query}", self.addr)
    }

    /// The invoke URL asking for `scenario` (the default analysis when
    /// `None`), every analysis delayed by `delay` when given.
    pub fn url_for(&self, scenario: Option<Scenario>, delay: Option<Duration>) -> String {
        let mut query = Vec::new();
        if let Some(scenario) = scenario {
            query.push(format!("scenario={}", scenario.name()));
        }
        if let Some(delay) = delay {
            query.push(format!("delay_ms={}", delay.as_millis()));
        }
        if query.is_empty() {
            self.url()
        } else {
            self.url_with(&query.join("&"))
        }
    }

    /// The health URL.
    pub fn health_url(&self) -> String {
        format!("http://{}/health", self.addr)
    }

    /// Where the requests received so far are listed, as JSON.
    pub fn requests_url(&self) -> String {
        format!("http://{}/__sim/requests", self.addr)
    }

    /// The address it listens on.
    pub fn addr(&self) -> SocketAddr {
        self.addr
    }

    /// Every request received so far, in order.
    pub fn requests(&self) -> Vec<RecordedRequest> {
        self.requests.lock().map(|r| r.clone()).unwrap_or_default()
    }

    /// How many analysis requests (POSTs, not the simulated STS's) arrived.
    pub fn posts(&self) -> usize {
        self.requests()
            .iter()
            .filter(|r| r.method == "POST" && !r.path.starts_with(sts::PREFIX))
            .count()
    }

    /// The URL to give the AWS SDK as `AWS_ENDPOINT_URL_STS`.
    pub fn sts_url(&self) -> String {
        format!("{}{}", self.url().trim_end_matches('/'), sts::PREFIX)
    }

    /// Stops serving; open streams are cut off after at most `grace`.
    pub async fn shutdown(mut self, grace: Duration) {
        self.stop.cancel();
        if let Some(task) = self.task.take() {
            let _ = tokio::time::timeout(grace, task).await;
        }
    }
}

impl Drop for Simulator {
    fn drop(&mut self) {
        self.stop.cancel();
        if let Some(task) = self.task.take() {
            task.abort();
        }
    }
}
