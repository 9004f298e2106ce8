//! The shift handover as the console keeps it: a draft built now, a
//! handover created (its snapshot recorded in the chain), notes added, the
//! incoming duty manager's acknowledgement (once), and handovers read back
//! with their notes and acknowledgement.

use skymarshal_store::{NewRecord, Record, RecordFilter, RecordKind, SessionFilter, Store};

use crate::clock::{now_ms, zulu};
use crate::decisions::analysis::Analysis;
use crate::decisions::body::canonical_json;
use crate::decisions::record::decision_views;
use crate::decisions::who;
use crate::handover::body::{
    AckBody, HandoverBody, HandoverDraft, HandoverView, NoteBody, Snapshot,
};
use crate::handover::snapshot::{PeriodRun, period_start, snapshot};
use crate::{AppError, Console};

type StoreResult<T> = Result<T, skymarshal_store::Error>;

/// The snapshot of the period from `since_ms` (else the last handover's
/// end, else 12 hours ago) to now.
fn take_snapshot(store: &Store, since_ms: Option<i64>) -> StoreResult<Snapshot> {
    let records = store.records(&RecordFilter::all())?;
    let last_until = handover_views(&records)
        .iter()
        .map(|h| h.body.snapshot.until_ms)
        .max();
    let now = now_ms();
    let since = period_start(since_ms, last_until, now);
    let mut runs = Vec::new();
    let sessions = store.sessions(&SessionFilter {
        from_ms: Some(since),
        limit: Some(u32::MAX),
        ..SessionFilter::default()
    })?;
    for session in sessions {
        for run in store.runs(session.id)? {
            if run.started_ms < since || run.started_ms >= now {
                continue;
            }
            let analysis = Analysis::read(&store.events(run.id)?);
            runs.push(PeriodRun {
                analysed: analysis.is_some() && run.status == skymarshal_store::RunStatus::Complete,
                recommended: analysis.as_ref().and_then(Analysis::recommended_text),
                environment: session.environment.clone(),
                run,
            });
        }
    }
    Ok(snapshot(since, now, runs, &decision_views(&records)))
}

/// Every handover in `records`, in chain order, with its notes and ack.
pub(crate) fn handover_views(records: &[Record]) -> Vec<HandoverView> {
    let mut views: Vec<HandoverView> = records
        .iter()
        .filter(|r| r.kind == RecordKind::Handover)
        .filter_map(|r| {
            let body = read::<HandoverBody>(r)?;
            Some(HandoverView {
                body,
                seq: r.seq,
                added_notes: Vec::new(),
                ack: None,
            })
        })
        .collect();
    for record in records {
        let Some(view) = record
            .subject
            .as_deref()
            .and_then(|s| views.iter_mut().find(|v| v.body.uid == s))
        else {
            continue;
        };
        match record.kind {
            RecordKind::HandoverNote => view.added_notes.extend(read::<NoteBody>(record)),
            RecordKind::HandoverAck if view.ack.is_none() => view.ack = read::<AckBody>(record),
            _ => {}
        }
    }
    views
}

fn read<T: serde::de::DeserializeOwned>(record: &Record) -> Option<T> {
    serde_json::from_str(&record.body)
        .map_err(
            |error| tracing::warn!(seq = record.seq, %error, "a handover record cannot be read"),
        )
        .ok()
}

/// Handover `uid` from `store`, or `not_found`.
fn one(store: &Store, uid: &str) -> StoreResult<HandoverView> {
    handover_views(&store.records(&RecordFilter::all())?)
        .into_iter()
        .find(|h| h.body.uid == uid)
        .ok_or_else(|| skymarshal_store::Error::NotFound {
            what: "handover",
            id: uid.to_owned(),
        })
}

fn append<T: serde::Serialize>(
    store: &mut Store,
    kind: RecordKind,
    uid: &str,
    subject: Option<&str>,
    created_ms: i64,
    body: &T,
) -> StoreResult<Record> {
    let text = canonical_json(body);
    store.append_record(NewRecord {
        kind,
        uid,
        subject,
        created_ms,
        body: &text,
    })
}

impl Console {
    /// The handover as it would be created now, not recorded: the period
    /// from `since_ms` (else since the last handover, else the last 12
    /// hours), its runs, decisions and open items.
    pub async fn handover_draft(&self, since_ms: Option<i64>) -> Result<HandoverDraft, AppError> {
        self.on_store(move |store| {
            Ok(HandoverDraft {
                operator: store.operator()?,
                snapshot: take_snapshot(store, since_ms)?,
            })
        })
        .await
    }

    /// Creates a handover: the snapshot taken now, with the outgoing duty
    /// manager's `notes`, appended to the chain.
    ///
    /// Errors: `operator_missing` when no operator name is set.
    pub async fn create_handover(
        &self,
        since_ms: Option<i64>,
        notes: &str,
    ) -> Result<HandoverView, AppError> {
        let notes = notes.trim().to_owned();
        self.on_store_checked(move |store| {
            let Some(operator) = store.operator()? else {
                return Ok(Err(AppError::OperatorMissing));
            };
            let snapshot = take_snapshot(store, since_ms)?;
            let body = HandoverBody {
                uid: uuid::Uuid::new_v4().to_string(),
                operator,
                os_user: who::os_user(),
                host: who::host(),
                created_ms: snapshot.until_ms,
                notes,
                snapshot,
            };
            let record = append(
                store,
                RecordKind::Handover,
                &body.uid,
                None,
                body.created_ms,
                &body,
            )?;
            Ok(Ok(HandoverView {
                body,
                seq: record.seq,
                added_notes: Vec::new(),
                ack: None,
            }))
        })
        .await
    }

    /// Every handover, newest first, with its notes and acknowledgement.
    pub async fn handovers(&self) -> Result<Vec<HandoverView>, AppError> {
        self.on_store(|store| {
            let mut views = handover_views(&store.records(&RecordFilter::all())?);
            views.reverse();
            Ok(views)
        })
        .await
    }

    /// Handover `uid`. Errors: `not_found`.
    pub async fn handover(&self, uid: &str) -> Result<HandoverView, AppError> {
        let uid = uid.to_owned();
        self.on_store(move |store| one(store, &uid)).await
    }

    /// Adds a note to handover `uid` (marked `after_ack` when it comes
    /// after the acknowledgement); answers the handover.
    ///
    /// Errors: `handover_refused` for a blank note, `operator_missing`,
    /// `not_found`.
    pub async fn add_handover_note(&self, uid: &str, text: &str) -> Result<HandoverView, AppError> {
        let uid = uid.to_owned();
        let text = text.trim().to_owned();
        if text.is_empty() {
            return Err(AppError::HandoverRefused(
                "A note needs some text; write what the incoming duty manager should know."
                    .to_owned(),
            ));
        }
        self.on_store_checked(move |store| {
            let handover = one(store, &uid)?;
            let Some(operator) = store.operator()? else {
                return Ok(Err(AppError::OperatorMissing));
            };
            let now = now_ms();
            let note = NoteBody {
                uid: uuid::Uuid::new_v4().to_string(),
                handover_uid: uid.clone(),
                text,
                operator,
                created_ms: now,
                after_ack: handover.ack.is_some(),
            };
            append(
                store,
                RecordKind::HandoverNote,
                &note.uid,
                Some(&uid),
                now,
                &note,
            )?;
            Ok(Ok(one(store, &uid)?))
        })
        .await
    }

    /// The incoming duty manager `by` acknowledges handover `uid`, which
    /// locks it; answers the handover.
    ///
    /// Errors: `handover_refused` for a blank name or a handover already
    /// acknowledged (naming by whom and when), `not_found`.
    pub async fn acknowledge_handover(
        &self,
        uid: &str,
        by: &str,
    ) -> Result<HandoverView, AppError> {
        let uid = uid.to_owned();
        let Some(by) = who::person_name(by) else {
            return Err(AppError::HandoverRefused(
                "Name who takes the shift: the acknowledgement needs the incoming duty manager's \
                 name."
                    .to_owned(),
            ));
        };
        self.on_store_checked(move |store| {
            let handover = one(store, &uid)?;
            if let Some(ack) = handover.ack {
                return Ok(Err(AppError::HandoverAcknowledged {
                    uid,
                    by: ack.by,
                    at: zulu(ack.acked_ms),
                }));
            }
            let now = now_ms();
            let ack = AckBody {
                uid: uuid::Uuid::new_v4().to_string(),
                handover_uid: uid.clone(),
                by,
                os_user: who::os_user(),
                host: who::host(),
                acked_ms: now,
            };
            append(
                store,
                RecordKind::HandoverAck,
                &ack.uid,
                Some(&uid),
                now,
                &ack,
            )?;
            Ok(Ok(one(store, &uid)?))
        })
        .await
    }
}
