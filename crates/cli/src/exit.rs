//! Exit codes: 0 only for a complete, successful analysis; otherwise one
//! code per kind of failure, so a script can tell them apart.

use skymarshal_core::ErrorKind;

/// Anything not covered below (a bad flag value, an unreadable file).
pub(crate) const FAILURE: u8 = 1;

/// The code for a failed analysis.
pub(crate) fn code(kind: ErrorKind) -> u8 {
    match kind {
        ErrorKind::Validation => 3,
        ErrorKind::WrongEndpoint => 4,
        ErrorKind::Auth => 5,
        ErrorKind::RateLimit => 6,
        ErrorKind::Server => 7,
        ErrorKind::Timeout => 8,
        ErrorKind::Interrupted => 9,
        ErrorKind::Network => 10,
        ErrorKind::Protocol => 11,
        ErrorKind::Blocked => 12,
        // As a shell reports a command stopped by Ctrl-C.
        ErrorKind::Cancelled => 130,
    }
}
