//! Why a cluster could not be made or started, with what the programs said.

/// Why a cluster could not be made or started.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// No PostgreSQL server programs were found.
    #[error(
        "PostgreSQL's server programs were not found in /usr/lib/postgresql/*/bin nor by \
         `pg_config --bindir`; install Debian's `postgresql` (scripts/setup test) or set PG_BINDIR."
    )]
    NotInstalled,
    /// A program failed; `output` is what it printed.
    #[error("{what} failed ({status}): {output}")]
    Command {
        what: String,
        status: String,
        output: String,
    },
    /// The server did not answer in time; `log_tail` is the end of its log.
    #[error(
        "PostgreSQL did not become ready on 127.0.0.1:{port}: {why}\n--- server log (tail) ---\n{log_tail}"
    )]
    NotReady {
        port: u16,
        why: String,
        log_tail: String,
    },
    /// A file or directory operation failed.
    #[error("{what}: {source}")]
    Io {
        what: String,
        source: std::io::Error,
    },
}
