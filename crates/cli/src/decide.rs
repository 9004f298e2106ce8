//! `skymarshal decide RUN`: the duty manager's decision on a complete
//! analysis in the history (accept option N, modify it saying what
//! changes, or reject all), checked and recorded by the app exactly as the
//! window records it, and printed back in words. (`history show` prints
//! decisions within the app's Markdown report.)

use std::fmt::Write as _;

use clap::{ArgGroup, Args};
use skymarshal_app::{Action, DecisionBody, DecisionRequest, zulu};

use crate::{console, exit};

#[derive(Debug, Args)]
#[command(group(ArgGroup::new("action").required(true).args(["accept", "modify", "reject"])))]
pub(crate) struct DecideArgs {
    /// The run decided on: its id, as `analyze` or `history search` printed it.
    #[arg(value_name = "RUN")]
    run: String,
    /// Accept option N as the arbitrator described it.
    #[arg(long, value_name = "N")]
    accept: Option<i64>,
    /// Modify option N; say what changes with --modification.
    #[arg(long, value_name = "N")]
    modify: Option<i64>,
    /// What changes in the modified option, in words (with --modify).
    #[arg(long, value_name = "TEXT")]
    modification: Option<String>,
    /// Reject every option.
    #[arg(long)]
    reject: bool,
    /// Why, in words the next duty manager can follow (required).
    #[arg(long, value_name = "TEXT")]
    rationale: Option<String>,
    /// Acknowledge every safety constraint of the analysis by name (needed
    /// to accept or modify an option other than the recommended one while
    /// a safety agent's constraint stands).
    #[arg(long)]
    acknowledge_safety: bool,
    /// Decide on an analysis older than the history's stale limit
    /// (30 minutes unless set).
    #[arg(long)]
    stale_ok: bool,
    /// Correct an earlier decision on the same run: this one supersedes it,
    /// and it stays visible.
    #[arg(long, value_name = "DECISION")]
    supersedes: Option<String>,
}

impl DecideArgs {
    fn action(&self) -> (Action, Option<i64>) {
        match (self.accept, self.modify) {
            (Some(n), _) => (Action::Accept, Some(n)),
            (None, Some(n)) => (Action::Modify, Some(n)),
            (None, None) => (Action::Reject, None),
        }
    }
}

pub(crate) async fn run(args: &DecideArgs) -> anyhow::Result<u8> {
    let console = match console::open().await {
        Ok(console) => console,
        Err(error) => return Ok(exit::refused(&error)),
    };
    console::warn_if_chain_broken(&console).await;
    let context = match console.decision_context(&args.run).await {
        Ok(context) => context,
        Err(error) => return Ok(exit::refused(&error)),
    };
    let (action, solution_id) = args.action();
    let safety_acknowledged = if args.acknowledge_safety {
        context
            .safety_constraints
            .iter()
            .map(|c| c.constraint.clone())
            .collect()
    } else {
        Vec::new()
    };
    let request = DecisionRequest {
        run_uid: context.run_uid.clone(),
        action,
        solution_id,
        modification: args.modification.clone(),
        rationale: args.rationale.clone().unwrap_or_default(),
        safety_acknowledged,
        stale_confirmed: args.stale_ok,
        supersedes: args.supersedes.clone(),
    };
    let view = match console.record_decision(request).await {
        Ok(view) => view,
        Err(error) => return Ok(exit::refused(&error)),
    };
    println!(
        "Decision {} recorded as record {} of the history's chain.",
        view.body.uid, view.seq
    );
    print!("{}", describe(&view.body));
    if let Some(later) = &context.later_analysis_run_uid {
        eprintln!(
            "note: a later analysis (run {later}) superseded this one; the decision records it."
        );
    }
    Ok(0)
}

/// A decision in words, one fact a line, each line indented (the duty
/// manager's text over several lines kept under its label): what was
/// decided, why, the safety acknowledged, who and when, on which
/// analysis, and what it corrects.
fn describe(body: &DecisionBody) -> String {
    let mut out = String::new();
    let option = body.option.as_ref().map(|o| {
        let title = o.title.as_deref().unwrap_or("(untitled)");
        format!("option {} · {title}", o.solution_id)
    });
    let what = match (body.action, option) {
        (Action::Reject, _) | (_, None) => "rejected every option".to_owned(),
        (Action::Accept, Some(option)) => format!("accepted {option}"),
        (Action::Modify, Some(option)) => format!("modified {option}"),
    };
    let _ = writeln!(out, "  {what}, on run {}", body.run_uid);
    if let Some(modification) = &body.modification {
        labelled(&mut out, "  modification: ", modification);
    }
    labelled(&mut out, "  rationale: ", &body.rationale);
    if !body.safety_acknowledged.is_empty() {
        let named: Vec<String> = body
            .safety_acknowledged
            .iter()
            .map(|c| format!("{}: “{}”", c.agent_words(), c.constraint))
            .collect();
        let _ = writeln!(out, "  safety acknowledged: {}", named.join("; "));
    }
    let _ = writeln!(
        out,
        "  by {} ({} on {}) at {}, environment {}",
        body.operator,
        body.os_user,
        body.host,
        zulu(body.decided_ms),
        body.environment
    );
    let stale = if body.stale_confirmed {
        ", past the stale limit (confirmed)"
    } else {
        ""
    };
    let _ = writeln!(
        out,
        "  on the analysis received {} ({} min old{stale}), SHA-256 {}",
        zulu(body.analysis_received_ms),
        body.analysis_age_seconds / 60,
        body.analysis_sha256
    );
    if let Some(later) = &body.later_analysis_run_uid {
        let _ = writeln!(out, "  a later analysis (run {later}) superseded this one");
    }
    if let Some(earlier) = &body.supersedes {
        let _ = writeln!(out, "  corrects decision {earlier}");
    }
    out
}

/// `label` then `text`, its lines after the first under the text's start.
fn labelled(out: &mut String, label: &str, text: &str) {
    let _ = writeln!(
        out,
        "{label}{}",
        crate::history::indented(text, label.chars().count())
    );
}
