//! The profiles of the user's AWS config files (`~/.aws/config` and
//! `credentials`, or `AWS_CONFIG_FILE` and `AWS_SHARED_CREDENTIALS_FILE`),
//! read with aws-config's public parser. Only names and kinds leave this
//! module, never a value. The same set drives the checks made before
//! asking for keys, which name a missing profile or source profile in
//! words instead of aws-config's.

use aws_config::profile::{Profile, ProfileSet};
use aws_runtime::env_config::file::EnvConfigFiles;
use aws_types::os_shim_internal::{Env, Fs};
use serde::Serialize;
use skymarshal_core::{Error as CoreError, KeyKind, KeyOrigin};

/// One profile the user could choose for an environment.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ProfileChoice {
    /// The profile's name (`ops-prod`).
    pub name: String,
    /// What kind of keys it gives; `None` when it gives none this console
    /// can use (only a region, say).
    pub kind: Option<KeyKind>,
}

/// The profiles in the user's AWS config files, by name. Empty when there
/// are no files; an error in words when they cannot be read.
pub async fn aws_profiles() -> Result<Vec<ProfileChoice>, CoreError> {
    let set = load().await?;
    let mut names: Vec<&str> = set.profiles().collect();
    names.sort_unstable();
    Ok(names
        .into_iter()
        .map(|name| ProfileChoice {
            name: name.to_owned(),
            kind: set.get_profile(name).and_then(kind_of),
        })
        .collect())
}

/// The config files as aws-config reads them (the real environment).
pub(crate) async fn load() -> Result<ProfileSet, CoreError> {
    aws_config::profile::load(&Fs::real(), &Env::real(), &EnvConfigFiles::default(), None)
        .await
        .map_err(|_| CoreError::CredentialsUnavailable {
            // The parser's own message quotes the line, which may hold a key.
            message: "the AWS config files (~/.aws/config, ~/.aws/credentials) cannot be read \
                      or are not valid; check them with `aws configure list`."
                .to_owned(),
        })
}

/// What kind of keys `profile` gives, by its keys.
pub(crate) fn kind_of(profile: &Profile) -> Option<KeyKind> {
    let has = |key: &str| profile.get(key).is_some();
    if has("sso_session") || has("sso_start_url") {
        Some(KeyKind::Sso)
    } else if has("credential_process") {
        Some(KeyKind::Process)
    } else if has("role_arn") {
        Some(KeyKind::AssumeRole)
    } else if has("aws_access_key_id") {
        Some(KeyKind::ProfileStatic)
    } else {
        None
    }
}

/// Where keys for `profile` (or, with none, the default chain) would come
/// from, checked in the files before aws-config is asked: a profile that
/// is absent, a role whose source profile is absent, an MFA profile, a
/// profile with no keys at all are refused here in words.
pub(crate) fn origin_of(
    set: &ProfileSet,
    profile: Option<&str>,
    environment: &str,
    env_has_keys: bool,
) -> Result<KeyOrigin, CoreError> {
    let unavailable = |message: String| CoreError::CredentialsUnavailable { message };
    let name = match profile {
        Some(name) => name,
        None if env_has_keys => {
            return Ok(KeyOrigin {
                profile: None,
                kind: KeyKind::Environment,
            });
        }
        None => set.selected_profile(),
    };
    let Some(found) = set.get_profile(name) else {
        if profile.is_none() {
            return Err(unavailable(format!(
                "environment {environment:?} names no AWS profile, no keys are in the keyring, \
                 AWS_ACCESS_KEY_ID is not set and there is no {name:?} profile. Choose a profile \
                 (`skymarshal login --env {environment} --profile NAME`), run `aws sso login`, \
                 or store keys with `skymarshal login --env {environment}`."
            )));
        }
        let mut names: Vec<&str> = set.profiles().collect();
        names.sort_unstable();
        let found = if names.is_empty() {
            "none".to_owned()
        } else {
            names.join(", ")
        };
        return Err(unavailable(format!(
            "there is no profile {name:?} in ~/.aws/config or ~/.aws/credentials (profiles \
             found: {found}). Choose one with `skymarshal login --env {environment} --profile \
             NAME`."
        )));
    };
    if found.get("mfa_serial").is_some() {
        return Err(unavailable(format!(
            "profile {name:?} asks for an MFA code (mfa_serial), which the console cannot \
             prompt for; use an IAM Identity Center profile (`aws configure sso`) or a \
             credential_process instead."
        )));
    }
    let Some(kind) = kind_of(found) else {
        return Err(unavailable(format!(
            "profile {name:?} holds no credentials (no aws_access_key_id, sso_session, \
             credential_process or role_arn); choose another profile or complete it with \
             `aws configure --profile {name}`."
        )));
    };
    if kind == KeyKind::AssumeRole
        && let Some(source) = found.get("source_profile")
        && source != name
        && set.get_profile(source).is_none()
    {
        return Err(unavailable(format!(
            "profile {name:?} assumes a role from {source:?}, which is not defined in \
             ~/.aws/config or ~/.aws/credentials; add that profile or fix source_profile."
        )));
    }
    Ok(KeyOrigin {
        profile: Some(name.to_owned()),
        kind,
    })
}

#[cfg(test)]
mod tests;
