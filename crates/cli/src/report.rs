//! Words for a terminal: one progress line per milestone of a run, and the
//! closing summary a duty manager reads (decision, the safety constraints
//! standing, recommended option and its scores, the alternatives, each option's impacts and other details
//! in the window's own words, the session to continue).

use std::fmt::Write as _;
use std::time::Duration;

use serde_json::Value;
use skymarshal_app::impacts::{ImpactLine, NOT_PROVIDED, option_details};
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
    // Read as the decision rule reads them, so the duty manager sees them
    // before `decide` asks for their acknowledgement.
    if let Some(line) = analysis.and_then(skymarshal_app::safety_line) {
        out.push_str(&wrap(&line, 2));
        out.push_str("\n\n");
    }
    let options: &[Value] = analysis
        .and_then(|a| a.pointer("/final_decision/solution_options"))
        .and_then(Value::as_array)
        .map_or(&[], Vec::as_slice);
    let recommended_id = summary.recommended.as_ref().map(|o| o.id.as_str());
    match &summary.recommended {
        Some(option) => {
            let _ = writeln!(
                out,
                "RECOMMENDED: option {} - {}",
                option.id,
                option.title.as_deref().unwrap_or("(untitled)")
            );
            let _ = writeln!(out, "  {}", scores(option));
            if let Some(raw) = options
                .iter()
                .find(|o| id_text(o.get("solution_id")).as_deref() == recommended_id)
            {
                write_details(out, raw, 2);
            }
        }
        None => out.push_str("RECOMMENDED: no option is marked as recommended\n"),
    }
    let others: Vec<&Value> = options
        .iter()
        .filter(|o| id_text(o.get("solution_id")).as_deref() != recommended_id)
        .collect();
    if !others.is_empty() {
        out.push_str("\nALTERNATIVES\n");
        for o in others {
            let _ = writeln!(
                out,
                "  option {} - {} (composite {})",
                id_text(o.get("solution_id")).unwrap_or_else(|| "?".to_owned()),
                o.get("title")
                    .and_then(Value::as_str)
                    .unwrap_or("(untitled)"),
                number(o.get("composite_score").and_then(Value::as_f64))
            );
            write_details(out, o, 4);
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

/// An option's impacts and other details, one `Label: value` a line, nested by indent.
fn write_details(out: &mut String, option: &Value, indent: usize) {
    // The two facts the window's card shows beside the scores.
    let pad = " ".repeat(indent);
    if let Some(confidence) = option.get("confidence").and_then(Value::as_f64) {
        let _ = writeln!(out, "{pad}Confidence: {:.0}%", confidence * 100.0);
    }
    if let Some(duration) = option.get("estimated_duration").and_then(Value::as_str) {
        let _ = writeln!(out, "{pad}Duration: {duration}");
    }
    let details = option_details(option);
    write_lines(out, &details.impacts, indent);
    if !details.other.is_empty() {
        let _ = writeln!(out, "{}Other details:", " ".repeat(indent));
        write_lines(out, &details.other, indent + 2);
    }
}

fn write_lines(out: &mut String, lines: &[ImpactLine], indent: usize) {
    for line in lines {
        let value = if line.missing {
            NOT_PROVIDED
        } else {
            line.value.as_deref().unwrap_or("")
        };
        out.push_str(&" ".repeat(indent));
        out.push_str(&wrap(&format!("{}: {value}", line.label), indent + 2));
        out.push('\n');
        write_lines(out, &line.children, indent + 2);
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
    skymarshal_app::score_text(value, "-")
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

    fn fixture(n: usize) -> Value {
        skymarshal_sim::fixture(n)
    }

    #[test]
    fn the_summary_shows_every_option_s_impacts_in_either_vocabulary() {
        // (fixture, text the summary holds)
        let table: [(usize, &[&str]); 3] = [
            (
                1,
                &[
                    "  composite 93  safety 95  cost 85  passenger 95  network 95\n  Confidence: 92%\n  Duration: 2 hours\n  Passenger impact:\n    Passengers: 286\n",
                    "    Total cost: 15,000 USD\n",
                    "  option 3 - ",
                    "      Delay: 720 min\n",
                    "      Rotation: not preserved\n",
                ],
            ),
            (
                2,
                &[
                    "  Passenger impact:\n    Passengers affected: 286\n    Delay: 3 h\n    Flight: not cancelled\n",
                    "    Total cost: 132,190\n    Cost breakdown:\n      Passenger compensation: 114,400\n",
                    "      Passengers affected: 280\n      Delay: 8 h\n      Flight: cancelled\n",
                    "      Total cost: 420,000\n      Cost breakdown:\n        Compensation eu261: 120,000\n        Hotel accommodations: 50,000\n        Passenger reprotection: 250,000\n",
                    "      Missed connections: 475\n",
                ],
            ),
            (4, &["    Cost breakdown: none\n"]),
        ];
        for (n, phrases) in table {
            let doc = fixture(n);
            let mut text = String::new();
            write_summary(
                &mut text,
                &Summary::from_analysis(&doc).unwrap(),
                Some(&doc),
            );
            for phrase in phrases {
                assert!(text.contains(phrase), "solution_{n}: {phrase:?} in\n{text}");
            }
            assert!(!text.contains("null"), "{text}");
            assert!(text.lines().all(|l| l.chars().count() <= WIDTH), "{text}");
        }
    }

    #[test]
    fn wrapping_keeps_every_word_within_the_width() {
        let text = "word ".repeat(100);
        let wrapped = wrap(&text, 2);
        assert!(wrapped.lines().all(|l| l.chars().count() <= WIDTH));
        assert_eq!(wrapped.split_whitespace().count(), 100);
    }
}
