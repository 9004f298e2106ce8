//! Reading the history back: sessions newest first with filters, a
//! session's runs, one run's events in order, and full-text search.

use rusqlite::{OptionalExtension as _, Row, params};
use serde::Serialize;

use crate::codec::{DATA_COLUMNS, data_at};
use crate::search::fts_query;
use crate::write::{EventRecord, RunStatus};
use crate::{Error, Store};

/// Which sessions to list. Every field narrows; the default lists all.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct SessionFilter {
    /// Only this environment.
    pub environment: Option<String>,
    /// Active at or after (ms since the epoch).
    pub from_ms: Option<i64>,
    /// Active before (ms since the epoch).
    pub to_ms: Option<i64>,
    /// Only sessions with a run that ended so.
    pub outcome: Option<RunStatus>,
    /// At most this many (default 100).
    pub limit: Option<u32>,
}

/// One session, as a list shows it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct SessionRow {
    /// Its row.
    pub id: i64,
    /// The environment's name.
    pub environment: String,
    /// The server's session id, once known.
    pub server_session_id: Option<String>,
    /// The first prompt, shortened.
    pub title: String,
    /// First activity (ms since the epoch).
    pub first_activity_ms: i64,
    /// Last activity.
    pub last_activity_ms: i64,
    /// How many runs it holds.
    pub runs: i64,
    /// How its last run ended.
    pub last_status: RunStatus,
    /// The desk it was pulled from (its name there); `None`: this desk.
    pub desk: Option<String>,
    /// The duty manager of its last run on that desk, when known; `None`
    /// for this desk's sessions.
    pub operator: Option<String>,
}

/// One run, without its events.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct RunRow {
    /// Its row.
    pub id: i64,
    /// The id the window knew it by.
    pub uid: String,
    /// Its session's row.
    pub session_id: i64,
    /// The prompt.
    pub prompt: String,
    /// The server's request id.
    pub request_id: Option<String>,
    /// How it stands.
    pub status: RunStatus,
    /// Start (ms since the epoch).
    pub started_ms: i64,
    /// End.
    pub ended_ms: Option<i64>,
    /// The server's own time.
    pub execution_ms: Option<i64>,
    /// The error's kind.
    pub error_kind: Option<String>,
    /// The error's message.
    pub error_message: Option<String>,
    /// The decision, once a chunk carried one.
    pub decision: Option<String>,
    /// Bytes of event data received.
    pub bytes_received: i64,
    /// The desk it was pulled from (its name there); `None`: this desk.
    /// Such a run is read-only here.
    pub desk: Option<String>,
    /// The duty manager who ran it on that desk, when known; `None` for
    /// this desk's runs.
    pub operator: Option<String>,
}

/// A run that matched a search.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct SearchHit {
    /// The run.
    pub run: RunRow,
    /// Its environment.
    pub environment: String,
    /// Its session's title.
    pub session_title: String,
    /// The matching text, with the match between `[` and `]`.
    pub snippet: String,
}

const RUN_COLUMNS: &str = "r.id, r.uid, r.session_id, r.prompt, r.request_id, r.status, r.started_ms, \
     r.ended_ms, r.execution_ms, r.error_kind, r.error_message, r.decision, r.bytes_received, r.desk, r.operator";

fn run_row(row: &Row<'_>) -> rusqlite::Result<RunRow> {
    Ok(RunRow {
        id: row.get(0)?,
        uid: row.get(1)?,
        session_id: row.get(2)?,
        prompt: row.get(3)?,
        request_id: row.get(4)?,
        status: RunStatus::parse(&row.get::<_, String>(5)?),
        started_ms: row.get(6)?,
        ended_ms: row.get(7)?,
        execution_ms: row.get(8)?,
        error_kind: row.get(9)?,
        error_message: row.get(10)?,
        decision: row.get(11)?,
        bytes_received: row.get(12)?,
        desk: row.get(13)?,
        operator: row.get(14)?,
    })
}

const SESSION_SELECT: &str = "SELECT s.id, s.environment, s.server_session_id, s.title,
        s.first_activity_ms, s.last_activity_ms,
        (SELECT count(*) FROM runs c WHERE c.session_id = s.id),
        coalesce((SELECT l.status FROM runs l WHERE l.session_id = s.id
                  ORDER BY l.started_ms DESC, l.id DESC LIMIT 1), 'interrupted'),
        s.desk,
        CASE WHEN s.desk_id IS NULL THEN NULL
             ELSE (SELECT o.operator FROM runs o WHERE o.session_id = s.id
                   ORDER BY o.started_ms DESC, o.id DESC LIMIT 1) END
     FROM sessions s";

/// An event from a row whose columns are position, received_ms, origin,
/// kind, sse_event, sse_id and then [`DATA_COLUMNS`]: its data as received.
pub(crate) fn event_row(row: &Row<'_>) -> rusqlite::Result<EventRecord> {
    Ok(EventRecord {
        position: row.get(0)?,
        received_ms: row.get(1)?,
        origin: row.get(2)?,
        kind: row.get(3)?,
        sse_event: row.get(4)?,
        sse_id: row.get(5)?,
        data: data_at(row, 6)?,
    })
}

fn session_row(row: &Row<'_>) -> rusqlite::Result<SessionRow> {
    Ok(SessionRow {
        id: row.get(0)?,
        environment: row.get(1)?,
        server_session_id: row.get(2)?,
        title: row.get(3)?,
        first_activity_ms: row.get(4)?,
        last_activity_ms: row.get(5)?,
        runs: row.get(6)?,
        last_status: RunStatus::parse(&row.get::<_, String>(7)?),
        desk: row.get(8)?,
        operator: row.get(9)?,
    })
}

/// The filter as SQL over `sessions s`, with its parameters.
fn session_where(filter: &SessionFilter) -> (String, Vec<rusqlite::types::Value>) {
    use rusqlite::types::Value as V;
    let mut clauses = vec!["1 = 1".to_owned()];
    let mut values = Vec::new();
    if let Some(env) = &filter.environment {
        values.push(V::Text(env.clone()));
        clauses.push(format!("s.environment = ?{}", values.len()));
    }
    if let Some(from) = filter.from_ms {
        values.push(V::Integer(from));
        clauses.push(format!("s.last_activity_ms >= ?{}", values.len()));
    }
    if let Some(to) = filter.to_ms {
        values.push(V::Integer(to));
        clauses.push(format!("s.first_activity_ms < ?{}", values.len()));
    }
    if let Some(outcome) = filter.outcome {
        values.push(V::Text(outcome.as_str().to_owned()));
        clauses.push(format!(
            "EXISTS (SELECT 1 FROM runs o WHERE o.session_id = s.id AND o.status = ?{})",
            values.len()
        ));
    }
    (clauses.join(" AND "), values)
}

impl Store {
    /// Sessions, most recently active first.
    pub fn sessions(&self, filter: &SessionFilter) -> Result<Vec<SessionRow>, Error> {
        let (clause, mut values) = session_where(filter);
        values.push(rusqlite::types::Value::Integer(i64::from(
            filter.limit.unwrap_or(100),
        )));
        let sql = format!(
            "{SESSION_SELECT} WHERE {clause}
             ORDER BY s.last_activity_ms DESC, s.id DESC LIMIT ?{}",
            values.len()
        );
        let mut statement = self.conn.prepare_cached(&sql)?;
        let rows = statement.query_map(rusqlite::params_from_iter(values), session_row)?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    /// One session.
    pub fn session(&self, id: i64) -> Result<SessionRow, Error> {
        self.conn
            .query_row(
                &format!("{SESSION_SELECT} WHERE s.id = ?1"),
                params![id],
                session_row,
            )
            .optional()?
            .ok_or_else(|| Error::NotFound {
                what: "session",
                id: id.to_string(),
            })
    }

    /// A session's runs, oldest first.
    pub fn runs(&self, session: i64) -> Result<Vec<RunRow>, Error> {
        let mut statement = self.conn.prepare_cached(&format!(
            "SELECT {RUN_COLUMNS} FROM runs r WHERE r.session_id = ?1 ORDER BY r.started_ms, r.id"
        ))?;
        let rows = statement.query_map(params![session], run_row)?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    /// One run, by the id the window knew it by.
    pub fn run(&self, uid: &str) -> Result<RunRow, Error> {
        // Cached: opening a run is a hot path, and preparing this statement
        // anew each time cost about as much as reading the run's row.
        self.conn
            .prepare_cached(&format!(
                "SELECT {RUN_COLUMNS} FROM runs r WHERE r.uid = ?1"
            ))?
            .query_row(params![uid], run_row)
            .optional()?
            .ok_or_else(|| Error::NotFound {
                what: "run",
                id: uid.to_owned(),
            })
    }

    /// A run's events, in the order they were received.
    pub fn events(&self, run: i64) -> Result<Vec<EventRecord>, Error> {
        let mut statement = self.conn.prepare_cached(&format!(
            "SELECT position, received_ms, origin, kind, sse_event, sse_id, {DATA_COLUMNS}
             FROM events WHERE run_id = ?1 ORDER BY position"
        ))?;
        let rows = statement.query_map(params![run], event_row)?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    /// Runs whose prompt, decision, recommendations or options hold every
    /// word of `input`, newest first, within `filter`. Any input is safe.
    pub fn search(&self, input: &str, filter: &SessionFilter) -> Result<Vec<SearchHit>, Error> {
        let Some(query) = fts_query(input) else {
            return Ok(Vec::new());
        };
        let (clause, mut values) = session_where(filter);
        values.push(rusqlite::types::Value::Text(query));
        let match_at = values.len();
        values.push(rusqlite::types::Value::Integer(i64::from(
            filter.limit.unwrap_or(100),
        )));
        // The newest matches are chosen first, and only they get a
        // snippet: a flight number can match thousands of runs, and a
        // snippet for each would cost more than the search itself.
        let limit_at = values.len();
        let sql = format!(
            "WITH hits AS (
                 SELECT r.id FROM run_text t
                 JOIN runs r ON r.id = t.rowid
                 JOIN sessions s ON s.id = r.session_id
                 WHERE run_text MATCH ?{match_at} AND {clause}
                 ORDER BY r.started_ms DESC, r.id DESC LIMIT ?{limit_at})
             SELECT {RUN_COLUMNS}, s.environment, s.title,
                    snippet(run_text, -1, '[', ']', '…', 12)
             FROM run_text
             JOIN runs r ON r.id = run_text.rowid
             JOIN sessions s ON s.id = r.session_id
             WHERE run_text MATCH ?{match_at} AND run_text.rowid IN (SELECT id FROM hits)
             ORDER BY r.started_ms DESC, r.id DESC"
        );
        let mut statement = self.conn.prepare_cached(&sql)?;
        let rows = statement.query_map(rusqlite::params_from_iter(values), |row| {
            Ok(SearchHit {
                run: run_row(row)?,
                environment: row.get(15)?,
                session_title: row.get(16)?,
                snippet: row.get(17)?,
            })
        })?;
        Ok(rows.collect::<Result<_, _>>()?)
    }
}
