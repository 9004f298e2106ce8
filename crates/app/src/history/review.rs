//! The history as the window reviews it: sessions and runs newest first,
//! search, a past run rebuilt for the view, export and import, deletion,
//! the retention setting, and where the user was.

use serde::{Deserialize, Serialize};
use skymarshal_store::{
    ImportReport, RecordFilter, RunRow, RunStatus, SearchHit, SessionExport, SessionFilter,
    SessionRow, Store,
};

use crate::clock::now_ms;
use crate::decisions::record::decision_views;
use crate::history::recorder::History;
use crate::history::stored::{StoredRun, messages};
use crate::{AppError, Console};

/// What the history view asks for. Every field narrows.
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize)]
pub struct HistoryQuery {
    /// Only this environment (by name).
    pub environment: Option<String>,
    /// Active at or after (ms since the epoch).
    pub from_ms: Option<i64>,
    /// Active before.
    pub to_ms: Option<i64>,
    /// Only sessions with a run that ended so.
    pub outcome: Option<RunStatus>,
    /// Words to find; the list becomes matching runs.
    pub text: Option<String>,
    /// At most this many.
    pub limit: Option<u32>,
}

/// What the history view shows: sessions, or the runs that matched.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct HistoryPage {
    /// Sessions, most recent first (when nothing was searched).
    pub sessions: Vec<SessionRow>,
    /// Matching runs, newest first (when words were searched).
    pub hits: Vec<SearchHit>,
    /// Whether this page is a search.
    pub searched: bool,
}

/// One session with its runs, oldest first.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct SessionDetail {
    /// The session.
    pub session: SessionRow,
    /// Its runs.
    pub runs: Vec<RunRow>,
}

/// Where the user was, brought back when the console opens again.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Place {
    /// The active environment.
    pub environment_id: Option<String>,
    /// The server session being continued.
    pub session_id: Option<String>,
    /// The run on screen.
    pub run_uid: Option<String>,
}

/// The history's state as the window opens: whether there is one, the
/// retention, and where the user was.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct HistoryStatus {
    /// Why there is no history, when there is none.
    pub problem: Option<String>,
    /// Days a session is kept (`None`: for ever).
    pub retention_days: Option<u32>,
    /// Where the user was.
    pub place: Place,
    /// Where exports are saved.
    pub export_dir: String,
    /// The chain of decision and handover records, checked now; `None`
    /// when there is no history or it could not be read.
    pub chain: Option<skymarshal_store::ChainReport>,
}

const PLACE: &str = "place";

impl Console {
    /// Why there is no history, in words (only asked when there is none).
    fn missing_history(&self) -> String {
        self.history_problem()
            .unwrap_or("this console was started without one")
            .to_owned()
    }

    pub(crate) fn history_or_err(&self) -> Result<&History, AppError> {
        self.history
            .as_ref()
            .ok_or_else(|| AppError::NoHistory(self.missing_history()))
    }

    /// Runs `op` on the history's store, off the async workers.
    pub(crate) async fn on_store<T, F>(&self, op: F) -> Result<T, AppError>
    where
        T: Send + 'static,
        F: FnOnce(&mut Store) -> Result<T, skymarshal_store::Error> + Send + 'static,
    {
        let history = self.history_or_err()?;
        let answer = history.with(op).await?;
        // Whatever it wrote (a decision, a handover, a claim) goes to the
        // team store at once; a read costs the sync one idle pass.
        history.changed.notify_one();
        Ok(answer)
    }

    /// Runs `op`, which only reads, on the history's store: unlike
    /// [`Console::on_store`] it does not wake the team sync (the status
    /// line asks every few seconds).
    pub(crate) async fn peek_store<T, F>(&self, op: F) -> Result<T, AppError>
    where
        T: Send + 'static,
        F: FnOnce(&mut Store) -> Result<T, skymarshal_store::Error> + Send + 'static,
    {
        Ok(self.history_or_err()?.with(op).await?)
    }

    /// The history's state, for the window as it opens (one trip to the
    /// store; a setting that cannot be read is shown as unset), with the
    /// chain of records checked, so the window warns of a broken one.
    pub async fn history_status(&self) -> HistoryStatus {
        let export_dir = crate::paths::export_dir().display().to_string();
        let settings = self
            .on_store(|store| {
                Ok((
                    store.retention_days()?,
                    stored_place(store)?,
                    store.verify_chain().ok(),
                ))
            })
            .await;
        let (problem, (retention_days, place, chain)) = match (&self.history, settings) {
            (None, _) => (Some(self.missing_history()), (None, Place::default(), None)),
            (Some(_), settings) => (None, settings.unwrap_or_default()),
        };
        if let Some(broken) = chain.as_ref().and_then(|c| c.first_broken.as_ref()) {
            tracing::warn!(seq = broken.seq, message = %broken.message, "the history's chain is broken");
        }
        HistoryStatus {
            problem,
            retention_days,
            place,
            export_dir,
            chain,
        }
    }

    /// Sessions, or the runs matching `query.text`, within the filters.
    pub async fn history(&self, query: HistoryQuery) -> Result<HistoryPage, AppError> {
        let filter = SessionFilter {
            environment: query.environment.filter(|e| !e.is_empty()),
            from_ms: query.from_ms,
            to_ms: query.to_ms,
            outcome: query.outcome,
            limit: query.limit,
        };
        let text = query.text.unwrap_or_default();
        self.on_store(move |store| {
            Ok(if text.trim().is_empty() {
                HistoryPage {
                    sessions: store.sessions(&filter)?,
                    hits: Vec::new(),
                    searched: false,
                }
            } else {
                HistoryPage {
                    sessions: Vec::new(),
                    hits: store.search(&text, &filter)?,
                    searched: true,
                }
            })
        })
        .await
    }

    /// One session and its runs.
    pub async fn history_session(&self, id: i64) -> Result<SessionDetail, AppError> {
        self.on_store(move |store| {
            Ok(SessionDetail {
                session: store.session(id)?,
                runs: store.runs(id)?,
            })
        })
        .await
    }

    /// A past run with the messages the window received, rebuilt from
    /// its stored events.
    pub async fn stored_run(&self, uid: &str) -> Result<StoredRun, AppError> {
        let uid = uid.to_owned();
        self.on_store(move |store| {
            let run = store.run(&uid)?;
            let session = store.session(run.session_id)?;
            let events = store.events(run.id)?;
            // Another desk's run has its decisions from that desk, as pulled.
            let records = if run.desk.is_some() {
                pulled_records(store.team_ledger(Some(&run.uid))?)
            } else {
                store.records(&RecordFilter::subject(&run.uid))?
            };
            let decisions = decision_views(&records);
            Ok(StoredRun {
                messages: messages(&run.uid, &run, &session, events),
                run,
                session,
                decisions,
            })
        })
        .await
    }

    /// Deletes a session with every run and event in it.
    pub async fn delete_session(&self, id: i64) -> Result<(), AppError> {
        self.on_store(move |store| store.delete_session(id)).await
    }

    /// A session (or, with `run`, one run of it) as an export document.
    pub async fn export_document(
        &self,
        session: Option<i64>,
        run: Option<String>,
    ) -> Result<SessionExport, AppError> {
        self.on_store(move |store| match (run, session) {
            (Some(uid), _) => store.export_run(&uid),
            (None, Some(id)) => store.export_session(id),
            (None, None) => Err(skymarshal_store::Error::NotFound {
                what: "session",
                id: "(none given)".to_owned(),
            }),
        })
        .await
    }

    /// Adds the session of an exported document.
    pub async fn import_history(&self, text: &str) -> Result<ImportReport, AppError> {
        let export = SessionExport::parse(text)?;
        self.on_store(move |store| store.import(&export)).await
    }

    /// How many days the history keeps a session after its last activity
    /// (`None`: for ever).
    pub async fn retention_days(&self) -> Result<Option<u32>, AppError> {
        self.on_store(|store| store.retention_days()).await
    }

    /// Sets the retention and applies it at once; answers how many
    /// sessions it deleted.
    pub async fn set_retention_days(&self, days: Option<u32>) -> Result<usize, AppError> {
        let days =
            skymarshal_store::retention(days).map_err(|e| AppError::Invalid(e.to_string()))?;
        self.on_store(move |store| store.set_retention_days(days, now_ms()))
            .await
    }

    /// Where the user was when the console last closed.
    pub async fn place(&self) -> Result<Place, AppError> {
        self.on_store(stored_place).await
    }

    /// Remembers where the user is.
    pub async fn set_place(&self, place: Place) -> Result<(), AppError> {
        let value = serde_json::to_string(&place).unwrap_or_default();
        self.on_store(move |store| store.set_setting(PLACE, Some(&value)))
            .await
    }
}

/// Where the user was, as `store` remembers it.
fn stored_place(store: &mut Store) -> Result<Place, skymarshal_store::Error> {
    Ok(store
        .setting(PLACE)?
        .and_then(|v| serde_json::from_str(&v).ok())
        .unwrap_or_default())
}

/// Another desk's ledger records as this file's own are read, numbered in
/// the team store's order (their hashes are their desk's chain's).
pub(crate) fn pulled_records(
    pulled: Vec<skymarshal_store::PulledLedger>,
) -> Vec<skymarshal_store::Record> {
    pulled
        .into_iter()
        .filter_map(|record| {
            Some(skymarshal_store::Record {
                seq: record.server_seq,
                kind: skymarshal_store::RecordKind::from_name(&record.kind)?,
                uid: record.uid,
                subject: record.subject,
                created_ms: record.created_ms,
                body: record.body,
                prev_hash: record.prev_hash,
                hash: record.hash,
            })
        })
        .collect()
}
