//! `skymarshal sim`: the simulator as a command, for demos, training and
//! pointing any client at. Prints its URL first, alone on stdout, so a
//! script can read it.

use std::io::Write as _;
use std::time::Duration;

use clap::Args;
use skymarshal_sim::{Pacing, Scenario, SimConfig, Simulator};

#[derive(Debug, Args)]
pub(crate) struct SimArgs {
    /// The port on 127.0.0.1; 0 picks a free one.
    #[arg(long, default_value_t = 0)]
    port: u16,
    /// Milliseconds the agents "work" before the analysis arrives (a
    /// request's `?delay_ms=` overrides it).
    #[arg(long, value_name = "MS")]
    delay_ms: Option<u64>,
    /// List the scenarios and exit.
    #[arg(long)]
    scenarios: bool,
}

pub(crate) async fn run(args: SimArgs) -> anyhow::Result<u8> {
    if args.scenarios {
        for scenario in Scenario::ALL {
            println!("{:<20} {}", scenario.name(), scenario.about());
        }
        return Ok(0);
    }
    let mut pacing = Pacing::demo();
    if let Some(ms) = args.delay_ms {
        pacing.delay = Duration::from_millis(ms);
    }
    let sim = Simulator::start(SimConfig {
        port: args.port,
        pacing,
        ..SimConfig::default()
    })
    .await?;
    let mut stdout = std::io::stdout().lock();
    writeln!(stdout, "{}", sim.url())?;
    stdout.flush()?;
    drop(stdout);
    eprintln!(
        "SkyMarshal simulator (training only, not a real deployment)\n  invoke: {}\n  health: {}\n  pick a failure with ?scenario=NAME (skymarshal sim --scenarios lists them), \
         pace it with ?delay_ms=N\n  received requests: {}\nPress Ctrl-C to stop.",
        sim.url(),
        sim.health_url(),
        sim.requests_url()
    );
    shutdown_signal().await;
    eprintln!("Stopping the simulator.");
    sim.shutdown(Duration::from_secs(2)).await;
    Ok(0)
}

async fn shutdown_signal() {
    #[cfg(unix)]
    {
        use tokio::signal::unix::{SignalKind, signal};
        if let Ok(mut terminate) = signal(SignalKind::terminate()) {
            tokio::select! {
                _ = tokio::signal::ctrl_c() => {}
                _ = terminate.recv() => {}
            }
            return;
        }
    }
    let _ = tokio::signal::ctrl_c().await;
}
