//! Pull: other desks' records after a cursor the server assigned, in the
//! server's order. A desk's own claims come back too, so it learns their
//! place in the server's order.

use tokio_postgres::Row;

use crate::TeamStore;
use crate::error::Error;

/// One record as the team store holds it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TeamRecord {
    /// The server's cursor: pass the last one seen to the next pull.
    pub seq: i64,
    pub desk_id: String,
    pub desk: String,
    pub operator: Option<String>,
    pub desk_seq: i64,
    pub kind: String,
    pub uid: String,
    pub subject: Option<String>,
    /// Milliseconds since the Unix epoch, as the desk made it.
    pub created_ms: i64,
    pub body: String,
    pub prev_hash: String,
    pub hash: String,
    /// When the team store received it, milliseconds since the Unix epoch
    /// (the server's clock).
    pub received_ms: i64,
}

const COLUMNS: &str = "seq, desk_id, desk, operator, desk_seq, kind, uid, subject, created_ms, \
     body, prev_hash, hash, (extract(epoch FROM received_at) * 1000)::bigint";

impl TeamStore {
    /// Up to `limit` records with `seq > after_seq`, in `seq` order, made
    /// by desks other than `me` (a desk_id), plus `me`'s own claims.
    /// Errors: [`Error::Unreachable`], [`Error::Permission`], [`Error::Database`].
    pub async fn pull(
        &self,
        after_seq: i64,
        me: &str,
        limit: i64,
    ) -> Result<Vec<TeamRecord>, Error> {
        let sql = format!(
            "SELECT {COLUMNS} FROM team_record \
             WHERE seq > $1 AND (desk_id <> $2 OR kind = 'claim') ORDER BY seq LIMIT $3"
        );
        let client = self.client.lock().await;
        let rows = client
            .query(&sql, &[&after_seq, &me, &limit])
            .await
            .map_err(|e| self.ctx.sort(&e, "SELECT from team_record"))?;
        Ok(rows.iter().map(record).collect())
    }
}

fn record(row: &Row) -> TeamRecord {
    TeamRecord {
        seq: row.get(0),
        desk_id: row.get(1),
        desk: row.get(2),
        operator: row.get(3),
        desk_seq: row.get(4),
        kind: row.get(5),
        uid: row.get(6),
        subject: row.get(7),
        created_ms: row.get(8),
        body: row.get(9),
        prev_hash: row.get(10),
        hash: row.get(11),
        received_ms: row.get(12),
    }
}
