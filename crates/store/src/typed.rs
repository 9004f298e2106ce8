//! What text a person types may hold before it is kept for ever in the
//! history: no control character (an escape sequence clears the terminal
//! that prints it, a PDF shows garbage) and no text-direction control (it
//! makes a record read otherwise than it is stored). One rule for every
//! name (the operator, the incoming duty manager) and one for free text
//! (rationale, modification, notes), so the console and the CLI keep the
//! same words.

use std::fmt;

use crate::settings::OPERATOR_MAX_CHARS;

/// A character refused in typed text, and where it was.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Forbidden {
    /// The character.
    pub ch: char,
    /// Its position in the text as typed, counted in characters from 1.
    pub position: usize,
}

impl fmt::Display for Forbidden {
    /// `a control character (U+001B at character 3)`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let what = if is_direction_control(self.ch) {
            "a text-direction control character"
        } else {
            "a control character"
        };
        write!(
            f,
            "{what} (U+{:04X} at character {})",
            u32::from(self.ch),
            self.position
        )
    }
}

/// The bidi embedding, override and isolate controls (U+202A–U+202E,
/// U+2066–U+2069).
fn is_direction_control(ch: char) -> bool {
    matches!(ch, '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}')
}

/// Whether `ch` may never be kept: C0 controls, DEL, C1 controls and the
/// text-direction controls. Line breaks and tabs are C0 too; the callers
/// say where they are allowed.
fn is_forbidden(ch: char) -> bool {
    ch.is_control() || is_direction_control(ch)
}

/// The first character of `text` that may not be kept, where line feeds,
/// carriage returns and tabs are allowed (free text: they are normalised
/// by the caller).
pub fn forbidden_in(text: &str) -> Option<Forbidden> {
    text.chars()
        .enumerate()
        .find(|(_, ch)| !matches!(ch, '\n' | '\r' | '\t') && is_forbidden(*ch))
        .map(|(i, ch)| Forbidden {
            ch,
            position: i + 1,
        })
}

/// Free text as it is kept: CRLF and lone CR made LF, surrounding space
/// dropped; `Err` names the first character refused (see [`forbidden_in`]).
/// The text may come back empty: whether that is allowed is the caller's.
pub fn free_text(typed: &str) -> Result<String, Forbidden> {
    if let Some(found) = forbidden_in(typed) {
        return Err(found);
    }
    Ok(typed
        .replace("\r\n", "\n")
        .replace('\r', "\n")
        .trim()
        .to_owned())
}

/// Why a name cannot be kept, in words that follow "The … name".
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum NameProblem {
    /// Nothing but space.
    Blank,
    /// Longer than [`OPERATOR_MAX_CHARS`]; the length in characters.
    TooLong(usize),
    /// A line break inside it.
    Lines,
    /// A control or text-direction character.
    Forbidden(Forbidden),
}

impl fmt::Display for NameProblem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Blank => f.write_str("is blank"),
            Self::TooLong(chars) => write!(f, "is {chars} characters long"),
            Self::Lines => f.write_str("holds a line break; a name is one line"),
            Self::Forbidden(found) => write!(f, "holds {found}; remove it"),
        }
    }
}

/// A person's name as it is kept (the operator, the incoming duty
/// manager): one line of 1 to [`OPERATOR_MAX_CHARS`] characters,
/// surrounding space dropped, inner runs of spaces and tabs made one
/// space; no control or text-direction character.
pub fn person_name(typed: &str) -> Result<String, NameProblem> {
    if let Some(found) = forbidden_in(typed) {
        return Err(NameProblem::Forbidden(found));
    }
    let trimmed = typed.trim();
    if trimmed.contains(['\n', '\r']) {
        return Err(NameProblem::Lines);
    }
    let name = trimmed.split_whitespace().collect::<Vec<_>>().join(" ");
    match name.chars().count() {
        0 => Err(NameProblem::Blank),
        n if n > OPERATOR_MAX_CHARS => Err(NameProblem::TooLong(n)),
        _ => Ok(name),
    }
}

/// Whether two names are the same person's as typed: case and space
/// ignored (`dana  OKAFOR` is `Dana Okafor`).
pub fn same_name(a: &str, b: &str) -> bool {
    let key = |s: &str| -> String {
        s.chars()
            .filter(|c| !c.is_whitespace())
            .flat_map(char::to_lowercase)
            .collect()
    };
    key(a) == key(b)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn free_text_keeps_lines_and_tabs_and_refuses_every_other_control() {
        let forbidden = |ch, position| Err(Forbidden { ch, position });
        // (typed, kept or the character refused)
        let table: [(&str, Result<&str, Forbidden>); 12] = [
            ("Swap keeps the slot", Ok("Swap keeps the slot")),
            ("one\r\ntwo\rthree\nfour", Ok("one\ntwo\nthree\nfour")),
            ("\tcol\tumn \n", Ok("col\tumn")),
            ("", Ok("")),
            ("ab\u{1b}[2J", forbidden('\u{1b}', 3)),
            ("\u{0}", forbidden('\u{0}', 1)),
            ("bell\u{7}", forbidden('\u{7}', 5)),
            ("del\u{7f}", forbidden('\u{7f}', 4)),
            ("c1 \u{85}", forbidden('\u{85}', 4)),
            ("c1 \u{9b}31m", forbidden('\u{9b}', 4)),
            ("é\u{202E}txt", forbidden('\u{202E}', 2)),
            ("a\u{2066}b\u{2069}", forbidden('\u{2066}', 2)),
        ];
        for (typed, expected) in table {
            let expected = expected.map(str::to_owned);
            assert_eq!(free_text(typed), expected, "{typed:?}");
        }
        assert_eq!(
            free_text("ab\u{1b}").unwrap_err().to_string(),
            "a control character (U+001B at character 3)"
        );
        assert_eq!(
            free_text("\u{202D}").unwrap_err().to_string(),
            "a text-direction control character (U+202D at character 1)"
        );
    }

    #[test]
    fn a_name_is_one_line_of_at_most_100_characters_without_controls() {
        let long = "x".repeat(101);
        let longest = "é".repeat(100);
        // (typed, the name kept or the words of the refusal)
        let table: [(&str, Result<&str, &str>); 12] = [
            ("Dana Okafor", Ok("Dana Okafor")),
            ("  Jane   Doe \n", Ok("Jane Doe")),
            ("Jane\tDoe", Ok("Jane Doe")),
            ("\r\nSam Lee\r\n", Ok("Sam Lee")),
            (longest.as_str(), Ok(longest.as_str())),
            ("", Err("is blank")),
            (" \t ", Err("is blank")),
            (long.as_str(), Err("is 101 characters long")),
            (
                "Dana\nOkafor",
                Err("holds a line break; a name is one line"),
            ),
            ("Dana\r\nOkafor", Err("holds a line break")),
            (
                "Da\u{1b}na",
                Err("holds a control character (U+001B at character 3); remove it"),
            ),
            (
                "Dana\u{202E}",
                Err("holds a text-direction control character (U+202E at character 5)"),
            ),
        ];
        for (typed, expected) in table {
            match (person_name(typed), expected) {
                (Ok(name), Ok(kept)) => assert_eq!(name, kept, "{typed:?}"),
                (Err(problem), Err(words)) => {
                    assert!(problem.to_string().contains(words), "{typed:?}: {problem}");
                }
                (got, expected) => panic!("{typed:?}: got {got:?}, expected {expected:?}"),
            }
        }
    }

    #[test]
    fn the_same_name_ignores_case_and_space() {
        // (a, b, same)
        let table = [
            ("Dana Okafor", "Dana Okafor", true),
            ("Dana Okafor", "  dana   OKAFOR ", true),
            ("Dana Okafor", "DanaOkafor", true),
            ("Dana Okafor", "Dana Okafo", false),
            ("Sam Lee", "Dana Okafor", false),
        ];
        for (a, b, same) in table {
            assert_eq!(same_name(a, b), same, "{a:?} {b:?}");
        }
    }
}
