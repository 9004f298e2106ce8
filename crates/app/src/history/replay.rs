//! Replay: a stored run played back at its recorded pace, or faster,
//! through the same channel and the same messages a live run uses, so a
//! debrief or a training session sees exactly what the duty manager saw,
//! as they saw it. A replay sends nothing anywhere and records nothing.

use std::time::Duration;

use skymarshal_store::RunStatus;
use tokio::time::Instant;
use tokio_util::sync::CancellationToken;

use crate::{AppError, Console, RunBody, RunMessage, RunStarted, UiError, UiErrorKind};

/// The fastest replay; beyond it a run is simply opened.
pub const MAX_REPLAY_SPEED: f64 = 1000.0;

impl Console {
    /// Plays a stored run back to `sink` at `speed` times its recorded
    /// pace. Cancel it like a run; it ends with `finished` either way.
    pub async fn replay<S>(
        &self,
        uid: &str,
        speed: f64,
        mut sink: S,
    ) -> Result<RunStarted, AppError>
    where
        S: FnMut(RunMessage) + Send + 'static,
    {
        if !(speed.is_finite() && (1.0..=MAX_REPLAY_SPEED).contains(&speed)) {
            return Err(AppError::Invalid(format!(
                "A replay runs between 1× and {MAX_REPLAY_SPEED}× its recorded pace, not {speed}×."
            )));
        }
        let stored = self.stored_run(uid).await?;
        if stored.run.status == RunStatus::Streaming {
            return Err(AppError::Invalid(
                "This run is still streaming; replay it once it has ended.".to_owned(),
            ));
        }
        let run_id = format!("replay-{}", uuid::Uuid::new_v4());
        let cancel = CancellationToken::new();
        let tracked = self.runs.track(run_id.clone(), cancel.clone());
        let started_ms = stored.run.started_ms;
        let ended_ms = stored.run.ended_ms.unwrap_or(started_ms);
        let label = run_id.clone();
        tokio::spawn(async move {
            let _tracked = tracked;
            let origin = Instant::now();
            for message in stored.messages {
                let at_ms = match &message.body {
                    RunBody::Event { received_at, .. } => (received_at * 1000.0) as i64,
                    RunBody::Finished { .. } => ended_ms,
                    RunBody::Response { .. } | RunBody::Warning { .. } => started_ms,
                } - started_ms;
                let due = origin + Duration::from_secs_f64(at_ms.max(0) as f64 / 1000.0 / speed);
                let stopped = tokio::select! {
                    () = cancel.cancelled() => true,
                    () = tokio::time::sleep_until(due) => false,
                };
                if stopped {
                    sink(RunMessage {
                        run_id: label.clone(),
                        seq: message.seq,
                        body: stopped_body(),
                    });
                    return;
                }
                sink(RunMessage {
                    run_id: label.clone(),
                    ..message
                });
            }
        });
        Ok(RunStarted { run_id })
    }
}

fn stopped_body() -> RunBody {
    RunBody::Finished {
        ok: false,
        error: Some(UiError::new(
            UiErrorKind::Cancelled,
            "Replay stopped. The stored run is unchanged; open it to see all of it.",
        )),
        request_id: None,
        session_id: None,
        chunks: 0,
        events: 0,
        execution_time_ms: None,
        total_ms: 0,
    }
}
