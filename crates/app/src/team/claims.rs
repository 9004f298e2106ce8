//! Claims: "I'm handling EY283". A claim is a record like any other, with a
//! lease; who holds a flight is worked out from every desk's claims in the
//! team store's order (`holders`), so every desk agrees. Claiming needs the
//! team store: the desk syncs first (to see the others' claims), records
//! its claim, syncs again, and only then says whether it holds the flight,
//! since another desk may have claimed it a moment before.

use crate::clock::{now_ms, zulu_minutes};
use crate::team::config::TeamSettings;
use crate::team::flights::{FlightNumber, flights_in};
use crate::team::holders::{ClaimHolder, held_by_others, holders};
use crate::team::sync::sync_once;
use crate::team::view::HeldClaim;
use crate::{AppError, Console};

impl Console {
    /// The team store's settings, or why there are none.
    pub(crate) fn team_settings(&self) -> Result<&TeamSettings, AppError> {
        self.team.as_ref().ok_or_else(|| match &self.team_refused {
            Some(at) => AppError::TeamMisconfigured(at.clone()),
            None => AppError::TeamNotConfigured,
        })
    }

    /// Whether this console is a desk of a team store.
    ///
    /// Errors: `team_not_configured`, saying where the `[team]` table's
    /// problem is when it has one.
    pub fn team_configured(&self) -> Result<(), AppError> {
        self.team_settings().map(|_| ())
    }

    /// Who holds which flight now, from this history's copy of every
    /// desk's claims (no network), and this desk's id.
    pub(crate) async fn holders_now(&self) -> Result<(Vec<ClaimHolder>, String), AppError> {
        let (rows, me) = self
            .peek_store(|store| Ok((store.claims(None)?, store.desk_id()?)))
            .await?;
        Ok((holders(&rows, &me, now_ms()).held, me))
    }

    /// The flights `prompt` names that another desk holds, to show before
    /// sending; empty when no team store is configured. Reads this
    /// history's copy of the claims, so it answers with the team store away.
    pub async fn claims_for_prompt(&self, prompt: &str) -> Result<Vec<HeldClaim>, AppError> {
        let flights = flights_in(prompt);
        if self.team.is_none() || flights.is_empty() {
            return Ok(Vec::new());
        }
        let (held, me) = self.holders_now().await?;
        Ok(held_by_others(&held, &flights, &me)
            .into_iter()
            .map(|holder| self.held_claim(holder))
            .collect())
    }

    /// Claims `flight` for this desk (`release`: gives it back), through
    /// the team store at once. Answers the claim as held, or `None` once
    /// released.
    ///
    /// Errors: `team_not_configured`; `validation` for text that is not a
    /// flight number, or a release of a flight this desk does not hold;
    /// `flight_claimed` when another desk holds it (or claimed it a moment
    /// before this desk did); the team store's and the history's.
    pub async fn claim_flight(
        &self,
        flight: &str,
        release: bool,
    ) -> Result<Option<HeldClaim>, AppError> {
        let settings = self.team_settings()?;
        let flight = FlightNumber::parse(flight).ok_or_else(|| {
            AppError::Invalid(format!(
                "{:?} is not a flight number; write the airline's code and the number, as in EY283.",
                flight.trim()
            ))
        })?;
        let history = self.history_or_err()?;
        let team = match settings.connect().await {
            Ok(team) => team,
            Err(AppError::Team(error)) if error.is_unreachable() => {
                let why = match &error {
                    skymarshal_team::Error::Unreachable { address, why } => {
                        format!("{address}: {why}")
                    }
                    other => other.to_string(),
                };
                return Err(AppError::ClaimNeedsTeam {
                    flight: flight.to_string(),
                    why,
                });
            }
            Err(error) => return Err(error),
        };
        sync_once(history, &team, &settings.desk).await?;
        let (held, _) = self.holders_now().await?;
        let current = held.iter().find(|h| h.flight == flight.as_str());
        match (release, current) {
            (false, Some(holder)) if holder.desk_id.is_some() => {
                return Err(self.claimed(holder));
            }
            (true, None) => {
                return Err(AppError::Invalid(format!(
                    "No desk holds {flight}; there is nothing to release."
                )));
            }
            (true, Some(holder)) if holder.desk_id.is_some() => {
                return Err(AppError::Invalid(format!(
                    "{flight} is held by desk {}, not this one; only the desk that holds a \
                     flight releases it.",
                    holder.desk.as_deref().unwrap_or("another desk")
                )));
            }
            _ => {}
        }
        let now = now_ms();
        let lease_until = now + settings.spec.lease_ms();
        let action = if release {
            skymarshal_store::ClaimAction::Release
        } else {
            skymarshal_store::ClaimAction::Claim
        };
        let name = flight.to_string();
        self.on_store(move |store| {
            let operator = store.operator()?;
            store.record_claim(&name, action, lease_until, operator.as_deref(), "", now)
        })
        .await?;
        sync_once(history, &team, &settings.desk).await?;
        let (held, _) = self.holders_now().await?;
        match held.iter().find(|h| h.flight == flight.as_str()) {
            Some(holder) if holder.desk_id.is_some() => Err(self.claimed(holder)),
            Some(holder) => Ok(Some(self.held_claim(holder))),
            None if release => Ok(None),
            None => Err(AppError::Invalid(format!(
                "The claim of {flight} was recorded but is not in force; check this computer's clock."
            ))),
        }
    }

    /// A holder as the window and the CLI name it.
    pub(crate) fn held_claim(&self, holder: &ClaimHolder) -> HeldClaim {
        let mine = holder.desk_id.is_none();
        let desk = match (&holder.desk, mine, &self.team) {
            (_, true, Some(settings)) => settings.desk.clone(),
            (Some(desk), _, _) => desk.clone(),
            (None, _, _) => "another desk".to_owned(),
        };
        HeldClaim {
            flight: holder.flight.clone(),
            desk,
            operator: holder.operator.clone(),
            since_ms: holder.since_ms,
            lease_until_ms: holder.lease_until_ms,
            mine,
        }
    }

    fn claimed(&self, holder: &ClaimHolder) -> AppError {
        let held = self.held_claim(holder);
        AppError::FlightClaimed {
            flight: held.flight,
            by: held
                .operator
                .map(|name| format!(" ({name})"))
                .unwrap_or_default(),
            desk: held.desk,
            since: zulu_minutes(held.since_ms),
            until: zulu_minutes(held.lease_until_ms),
        }
    }
}
