//! Reading JSON the way the server actually writes it. The server is
//! Python, whose JSON writer emits `NaN`, `Infinity` and `-Infinity` for
//! non-finite floats, and its text comes from language models that can
//! leave a broken escape or half a surrogate pair behind. serde_json,
//! rightly, refuses all of these, and one odd value would then cost the
//! duty manager a whole analysis.
//!
//! So when strict parsing fails, one tokenizer-aware pass repairs exactly
//! these faults and nothing else: outside strings a non-finite number
//! (`NaN`, `Infinity`, `-Infinity`, or a literal too large for a double)
//! becomes `null`; inside strings a broken escape or a lone surrogate
//! becomes U+FFFD and a raw control character is escaped. Every repair is
//! counted with its JSON path, so the console can say which value it shows
//! as missing. Anything else that is wrong stays wrong, and the strict
//! parser's own error is reported.

use std::fmt;

use serde::Serialize;
use serde_json::Value;

/// What was odd about one value.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum OddKind {
    /// `NaN`, `Infinity`, `-Infinity` or a number too large for a double;
    /// read as `null`, so shown as missing.
    NonFinite,
    /// A backslash followed by something JSON does not allow; the
    /// backslash reads as U+FFFD.
    BrokenEscape,
    /// Half of a UTF-16 surrogate pair; reads as U+FFFD.
    LoneSurrogate,
    /// A raw control character inside a string; kept as that character.
    ControlCharacter,
}

impl OddKind {
    /// Every kind.
    pub const ALL: [Self; 4] = [
        Self::NonFinite,
        Self::BrokenEscape,
        Self::LoneSurrogate,
        Self::ControlCharacter,
    ];

    /// The kind's name as a warning's JSON writes it (`non_finite`); the
    /// same text `serde` produces.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::NonFinite => "non_finite",
            Self::BrokenEscape => "broken_escape",
            Self::LoneSurrogate => "lone_surrogate",
            Self::ControlCharacter => "control_character",
        }
    }
}

/// One value the strict parser refused and the lenient pass repaired.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct OddValue {
    /// Where it is, as a JSON path from the document's root
    /// (`final_decision.solution_options[0].composite_score`); empty for
    /// the root itself.
    pub path: String,
    /// What was odd.
    pub kind: OddKind,
    /// The text as the server wrote it (`NaN`, `\q`, `\ud83d`, `U+0007`).
    pub found: String,
}

impl fmt::Display for OddValue {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let path = if self.path.is_empty() {
            "the whole value"
        } else {
            &self.path
        };
        match self.kind {
            // In words: the window shows this, and a bare `NaN` on screen
            // reads as the console's own bug rather than the server's.
            OddKind::NonFinite => {
                let what = match self.found.as_str() {
                    "NaN" => "not a number",
                    "Infinity" => "infinite",
                    "-Infinity" => "minus infinite",
                    _ => "a number too large to read",
                };
                write!(f, "{path} was {what}, shown as missing")
            }
            OddKind::BrokenEscape => {
                write!(
                    f,
                    "{path} had the broken escape {}, shown as \u{FFFD}",
                    self.found
                )
            }
            OddKind::LoneSurrogate => {
                write!(
                    f,
                    "{path} had the lone surrogate {}, shown as \u{FFFD}",
                    self.found
                )
            }
            OddKind::ControlCharacter => {
                write!(
                    f,
                    "{path} held a raw control character {}, kept",
                    self.found
                )
            }
        }
    }
}

/// Parses `text` strictly, or else after repairing the faults this module
/// knows. The error is always the strict parser's, about the text as sent.
pub fn parse(text: &str) -> Result<(Value, Vec<OddValue>), serde_json::Error> {
    let error = match serde_json::from_str(text) {
        Ok(value) => return Ok((value, Vec::new())),
        Err(error) => error,
    };
    let (repaired, odd) = Repairer::new(text).run();
    if odd.is_empty() {
        return Err(error);
    }
    match serde_json::from_str(&repaired) {
        Ok(value) => Ok((value, odd)),
        Err(_) => Err(error),
    }
}

/// One open container while scanning.
enum Frame {
    Object {
        /// The key of the member being read.
        key: Option<String>,
        /// Whether the next string is a key.
        want_key: bool,
    },
    Array {
        index: usize,
    },
}

struct Repairer<'a> {
    src: &'a str,
    pos: usize,
    out: String,
    odd: Vec<OddValue>,
    stack: Vec<Frame>,
}

/// Spellings of non-finite numbers that JSON writers are known to emit.
const NON_FINITE: [&str; 6] = ["-Infinity", "+Infinity", "Infinity", "-NaN", "+NaN", "NaN"];

impl<'a> Repairer<'a> {
    fn new(src: &'a str) -> Self {
        Self {
            src,
            pos: 0,
            out: String::with_capacity(src.len() + 16),
            odd: Vec::new(),
            stack: Vec::new(),
        }
    }

    fn run(mut self) -> (String, Vec<OddValue>) {
        let bytes = self.src.as_bytes();
        while self.pos < bytes.len() {
            match bytes[self.pos] {
                b'"' => self.string(),
                b'{' => {
                    self.stack.push(Frame::Object {
                        key: None,
                        want_key: true,
                    });
                    self.copy(1);
                }
                b'[' => {
                    self.stack.push(Frame::Array { index: 0 });
                    self.copy(1);
                }
                b'}' | b']' => {
                    self.stack.pop();
                    self.copy(1);
                }
                b',' => {
                    match self.stack.last_mut() {
                        Some(Frame::Object { want_key, .. }) => *want_key = true,
                        Some(Frame::Array { index }) => *index += 1,
                        None => {}
                    }
                    self.copy(1);
                }
                b'-' | b'+' | b'0'..=b'9' | b'N' | b'I' => self.scalar(),
                _ => {
                    let width = self.src[self.pos..]
                        .chars()
                        .next()
                        .map_or(1, char::len_utf8);
                    self.copy(width);
                }
            }
        }
        (self.out, self.odd)
    }

    fn copy(&mut self, width: usize) {
        self.out.push_str(&self.src[self.pos..self.pos + width]);
        self.pos += width;
    }

    fn note(&mut self, kind: OddKind, found: String, path: String) {
        self.odd.push(OddValue { path, kind, found });
    }

    /// The path of the value being read.
    fn path(&self) -> String {
        path_of(&self.stack)
    }

    /// A number or a non-finite spelling, outside any string.
    fn scalar(&mut self) {
        let rest = &self.src[self.pos..];
        if let Some(word) = NON_FINITE.iter().find(|w| rest.starts_with(**w)) {
            let after = rest[word.len()..].chars().next();
            if !after.is_some_and(|c| c.is_alphanumeric() || c == '_') {
                let path = self.path();
                self.note(OddKind::NonFinite, (*word).to_owned(), path);
                self.out.push_str("null");
                self.pos += word.len();
                return;
            }
        }
        let len = rest
            .find(|c: char| !(c.is_ascii_digit() || matches!(c, '-' | '+' | '.' | 'e' | 'E')))
            .unwrap_or(rest.len());
        if len == 0 {
            // An `N` or `I` that starts no known word: leave it for the
            // strict parser to name.
            self.copy(1);
            return;
        }
        let number = &rest[..len];
        if number.parse::<f64>().is_ok_and(f64::is_infinite) {
            let path = self.path();
            self.note(OddKind::NonFinite, number.to_owned(), path);
            self.out.push_str("null");
            self.pos += len;
        } else {
            self.copy(len);
        }
    }

    /// A string, from its opening quote to its closing one (or the end).
    fn string(&mut self) {
        let is_key = matches!(
            self.stack.last(),
            Some(Frame::Object { want_key: true, .. })
        );
        // A key's own faults belong to the object that holds it.
        let path = if is_key {
            path_of(&self.stack[..self.stack.len() - 1])
        } else {
            self.path()
        };
        let start = self.out.len();
        self.copy(1);
        let bytes = self.src.as_bytes();
        while self.pos < bytes.len() {
            match bytes[self.pos] {
                b'"' => {
                    self.copy(1);
                    break;
                }
                b'\\' => self.escape(&path),
                byte if byte < 0x20 => {
                    self.note(
                        OddKind::ControlCharacter,
                        format!("U+{byte:04X}"),
                        path.clone(),
                    );
                    self.out.push_str(&format!("\\u{byte:04x}"));
                    self.pos += 1;
                }
                _ => {
                    let next = self.src[self.pos..]
                        .find(['"', '\\'])
                        .map_or(self.src.len(), |at| self.pos + at);
                    // Control characters are rare; find them within the run.
                    let run = &self.src[self.pos..next];
                    let cut = run.bytes().position(|b| b < 0x20).unwrap_or(run.len());
                    self.copy(cut.max(1));
                }
            }
        }
        if is_key {
            let key = serde_json::from_str::<String>(&self.out[start..]).ok();
            if let Some(Frame::Object {
                key: slot,
                want_key,
            }) = self.stack.last_mut()
            {
                *slot = key;
                *want_key = false;
            }
        }
    }

    /// One escape inside a string, starting at its backslash.
    fn escape(&mut self, path: &str) {
        let rest = &self.src[self.pos..];
        let mut chars = rest.chars();
        chars.next();
        match chars.next() {
            Some('"' | '\\' | '/' | 'b' | 'f' | 'n' | 'r' | 't') => self.copy(2),
            Some('u') => match hex4(&rest[2..]) {
                Some(unit) => self.unicode(unit, path),
                None => {
                    let digits = rest[2..]
                        .chars()
                        .take(4)
                        .take_while(char::is_ascii_hexdigit)
                        .count();
                    let found = rest[..2 + digits].to_owned();
                    self.note(OddKind::BrokenEscape, found, path.to_owned());
                    self.out.push_str("\\ufffd");
                    self.pos += 2 + digits;
                }
            },
            Some(other) => {
                let found = format!("\\{other}");
                self.note(OddKind::BrokenEscape, found, path.to_owned());
                // The backslash becomes U+FFFD; what followed it is kept.
                self.out.push_str("\\ufffd");
                self.pos += 1;
            }
            // A backslash at the very end: the text is cut, which no
            // repair can mend.
            None => self.copy(1),
        }
    }

    /// A `\uXXXX` escape holding `unit`, at `self.pos`.
    fn unicode(&mut self, unit: u16, path: &str) {
        match unit {
            0xD800..=0xDBFF => {
                let next = &self.src[self.pos + 6..];
                let low = next
                    .strip_prefix("\\u")
                    .and_then(hex4)
                    .filter(|u| (0xDC00..=0xDFFF).contains(u));
                if low.is_some() {
                    self.copy(12);
                } else {
                    self.lone(path);
                }
            }
            0xDC00..=0xDFFF => self.lone(path),
            _ => self.copy(6),
        }
    }

    fn lone(&mut self, path: &str) {
        let found = self.src[self.pos..self.pos + 6].to_owned();
        self.note(OddKind::LoneSurrogate, found, path.to_owned());
        self.out.push_str("\\ufffd");
        self.pos += 6;
    }
}

/// A JSON path through the open containers: `a.b[1]["odd key"]`.
fn path_of(frames: &[Frame]) -> String {
    let mut path = String::new();
    for frame in frames {
        match frame {
            Frame::Object { key, .. } => {
                let key = key.as_deref().unwrap_or("?");
                let plain = !key.is_empty()
                    && !key.starts_with(|c: char| c.is_ascii_digit())
                    && key.chars().all(|c| c.is_alphanumeric() || c == '_');
                if plain {
                    if !path.is_empty() {
                        path.push('.');
                    }
                    path.push_str(key);
                } else {
                    path.push_str(&format!("[{key:?}]"));
                }
            }
            Frame::Array { index } => path.push_str(&format!("[{index}]")),
        }
    }
    path
}

/// Four hex digits at the start of `text`, as a UTF-16 code unit.
fn hex4(text: &str) -> Option<u16> {
    let digits = text.get(..4)?;
    if !digits.bytes().all(|b| b.is_ascii_hexdigit()) {
        return None;
    }
    u16::from_str_radix(digits, 16).ok()
}

#[cfg(test)]
mod tests;
