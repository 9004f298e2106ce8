//! The one error type of the team store client, with variants a caller acts
//! on (reconnect later, ask for the password, ask an administrator) and
//! messages a duty manager can follow. No message and no `Debug` carries
//! the password.

use tokio_postgres::error::SqlState;

/// Why a team store operation failed.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// The server could not be reached, timed out, or closed the
    /// connection; the records wait in the desk's outbox. Reconnect later.
    #[error(
        "The team store at {address} cannot be reached ({why}); records wait on this desk and go when it answers."
    )]
    Unreachable { address: String, why: String },
    /// The server refused the role's password (or none was given).
    #[error(
        "The team store refused the password of role {role} ({why}); set it with `skymarshal team password`."
    )]
    Auth { role: String, why: String },
    /// The TLS handshake failed or the certificate was not trusted.
    #[error(
        "The TLS connection to the team store at {address} failed: {why}. Check `tls` and `ca_file` in the [team] settings."
    )]
    Tls { address: String, why: String },
    /// The database has no team store schema yet.
    #[error("The team store has no schema yet; an administrator runs `skymarshal team migrate`.")]
    NoSchema,
    /// The database's schema is newer than this console knows.
    #[error(
        "The team store's schema is version {found} but this console knows up to version {known}; update the console."
    )]
    SchemaTooNew { found: i64, known: i64 },
    /// The database's schema is older than this console needs.
    #[error(
        "The team store's schema is version {found} but this console needs version {known}; an administrator runs `skymarshal team migrate`."
    )]
    SchemaTooOld { found: i64, known: i64 },
    /// A statement was refused for lack of a privilege.
    #[error(
        "The team store refused {what} for role {role}: it lacks {lacks}; an administrator grants it (see crates/team/sql/desk_role.sql)."
    )]
    Permission {
        role: String,
        what: String,
        lacks: String,
    },
    /// The [team] settings cannot be used as they are.
    #[error("{0}")]
    Config(String),
    /// A record with this desk's `desk_seq` is already there with another
    /// uid or content: the desk's chain and the team store's disagree.
    #[error(
        "The team store already holds record {desk_seq} of this desk ({desk_id}) with other content, so nothing more of this desk was uploaded: this history file was probably copied from another desk or restored from an older backup. Keep using the desk the file came from, or start this desk with a history file of its own; the records already in the team store are unchanged."
    )]
    ChainConflict { desk_id: String, desk_seq: i64 },
    /// Applying the migrations failed.
    #[error("Migrating the team store failed: {0}")]
    Migration(String),
    /// Any other database error, with its SQLSTATE.
    #[error("The team store answered with an error ({sqlstate}): {message}")]
    Database { sqlstate: String, message: String },
}

impl Error {
    /// True when retrying later may work (the server was away).
    pub fn is_unreachable(&self) -> bool {
        matches!(self, Error::Unreachable { .. })
    }
}

/// Who and where, to name in messages; never the password.
#[derive(Debug, Clone)]
pub(crate) struct Ctx {
    pub(crate) address: String,
    pub(crate) role: String,
}

impl Ctx {
    /// Sorts a tokio-postgres error; `what` names the statement in words
    /// ("INSERT into team_record") for a permission refusal.
    pub(crate) fn sort(&self, e: &tokio_postgres::Error, what: &str) -> Error {
        if let Some(db) = e.as_db_error() {
            let code = db.code();
            let why = db.message().to_owned();
            return if *code == SqlState::INVALID_PASSWORD
                || *code == SqlState::INVALID_AUTHORIZATION_SPECIFICATION
            {
                Error::Auth {
                    role: self.role.clone(),
                    why,
                }
            } else if *code == SqlState::INVALID_CATALOG_NAME {
                Error::Config(format!(
                    "The team store at {} answered that {why}; check the database name at the \
                     end of the url in the [team] table.",
                    self.address
                ))
            } else if *code == SqlState::INSUFFICIENT_PRIVILEGE {
                Error::Permission {
                    role: self.role.clone(),
                    what: what.to_owned(),
                    lacks: lacks(&why),
                }
            } else if code.code().starts_with("08")
                || *code == SqlState::ADMIN_SHUTDOWN
                || *code == SqlState::CRASH_SHUTDOWN
                || *code == SqlState::CANNOT_CONNECT_NOW
                || *code == SqlState::TOO_MANY_CONNECTIONS
            {
                self.unreachable(why)
            } else {
                Error::Database {
                    sqlstate: code.code().to_owned(),
                    message: why,
                }
            };
        }
        // tokio-postgres's Display names the kind ("invalid configuration",
        // "error performing TLS handshake"); the cause says what happened.
        let text = match std::error::Error::source(e) {
            Some(source) => format!("{e}: {source}"),
            None => e.to_string(),
        };
        if let Some(why) = tls_cause(e) {
            return Error::Tls {
                address: self.address.clone(),
                why,
            };
        }
        if text.contains("TLS") {
            return Error::Tls {
                address: self.address.clone(),
                why: text,
            };
        }
        if text.contains("password missing") {
            return Error::Auth {
                role: self.role.clone(),
                why: "no password is set".to_owned(),
            };
        }
        let why = text;
        self.unreachable(why)
    }

    pub(crate) fn unreachable(&self, why: String) -> Error {
        Error::Unreachable {
            address: self.address.clone(),
            why,
        }
    }
}

/// "permission denied for table team_record" → "the privilege on table team_record".
fn lacks(message: &str) -> String {
    match message.strip_prefix("permission denied for ") {
        Some(object) => format!("a privilege on {object}"),
        None => message.to_owned(),
    }
}

/// The rustls error under a failed handshake, in words, if that was it.
fn tls_cause(e: &tokio_postgres::Error) -> Option<String> {
    let mut next: Option<&(dyn std::error::Error + 'static)> = std::error::Error::source(e);
    while let Some(err) = next {
        if let Some(tls) = err.downcast_ref::<rustls::Error>() {
            return Some(tls.to_string());
        }
        // io::Error hides the error it wraps from source(); get_ref finds it.
        if let Some(inner) = err
            .downcast_ref::<std::io::Error>()
            .and_then(|io| io.get_ref())
            .and_then(|inner| inner.downcast_ref::<rustls::Error>())
        {
            return Some(inner.to_string());
        }
        next = err.source();
    }
    None
}
