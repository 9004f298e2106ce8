//! The handover's snapshot, built from what the history holds: the period
//! (since the last handover, else the last 12 hours), every run started in
//! it with its outcome, every decision taken in it, and the open items the
//! incoming duty manager must pick up. Pure: the console gathers the runs
//! and decisions, this decides what the handover says.

use skymarshal_store::{RunRow, RunStatus};

use crate::clock::zulu_minutes;
use crate::decisions::body::{Action, DecisionView};
use crate::handover::body::{HandoverDecision, HandoverRun, OpenItem, OpenKind, Snapshot};

/// The default period when no handover came before: 12 hours.
pub(crate) const DEFAULT_PERIOD_MS: i64 = 12 * 60 * 60 * 1000;

/// A run of the period with what its analysis said.
#[derive(Debug, Clone)]
pub(crate) struct PeriodRun {
    pub(crate) run: RunRow,
    pub(crate) environment: String,
    /// Whether it has a complete analysis that can be decided on.
    pub(crate) analysed: bool,
    pub(crate) recommended: Option<String>,
}

/// The period's start: `since_ms` when asked, else the end of the last
/// handover, else 12 hours before `now_ms`.
pub(crate) fn period_start(since_ms: Option<i64>, last_until_ms: Option<i64>, now_ms: i64) -> i64 {
    since_ms
        .or(last_until_ms)
        .unwrap_or(now_ms - DEFAULT_PERIOD_MS)
}

/// The snapshot of `[since_ms, until_ms)`: `runs` are the candidates (any
/// order), `decisions` every decision in the history, in chain order.
pub(crate) fn snapshot(
    since_ms: i64,
    until_ms: i64,
    mut runs: Vec<PeriodRun>,
    decisions: &[DecisionView],
) -> Snapshot {
    let within = |ms: i64| ms >= since_ms && ms < until_ms;
    // A handover is this desk's shift: runs pulled from other desks are
    // theirs to hand over (and to decide on).
    runs.retain(|r| r.run.desk.is_none() && within(r.run.started_ms));
    runs.sort_by_key(|r| (r.run.started_ms, r.run.id));
    let decided: Vec<&DecisionView> = decisions
        .iter()
        .filter(|d| within(d.body.decided_ms))
        .collect();
    let mut open_items = Vec::new();
    for r in &runs {
        let standing = decisions
            .iter()
            .any(|d| d.body.run_uid == r.run.uid && d.superseded_by.is_none());
        let item = match r.run.status {
            RunStatus::Complete if r.analysed && !standing => Some((
                OpenKind::NoDecision,
                format!("No decision on the analysis of {}.", about(r)),
            )),
            RunStatus::Failed => Some((
                OpenKind::Failed,
                format!("The run for {} failed{}.", about(r), because(&r.run)),
            )),
            RunStatus::Interrupted => Some((
                OpenKind::Interrupted,
                format!(
                    "The run for {} was interrupted before its analysis finished{}",
                    about(r),
                    interrupted_because(&r.run)
                ),
            )),
            _ => None,
        };
        if let Some((kind, text)) = item {
            open_items.push(OpenItem {
                kind,
                run_uid: r.run.uid.clone(),
                text,
                carried_from: None,
            });
        }
    }
    for d in &decided {
        if d.superseded_by.is_some() {
            open_items.push(OpenItem {
                kind: OpenKind::SupersededDecision,
                run_uid: d.body.run_uid.clone(),
                text: format!(
                    "The decision on {} to {} ({}, {}) was corrected by a later decision.",
                    runs.iter()
                        .find(|r| r.run.uid == d.body.run_uid)
                        .map_or_else(|| format!("run {}", d.body.run_uid), about),
                    what(d),
                    d.body.operator,
                    zulu_minutes(d.body.decided_ms),
                ),
                carried_from: None,
            });
        }
    }
    Snapshot {
        since_ms,
        until_ms,
        runs: runs
            .iter()
            .map(|r| HandoverRun {
                run_uid: r.run.uid.clone(),
                started_ms: r.run.started_ms,
                environment: r.environment.clone(),
                prompt: r.run.prompt.clone(),
                status: r.run.status,
                headline: r.run.decision.clone(),
                recommended: r.recommended.clone(),
                decision_uids: decisions
                    .iter()
                    .filter(|d| d.body.run_uid == r.run.uid)
                    .map(|d| d.body.uid.clone())
                    .collect(),
            })
            .collect(),
        decisions: decided
            .iter()
            .map(|d| HandoverDecision {
                uid: d.body.uid.clone(),
                run_uid: d.body.run_uid.clone(),
                action: d.body.action,
                option_id: d.body.option.as_ref().map(|o| o.solution_id),
                option_title: d.body.option.as_ref().and_then(|o| o.title.clone()),
                modification: d.body.modification.clone(),
                safety_acknowledged: d.body.safety_acknowledged.clone(),
                stale_confirmed: d.body.stale_confirmed,
                later_analysis_run_uid: d.body.later_analysis_run_uid.clone(),
                rationale: d.body.rationale.clone(),
                operator: d.body.operator.clone(),
                decided_ms: d.body.decided_ms,
                superseded_by: d.superseded_by.clone(),
            })
            .collect(),
        open_items,
    }
}

/// A run in a sentence: its prompt, shortened, quoted, and its environment.
fn about(r: &PeriodRun) -> String {
    let prompt: String = r
        .run
        .prompt
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ");
    let short = if prompt.chars().count() > 80 {
        format!("{}…", prompt.chars().take(79).collect::<String>())
    } else {
        prompt
    };
    format!("“{short}” on {}", r.environment)
}

/// What a decision chose, in a few words (`accept option 2`).
fn what(d: &DecisionView) -> String {
    let option = d.body.option.as_ref().map(|o| o.solution_id);
    match (d.body.action, option) {
        (Action::Reject, _) => "reject every option".to_owned(),
        (action, Some(id)) => format!("{} option {id}", action.as_str()),
        (action, None) => action.as_str().to_owned(),
    }
}

/// Why a run was interrupted, ending the sentence: the run's own message
/// (the client's already says the analysis may still be running on the
/// server, which is not said twice), else that warning alone.
fn interrupted_because(run: &RunRow) -> String {
    let warning = "the analysis may still be running on the server";
    match run.error_message.as_deref().map(str::trim) {
        Some(message) if message.contains("analysis may still be running on the server") => {
            format!(": {}.", message.trim_end_matches('.'))
        }
        Some(message) if !message.is_empty() => {
            format!(": {}; {warning}.", message.trim_end_matches('.'))
        }
        _ => format!("; {warning}."),
    }
}

fn because(run: &RunRow) -> String {
    run.error_message
        .as_deref()
        .map(|m| format!(": {}", m.trim_end_matches('.')))
        .unwrap_or_default()
}

#[cfg(test)]
mod tests;
