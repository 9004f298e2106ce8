//! Size limits, so that a broken or hostile server cannot make the console
//! hold an unbounded amount of memory.

/// The most the parser holds for one event.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Limits {
    /// The largest data buffer of one event, in bytes of UTF-8.
    pub max_event_bytes: usize,
    /// The longest line the parser buffers while waiting for its end.
    pub max_line_bytes: usize,
}

impl Limits {
    /// Lambda's streamed responses top out far below this; one analysis
    /// document is 100 to 200 KB today. 32 MiB leaves room for a server that
    /// streams a hundred times more and still bounds memory.
    pub const DEFAULT_MAX_EVENT_BYTES: usize = 32 * 1024 * 1024;
}

impl Default for Limits {
    fn default() -> Self {
        Self {
            max_event_bytes: Self::DEFAULT_MAX_EVENT_BYTES,
            // A line carries one `data:` field and so at most one event's
            // data, plus the field name.
            max_line_bytes: Self::DEFAULT_MAX_EVENT_BYTES + 64,
        }
    }
}
