//! The shift handover: the outgoing duty manager hands over a period (by
//! default since the last handover) with every run and its outcome, every
//! decision, the open items and notes; the incoming duty manager
//! acknowledges it by name, which locks it (notes after that are new
//! records, marked so). It prints as a briefing: PDF or Markdown.

pub(crate) mod body;
pub(crate) mod briefing;
pub(crate) mod carry;
pub(crate) mod record;
pub(crate) mod snapshot;
