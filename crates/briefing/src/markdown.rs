//! The briefing as Markdown (CommonMark with GitHub tables), for a file the
//! duty manager can open anywhere. Every string from the server or a user
//! is escaped so that it reads back as the same text and never as a
//! heading, a list, a link, HTML or a table cell boundary.

use crate::model::{Block, Briefing};

/// The briefing as Markdown: `# title`, the subtitle and the generated
/// time, `## Summary` with the summary's blocks, then one `##` heading per
/// section. Facts are a list of `**label:** value` items, notes are block
/// quotes, tables are GitHub tables. Ends with one newline.
pub fn to_markdown(briefing: &Briefing) -> String {
    let mut out = String::new();
    out.push_str(&format!("# {}\n\n", inline(&briefing.title)));
    if !briefing.subtitle.trim().is_empty() {
        out.push_str(&format!("{}\n\n", lines(&briefing.subtitle, "")));
    }
    out.push_str(&format!("Generated: {}\n\n", inline(&briefing.generated)));
    out.push_str("## Summary\n\n");
    for block in &briefing.summary {
        push_block(&mut out, block);
    }
    for section in &briefing.sections {
        out.push_str(&format!("## {}\n\n", inline(&section.heading)));
        for block in &section.blocks {
            push_block(&mut out, block);
        }
    }
    while out.ends_with("\n\n") {
        out.pop();
    }
    out
}

fn push_block(out: &mut String, block: &Block) {
    match block {
        Block::Paragraph(text) => {
            let paragraphs: Vec<String> = text
                .split("\n\n")
                .filter(|part| !part.trim().is_empty())
                .map(|part| lines(part, ""))
                .collect();
            if paragraphs.is_empty() {
                return;
            }
            out.push_str(&paragraphs.join("\n\n"));
        }
        Block::Facts(facts) => {
            for (label, value) in facts {
                out.push_str(&format!(
                    "- **{}:** {}\n",
                    inline(label),
                    lines(value, "  ")
                ));
            }
        }
        Block::List(items) => {
            for item in items {
                out.push_str(&format!("- {}\n", lines(item, "  ")));
            }
        }
        Block::Table { header, rows } => {
            let columns = Block::table_columns(header, rows).max(1);
            push_row(out, header, columns);
            out.push_str(&format!("|{}\n", " --- |".repeat(columns)));
            for row in rows {
                push_row(out, row, columns);
            }
        }
        Block::Note { label, text } => {
            out.push_str(&format!("> **{}:** {}", inline(label), lines(text, "> ")));
        }
    }
    if !out.ends_with('\n') {
        out.push('\n');
    }
    out.push('\n');
}

fn push_row(out: &mut String, cells: &[String], columns: usize) {
    out.push('|');
    for index in 0..columns {
        let cell = cells.get(index).map_or("", String::as_str);
        let one_line = cell.split_whitespace().collect::<Vec<_>>().join(" ");
        out.push_str(&format!(" {} |", inline(&one_line)));
    }
    out.push('\n');
}

/// Text that may hold line breaks: each line escaped, joined by a
/// CommonMark hard break (`\` at the end of the line), continuation lines
/// prefixed with `indent` (two spaces inside a list item, `> ` in a
/// quote). Blank lines are dropped: inside a list item or a quote they
/// would end it.
fn lines(text: &str, indent: &str) -> String {
    let parts: Vec<String> = text
        .lines()
        .map(str::trim)
        .filter(|line| !line.is_empty())
        .map(inline)
        .collect();
    parts.join(&format!("\\\n{indent}"))
}

/// One line of text escaped for CommonMark and GitHub tables. Backslash
/// escapes every ASCII punctuation character that can open inline
/// structure (emphasis, code, links, images, HTML, entities,
/// strikethrough, table cells) wherever it stands, and the characters that
/// open a block (`-`, `+`, `=`, an ordered list's `1.` or `1)`) where the
/// line begins. Leading spaces are removed, as a renderer would, so that
/// four of them cannot make a code block.
fn inline(text: &str) -> String {
    let text = text.trim_start();
    let mut out = String::with_capacity(text.len() + 8);
    let mut at_start = true;
    let mut digits_only = true;
    for ch in text.chars() {
        let escape = match ch {
            '\\' | '`' | '*' | '_' | '[' | ']' | '<' | '>' | '&' | '~' | '|' | '!' | '#' => true,
            '-' | '+' | '=' => at_start,
            '.' | ')' => digits_only && !at_start,
            '\n' | '\r' | '\t' => {
                out.push(' ');
                at_start = false;
                digits_only = false;
                continue;
            }
            _ => false,
        };
        if escape {
            out.push('\\');
        }
        out.push(ch);
        digits_only = digits_only && ch.is_ascii_digit();
        at_start = false;
    }
    out
}

#[cfg(test)]
mod tests;
