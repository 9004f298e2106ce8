//! `skymarshal`: the console's engine without a window. Runs an analysis
//! and prints it, shows the raw stream for diagnosis, runs the simulator,
//! and keeps the duty manager's decisions and handovers in the history,
//! all on the same core and app layer the desktop console uses.

// A command-line tool speaks through stdout and stderr.
#![allow(clippy::print_stdout, clippy::print_stderr)]

mod analyze;
mod claim;
mod console;
mod credentials;
mod decide;
mod doctor;
mod envs;
mod exit;
mod handover;
mod history;
mod inspect;
mod operator;
mod report;
mod sim;
mod team;

use std::process::ExitCode;
use std::time::Duration;

use clap::{Args, Parser, Subcommand};

/// Run, inspect and simulate SkyMarshal disruption analyses.
#[derive(Debug, Parser)]
#[command(name = "skymarshal", version, about, long_about = None)]
struct Cli {
    /// Log what the client does to stderr (RUST_LOG refines it).
    #[arg(long, short, global = true)]
    verbose: bool,
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Run one analysis and print it as it arrives.
    Analyze(analyze::AnalyzeArgs),
    /// Show the raw event stream of an endpoint or a captured file.
    Inspect(inspect::InspectArgs),
    /// Run the SkyMarshal simulator on 127.0.0.1 until stopped.
    Sim(sim::SimArgs),
    /// List the configured environments and any problem in their files.
    Envs(envs::EnvsArgs),
    /// Store a credential for an environment in the OS keyring (read from
    /// standard input or a hidden prompt, never from the command line).
    Login(credentials::LoginArgs),
    /// Remove an environment's credentials from the OS keyring.
    Logout(credentials::LogoutArgs),
    /// Say which credentials are set for an environment (never their values).
    Credentials(credentials::StatusArgs),
    /// Check environments without launching an analysis: DNS, connection,
    /// TLS, the health URL and the credential. Exits 2 when a check fails.
    Doctor(doctor::DoctorArgs),
    /// The local history the console keeps: list, search, show, export,
    /// import and delete sessions and runs, offline.
    History(history::HistoryArgs),
    /// Show or set the duty manager's name that decisions and handovers
    /// record.
    Operator(operator::OperatorArgs),
    /// Record the duty manager's decision on a complete analysis in the
    /// history: accept option N, modify it, or reject all, with a rationale.
    Decide(decide::DecideArgs),
    /// Hand over the shift: create a handover, show, note, acknowledge and
    /// export it.
    Handover(handover::HandoverArgs),
    /// The operations centre's shared team store: status, sync, verify,
    /// the role's password, and the schema's migrations.
    Team(team::TeamArgs),
    /// Claim a flight for this desk ("I'm handling EY283"), or release it.
    Claim(claim::ClaimArgs),
}

/// The timeouts every command that talks to an endpoint accepts. Each
/// overrides the environment's own (or the default: 10, 330 and 600 s).
#[derive(Debug, Clone, Args)]
struct TimeoutArgs {
    /// Seconds to establish the connection.
    #[arg(long, value_name = "S")]
    connect_timeout: Option<f64>,
    /// Seconds of silence tolerated; today's server can be silent for 300.
    #[arg(long, value_name = "S")]
    idle_timeout: Option<f64>,
    /// Seconds for the whole analysis.
    #[arg(long = "timeout", value_name = "S")]
    total_timeout: Option<f64>,
}

impl TimeoutArgs {
    /// The client settings: `base`'s timeouts, overridden by the flags given.
    fn config_over(
        &self,
        base: skymarshal_core::Timeouts,
    ) -> anyhow::Result<skymarshal_core::ClientConfig> {
        let seconds = |value: f64, flag: &str| {
            Duration::try_from_secs_f64(value)
                .ok()
                .filter(|d| !d.is_zero())
                .ok_or_else(|| {
                    anyhow::anyhow!("{flag} must be a positive number of seconds, not {value}")
                })
        };
        let mut config = skymarshal_core::ClientConfig {
            timeouts: base,
            ..Default::default()
        };
        if let Some(value) = self.connect_timeout {
            config.timeouts.connect = seconds(value, "--connect-timeout")?;
        }
        if let Some(value) = self.idle_timeout {
            config.timeouts.idle = seconds(value, "--idle-timeout")?;
        }
        if let Some(value) = self.total_timeout {
            config.timeouts.total = seconds(value, "--timeout")?;
        }
        Ok(config)
    }

    fn config(&self) -> anyhow::Result<skymarshal_core::ClientConfig> {
        self.config_over(skymarshal_core::Timeouts::default())
    }
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let _logs = skymarshal_app::init_logging("cli", cli.verbose, "info", "off");
    let runtime = match tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
    {
        Ok(runtime) => runtime,
        Err(error) => {
            eprintln!("skymarshal: could not start: {error}");
            return ExitCode::from(exit::FAILURE);
        }
    };
    let result = runtime.block_on(async {
        match cli.command {
            Command::Analyze(args) => analyze::run(args).await,
            Command::Inspect(args) => inspect::run(args).await,
            Command::Sim(args) => sim::run(args).await,
            Command::Envs(args) => envs::run(&args),
            Command::Doctor(args) => doctor::run(&args).await,
            Command::History(args) => history::run(&args),
            Command::Login(args) => credentials::login(&args).await,
            Command::Logout(args) => credentials::logout(&args).await,
            Command::Credentials(args) => credentials::status(&args).await,
            Command::Operator(args) => operator::run(&args).await,
            Command::Decide(args) => decide::run(&args).await,
            Command::Handover(args) => handover::run(&args).await,
            Command::Team(args) => team::run(&args).await,
            Command::Claim(args) => claim::run(&args).await,
        }
    });
    match result {
        Ok(code) => ExitCode::from(code),
        Err(error) => {
            eprintln!("skymarshal: {error:#}");
            ExitCode::from(exit::FAILURE)
        }
    }
}
