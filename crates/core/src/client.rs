//! The HTTP side: one `reqwest` client configured so that an analysis is
//! sent exactly once (no redirects, no connection reuse, no retries) and
//! every wait is bounded by the configured timeouts.

use std::sync::Arc;

use tokio_util::sync::CancellationToken;

use crate::run::{Prepared, Run};
use crate::{AnalysisRequest, ClientConfig, Credentials, Endpoint, Error};

/// Runs analyses. Cheap to clone; clones share the connection settings.
#[derive(Debug, Clone)]
pub struct Client {
    http: reqwest::Client,
    config: Arc<ClientConfig>,
}

impl Client {
    /// A client with the given timeouts and limits.
    pub fn new(config: ClientConfig) -> Result<Self, Error> {
        let http = reqwest::Client::builder()
            .connect_timeout(config.timeouts.connect)
            // A redirect would re-send the POST somewhere else.
            .redirect(reqwest::redirect::Policy::none())
            // A pooled connection that the server closed while idle is the
            // one case where an HTTP client re-sends a request by itself;
            // an analysis every few minutes gains nothing from reuse.
            .pool_max_idle_per_host(0)
            .retry(reqwest::retry::never())
            .user_agent(&config.user_agent)
            .build()
            .map_err(|e| Error::Network {
                detail: format!("the HTTP client could not start: {e}"),
                maybe_sent: false,
            })?;
        Ok(Self {
            http,
            config: Arc::new(config),
        })
    }

    /// The settings in force.
    pub fn config(&self) -> &ClientConfig {
        &self.config
    }

    /// Prepares one analysis; nothing is sent until the first
    /// [`Run::next`]. `cancel` stops the run at any point and closes the
    /// connection.
    pub fn start(
        &self,
        endpoint: &Endpoint,
        request: &AnalysisRequest,
        cancel: CancellationToken,
    ) -> Run {
        self.start_with(endpoint, request, Credentials::None, cancel)
    }

    /// Like [`Client::start`], authenticating with `credentials`: the
    /// headers (for SigV4, the signature over the exact body bytes) are
    /// made just before the one send.
    pub fn start_with(
        &self,
        endpoint: &Endpoint,
        request: &AnalysisRequest,
        credentials: Credentials,
        cancel: CancellationToken,
    ) -> Run {
        let prepared = Prepared {
            url: endpoint.url().clone(),
            body: request.body(),
            session_id: request.session_id().map(|id| id.as_str().to_owned()),
            credentials,
            prompt_chars: Some(request.prompt().chars().count()),
        };
        Run::new(
            self.http.clone(),
            Arc::clone(&self.config),
            prepared,
            cancel,
        )
    }

    /// Like [`Client::start`] with a body sent exactly as given, unchecked:
    /// for diagnosing an endpoint with requests the console would refuse.
    pub fn start_raw(&self, endpoint: &Endpoint, body: Vec<u8>, cancel: CancellationToken) -> Run {
        let prompt_chars = serde_json::from_slice::<serde_json::Value>(&body)
            .ok()
            .and_then(|v| v.get("prompt")?.as_str().map(|p| p.chars().count()));
        let prepared = Prepared {
            url: endpoint.url().clone(),
            body,
            session_id: None,
            credentials: Credentials::None,
            prompt_chars,
        };
        Run::new(
            self.http.clone(),
            Arc::clone(&self.config),
            prepared,
            cancel,
        )
    }
}
