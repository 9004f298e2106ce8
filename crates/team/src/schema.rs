//! The team store's schema: refinery migrations embedded from
//! `crates/team/migrations/`, applied only by `migrate` (an owner's
//! command), and the version check every desk makes on connecting.

use tokio_postgres::Client;
use tokio_postgres::error::SqlState;

use crate::config::TeamConfig;
use crate::connect;
use crate::error::{Ctx, Error};

mod embedded {
    refinery::embed_migrations!("migrations");
}

/// What `migrate` did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MigrationReport {
    /// The migrations applied now, as (version, name), in order; empty
    /// when the schema was already current.
    pub applied: Vec<(i64, String)>,
    /// The schema version after migrating.
    pub version: i64,
}

/// The newest schema version this build embeds.
pub fn known_version() -> i64 {
    embedded::migrations::runner()
        .get_migrations()
        .iter()
        .map(|m| i64::from(m.version()))
        .max()
        .unwrap_or(0)
}

/// Applies the migrations this build embeds that the database lacks, each
/// in its own transaction. Needs a role that may create tables (the owner,
/// not a desk's role). Errors: as [`crate::TeamStore::connect`], or
/// [`Error::Migration`].
pub async fn migrate(config: &TeamConfig) -> Result<MigrationReport, Error> {
    let mut opened = connect::open(config).await?;
    // A schema newer than this build's is another console's to migrate:
    // refused in words before refinery sees migrations it does not have.
    let known = known_version();
    if let Some(found) = schema_version(&opened.client, &opened.ctx).await?
        && found > known
    {
        return Err(Error::SchemaTooNew { found, known });
    }
    let report = embedded::migrations::runner()
        .run_async(&mut opened.client)
        .await
        .map_err(|e| sort_refinery(&e, &opened.ctx))?;
    let applied = report
        .applied_migrations()
        .iter()
        .map(|m| (i64::from(m.version()), m.name().to_owned()))
        .collect();
    let version = schema_version(&opened.client, &opened.ctx)
        .await?
        .unwrap_or(0);
    Ok(MigrationReport { applied, version })
}

/// Checks the database's schema against [`known_version`]; its version.
pub(crate) async fn check(client: &Client, ctx: &Ctx) -> Result<i64, Error> {
    let known = known_version();
    match schema_version(client, ctx).await? {
        None => Err(Error::NoSchema),
        Some(found) if found > known => Err(Error::SchemaTooNew { found, known }),
        Some(found) if found < known => Err(Error::SchemaTooOld { found, known }),
        Some(found) => Ok(found),
    }
}

/// `max(version)` of refinery's history; None when there is none.
pub(crate) async fn schema_version(client: &Client, ctx: &Ctx) -> Result<Option<i64>, Error> {
    match client
        .query_one(
            "SELECT max(version)::bigint FROM refinery_schema_history",
            &[],
        )
        .await
    {
        Ok(row) => Ok(row.get(0)),
        Err(e) if e.code() == Some(&SqlState::UNDEFINED_TABLE) => Ok(None),
        Err(e) => Err(ctx.sort(&e, "reading the schema version (refinery_schema_history)")),
    }
}

/// refinery wraps the driver's error; the driver's, sorted, when there is one.
fn sort_refinery(e: &refinery::Error, ctx: &Ctx) -> Error {
    let mut next: Option<&(dyn std::error::Error + 'static)> = Some(e);
    while let Some(err) = next {
        if let Some(pg) = err.downcast_ref::<tokio_postgres::Error>() {
            return match ctx.sort(pg, "migrating") {
                Error::Database { message, .. } => Error::Migration(format!("{e} ({message})")),
                other => other,
            };
        }
        next = err.source();
    }
    Error::Migration(e.to_string())
}
