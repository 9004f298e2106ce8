//! An incremental parser for `text/event-stream` bodies.
//!
//! It exists because the stack's first choice, `eventsource-stream`, fails
//! the console's inputs (see `ARCHITECTURE.md`): this parser follows the
//! HTML standard's "interpreting an event stream" rules to the letter, looks
//! at every byte once however the network cuts the stream, never waits for
//! more input to finish a line it can already finish, and caps the memory a
//! hostile server can make it hold.

mod limits;
mod parser;

pub use limits::Limits;
pub use parser::{Event, Leftover, Parser, parse_all};

/// What can stop the parser. Both variants mean the server sent more than
/// the console is willing to hold; the stream cannot be trusted after them.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum Error {
    /// One event (its data lines together) grew past the limit.
    #[error("one server event is larger than the limit of {limit} bytes")]
    EventTooLarge {
        /// The limit in force, in bytes.
        limit: usize,
    },
    /// One line grew past the limit without a line end.
    #[error("one line of the event stream is longer than the limit of {limit} bytes")]
    LineTooLong {
        /// The limit in force, in bytes.
        limit: usize,
    },
}
