//! A stored run turned back into the messages the window received live:
//! the same events decoded by the same code, numbered the same way, and a
//! closing `finished` rebuilt from what the history recorded. The window
//! renders a past run through the very path a live one takes, so it shows
//! it as it was shown, with no network and no credential.

use serde::Serialize;
use skymarshal_core::{EventChecks, ServerEvent, Update};
use skymarshal_store::{EventRecord, RunRow, RunStatus, SessionRow};

use crate::{DecisionView, RunBody, RunMessage, UiError, UiErrorKind};

/// The last chunk of `events` that carried a whole analysis document (one
/// with a `final_decision` object), with that document read as the live
/// client reads it: a bare `NaN` costs that value, not the document. The
/// report prints it; a decision is taken on it and hashes its event.
pub(crate) fn last_analysis(events: &[EventRecord]) -> Option<(&EventRecord, serde_json::Value)> {
    events
        .iter()
        .rev()
        .filter(|event| event.kind == "chunk")
        .find_map(|event| {
            let document = skymarshal_json::chunk_document(&event.data)?;
            document.get("final_decision")?.as_object()?;
            Some((event, document))
        })
}

/// A past run, ready to show.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct StoredRun {
    /// The run as the history lists it.
    pub run: RunRow,
    /// Its session.
    pub session: SessionRow,
    /// Every message the window would have received, in order.
    pub messages: Vec<RunMessage>,
    /// The duty manager's decisions on it, oldest first, superseded ones
    /// included and marked.
    pub decisions: Vec<DecisionView>,
}

/// The messages of a stored run, labelled `run_id`. A run still streaming
/// has no `finished` message yet.
pub(crate) fn messages(
    run_id: &str,
    run: &RunRow,
    session: &SessionRow,
    events: Vec<EventRecord>,
) -> Vec<RunMessage> {
    let chunks = events.iter().filter(|e| e.kind == "chunk").count() as u64;
    let count = events.len() as u64;
    let mut checks = EventChecks::new();
    let mut bodies: Vec<RunBody> = Vec::with_capacity(events.len() + 1);
    for record in events {
        let decoded = ServerEvent::read(&record.data);
        let seq = u64::try_from(record.position).unwrap_or_default();
        let warnings = checks.observe(seq, &record.sse_event, &decoded);
        bodies.push(event_body(record, decoded.event));
        bodies.extend(
            warnings
                .into_iter()
                .map(|warning| RunBody::from_update(Update::Warning(warning))),
        );
    }
    if run.status != RunStatus::Streaming {
        bodies.push(finished(run, session, chunks, count));
    }
    bodies
        .into_iter()
        .zip(0..)
        .map(|(body, seq)| RunMessage {
            run_id: run_id.to_owned(),
            seq,
            body,
        })
        .collect()
}

fn event_body(record: EventRecord, event: ServerEvent) -> RunBody {
    let bytes = record.data.len() as u64;
    let raw = matches!(event, ServerEvent::Unknown { .. }).then_some(record.data);
    RunBody::Event {
        position: u64::try_from(record.position).unwrap_or_default(),
        received_at: record.received_ms as f64 / 1000.0,
        event,
        bytes,
        raw,
    }
}

fn finished(run: &RunRow, session: &SessionRow, chunks: u64, events: u64) -> RunBody {
    let ok = run.status == RunStatus::Complete;
    let error = (!ok).then(|| {
        let message = run
            .error_message
            .clone()
            .unwrap_or_else(|| format!("The run ended {}.", run.status.as_str()));
        UiError::new(stored_kind(run), message)
            .with_detail("Rebuilt from the history; the original error's detail was not kept.")
            .with_request_id(run.request_id.clone())
            .still_running(run.status == RunStatus::Interrupted)
    });
    RunBody::Finished {
        ok,
        error,
        request_id: run.request_id.clone(),
        session_id: session.server_session_id.clone(),
        chunks,
        events,
        execution_time_ms: run.execution_ms.and_then(|ms| u64::try_from(ms).ok()),
        total_ms: run
            .ended_ms
            .and_then(|end| u64::try_from(end - run.started_ms).ok())
            .unwrap_or_default(),
    }
}

/// The kind the history recorded, or, when it names none this console
/// knows (a newer console wrote it), what the run's status says.
fn stored_kind(run: &RunRow) -> UiErrorKind {
    run.error_kind
        .as_deref()
        .and_then(UiErrorKind::parse)
        .unwrap_or(match run.status {
            RunStatus::Interrupted => UiErrorKind::Interrupted,
            RunStatus::Cancelled => UiErrorKind::Cancelled,
            _ => UiErrorKind::RunFailed,
        })
}
