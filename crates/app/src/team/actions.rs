//! What a duty manager or an administrator asks of the team store by name:
//! start the background sync, sync now, verify every desk's chain, show
//! the server's state, apply the schema's migrations. The CLI's `team`
//! commands and the window call these.

use skymarshal_team::{MigrationReport, ServerStatus, TeamBreak, TeamBreakKind, TeamChainReport};

use crate::team::service::{Reach, TeamSync};
use crate::team::sync::sync_once;
use crate::{AppError, Console};

/// What `team sync` did.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct TeamSyncReport {
    /// Records of this desk sent.
    pub uploaded: u64,
    /// Records of other desks received.
    pub pulled: u64,
    /// Records of this desk still waiting (0 after a whole pass).
    pub waiting: u64,
}

impl Console {
    /// Starts the team sync in the background, when a team store is
    /// configured and the console keeps a history; does nothing otherwise,
    /// or when it runs already. Call within a Tokio runtime.
    pub fn start_team_sync(&self) {
        let (Some(settings), Some(history)) = (&self.team, &self.history) else {
            return;
        };
        let mut running = self
            .team_sync
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        if running.is_none() {
            *running = Some(TeamSync::start(
                settings.clone(),
                history.clone(),
                std::sync::Arc::clone(&history.changed),
            ));
        }
    }

    /// What the background sync last found; `None` when it is not running.
    pub(crate) fn team_reach(&self) -> Option<Reach> {
        self.team_sync
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
            .as_ref()
            .map(TeamSync::reach)
    }

    /// Uploads everything waiting and pulls everything new, now.
    ///
    /// Errors: `team_not_configured`; the team store's (unreachable, refused,
    /// schema); the history's.
    pub async fn team_sync_now(&self) -> Result<TeamSyncReport, AppError> {
        let settings = self.team_settings()?;
        let history = self.history_or_err()?;
        let team = settings.connect().await?;
        let pass = sync_once(history, &team, &settings.desk).await?;
        let waiting = self.peek_store(|store| store.outbox_waiting()).await?;
        Ok(TeamSyncReport {
            uploaded: pass.uploaded,
            pulled: pass.pulled,
            waiting,
        })
    }

    /// Every desk's chain in the team store, checked by the server.
    ///
    /// Errors: as [`Console::team_sync_now`].
    pub async fn team_verify(&self) -> Result<TeamChainReport, AppError> {
        let settings = self.team_settings()?;
        let team = settings.connect().await?;
        let mut report = team.verify().await?;
        // The chain shows a record changed or removed between two others,
        // not records cut from its end; this desk knows where its ends.
        let (desk_id, (uploaded, hash)) = self
            .peek_store(|store| Ok((store.desk_id()?, store.team_uploaded_head()?)))
            .await?;
        let (held_seq, held_hash) = team.desk_head(&desk_id).await?.unwrap_or_default();
        let cut =
            uploaded > held_seq || (uploaded == held_seq && uploaded > 0 && held_hash != hash);
        if cut && !report.broken.iter().any(|b| b.desk_id == desk_id) {
            report.broken.push(TeamBreak {
                desk_id,
                desk: settings.desk.clone(),
                desk_seq: uploaded,
                uid: String::new(),
                why: TeamBreakKind::Missing { previous: held_seq },
            });
        }
        Ok(report)
    }

    /// The team store's schema version, record count and clock.
    ///
    /// Errors: as [`Console::team_sync_now`].
    pub async fn team_server_status(&self) -> Result<ServerStatus, AppError> {
        let team = self.team_settings()?.connect().await?;
        Ok(team.status().await?)
    }

    /// Applies the team store's schema migrations as `role` (an owner, not
    /// a desk's role) with `password` (`None`: the keyring's team password).
    ///
    /// Errors: `team_not_configured`; the team store's.
    pub async fn team_migrate(
        &self,
        role: Option<String>,
        password: Option<String>,
    ) -> Result<MigrationReport, AppError> {
        let settings = self.team_settings()?;
        // A password given is the one used; the keyring is asked only without.
        let mut config = match password {
            Some(password) => settings.config_with(Some(password)),
            None => settings.config().await,
        };
        if let Some(role) = role {
            config.role = role;
        }
        Ok(skymarshal_team::migrate(&config).await?)
    }
}
