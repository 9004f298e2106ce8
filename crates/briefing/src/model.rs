//! The briefing as a document: a summary that fills the first page and
//! sections of detail after it. Blocks are the few shapes a handover needs;
//! each is plain text, never markup, so a renderer decides every piece of
//! structure and a caller cannot smuggle any in.

/// A briefing ready to render, e.g. a shift handover.
///
/// Renderers print `title`, `subtitle` and `generated` at the top of the
/// first page, then `summary`; `sections` follow on later pages of the PDF
/// (in Markdown, after the summary).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Briefing {
    /// The document's name, e.g. "Shift handover".
    pub title: String,
    /// One line under the title, e.g. the period and the outgoing duty
    /// manager.
    pub subtitle: String,
    /// When the briefing was made, as the caller wants it printed (UTC
    /// text, e.g. "2025-03-01 06:00 UTC"). Also printed in every PDF
    /// page's footer. It is never read as a date: the PDF carries no
    /// creation date, so the same briefing always gives the same bytes.
    pub generated: String,
    /// The first page: what the incoming duty manager must know.
    pub summary: Vec<Block>,
    /// The details, in order.
    pub sections: Vec<Section>,
}

/// One headed part of the details.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Section {
    /// The section's heading, e.g. "Decisions".
    pub heading: String,
    /// Its content, in order.
    pub blocks: Vec<Block>,
}

/// One piece of content. All text is printed as it is: a `#`, `|`, `*` or
/// `<` in it stays a character. A line break (`\n`) starts a new line
/// everywhere, except in a Markdown table cell, where it becomes a space
/// (GitHub tables have no line break of their own).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Block {
    /// Running text, wrapped to the page width. A blank line (`\n\n`)
    /// separates paragraphs within it.
    Paragraph(String),
    /// `label: value` lines, e.g. `("Operator", "J. Smith")`; labels in
    /// bold in a column of their own.
    Facts(Vec<(String, String)>),
    /// A bulleted list, one string an item.
    List(Vec<String>),
    /// A table with a header row. A row shorter than the widest row (or
    /// the header) gets empty cells; a header shorter than the widest row
    /// gets empty headings, so no cell is ever dropped. Long tables
    /// continue on the next page with the header repeated.
    Table {
        /// The column headings.
        header: Vec<String>,
        /// The rows, each a list of cells.
        rows: Vec<Vec<String>>,
    },
    /// A remark set apart from the text, e.g. `label: "Added after the
    /// acknowledgement"` with the note's text.
    Note {
        /// A short bold lead, e.g. "Open item".
        label: String,
        /// The note itself.
        text: String,
    },
}

impl Block {
    /// The table's column count: the widest of the header and every row.
    pub(crate) fn table_columns(header: &[String], rows: &[Vec<String>]) -> usize {
        rows.iter().map(Vec::len).fold(header.len(), usize::max)
    }
}
