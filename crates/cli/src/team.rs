//! `skymarshal team`: the desk's side of the operations centre's shared
//! team store. `status` says whether it answers and what waits, `sync`
//! uploads and pulls now, `verify` checks every desk's chain, `password`
//! puts the role's password into the OS keyring, and `migrate` is the
//! administrator's: it applies the schema, which no desk does by itself.

use std::io::{IsTerminal as _, Read as _};

use clap::{Args, Subcommand};
use skymarshal_app::{Console, TeamBreakKind, zulu, zulu_minutes};
use skymarshal_secrets::{Secret, Vault};

use crate::{console, exit};

#[derive(Debug, Args)]
pub(crate) struct TeamArgs {
    #[command(subcommand)]
    command: TeamCommand,
}

#[derive(Debug, Subcommand)]
enum TeamCommand {
    /// Whether the team store answers, the records waiting on this desk,
    /// the last sync, and the flights held.
    Status,
    /// Upload everything waiting and pull what other desks added, now.
    Sync,
    /// Check every desk's chain of records in the team store.
    Verify,
    /// Store the team store role's password or token in the OS keyring
    /// (read from standard input or a hidden prompt).
    Password {
        /// Remove it instead.
        #[arg(long)]
        clear: bool,
    },
    /// Apply the team store's schema migrations (an administrator, as the
    /// database's owner; the password from PGPASSWORD, else the keyring).
    Migrate {
        /// The owner role to migrate as (default: the [team] role).
        #[arg(long, value_name = "ROLE")]
        role: Option<String>,
    },
}

pub(crate) async fn run(args: &TeamArgs) -> anyhow::Result<u8> {
    if let TeamCommand::Password { clear } = args.command {
        return password(clear).await;
    }
    let console = match console::open_desk().await {
        Ok(console) => console,
        Err(error) => return Ok(exit::refused(&error)),
    };
    let answer = match &args.command {
        TeamCommand::Status => status(&console).await,
        TeamCommand::Sync => sync(&console).await,
        TeamCommand::Verify => verify(&console).await,
        TeamCommand::Migrate { role } => migrate(&console, role.clone()).await,
        TeamCommand::Password { .. } => unreachable!("answered above"),
    };
    Ok(answer.unwrap_or_else(|error| exit::refused(&error)))
}

async fn status(console: &Console) -> Result<u8, skymarshal_app::AppError> {
    console.team_configured()?;
    let local = console.team_status().await;
    let desk = local.desk.clone().unwrap_or_default();
    println!("Desk: {desk}");
    println!("Records waiting on this desk: {}", local.waiting);
    match local.last_sync_ms {
        Some(ms) => println!("Last sync: {}", zulu(ms)),
        None => println!("Last sync: never"),
    }
    if !local.claims.is_empty() {
        println!("Flights held, as of the last sync:");
    }
    for held in &local.claims {
        let by = held
            .operator
            .as_deref()
            .map(|n| format!(" ({n})"))
            .unwrap_or_default();
        println!(
            "  {} held by desk {}{by} since {}, until {}",
            held.flight,
            held.desk,
            zulu_minutes(held.since_ms),
            zulu_minutes(held.lease_until_ms)
        );
    }
    let server = console.team_server_status().await?;
    println!(
        "Team store: reachable, schema version {}, {} records, its clock {}",
        server.version,
        server.records,
        zulu(server.server_time_ms)
    );
    Ok(0)
}

async fn sync(console: &Console) -> Result<u8, skymarshal_app::AppError> {
    let report = console.team_sync_now().await?;
    println!(
        "Uploaded {} records, received {} from other desks; {} waiting.",
        report.uploaded, report.pulled, report.waiting
    );
    Ok(0)
}

async fn verify(console: &Console) -> Result<u8, skymarshal_app::AppError> {
    let report = console.team_verify().await?;
    if report.broken.is_empty() {
        println!(
            "Every desk's chain is intact: {} records from {} desks.",
            report.records, report.desks
        );
        return Ok(0);
    }
    for broken in &report.broken {
        let why = match broken.why {
            TeamBreakKind::Missing { previous } => {
                format!(
                    "records {} to {} are missing",
                    previous + 1,
                    broken.desk_seq - 1
                )
            }
            TeamBreakKind::Altered => "it was changed after it was uploaded".to_owned(),
            TeamBreakKind::PrevMismatch => {
                "the record before it was replaced (its hash does not follow)".to_owned()
            }
            TeamBreakKind::OutOfOrder => "it arrived before the record it follows".to_owned(),
        };
        eprintln!(
            "Desk {}'s chain is broken at record {} ({}): {why}.",
            broken.desk, broken.desk_seq, broken.uid
        );
    }
    Ok(exit::CHAIN_BROKEN)
}

async fn migrate(console: &Console, role: Option<String>) -> Result<u8, skymarshal_app::AppError> {
    let password = std::env::var("PGPASSWORD").ok().filter(|p| !p.is_empty());
    let report = console.team_migrate(role, password).await?;
    for (version, name) in &report.applied {
        println!("Applied migration {version}: {name}");
    }
    println!("The team store's schema is at version {}.", report.version);
    Ok(0)
}

async fn password(clear: bool) -> anyhow::Result<u8> {
    let vault = Vault::new();
    let done = if clear {
        vault
            .clear_team_password()
            .await
            .map(|()| "Removed the team store's password from the OS keyring.")
    } else {
        let value = if std::io::stdin().is_terminal() {
            rpassword::prompt_password("Team store password: ")?
        } else {
            let mut value = String::new();
            std::io::stdin().read_to_string(&mut value)?;
            value
        };
        vault
            .set_team_password(Secret::new(value))
            .await
            .map(|()| "Stored the team store's password in the OS keyring.")
    };
    match done {
        Ok(words) => {
            eprintln!("{words}");
            Ok(0)
        }
        Err(error) => {
            eprintln!("skymarshal: {error}");
            Ok(exit::KEYRING)
        }
    }
}
