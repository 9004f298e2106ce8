//! What the console needs around its work rather than for it: logs,
//! the diagnostics support asks for, and which links may open.

pub(crate) mod diagnostics;
pub(crate) mod links;
pub(crate) mod logging;
