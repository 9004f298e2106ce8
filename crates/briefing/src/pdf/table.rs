//! Tables on paper: column widths shared out by [`columns`] from each
//! column's longest word and widest line, cells wrapped inside their
//! column (a word wider than it broken between characters), rows
//! continued on the next page with the header repeated. A row taller than a page is split between its lines,
//! so no cell is ever cut.

use super::columns::{self, Need};
use super::fonts::Style;
use super::layout::{Flow, MARGIN, Mark, Type, WIDTH};
use super::wrap::wrap;
use crate::model::Block;

const CELL: Type = Type {
    size: 9.0,
    leading: 12.0,
    style: Style::Regular,
};
const HEAD: Type = Type {
    size: 9.0,
    leading: 12.0,
    style: Style::Bold,
};
/// Space inside a cell, each side.
const PAD: f32 = 3.0;

/// A row's cells as wrapped lines, and how it is drawn.
struct Row {
    cells: Vec<Vec<String>>,
    kind: Type,
    shaded: bool,
}

impl Row {
    fn lines(&self) -> usize {
        self.cells.iter().map(Vec::len).max().unwrap_or(0).max(1)
    }
}

pub(super) fn table(flow: &mut Flow<'_>, header: &[String], rows: &[Vec<String>]) {
    let columns = Block::table_columns(header, rows).max(1);
    let widths = columns::share(&column_needs(flow, header, rows, columns), WIDTH);
    let wrap_row = |cells: &[String], kind: Type| -> Vec<Vec<String>> {
        (0..columns)
            .map(|c| {
                let text = cells.get(c).map_or("", String::as_str);
                wrap(
                    flow.fonts,
                    kind.style,
                    kind.size,
                    widths[c] - 2.0 * PAD,
                    text,
                )
            })
            .collect()
    };
    let head = Row {
        cells: wrap_row(header, HEAD),
        kind: HEAD,
        shaded: true,
    };
    let body: Vec<Row> = rows
        .iter()
        .map(|row| Row {
            cells: wrap_row(row, CELL),
            kind: CELL,
            shaded: false,
        })
        .collect();
    // A header taller than a third of a page is not repeated: it would
    // leave no room for the rows.
    let repeat = height(&head, head.lines()) <= Flow::page_height() / 3.0;
    let first = body
        .first()
        .map_or(0.0, |row| height(row, row.lines().min(3)));
    flow.need(height(&head, head.lines()) + first);
    place(flow, &head, &widths, None);
    for row in &body {
        place(flow, row, &widths, repeat.then_some(&head));
    }
}

fn height(row: &Row, lines: usize) -> f32 {
    lines as f32 * row.kind.leading + 2.0 * PAD
}

/// Draws `row`, as many lines as fit on each page; on a new page the
/// header (when given) goes first. A row that fits on a page is never
/// split: it moves to the next page whole.
fn place(flow: &mut Flow<'_>, row: &Row, widths: &[f32], header: Option<&Row>) {
    let total = row.lines();
    let mut done = 0;
    while done < total {
        let fits = ((flow.room() - 2.0 * PAD) / row.kind.leading)
            .floor()
            .max(0.0) as usize;
        let whole_page = ((Flow::page_height() - 2.0 * PAD) / row.kind.leading).floor() as usize;
        let must_wait = fits == 0 || (done == 0 && total <= whole_page && fits < total);
        if must_wait && !flow.at_top() {
            flow.break_page();
            if let Some(head) = header {
                place(flow, head, widths, None);
            }
            continue;
        }
        let take = fits.max(1).min(total - done);
        fragment(flow, row, widths, done..done + take);
        done += take;
    }
}

/// Lines `lines` of every cell of `row`, boxed, at the flow's position.
fn fragment(flow: &mut Flow<'_>, row: &Row, widths: &[f32], lines: std::ops::Range<usize>) {
    let top = flow.y();
    let bottom = top + height(row, lines.len());
    let right = MARGIN + widths.iter().sum::<f32>();
    if row.shaded {
        flow.push(Mark::Shade {
            x: MARGIN,
            y: top,
            width: right - MARGIN,
            height: bottom - top,
            grey: 232,
        });
    }
    let mut x = MARGIN;
    for (cell, width) in row.cells.iter().zip(widths) {
        // A cell shorter than the row has fewer lines than the fragment
        // asks for: print the ones it has (a range past its end would
        // give nothing and blank the whole cell).
        let shown = lines.start.min(cell.len())..lines.end.min(cell.len());
        for (offset, line) in cell[shown].iter().enumerate() {
            let line_top = top + PAD + offset as f32 * row.kind.leading;
            flow.text_at(row.kind, x + PAD, line_top, line, 0);
        }
        flow.push(Mark::Rule {
            from: (x, top),
            to: (x, bottom),
            width: 0.4,
            grey: 150,
        });
        x += width;
    }
    flow.push(Mark::Rule {
        from: (right, top),
        to: (right, bottom),
        width: 0.4,
        grey: 150,
    });
    for y in [top, bottom] {
        flow.push(Mark::Rule {
            from: (MARGIN, y),
            to: (right, y),
            width: 0.4,
            grey: 150,
        });
    }
    flow.advance(bottom - top);
}

/// What each column's heading and cells ask for (see [`columns`]): the
/// longest word of the heading, of the cells up to an equal share of the
/// page, and the widest line, each with the cell's padding.
fn column_needs(
    flow: &Flow<'_>,
    header: &[String],
    rows: &[Vec<String>],
    columns: usize,
) -> Vec<Need> {
    let width = |text: &str, kind: Type| flow.fonts.width(kind.style, text) * kind.size;
    let longest_word = |text: &str, kind: Type| {
        text.split_whitespace()
            .map(|word| width(word, kind))
            .fold(0.0, f32::max)
    };
    let widest_line = |text: &str, kind: Type| {
        text.split('\n')
            .map(|line| width(&line.split_whitespace().collect::<Vec<_>>().join(" "), kind))
            .fold(0.0, f32::max)
    };
    let word_cap = WIDTH / columns as f32 - 2.0 * PAD;
    // A hair over the measure, so a line measured to fit is not wrapped
    // by a rounding error.
    let slack = 2.0 * PAD + 0.5;
    (0..columns)
        .map(|c| {
            let heading = header.get(c).map_or("", String::as_str);
            let cells = || rows.iter().filter_map(|row| row.get(c));
            let cell_word = cells()
                .map(|text| longest_word(text, CELL))
                .fold(0.0, f32::max);
            let least = longest_word(heading, HEAD)
                .max(cell_word.min(word_cap))
                .max(CELL.size)
                + slack;
            let natural = cells()
                .map(|text| widest_line(text, CELL))
                .fold(widest_line(heading, HEAD), f32::max)
                + slack;
            Need {
                least,
                natural: natural.max(least),
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::super::fonts::Fonts;
    use super::super::layout::{PAGE_HEIGHT, PAGE_WIDTH, layout};
    use super::*;
    use crate::{Briefing, Section};

    /// Every table line drawn on `page`: its text, left edge, right edge
    /// and baseline, with the cell's borders (the vertical rules around it).
    fn lines_in_cells(fonts: &Fonts, page: &[Mark]) -> Vec<(String, f32, f32, f32, f32, f32)> {
        let rules: Vec<(f32, f32, f32)> = page
            .iter()
            .filter_map(|mark| match mark {
                Mark::Rule { from, to, .. } if from.0 == to.0 => Some((from.0, from.1, to.1)),
                _ => None,
            })
            .collect();
        page.iter()
            .filter_map(|mark| match mark {
                Mark::Text {
                    x,
                    baseline,
                    size,
                    style,
                    text,
                    ..
                } if *size == CELL.size => {
                    let beside =
                        |rule: &&(f32, f32, f32)| rule.1 <= *baseline && *baseline <= rule.2;
                    let left = rules
                        .iter()
                        .filter(beside)
                        .map(|rule| rule.0)
                        .filter(|rx| *rx <= *x)
                        .fold(f32::NEG_INFINITY, f32::max);
                    let right = rules
                        .iter()
                        .filter(beside)
                        .map(|rule| rule.0)
                        .filter(|rx| *rx > *x)
                        .fold(f32::INFINITY, f32::min);
                    let end = x + fonts.width(*style, text) * size;
                    Some((text.clone(), *x, end, *baseline, left, right))
                }
                _ => None,
            })
            .collect()
    }

    #[test]
    fn no_cell_text_is_drawn_outside_its_cell_or_the_page() {
        let fonts = Fonts::load().expect("the embedded fonts load");
        let uid = "3f2c9a1e-7b4d-4e2a-9c1f-0a8b6d5e4c3b";
        let strings = |cells: &[&str]| cells.iter().map(|s| (*s).to_owned()).collect::<Vec<_>>();
        // (what the case is, the header, the rows)
        let table: Vec<(&str, Vec<String>, Vec<Vec<String>>)> = vec![
            (
                "six columns, a long rationale",
                strings(&["Time", "Run", "Decision", "Rationale", "By", "Standing"]),
                vec![
                    strings(&[
                        "2026-12-01 04:19Z",
                        uid,
                        "Modified option 2 · Aircraft Swap",
                        "short",
                        "J. Smith",
                        "superseded",
                    ]),
                    vec![
                        "2026-12-01 04:31Z".into(),
                        "a prompt".into(),
                        "accept".into(),
                        "word ".repeat(2_000),
                        "K. Ng".into(),
                        "in force".into(),
                    ],
                ],
            ),
            (
                "seven columns of uids",
                strings(&[
                    "Time",
                    "Run",
                    "Action",
                    "Option",
                    "Rationale",
                    "By",
                    "Superseded by",
                ]),
                vec![strings(&[
                    "2026-12-01 04:19Z",
                    uid,
                    "modify",
                    "2",
                    "a sentence of rationale",
                    "J. Smith",
                    uid,
                ])],
            ),
            (
                "a word wider than the page",
                strings(&["A", "B"]),
                vec![vec!["x".repeat(600), "y".into()]],
            ),
            (
                "twenty columns",
                (0..20).map(|i| format!("Heading{i}")).collect(),
                vec![(0..20).map(|i| format!("cell{i} {uid}")).collect()],
            ),
        ];
        for (case, header, rows) in table {
            let briefing = Briefing {
                sections: vec![Section {
                    heading: "Decisions".into(),
                    blocks: vec![Block::Table { header, rows }],
                }],
                ..Briefing::default()
            };
            let pages = layout(&fonts, &briefing);
            for (index, page) in pages.iter().enumerate() {
                for (text, start, end, baseline, left, right) in lines_in_cells(&fonts, page) {
                    let at = format!("{case}: page {} {text:?}", index + 1);
                    assert!(
                        left.is_finite() && right.is_finite(),
                        "{at} is outside the table"
                    );
                    assert!(
                        start >= left + PAD - 0.01 && end <= right - PAD + 0.5,
                        "{at} runs from {start} to {end}, outside its cell {left}..{right}"
                    );
                    assert!(
                        start >= 0.0 && end <= PAGE_WIDTH - MARGIN + 0.01,
                        "{at} is off the page"
                    );
                    assert!(
                        baseline > MARGIN && baseline < PAGE_HEIGHT - 64.0,
                        "{at} is in the margin"
                    );
                }
            }
        }
    }
}
