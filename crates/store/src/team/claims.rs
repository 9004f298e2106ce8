//! Claims on flights ("I'm handling EY283"), this desk's and other desks',
//! and the ledger records pulled from other desks: kept as they are pulled,
//! and read back for the app.
//! Who holds a flight is the app's to work out from these rows; the store
//! only keeps them and their order.

use rusqlite::{Row, Transaction, TransactionBehavior, params};

use super::bodies::{ClaimBody, LedgerBody};
use super::mirror::Outcome;
use super::{ClaimAction, ClaimRow, PulledLedger, PulledRecord};
use crate::ledger::index_decisions;
use crate::{Error, Store};

impl Store {
    /// Records this desk's claim (or release) of `flight` (as the app
    /// normalised it, `EY283`) until `lease_until_ms`, and puts it in the
    /// outbox in the same transaction. Answers the claim's new uid.
    pub fn record_claim(
        &mut self,
        flight: &str,
        action: ClaimAction,
        lease_until_ms: i64,
        operator: Option<&str>,
        note: &str,
        now_ms: i64,
    ) -> Result<String, Error> {
        let uid = uuid::Uuid::new_v4().to_string();
        let body = serde_json::to_string(&ClaimBody {
            flight: flight.to_owned(),
            action: action.as_str().to_owned(),
            lease_until_ms,
            operator: operator.map(str::to_owned),
            note: note.to_owned(),
        })
        .expect("a claim of strings and numbers is JSON");
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)?;
        tx.execute(
            "INSERT INTO claims (uid, operator, flight, action, lease_until_ms, note, created_ms)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
            params![
                uid,
                operator,
                flight,
                action.as_str(),
                lease_until_ms,
                note,
                now_ms
            ],
        )?;
        tx.execute(
            "INSERT INTO outbox (kind, uid, subject, created_ms, operator, claim_body)
             VALUES ('claim', ?1, ?2, ?3, ?4, ?5)",
            params![uid, flight, now_ms, operator, body],
        )?;
        tx.commit()?;
        Ok(uid)
    }

    /// The claims on `flight` (every flight when `None`) in the team
    /// store's order; this desk's claims it has not ordered yet come last,
    /// in the order they were made.
    pub fn claims(&self, flight: Option<&str>) -> Result<Vec<ClaimRow>, Error> {
        let mut statement = self.conn.prepare_cached(
            "SELECT uid, desk_id, desk, operator, flight, action, lease_until_ms, created_ms,
                    server_seq
             FROM claims WHERE ?1 IS NULL OR flight = ?1
             ORDER BY server_seq IS NULL, server_seq, created_ms, uid",
        )?;
        let rows = statement.query_map(params![flight], claim_row)?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    /// Other desks' ledger records about `subject` (a run or handover
    /// uid; every one when `None`), in the team store's order.
    pub fn team_ledger(&self, subject: Option<&str>) -> Result<Vec<PulledLedger>, Error> {
        let mut statement = self.conn.prepare_cached(
            "SELECT uid, desk_id, desk, operator, kind, subject, created_ms, body, prev_hash,
                    hash, server_seq
             FROM team_ledger WHERE ?1 IS NULL OR subject = ?1 ORDER BY server_seq",
        )?;
        let rows = statement.query_map(params![subject], |r| {
            Ok(PulledLedger {
                uid: r.get(0)?,
                desk_id: r.get(1)?,
                desk: r.get(2)?,
                operator: r.get(3)?,
                kind: r.get(4)?,
                subject: r.get(5)?,
                created_ms: r.get(6)?,
                body: r.get(7)?,
                prev_hash: r.get(8)?,
                hash: r.get(9)?,
                server_seq: r.get(10)?,
            })
        })?;
        Ok(rows.collect::<Result<_, _>>()?)
    }
}

fn claim_row(r: &Row<'_>) -> rusqlite::Result<ClaimRow> {
    let action: String = r.get(5)?;
    Ok(ClaimRow {
        uid: r.get(0)?,
        desk_id: r.get(1)?,
        desk: r.get(2)?,
        operator: r.get(3)?,
        flight: r.get(4)?,
        // Only the two names are ever stored (a pulled claim with another
        // is skipped as unknown); anything else is an edit of the file.
        action: ClaimAction::from_name(&action).unwrap_or(ClaimAction::Claim),
        lease_until_ms: r.get(6)?,
        created_ms: r.get(7)?,
        server_seq: r.get(8)?,
    })
}

/// Keeps another desk's ledger record apart from this file's chain; a
/// decision joins its run's search text.
pub(super) fn apply_ledger(
    tx: &Transaction<'_>,
    record: &PulledRecord,
    ledger: &LedgerBody,
) -> Result<Outcome, Error> {
    let added = tx.execute(
        "INSERT INTO team_ledger (uid, desk_id, desk, operator, kind, subject, created_ms, body,
                                  prev_hash, hash, server_seq)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)
         ON CONFLICT (uid) DO NOTHING",
        params![
            ledger.uid,
            record.desk_id,
            record.desk,
            record.operator,
            ledger.kind,
            ledger.subject,
            ledger.created_ms,
            ledger.body,
            ledger.prev_hash,
            ledger.hash,
            record.server_seq
        ],
    )?;
    if added == 0 {
        return Ok(Outcome::Unchanged);
    }
    if let (Some(run), "decision") = (&ledger.subject, ledger.kind.as_str()) {
        index_decisions(tx, run)?;
    }
    Ok(Outcome::Applied)
}

/// Keeps another desk's claim or release (an action this build does not
/// know is skipped as unknown).
pub(super) fn apply_claim(
    tx: &Transaction<'_>,
    record: &PulledRecord,
    claim: &ClaimBody,
) -> Result<Outcome, Error> {
    let Some(action) = ClaimAction::from_name(&claim.action) else {
        return Ok(Outcome::Unknown);
    };
    let added = tx.execute(
        "INSERT INTO claims (uid, desk_id, desk, operator, flight, action, lease_until_ms, note,
                             created_ms, server_seq)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)
         ON CONFLICT (uid) DO NOTHING",
        params![
            record.uid,
            record.desk_id,
            record.desk,
            record.operator.as_deref().or(claim.operator.as_deref()),
            claim.flight,
            action.as_str(),
            claim.lease_until_ms,
            claim.note,
            record.created_ms,
            record.server_seq
        ],
    )?;
    Ok(if added > 0 {
        Outcome::Applied
    } else {
        Outcome::Unchanged
    })
}
