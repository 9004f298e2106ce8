//! The decisions as the console keeps them: the context the decision
//! dialog is built from, a decision checked and appended to the history's
//! chain, the operator name, and the chain verified. Everything read for
//! one decision is read in one trip to the store, and the decision is
//! appended in that same trip, so what was checked is what is recorded.

use serde::Serialize;
use skymarshal_store::{
    ChainReport, NewRecord, Record, RecordFilter, RecordKind, RunRow, RunStatus, Store,
};

use crate::clock::now_ms;
use crate::decisions::analysis::{Analysis, OptionSummary};
use crate::decisions::body::{DecisionBody, DecisionView, SafetyConstraint, canonical_json};
use crate::decisions::request::{DecisionRequest, Facts, check};
use crate::decisions::safety::safety_constraints;
use crate::decisions::who;
use crate::history::review::pulled_records;
use crate::{AppError, Console};

/// What the decision dialog is built from, for one run.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct DecisionContext {
    /// The run (its history uid).
    pub run_uid: String,
    /// Whether it has a complete analysis to decide on.
    pub complete: bool,
    /// Why not, in words, when it has none.
    pub incomplete_reason: Option<String>,
    /// When the chunk carrying the analysis was received (ms since the epoch).
    pub analysis_received_ms: Option<i64>,
    /// Hex SHA-256 of that chunk's data, as a decision would record it.
    pub analysis_sha256: Option<String>,
    /// Minutes after which the analysis is stale (the store's setting).
    pub stale_after_minutes: u32,
    /// A later complete analysis of the same session, when there is one.
    pub later_analysis_run_uid: Option<String>,
    /// The arbitrator's recommended option.
    pub recommended_solution_id: Option<i64>,
    /// The options that can be decided on.
    pub options: Vec<OptionSummary>,
    /// The analysis's safety constraints (see the safety rule).
    pub safety_constraints: Vec<SafetyConstraint>,
    /// The run's decisions, oldest first, superseded ones included.
    pub decisions: Vec<DecisionView>,
    /// The operator name, once set.
    pub operator: Option<String>,
}

/// What one trip to the store found about a run.
struct RunFacts {
    run: RunRow,
    environment: String,
    session_id: Option<String>,
    analysis: Option<Analysis>,
    incomplete_reason: Option<String>,
    later_analysis_run_uid: Option<String>,
    stale_after_minutes: u32,
    operator: Option<String>,
    decisions: Vec<DecisionView>,
}

impl RunFacts {
    fn read(store: &Store, run_uid: &str) -> Result<Self, skymarshal_store::Error> {
        let run = store.run(run_uid)?;
        let session = store.session(run.session_id)?;
        let analysis = Analysis::read(&store.events(run.id)?);
        let incomplete_reason = match (run.status, &analysis) {
            _ if run.desk.is_some() => Some(format!(
                "it was recorded on desk {}, where decisions on it are taken",
                run.desk.as_deref().unwrap_or_default()
            )),
            (RunStatus::Complete, Some(_)) => None,
            (RunStatus::Complete, None) => Some("the analysis could not be read".to_owned()),
            (RunStatus::Streaming, _) => Some("it is still streaming".to_owned()),
            (status, _) => Some(format!("it ended {}", status.as_str())),
        };
        let later_analysis_run_uid = later_analysis(store, &run)?;
        Ok(Self {
            environment: session.environment,
            session_id: session.server_session_id,
            analysis: analysis.filter(|_| incomplete_reason.is_none()),
            incomplete_reason,
            later_analysis_run_uid,
            stale_after_minutes: store.stale_after_minutes()?.get(),
            operator: store.operator()?,
            // Another desk's run has its decisions from that desk, as pulled:
            // this file's own chain holds none of them.
            decisions: if run.desk.is_some() {
                decision_views(&pulled_records(store.team_ledger(Some(&run.uid))?))
            } else {
                decision_views(&store.records(&RecordFilter::kind(RecordKind::Decision))?)
            },
            run,
        })
    }

    fn context(self) -> DecisionContext {
        let analysis = self.analysis.as_ref();
        DecisionContext {
            complete: analysis.is_some(),
            incomplete_reason: self.incomplete_reason,
            analysis_received_ms: analysis.map(|a| a.received_ms),
            analysis_sha256: analysis.map(|a| a.sha256.clone()),
            stale_after_minutes: self.stale_after_minutes,
            later_analysis_run_uid: self.later_analysis_run_uid,
            recommended_solution_id: analysis.and_then(Analysis::recommended_id),
            options: analysis.map(Analysis::options).unwrap_or_default(),
            safety_constraints: analysis
                .map(|a| safety_constraints(&a.document))
                .unwrap_or_default(),
            decisions: self
                .decisions
                .into_iter()
                .filter(|d| d.body.run_uid == self.run.uid)
                .collect(),
            operator: self.operator,
            run_uid: self.run.uid,
        }
    }
}

/// The first complete run with a readable analysis after `run` in its session.
fn later_analysis(store: &Store, run: &RunRow) -> Result<Option<String>, skymarshal_store::Error> {
    for later in store
        .runs(run.session_id)?
        .into_iter()
        .filter(|r| r.started_ms > run.started_ms && r.status == RunStatus::Complete)
    {
        if Analysis::read(&store.events(later.id)?).is_some() {
            return Ok(Some(later.uid));
        }
    }
    Ok(None)
}

/// The decision records as views, in chain order, each marked with the
/// decision that superseded it. A record whose body cannot be read is left
/// out (verifying the chain names it).
pub(crate) fn decision_views(records: &[Record]) -> Vec<DecisionView> {
    let mut views: Vec<DecisionView> = records
        .iter()
        .filter(|r| r.kind == RecordKind::Decision)
        .filter_map(
            |record| match serde_json::from_str::<DecisionBody>(&record.body) {
                Ok(body) => Some(DecisionView {
                    body,
                    seq: record.seq,
                    hash: record.hash.clone(),
                    superseded_by: None,
                }),
                Err(error) => {
                    tracing::warn!(seq = record.seq, %error, "a decision record cannot be read");
                    None
                }
            },
        )
        .collect();
    let corrections: Vec<(String, String)> = views
        .iter()
        .filter_map(|v| Some((v.body.supersedes.clone()?, v.body.uid.clone())))
        .collect();
    for (earlier, later) in corrections {
        if let Some(view) = views
            .iter_mut()
            .find(|v| v.body.uid == earlier && v.superseded_by.is_none())
        {
            view.superseded_by = Some(later);
        }
    }
    views
}

impl Console {
    /// What the decision dialog needs for run `run_uid`: whether it can be
    /// decided on, its options, the recommended one, the safety
    /// constraints, freshness, its decisions and the operator name.
    ///
    /// Errors: `not_found` when there is no such run; `store_unavailable`
    /// when the console has no history.
    pub async fn decision_context(&self, run_uid: &str) -> Result<DecisionContext, AppError> {
        let uid = run_uid.to_owned();
        let facts = self
            .on_store(move |store| RunFacts::read(store, &uid))
            .await?;
        Ok(facts.context())
    }

    /// Checks `request` and appends it to the history's chain as a
    /// decision record; answers the record as the window shows it.
    ///
    /// Errors: `not_found` (no such run), `decision_refused` (each rule,
    /// in words: the run not complete, no rationale, an option not in the
    /// analysis, a modification without its text, safety constraints not
    /// acknowledged, a stale analysis not confirmed, a correction of a
    /// decision of another run or one already superseded),
    /// `operator_missing` (no operator name set).
    pub async fn record_decision(
        &self,
        request: DecisionRequest,
    ) -> Result<DecisionView, AppError> {
        self.on_store_checked(move |store| {
            let facts = RunFacts::read(store, &request.run_uid)?;
            if let Some(desk) = facts.run.desk.clone() {
                return Ok(Err(AppError::OtherDesksRun {
                    run: request.run_uid.clone(),
                    desk,
                }));
            }
            let now = now_ms();
            let checked = check(
                &request,
                &Facts {
                    not_complete: facts.incomplete_reason.clone(),
                    analysis: facts.analysis.as_ref(),
                    now_ms: now,
                    stale_after_minutes: facts.stale_after_minutes,
                    decisions: &facts.decisions,
                },
            );
            let checked = match checked {
                Ok(checked) => checked,
                Err(refused) => return Ok(Err(refused)),
            };
            let Some(operator) = facts.operator.clone() else {
                return Ok(Err(AppError::OperatorMissing));
            };
            let body = DecisionBody {
                uid: uuid::Uuid::new_v4().to_string(),
                run_uid: facts.run.uid.clone(),
                environment: facts.environment.clone(),
                request_id: facts.run.request_id.clone(),
                session_id: facts.session_id.clone(),
                action: request.action,
                option: checked.option,
                modification: checked.modification,
                rationale: checked.rationale,
                safety_acknowledged: checked.safety_acknowledged,
                operator,
                os_user: who::os_user(),
                host: who::host(),
                decided_ms: now,
                analysis_sha256: checked.analysis_sha256,
                analysis_received_ms: checked.analysis_received_ms,
                analysis_age_seconds: checked.age_seconds,
                stale_confirmed: checked.stale_confirmed,
                later_analysis_run_uid: facts.later_analysis_run_uid.clone(),
                supersedes: request.supersedes.clone(),
            };
            let text = canonical_json(&body);
            let record = store.append_record(NewRecord {
                kind: RecordKind::Decision,
                uid: &body.uid,
                subject: Some(&body.run_uid),
                created_ms: now,
                body: &text,
            })?;
            Ok(Ok(DecisionView {
                body,
                seq: record.seq,
                hash: record.hash,
                superseded_by: None,
            }))
        })
        .await
    }

    /// The decisions on run `run_uid`, oldest first, superseded ones
    /// included and marked.
    pub async fn decisions_of(&self, run_uid: &str) -> Result<Vec<DecisionView>, AppError> {
        let uid = run_uid.to_owned();
        self.on_store(move |store| {
            Ok(decision_views(
                &store.records(&RecordFilter::subject(&uid))?,
            ))
        })
        .await
    }

    /// The duty manager's name put on decisions and handovers, once set.
    pub async fn operator(&self) -> Result<Option<String>, AppError> {
        self.on_store(|store| store.operator()).await
    }

    /// Sets the operator name (trimmed). Errors: `validation` when it is
    /// blank, too long or spans lines, in words.
    pub async fn set_operator(&self, name: &str) -> Result<(), AppError> {
        let name = name.to_owned();
        self.on_store(move |store| store.set_operator(Some(&name)))
            .await
    }

    /// Checks the whole chain of records; names the first broken one.
    pub async fn verify_history(&self) -> Result<ChainReport, AppError> {
        self.on_store(|store| store.verify_chain()).await
    }

    /// Runs `op`, whose answer may be a refusal of the console's own, on
    /// the store.
    pub(crate) async fn on_store_checked<T, F>(&self, op: F) -> Result<T, AppError>
    where
        T: Send + 'static,
        F: FnOnce(&mut Store) -> Result<Result<T, AppError>, skymarshal_store::Error>
            + Send
            + 'static,
    {
        self.on_store(op).await?
    }
}

/// The chain's report as a refusal when it is broken (for callers that
/// must stop there, like `skymarshal history verify`).
pub fn chain_intact(report: ChainReport) -> Result<ChainReport, AppError> {
    match &report.first_broken {
        None => Ok(report),
        Some(broken) => Err(AppError::ChainBroken(broken.message.clone())),
    }
}
