//! The console's team sync in the background: it connects (again and
//! again, backing off, while the team store is away), listens for the other
//! desks' `NOTIFY`, and runs a sync pass whenever this desk commits
//! something, another desk uploads, or half a minute passes. Losing the
//! team store never reaches a run or a decision: they write the local
//! history, which is the outbox, and the next pass that can sends it.

use std::sync::{Arc, Mutex};
use std::time::Duration;

use tokio::sync::Notify;

use crate::history::recorder::History;
use crate::team::config::TeamSettings;
use crate::team::sync::sync_once;

/// The longest wait between two attempts to reach the team store.
const MOST_BACKOFF: Duration = Duration::from_secs(30);
/// A pass at least this often, even with nothing said.
const IDLE_PASS: Duration = Duration::from_secs(30);

/// What the background task last found, for the status line.
#[derive(Debug, Clone, Default)]
pub(crate) struct Reach {
    /// Whether the last attempt reached the team store.
    pub(crate) reachable: bool,
    /// Why not, in words.
    pub(crate) problem: Option<String>,
}

/// The running sync; dropping it stops the task.
#[derive(Debug)]
pub(crate) struct TeamSync {
    pub(crate) reach: Arc<Mutex<Reach>>,
    task: tokio::task::JoinHandle<()>,
}

impl Drop for TeamSync {
    fn drop(&mut self) {
        self.task.abort();
    }
}

impl TeamSync {
    /// Starts the task on the current Tokio runtime.
    pub(crate) fn start(settings: TeamSettings, history: History, nudge: Arc<Notify>) -> Self {
        let reach = Arc::new(Mutex::new(Reach::default()));
        let task = tokio::spawn(run(settings, history, nudge, Arc::clone(&reach)));
        Self { reach, task }
    }

    /// The last reach, for the status line.
    pub(crate) fn reach(&self) -> Reach {
        self.reach
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
            .clone()
    }
}

fn set(reach: &Mutex<Reach>, reachable: bool, problem: Option<String>) {
    let mut reach = reach
        .lock()
        .unwrap_or_else(std::sync::PoisonError::into_inner);
    reach.reachable = reachable;
    reach.problem = problem;
}

async fn run(
    settings: TeamSettings,
    history: History,
    nudge: Arc<Notify>,
    reach: Arc<Mutex<Reach>>,
) {
    let mut backoff = Duration::from_secs(1);
    loop {
        let team = match settings.connect().await {
            Ok(team) => team,
            Err(error) => {
                tracing::warn!(%error, "team store unreachable");
                set(&reach, false, Some(error.to_string()));
                // A local commit does not bring the database back; wait the
                // backoff out whatever happens here.
                tokio::time::sleep(backoff).await;
                backoff = (backoff * 2).min(MOST_BACKOFF);
                continue;
            }
        };
        backoff = Duration::from_secs(1);
        loop {
            match sync_once(&history, &team, &settings.desk).await {
                Ok(report) => {
                    if report.uploaded + report.pulled > 0 {
                        tracing::info!(
                            uploaded = report.uploaded,
                            pulled = report.pulled,
                            "team sync"
                        );
                    }
                    set(&reach, true, None);
                    backoff = Duration::from_secs(1);
                }
                Err(error) => {
                    tracing::warn!(%error, "team sync failed");
                    set(&reach, false, Some(error.to_string()));
                    // A refusal that does not go away (a chain the team
                    // store disagrees with, a privilege missing) is asked
                    // again only after the backoff, never in a tight loop.
                    tokio::time::sleep(backoff).await;
                    backoff = (backoff * 2).min(MOST_BACKOFF);
                    if team.is_closed() {
                        break;
                    }
                    continue;
                }
            }
            let closed = tokio::select! {
                () = nudge.notified() => false,
                notice = team.woken() => notice.is_none(),
                () = tokio::time::sleep(IDLE_PASS) => false,
            };
            if closed || team.is_closed() {
                set(
                    &reach,
                    false,
                    Some("The team store closed the connection; reconnecting.".to_owned()),
                );
                break;
            }
        }
    }
}
