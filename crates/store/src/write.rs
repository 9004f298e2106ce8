//! Writing the history: a run begins (in a new or a continued session),
//! each event is committed in its own transaction before anyone else sees
//! it, and the run ends with its verdict. Nothing here rewrites an event.

use rusqlite::{OptionalExtension as _, params};
use serde::{Deserialize, Serialize};

use crate::search::searchable_text;
use crate::{Error, Store};

/// How a run stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum RunStatus {
    /// Still receiving (or the console stopped while it was).
    Streaming,
    /// Ended with `complete`.
    Complete,
    /// Ended with an error.
    Failed,
    /// Stopped by the user.
    Cancelled,
    /// The stream or the console stopped before the end.
    Interrupted,
}

impl RunStatus {
    /// Every status, in the order a filter lists them.
    pub const ALL: [Self; 5] = [
        Self::Complete,
        Self::Failed,
        Self::Cancelled,
        Self::Interrupted,
        Self::Streaming,
    ];

    /// The status by its name (`complete`, `failed`...), as the CLI takes it.
    pub fn from_name(name: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|s| s.as_str() == name)
    }

    /// The status's name.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Streaming => "streaming",
            Self::Complete => "complete",
            Self::Failed => "failed",
            Self::Cancelled => "cancelled",
            Self::Interrupted => "interrupted",
        }
    }

    pub(crate) fn parse(text: &str) -> Self {
        match text {
            "streaming" => Self::Streaming,
            "complete" => Self::Complete,
            "failed" => Self::Failed,
            "cancelled" => Self::Cancelled,
            _ => Self::Interrupted,
        }
    }
}

/// A run about to be sent.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewRun<'a> {
    /// The run's id as the window knows it.
    pub uid: &'a str,
    /// The environment's name.
    pub environment: &'a str,
    /// The server session it continues, if any.
    pub server_session_id: Option<&'a str>,
    /// The prompt.
    pub prompt: &'a str,
    /// When it started (ms since the Unix epoch, UTC).
    pub started_ms: i64,
}

/// Where a run was stored.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct RunKey {
    /// The run's row.
    pub run: i64,
    /// Its session's row.
    pub session: i64,
}

/// One event exactly as received.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct EventRecord {
    /// Its position in the run, from 0.
    pub position: i64,
    /// When it was received (ms since the Unix epoch, UTC).
    pub received_ms: i64,
    /// `stream` or `buffered`.
    pub origin: String,
    /// The protocol's type: `metadata`, `chunk`, `complete`, `error`, or
    /// whatever else the server sent.
    pub kind: String,
    /// The SSE event type.
    pub sse_event: String,
    /// The SSE id in force.
    pub sse_id: String,
    /// The SSE data, exactly as dispatched.
    pub data: String,
}

/// How a run ended.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct RunEnd {
    /// The verdict.
    pub status: Option<RunStatus>,
    /// When (ms since the Unix epoch).
    pub ended_ms: i64,
    /// The server's own time, from `complete`.
    pub execution_ms: Option<i64>,
    /// The error's kind, when it failed.
    pub error_kind: Option<String>,
    /// The error's message.
    pub error_message: Option<String>,
    /// The request id, when known.
    pub request_id: Option<String>,
    /// The server session to continue, when known.
    pub server_session_id: Option<String>,
}

const TITLE_CHARS: usize = 90;

impl Store {
    /// Records a run about to be sent: in the session that has
    /// `server_session_id` in this environment, or in a new one titled by
    /// the prompt.
    pub fn begin_run(&mut self, run: &NewRun<'_>) -> Result<RunKey, Error> {
        let tx = self.conn.transaction()?;
        let session = match session_with_server(&tx, run.environment, run.server_session_id)? {
            Some(id) => {
                tx.execute(
                    "UPDATE sessions SET last_activity_ms = max(last_activity_ms, ?2) WHERE id = ?1",
                    params![id, run.started_ms],
                )?;
                id
            }
            None => {
                let title: String = run.prompt.trim().chars().take(TITLE_CHARS).collect();
                tx.execute(
                    "INSERT INTO sessions (environment, server_session_id, title, first_activity_ms, last_activity_ms)
                     VALUES (?1, ?2, ?3, ?4, ?4)",
                    params![run.environment, run.server_session_id, title, run.started_ms],
                )?;
                tx.last_insert_rowid()
            }
        };
        let key = insert_run(&tx, session, run.uid, run.prompt, run.started_ms, None)?;
        tx.commit()?;
        Ok(key)
    }

    /// Commits one event. When this returns, the event is on disk.
    pub fn append_event(&mut self, key: RunKey, event: &EventRecord) -> Result<(), Error> {
        let tx = self.conn.transaction()?;
        insert_event(&tx, key, event)?;
        tx.commit()?;
        Ok(())
    }

    /// Records how a run ended, and the server session it belongs to.
    pub fn finish_run(&mut self, key: RunKey, end: &RunEnd) -> Result<(), Error> {
        let tx = self.conn.transaction()?;
        end_run(&tx, key, end)?;
        tx.commit()?;
        Ok(())
    }

    /// Runs of this desk left `streaming` by a console that stopped become
    /// `interrupted`; every event they received stays. Runs pulled from
    /// other desks are left as their desk last said: they may be
    /// streaming there right now.
    pub(crate) fn mark_interrupted(&mut self) -> Result<usize, Error> {
        Ok(self.conn.execute(
            "UPDATE runs SET status = 'interrupted',
                 error_kind = 'interrupted',
                 error_message = 'The console stopped while this analysis was streaming; everything received until then is kept. The analysis may have finished on the server.'
             WHERE status = 'streaming' AND desk_id IS NULL",
            [],
        )?)
    }

    /// Deletes a session with its runs, events and searchable text (the
    /// schema cascades).
    pub fn delete_session(&mut self, session: i64) -> Result<(), Error> {
        let deleted = self
            .conn
            .execute("DELETE FROM sessions WHERE id = ?1", params![session])?;
        if deleted == 0 {
            return Err(Error::NotFound {
                what: "session",
                id: session.to_string(),
            });
        }
        Ok(())
    }

    /// Deletes every session whose last activity is before `before_ms`;
    /// answers how many.
    pub fn apply_retention(&mut self, before_ms: i64) -> Result<usize, Error> {
        Ok(self.conn.execute(
            "DELETE FROM sessions WHERE last_activity_ms < ?1",
            params![before_ms],
        )?)
    }
}

/// Where a run pulled from the team store was made.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Origin<'a> {
    /// The desk's id (`team_desk_id` there).
    pub desk_id: &'a str,
    /// The desk's name.
    pub desk: &'a str,
    /// The duty manager there, when known.
    pub operator: Option<&'a str>,
}

/// Inserts a run, `streaming`, in `session` with its prompt in the search
/// index; `origin` is `None` for this desk's own runs (which the outbox
/// trigger then takes).
pub(crate) fn insert_run(
    tx: &rusqlite::Transaction<'_>,
    session: i64,
    uid: &str,
    prompt: &str,
    started_ms: i64,
    origin: Option<Origin<'_>>,
) -> Result<RunKey, Error> {
    tx.execute(
        "INSERT INTO runs (uid, session_id, prompt, status, started_ms, desk_id, desk, operator)
         VALUES (?1, ?2, ?3, 'streaming', ?4, ?5, ?6, ?7)",
        params![
            uid,
            session,
            prompt,
            started_ms,
            origin.map(|o| o.desk_id),
            origin.map(|o| o.desk),
            origin.and_then(|o| o.operator)
        ],
    )?;
    let id = tx.last_insert_rowid();
    tx.execute(
        "INSERT INTO run_text (rowid, prompt, decision, recommendations, options, decisions) VALUES (?1, ?2, '', '', '', '')",
        params![id, prompt],
    )?;
    Ok(RunKey { run: id, session })
}

/// Inserts one event and what it teaches about its run: the byte count,
/// the session's activity, the ids from `metadata`, the searchable text
/// and the decision from a chunk.
pub(crate) fn insert_event(
    tx: &rusqlite::Transaction<'_>,
    key: RunKey,
    event: &EventRecord,
) -> Result<(), Error> {
    let stored = crate::codec::encode(&event.data);
    tx.prepare_cached(
        "INSERT INTO events (run_id, position, received_ms, origin, kind, sse_event, sse_id,
                             codec, data, data_z)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)",
    )?
    .execute(params![
        key.run,
        event.position,
        event.received_ms,
        event.origin,
        event.kind,
        event.sse_event,
        event.sse_id,
        stored.codec,
        stored.text,
        stored.frame
    ])?;
    tx.execute(
        "UPDATE runs SET bytes_received = bytes_received + ?2 WHERE id = ?1",
        params![key.run, event.data.len() as i64],
    )?;
    tx.execute(
        "UPDATE sessions SET last_activity_ms = max(last_activity_ms, ?2) WHERE id = ?1",
        params![key.session, event.received_ms],
    )?;
    if event.kind == "metadata" {
        // The ids arrive first: a run the console never saw end still
        // names its request and can still be continued.
        let metadata: serde_json::Value = serde_json::from_str(&event.data).unwrap_or_default();
        let text = |key: &str| {
            metadata
                .get(key)
                .and_then(|v| v.as_str())
                .map(str::to_owned)
        };
        tx.execute(
            "UPDATE runs SET request_id = coalesce(?2, request_id) WHERE id = ?1",
            params![key.run, text("request_id")],
        )?;
        if let Some(server) = text("session_id") {
            adopt_server_session(tx, key.session, &server)?;
        }
    }
    if event.kind == "chunk"
        && let Some(text) = searchable_text(&event.data)
    {
        tx.execute(
            "UPDATE run_text SET decision = ?2, recommendations = ?3, options = ?4 WHERE rowid = ?1",
            params![key.run, text.decision, text.recommendations, text.options],
        )?;
        if !text.decision.is_empty() {
            tx.execute(
                "UPDATE runs SET decision = ?2 WHERE id = ?1",
                params![key.run, text.decision],
            )?;
        }
    }
    Ok(())
}

/// Records a run's end in `tx`.
pub(crate) fn end_run(
    tx: &rusqlite::Transaction<'_>,
    key: RunKey,
    end: &RunEnd,
) -> Result<(), Error> {
    let status = end.status.unwrap_or(RunStatus::Interrupted);
    tx.execute(
        "UPDATE runs SET status = ?2, ended_ms = ?3, execution_ms = ?4, error_kind = ?5,
             error_message = ?6, request_id = coalesce(?7, request_id)
         WHERE id = ?1",
        params![
            key.run,
            status.as_str(),
            end.ended_ms,
            end.execution_ms,
            end.error_kind,
            end.error_message,
            end.request_id
        ],
    )?;
    if let Some(server) = &end.server_session_id {
        adopt_server_session(tx, key.session, server)?;
    }
    tx.execute(
        "UPDATE sessions SET last_activity_ms = max(last_activity_ms, ?2) WHERE id = ?1",
        params![key.session, end.ended_ms],
    )?;
    Ok(())
}

/// This desk's session of `environment` that has the server's id `server`
/// (a session pulled from another desk is never continued here).
pub(crate) fn session_with_server(
    tx: &rusqlite::Transaction<'_>,
    environment: &str,
    server: Option<&str>,
) -> Result<Option<i64>, Error> {
    let Some(server) = server else {
        return Ok(None);
    };
    Ok(tx
        .query_row(
            "SELECT id FROM sessions
             WHERE environment = ?1 AND server_session_id = ?2 AND desk_id IS NULL",
            params![environment, server],
            |row| row.get(0),
        )
        .optional()?)
}

/// A new session learns the server's id from its first run; a session
/// that already has one keeps it. Sessions of different desks may share a
/// server id: each desk's are apart.
pub(crate) fn adopt_server_session(
    tx: &rusqlite::Transaction<'_>,
    session: i64,
    server: &str,
) -> Result<(), Error> {
    tx.execute(
        "UPDATE sessions SET server_session_id = ?2
         WHERE id = ?1 AND server_session_id IS NULL
           AND NOT EXISTS (SELECT 1 FROM sessions s2 WHERE s2.environment = sessions.environment
                           AND s2.server_session_id = ?2
                           AND coalesce(s2.desk_id, '') = coalesce(sessions.desk_id, ''))",
        params![session, server],
    )?;
    Ok(())
}
