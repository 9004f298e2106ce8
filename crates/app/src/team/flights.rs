//! The flight numbers a duty manager's prompt names, so the console can
//! say before sending that another desk has claimed one of them. A flight
//! number is an IATA airline designator (two letters or digits, not two
//! digits: `EY`, `BA`, `6E`, `U2`), one to four digits, and an optional
//! operational suffix letter (`EY283A`).
//!
//! Prompts are prose, so the reading leans against false alarms: a single
//! letter glued to digits is an aircraft type or a registration (`A320`,
//! `B77W`, `N12345`), never a flight, so a designator of a letter and a
//! digit counts only when a space follows it (`U2 1234`); a designator
//! written apart from its number must be in capitals (`EY 283`), since
//! `to 300` or `in 45` are words; `FL350` is a flight level; digits that
//! go on as a time or a decimal (`T5 10:45`) are not a flight number.

use std::fmt;

use serde::Serialize;

/// A flight number, normalised: capitals, no space, no leading zeros
/// (`ey 0283` → `EY283`).
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(transparent)]
pub struct FlightNumber(String);

impl FlightNumber {
    /// `text` as one flight number, as a duty manager types it on the
    /// command line (`EY283`, `ey 283`, `EY0283`, `6E 2134`); `None` when
    /// it is anything else, or more. Capitals are not needed here: the
    /// whole argument is meant as a flight.
    pub fn parse(text: &str) -> Option<Self> {
        let chars: Vec<char> = text.trim().chars().collect();
        match read_at(&chars, 0, Case::Any) {
            Some((flight, end)) if end == chars.len() => Some(flight),
            _ => None,
        }
    }

    /// The normalised text, such as `EY283`.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for FlightNumber {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// The flight numbers `prompt` names, normalised, each once, in the order
/// they first appear.
pub fn flights_in(prompt: &str) -> Vec<FlightNumber> {
    let chars: Vec<char> = prompt.chars().collect();
    let mut found: Vec<FlightNumber> = Vec::new();
    let mut i = 0;
    while i < chars.len() {
        let starts_word = i == 0 || !chars[i - 1].is_alphanumeric();
        match read_at(&chars, i, Case::CapitalsWhenApart).filter(|_| starts_word) {
            Some((flight, end)) => {
                if !found.contains(&flight) {
                    found.push(flight);
                }
                i = end;
            }
            None => i += 1,
        }
    }
    found
}

/// Whether a designator written apart from its number must be in capitals.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Case {
    Any,
    CapitalsWhenApart,
}

/// Designators that are something else in operations text.
const NOT_AIRLINES: &[&str] = &["FL"];

/// A flight number starting at `chars[i]`, and where it ends; the caller
/// checks what comes before.
fn read_at(chars: &[char], i: usize, case: Case) -> Option<(FlightNumber, usize)> {
    let at = |k: usize| chars.get(k).copied();
    let (a, b) = (at(i)?, at(i + 1)?);
    if !a.is_ascii_alphanumeric() || !b.is_ascii_alphanumeric() {
        return None;
    }
    if a.is_ascii_digit() && b.is_ascii_digit() {
        return None;
    }
    // "EY 283" and "EY-283" are written apart; "A6-BLA" (a registration)
    // has no digits after its hyphen, so it is not read as one.
    let apart = matches!(at(i + 2), Some(' ' | '-'));
    let letter_then_digit = a.is_ascii_alphabetic() && b.is_ascii_digit();
    if !apart && letter_then_digit {
        return None;
    }
    if apart
        && case == Case::CapitalsWhenApart
        && (a.is_ascii_lowercase() || b.is_ascii_lowercase())
    {
        return None;
    }
    let designator: String = [a, b].iter().map(char::to_ascii_uppercase).collect();
    if NOT_AIRLINES.contains(&designator.as_str()) {
        return None;
    }
    let start = i + 2 + usize::from(apart);
    let digits = chars[start.min(chars.len())..]
        .iter()
        .take_while(|c| c.is_ascii_digit())
        .count();
    if !(1..=4).contains(&digits) {
        return None;
    }
    let mut end = start + digits;
    let suffix = at(end)
        .filter(char::is_ascii_alphabetic)
        .filter(|_| at(end + 1).is_none_or(|c| !c.is_alphanumeric()));
    if suffix.is_some() {
        end += 1;
    }
    if at(end).is_some_and(char::is_alphanumeric) {
        return None;
    }
    // 10:45, 283.5, 1,200: the digits go on, so they are not a flight number.
    if suffix.is_none()
        && at(end).is_some_and(|c| matches!(c, ':' | '.' | ','))
        && at(end + 1).is_some_and(|c| c.is_ascii_digit())
    {
        return None;
    }
    let number: String = chars[start..start + digits]
        .iter()
        .skip_while(|c| **c == '0')
        .collect();
    if number.is_empty() {
        return None;
    }
    let suffix = suffix.map(|c| c.to_ascii_uppercase());
    let text = format!(
        "{designator}{number}{}",
        suffix.map_or(String::new(), String::from)
    );
    Some((FlightNumber(text), end))
}

#[cfg(test)]
mod tests;
