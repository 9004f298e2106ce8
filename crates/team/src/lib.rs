//! The team store client: every desk's records in one append-only
//! PostgreSQL table (`team_record`), uploaded idempotently, pulled with a
//! cursor the server assigns, announced with `NOTIFY`, verified in SQL.
//!
//! Nothing here knows SQLite: the app seals the desk's outbox into
//! [`OutgoingRecord`]s and applies pulled [`TeamRecord`]s to its history.
//! One [`TeamStore`] is one connection; when [`TeamStore::is_closed`] says
//! it ended, the caller connects again (the records wait in its outbox).

mod config;
mod connect;
mod error;
mod pull;
mod schema;
mod upload;
mod verify;

use std::fmt;

use tokio::sync::{Mutex, mpsc};
use tokio::task::JoinHandle;
use tokio_postgres::Client;

pub use config::{TeamConfig, TlsMode};
pub use connect::Notice;
pub use error::Error;
pub use pull::TeamRecord;
pub use schema::{MigrationReport, known_version, migrate};
pub use upload::{DeskLabel, OutgoingRecord, UPLOAD_LOCK, UploadReport};
pub use verify::{TeamBreak, TeamBreakKind, TeamChainReport};

use error::Ctx;

/// The `NOTIFY` channel every desk listens on.
pub const CHANNEL: &str = connect::CHANNEL;

/// A connection to the team store whose schema this build knows, listening
/// on [`CHANNEL`].
pub struct TeamStore {
    client: Mutex<Client>,
    notices: Mutex<mpsc::Receiver<Notice>>,
    task: JoinHandle<()>,
    ctx: Ctx,
    version: i64,
}

impl fmt::Debug for TeamStore {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("TeamStore")
            .field("address", &self.ctx.address)
            .field("role", &self.ctx.role)
            .field("version", &self.version)
            .field("closed", &self.is_closed())
            .finish_non_exhaustive()
    }
}

/// The team store's state as `skymarshal team status` shows it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ServerStatus {
    /// The schema version (refinery's).
    pub version: i64,
    /// Records in `team_record`.
    pub records: i64,
    /// The server's clock, milliseconds since the Unix epoch.
    pub server_time_ms: i64,
}

const NOW_MS: &str = "SELECT (extract(epoch FROM clock_timestamp()) * 1000)::bigint";

impl TeamStore {
    /// Connects (the whole of it within `config.connect_timeout`), checks
    /// the schema version and starts listening.
    ///
    /// Errors: [`Error::Config`] before any connection; [`Error::Unreachable`],
    /// [`Error::Tls`], [`Error::Auth`]; [`Error::NoSchema`],
    /// [`Error::SchemaTooNew`], [`Error::SchemaTooOld`]; [`Error::Permission`]
    /// when the role may not read the schema version.
    pub async fn connect(config: &TeamConfig) -> Result<TeamStore, Error> {
        let opened = connect::open(config).await?;
        let ctx = opened.ctx;
        let setup = async {
            let version = schema::check(&opened.client, &ctx).await?;
            opened
                .client
                .batch_execute(&format!("LISTEN {CHANNEL}"))
                .await
                .map_err(|e| ctx.sort(&e, "LISTEN"))?;
            Ok::<i64, Error>(version)
        };
        let version = tokio::time::timeout(config.connect_timeout, setup)
            .await
            .map_err(|_| ctx.unreachable("no answer to the first queries in time".to_owned()))??;
        Ok(TeamStore {
            client: Mutex::new(opened.client),
            notices: Mutex::new(opened.notices),
            task: opened.task,
            ctx,
            version,
        })
    }

    /// The schema version found on connecting.
    pub fn version(&self) -> i64 {
        self.version
    }

    /// `host:port` (or the socket directory) of the team store.
    pub fn address(&self) -> &str {
        &self.ctx.address
    }

    /// True once the connection ended (server stopped, network lost, an
    /// error); every call then fails with [`Error::Unreachable`], and the
    /// caller connects again.
    pub fn is_closed(&self) -> bool {
        self.task.is_finished()
    }

    /// Waits for the next `NOTIFY` on [`CHANNEL`] (this desk's own uploads
    /// included: compare `desk_id`); `None` once the connection ended.
    /// Cancel-safe: drop the future to stop waiting.
    pub async fn woken(&self) -> Option<Notice> {
        self.notices.lock().await.recv().await
    }

    /// The server's clock, milliseconds since the Unix epoch.
    pub async fn now_ms(&self) -> Result<i64, Error> {
        let client = self.client.lock().await;
        let row = client
            .query_one(NOW_MS, &[])
            .await
            .map_err(|e| self.ctx.sort(&e, "reading the clock"))?;
        Ok(row.get(0))
    }

    /// Schema version, record count and the server's clock.
    pub async fn status(&self) -> Result<ServerStatus, Error> {
        let version = {
            let client = self.client.lock().await;
            schema::schema_version(&client, &self.ctx)
                .await?
                .unwrap_or(0)
        };
        let client = self.client.lock().await;
        let row = client
            .query_one(
                &format!("SELECT (SELECT count(*) FROM team_record), ({NOW_MS})"),
                &[],
            )
            .await
            .map_err(|e| self.ctx.sort(&e, "SELECT from team_record"))?;
        Ok(ServerStatus {
            version,
            records: row.get(0),
            server_time_ms: row.get(1),
        })
    }
}
