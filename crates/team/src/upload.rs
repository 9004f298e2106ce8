//! Upload: a batch of this desk's sealed records in one transaction, in
//! one statement (arrays unnested), idempotent by `uid`.

use crate::TeamStore;
use crate::connect::CHANNEL;
use crate::error::Error;

/// Serialises uploads across desks so `seq` order is commit order and a
/// reader's cursor never skips a row committed late ("skymteam" in ASCII).
/// Advisory locks need no privilege.
pub const UPLOAD_LOCK: i64 = 0x736b_796d_7465_616d;

/// Which desk the records come from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DeskLabel {
    /// The desk's random id, made once per history file.
    pub desk_id: String,
    /// Its name (the config's `desk`, else the host name).
    pub desk: String,
    /// The duty manager, when known.
    pub operator: Option<String>,
}

/// One record of this desk's chain, sealed (body built, hash computed).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OutgoingRecord {
    /// 1, 2, 3… in the desk's outbox order.
    pub desk_seq: i64,
    /// `run`, `event`, `run_end`, `ledger`, `claim`.
    pub kind: String,
    /// The client-made id: the idempotency key.
    pub uid: String,
    pub subject: Option<String>,
    /// Milliseconds since the Unix epoch.
    pub created_ms: i64,
    /// JSON text; the hash is over these bytes.
    pub body: String,
    /// The previous record's `hash` (64 zeros for desk_seq 1).
    pub prev_hash: String,
    /// `record_hash(prev_hash, kind, uid, created_ms, body)`, lower-case hex.
    pub hash: String,
}

/// What an upload did.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct UploadReport {
    /// Records in the batch.
    pub sent: usize,
    /// Rows new to the team store.
    pub inserted: u64,
    /// Records the team store already held, identical (uploaded before).
    pub already_there: u64,
}

const INSERT: &str = "\
INSERT INTO team_record
    (uid, desk_id, desk, operator, desk_seq, kind, subject, created_ms, body, prev_hash, hash)
SELECT r.uid, $1, $2, $3, r.desk_seq, r.kind, r.subject, r.created_ms, r.body, r.prev_hash, r.hash
FROM unnest($4::text[], $5::bigint[], $6::text[], $7::text[], $8::bigint[], $9::text[],
            $10::text[], $11::text[])
     AS r(uid, desk_seq, kind, subject, created_ms, body, prev_hash, hash)
ORDER BY r.desk_seq
ON CONFLICT DO NOTHING";

/// Of the batch's (uid, hash), how many the table holds for this desk as is.
const SAME: &str = "\
SELECT count(*) FROM team_record t
JOIN unnest($2::text[], $3::text[]) AS r(uid, hash) ON t.uid = r.uid
WHERE t.desk_id = $1 AND t.hash = r.hash";

impl TeamStore {
    /// Uploads `records` (in desk_seq order or not; they are inserted in
    /// desk_seq order) in one transaction: the upload lock, one INSERT …
    /// ON CONFLICT DO NOTHING, a `NOTIFY` with the desk's id, COMMIT.
    /// Uploading a batch again inserts nothing.
    ///
    /// Errors: [`Error::ChainConflict`] when a record's uid or desk_seq is
    /// already taken by a different record (nothing is committed);
    /// [`Error::Unreachable`], [`Error::Permission`], [`Error::Database`].
    pub async fn upload(
        &self,
        desk: &DeskLabel,
        records: &[OutgoingRecord],
    ) -> Result<UploadReport, Error> {
        if records.is_empty() {
            return Ok(UploadReport::default());
        }
        let uids: Vec<&str> = records.iter().map(|r| r.uid.as_str()).collect();
        let desk_seqs: Vec<i64> = records.iter().map(|r| r.desk_seq).collect();
        let kinds: Vec<&str> = records.iter().map(|r| r.kind.as_str()).collect();
        let subjects: Vec<Option<&str>> = records.iter().map(|r| r.subject.as_deref()).collect();
        let created: Vec<i64> = records.iter().map(|r| r.created_ms).collect();
        let bodies: Vec<&str> = records.iter().map(|r| r.body.as_str()).collect();
        let prevs: Vec<&str> = records.iter().map(|r| r.prev_hash.as_str()).collect();
        let hashes: Vec<&str> = records.iter().map(|r| r.hash.as_str()).collect();

        let ctx = &self.ctx;
        let mut client = self.client.lock().await;
        let tx = client
            .transaction()
            .await
            .map_err(|e| ctx.sort(&e, "starting a transaction"))?;
        tx.execute("SELECT pg_advisory_xact_lock($1)", &[&UPLOAD_LOCK])
            .await
            .map_err(|e| ctx.sort(&e, "taking the upload lock"))?;
        let inserted = tx
            .execute(
                INSERT,
                &[
                    &desk.desk_id,
                    &desk.desk,
                    &desk.operator,
                    &uids,
                    &desk_seqs,
                    &kinds,
                    &subjects,
                    &created,
                    &bodies,
                    &prevs,
                    &hashes,
                ],
            )
            .await
            .map_err(|e| ctx.sort(&e, "INSERT into team_record"))?;
        let sent = records.len();
        if inserted < sent as u64 {
            // Skipped rows must be this very record uploaded before, not
            // another record holding its uid or its place in the chain.
            let same: i64 = tx
                .query_one(SAME, &[&desk.desk_id, &uids, &hashes])
                .await
                .map_err(|e| ctx.sort(&e, "SELECT from team_record"))?
                .get(0);
            if same < sent as i64 {
                let first = first_conflict(&tx, desk, records).await?;
                return Err(Error::ChainConflict {
                    desk_id: desk.desk_id.clone(),
                    desk_seq: first,
                });
            }
        }
        tx.execute("SELECT pg_notify($1, $2)", &[&CHANNEL, &desk.desk_id])
            .await
            .map_err(|e| ctx.sort(&e, "NOTIFY"))?;
        tx.commit().await.map_err(|e| ctx.sort(&e, "COMMIT"))?;
        Ok(UploadReport {
            sent,
            inserted,
            already_there: sent as u64 - inserted,
        })
    }
}

/// The lowest desk_seq of the batch whose uid is not in the table with
/// this desk's id and this hash.
async fn first_conflict(
    tx: &tokio_postgres::Transaction<'_>,
    desk: &DeskLabel,
    records: &[OutgoingRecord],
) -> Result<i64, Error> {
    let mut sorted: Vec<&OutgoingRecord> = records.iter().collect();
    sorted.sort_by_key(|r| r.desk_seq);
    for record in sorted {
        let held = tx
            .query_opt(
                "SELECT 1 FROM team_record WHERE uid = $1 AND desk_id = $2 AND hash = $3",
                &[&record.uid, &desk.desk_id, &record.hash],
            )
            .await
            .map_err(|e| Error::Database {
                sqlstate: e.code().map(|c| c.code().to_owned()).unwrap_or_default(),
                message: e.to_string(),
            })?;
        if held.is_none() {
            return Ok(record.desk_seq);
        }
    }
    Ok(records.first().map_or(0, |r| r.desk_seq))
}
