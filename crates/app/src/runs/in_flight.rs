//! Runs in flight: each is a task that pulls the core's updates and hands
//! them, numbered, to the window's sink; each can be cancelled by id.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};

use skymarshal_core::Run;
use tokio_util::sync::CancellationToken;
use tracing::Instrument as _;

use crate::history::recorder::Recording;
use crate::{AppError, RunBody, RunMessage};

/// The runs in flight, by id.
#[derive(Debug, Default)]
pub(crate) struct Runs {
    active: Arc<Mutex<HashMap<String, CancellationToken>>>,
}

impl Runs {
    /// Drives `run` to its end on the current Tokio runtime, handing each
    /// update to `sink` in order. The last message is always `finished`.
    pub(crate) fn spawn<S>(
        &self,
        mut run: Run,
        cancel: CancellationToken,
        run_id: String,
        recording: Recording,
        span: tracing::Span,
        mut sink: S,
    ) where
        S: FnMut(RunMessage) + Send + 'static,
    {
        self.lock().insert(run_id.clone(), cancel);
        let active = Arc::clone(&self.active);
        tokio::spawn(
            async move {
                let mut seq = 0;
                let mut send = |body| {
                    sink(RunMessage {
                        run_id: run_id.clone(),
                        seq,
                        body,
                    });
                    seq += 1;
                };
                let recorder = match recording {
                    Recording::On(recorder) => Some(recorder),
                    Recording::Off => None,
                    Recording::Failed(message) => {
                        send(history_warning(message));
                        None
                    }
                };
                while let Some(update) = run.next().await {
                    if let skymarshal_core::Update::Finished(outcome) = &update {
                        match &outcome.result {
                            Ok(()) => tracing::info!(
                                total_ms = outcome.timings.total.as_millis() as u64,
                                server_ms = outcome.execution_time_ms,
                                chunks = outcome.chunks,
                                "run finished"
                            ),
                            Err(error) => tracing::warn!(
                                kind = ?error.kind(),
                                total_ms = outcome.timings.total.as_millis() as u64,
                                %error,
                                "run did not complete"
                            ),
                        }
                    }
                    // Committed to the history first; the window hears of it
                    // only once it is on disk. A history that fails costs the
                    // record, never the analysis: the window is told.
                    let failed = match &recorder {
                        Some(recorder) => recorder.record(&update).await.err(),
                        None => None,
                    };
                    if let Some(error) = failed {
                        tracing::warn!(%error, "history did not record an update");
                        send(history_warning(format!(
                            "This update could not be saved to the history: {error}"
                        )));
                    }
                    send(RunBody::from_update(update));
                }
                if let Ok(mut active) = active.lock() {
                    active.remove(&run_id);
                }
            }
            .instrument(span),
        );
    }

    /// Tracks a run driven elsewhere (a replay), so that it can be
    /// cancelled by id; the returned handle forgets it when it ends.
    pub(crate) fn track(&self, run_id: String, cancel: CancellationToken) -> Tracked {
        self.lock().insert(run_id.clone(), cancel);
        Tracked {
            active: Arc::clone(&self.active),
            run_id,
        }
    }

    /// Cancels one run; it ends with a `finished` message of kind
    /// `cancelled` within a second.
    pub(crate) fn cancel(&self, run_id: &str) -> Result<(), AppError> {
        match self.lock().get(run_id) {
            Some(token) => {
                token.cancel();
                Ok(())
            }
            None => Err(AppError::UnknownRun(run_id.to_owned())),
        }
    }

    /// Cancels every run, when the console closes.
    pub(crate) fn cancel_all(&self) {
        for token in self.lock().values() {
            token.cancel();
        }
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, HashMap<String, CancellationToken>> {
        // A panic while holding this lock leaves the map itself intact.
        self.active
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
    }
}

/// A tracked run; dropping it forgets the run.
#[derive(Debug)]
pub(crate) struct Tracked {
    active: Arc<Mutex<HashMap<String, CancellationToken>>>,
    run_id: String,
}

impl Drop for Tracked {
    fn drop(&mut self) {
        if let Ok(mut active) = self.active.lock() {
            active.remove(&self.run_id);
        }
    }
}

/// What the window is told when the history cannot keep a run.
fn history_warning(message: String) -> RunBody {
    RunBody::Warning {
        code: "history_failed".to_owned(),
        message,
    }
}
