//! The briefing as an A4 PDF: laid out here (fonts, line breaking,
//! pages), drawn by krilla. Split so that the layout can be tested
//! without a PDF and the PDF library is touched in one file.

mod columns;
mod fonts;
mod layout;
mod paint;
mod table;
mod wrap;

use crate::{Briefing, Error};

/// The briefing as a PDF document's bytes: A4 portrait, page 1 the title,
/// subtitle, generated time and the summary, the sections from the next
/// page on, "Generated … / Page N of M" in every footer. Text is set in
/// the embedded DejaVu Sans (subset into the file), so any Latin, Greek,
/// Cyrillic, Arabic or Hebrew text prints as written, right-to-left
/// names in reading order. Characters the font lacks (Chinese, Japanese,
/// Korean) print as its missing-glyph box.
/// The same briefing always gives the same bytes.
///
/// # Errors
/// [`Error::FontUnreadable`] if the build's embedded font is damaged;
/// [`Error::PdfWrite`] if the PDF library refuses the document.
pub fn to_pdf(briefing: &Briefing) -> Result<Vec<u8>, Error> {
    let fonts = fonts::Fonts::load()?;
    let pages = layout::layout(&fonts, briefing);
    paint::paint(&fonts, &pages, &briefing.title)
}
