//! An environment's credentials in the keyring: which are set, setting
//! and clearing them from the window, and, from its auth method, the
//! credentials of one request. That last is shared by the console and the
//! CLI so both say the same thing when a credential is missing.

use skymarshal_core::Credentials;
use skymarshal_envs::{Auth, EnvironmentSpec};
use skymarshal_secrets::{CredentialStatus, Secret, SecretKind, Vault};

use crate::{AppError, Console};

/// The credentials `spec` needs, read from `vault` just before sending.
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
        Auth::AwsSigv4 => {
            let id = vault
                .get(name, SecretKind::AwsAccessKeyId)
                .await?
                .ok_or_else(|| missing("AWS access key id", Some(SecretKind::AwsAccessKeyId)))?;
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
                access_key_id: id.expose().to_owned(),
                secret_access_key: secret.expose().to_owned(),
                session_token: token.map(|t| t.expose().to_owned()),
                // The file's rules make a SigV4 environment name its region.
                region: spec.region.clone().unwrap_or_default(),
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
