//! The duty manager's decisions: on a complete analysis, accept option N,
//! modify it (saying what changes) or reject all, with a rationale; the
//! safety constraints that stand against another option than the
//! recommended one acknowledged by name; the analysis's freshness and the
//! hash of the very document decided on; who, where and when. Each is an
//! append-only record in the history's chain; a correction supersedes,
//! and the earlier record stays.

pub(crate) mod analysis;
pub(crate) mod body;
pub(crate) mod record;
pub(crate) mod request;
pub(crate) mod safety;
pub(crate) mod who;
