//! The fonts compiled into the crate (DejaVu Sans and its bold, see
//! `fonts/LICENSE`) and the one place text meets them: measuring it for
//! line breaking and shaping it for drawing, with the same shaper so a
//! line measured to fit does fit. Shaping (rustybuzz, HarfBuzz's rules)
//! joins Arabic letters and places accents; the bidirectional algorithm
//! puts a right-to-left name inside an English sentence in reading order.

use std::cell::RefCell;
use std::collections::HashMap;
use std::ops::Range;

use krilla::text::{Font, GlyphId, KrillaGlyph};
use rustybuzz::{Direction, Face, UnicodeBuffer};
use unicode_bidi::ParagraphBidiInfo;

use crate::Error;

const REGULAR: (&str, &[u8]) = (
    "DejaVuSans.ttf",
    include_bytes!("../../fonts/DejaVuSans.ttf"),
);
const BOLD: (&str, &[u8]) = (
    "DejaVuSans-Bold.ttf",
    include_bytes!("../../fonts/DejaVuSans-Bold.ttf"),
);

/// Which of the embedded fonts a piece of text asks for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub(crate) enum Style {
    Regular,
    Bold,
}

impl Style {
    fn index(self) -> usize {
        match self {
            Style::Regular => 0,
            Style::Bold => 1,
        }
    }
}

/// A stretch of one line in one font and one direction, shaped and ready
/// to draw; a line is a list of these in visual order, left to right.
#[derive(Debug)]
pub(crate) struct ShapedRun {
    /// The font the glyphs come from (`Font` is a cheap handle).
    pub(crate) font: Font,
    pub(crate) glyphs: Vec<KrillaGlyph>,
    /// The run's text: the glyphs' `text_range`s index into it, and the PDF
    /// maps the glyphs back to it so the text can be copied and searched.
    pub(crate) text: String,
    /// Width in ems (multiply by the font size for points).
    pub(crate) width: f32,
}

/// The embedded fonts, parsed once per document, with a cache of word
/// widths (a handover repeats its words a great deal).
pub(crate) struct Fonts {
    faces: [Face<'static>; 2],
    pdf: [Font; 2],
    widths: RefCell<HashMap<(Style, String), f32>>,
}

impl std::fmt::Debug for Fonts {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Fonts").finish_non_exhaustive()
    }
}

impl Fonts {
    pub(crate) fn load() -> Result<Self, Error> {
        let face = |(font, data): (&'static str, &'static [u8])| {
            Face::from_slice(data, 0).ok_or(Error::FontUnreadable { font })
        };
        let pdf = |(font, data): (&'static str, &'static [u8])| {
            Font::new(data.into(), 0).ok_or(Error::FontUnreadable { font })
        };
        Ok(Fonts {
            faces: [face(REGULAR)?, face(BOLD)?],
            pdf: [pdf(REGULAR)?, pdf(BOLD)?],
            widths: RefCell::new(HashMap::new()),
        })
    }

    /// The width of `text` in ems as it would be drawn on one line.
    pub(crate) fn width(&self, style: Style, text: &str) -> f32 {
        if let Some(width) = self.widths.borrow().get(&(style, text.to_owned())) {
            return *width;
        }
        let width = self
            .shape_line(style, text)
            .iter()
            .map(|run| run.width)
            .sum();
        self.widths
            .borrow_mut()
            .insert((style, text.to_owned()), width);
        width
    }

    /// One line (no `\n`) shaped into runs in visual order: split into
    /// directional runs by the Unicode bidirectional algorithm, then by
    /// font where the asked-for font lacks a character (bold falls back to
    /// regular; a character neither has keeps the asked-for font and
    /// prints as its missing-glyph box).
    pub(crate) fn shape_line(&self, style: Style, line: &str) -> Vec<ShapedRun> {
        let mut runs = Vec::new();
        if line.is_empty() {
            return runs;
        }
        let bidi = ParagraphBidiInfo::new(line, None);
        let (levels, directional) = bidi.visual_runs(0..line.len());
        for range in directional {
            let rtl = levels[range.start].is_rtl();
            let mut pieces = self.font_pieces(style, &line[range.clone()], range.start);
            if rtl {
                pieces.reverse();
            }
            for (font, piece) in pieces {
                runs.push(self.shape(font, &line[piece], rtl));
            }
        }
        runs
    }

    /// Splits `text` (starting at byte `offset` of its line) where the
    /// font that has its characters changes.
    fn font_pieces(&self, style: Style, text: &str, offset: usize) -> Vec<(usize, Range<usize>)> {
        let mut pieces: Vec<(usize, Range<usize>)> = Vec::new();
        for (at, ch) in text.char_indices() {
            let font = self.font_for(style, ch);
            let end = offset + at + ch.len_utf8();
            match pieces.last_mut() {
                // Marks and joiners stay with the character they belong to.
                Some((last, range)) if *last == font || is_combining(ch) => range.end = end,
                _ => pieces.push((font, offset + at..end)),
            }
        }
        pieces
    }

    fn font_for(&self, style: Style, ch: char) -> usize {
        let asked = style.index();
        if ch.is_whitespace() || self.faces[asked].glyph_index(ch).is_some() {
            return asked;
        }
        let regular = Style::Regular.index();
        if self.faces[regular].glyph_index(ch).is_some() {
            regular
        } else {
            asked
        }
    }

    fn shape(&self, font: usize, text: &str, rtl: bool) -> ShapedRun {
        let face = &self.faces[font];
        let units = face.units_per_em() as f32;
        let mut buffer = UnicodeBuffer::new();
        buffer.push_str(text);
        buffer.guess_segment_properties();
        buffer.set_direction(if rtl {
            Direction::RightToLeft
        } else {
            Direction::LeftToRight
        });
        let shaped = rustybuzz::shape(face, &[], buffer);
        let infos = shaped.glyph_infos();
        let positions = shaped.glyph_positions();
        let mut glyphs = Vec::with_capacity(infos.len());
        let mut width = 0.0;
        for (index, (info, position)) in infos.iter().zip(positions).enumerate() {
            let start = info.cluster as usize;
            let end = cluster_end(infos, index, rtl).unwrap_or(text.len());
            let advance = position.x_advance as f32 / units;
            width += advance;
            glyphs.push(KrillaGlyph::new(
                GlyphId::new(info.glyph_id),
                advance,
                position.x_offset as f32 / units,
                position.y_offset as f32 / units,
                position.y_advance as f32 / units,
                start..end.max(start),
                None,
            ));
        }
        ShapedRun {
            font: self.pdf[font].clone(),
            glyphs,
            text: text.to_owned(),
            width,
        }
    }
}

/// Where the cluster of glyph `index` ends in the text: the start of the
/// next cluster in logical order (glyphs run backwards in right-to-left
/// text), or `None` for the text's last cluster.
fn cluster_end(infos: &[rustybuzz::GlyphInfo], index: usize, rtl: bool) -> Option<usize> {
    let cluster = infos[index].cluster;
    let later = |info: &&rustybuzz::GlyphInfo| info.cluster != cluster;
    let next = if rtl {
        infos[..index].iter().rev().find(later)
    } else {
        infos[index + 1..].iter().find(later)
    };
    next.map(|info| info.cluster as usize)
}

fn is_combining(ch: char) -> bool {
    matches!(ch, '\u{0300}'..='\u{036F}' | '\u{064B}'..='\u{065F}' | '\u{200C}' | '\u{200D}' | '\u{FE00}'..='\u{FE0F}')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_script_a_handover_may_carry_has_glyphs_in_the_embedded_fonts() {
        // (the text, the style) — each character must map to a real glyph
        let table = [
            ("Captain محمد الأحمد", Style::Regular),
            ("Captain محمد الأحمد", Style::Bold),
            ("naïve café Zürich Ørsted Łódź", Style::Regular),
            ("“quotes” ‘single’ — – … → ← ✓", Style::Regular),
            ("Αθήνα Москва שלום", Style::Regular),
        ];
        let fonts = Fonts::load().expect("the embedded fonts load");
        for (text, style) in table {
            for run in fonts.shape_line(style, text) {
                let missing = run
                    .glyphs
                    .iter()
                    .filter(|g| g.glyph_id.to_u32() == 0)
                    .count();
                assert_eq!(
                    missing, 0,
                    "{text:?} in {style:?}: {missing} missing glyphs in {:?}",
                    run.text
                );
            }
        }
    }

    #[test]
    fn a_right_to_left_name_is_its_own_run_inside_a_left_to_right_line() {
        let fonts = Fonts::load().expect("the embedded fonts load");
        let runs = fonts.shape_line(Style::Regular, "Captain محمد accepted");
        let texts: Vec<&str> = runs.iter().map(|run| run.text.as_str()).collect();
        assert_eq!(texts, ["Captain ", "محمد", " accepted"]);
    }

    #[test]
    fn widths_grow_with_the_text_and_are_cached() {
        let fonts = Fonts::load().expect("the embedded fonts load");
        let short = fonts.width(Style::Regular, "handover");
        let long = fonts.width(Style::Regular, "handover handover");
        assert!(short > 3.0 && long > 2.0 * short, "{short} {long}");
        assert!(fonts.width(Style::Bold, "handover") > short);
        assert_eq!(fonts.width(Style::Regular, "handover"), short);
    }
}
