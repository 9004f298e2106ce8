//! The one clock and the time formats: milliseconds since the epoch as
//! the history keeps them, seconds as the window's messages carry them,
//! and UTC as people read it (reports, lists, diagnostics, file names and
//! health reports). Every time the console writes goes through here, so
//! none is read or worded differently in two places.

use std::time::{SystemTime, UNIX_EPOCH};

use time::OffsetDateTime;
use time::format_description::BorrowedFormatItem;
use time::format_description::well_known::Rfc3339;
use time::macros::format_description;

/// Now, in milliseconds since the epoch.
pub fn now_ms() -> i64 {
    millis(SystemTime::now())
}

/// `time` in milliseconds since the epoch (0 before it).
pub(crate) fn millis(time: SystemTime) -> i64 {
    time.duration_since(UNIX_EPOCH)
        .map(|d| i64::try_from(d.as_millis()).unwrap_or(i64::MAX))
        .unwrap_or_default()
}

/// `time` in seconds since the epoch, with its fraction.
pub(crate) fn unix_seconds(time: SystemTime) -> f64 {
    time.duration_since(UNIX_EPOCH)
        .map(|d| d.as_secs_f64())
        .unwrap_or_default()
}

/// Now, in UTC as RFC 3339.
pub(crate) fn now_rfc3339() -> String {
    OffsetDateTime::now_utc()
        .format(&Rfc3339)
        .unwrap_or_default()
}

/// `2026-11-25 03:12:05Z`.
pub fn zulu(ms: i64) -> String {
    utc(
        ms,
        format_description!("[year]-[month]-[day] [hour]:[minute]:[second]Z"),
    )
}

/// `2026-11-25 03:12Z`, for lists.
pub fn zulu_minutes(ms: i64) -> String {
    utc(
        ms,
        format_description!("[year]-[month]-[day] [hour]:[minute]Z"),
    )
}

/// `20261125031205Z`: a time in a file name, so that a folder sorts by it.
pub(crate) fn file_stamp(ms: i64) -> String {
    zulu(ms).replace([' ', ':'], "").replace('-', "")
}

fn utc(ms: i64, format: &[BorrowedFormatItem<'_>]) -> String {
    OffsetDateTime::from_unix_timestamp_nanos(i128::from(ms) * 1_000_000)
        .ok()
        .and_then(|t| t.format(format).ok())
        .unwrap_or_else(|| format!("{ms} ms"))
}
