//! `skymarshal claim FLIGHT [--release]`: "I'm handling EY283", told to
//! every desk through the team store, with a lease; or let go of it.

use clap::Args;
use skymarshal_app::zulu_minutes;

use crate::{console, exit};

#[derive(Debug, Args)]
pub(crate) struct ClaimArgs {
    /// The flight, as in EY283 (spaces and case do not matter).
    #[arg(value_name = "FLIGHT")]
    flight: String,
    /// Give the flight back instead.
    #[arg(long)]
    release: bool,
}

pub(crate) async fn run(args: &ClaimArgs) -> anyhow::Result<u8> {
    let console = match console::open_desk().await {
        Ok(console) => console,
        Err(error) => return Ok(exit::refused(&error)),
    };
    match console.claim_flight(&args.flight, args.release).await {
        Ok(Some(held)) => {
            println!(
                "Desk {} holds {} until {} (the lease; claim again to renew it).",
                held.desk,
                held.flight,
                zulu_minutes(held.lease_until_ms)
            );
            Ok(0)
        }
        Ok(None) => {
            println!(
                "Released; no desk holds {} now.",
                args.flight.trim().to_uppercase()
            );
            Ok(0)
        }
        Err(error) => Ok(exit::refused(&error)),
    }
}
