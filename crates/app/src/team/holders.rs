//! Who holds each flight, from the claims and releases every desk made.
//! The team store's order decides: two desks that claim the same flight
//! at once both send their claim, and the one the team store ordered
//! first holds it; the other learns it lost and says who holds it. Pure:
//! the claims come in, the holders come out.
//!
//! The rules, in the team store's order (a desk's own claims not yet
//! uploaded come after all others, in the order they were made):
//! - a claim takes a flight nobody holds, or whose holder's lease ended
//!   before the claim was made;
//! - a claim by the holding desk renews it: the lease runs to the later
//!   end, `since` stays the first claim's;
//! - a claim by another desk while the lease stands is lost;
//! - a release by the holding desk frees the flight; anyone else's
//!   release changes nothing;
//! - at `now_ms`, a lease that has ended frees the flight.

use std::collections::{BTreeMap, HashSet};

use serde::Serialize;
use skymarshal_store::{ClaimAction, ClaimRow};

use crate::team::flights::FlightNumber;

/// Who holds a flight now.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ClaimHolder {
    /// The flight (`EY283`).
    pub flight: String,
    /// The holding desk; `None`: this desk.
    pub desk_id: Option<String>,
    /// The holding desk's name, from its latest claim.
    pub desk: Option<String>,
    /// The duty manager of the holding desk's latest claim.
    pub operator: Option<String>,
    /// When the holding desk first claimed it, epoch ms.
    pub since_ms: i64,
    /// When the lease ends unless renewed, epoch ms.
    pub lease_until_ms: i64,
}

/// A claim that came second while another desk's lease stood.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct LostClaim {
    /// The lost claim's uid.
    pub uid: String,
    /// The desk that lost; `None`: this desk.
    pub desk_id: Option<String>,
    /// When the lost claim was made, epoch ms.
    pub created_ms: i64,
    /// Who held the flight then (its `flight` is the lost claim's).
    pub held_by: ClaimHolder,
}

/// The outcome of every claim event.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Holders {
    /// The flights held at `now_ms`, by flight.
    pub held: Vec<ClaimHolder>,
    /// The claims that lost, in the order they were read.
    pub lost: Vec<LostClaim>,
}

/// Who holds each flight at `now_ms` (epoch ms), from `events` in any
/// order. `me` is this desk's `desk_id`: an event carrying it counts as
/// this desk's, like one carrying none, and comes out as `None`. An event
/// whose uid was already read is read once.
pub fn holders(events: &[ClaimRow], me: &str, now_ms: i64) -> Holders {
    let mut ordered: Vec<&ClaimRow> = events.iter().collect();
    // Server order first; then this desk's not yet uploaded, as made.
    ordered.sort_by_key(|e| (e.server_seq.is_none(), e.server_seq, e.created_ms));
    let mut seen = HashSet::new();
    let mut held: BTreeMap<String, ClaimHolder> = BTreeMap::new();
    let mut lost = Vec::new();
    for event in ordered {
        if !seen.insert(event.uid.as_str()) {
            continue;
        }
        let flight = FlightNumber::parse(&event.flight)
            .map_or_else(|| event.flight.trim().to_uppercase(), |f| f.to_string());
        let desk_id = event.desk_id.clone().filter(|d| d != me);
        let current = held
            .get(&flight)
            .filter(|h| h.lease_until_ms > event.created_ms);
        match (event.action, current) {
            (ClaimAction::Claim, None) => {
                let holder = ClaimHolder {
                    flight: flight.clone(),
                    desk_id,
                    desk: event.desk.clone(),
                    operator: event.operator.clone(),
                    since_ms: event.created_ms,
                    lease_until_ms: event.lease_until_ms,
                };
                held.insert(flight, holder);
            }
            (ClaimAction::Claim, Some(holder)) if holder.desk_id == desk_id => {
                let renewed = ClaimHolder {
                    desk: event.desk.clone().or_else(|| holder.desk.clone()),
                    operator: event.operator.clone().or_else(|| holder.operator.clone()),
                    lease_until_ms: holder.lease_until_ms.max(event.lease_until_ms),
                    ..holder.clone()
                };
                held.insert(flight, renewed);
            }
            (ClaimAction::Claim, Some(holder)) => lost.push(LostClaim {
                uid: event.uid.clone(),
                desk_id,
                created_ms: event.created_ms,
                held_by: holder.clone(),
            }),
            (ClaimAction::Release, Some(holder)) if holder.desk_id == desk_id => {
                held.remove(&flight);
            }
            (ClaimAction::Release, _) => {}
        }
    }
    Holders {
        held: held
            .into_values()
            .filter(|h| h.lease_until_ms > now_ms)
            .collect(),
        lost,
    }
}

/// Those of `flights` held by a desk other than this one (`me` is this
/// desk's `desk_id`), in the order of `flights`: what to show before an
/// analysis naming them is sent.
pub fn held_by_others<'a>(
    held: &'a [ClaimHolder],
    flights: &[FlightNumber],
    me: &str,
) -> Vec<&'a ClaimHolder> {
    flights
        .iter()
        .filter_map(|flight| held.iter().find(|h| h.flight == flight.as_str()))
        .filter(|h| h.desk_id.as_deref().is_some_and(|d| d != me))
        .collect()
}

#[cfg(test)]
mod tests;
