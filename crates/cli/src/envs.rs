//! `skymarshal envs`: the environments the console and the CLI share, and
//! what is wrong in their files; and finding one for `--env`.

use std::io::Read as _;
use std::path::{Path, PathBuf};

use clap::{Args, Subcommand};
use skymarshal_envs::{Catalog, EnvironmentSpec, Locations, Source};

use crate::exit;

#[derive(Debug, Args)]
pub(crate) struct EnvsArgs {
    /// Print them as JSON (one object, `environments` and `problems`).
    #[arg(long)]
    json: bool,
    #[command(subcommand)]
    action: Option<Action>,
}

#[derive(Debug, Subcommand)]
enum Action {
    /// Print environments as a file to share (never with a secret).
    Export {
        /// The environments, by name (default: all of yours).
        names: Vec<String>,
    },
    /// Add the environments of an exported file to yours: all, or none
    /// when any has a problem. `-` reads standard input.
    Import {
        /// The file.
        file: PathBuf,
    },
}

pub(crate) fn run(args: &EnvsArgs) -> anyhow::Result<u8> {
    let locations = Locations::from_env();
    let catalog = Catalog::load(&locations);
    match &args.action {
        Some(Action::Export { names }) => return export(&catalog, names),
        Some(Action::Import { file }) => return import(&catalog, &locations, file),
        None => {}
    }
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

fn export(catalog: &Catalog, names: &[String]) -> anyhow::Result<u8> {
    let chosen: Vec<&str> = if names.is_empty() {
        catalog
            .environments
            .iter()
            .filter(|e| e.source == Source::User)
            .map(|e| e.name.as_str())
            .collect()
    } else {
        names.iter().map(String::as_str).collect()
    };
    match catalog.export(&chosen) {
        Ok(text) => {
            print!("{text}");
            Ok(0)
        }
        Err(error) => {
            eprintln!("skymarshal: {error}; `skymarshal envs` lists them.");
            Ok(exit::code(skymarshal_core::ErrorKind::Validation))
        }
    }
}

fn import(catalog: &Catalog, locations: &Locations, file: &Path) -> anyhow::Result<u8> {
    let text = if file == Path::new("-") {
        let mut text = String::new();
        std::io::stdin().read_to_string(&mut text)?;
        text
    } else {
        std::fs::read_to_string(file)
            .map_err(|e| anyhow::anyhow!("could not read {}: {e}", file.display()))?
    };
    match catalog.import(locations, &text) {
        Ok(added) => {
            println!(
                "Added {} to {}. Set their credentials with `skymarshal login --env NAME`.",
                added.join(", "),
                locations.user_file.display()
            );
            Ok(0)
        }
        Err(error) => {
            eprintln!("skymarshal: {error}");
            Ok(exit::code(skymarshal_core::ErrorKind::Validation))
        }
    }
}

fn source(spec: &EnvironmentSpec) -> &'static str {
    match spec.source {
        skymarshal_envs::Source::User => "user",
        skymarshal_envs::Source::Organisation => "organisation",
    }
}

/// The environment called `name`, or the exit code after saying why not
/// (with the file's problems, which may be why).
pub(crate) fn find(name: &str) -> Result<EnvironmentSpec, u8> {
    let locations = Locations::from_env();
    let catalog = Catalog::load(&locations);
    find_in(&catalog, &locations, name).inspect_err(|_| {
        for problem in &catalog.diagnostics {
            eprintln!("problem: {problem}");
        }
    })
}

/// [`find`] in a catalog already loaded, whose problems the caller shows.
pub(crate) fn find_in(
    catalog: &Catalog,
    locations: &Locations,
    name: &str,
) -> Result<EnvironmentSpec, u8> {
    catalog.get(name).cloned().ok_or_else(|| {
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
        exit::code(skymarshal_core::ErrorKind::WrongEndpoint)
    })
}
