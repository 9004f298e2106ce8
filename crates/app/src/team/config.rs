//! The team store this console syncs with: the `[team]` table of the
//! environments files and the password the keyring holds for it, turned
//! into one connection. The password is fetched from the keyring for each
//! connection and handed straight to the PostgreSQL client; it is never
//! kept here, logged or shown.

use std::time::Duration;

use skymarshal_envs::{TeamSpec, TeamTls};
use skymarshal_secrets::Vault;
use skymarshal_team::{TeamConfig, TeamStore, TlsMode};

use crate::AppError;

/// How long a connection attempt may take, TLS included.
const CONNECT_TIMEOUT: Duration = Duration::from_secs(10);

/// The team store's settings for this desk.
#[derive(Debug, Clone)]
pub(crate) struct TeamSettings {
    pub(crate) spec: TeamSpec,
    /// This desk's name: the file's `desk`, else the host name.
    pub(crate) desk: String,
    pub(crate) vault: Vault,
}

impl TeamSettings {
    pub(crate) fn new(spec: TeamSpec, vault: Vault) -> Self {
        let desk = spec.desk.clone().unwrap_or_else(host_name);
        Self { spec, desk, vault }
    }

    /// Connects with the keyring's password (none when the keyring holds
    /// none: the server may trust the desk by its certificate or address).
    ///
    /// Errors: the team store's (unreachable, refused, no schema, a newer
    /// schema).
    pub(crate) async fn connect(&self) -> Result<TeamStore, AppError> {
        Ok(TeamStore::connect(&self.config().await).await?)
    }

    /// The client's settings, with the keyring's password when it has one.
    pub(crate) async fn config(&self) -> TeamConfig {
        let password = match self.vault.team_password().await {
            Ok(password) => password.map(|secret| secret.expose().to_owned()),
            // The server may not want one (a certificate, a trusted
            // address); if it does, its refusal says to set it, and
            // setting it names what is wrong with the keyring.
            Err(error) => {
                tracing::warn!(%error, "the team store's password could not be read from the keyring");
                None
            }
        };
        self.config_with(password)
    }

    /// The client's settings with `password`.
    pub(crate) fn config_with(&self, password: Option<String>) -> TeamConfig {
        TeamConfig {
            url: self.spec.url.clone(),
            role: self.spec.role.clone(),
            password,
            tls: match self.spec.tls {
                TeamTls::VerifyFull => TlsMode::VerifyFull,
                TeamTls::Disable => TlsMode::Disable,
            },
            ca_file: self.spec.ca_file.clone(),
            connect_timeout: CONNECT_TIMEOUT,
        }
    }
}

fn host_name() -> String {
    gethostname::gethostname().to_string_lossy().into_owned()
}
