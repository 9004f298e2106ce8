//! The local history as the console uses it: recording runs as they
//! happen, reviewing them (lists, search, a stored run shown or replayed
//! as it was received), and taking them out as exports and reports.

pub(crate) mod exports;
pub(crate) mod recorder;
pub(crate) mod replay;
pub(crate) mod report;
pub(crate) mod review;
pub(crate) mod stored;
