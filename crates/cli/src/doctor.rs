//! `skymarshal doctor`: each environment's health without launching an
//! analysis (resolve, connect, TLS, the health URL, the credential), the
//! same check the console's window runs.

use clap::Args;
use skymarshal_app::{HealthReport, check_spec};
use skymarshal_core::CheckOutcome;
use skymarshal_envs::{Catalog, Locations};
use skymarshal_secrets::Vault;

use crate::exit;

#[derive(Debug, Args)]
pub(crate) struct DoctorArgs {
    /// Only this environment (default: every configured one).
    #[arg(long, value_name = "NAME")]
    env: Option<String>,
    /// Print the reports as JSON (an array).
    #[arg(long)]
    json: bool,
    /// Print a diagnostics text to attach to a support ticket instead:
    /// versions, OS, paths, environments (never a secret), the last runs'
    /// ids and outcomes, and recent log lines. Checks nothing.
    #[arg(long, conflicts_with_all = ["env", "json"])]
    bundle: bool,
}

/// Exit code when a check failed (warnings exit 0).
const UNHEALTHY: u8 = 2;

pub(crate) async fn run(args: &DoctorArgs) -> anyhow::Result<u8> {
    if args.bundle {
        print!("{}", skymarshal_app::diagnostics("skymarshal"));
        return Ok(0);
    }
    let locations = Locations::from_env();
    let catalog = Catalog::load(&locations);
    for problem in &catalog.diagnostics {
        eprintln!("problem: {problem}");
    }
    let specs = match &args.env {
        Some(name) => match crate::envs::find_in(&catalog, &locations, name) {
            Ok(spec) => vec![spec],
            Err(code) => return Ok(code),
        },
        None => catalog.environments.clone(),
    };
    if specs.is_empty() {
        eprintln!(
            "skymarshal: no environment is configured in {}; add one, then run doctor again.",
            locations.user_file.display()
        );
        return Ok(exit::FAILURE);
    }
    let vault = Vault::new();
    let mut reports = Vec::new();
    for spec in &specs {
        let report = check_spec(spec, &vault).await;
        if !args.json {
            print(&report);
        }
        reports.push(report);
    }
    if args.json {
        println!("{}", serde_json::to_string_pretty(&reports)?);
    }
    let failed = reports.iter().any(|r| r.verdict == CheckOutcome::Failed);
    Ok(if failed { UNHEALTHY } else { 0 })
}

fn print(report: &HealthReport) {
    println!("{}  {}", report.environment, label(report.verdict));
    for check in &report.checks {
        let millis = check
            .millis
            .map(|m| format!(" ({m} ms)"))
            .unwrap_or_default();
        let step = check.step.as_str();
        println!(
            "  {:<8} {:<12} {}{millis}",
            label(check.outcome),
            step,
            check.summary
        );
    }
    // A SigV4 environment's credentials line says it already.
    if let (Some(offset), None) = (report.clock_offset_secs, &report.aws_keys) {
        let side = if offset >= 0 { "ahead of" } else { "behind" };
        println!(
            "  clock    this computer's clock is {} s {side} the health URL's",
            offset.unsigned_abs()
        );
    }
    if let Some(health) = &report.health {
        if let Some(version) = &health.version {
            println!("  version  {version}");
        }
        for (name, state) in &health.dependencies {
            println!("  depends  {name}: {state}");
        }
    }
    println!();
}

fn label(outcome: CheckOutcome) -> &'static str {
    match outcome {
        CheckOutcome::Ok => "ok",
        CheckOutcome::Warning => "WARNING",
        CheckOutcome::Failed => "FAILED",
        CheckOutcome::Skipped => "-",
    }
}
