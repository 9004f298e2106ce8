//! The laid-out pages drawn into a PDF with krilla, which embeds the
//! subset of each font the text uses and maps every glyph back to its
//! text, so `pdftotext`, search and copy read what was printed.

use krilla::Document;
use krilla::color::luma;
use krilla::geom::{PathBuilder, Point, Rect};
use krilla::metadata::Metadata;
use krilla::page::PageSettings;
use krilla::paint::{Fill, Stroke};

use super::fonts::Fonts;
use super::layout::{Mark, PAGE_HEIGHT, PAGE_WIDTH, Page};
use crate::Error;

/// The PDF's bytes. Metadata holds only the title: no creation date and
/// no producer version, so the same pages always give the same bytes.
pub(super) fn paint(fonts: &Fonts, pages: &[Page], title: &str) -> Result<Vec<u8>, Error> {
    let mut document = Document::new();
    document.set_metadata(Metadata::new().title(title.to_owned()));
    let settings = PageSettings::from_wh(PAGE_WIDTH, PAGE_HEIGHT)
        .ok_or_else(|| Error::PdfWrite("A4 page size refused".into()))?;
    for marks in pages {
        let mut page = document.start_page_with(settings.clone());
        let mut surface = page.surface();
        for mark in marks {
            match mark {
                Mark::Text {
                    x,
                    baseline,
                    size,
                    style,
                    grey,
                    text,
                } => {
                    surface.set_fill(Some(Fill {
                        paint: luma::Color::new(*grey).into(),
                        ..Fill::default()
                    }));
                    let mut x = *x;
                    for run in fonts.shape_line(*style, text) {
                        let at = Point::from_xy(x, *baseline);
                        surface.draw_glyphs(
                            at,
                            &run.glyphs,
                            run.font.clone(),
                            &run.text,
                            *size,
                            false,
                        );
                        x += run.width * size;
                    }
                }
                Mark::Rule {
                    from,
                    to,
                    width,
                    grey,
                } => {
                    let mut path = PathBuilder::new();
                    path.move_to(from.0, from.1);
                    path.line_to(to.0, to.1);
                    if let Some(path) = path.finish() {
                        surface.set_fill(None);
                        surface.set_stroke(Some(Stroke {
                            paint: luma::Color::new(*grey).into(),
                            width: *width,
                            ..Stroke::default()
                        }));
                        surface.draw_path(&path);
                        surface.set_stroke(None);
                    }
                }
                Mark::Shade {
                    x,
                    y,
                    width,
                    height,
                    grey,
                } => {
                    let Some(rect) = Rect::from_xywh(*x, *y, *width, *height) else {
                        continue;
                    };
                    let mut path = PathBuilder::new();
                    path.push_rect(rect);
                    if let Some(path) = path.finish() {
                        surface.set_fill(Some(Fill {
                            paint: luma::Color::new(*grey).into(),
                            ..Fill::default()
                        }));
                        surface.draw_path(&path);
                    }
                }
            }
        }
        surface.finish();
        page.finish();
    }
    document
        .finish()
        .map_err(|error| Error::PdfWrite(format!("{error:?}")))
}
