//! A SigV4 environment's AWS keys and how long they last. The keys come
//! from a source (the keyring, or the caller's AWS profile machinery) and
//! are held here until they would expire before an analysis started now
//! could end; then the source is asked once more. Nothing here ever
//! prints a secret: `Debug` names the origin only.

use std::fmt;
use std::future::Future;
use std::pin::Pin;
use std::sync::Arc;
use std::time::{Duration, SystemTime};

use serde::Serialize;
use tokio::sync::Mutex;

use crate::Error;

/// Refreshed this long before the keys would be too short for the
/// analysis, so a send a minute after a check still has them.
const MARGIN: Duration = Duration::from_secs(60);

/// What kind of source the keys come from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum KeyKind {
    /// Keys the user stored in the OS keyring for this environment.
    Keyring,
    /// `AWS_ACCESS_KEY_ID` and friends in the environment.
    Environment,
    /// `aws_access_key_id` written in a profile.
    ProfileStatic,
    /// IAM Identity Center (`aws sso login`).
    Sso,
    /// A profile's `credential_process`.
    Process,
    /// A role assumed from a `source_profile`.
    AssumeRole,
}

impl KeyKind {
    /// The kind as written on the wire (`profile_static`).
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Keyring => "keyring",
            Self::Environment => "environment",
            Self::ProfileStatic => "profile_static",
            Self::Sso => "sso",
            Self::Process => "process",
            Self::AssumeRole => "assume_role",
        }
    }

    /// The kind as a duty manager reads it (`IAM Identity Center`).
    pub fn words(self) -> &'static str {
        match self {
            Self::Keyring => "keys in the keyring",
            Self::Environment => "environment variables",
            Self::ProfileStatic => "static keys",
            Self::Sso => "IAM Identity Center",
            Self::Process => "credential_process",
            Self::AssumeRole => "assumed role",
        }
    }
}

/// Where one set of keys came from: the AWS profile (none for the keyring
/// and environment variables) and the kind of source.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct KeyOrigin {
    /// The AWS profile, when the keys came from one.
    pub profile: Option<String>,
    /// The kind of source.
    pub kind: KeyKind,
}

impl KeyOrigin {
    /// The origin as a message names it: `profile ops-prod`, `the keyring`,
    /// `the environment variables`.
    pub fn label(&self) -> String {
        match (&self.profile, self.kind) {
            (Some(profile), _) => format!("profile {profile}"),
            (None, KeyKind::Keyring) => "the keyring".to_owned(),
            (None, KeyKind::Environment) => "the environment variables".to_owned(),
            (None, kind) => format!("the default profile ({})", kind.words()),
        }
    }

    /// The command that renews these keys, when there is one to name.
    pub fn renew_command(&self) -> Option<String> {
        match (self.kind, &self.profile) {
            (KeyKind::Sso, Some(profile)) => Some(format!("aws sso login --profile {profile}")),
            (KeyKind::Sso, None) => Some("aws sso login".to_owned()),
            _ => None,
        }
    }
}

/// Keys fetched from a source, with where they came from.
pub type Fetched = (aws_credential_types::Credentials, KeyOrigin);

/// What [`AwsKeySource::fetch`] returns.
pub type KeyFetch<'a> = Pin<Box<dyn Future<Output = Result<Fetched, Error>> + Send + 'a>>;

/// A source of AWS keys: the keyring (here) or an AWS profile (the app,
/// with aws-config). A fetch that fails answers an [`Error`] whose
/// message says what to do (`SsoLoginNeeded`, `CredentialsUnavailable`),
/// never a provider's own text.
pub trait AwsKeySource: Send + Sync + 'static {
    /// Asks the source for keys now.
    fn fetch(&self) -> KeyFetch<'_>;
}

struct Keyring(Fetched);

impl AwsKeySource for Keyring {
    fn fetch(&self) -> KeyFetch<'_> {
        let fetched = self.0.clone();
        Box::pin(async move { Ok(fetched) })
    }
}

struct KeyCache {
    source: Box<dyn AwsKeySource>,
    held: Mutex<Option<Fetched>>,
}

/// An environment's AWS keys, shared by every run of the environment:
/// cloning shares the cache. `Debug` never shows a key.
#[derive(Clone)]
pub struct AwsKeys(Arc<KeyCache>);

impl fmt::Debug for AwsKeys {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("AwsKeys([redacted])")
    }
}

impl AwsKeys {
    /// Long-lived keys from the OS keyring; they never expire.
    pub fn from_keyring(
        access_key_id: &str,
        secret_access_key: &str,
        session_token: Option<String>,
    ) -> Self {
        let credentials = aws_credential_types::Credentials::new(
            access_key_id,
            secret_access_key,
            session_token,
            None,
            "skymarshal-keyring",
        );
        let origin = KeyOrigin {
            profile: None,
            kind: KeyKind::Keyring,
        };
        Self::from_source(Keyring((credentials, origin)))
    }

    /// Keys from `source`, fetched when first needed and again whenever
    /// the held ones would not last.
    pub fn from_source(source: impl AwsKeySource) -> Self {
        Self(Arc::new(KeyCache {
            source: Box::new(source),
            held: Mutex::new(None),
        }))
    }

    /// Keys that last at least `window` from now (an analysis's total
    /// timeout). Held keys are used when they last `window` plus a minute;
    /// otherwise the source is asked once (one caller at a time).
    ///
    /// Errors: the source's own (`SsoLoginNeeded`,
    /// `CredentialsUnavailable`); `CredentialsExpired` when the fresh keys
    /// have already expired; `CredentialsExpiring` when they expire before
    /// `window` is over. Nothing is held after a failure.
    pub async fn valid_for(&self, window: Duration) -> Result<KeysInHand, Error> {
        let mut held = self.0.held.lock().await;
        let now = SystemTime::now();
        let lasts = |fetched: &Fetched, until: SystemTime| {
            fetched.0.expiry().is_none_or(|expiry| expiry >= until)
        };
        if let Some(fetched) = held.as_ref()
            && lasts(fetched, now + window + MARGIN)
        {
            return Ok(KeysInHand::new(fetched));
        }
        *held = None;
        let fetched = self.0.source.fetch().await?;
        if let Some(at) = fetched.0.expiry() {
            if at <= now {
                return Err(Error::CredentialsExpired {
                    origin: fetched.1,
                    at,
                });
            }
            if !lasts(&fetched, now + window) {
                return Err(Error::CredentialsExpiring {
                    origin: fetched.1,
                    at,
                    window,
                });
            }
        }
        let hand = KeysInHand::new(&fetched);
        *held = Some(fetched);
        Ok(hand)
    }
}

/// Keys ready to sign with, and what may be said about them.
#[derive(Clone)]
pub struct KeysInHand {
    pub(crate) credentials: aws_credential_types::Credentials,
    /// Where they came from.
    pub origin: KeyOrigin,
    /// The access key id's last four characters, the only part ever shown.
    pub key_tail: String,
    /// When they expire; `None` for long-lived keys.
    pub expires: Option<SystemTime>,
}

impl KeysInHand {
    fn new((credentials, origin): &Fetched) -> Self {
        let id = credentials.access_key_id();
        let tail: String = id
            .chars()
            .skip(id.chars().count().saturating_sub(4))
            .collect();
        Self {
            credentials: credentials.clone(),
            origin: origin.clone(),
            key_tail: tail,
            expires: credentials.expiry(),
        }
    }
}

impl fmt::Debug for KeysInHand {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("KeysInHand")
            .field("origin", &self.origin)
            .field("key_tail", &self.key_tail)
            .field("expires", &self.expires)
            .finish_non_exhaustive()
    }
}

#[cfg(test)]
mod tests;
