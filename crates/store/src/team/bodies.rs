//! The JSON of each kind of record, as sealed and as read back by another
//! desk. Structs, not maps: the fields come out in the same order
//! whatever serde_json's features, so a body's bytes depend only on its
//! source rows. A body is built once, when its record is sealed, and kept.

use rusqlite::{OptionalExtension as _, Transaction, params};
use serde::{Deserialize, Serialize};

use crate::Error;

/// A run's begin.
#[derive(Debug, Serialize, Deserialize)]
pub(crate) struct RunBody {
    pub uid: String,
    pub session_uid: String,
    pub session_title: String,
    pub environment: String,
    pub server_session_id: Option<String>,
    pub prompt: String,
    pub started_ms: i64,
    pub operator: Option<String>,
}

/// One event, its data as the text received (never the stored frame):
/// the run's uid, then the event's own fields in their order.
#[derive(Debug, Serialize, Deserialize)]
pub(crate) struct EventBody {
    pub run: String,
    #[serde(flatten)]
    pub event: crate::write::EventRecord,
}

/// A run's end.
#[derive(Debug, Serialize, Deserialize)]
pub(crate) struct RunEndBody {
    pub run: String,
    pub status: String,
    pub ended_ms: Option<i64>,
    pub execution_ms: Option<i64>,
    pub error_kind: Option<String>,
    pub error_message: Option<String>,
    pub decision: Option<String>,
    pub request_id: Option<String>,
    pub bytes_received: i64,
    pub server_session_id: Option<String>,
}

/// A record of this file's ledger, whole (its body as the text hashed in
/// this file's own chain).
#[derive(Debug, Serialize, Deserialize)]
pub(crate) struct LedgerBody {
    pub kind: String,
    pub uid: String,
    pub subject: Option<String>,
    pub created_ms: i64,
    pub body: String,
    pub prev_hash: String,
    pub hash: String,
}

/// A claim or a release.
#[derive(Debug, Serialize, Deserialize)]
pub(crate) struct ClaimBody {
    pub flight: String,
    pub action: String,
    pub lease_until_ms: i64,
    pub operator: Option<String>,
    pub note: String,
}

/// The body of a record whose source left this history before sealing.
#[derive(Debug, Serialize, Deserialize)]
pub(crate) struct Deleted {
    pub deleted_before_upload: bool,
    #[serde(default)]
    pub kind: String,
    #[serde(default)]
    pub uid: String,
}

impl Deleted {
    /// Whether `body` is such a body.
    pub(crate) fn is(body: &str) -> bool {
        serde_json::from_str::<Self>(body).is_ok_and(|d| d.deleted_before_upload)
    }
}

/// An outbox row as its triggers left it.
pub(crate) struct Waiting {
    pub kind: String,
    pub uid: String,
    pub subject: Option<String>,
    pub operator: Option<String>,
    pub ref_run: Option<i64>,
    pub ref_position: Option<i64>,
    pub ref_record: Option<i64>,
    pub claim_body: Option<String>,
}

fn json<T: Serialize>(value: &T) -> String {
    serde_json::to_string(value).expect("a body of strings and numbers is JSON")
}

/// The body of `row` from its source rows, or the deleted body when they
/// are gone. A source is matched by its uid as well as its row number:
/// a row number freed by a deletion may be taken by a new run.
pub(crate) fn build(tx: &Transaction<'_>, row: &Waiting) -> Result<String, Error> {
    let run_uid = row.subject.as_deref().unwrap_or_default();
    let built = match row.kind.as_str() {
        "run" => tx
            .query_row(
                "SELECT r.uid, s.uid, s.title, s.environment, s.server_session_id, r.prompt,
                        r.started_ms
                 FROM runs r JOIN sessions s ON s.id = r.session_id
                 WHERE r.id = ?1 AND r.uid = ?2",
                params![row.ref_run, row.uid],
                |r| {
                    Ok(json(&RunBody {
                        uid: r.get(0)?,
                        session_uid: r.get(1)?,
                        session_title: r.get(2)?,
                        environment: r.get(3)?,
                        server_session_id: r.get(4)?,
                        prompt: r.get(5)?,
                        started_ms: r.get(6)?,
                        operator: row.operator.clone(),
                    }))
                },
            )
            .optional()?,
        "event" => tx
            .query_row(
                "SELECT e.position, e.received_ms, e.origin, e.kind, e.sse_event, e.sse_id,
                        e.codec, e.data, e.data_z
                 FROM events e JOIN runs r ON r.id = e.run_id
                 WHERE e.run_id = ?1 AND e.position = ?2 AND r.uid = ?3",
                params![row.ref_run, row.ref_position, run_uid],
                |r| {
                    Ok(json(&EventBody {
                        run: run_uid.to_owned(),
                        event: crate::read::event_row(r)?,
                    }))
                },
            )
            .optional()?,
        "run_end" => tx
            .query_row(
                "SELECT r.status, r.ended_ms, r.execution_ms, r.error_kind, r.error_message,
                        r.decision, r.request_id, r.bytes_received, s.server_session_id
                 FROM runs r JOIN sessions s ON s.id = r.session_id
                 WHERE r.id = ?1 AND r.uid = ?2 AND r.status <> 'streaming'",
                params![row.ref_run, run_uid],
                |r| {
                    Ok(json(&RunEndBody {
                        run: run_uid.to_owned(),
                        status: r.get(0)?,
                        ended_ms: r.get(1)?,
                        execution_ms: r.get(2)?,
                        error_kind: r.get(3)?,
                        error_message: r.get(4)?,
                        decision: r.get(5)?,
                        request_id: r.get(6)?,
                        bytes_received: r.get(7)?,
                        server_session_id: r.get(8)?,
                    }))
                },
            )
            .optional()?,
        "ledger" => tx
            .query_row(
                "SELECT kind, uid, subject, created_ms, body, prev_hash, hash
                 FROM records WHERE seq = ?1 AND uid = ?2",
                params![row.ref_record, row.uid],
                |r| {
                    Ok(json(&LedgerBody {
                        kind: r.get(0)?,
                        uid: r.get(1)?,
                        subject: r.get(2)?,
                        created_ms: r.get(3)?,
                        body: r.get(4)?,
                        prev_hash: r.get(5)?,
                        hash: r.get(6)?,
                    }))
                },
            )
            .optional()?,
        "claim" => row.claim_body.clone(),
        _ => None,
    };
    Ok(built.unwrap_or_else(|| {
        json(&Deleted {
            deleted_before_upload: true,
            kind: row.kind.clone(),
            uid: row.uid.clone(),
        })
    }))
}

#[cfg(test)]
mod tests {
    use super::EventBody;
    use crate::write::EventRecord;

    #[test]
    fn an_events_body_has_its_keys_in_the_sealed_order() {
        let body = EventBody {
            run: "run-1".into(),
            event: EventRecord {
                position: 2,
                received_ms: 1_796_000_000_000,
                origin: "stream".into(),
                kind: "chunk".into(),
                sse_event: "message".into(),
                sse_id: String::new(),
                data: "{\"a\":1}".into(),
            },
        };
        let text = serde_json::to_string(&body).unwrap();
        assert_eq!(
            text,
            r#"{"run":"run-1","position":2,"received_ms":1796000000000,"origin":"stream","kind":"chunk","sse_event":"message","sse_id":"","data":"{\"a\":1}"}"#
        );
        let back: EventBody = serde_json::from_str(&text).unwrap();
        assert_eq!((back.run, back.event), (body.run, body.event));
    }
}
