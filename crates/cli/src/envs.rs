//! `skymarshal envs`: the environments the console and the CLI share, and
//! what is wrong in their files; and finding one for `--env`.

use clap::Args;
use skymarshal_envs::{Catalog, EnvironmentSpec, Locations};

use crate::exit;

#[derive(Debug, Args)]
pub(crate) struct EnvsArgs {
    /// Print them as JSON (one object, `environments` and `problems`).
    #[arg(long)]
    json: bool,
}

pub(crate) fn run(args: &EnvsArgs) -> anyhow::Result<u8> {
    let locations = Locations::from_env();
    let catalog = Catalog::load(&locations);
    if args.json {
        let value = serde_json::json!({
            "file": locations.user_file,
            "organisation_file": locations.org_file,
            "environments": catalog.environments,
            "problems": catalog.diagnostics,
        });
        println!("{value:#}");
    } else {
        println!("Environments file: {}", locations.user_file.display());
        if let Some(org) = &locations.org_file {
            println!("Organisation file: {} (read-only)", org.display());
        }
        if catalog.environments.is_empty() {
            println!("\nNo environment is configured yet: add one to the file above.");
        } else {
            println!(
                "\n{:<20} {:<13} {:<10} {:<5} INVOKE URL",
                "NAME", "SOURCE", "AUTH", "PROD"
            );
            for spec in &catalog.environments {
                println!(
                    "{:<20} {:<13} {:<10} {:<5} {}",
                    spec.name,
                    source(spec),
                    spec.auth.method(),
                    if spec.production { "yes" } else { "no" },
                    spec.invoke_url
                );
            }
        }
    }
    for problem in &catalog.diagnostics {
        eprintln!("problem: {problem}");
    }
    Ok(0)
}

fn source(spec: &EnvironmentSpec) -> &'static str {
    match spec.source {
        skymarshal_envs::Source::User => "user",
        skymarshal_envs::Source::Organisation => "organisation",
    }
}

/// The environment called `name`, or the exit code after saying why not.
pub(crate) fn find(name: &str) -> Result<EnvironmentSpec, u8> {
    let locations = Locations::from_env();
    let catalog = Catalog::load(&locations);
    let Some(spec) = catalog.get(name).cloned() else {
        let known: Vec<&str> = catalog
            .environments
            .iter()
            .map(|e| e.name.as_str())
            .collect();
        eprintln!(
            "skymarshal: there is no environment {name:?} in {} (known: {}).",
            locations.user_file.display(),
            if known.is_empty() {
                "none".to_owned()
            } else {
                known.join(", ")
            }
        );
        for problem in &catalog.diagnostics {
            eprintln!("problem: {problem}");
        }
        return Err(exit::code(skymarshal_core::ErrorKind::WrongEndpoint));
    };
    Ok(spec)
}
