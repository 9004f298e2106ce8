//! The outbox: what this desk made, waiting to be uploaded, in the order
//! it was made. Rows are sealed (body built, chained and hashed, all kept
//! in the row) just before upload, so a re-upload after a crash sends the
//! same bytes; a row is deleted once the team store holds it, and the
//! chain's tail moves to the settings.

use rusqlite::{OptionalExtension as _, TransactionBehavior, params};

use super::bodies::{Waiting, build};
use super::{LAST_DESK_SEQ, LAST_HASH, OutboxEntry};
use crate::{Error, GENESIS_HASH, Store, record_hash};

impl Store {
    /// The first `limit` records waiting, in order, sealing those not yet
    /// sealed: each gets the next `desk_seq`, the previous record's hash
    /// as `prev_hash`, its body (see the `team` module doc) and its hash.
    /// Asking again before [`Store::outbox_uploaded`] gives the same
    /// entries, byte for byte.
    pub fn outbox_sealed(&mut self, limit: usize) -> Result<Vec<OutboxEntry>, Error> {
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)?;
        let mut last_seq: i64 = setting(&tx, LAST_DESK_SEQ)?.map_or(0, |v| v.parse().unwrap_or(0));
        let mut last_hash = setting(&tx, LAST_HASH)?.unwrap_or_else(|| GENESIS_HASH.to_owned());
        let rows = {
            let mut statement = tx.prepare_cached(
                "SELECT seq, kind, uid, subject, created_ms, operator, ref_run, ref_position,
                        ref_record, claim_body, desk_seq, body, prev_hash, hash
                 FROM outbox ORDER BY seq LIMIT ?1",
            )?;
            let rows =
                statement.query_map(params![i64::try_from(limit).unwrap_or(i64::MAX)], |r| {
                    let waiting = Waiting {
                        kind: r.get(1)?,
                        uid: r.get(2)?,
                        subject: r.get(3)?,
                        operator: r.get(5)?,
                        ref_run: r.get(6)?,
                        ref_position: r.get(7)?,
                        ref_record: r.get(8)?,
                        claim_body: r.get(9)?,
                    };
                    let sealed: Option<(i64, String, String, String)> =
                        match (r.get(10)?, r.get(11)?, r.get(12)?, r.get(13)?) {
                            (Some(d), Some(b), Some(p), Some(h)) => Some((d, b, p, h)),
                            _ => None,
                        };
                    Ok((r.get::<_, i64>(0)?, r.get::<_, i64>(4)?, waiting, sealed))
                })?;
            rows.collect::<Result<Vec<_>, _>>()?
        };
        let mut entries = Vec::with_capacity(rows.len());
        for (seq, created_ms, row, sealed) in rows {
            let (desk_seq, body, prev_hash, hash) = match sealed {
                Some(sealed) => sealed,
                None => {
                    let body = build(&tx, &row)?;
                    let hash = record_hash(&last_hash, &row.kind, &row.uid, created_ms, &body);
                    let desk_seq = last_seq + 1;
                    tx.execute(
                        "UPDATE outbox SET desk_seq = ?2, body = ?3, prev_hash = ?4, hash = ?5
                         WHERE seq = ?1",
                        params![seq, desk_seq, body, last_hash, hash],
                    )?;
                    (desk_seq, body, last_hash.clone(), hash)
                }
            };
            last_seq = desk_seq;
            last_hash.clone_from(&hash);
            entries.push(OutboxEntry {
                desk_seq,
                kind: row.kind,
                uid: row.uid,
                subject: row.subject,
                created_ms,
                operator: row.operator,
                body,
                prev_hash,
                hash,
            });
        }
        tx.commit()?;
        Ok(entries)
    }

    /// The team store holds every sealed record up to `through_desk_seq`:
    /// they leave the outbox, and the chain's tail (`team_last_desk_seq`,
    /// `team_last_hash`) moves to the last of them. Asking again, or for
    /// records already gone, changes nothing.
    pub fn outbox_uploaded(&mut self, through_desk_seq: i64) -> Result<(), Error> {
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)?;
        let last: Option<(i64, String)> = tx
            .query_row(
                "SELECT desk_seq, hash FROM outbox
                 WHERE desk_seq IS NOT NULL AND desk_seq <= ?1
                 ORDER BY desk_seq DESC LIMIT 1",
                params![through_desk_seq],
                |r| Ok((r.get(0)?, r.get(1)?)),
            )
            .optional()?;
        if let Some((desk_seq, hash)) = last {
            tx.execute(
                "DELETE FROM outbox WHERE desk_seq IS NOT NULL AND desk_seq <= ?1",
                params![desk_seq],
            )?;
            for (key, value) in [(LAST_DESK_SEQ, desk_seq.to_string()), (LAST_HASH, hash)] {
                tx.execute(
                    "INSERT INTO settings (key, value) VALUES (?1, ?2)
                     ON CONFLICT (key) DO UPDATE SET value = excluded.value",
                    params![key, value],
                )?;
            }
        }
        tx.commit()?;
        Ok(())
    }

    /// How many records wait to be uploaded, sealed or not.
    pub fn outbox_waiting(&self) -> Result<u64, Error> {
        let count: i64 = self
            .conn
            .query_row("SELECT count(*) FROM outbox", [], |r| r.get(0))?;
        Ok(u64::try_from(count).unwrap_or(0))
    }
}

fn setting(tx: &rusqlite::Transaction<'_>, key: &str) -> Result<Option<String>, Error> {
    Ok(tx
        .query_row(
            "SELECT value FROM settings WHERE key = ?1",
            params![key],
            |r| r.get(0),
        )
        .optional()?)
}
