//! A printed briefing: the shift handover as a duty manager reads it on
//! paper or in a Markdown file. The app builds a [`Briefing`] from what the
//! history recorded; this crate only renders it, so the PDF and the
//! Markdown say the same thing and neither knows where the words came
//! from. Every string in a briefing is treated as untrusted text: it is
//! printed as it is and never becomes structure.

mod markdown;
mod model;
mod pdf;

pub use markdown::to_markdown;
pub use model::{Block, Briefing, Section};
pub use pdf::to_pdf;

/// Why a briefing could not be rendered. Markdown rendering cannot fail;
/// these come from [`to_pdf`].
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// A font compiled into this crate could not be read: a defect of the
    /// build (a damaged file under `crates/briefing/fonts/`), not of the
    /// briefing.
    #[error(
        "the embedded font {font} could not be read; the console's build is damaged (reinstall it)"
    )]
    FontUnreadable {
        /// The font file's name, e.g. `DejaVuSans-Bold.ttf`.
        font: &'static str,
    },
    /// The PDF library refused to write the document; the text is its own.
    #[error("the briefing's PDF could not be written: {0}")]
    PdfWrite(String),
}
