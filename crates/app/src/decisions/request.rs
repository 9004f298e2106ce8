//! What the window (or the CLI) asks to record, and the checks it must
//! pass first, each refusal in words that say what to do. The checks are
//! pure: the console gathers the facts from the history, this decides.

use serde::Deserialize;
use skymarshal_store::free_text;

use crate::AppError;
use crate::clock::zulu_minutes;
use crate::decisions::analysis::Analysis;
use crate::decisions::body::{Action, DecisionView, SafetyConstraint, ShownOption};
use crate::decisions::safety::{needs_acknowledgement, safety_constraints, unacknowledged};

/// A decision the duty manager asks to record.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
pub struct DecisionRequest {
    /// The run (its history uid) whose analysis is decided on.
    pub run_uid: String,
    /// Accept, modify or reject.
    pub action: Action,
    /// The option, for accept and modify (its `solution_id`).
    #[serde(default)]
    pub solution_id: Option<i64>,
    /// What changes, for modify.
    #[serde(default)]
    pub modification: Option<String>,
    /// Why; required.
    #[serde(default)]
    pub rationale: String,
    /// The constraint texts acknowledged, as `decision_context` lists them.
    #[serde(default)]
    pub safety_acknowledged: Vec<String>,
    /// The duty manager confirmed deciding on an analysis past the limit.
    #[serde(default)]
    pub stale_confirmed: bool,
    /// The decision of the same run this one corrects.
    #[serde(default)]
    pub supersedes: Option<String>,
}

/// What the checks found about the run, from the history.
#[derive(Debug)]
pub(crate) struct Facts<'a> {
    /// Why the run has no analysis to decide on, when it has none.
    pub(crate) not_complete: Option<String>,
    /// The analysis, when it is complete.
    pub(crate) analysis: Option<&'a Analysis>,
    /// Now (ms since the epoch).
    pub(crate) now_ms: i64,
    /// The store's `stale_after_minutes`.
    pub(crate) stale_after_minutes: u32,
    /// Every decision in the history.
    pub(crate) decisions: &'a [DecisionView],
}

/// A request that passed, with what the record takes from the analysis.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Checked {
    pub(crate) option: Option<ShownOption>,
    pub(crate) modification: Option<String>,
    pub(crate) rationale: String,
    pub(crate) safety_acknowledged: Vec<SafetyConstraint>,
    pub(crate) age_seconds: i64,
    pub(crate) stale_confirmed: bool,
    pub(crate) analysis_sha256: String,
    pub(crate) analysis_received_ms: i64,
}

/// Checks `request` against `facts`: the first rule it breaks, in words.
pub(crate) fn check(request: &DecisionRequest, facts: &Facts<'_>) -> Result<Checked, AppError> {
    let run = &request.run_uid;
    let analysis = match (facts.analysis, &facts.not_complete) {
        (Some(analysis), None) => analysis,
        (_, why) => {
            return Err(AppError::RunNotComplete {
                run: run.clone(),
                why: why
                    .clone()
                    .unwrap_or_else(|| "the analysis could not be read".to_owned()),
            });
        }
    };
    let rationale =
        typed("The rationale", Some(&request.rationale))?.ok_or(AppError::RationaleMissing)?;
    let option = chosen_option(request, analysis)?;
    let modification = typed("The modification", request.modification.as_ref())?;
    match (request.action, &modification, request.solution_id) {
        (Action::Modify, None, Some(solution_id)) => {
            return Err(AppError::ModificationMissing { solution_id });
        }
        (Action::Accept | Action::Reject, Some(_), _) => {
            return Err(AppError::ModificationNotModify {
                action: request.action,
            });
        }
        _ => {}
    }
    let constraints = safety_constraints(&analysis.document);
    let safety_acknowledged = if needs_acknowledgement(
        request.action,
        request.solution_id,
        analysis.recommended_id(),
        &constraints,
    ) {
        let left = unacknowledged(&constraints, &request.safety_acknowledged);
        if !left.is_empty() {
            return Err(AppError::SafetyNotAcknowledged {
                solution_id: request.solution_id.unwrap_or_default(),
                constraints: left
                    .iter()
                    .map(|c| format!("{}: “{}”", c.agent_words(), c.constraint))
                    .collect(),
            });
        }
        constraints
    } else {
        // Acknowledged though not needed: kept, since the duty manager said so.
        constraints
            .into_iter()
            .filter(|c| {
                unacknowledged(std::slice::from_ref(c), &request.safety_acknowledged).is_empty()
            })
            .collect()
    };
    let age_seconds = ((facts.now_ms - analysis.received_ms) / 1000).max(0);
    let limit_seconds = i64::from(facts.stale_after_minutes) * 60;
    let stale = age_seconds > limit_seconds;
    if stale && !request.stale_confirmed {
        return Err(AppError::StaleNotConfirmed {
            age_minutes: age_seconds / 60,
            limit_minutes: facts.stale_after_minutes,
        });
    }
    match &request.supersedes {
        Some(uid) => check_supersedes(uid, run, facts.decisions)?,
        None => check_none_in_force(run, facts.decisions)?,
    }
    Ok(Checked {
        option,
        modification,
        rationale,
        safety_acknowledged,
        age_seconds,
        stale_confirmed: stale && request.stale_confirmed,
        analysis_sha256: analysis.sha256.clone(),
        analysis_received_ms: analysis.received_ms,
    })
}

/// The option accepted or modified, as the analysis carries it.
fn chosen_option(
    request: &DecisionRequest,
    analysis: &Analysis,
) -> Result<Option<ShownOption>, AppError> {
    match (request.action, request.solution_id) {
        (Action::Reject, None) => Ok(None),
        (Action::Reject, Some(_)) => Err(AppError::OptionWithReject),
        (action, None) => Err(AppError::OptionNeeded { action }),
        (_, Some(id)) => {
            let Some(option) = analysis.option(id) else {
                let offered: Vec<String> = analysis
                    .options()
                    .iter()
                    .map(|o| o.solution_id.to_string())
                    .collect();
                return Err(AppError::OptionNotInAnalysis {
                    solution_id: id,
                    offered: if offered.is_empty() {
                        "no option".to_owned()
                    } else {
                        format!(
                            "{} {}",
                            if offered.len() == 1 {
                                "option"
                            } else {
                                "options"
                            },
                            offered.join(", ")
                        )
                    },
                });
            };
            Ok(Some(ShownOption {
                solution_id: id,
                title: option["title"].as_str().map(str::to_owned),
                as_shown: option.clone(),
            }))
        }
    }
}

/// A correction supersedes the latest decision of the same run.
fn check_supersedes(uid: &str, run: &str, decisions: &[DecisionView]) -> Result<(), AppError> {
    let refuse = |why: String| Err(AppError::SupersedesRefused(why));
    match decisions.iter().find(|d| d.body.uid == uid) {
        None => refuse(format!(
            "There is no decision {uid} in the history to correct."
        )),
        Some(d) if d.body.run_uid != run => refuse(format!(
            "Decision {uid} was taken on run {}, not on run {run}; a correction supersedes a \
             decision of the same run.",
            d.body.run_uid
        )),
        Some(DecisionView {
            superseded_by: Some(later),
            ..
        }) => refuse(format!(
            "Decision {uid} was already superseded by decision {later}; correct that one instead."
        )),
        Some(_) => Ok(()),
    }
}

/// A run has at most one decision in force: a new one without
/// `supersedes` is refused while another stands, naming it.
fn check_none_in_force(run: &str, decisions: &[DecisionView]) -> Result<(), AppError> {
    match decisions
        .iter()
        .find(|d| d.body.run_uid == run && d.superseded_by.is_none())
    {
        None => Ok(()),
        Some(standing) => Err(AppError::DecisionInForce {
            run: run.to_owned(),
            standing: format!(
                "{} by {} at {}",
                standing.body.choice_words(),
                standing.body.operator,
                zulu_minutes(standing.body.decided_ms)
            ),
            uid: standing.body.uid.clone(),
        }),
    }
}

/// Free text the duty manager typed (`field` names it in the refusal),
/// as kept: line endings made LF, trimmed; `None` when blank.
fn typed(field: &'static str, typed: Option<&String>) -> Result<Option<String>, AppError> {
    let Some(typed) = typed else {
        return Ok(None);
    };
    let kept = free_text(typed).map_err(|found| AppError::DecisionText { field, found })?;
    Ok((!kept.is_empty()).then_some(kept))
}

#[cfg(test)]
mod tests;
