//! One pass of the team sync: everything this desk has not uploaded goes
//! up in order, then everything the other desks added comes down. Both
//! directions are idempotent, so a pass cut short anywhere (the network,
//! the database, the desk killed) is simply run again.

use skymarshal_store::{OutboxEntry, PulledRecord, Store};
use skymarshal_team::{DeskLabel, OutgoingRecord, TeamRecord, TeamStore};

use crate::AppError;
use crate::clock::now_ms;
use crate::history::recorder::History;

/// Records sealed and uploaded per transaction. A chunk event can be a
/// few hundred KB, so a batch is bounded to keep a desk's memory flat
/// whatever the backlog (a hundred such events: tens of MB at most).
const UPLOAD_BATCH: usize = 100;
/// Records pulled per query, bounded for the same reason.
const PULL_BATCH: i64 = 100;

/// What one pass moved.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub(crate) struct SyncReport {
    /// Records of this desk sent (those already there included).
    pub(crate) uploaded: u64,
    /// Records of other desks applied here.
    pub(crate) pulled: u64,
}

/// Uploads the outbox, then pulls what other desks added.
///
/// Errors: the team store's (unreachable, refused) and the history's.
pub(crate) async fn sync_once(
    history: &History,
    team: &TeamStore,
    desk: &str,
) -> Result<SyncReport, AppError> {
    let mut report = SyncReport::default();
    let desk_id = history.with(Store::desk_id).await?;
    // An upload the team store refuses (a chain it disagrees with, a role
    // without INSERT) must not also cut this desk off from the others'
    // records and claims: the pull goes on, and the refusal is reported.
    let uploaded = upload(history, team, desk, &desk_id, &mut report).await;
    if let Err(AppError::Team(error)) = &uploaded
        && error.is_unreachable()
    {
        return Err(uploaded.unwrap_err());
    }
    pull(history, team, &desk_id, &mut report).await?;
    uploaded?;
    let at = now_ms();
    history.with(move |store| store.set_last_sync(at)).await?;
    Ok(report)
}

async fn upload(
    history: &History,
    team: &TeamStore,
    desk: &str,
    desk_id: &str,
    report: &mut SyncReport,
) -> Result<(), AppError> {
    loop {
        let batch = history
            .with(|store| store.outbox_sealed(UPLOAD_BATCH))
            .await?;
        if batch.is_empty() {
            return Ok(());
        }
        // Each record names the operator of its moment; a batch that spans
        // a change of operator (a handover acknowledged) goes as several.
        for group in batch.chunk_by(|a, b| a.operator == b.operator) {
            let label = DeskLabel {
                desk_id: desk_id.to_owned(),
                desk: desk.to_owned(),
                operator: group[0].operator.clone(),
            };
            let last = group[group.len() - 1].desk_seq;
            let outgoing: Vec<OutgoingRecord> = group.iter().cloned().map(outgoing).collect();
            team.upload(&label, &outgoing).await?;
            report.uploaded += outgoing.len() as u64;
            history
                .with(move |store| store.outbox_uploaded(last))
                .await?;
        }
    }
}

async fn pull(
    history: &History,
    team: &TeamStore,
    desk_id: &str,
    report: &mut SyncReport,
) -> Result<(), AppError> {
    // The record the cursor stands on must still be there: a team store
    // restored from a backup numbers its records again, and a cursor into
    // the old numbering would skip what the new one holds.
    let (cursor, at) = history
        .with(|store| Ok((store.team_cursor()?, store.team_cursor_uid()?)))
        .await?;
    if cursor > 0 && team.uid_at(cursor).await? != at {
        tracing::warn!(
            cursor,
            "the team store no longer holds the record this desk pulled last (restored from a \
             backup?); pulling again from its start"
        );
        history.with(Store::reset_team_cursor).await?;
    }
    loop {
        let cursor = history.with(|store| store.team_cursor()).await?;
        let records = team.pull(cursor, desk_id, PULL_BATCH).await?;
        if records.is_empty() {
            return Ok(());
        }
        report.pulled += records.len() as u64;
        let pulled: Vec<PulledRecord> = records.into_iter().map(pulled).collect();
        history
            .with(move |store| store.apply_pulled(&pulled))
            .await?;
    }
}

fn outgoing(entry: OutboxEntry) -> OutgoingRecord {
    OutgoingRecord {
        desk_seq: entry.desk_seq,
        kind: entry.kind,
        uid: entry.uid,
        subject: entry.subject,
        created_ms: entry.created_ms,
        body: entry.body,
        prev_hash: entry.prev_hash,
        hash: entry.hash,
    }
}

fn pulled(record: TeamRecord) -> PulledRecord {
    PulledRecord {
        server_seq: record.seq,
        desk_id: record.desk_id,
        desk: record.desk,
        operator: record.operator,
        kind: record.kind,
        uid: record.uid,
        subject: record.subject,
        created_ms: record.created_ms,
        body: record.body,
        prev_hash: record.prev_hash,
        hash: record.hash,
    }
}
