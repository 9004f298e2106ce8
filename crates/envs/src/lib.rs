//! Environments: the deployments (dev, staging, prod...) a duty manager
//! sends analyses to, each with its own URL, region, auth method and
//! timeouts. They live in a TOML file the user can read and edit by hand,
//! plus an optional read-only file an organisation ships. Secrets never
//! live here: the file only names how an environment authenticates.
//!
//! A file may also hold one `[team]` table: where the operations centre's
//! shared team store is ([`TeamSpec`]); never its password.
//!
//! A broken file never takes the console down: [`Catalog::load`] keeps
//! every environment that is valid and reports the rest, each with its
//! file and line.

mod catalog;
mod draft;
mod edit;
mod model;
mod parse;
mod paths;
mod reader;
mod render;
mod rules;
mod team;

pub use catalog::{Catalog, Diagnostic};
pub use draft::EnvironmentDraft;
pub use model::{Auth, EnvironmentSpec, Source, Timeouts};
pub use parse::{ParsedFile, parse, parse_file};
pub use paths::Locations;
pub use render::{TEMPLATE, render};
pub use team::{DEFAULT_LEASE_MINUTES, DESK_MAX_CHARS, LEASE_MINUTES, TeamSpec, TeamTls};

/// What can go wrong reading or writing an environments file.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// The file could not be read or written.
    #[error("{path}: {source}. Check that the file exists and that you may read and write it.")]
    Io {
        /// The file.
        path: std::path::PathBuf,
        /// Why.
        source: std::io::Error,
    },
    /// An import held no valid environment.
    #[error("{0}")]
    Invalid(String),
}
