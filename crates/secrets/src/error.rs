//! What the keyring can answer, in words a duty manager can act on.

use std::time::Duration;

/// A keyring failure.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum Error {
    /// No keyring service runs on this computer.
    #[error(
        "No keyring service is running on this computer, so credentials cannot be kept. On Linux, \
         install and start GNOME Keyring or KWallet (Debian: apt install gnome-keyring), log in \
         again, then restart the console. History and the training simulator work without it."
    )]
    NoKeyring,
    /// The keyring is locked.
    #[error(
        "The keyring is locked. Unlock it (Passwords and Keys, or log in again), then try again."
    )]
    Locked,
    /// The keyring did not answer in time.
    #[error(
        "The keyring did not answer within {} s; it may be waiting for you to unlock it. Unlock \
         it, then try again.",
        after.as_secs()
    )]
    Timeout {
        /// The timeout in force.
        after: Duration,
    },
    /// The secret is too long for the keyring, or otherwise refused.
    #[error("The keyring refused the secret: {0}. Check that you pasted the right value.")]
    Refused(String),
    /// Anything else the platform reported.
    #[error("The keyring failed: {0}.")]
    Platform(String),
}

impl Error {
    pub(crate) fn from_keyring(error: keyring::Error) -> Self {
        use keyring::Error as K;
        match error {
            K::NoDefaultStore => Self::NoKeyring,
            K::NoStorageAccess(_) => Self::Locked,
            K::TooLong(what, limit) => Self::Refused(format!("{what} is longer than {limit}")),
            K::BadEncoding(_) => Self::Refused("it is not valid text".to_owned()),
            other => Self::Platform(other.to_string()),
        }
    }
}
