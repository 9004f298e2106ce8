//! `skymarshal login`, `logout` and `credentials`: scripted set-up of an
//! environment's secrets in the OS keyring. A secret comes from standard
//! input or a hidden prompt, never from the command line (where `ps` and
//! shell history would keep it), and is never printed. `login --profile`
//! instead records which AWS profile a SigV4 environment signs with, in
//! the user's environments file; no secret is involved.

use std::io::{IsTerminal as _, Read as _};

use clap::Args;
use skymarshal_envs::{Auth, Catalog, EnvironmentSpec, Locations};
use skymarshal_secrets::{Secret, SecretKind, Vault};

#[derive(Debug, Args)]
pub(crate) struct LoginArgs {
    /// The environment, by name.
    #[arg(long, value_name = "NAME")]
    env: String,
    /// Which secret: aws_access_key_id, aws_secret_access_key,
    /// aws_session_token, bearer_token or api_key. Defaults to the one the
    /// environment's auth method uses, when it uses one.
    #[arg(long, value_name = "KIND", conflicts_with_all = ["profile", "no_profile"])]
    kind: Option<String>,
    /// Sign this aws_sigv4 environment with the AWS profile P (from
    /// ~/.aws/config or credentials: static keys, IAM Identity Center,
    /// credential_process or an assumed role) instead of keys in the
    /// keyring. Recorded in your environments file; no secret is asked.
    #[arg(long, value_name = "P", conflicts_with = "no_profile")]
    profile: Option<String>,
    /// Stop signing with the AWS profile the environment names (its keys
    /// then come from the keyring, else the AWS default chain).
    #[arg(long)]
    no_profile: bool,
}

#[derive(Debug, Args)]
pub(crate) struct LogoutArgs {
    /// The environment, by name.
    #[arg(long, value_name = "NAME")]
    env: String,
    /// Only this secret (default: all of the environment's).
    #[arg(long, value_name = "KIND")]
    kind: Option<String>,
}

#[derive(Debug, Args)]
pub(crate) struct StatusArgs {
    /// The environment, by name.
    #[arg(long, value_name = "NAME")]
    env: String,
}

/// Exit code for keyring failures and bad input.
const FAILED: u8 = 5;

/// Exit code for a value the environments file refuses (a bad profile
/// name, an environment that is not the user's to change).
const REFUSED: u8 = 3;

fn environment(name: &str) -> Result<EnvironmentSpec, u8> {
    let catalog = Catalog::load(&Locations::from_env());
    catalog.get(name).cloned().ok_or_else(|| {
        eprintln!("skymarshal: there is no environment {name:?}; `skymarshal envs` lists them.");
        crate::exit::code(skymarshal_core::ErrorKind::WrongEndpoint)
    })
}

fn kind_for(spec: &EnvironmentSpec, kind: Option<&str>) -> Result<SecretKind, String> {
    if let Some(name) = kind {
        return SecretKind::from_name(name).ok_or_else(|| {
            let known: Vec<&str> = SecretKind::ALL.iter().map(|k| k.name()).collect();
            format!("unknown kind {name:?}; one of {}", known.join(", "))
        });
    }
    match spec.auth {
        Auth::Bearer => Ok(SecretKind::BearerToken),
        Auth::ApiKey { .. } => Ok(SecretKind::ApiKey),
        Auth::AwsSigv4 { .. } => Err(
            "this environment signs with AWS keys: choose an AWS profile with --profile NAME, or run login once with --kind aws_access_key_id and once with --kind aws_secret_access_key (and aws_session_token for temporary keys)"
                .to_owned(),
        ),
        Auth::None => Err(format!("environment {:?} uses no credentials (auth method none)", spec.name)),
    }
}

pub(crate) async fn login(args: &LoginArgs) -> anyhow::Result<u8> {
    let spec = match environment(&args.env) {
        Ok(spec) => spec,
        Err(code) => return Ok(code),
    };
    if let Some(profile) = &args.profile {
        return Ok(record_profile(&spec, Some(profile)).await);
    }
    if args.no_profile {
        return Ok(record_profile(&spec, None).await);
    }
    let kind = match kind_for(&spec, args.kind.as_deref()) {
        Ok(kind) => kind,
        Err(message) => {
            eprintln!("skymarshal: {message}");
            return Ok(FAILED);
        }
    };
    let value = if std::io::stdin().is_terminal() {
        rpassword::prompt_password(format!("{} for {}: ", kind.name(), spec.name))?
    } else {
        let mut value = String::new();
        std::io::stdin().read_to_string(&mut value)?;
        value
    };
    match Vault::new().set(&spec.name, kind, Secret::new(value)).await {
        Ok(()) => {
            eprintln!(
                "Stored {} for {} in the OS keyring.",
                kind.name(),
                spec.name
            );
            Ok(0)
        }
        Err(error) => {
            eprintln!("skymarshal: {error}");
            Ok(FAILED)
        }
    }
}

/// Records `profile` for `spec` in the user's file (`None` clears it);
/// warns (and records anyway) when the AWS config has no such profile yet.
async fn record_profile(spec: &EnvironmentSpec, profile: Option<&str>) -> u8 {
    let locations = Locations::from_env();
    let catalog = Catalog::load(&locations);
    if let Err(error) = catalog.set_aws_profile(&locations, &spec.name, profile) {
        eprintln!("skymarshal: {error}");
        return REFUSED;
    }
    let Some(profile) = profile else {
        eprintln!(
            "{} no longer names an AWS profile: its keys come from the keyring, else the AWS \
             default chain (recorded in {}).",
            spec.name,
            locations.user_file.display()
        );
        return 0;
    };
    match skymarshal_app::aws_profiles().await {
        Ok(found) if !found.iter().any(|p| p.name == profile) => {
            let names: Vec<&str> = found.iter().map(|p| p.name.as_str()).collect();
            let names = if names.is_empty() {
                "none".to_owned()
            } else {
                names.join(", ")
            };
            eprintln!(
                "skymarshal: warning: your AWS config has no profile {profile:?} yet (profiles \
                 found: {names}); add it before sending."
            );
        }
        Ok(_) => {}
        Err(error) => eprintln!("skymarshal: warning: {error}"),
    }
    eprintln!(
        "{} now signs with AWS profile {profile} (recorded in {}).",
        spec.name,
        locations.user_file.display()
    );
    0
}

pub(crate) async fn logout(args: &LogoutArgs) -> anyhow::Result<u8> {
    let spec = match environment(&args.env) {
        Ok(spec) => spec,
        Err(code) => return Ok(code),
    };
    let kinds = match args.kind.as_deref() {
        Some(name) => match kind_for(&spec, Some(name)) {
            Ok(kind) => vec![kind],
            Err(message) => {
                eprintln!("skymarshal: {message}");
                return Ok(FAILED);
            }
        },
        None => SecretKind::ALL.to_vec(),
    };
    if let Some(profile) = spec.auth.aws_profile() {
        // Nothing of a profile is kept by the console: signing out is the
        // AWS tools' business.
        eprintln!(
            "{} signs with AWS profile {profile}, whose keys the console does not keep: sign out \
             with the AWS tools (`aws sso logout`), or stop using the profile with `skymarshal \
             login --env {} --no-profile`.",
            spec.name, spec.name
        );
        return Ok(0);
    }
    let vault = Vault::new();
    for kind in kinds {
        if let Err(error) = vault.clear(&spec.name, kind).await {
            eprintln!("skymarshal: {error}");
            return Ok(FAILED);
        }
    }
    eprintln!(
        "Removed the credentials of {} from the OS keyring.",
        spec.name
    );
    Ok(0)
}

pub(crate) async fn status(args: &StatusArgs) -> anyhow::Result<u8> {
    let spec = match environment(&args.env) {
        Ok(spec) => spec,
        Err(code) => return Ok(code),
    };
    if let Some(profile) = spec.auth.aws_profile() {
        println!("{} (auth method {})", spec.name, spec.auth.method());
        println!(
            "  AWS profile: {profile} (its keys are the AWS tools', never kept by the console)"
        );
        return Ok(0);
    }
    match Vault::new().status(&spec.name, &SecretKind::ALL).await {
        Ok(status) => {
            println!("{} (auth method {})", spec.name, spec.auth.method());
            if let Some(profile) = spec.auth.aws_profile() {
                println!("  AWS profile: {profile}");
            }
            if status.present.is_empty() {
                println!("  no credential is set");
            }
            for kind in &status.present {
                match (kind, &status.access_key_hint) {
                    (SecretKind::AwsAccessKeyId, Some(hint)) => {
                        println!("  {}: set (…{hint})", kind.name());
                    }
                    _ => println!("  {}: set", kind.name()),
                }
            }
            Ok(0)
        }
        Err(error) => {
            eprintln!("skymarshal: {error}");
            Ok(FAILED)
        }
    }
}
