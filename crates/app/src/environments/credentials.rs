//! An environment's credentials in the keyring: which are set, setting
//! and clearing them from the window, and, from its auth method, the
//! credentials of one request. That last is shared by the console and the
//! CLI so both say the same thing when a credential is missing. A SigV4
//! environment with no keys in the keyring takes them from the user's AWS
//! profiles (`aws/`).

use skymarshal_core::{AwsKeys, Credentials};
use skymarshal_envs::{Auth, EnvironmentSpec};
use skymarshal_secrets::{CredentialStatus, Secret, SecretKind, Vault};

use crate::{AppError, Console};

/// The credentials `spec` needs, read from `vault` just before sending.
/// A SigV4 environment that names an AWS profile signs with that
/// profile; one that names none signs with the keyring's keys when an
/// access key id is stored there, otherwise with the AWS default chain.
/// The AWS keys themselves are fetched when first checked
/// (`Credentials::aws_keys_for`), not here.
pub async fn credentials_for(
    spec: &EnvironmentSpec,
    vault: &Vault,
) -> Result<Credentials, AppError> {
    let name = &spec.name;
    let missing = |what: &str, kind: Option<SecretKind>| AppError::CredentialMissing {
        name: name.clone(),
        what: what.to_owned(),
        kind_flag: kind
            .map(|k| format!(" --kind {}", k.name()))
            .unwrap_or_default(),
    };
    Ok(match &spec.auth {
        Auth::None => Credentials::None,
        Auth::Bearer => {
            let token = vault
                .get(name, SecretKind::BearerToken)
                .await?
                .ok_or_else(|| missing("bearer token", None))?;
            Credentials::Bearer {
                token: token.expose().to_owned(),
            }
        }
        Auth::ApiKey { header } => {
            let key = vault
                .get(name, SecretKind::ApiKey)
                .await?
                .ok_or_else(|| missing("API key", None))?;
            Credentials::ApiKey {
                header: header.clone(),
                key: key.expose().to_owned(),
            }
        }
        Auth::AwsSigv4 { profile } => {
            // The file's rules make a SigV4 environment name its region.
            let region = spec.region.clone().unwrap_or_default();
            let id = match profile {
                Some(_) => None,
                // No keyring at all holds no keys: the default chain it is.
                None => match vault.get(name, SecretKind::AwsAccessKeyId).await {
                    Err(skymarshal_secrets::Error::NoKeyring) => None,
                    other => other?,
                },
            };
            let Some(id) = id else {
                return Ok(Credentials::AwsSigv4 {
                    keys: super::aws::keys_for(name, profile.as_deref(), &region),
                    region,
                });
            };
            let secret = vault
                .get(name, SecretKind::AwsSecretAccessKey)
                .await?
                .ok_or_else(|| {
                    missing(
                        "AWS secret access key",
                        Some(SecretKind::AwsSecretAccessKey),
                    )
                })?;
            let token = vault.get(name, SecretKind::AwsSessionToken).await?;
            Credentials::AwsSigv4 {
                keys: AwsKeys::from_keyring(
                    id.expose(),
                    secret.expose(),
                    token.map(|t| t.expose().to_owned()),
                ),
                region,
            }
        }
    })
}

impl Console {
    /// Which credentials of an environment are set (never their values).
    pub async fn credential_status(
        &self,
        environment_id: &str,
    ) -> Result<CredentialStatus, AppError> {
        let name = self.spec_name(environment_id)?;
        Ok(self.vault.status(&name, &SecretKind::ALL).await?)
    }

    /// Stores one secret in the keyring; answers the new status, which
    /// never holds the secret.
    pub async fn set_credential(
        &self,
        environment_id: &str,
        kind: SecretKind,
        secret: Secret,
    ) -> Result<CredentialStatus, AppError> {
        let name = self.spec_name(environment_id)?;
        self.vault.set(&name, kind, secret).await?;
        self.credential_status(environment_id).await
    }

    /// Removes one secret from the keyring; answers the new status.
    pub async fn clear_credential(
        &self,
        environment_id: &str,
        kind: SecretKind,
    ) -> Result<CredentialStatus, AppError> {
        let name = self.spec_name(environment_id)?;
        self.vault.clear(&name, kind).await?;
        self.credential_status(environment_id).await
    }

    /// The configured environment's name (credentials are kept by name).
    pub(crate) fn spec_name(&self, environment_id: &str) -> Result<String, AppError> {
        Ok(self.registry().spec(environment_id)?.name.clone())
    }
}
