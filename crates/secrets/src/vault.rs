//! The only door to the OS keyring. A Secret Service that is locked, missing
//! or hung must never freeze the console, so every call runs on a thread of
//! its own and gives up after a timeout with words saying what to unlock or
//! install; and no call hands a secret back except `get`, for the signer,
//! and `team_password`, for the team store's connection.

use std::time::Duration;

use serde::Serialize;

use crate::{Error, Secret, SecretKind};

/// What a window may know about an environment's credentials.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct CredentialStatus {
    /// The kinds that are set.
    pub present: Vec<SecretKind>,
    /// The last four characters of the AWS access key id, to tell keys
    /// apart; never more.
    pub access_key_hint: Option<String>,
}

/// The console's entries in the OS keyring.
#[derive(Debug, Clone)]
pub struct Vault {
    service: String,
    timeout: Duration,
}

impl Default for Vault {
    fn default() -> Self {
        Self::new()
    }
}

impl Vault {
    /// The service name: a development build never shares entries with a
    /// release build. `SKYMARSHAL_KEYRING_SERVICE` overrides it (tests).
    pub fn new() -> Self {
        let default = if cfg!(debug_assertions) {
            "aero.skymarshal.console.dev"
        } else {
            "aero.skymarshal.console"
        };
        let service =
            std::env::var("SKYMARSHAL_KEYRING_SERVICE").unwrap_or_else(|_| default.to_owned());
        Self {
            service,
            timeout: Duration::from_secs(5),
        }
    }

    /// The service name entries are kept under.
    pub fn service(&self) -> &str {
        &self.service
    }

    /// How long a keyring call may take before the console gives up.
    pub fn with_timeout(mut self, timeout: Duration) -> Self {
        self.timeout = timeout;
        self
    }

    fn user(environment: &str, kind: SecretKind) -> String {
        format!("{}/{}", environment.to_lowercase(), kind.name())
    }

    /// Runs one keyring call for an environment's secret.
    async fn call<T, F>(&self, environment: &str, kind: SecretKind, op: F) -> Result<T, Error>
    where
        T: Send + 'static,
        F: FnOnce(&keyring::Entry) -> Result<T, keyring::Error> + Send + 'static,
    {
        self.call_as(Self::user(environment, kind), kind.name(), op)
            .await
    }

    /// Runs one keyring call on a thread of its own, bounded by the
    /// timeout. Not Tokio's blocking pool: a runtime waits for that pool's
    /// threads when it shuts down, so one keyring call that never returns
    /// (a Secret Service that hangs) would keep the program from exiting.
    /// A thread of its own is simply left behind. `what` names the secret
    /// in the log, never its value.
    async fn call_as<T, F>(&self, user: String, what: &'static str, op: F) -> Result<T, Error>
    where
        T: Send + 'static,
        F: FnOnce(&keyring::Entry) -> Result<T, keyring::Error> + Send + 'static,
    {
        let service = self.service.clone();
        let (sender, receiver) = tokio::sync::oneshot::channel();
        std::thread::Builder::new()
            .name("keyring".to_owned())
            .spawn(move || {
                let result = keyring::Entry::new(&service, &user).and_then(|entry| op(&entry));
                // The caller may have given up already; that is fine.
                let _ = sender.send(result);
            })
            .map_err(|e| Error::Platform(format!("could not start a keyring call: {e}")))?;
        match tokio::time::timeout(self.timeout, receiver).await {
            Ok(Ok(result)) => result.map_err(Error::from_keyring),
            Ok(Err(_)) => Err(Error::Platform("the keyring call stopped".to_owned())),
            Err(_) => {
                tracing::warn!(kind = what, "keyring call timed out");
                Err(Error::Timeout {
                    after: self.timeout,
                })
            }
        }
    }

    /// Stores (or replaces) a secret.
    pub async fn set(
        &self,
        environment: &str,
        kind: SecretKind,
        secret: Secret,
    ) -> Result<(), Error> {
        if secret.expose().trim().is_empty() {
            return Err(Error::Refused("it is empty".to_owned()));
        }
        self.call(environment, kind, move |entry| {
            entry.set_password(secret.expose().trim())
        })
        .await
    }

    /// Removes a secret; removing one that is not there is not an error.
    pub async fn clear(&self, environment: &str, kind: SecretKind) -> Result<(), Error> {
        self.call(environment, kind, |entry| match entry.delete_credential() {
            Ok(()) | Err(keyring::Error::NoEntry) => Ok(()),
            Err(error) => Err(error),
        })
        .await
    }

    /// The secret, for the request signer: `None` when it is not set.
    pub async fn get(&self, environment: &str, kind: SecretKind) -> Result<Option<Secret>, Error> {
        let result = self
            .call(environment, kind, |entry| match entry.get_password() {
                Ok(value) => Ok(Some(value)),
                Err(keyring::Error::NoEntry) => Ok(None),
                Err(error) => Err(error),
            })
            .await?;
        Ok(result.map(Secret::new))
    }

    /// Which of `kinds` are set, and the access key's last four characters.
    pub async fn status(
        &self,
        environment: &str,
        kinds: &[SecretKind],
    ) -> Result<CredentialStatus, Error> {
        let mut status = CredentialStatus::default();
        for kind in kinds {
            if let Some(secret) = self.get(environment, *kind).await? {
                if *kind == SecretKind::AwsAccessKeyId {
                    let value = secret.expose();
                    let start = value.char_indices().rev().nth(3).map_or(0, |(i, _)| i);
                    status.access_key_hint = Some(value[start..].to_owned());
                }
                status.present.push(*kind);
            }
        }
        Ok(status)
    }

    /// Moves every secret of `from` to `to`, when an environment is
    /// renamed. The secrets never leave this process.
    pub async fn rename(&self, from: &str, to: &str) -> Result<(), Error> {
        if from.eq_ignore_ascii_case(to) {
            return Ok(());
        }
        for kind in SecretKind::ALL {
            if let Some(secret) = self.get(from, kind).await? {
                self.set(to, kind, secret).await?;
                self.clear(from, kind).await?;
            }
        }
        Ok(())
    }

    /// Removes every secret of an environment, when it is removed.
    pub async fn forget(&self, environment: &str) -> Result<(), Error> {
        for kind in SecretKind::ALL {
            self.clear(environment, kind).await?;
        }
        Ok(())
    }

    /// Stores (or replaces) the team store's password or token, as
    /// `skymarshal team password` reads it: one line ending (`\n` or
    /// `\r\n`) is dropped, any other character is kept, since a password
    /// may start or end with a space. Refused when empty.
    pub async fn set_team_password(&self, secret: Secret) -> Result<(), Error> {
        let value = secret.expose();
        let value = value
            .strip_suffix('\n')
            .map_or(value, |v| v.strip_suffix('\r').unwrap_or(v));
        if value.is_empty() {
            return Err(Error::Refused("it is empty".to_owned()));
        }
        let secret = Secret::new(value.to_owned());
        self.call_as(
            TEAM_PASSWORD_USER.to_owned(),
            "team_password",
            move |entry| entry.set_password(secret.expose()),
        )
        .await
    }

    /// Removes the team store's password; removing one that is not there
    /// is not an error. The environments' secrets are left alone.
    pub async fn clear_team_password(&self) -> Result<(), Error> {
        self.call_as(
            TEAM_PASSWORD_USER.to_owned(),
            "team_password",
            |entry| match entry.delete_credential() {
                Ok(()) | Err(keyring::Error::NoEntry) => Ok(()),
                Err(error) => Err(error),
            },
        )
        .await
    }

    /// Whether the team store's password is set, for a window or `team
    /// status`; never the value.
    pub async fn has_team_password(&self) -> Result<bool, Error> {
        Ok(self.team_password().await?.is_some())
    }

    /// The team store's password, for the team store's connection only:
    /// `None` when it is not set.
    pub async fn team_password(&self) -> Result<Option<Secret>, Error> {
        let result = self
            .call_as(
                TEAM_PASSWORD_USER.to_owned(),
                "team_password",
                |entry| match entry.get_password() {
                    Ok(value) => Ok(Some(value)),
                    Err(keyring::Error::NoEntry) => Ok(None),
                    Err(error) => Err(error),
                },
            )
            .await?;
        Ok(result.map(Secret::new))
    }
}

/// The keyring user name of the team store's password. Every environment's
/// entry is `{environment}/{kind}` (see `Vault::user`), which always holds
/// a slash, and an environment's name may hold any character; this name
/// has no slash, so no environment, whatever it is called (`team` or
/// `team-store:password` included), can reach it, and `forget` or `rename`
/// of an environment never touches it.
const TEAM_PASSWORD_USER: &str = "team-store:password";
