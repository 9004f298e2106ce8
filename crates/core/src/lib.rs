//! The SkyMarshal client core: validates a prompt, sends one analysis
//! request, reads whatever the server answers (an event stream, a buffered
//! JSON body or an error page) and hands back every event with a verdict
//! a duty manager can act on.
//!
//! It knows nothing of windows, stores or keyrings: the desktop shell and
//! the CLI drive it through [`Client::start`] and [`Run::next`].

mod analysis;
mod auth;
mod buffered;
mod client;
mod config;
mod error;
mod error_body;
mod event;
mod lambda;
#[cfg(test)]
mod names;
mod preflight;
mod refusal;
mod request;
mod run;
mod tracker;

pub use analysis::{Decision, OptionScores, OrchestratorFailure, Summary};
pub use auth::{
    AwsKeySource, AwsKeys, Credentials, Fetched, KeyFetch, KeyKind, KeyOrigin, KeysInHand,
};
pub use client::Client;
pub use config::{ClientConfig, Timeouts};
pub use error::{Error, ErrorKind};
pub use event::{Decoded, Origin, ReceivedEvent, ServerEvent};
pub use preflight::{Check, CheckOutcome, HealthAnswer, Preflight, Step, preflight};
pub use request::{AnalysisRequest, Endpoint, PROMPT_MAX_CHARS, PROMPT_MIN_CHARS, Rule, SessionId};
pub use run::{Outcome, Run, Update};
pub use skymarshal_json::{OddKind, OddValue};
pub use tracker::{EventChecks, Warning};

/// The `text/event-stream` parser the core uses, for callers that parse
/// captured bodies themselves (`skymarshal inspect --file`).
pub use skymarshal_sse as sse;
