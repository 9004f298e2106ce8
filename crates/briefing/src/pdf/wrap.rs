//! Line breaking: text into lines that fit a width, measured with the
//! fonts that will draw it. Breaks at spaces; a word wider than the whole
//! line (a long run id, a URL) is broken between characters rather than
//! run off the page, so every character is printed.

use super::fonts::{Fonts, Style};

/// The lines of `text` at `size` points, none wider than `width` points.
/// Each `\n` starts a new line and an empty line is kept (as `""`); runs
/// of spaces and tabs between words print as one space. Control
/// characters other than whitespace print as U+FFFD so that they are seen
/// rather than silently dropped.
pub(crate) fn wrap(fonts: &Fonts, style: Style, size: f32, width: f32, text: &str) -> Vec<String> {
    let text: String = text
        .chars()
        .map(|ch| {
            if ch.is_control() && !ch.is_whitespace() {
                '\u{FFFD}'
            } else {
                ch
            }
        })
        .collect();
    let space = fonts.width(style, " ") * size;
    let mut lines = Vec::new();
    for hard_line in text.split('\n') {
        let mut line = String::new();
        let mut line_width = 0.0;
        for word in hard_line.split_whitespace() {
            let word_width = fonts.width(style, word) * size;
            if !line.is_empty() && line_width + space + word_width <= width {
                line.push(' ');
                line.push_str(word);
                line_width += space + word_width;
                continue;
            }
            if !line.is_empty() {
                lines.push(std::mem::take(&mut line));
            }
            if word_width <= width {
                line.push_str(word);
                line_width = word_width;
            } else {
                let mut pieces = break_word(fonts, style, size, width, word);
                let last = pieces.pop().unwrap_or_default();
                lines.extend(pieces);
                line_width = fonts.width(style, &last) * size;
                line = last;
            }
        }
        lines.push(line);
    }
    lines
}

/// A word too wide for a line, in pieces that each fit (at least one
/// character a piece, however narrow the width).
fn break_word(fonts: &Fonts, style: Style, size: f32, width: f32, word: &str) -> Vec<String> {
    let mut pieces = Vec::new();
    let mut piece = String::new();
    let mut piece_width = 0.0;
    let mut buffer = [0u8; 4];
    for ch in word.chars() {
        let ch_width = fonts.width(style, ch.encode_utf8(&mut buffer)) * size;
        if !piece.is_empty() && piece_width + ch_width > width {
            pieces.push(std::mem::take(&mut piece));
            piece_width = 0.0;
        }
        piece.push(ch);
        piece_width += ch_width;
    }
    pieces.push(piece);
    pieces
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lines_fit_and_keep_every_word() {
        let fonts = Fonts::load().expect("the embedded fonts load");
        // (the text, the width in points, the lines expected)
        let table: &[(&str, f32, &[&str])] = &[
            ("one two three", 1000.0, &["one two three"]),
            ("one two three", 40.0, &["one", "two", "three"]),
            ("one\n\ntwo", 1000.0, &["one", "", "two"]),
            ("  spaced \t out  ", 1000.0, &["spaced out"]),
            ("", 1000.0, &[""]),
            ("bell\u{7}", 1000.0, &["bell\u{FFFD}"]),
            ("ABCDEFGHIJ", 30.0, &["ABCD", "EFGH", "IJ"]),
            ("W", 0.1, &["W"]),
        ];
        for (text, width, expected) in table {
            let lines = wrap(&fonts, Style::Regular, 10.0, *width, text);
            assert_eq!(lines, *expected, "{text:?} at {width}");
            for line in &lines {
                let drawn = fonts.width(Style::Regular, line) * 10.0;
                assert!(
                    drawn <= width.max(10.0) + 0.01,
                    "{line:?} is {drawn} wide, over {width}"
                );
            }
        }
    }
}
