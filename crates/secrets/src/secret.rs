//! A secret in memory: printed as redacted, never serialised, wiped when
//! dropped.

use std::fmt;

use zeroize::Zeroize;

/// The kinds of secret an environment can have.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum SecretKind {
    /// AWS access key id (SigV4).
    AwsAccessKeyId,
    /// AWS secret access key (SigV4).
    AwsSecretAccessKey,
    /// AWS session token, for temporary credentials (SigV4).
    AwsSessionToken,
    /// A bearer token.
    BearerToken,
    /// An API key.
    ApiKey,
}

impl SecretKind {
    /// Every kind.
    pub const ALL: [SecretKind; 5] = [
        Self::AwsAccessKeyId,
        Self::AwsSecretAccessKey,
        Self::AwsSessionToken,
        Self::BearerToken,
        Self::ApiKey,
    ];

    /// The name used in the keyring entry and on the command line.
    pub fn name(self) -> &'static str {
        match self {
            Self::AwsAccessKeyId => "aws_access_key_id",
            Self::AwsSecretAccessKey => "aws_secret_access_key",
            Self::AwsSessionToken => "aws_session_token",
            Self::BearerToken => "bearer_token",
            Self::ApiKey => "api_key",
        }
    }

    /// The kind called `name`.
    pub fn from_name(name: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|k| k.name() == name)
    }
}

/// A secret value. `Debug` and `Display` print `[redacted]`; it has no
/// `Serialize`, so it cannot reach IPC, a store or a file by accident.
pub struct Secret(String);

impl Secret {
    /// Wraps a value.
    pub fn new(value: String) -> Self {
        Self(value)
    }

    /// The value, for the request signer only.
    pub fn expose(&self) -> &str {
        &self.0
    }
}

impl fmt::Debug for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Secret([redacted])")
    }
}

impl fmt::Display for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("[redacted]")
    }
}

impl Drop for Secret {
    fn drop(&mut self) {
        self.0.zeroize();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn secrets_never_print() {
        let secret = Secret::new("CANARY-s3cr3t".into());
        assert!(!format!("{secret:?} {secret}").contains("CANARY"));
        assert_eq!(secret.expose(), "CANARY-s3cr3t");
        for kind in SecretKind::ALL {
            assert_eq!(SecretKind::from_name(kind.name()), Some(kind));
        }
    }
}
