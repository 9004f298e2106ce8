//! Words for a terminal: one progress line per milestone of a run, and the
//! closing summary a duty manager reads (decision, recommended option and
//! its scores, the alternatives, the session to continue).

use std::fmt::Write as _;
use std::time::Duration;

use serde_json::Value;
use skymarshal_core::{OptionScores, Outcome, ServerEvent, Summary, Update};

const WIDTH: usize = 78;

/// The progress line for an update, if it deserves one.
pub(crate) fn progress(update: &Update, elapsed: Duration) -> Option<String> {
    let at = format!("[{:>6.1} s]", elapsed.as_secs_f64());
    Some(match update {
        Update::Response { status, headers } => {
            let content_type = headers
                .iter()
                .find(|(name, _)| name == "content-type")
                .map_or("no content type", |(_, value)| value.as_str());
            format!("{at} HTTP {status} ({content_type})")
        }
        Update::Event(event) => match &event.event {
            ServerEvent::Metadata {
                request_id,
                session_id,
                ..
            } => format!(
                "{at} accepted: request {}, session {}\n           waiting for the agents (the server says nothing until they finish)",
                request_id.as_deref().unwrap_or("(none)"),
                session_id.as_deref().unwrap_or("(none)")
            ),
            ServerEvent::Chunk { .. } => {
                format!(
                    "{at} chunk received ({} KB)",
                    event.data.len().div_ceil(1000)
                )
            }
            ServerEvent::Complete {
                execution_time_ms,
                chunk_count,
            } => format!(
                "{at} complete: server time {}, {} chunk(s)",
                execution_time_ms.map_or("unknown".to_owned(), |ms| format!(
                    "{:.1} s",
                    ms as f64 / 1000.0
                )),
                chunk_count.map_or("?".to_owned(), |n| n.to_string())
            ),
            ServerEvent::Error { error_code, .. } => format!("{at} error event: {error_code}"),
            ServerEvent::Unknown { reason } => {
                format!("{at} event {} not understood: {reason}", event.seq)
            }
        },
        Update::Warning(warning) => format!("{at} warning: {warning}"),
        Update::Finished(_) => return None,
    })
}

/// The closing summary of a successful analysis.
pub(crate) fn summary(analysis: Option<&Value>, outcome: &Outcome) -> String {
    let mut out = String::new();
    let summary = analysis.and_then(Summary::from_analysis);
    match &summary {
        None => out.push_str("The analysis completed but carried no decision.\n"),
        Some(summary) => write_summary(&mut out, summary, analysis),
    }
    if let Some(session) = &outcome.session_id {
        let _ = writeln!(
            out,
            "\nSession {session}: continue it with --session {session}"
        );
    }
    out
}

fn write_summary(out: &mut String, summary: &Summary, analysis: Option<&Value>) {
    let decision = &summary.decision;
    if decision.fallback_used || decision.warning.is_some() {
        let warning = decision
            .warning
            .as_deref()
            .unwrap_or("the arbitrator fell back to a conservative plan");
        out.push_str("WARNING: ");
        out.push_str(&wrap(warning, 9));
        out.push_str("\n\n");
    }
    let confidence = decision
        .confidence
        .map_or("confidence unknown".to_owned(), |c| {
            format!("confidence {:.0}%", c * 100.0)
        });
    let _ = writeln!(out, "DECISION ({confidence})");
    out.push_str("  ");
    out.push_str(&wrap(
        decision.text.as_deref().unwrap_or("(no decision text)"),
        2,
    ));
    out.push_str("\n\n");
    match &summary.recommended {
        Some(option) => {
            let _ = writeln!(
                out,
                "RECOMMENDED: option {} - {}",
                option.id,
                option.title.as_deref().unwrap_or("(untitled)")
            );
            let _ = writeln!(out, "  {}", scores(option));
        }
        None => out.push_str("RECOMMENDED: no option is marked as recommended\n"),
    }
    let options = analysis
        .and_then(|a| a.pointer("/final_decision/solution_options"))
        .and_then(Value::as_array);
    let recommended_id = summary.recommended.as_ref().map(|o| o.id.as_str());
    let others: Vec<String> = options
        .into_iter()
        .flatten()
        .filter(|o| id_text(o.get("solution_id")).as_deref() != recommended_id)
        .map(|o| {
            format!(
                "  option {} - {} (composite {})",
                id_text(o.get("solution_id")).unwrap_or_else(|| "?".to_owned()),
                o.get("title")
                    .and_then(Value::as_str)
                    .unwrap_or("(untitled)"),
                number(o.get("composite_score").and_then(Value::as_f64))
            )
        })
        .collect();
    if !others.is_empty() {
        out.push_str("\nALTERNATIVES\n");
        for line in others {
            out.push_str(&line);
            out.push('\n');
        }
    }
    let actions: Vec<&str> = analysis
        .and_then(|a| a.pointer("/final_decision/recommendations"))
        .and_then(Value::as_array)
        .map(|list| list.iter().filter_map(Value::as_str).collect())
        .unwrap_or_default();
    if !actions.is_empty() {
        out.push_str("\nACTIONS\n");
        for action in actions {
            out.push_str("  - ");
            out.push_str(&wrap(action, 4));
            out.push('\n');
        }
    }
}

fn scores(option: &OptionScores) -> String {
    format!(
        "composite {}  safety {}  cost {}  passenger {}  network {}",
        number(option.composite),
        number(option.safety),
        number(option.cost),
        number(option.passenger),
        number(option.network)
    )
}

/// A score as the server gave it: `93`, `75.2`; `-` when missing.
fn number(value: Option<f64>) -> String {
    match value {
        None => "-".to_owned(),
        Some(v) if v.fract() == 0.0 => format!("{v:.0}"),
        Some(v) => format!("{v:.1}"),
    }
}

fn id_text(value: Option<&Value>) -> Option<String> {
    match value? {
        Value::String(s) => Some(s.clone()),
        Value::Number(n) => Some(n.to_string()),
        _ => None,
    }
}

/// Word-wraps `text` to the terminal width, indenting continuation lines.
fn wrap(text: &str, indent: usize) -> String {
    let mut out = String::new();
    let mut column = indent;
    for word in text.split_whitespace() {
        let width = word.chars().count();
        if column > indent && column + 1 + width > WIDTH {
            out.push('\n');
            out.push_str(&" ".repeat(indent));
            column = indent;
        } else if column > indent {
            out.push(' ');
            column += 1;
        }
        out.push_str(word);
        column += width;
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wrapping_keeps_every_word_within_the_width() {
        let text = "word ".repeat(100);
        let wrapped = wrap(&text, 2);
        assert!(wrapped.lines().all(|l| l.chars().count() <= WIDTH));
        assert_eq!(wrapped.split_whitespace().count(), 100);
    }
}
