//! Runs: starting one from the window's request, driving it while it is
//! in flight, and the messages the window receives about it.

pub(crate) mod in_flight;
pub(crate) mod messages;
pub(crate) mod start;
