//! Tables on paper: column widths from the cells' own widths, cells
//! wrapped inside their column, rows continued on the next page with the
//! header repeated. A row taller than a page is split between its lines,
//! so no cell is ever cut.

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
    let widths = column_widths(flow, header, rows, columns);
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

/// Each column as wide as its widest line needs when the table fits the
/// page, stretched to the page width; otherwise narrow columns keep their
/// width and the rest share what is left in proportion to their need.
fn column_widths(
    flow: &Flow<'_>,
    header: &[String],
    rows: &[Vec<String>],
    columns: usize,
) -> Vec<f32> {
    let measure = |text: &str, kind: Type| {
        text.split('\n')
            .map(|line| flow.fonts.width(kind.style, line.trim()) * kind.size)
            .fold(0.0, f32::max)
    };
    let mut natural = vec![2.0 * PAD + CELL.size; columns];
    for (c, width) in natural.iter_mut().enumerate() {
        let head = header.get(c).map_or(0.0, |text| measure(text, HEAD));
        let cells = rows
            .iter()
            .filter_map(|row| row.get(c))
            .map(|text| measure(text, CELL))
            .fold(0.0, f32::max);
        *width = width.max(head.max(cells) + 2.0 * PAD + 0.5);
    }
    let sum: f32 = natural.iter().sum();
    if sum <= WIDTH {
        return natural.iter().map(|width| width * WIDTH / sum).collect();
    }
    let mut widths = vec![0.0; columns];
    let mut open: Vec<usize> = (0..columns).collect();
    let mut left = WIDTH;
    while !open.is_empty() {
        let fair = left / open.len() as f32;
        let (narrow, wide): (Vec<usize>, Vec<usize>) =
            open.iter().partition(|&&c| natural[c] <= fair);
        if narrow.is_empty() {
            let need: f32 = wide.iter().map(|&c| natural[c]).sum();
            for &c in &wide {
                widths[c] = left * natural[c] / need;
            }
            break;
        }
        for &c in &narrow {
            widths[c] = natural[c];
            left -= natural[c];
        }
        open = wide;
    }
    widths
}
