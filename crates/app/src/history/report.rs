//! A session as a report a person reads: Markdown with each run's prompt,
//! outcome, decision, recommendations, options (with every impact and
//! detail each carries, in the window's own words), the recommended
//! recovery plan, the safety constraints standing, the timings, and the
//! duty manager's decisions on them. It is built from the exported
//! document, so the report and the JSON never disagree. Server text is
//! escaped, so the report stays inert in any Markdown viewer that allows
//! raw HTML.

mod decisions;
mod safety;

pub use safety::safety_line;

use std::fmt::Write as _;

use serde_json::Value;
use skymarshal_store::{RunExport, SessionExport};

use crate::clock::zulu;
use crate::history::stored::last_analysis;
use crate::impacts::{ImpactLine, NOT_PROVIDED, option_details};

/// The Markdown report of an exported session: its runs, then its
/// decisions (`## Decisions`, when it has any).
pub fn markdown_report(export: &SessionExport) -> String {
    let mut out = String::new();
    let _ = writeln!(out, "# SkyMarshal analysis: {}\n", inline(&export.title));
    let _ = writeln!(out, "- Environment: {}", inline(&export.environment));
    let _ = writeln!(
        out,
        "- Session: {}",
        export
            .server_session_id
            .as_deref()
            .map_or("not assigned by the server".to_owned(), |s| format!(
                "`{s}`"
            ))
    );
    let _ = writeln!(
        out,
        "- Activity: {} to {}",
        zulu(export.first_activity_ms),
        zulu(export.last_activity_ms)
    );
    for (index, run) in export.runs.iter().enumerate() {
        write_run(&mut out, index + 1, run);
    }
    decisions::write_decisions(&mut out, export);
    out
}

fn write_run(out: &mut String, number: usize, run: &RunExport) {
    let _ = writeln!(
        out,
        "\n## Run {number} · {} · {}\n",
        zulu(run.started_ms),
        run.status.as_str()
    );
    for line in run.prompt.lines() {
        let _ = writeln!(out, "> {}", inline(line));
    }
    out.push('\n');
    let _ = writeln!(out, "- Run: `{}`", inline(&run.uid));
    if let Some(id) = &run.request_id {
        let _ = writeln!(out, "- Request: `{}`", inline(id));
    }
    let mut timing = format!("- Started {}", zulu(run.started_ms));
    if let Some(end) = run.ended_ms {
        let _ = write!(
            timing,
            ", ended {} ({})",
            zulu(end),
            seconds((end - run.started_ms) as f64 / 1000.0)
        );
    }
    if let Some(ms) = run.execution_ms {
        let _ = write!(timing, "; server time {}", seconds(ms as f64 / 1000.0));
    }
    let _ = writeln!(out, "{timing}");
    if let Some(message) = &run.error_message {
        let _ = writeln!(out, "\n**{}:** {}", run.status.as_str(), inline(message));
    }
    match last_analysis(&run.events).map(|(_, document)| document) {
        Some(doc) => write_analysis(out, &doc),
        None => {
            let _ = writeln!(out, "\nNo analysis was received.");
        }
    }
}

fn write_analysis(out: &mut String, doc: &Value) {
    let decision = &doc["final_decision"];
    let text = |v: &Value| v.as_str().map(inline);
    let _ = writeln!(out, "\n### Decision\n");
    let _ = writeln!(
        out,
        "{}",
        text(&decision["final_decision"]).unwrap_or_else(|| "No decision text.".to_owned())
    );
    let options: &[Value] = decision["solution_options"]
        .as_array()
        .map_or(&[], Vec::as_slice);
    let recommended_id = id_text(&decision["recommended_solution_id"]);
    let recommended = options
        .iter()
        .find(|o| id_text(&o["solution_id"]) == recommended_id && recommended_id.is_some());
    let mut facts = Vec::new();
    if let Some(c) = decision["confidence"].as_f64() {
        facts.push(format!("Confidence {:.0} %", c * 100.0));
    }
    if let Some(option) = recommended {
        facts.push(format!(
            "Recommended: option {} · {}",
            id_text(&option["solution_id"]).unwrap_or_default(),
            text(&option["title"]).unwrap_or_else(|| "untitled".to_owned())
        ));
    }
    if let Some(model) = text(&decision["model_used"]) {
        facts.push(format!("Model: {model}"));
    }
    if !facts.is_empty() {
        let _ = writeln!(out, "\n{}.", facts.join(". "));
    }
    if let Some(warning) = text(&decision["warning"]) {
        let _ = writeln!(out, "\n**Warning:** {warning}");
    } else if decision["fallback_used"] == Value::Bool(true) {
        let _ = writeln!(
            out,
            "\n**Warning:** the arbitrator fell back to a conservative plan."
        );
    }
    if let Some(line) = safety_line(doc) {
        let _ = writeln!(out, "\n{}", inline(&line));
    }
    let recommendations: Vec<String> = decision["recommendations"]
        .as_array()
        .map(|items| items.iter().filter_map(text).collect())
        .unwrap_or_default();
    if !recommendations.is_empty() {
        let _ = writeln!(out, "\n### Recommendations\n");
        for item in recommendations {
            let _ = writeln!(out, "- {item}");
        }
    }
    if !options.is_empty() {
        let _ = writeln!(
            out,
            "\n### Options\n\n| Option | Title | Composite | Safety | Cost | Passengers | Network |\n|---|---|---|---|---|---|---|"
        );
        for option in options {
            let id = id_text(&option["solution_id"]).unwrap_or_else(|| "?".to_owned());
            let mark = if Some(&id) == recommended_id.as_ref() {
                " (recommended)"
            } else {
                ""
            };
            let score = |key: &str| score_text(option[key].as_f64(), "–");
            let _ = writeln!(
                out,
                "| {id}{mark} | {} | {} | {} | {} | {} | {} |",
                text(&option["title"]).unwrap_or_default(),
                score("composite_score"),
                score("safety_score"),
                score("cost_score"),
                score("passenger_score"),
                score("network_score")
            );
        }
    }
    for option in options {
        write_option_details(out, option, recommended_id.as_deref());
    }
    if let Some(option) = recommended {
        write_plan(out, option);
    }
    write_timings(out, doc);
}

/// An option's impacts and other details as nested lists, under its own heading.
fn write_option_details(out: &mut String, option: &Value, recommended_id: Option<&str>) {
    let details = option_details(option);
    if details.impacts.is_empty() && details.other.is_empty() {
        return;
    }
    let id = id_text(&option["solution_id"]).unwrap_or_else(|| "?".to_owned());
    let mark = if Some(id.as_str()) == recommended_id {
        " (recommended)"
    } else {
        ""
    };
    let title = option["title"]
        .as_str()
        .map_or_else(|| "untitled".to_owned(), inline);
    let _ = writeln!(out, "\n#### Option {id} · {title}{mark}\n");
    write_lines(out, &details.impacts, 0);
    if !details.other.is_empty() {
        let _ = writeln!(out, "- Other details");
        write_lines(out, &details.other, 1);
    }
}

fn write_lines(out: &mut String, lines: &[ImpactLine], depth: usize) {
    for line in lines {
        let value = if line.missing {
            NOT_PROVIDED
        } else {
            line.value.as_deref().unwrap_or("")
        };
        let indent = "  ".repeat(depth);
        let label = inline(&line.label);
        if value.is_empty() {
            let _ = writeln!(out, "{indent}- {label}");
        } else {
            let _ = writeln!(out, "{indent}- {label}: {}", inline(value));
        }
        write_lines(out, &line.children, depth + 1);
    }
}

fn write_plan(out: &mut String, option: &Value) {
    let Some(steps) = option["recovery_plan"]["steps"].as_array() else {
        return;
    };
    let _ = writeln!(
        out,
        "\n### Recovery plan (option {})\n\n| Step | Action | Owner | Duration | After | Automatable |\n|---|---|---|---|---|---|",
        id_text(&option["solution_id"]).unwrap_or_default()
    );
    for step in steps {
        let cell = |key: &str| match &step[key] {
            Value::String(s) => inline(s),
            Value::Number(n) => n.to_string(),
            _ => "–".to_owned(),
        };
        let after = step["dependencies"]
            .as_array()
            .map(|d| d.iter().filter_map(id_text).collect::<Vec<_>>().join(", "))
            .filter(|d| !d.is_empty())
            .unwrap_or_else(|| "–".to_owned());
        let automated = match step["automation_possible"] {
            Value::Bool(true) => "yes",
            Value::Bool(false) => "no",
            _ => "–",
        };
        let _ = writeln!(
            out,
            "| {} | {} | {} | {} | {after} | {automated} |",
            cell("step_number"),
            cell("step_name"),
            cell("responsible_agent"),
            cell("estimated_duration")
        );
    }
}

fn write_timings(out: &mut String, doc: &Value) {
    let phases = [
        ("phase1_duration_seconds", "initial round"),
        ("phase2_duration_seconds", "revision round"),
        ("phase3_duration_seconds", "arbitration"),
        ("total_duration_seconds", "total"),
    ];
    let parts: Vec<String> = phases
        .iter()
        .filter_map(|(key, name)| doc[*key].as_f64().map(|s| format!("{name} {}", seconds(s))))
        .collect();
    if !parts.is_empty() {
        let _ = writeln!(out, "\n### Timings\n\n{}", parts.join(" · "));
    }
}

fn id_text(value: &Value) -> Option<String> {
    match value {
        Value::String(s) => Some(inline(s)),
        Value::Number(n) => Some(n.to_string()),
        _ => None,
    }
}

/// Server text on one line, inert as Markdown table cells and raw HTML.
fn inline(text: &str) -> String {
    text.split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('|', "\\|")
}

fn seconds(s: f64) -> String {
    if s < 120.0 {
        format!("{s:.1} s")
    } else {
        format!("{} min {:02} s", (s / 60.0) as u64, (s % 60.0) as u64)
    }
}

/// A score as the server gave it, as the window shows it: `93`, `75.2`
/// (whole numbers whole, others to one place); `missing` when absent.
pub fn score_text(value: Option<f64>, missing: &str) -> String {
    match value {
        None => missing.to_owned(),
        Some(v) if v.fract() == 0.0 => format!("{v:.0}"),
        Some(v) => format!("{v:.1}"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fixture(n: usize) -> Value {
        skymarshal_sim::fixture(n)
    }

    #[test]
    fn every_option_s_impacts_are_in_the_report_in_either_vocabulary() {
        // (fixture, lines the report holds)
        let table: [(usize, &[&str]); 3] = [
            (
                1,
                &[
                    "#### Option 1 · Aircraft Swap - Maintain Schedule (recommended)",
                    "- Passenger impact\n  - Passengers: 286\n  - Connecting passengers: 51\n  - Delay: 0 min",
                    "- Financial impact\n  - Total cost: 258,000 USD",
                    "  - Rotation: not preserved",
                    "  - EY17 connection protected: no",
                ],
            ),
            (
                2,
                &[
                    "- Passengers affected: 280\n  - Delay: 8 h\n  - Flight: cancelled",
                    "- Total cost: 420,000\n  - Cost breakdown\n    - Compensation eu261: 120,000\n    - Hotel accommodations: 50,000\n    - Passenger reprotection: 250,000",
                    "- Missed connections: 475",
                    "| 2 | Partial Cancellation with Reprotection | 66.2 |",
                ],
            ),
            (3, &["- Cost breakdown: none"]),
        ];
        for (n, phrases) in table {
            let mut out = String::new();
            write_analysis(&mut out, &fixture(n));
            for phrase in phrases {
                assert!(out.contains(phrase), "solution_{n}: {phrase:?} in\n{out}");
            }
            assert!(!out.contains("null"), "solution_{n}:\n{out}");
        }
    }

    #[test]
    fn server_text_in_an_impact_stays_inert() {
        let doc = serde_json::json!({"final_decision": {"solution_options": [
            {"solution_id": 1, "network_impact": {"note": "<img src=x> | a"}}
        ]}});
        let mut out = String::new();
        write_analysis(&mut out, &doc);
        assert!(out.contains("- Note: &lt;img src=x&gt; \\| a"), "{out}");
    }
}
