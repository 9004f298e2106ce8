//! AWS keys from the user's own AWS setup, read with the AWS SDK's
//! providers (`aws-config`), never a parser of ours: a named profile, or
//! the default chain (environment variables, then the default profile).
//! Profiles may hold static keys, an IAM Identity Center sign-in, a
//! `credential_process` or a role assumed from a source profile.
//! `profiles.rs` reads the config files (names and kinds only, never a
//! value), `provider.rs` asks aws-config for keys, `explain.rs` turns its
//! failures into words a duty manager can act on.

pub(crate) mod explain;
pub(crate) mod profiles;
pub(crate) mod provider;

pub use profiles::{ProfileChoice, aws_profiles};
pub(crate) use provider::keys_for;
