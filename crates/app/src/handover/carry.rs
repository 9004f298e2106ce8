//! Open items outlive the handover that listed them: a new handover carries
//! over the previous one's items that are still open, so a failed run or an
//! undecided analysis does not vanish because the next period is empty.
//! Pure: the console finds which failed or interrupted runs were followed
//! by a completed one, this decides what is still open and how it reads.

use std::collections::HashSet;

use crate::clock::zulu_minutes;
use crate::decisions::body::DecisionView;
use crate::handover::body::{HandoverBody, OpenItem, OpenKind};

/// The previous handover's open items still open now, each marked with the
/// handover that first listed it and saying since when it is open.
///
/// Still open: a `no_decision` item whose run has no decision in force; a
/// `failed` or `interrupted` item whose run is not in `completed_later`
/// (runs followed by a completed run in the same session). A
/// `superseded_decision` item is information, not work: never carried.
pub(crate) fn carried_over(
    previous: &HandoverBody,
    decisions: &[DecisionView],
    completed_later: &HashSet<String>,
) -> Vec<OpenItem> {
    previous
        .snapshot
        .open_items
        .iter()
        .filter(|item| match item.kind {
            OpenKind::NoDecision => !decisions
                .iter()
                .any(|d| d.body.run_uid == item.run_uid && d.superseded_by.is_none()),
            OpenKind::Failed | OpenKind::Interrupted => !completed_later.contains(&item.run_uid),
            OpenKind::SupersededDecision => false,
        })
        .map(|item| match &item.carried_from {
            // Carried before: it already says since when.
            Some(_) => item.clone(),
            None => OpenItem {
                text: format!(
                    "{} (open since the handover of {}).",
                    item.text.trim_end().trim_end_matches('.'),
                    zulu_minutes(previous.created_ms)
                ),
                carried_from: Some(previous.uid.clone()),
                ..item.clone()
            },
        })
        .collect()
}

/// The carried items first (they are older), then the period's own; a
/// carried item the period lists again (a `since` before the previous
/// handover) is kept once, as the period's.
pub(crate) fn with_carried(carried: Vec<OpenItem>, own: Vec<OpenItem>) -> Vec<OpenItem> {
    let mut items: Vec<OpenItem> = carried
        .into_iter()
        .filter(|c| {
            !own.iter()
                .any(|o| o.kind == c.kind && o.run_uid == c.run_uid)
        })
        .collect();
    items.extend(own);
    items
}

#[cfg(test)]
mod tests;
