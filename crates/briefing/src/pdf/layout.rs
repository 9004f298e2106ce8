//! Where everything goes: the briefing's blocks flowed onto A4 pages as
//! positioned text and rules, before anything is drawn. The summary opens
//! page 1 under the title; the sections start on a page of their own.
//! Every block is placed a line at a time, so a long paragraph, list or
//! table simply continues on the next page; footers are added last, once
//! the page count is known.

use super::fonts::{Fonts, Style};
use super::table;
use super::wrap::wrap;
use crate::model::{Block, Briefing};

/// A4 portrait, in points.
pub(crate) const PAGE_WIDTH: f32 = 595.28;
pub(crate) const PAGE_HEIGHT: f32 = 841.89;
/// 20 mm.
pub(super) const MARGIN: f32 = 56.7;
pub(super) const WIDTH: f32 = PAGE_WIDTH - 2.0 * MARGIN;
const TOP: f32 = MARGIN;
/// Text stops here; the footer lives below.
const BOTTOM: f32 = PAGE_HEIGHT - 64.0;
const FOOTER_BASELINE: f32 = PAGE_HEIGHT - 36.0;
const BLOCK_GAP: f32 = 8.0;
const INDENT: f32 = 14.0;

/// One thing to draw. Coordinates in points from the page's top left;
/// `grey` is 0 (black) to 255 (white).
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Mark {
    /// One line of text, already known to fit.
    Text {
        x: f32,
        baseline: f32,
        size: f32,
        style: Style,
        grey: u8,
        text: String,
    },
    Rule {
        from: (f32, f32),
        to: (f32, f32),
        width: f32,
        grey: u8,
    },
    Shade {
        x: f32,
        y: f32,
        width: f32,
        height: f32,
        grey: u8,
    },
}

pub(crate) type Page = Vec<Mark>;

/// A kind of text: its size and line height in points and its font.
#[derive(Debug, Clone, Copy)]
pub(super) struct Type {
    pub(super) size: f32,
    pub(super) leading: f32,
    pub(super) style: Style,
}

const TITLE: Type = Type {
    size: 20.0,
    leading: 26.0,
    style: Style::Bold,
};
const SUBTITLE: Type = Type {
    size: 12.0,
    leading: 17.0,
    style: Style::Regular,
};
const HEADING: Type = Type {
    size: 14.0,
    leading: 20.0,
    style: Style::Bold,
};
const BODY: Type = Type {
    size: 10.0,
    leading: 14.0,
    style: Style::Regular,
};
const LABEL: Type = Type {
    size: 10.0,
    leading: 14.0,
    style: Style::Bold,
};
const SMALL: Type = Type {
    size: 8.5,
    leading: 11.0,
    style: Style::Regular,
};

/// The briefing's pages, footers included.
pub(crate) fn layout(fonts: &Fonts, briefing: &Briefing) -> Vec<Page> {
    let mut flow = Flow::new(fonts);
    flow.lines(TITLE, MARGIN, WIDTH, &briefing.title, 0);
    flow.gap(2.0);
    flow.lines(SUBTITLE, MARGIN, WIDTH, &briefing.subtitle, 60);
    flow.lines(
        SMALL,
        MARGIN,
        WIDTH,
        &format!("Generated {}", briefing.generated),
        90,
    );
    flow.gap(4.0);
    flow.rule(MARGIN, MARGIN + WIDTH, 0.8);
    flow.gap(10.0);
    for block in &briefing.summary {
        flow.block(block);
    }
    for (index, section) in briefing.sections.iter().enumerate() {
        if index == 0 {
            flow.break_page();
        } else {
            flow.gap(10.0);
        }
        // A heading is never the last line of a page.
        flow.need(
            HEADING.leading
                * wrap(fonts, HEADING.style, HEADING.size, WIDTH, &section.heading).len() as f32
                + 3.0 * BODY.leading,
        );
        flow.lines(HEADING, MARGIN, WIDTH, &section.heading, 0);
        flow.gap(4.0);
        for block in &section.blocks {
            flow.block(block);
        }
    }
    footers(fonts, flow.pages, &briefing.generated)
}

/// The pages so far and where the next line goes.
pub(super) struct Flow<'f> {
    pub(super) fonts: &'f Fonts,
    pages: Vec<Page>,
    y: f32,
}

impl<'f> Flow<'f> {
    fn new(fonts: &'f Fonts) -> Self {
        Flow {
            fonts,
            pages: vec![Vec::new()],
            y: TOP,
        }
    }

    /// How far down the page the next line goes.
    pub(super) fn y(&self) -> f32 {
        self.y
    }

    /// The height left on this page.
    pub(super) fn room(&self) -> f32 {
        BOTTOM - self.y
    }

    /// The height of a whole page's text area.
    pub(super) fn page_height() -> f32 {
        BOTTOM - TOP
    }

    pub(super) fn at_top(&self) -> bool {
        self.y <= TOP
    }

    pub(super) fn break_page(&mut self) {
        self.pages.push(Vec::new());
        self.y = TOP;
    }

    /// Starts a new page unless `height` fits on this one (or this page is
    /// still empty: then nothing would fit better on the next).
    pub(super) fn need(&mut self, height: f32) {
        if height > self.room() && !self.at_top() {
            self.break_page();
        }
    }

    pub(super) fn gap(&mut self, height: f32) {
        if !self.at_top() {
            self.y += height;
        }
    }

    pub(super) fn advance(&mut self, height: f32) {
        self.y += height;
    }

    pub(super) fn push(&mut self, mark: Mark) {
        if let Some(page) = self.pages.last_mut() {
            page.push(mark);
        }
    }

    /// One line of text at `x`, `top` points down the page.
    pub(super) fn text_at(&mut self, kind: Type, x: f32, top: f32, text: &str, grey: u8) {
        if text.is_empty() {
            return;
        }
        let baseline = top + (kind.leading - kind.size) / 2.0 + kind.size * 0.8;
        self.push(Mark::Text {
            x,
            baseline,
            size: kind.size,
            style: kind.style,
            grey,
            text: text.to_owned(),
        });
    }

    /// `text` wrapped to `width`, a line at a time down the page.
    fn lines(&mut self, kind: Type, x: f32, width: f32, text: &str, grey: u8) {
        if text.trim().is_empty() {
            return;
        }
        for line in wrap(self.fonts, kind.style, kind.size, width, text) {
            self.need(kind.leading);
            self.text_at(kind, x, self.y, &line, grey);
            self.y += kind.leading;
        }
    }

    fn rule(&mut self, from_x: f32, to_x: f32, width: f32) {
        self.push(Mark::Rule {
            from: (from_x, self.y),
            to: (to_x, self.y),
            width,
            grey: 120,
        });
    }

    fn block(&mut self, block: &Block) {
        match block {
            Block::Paragraph(text) => self.lines(BODY, MARGIN, WIDTH, text, 0),
            Block::List(items) => self.list(items),
            Block::Facts(facts) => self.facts(facts),
            Block::Table { header, rows } => table::table(self, header, rows),
            Block::Note { label, text } => self.note(label, text),
        }
        self.gap(BLOCK_GAP);
    }

    fn list(&mut self, items: &[String]) {
        for item in items {
            let lines = wrap(self.fonts, BODY.style, BODY.size, WIDTH - INDENT, item);
            for (index, line) in lines.iter().enumerate() {
                self.need(BODY.leading);
                if index == 0 {
                    self.text_at(BODY, MARGIN + 3.0, self.y, "•", 0);
                }
                self.text_at(BODY, MARGIN + INDENT, self.y, line, 0);
                self.y += BODY.leading;
            }
            self.y += 2.0;
        }
    }

    /// Labels in bold in a column as wide as the widest label needs (at
    /// most a third of the page), values wrapped beside them.
    fn facts(&mut self, facts: &[(String, String)]) {
        let labels: Vec<String> = facts.iter().map(|(label, _)| format!("{label}:")).collect();
        let widest = labels
            .iter()
            .map(|label| self.fonts.width(LABEL.style, label) * LABEL.size)
            .fold(0.0, f32::max);
        let column = (widest + 12.0).min(WIDTH / 3.0);
        for (label, (_, value)) in labels.iter().zip(facts) {
            let label_lines = wrap(self.fonts, LABEL.style, LABEL.size, column - 12.0, label);
            let value_lines = wrap(self.fonts, BODY.style, BODY.size, WIDTH - column, value);
            for index in 0..label_lines.len().max(value_lines.len()) {
                self.need(BODY.leading);
                if let Some(line) = label_lines.get(index) {
                    self.text_at(LABEL, MARGIN, self.y, line, 0);
                }
                if let Some(line) = value_lines.get(index) {
                    self.text_at(BODY, MARGIN + column, self.y, line, 0);
                }
                self.y += BODY.leading;
            }
            self.y += 2.0;
        }
    }

    /// A bar down the left, the label in bold on its own line, the text
    /// under it; the bar is drawn a line at a time so it follows the note
    /// onto the next page.
    fn note(&mut self, label: &str, text: &str) {
        let mut lines: Vec<(Type, String)> =
            wrap(self.fonts, LABEL.style, LABEL.size, WIDTH - INDENT, label)
                .into_iter()
                .map(|l| (LABEL, l))
                .collect();
        lines.extend(
            wrap(self.fonts, BODY.style, BODY.size, WIDTH - INDENT, text)
                .into_iter()
                .map(|l| (BODY, l)),
        );
        for (kind, line) in lines {
            self.need(kind.leading);
            let x = MARGIN + 3.0;
            self.push(Mark::Rule {
                from: (x, self.y),
                to: (x, self.y + kind.leading),
                width: 2.5,
                grey: 150,
            });
            self.text_at(kind, MARGIN + INDENT, self.y, &line, 0);
            self.y += kind.leading;
        }
    }
}

/// "Generated …" on the left and "Page N of M" on the right of every
/// page. The generated text is shortened with "…" only if it cannot fit
/// beside the page number (page 1 prints it whole).
fn footers(fonts: &Fonts, mut pages: Vec<Page>, generated: &str) -> Vec<Page> {
    let total = pages.len();
    let widest_number = fonts.width(SMALL.style, &format!("Page {total} of {total}")) * SMALL.size;
    let left = shorten(
        fonts,
        &format!("Generated {generated}"),
        WIDTH - widest_number - 24.0,
    );
    for (index, page) in pages.iter_mut().enumerate() {
        let number = format!("Page {} of {total}", index + 1);
        let number_x = MARGIN + WIDTH - fonts.width(SMALL.style, &number) * SMALL.size;
        let baseline = FOOTER_BASELINE;
        page.push(Mark::Rule {
            from: (MARGIN, baseline - 12.0),
            to: (MARGIN + WIDTH, baseline - 12.0),
            width: 0.5,
            grey: 160,
        });
        for (x, text) in [(MARGIN, left.clone()), (number_x, number)] {
            page.push(Mark::Text {
                x,
                baseline,
                size: SMALL.size,
                style: SMALL.style,
                grey: 90,
                text,
            });
        }
    }
    pages
}

/// `text` on one line, cut to `room` points with "…" if it is wider.
fn shorten(fonts: &Fonts, text: &str, room: f32) -> String {
    let text = text.split_whitespace().collect::<Vec<_>>().join(" ");
    if fonts.width(SMALL.style, &text) * SMALL.size <= room {
        return text;
    }
    let room = room - fonts.width(SMALL.style, "…") * SMALL.size;
    let mut short = String::new();
    let mut used = 0.0;
    let mut buffer = [0u8; 4];
    for ch in text.chars() {
        used += fonts.width(SMALL.style, ch.encode_utf8(&mut buffer)) * SMALL.size;
        if used > room {
            break;
        }
        short.push(ch);
    }
    format!("{short}…")
}
