//! The bridge from runs to the local history: a run is recorded before it
//! is sent, and each of its events is committed before the window is told
//! of it. The store is SQLite and blocking, so every call runs on Tokio's
//! blocking pool, never on the async workers.

use std::path::Path;
use std::sync::{Arc, Mutex};

use skymarshal_core::{ErrorKind, Outcome, Update};
use skymarshal_store::{EventRecord, NewRun, RunEnd, RunKey, RunStatus, Store};

use crate::clock::{millis, now_ms};

/// The open history, shared by the console's runs.
#[derive(Debug, Clone)]
pub(crate) struct History {
    store: Arc<Mutex<Store>>,
    /// Woken after each commit, so the team sync sends it at once.
    pub(crate) changed: Arc<tokio::sync::Notify>,
}

/// Whether a run is being recorded.
#[derive(Debug)]
pub(crate) enum Recording {
    /// Each update is committed before the window hears of it.
    On(Recorder),
    /// The console has no history.
    Off,
    /// The history could not record the run; the window is told why.
    Failed(String),
}

/// One run's place in the history: each update handed to [`Recorder::record`]
/// is on disk when it returns. The console's runs use it, and so does a
/// caller that drives a run itself (the CLI's `analyze`, through
/// [`crate::Console::record_run`]).
#[derive(Debug, Clone)]
pub struct Recorder {
    store: Arc<Mutex<Store>>,
    changed: Arc<tokio::sync::Notify>,
    key: RunKey,
    uid: String,
}

/// Runs `op` on the store on Tokio's blocking pool.
async fn blocking<T, F>(store: &Arc<Mutex<Store>>, op: F) -> Result<T, skymarshal_store::Error>
where
    T: Send + 'static,
    F: FnOnce(&mut Store) -> Result<T, skymarshal_store::Error> + Send + 'static,
{
    let store = Arc::clone(store);
    tokio::task::spawn_blocking(move || {
        let mut store = store
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        op(&mut store)
    })
    .await
    .unwrap_or_else(|join| Err(skymarshal_store::Error::Crashed(join.to_string())))
}

impl History {
    /// Opens the history at `path`.
    pub(crate) fn open(path: &Path) -> Result<Self, skymarshal_store::Error> {
        let mut store = Store::open(path)?;
        let removed = store.sweep_retention(now_ms())?;
        if removed > 0 {
            tracing::info!(removed, "sessions past the retention period deleted");
        }
        Ok(Self {
            store: Arc::new(Mutex::new(store)),
            changed: Arc::default(),
        })
    }

    /// Opens the history at `path` beside a console that may be using it
    /// (the CLI): runs streaming there are left alone and retention is not
    /// swept; the console that owns the file does both.
    pub(crate) fn open_beside(path: &Path) -> Result<Self, skymarshal_store::Error> {
        Ok(Self {
            store: Arc::new(Mutex::new(Store::open_beside(path)?)),
            changed: Arc::default(),
        })
    }

    /// Runs `op` on the store, off the async workers.
    pub(crate) async fn with<T, F>(&self, op: F) -> Result<T, skymarshal_store::Error>
    where
        T: Send + 'static,
        F: FnOnce(&mut Store) -> Result<T, skymarshal_store::Error> + Send + 'static,
    {
        blocking(&self.store, op).await
    }

    /// Records a run about to be sent.
    pub(crate) async fn begin(
        &self,
        uid: String,
        environment: String,
        session: Option<String>,
        prompt: String,
    ) -> Result<Recorder, skymarshal_store::Error> {
        let run_uid = uid.clone();
        let key = blocking(&self.store, move |store| {
            store.begin_run(&NewRun {
                uid: &run_uid,
                environment: &environment,
                server_session_id: session.as_deref(),
                prompt: &prompt,
                started_ms: now_ms(),
            })
        })
        .await?;
        self.changed.notify_one();
        Ok(Recorder {
            store: Arc::clone(&self.store),
            changed: Arc::clone(&self.changed),
            key,
            uid,
        })
    }
}

impl Recorder {
    /// The run's uid in the history (what `decide` and `history show` take).
    pub fn run_uid(&self) -> &str {
        &self.uid
    }

    /// Commits what `update` adds to the history; returns once it is on disk.
    pub async fn record(&self, update: &Update) -> Result<(), skymarshal_store::Error> {
        let committed = self.commit(update).await;
        self.changed.notify_one();
        committed
    }

    async fn commit(&self, update: &Update) -> Result<(), skymarshal_store::Error> {
        let key = self.key;
        match update {
            Update::Event(event) => {
                let record = EventRecord {
                    position: i64::try_from(event.seq).unwrap_or(i64::MAX),
                    received_ms: millis(event.received_at),
                    origin: event.origin.as_str().to_owned(),
                    kind: event.event.type_name().to_owned(),
                    sse_event: event.sse_event.clone(),
                    sse_id: event.sse_id.clone(),
                    data: event.data.clone(),
                };
                blocking(&self.store, move |store| store.append_event(key, &record)).await
            }
            Update::Finished(outcome) => {
                let end = run_end(outcome);
                blocking(&self.store, move |store| store.finish_run(key, &end)).await
            }
            Update::Response { .. } | Update::Warning(_) => Ok(()),
        }
    }
}

fn run_end(outcome: &Outcome) -> RunEnd {
    let (status, error_kind, error_message) = match &outcome.result {
        Ok(()) => (RunStatus::Complete, None, None),
        Err(error) => {
            let kind = error.kind();
            let status = match kind {
                ErrorKind::Cancelled => RunStatus::Cancelled,
                ErrorKind::Interrupted => RunStatus::Interrupted,
                _ => RunStatus::Failed,
            };
            (
                status,
                Some(kind.as_str().to_owned()),
                Some(error.to_string()),
            )
        }
    };
    RunEnd {
        status: Some(status),
        ended_ms: now_ms(),
        execution_ms: outcome
            .execution_time_ms
            .map(|ms| i64::try_from(ms).unwrap_or(i64::MAX)),
        error_kind,
        error_message,
        // A failure before `metadata` still names the request, from the
        // response's headers; support asks for it.
        request_id: outcome.request_id.clone().or_else(|| {
            outcome
                .result
                .as_ref()
                .err()
                .and_then(|e| e.request_id().map(str::to_owned))
        }),
        server_session_id: outcome.session_id.clone(),
    }
}
