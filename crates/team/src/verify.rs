//! Verify: every desk's chain checked by the server, with SELECT only.
//! The hash is recomputed with PostgreSQL's own `sha256()` over the same
//! text as `skymarshal_store::record_hash`
//! (`prev_hash "\n" kind "\n" uid "\n" created_ms "\n" body`, UTF-8,
//! lower-case hex), so this crate needs no SQLite and no hashing of its own.

use crate::TeamStore;
use crate::error::Error;

/// What verify found across the team store.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct TeamChainReport {
    /// Desks (distinct desk_id) with records.
    pub desks: usize,
    /// Records checked.
    pub records: i64,
    /// The first broken record of each broken desk, by desk_id.
    pub broken: Vec<TeamBreak>,
}

/// The first record of a desk's chain that does not hold.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TeamBreak {
    pub desk_id: String,
    pub desk: String,
    pub desk_seq: i64,
    pub uid: String,
    pub why: TeamBreakKind,
}

/// How a chain breaks at a record, checked in this order.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TeamBreakKind {
    /// Records before this one are missing: the previous one present is
    /// `previous` (0: none), so `previous + 1 ..= desk_seq - 1` are gone.
    Missing { previous: i64 },
    /// Its hash is not the hash of its own content: it was altered.
    Altered,
    /// Its `prev_hash` is not the previous record's hash: the previous
    /// record was replaced (content and hash) or the chain forked.
    PrevMismatch,
    /// The server received it before the desk's previous record.
    OutOfOrder,
}

const VERIFY: &str = r"
WITH r AS (
    SELECT desk_id, desk, desk_seq, uid, prev_hash, hash, seq,
           encode(sha256(convert_to(prev_hash || E'\n' || kind || E'\n' || uid || E'\n'
                  || created_ms::text || E'\n' || body, 'UTF8')), 'hex') AS computed,
           lag(desk_seq) OVER w AS before_seq,
           lag(hash) OVER w AS before_hash,
           lag(seq) OVER w AS before_server_seq
    FROM team_record
    WINDOW w AS (PARTITION BY desk_id ORDER BY desk_seq)
), judged AS (
    SELECT *, CASE
        WHEN desk_seq <> coalesce(before_seq, 0) + 1 THEN 'missing'
        WHEN hash <> computed THEN 'altered'
        WHEN prev_hash <> coalesce(before_hash, repeat('0', 64)) THEN 'prev'
        WHEN seq < before_server_seq THEN 'order'
    END AS why
    FROM r
)
SELECT DISTINCT ON (desk_id) desk_id, desk, desk_seq, uid, why, coalesce(before_seq, 0)
FROM judged WHERE why IS NOT NULL
ORDER BY desk_id, desk_seq";

impl TeamStore {
    /// Checks every desk's chain: desk_seq contiguous from 1, each
    /// `prev_hash` the previous `hash` (64 zeros for the first), each hash
    /// the SHA-256 of its record, server order following desk order.
    /// Reads the whole table. Errors: [`Error::Unreachable`],
    /// [`Error::Permission`], [`Error::Database`].
    pub async fn verify(&self) -> Result<TeamChainReport, Error> {
        let client = self.client.lock().await;
        let sort = |e: tokio_postgres::Error| self.ctx.sort(&e, "SELECT from team_record");
        let counts = client
            .query_one(
                "SELECT count(DISTINCT desk_id), count(*) FROM team_record",
                &[],
            )
            .await
            .map_err(sort)?;
        let rows = client.query(VERIFY, &[]).await.map_err(sort)?;
        let broken = rows
            .iter()
            .map(|row| TeamBreak {
                desk_id: row.get(0),
                desk: row.get(1),
                desk_seq: row.get(2),
                uid: row.get(3),
                why: match row.get::<_, &str>(4) {
                    "missing" => TeamBreakKind::Missing {
                        previous: row.get(5),
                    },
                    "altered" => TeamBreakKind::Altered,
                    "prev" => TeamBreakKind::PrevMismatch,
                    _ => TeamBreakKind::OutOfOrder,
                },
            })
            .collect();
        Ok(TeamChainReport {
            desks: usize::try_from(counts.get::<_, i64>(0)).unwrap_or(0),
            records: counts.get(1),
            broken,
        })
    }
}

impl TeamStore {
    /// The last record the team store holds of desk `desk_id`:
    /// `(desk_seq, hash)`, or `None` when it holds none. Compared with what
    /// the desk knows it uploaded, it finds records cut from the end of a
    /// chain, which the chain itself cannot show.
    /// Errors: as [`TeamStore::verify`].
    pub async fn desk_head(&self, desk_id: &str) -> Result<Option<(i64, String)>, Error> {
        let client = self.client.lock().await;
        let row = client
            .query_opt(
                "SELECT desk_seq, hash FROM team_record WHERE desk_id = $1 \
                 ORDER BY desk_seq DESC LIMIT 1",
                &[&desk_id],
            )
            .await
            .map_err(|e| self.ctx.sort(&e, "SELECT from team_record"))?;
        Ok(row.map(|row| (row.get(0), row.get(1))))
    }

    /// The uid of the record at `seq`, `None` when there is none: a desk
    /// whose cursor's record is gone or another is pulling from a team
    /// store restored from a backup.
    /// Errors: as [`TeamStore::verify`].
    pub async fn uid_at(&self, seq: i64) -> Result<Option<String>, Error> {
        let client = self.client.lock().await;
        let row = client
            .query_opt("SELECT uid FROM team_record WHERE seq = $1", &[&seq])
            .await
            .map_err(|e| self.ctx.sort(&e, "SELECT from team_record"))?;
        Ok(row.map(|row| row.get(0)))
    }
}
