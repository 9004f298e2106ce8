//! Credentials in the OS keyring (Secret Service on Linux, Keychain on
//! macOS, Credential Manager on Windows), one entry per environment and
//! kind of secret, and one for the team store's password.
//!
//! The console stores secrets and can say whether one is set, but no
//! function here hands a secret to anything but the request signer (and the
//! team store's password to the team store's connection): there is no way
//! to read one back into a window, a log or a file. Every
//! keyring call runs off the async runtime and gives up after a timeout, so
//! a locked or absent keyring can never hang the console.

mod error;
mod secret;
mod vault;

pub use error::Error;
pub use secret::{Secret, SecretKind};
pub use vault::{CredentialStatus, Vault};
