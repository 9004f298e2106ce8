//! The event-stream parser itself: bytes in, dispatched events out.
//!
//! The standard defines the stream as UTF-8 text split into lines by CR,
//! LF or CRLF. This parser works on bytes instead and decodes one line at a
//! time: a line end is an ASCII byte that never occurs inside a multi-byte
//! UTF-8 sequence, so decoding per line gives exactly the standard's
//! result, replaces invalid bytes with U+FFFD where they stand, and never
//! holds back the lines after them. A CR is acted on as soon as it is seen
//! (a following LF is skipped when it comes), so a stream that ends in a
//! lone CR loses nothing.

use memchr::{memchr, memchr2};

use crate::{Error, Limits};

const BOM: [u8; 3] = [0xEF, 0xBB, 0xBF];

/// Line buffers larger than this are released after use rather than kept
/// for the next line, so one huge event does not pin its memory for the
/// rest of the stream. Today's analysis documents (up to 200 KB) stay
/// under it, so their lines reuse one buffer instead of growing a new one.
const KEEP_LINE_CAPACITY: usize = 1024 * 1024;

/// One dispatched event, as the standard's `MessageEvent` would carry it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Event {
    /// The event type: `message` when the stream names none.
    pub event: String,
    /// The data lines, joined by LF.
    pub data: String,
    /// The last event id in force when the event was dispatched; empty when
    /// there is none.
    pub id: String,
}

/// What the stream held when it ended that never became an event.
///
/// The standard discards it; a caller reports it, because a stream that
/// stops half-way through an event usually means a dropped connection.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Leftover {
    /// Bytes of a last line that had no line end.
    pub unterminated_line_bytes: usize,
    /// Bytes of data lines that no blank line dispatched.
    pub undispatched_data_bytes: usize,
}

impl Leftover {
    /// Whether the stream ended cleanly between events.
    pub fn is_empty(&self) -> bool {
        self.unterminated_line_bytes == 0 && self.undispatched_data_bytes == 0
    }
}

/// Where the parser stands on the optional byte-order mark at the start.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum BomState {
    /// This many bytes of a possible BOM have been seen and held back.
    Undecided(usize),
    Decided,
}

/// An incremental event-stream parser. Feed it the body as the network
/// delivers it, in pieces of any size.
#[derive(Debug)]
pub struct Parser {
    limits: Limits,
    bom: BomState,
    /// The start of a line whose end has not arrived yet.
    line: Vec<u8>,
    /// The last line ended in CR, so an LF that comes next is part of it.
    after_cr: bool,
    data: String,
    event_type: String,
    last_id: String,
    retry: Option<u64>,
    failed: Option<Error>,
}

impl Default for Parser {
    fn default() -> Self {
        Self::new(Limits::default())
    }
}

impl Parser {
    /// A parser for a new stream, holding at most what `limits` allow.
    pub fn new(limits: Limits) -> Self {
        Self {
            limits,
            bom: BomState::Undecided(0),
            line: Vec::new(),
            after_cr: false,
            data: String::new(),
            event_type: String::new(),
            last_id: String::new(),
            retry: None,
            failed: None,
        }
    }

    /// The reconnection time the stream asked for with `retry:`, if any.
    pub fn reconnection_time(&self) -> Option<u64> {
        self.retry
    }

    /// The last event id in force.
    pub fn last_event_id(&self) -> &str {
        &self.last_id
    }

    /// Parses the next piece of the body and appends every event it
    /// completes to `out`. After an error the parser refuses further input.
    pub fn feed(&mut self, mut input: &[u8], out: &mut Vec<Event>) -> Result<(), Error> {
        if let Some(error) = &self.failed {
            return Err(error.clone());
        }
        if let BomState::Undecided(mut seen) = self.bom {
            while seen < BOM.len() {
                let Some(&byte) = input.first() else {
                    self.bom = BomState::Undecided(seen);
                    return Ok(());
                };
                if byte != BOM[seen] {
                    // Not a BOM after all: what was held back is content.
                    self.bom = BomState::Decided;
                    self.feed_lines(&BOM[..seen], out)?;
                    return self.feed_lines(input, out);
                }
                seen += 1;
                input = &input[1..];
            }
            self.bom = BomState::Decided;
        }
        self.feed_lines(input, out)
    }

    /// Ends the stream. Per the standard, an event without its closing
    /// blank line is discarded; what was discarded is returned.
    pub fn finish(self) -> Leftover {
        let held_bom = match self.bom {
            BomState::Undecided(seen) => seen,
            BomState::Decided => 0,
        };
        Leftover {
            unterminated_line_bytes: self.line.len() + held_bom,
            undispatched_data_bytes: self.data.len(),
        }
    }

    fn feed_lines(&mut self, rest: &[u8], out: &mut Vec<Event>) -> Result<(), Error> {
        let result = self.split_lines(rest, out);
        if let Err(error) = &result {
            self.failed = Some(error.clone());
        }
        result
    }

    fn split_lines(&mut self, mut rest: &[u8], out: &mut Vec<Event>) -> Result<(), Error> {
        if self.after_cr {
            match rest.first() {
                None => return Ok(()),
                Some(b'\n') => rest = &rest[1..],
                Some(_) => {}
            }
            self.after_cr = false;
        }
        while let Some(end) = memchr2(b'\r', b'\n', rest) {
            let terminator = rest[end];
            if self.line.is_empty() {
                self.process_line(&rest[..end], out)?;
            } else {
                self.check_line_length(end)?;
                let mut line = std::mem::take(&mut self.line);
                line.extend_from_slice(&rest[..end]);
                let result = self.process_line(&line, out);
                if line.capacity() <= KEEP_LINE_CAPACITY {
                    line.clear();
                    self.line = line;
                }
                result?;
            }
            rest = &rest[end + 1..];
            if terminator == b'\r' {
                match rest.first() {
                    None => self.after_cr = true,
                    Some(b'\n') => rest = &rest[1..],
                    Some(_) => {}
                }
            }
        }
        self.check_line_length(rest.len())?;
        self.line.extend_from_slice(rest);
        Ok(())
    }

    fn check_line_length(&self, more: usize) -> Result<(), Error> {
        if self.line.len() + more > self.limits.max_line_bytes {
            return Err(Error::LineTooLong {
                limit: self.limits.max_line_bytes,
            });
        }
        Ok(())
    }

    fn process_line(&mut self, line: &[u8], out: &mut Vec<Event>) -> Result<(), Error> {
        if line.is_empty() {
            self.dispatch(out);
            return Ok(());
        }
        if line[0] == b':' {
            return Ok(());
        }
        let (name, value) = match memchr(b':', line) {
            Some(colon) => {
                let value = &line[colon + 1..];
                (&line[..colon], value.strip_prefix(b" ").unwrap_or(value))
            }
            None => (line, &[][..]),
        };
        match name {
            b"data" => {
                let value = String::from_utf8_lossy(value);
                if self.data.len() + value.len() + 1 > self.limits.max_event_bytes {
                    return Err(Error::EventTooLarge {
                        limit: self.limits.max_event_bytes,
                    });
                }
                if self.data.is_empty() {
                    // Most events are one data line: size the buffer once.
                    self.data.reserve_exact(value.len() + 1);
                }
                self.data.push_str(&value);
                self.data.push('\n');
            }
            b"event" => self.event_type = String::from_utf8_lossy(value).into_owned(),
            // An id holding NULL is ignored, so that it cannot end a
            // C string in whatever stores it.
            b"id" if memchr(0, value).is_none() => {
                self.last_id = String::from_utf8_lossy(value).into_owned();
            }
            b"retry" if !value.is_empty() && value.iter().all(u8::is_ascii_digit) => {
                // Digits only, so this is ASCII; a value too large for u64
                // is ignored like any other bogus value.
                if let Some(millis) = std::str::from_utf8(value)
                    .ok()
                    .and_then(|digits| digits.parse::<u64>().ok())
                {
                    self.retry = Some(millis);
                }
            }
            _ => {}
        }
        Ok(())
    }

    fn dispatch(&mut self, out: &mut Vec<Event>) {
        if self.data.is_empty() {
            self.event_type.clear();
            return;
        }
        self.data.pop();
        let event = if self.event_type.is_empty() {
            String::from("message")
        } else {
            std::mem::take(&mut self.event_type)
        };
        out.push(Event {
            event,
            data: std::mem::take(&mut self.data),
            id: self.last_id.clone(),
        });
    }
}

/// Parses a whole body at once: the events, what was left over, and the
/// reconnection time in force at the end.
pub fn parse_all(
    body: &[u8],
    limits: Limits,
) -> Result<(Vec<Event>, Leftover, Option<u64>), Error> {
    let mut parser = Parser::new(limits);
    let mut events = Vec::new();
    parser.feed(body, &mut events)?;
    let retry = parser.reconnection_time();
    Ok((events, parser.finish(), retry))
}
