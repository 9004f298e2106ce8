//! aws-config's providers, built fresh for every fetch (a kept
//! `ProfileFileCredentialsProvider` never sees an edited config and keeps
//! a failed first read for good, which would break "sign in, then send
//! again"). Never the SDK's default chain: it ends with EC2's metadata
//! service, and a missing named profile would fall through to it.

use std::collections::HashMap;
use std::sync::{Mutex, OnceLock};
use std::time::Duration;

use aws_config::Region;
use aws_config::environment::credentials::EnvironmentVariableCredentialsProvider;
use aws_config::meta::credentials::CredentialsProviderChain;
use aws_config::profile::ProfileFileCredentialsProvider;
use aws_config::provider_config::ProviderConfig;
use aws_config::timeout::TimeoutConfig;
use aws_credential_types::provider::{ProvideCredentials, SharedCredentialsProvider};
use skymarshal_core::{AwsKeySource, AwsKeys, Error as CoreError, Fetched, KeyFetch};

use super::explain::{self, FETCH_LIMIT_SECS};
use super::profiles;

/// Keys from the AWS profile `profile` (or, with none, the default chain)
/// for the environment `environment` in `region`. One `AwsKeys` per
/// (environment, profile, region) for the life of the process, so its
/// cache is shared by every run.
pub(crate) fn keys_for(environment: &str, profile: Option<&str>, region: &str) -> AwsKeys {
    static HELD: OnceLock<Mutex<HashMap<(String, Option<String>, String), AwsKeys>>> =
        OnceLock::new();
    let key = (
        environment.to_owned(),
        profile.map(str::to_owned),
        region.to_owned(),
    );
    let mut held = HELD
        .get_or_init(Mutex::default)
        .lock()
        .unwrap_or_else(std::sync::PoisonError::into_inner);
    held.entry(key.clone())
        .or_insert_with(|| {
            AwsKeys::from_source(ProfileSource {
                environment: key.0,
                profile: key.1,
                region: key.2,
            })
        })
        .clone()
}

struct ProfileSource {
    environment: String,
    profile: Option<String>,
    region: String,
}

impl AwsKeySource for ProfileSource {
    fn fetch(&self) -> KeyFetch<'_> {
        Box::pin(self.fetch_now())
    }
}

impl ProfileSource {
    async fn fetch_now(&self) -> Result<Fetched, CoreError> {
        let set = profiles::load().await?;
        let env_has_keys = std::env::var_os("AWS_ACCESS_KEY_ID").is_some();
        let origin = profiles::origin_of(
            &set,
            self.profile.as_deref(),
            &self.environment,
            env_has_keys,
        )?;
        let conf = provider_config(&self.region);
        let provider = match &self.profile {
            Some(profile) => named(profile, &conf),
            None => default_chain(&conf),
        };
        let limit = Duration::from_secs(FETCH_LIMIT_SECS);
        match tokio::time::timeout(limit, provider.provide_credentials()).await {
            Err(_) => Err(CoreError::CredentialsUnavailable {
                message: explain::timed_out(&origin),
            }),
            Ok(Err(error)) => {
                let problem = explain::problem(&origin, &error);
                tracing::warn!(kind = %problem.kind(), "no AWS credentials");
                Err(problem)
            }
            Ok(Ok(credentials)) => Ok((credentials, origin)),
        }
    }
}

/// No region chain (which asks EC2's metadata service): the
/// environment's own region, used for STS and SSO.
fn provider_config(region: &str) -> ProviderConfig {
    ProviderConfig::without_region()
        .with_region(Some(Region::new(region.to_owned())))
        .with_timeout_config(
            TimeoutConfig::builder()
                .connect_timeout(Duration::from_secs(5))
                .operation_timeout(Duration::from_secs(20))
                .build(),
        )
}

/// That profile only; environment variables do not override it, as with
/// `aws --profile`.
fn named(profile: &str, conf: &ProviderConfig) -> SharedCredentialsProvider {
    SharedCredentialsProvider::new(
        ProfileFileCredentialsProvider::builder()
            .configure(conf)
            .profile_name(profile)
            .build(),
    )
}

/// Environment variables, then `AWS_PROFILE` or `default`. Web identity,
/// ECS and EC2's metadata service are left out on purpose.
fn default_chain(conf: &ProviderConfig) -> SharedCredentialsProvider {
    SharedCredentialsProvider::new(
        CredentialsProviderChain::first_try(
            "Environment",
            EnvironmentVariableCredentialsProvider::new(),
        )
        .or_else(
            "Profile",
            ProfileFileCredentialsProvider::builder()
                .configure(conf)
                .build(),
        ),
    )
}
