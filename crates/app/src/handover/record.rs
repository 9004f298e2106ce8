//! The shift handover as the console keeps it: a draft built now, a
//! handover created (its snapshot recorded in the chain), notes added, the
//! incoming duty manager's acknowledgement (once), and handovers read back
//! with their notes and acknowledgement.

use std::collections::HashSet;

use skymarshal_store::{
    NameProblem, NewRecord, OPERATOR_MAX_CHARS, Record, RecordFilter, RecordKind, RunStatus,
    SessionFilter, Store, free_text, same_name,
};

use crate::clock::{now_ms, zulu};
use crate::decisions::analysis::Analysis;
use crate::decisions::body::canonical_json;
use crate::decisions::record::decision_views;
use crate::decisions::who;
use crate::handover::body::{
    AckBody, HandoverBody, HandoverDraft, HandoverView, NoteBody, OpenKind, Snapshot,
};
use crate::handover::carry::{carried_over, with_carried};
use crate::handover::snapshot::{PeriodRun, period_start, snapshot};
use crate::{AppError, Console};

type StoreResult<T> = Result<T, skymarshal_store::Error>;

/// The snapshot of the period from `since_ms` (else the last handover's
/// end, else 12 hours ago) to `now`, with the last handover's open items
/// that are still open carried over.
fn take_snapshot(store: &Store, since_ms: Option<i64>, now: i64) -> StoreResult<Snapshot> {
    let records = store.records(&RecordFilter::all())?;
    let handovers = handover_views(&records);
    let last_until = handovers.iter().map(|h| h.body.snapshot.until_ms).max();
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
                analysed: analysis.is_some() && run.status == RunStatus::Complete,
                recommended: analysis.as_ref().and_then(Analysis::recommended_text),
                environment: session.environment.clone(),
                run,
            });
        }
    }
    let decisions = decision_views(&records);
    let mut shot = snapshot(since, now, runs, &decisions);
    if let Some(previous) = handovers.last() {
        let carried = carried_over(
            &previous.body,
            &decisions,
            &completed_later(store, &previous.body)?,
        );
        shot.open_items = with_carried(carried, std::mem::take(&mut shot.open_items));
    }
    Ok(shot)
}

/// The runs of `handover`'s failed and interrupted open items that a later
/// run in the same session completed since. A run no longer in the history
/// (its session deleted) is not known to be resolved.
fn completed_later(store: &Store, handover: &HandoverBody) -> StoreResult<HashSet<String>> {
    let mut done = HashSet::new();
    for item in &handover.snapshot.open_items {
        if !matches!(item.kind, OpenKind::Failed | OpenKind::Interrupted) {
            continue;
        }
        let run = match store.run(&item.run_uid) {
            Ok(run) => run,
            Err(skymarshal_store::Error::NotFound { .. }) => continue,
            Err(error) => return Err(error),
        };
        if store
            .runs(run.session_id)?
            .iter()
            .any(|r| r.started_ms > run.started_ms && r.status == RunStatus::Complete)
        {
            done.insert(item.run_uid.clone());
        }
    }
    Ok(done)
}

/// A period must not start after it ends: `since_ms` later than `now` is
/// refused in words.
fn check_since(since_ms: Option<i64>, now: i64) -> Result<(), AppError> {
    match since_ms {
        Some(since) if since > now => Err(AppError::HandoverRefused(format!(
            "The handover's period would start at {} after it ends now ({}); give a time in the \
             past.",
            zulu(since),
            zulu(now)
        ))),
        _ => Ok(()),
    }
}

/// Free text of a handover as kept (line endings made LF, trimmed), or
/// the character refused, naming `field`.
fn handover_text(field: &'static str, typed: &str) -> Result<String, AppError> {
    free_text(typed).map_err(|found| AppError::HandoverText { field, found })
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
    ///
    /// Errors: `handover_refused` when `since_ms` is after now.
    pub async fn handover_draft(&self, since_ms: Option<i64>) -> Result<HandoverDraft, AppError> {
        let now = now_ms();
        check_since(since_ms, now)?;
        self.on_store(move |store| {
            Ok(HandoverDraft {
                operator: store.operator()?,
                snapshot: take_snapshot(store, since_ms, now)?,
            })
        })
        .await
    }

    /// Creates a handover: the snapshot taken now, with the outgoing duty
    /// manager's `notes`, appended to the chain.
    ///
    /// Errors: `operator_missing` when no operator name is set;
    /// `handover_refused` when `since_ms` is after now or the notes hold a
    /// control character.
    pub async fn create_handover(
        &self,
        since_ms: Option<i64>,
        notes: &str,
    ) -> Result<HandoverView, AppError> {
        let notes = handover_text("The note", notes)?;
        let now = now_ms();
        check_since(since_ms, now)?;
        self.on_store_checked(move |store| {
            let Some(operator) = store.operator()? else {
                return Ok(Err(AppError::OperatorMissing));
            };
            let snapshot = take_snapshot(store, since_ms, now)?;
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
    /// Errors: `handover_refused` for a blank note or one holding a
    /// control character, `operator_missing`, `not_found`.
    pub async fn add_handover_note(&self, uid: &str, text: &str) -> Result<HandoverView, AppError> {
        let uid = uid.to_owned();
        let text = handover_text("The note", text)?;
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
    /// locks it, and becomes the console's operator; answers the handover.
    ///
    /// Errors: `handover_refused` for a name the operator name's rule
    /// refuses (blank, over 100 characters, several lines, a control
    /// character), a handover already acknowledged (naming by whom and
    /// when), or one acknowledged by the duty manager who handed it over;
    /// `not_found`.
    pub async fn acknowledge_handover(
        &self,
        uid: &str,
        by: &str,
    ) -> Result<HandoverView, AppError> {
        let uid = uid.to_owned();
        let by = who::person_name(by).map_err(|problem| {
            AppError::HandoverRefused(match problem {
                NameProblem::Blank => "Name who takes the shift: the acknowledgement needs the \
                                       incoming duty manager's name."
                    .to_owned(),
                problem => format!(
                    "The incoming duty manager's name {problem}. Give it as it should appear on \
                     the acknowledgement: 1 to {OPERATOR_MAX_CHARS} characters on one line."
                ),
            })
        })?;
        self.on_store_checked(move |store| {
            let handover = one(store, &uid)?;
            if let Some(ack) = handover.ack {
                return Ok(Err(AppError::HandoverAcknowledged {
                    uid,
                    by: ack.by,
                    at: zulu(ack.acked_ms),
                }));
            }
            if same_name(&by, &handover.body.operator) {
                return Ok(Err(AppError::HandoverRefused(format!(
                    "A handover is acknowledged by the incoming duty manager, not by {} who \
                     handed it over.",
                    handover.body.operator
                ))));
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
            // The incoming duty manager takes the desk: what is decided and
            // noted here from now on is theirs.
            store.set_operator(Some(&ack.by))?;
            Ok(Ok(one(store, &uid)?))
        })
        .await
    }
}
