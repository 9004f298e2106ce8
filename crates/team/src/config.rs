//! What a desk needs to reach the team store, and the checks made before
//! any connection: a URL without a password in it, a TLS mode that
//! verifies the server unless the server is on this machine.

use std::fmt;
use std::path::PathBuf;
use std::str::FromStr;
use std::time::Duration;

use tokio_postgres::config::Host;

use crate::error::Error;

/// How the connection to the team store is protected.
///
/// There is deliberately no mode that encrypts without verifying the
/// server (libpq's `require`, `prefer`): a desk's records and password
/// would go to whoever answers. `disable` is for a server on this machine
/// (loopback or a Unix socket) and is refused for any other host.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum TlsMode {
    /// TLS, the certificate chain verified (the platform's roots, or only
    /// `ca_file` when given) and the host name checked. The default.
    #[default]
    VerifyFull,
    /// No TLS; loopback hosts only.
    Disable,
}

impl FromStr for TlsMode {
    type Err = Error;

    /// `verify-full` or `disable`; any other libpq mode is refused in words.
    fn from_str(s: &str) -> Result<TlsMode, Error> {
        match s {
            "verify-full" => Ok(TlsMode::VerifyFull),
            "disable" => Ok(TlsMode::Disable),
            "require" | "prefer" | "allow" | "verify-ca" => Err(Error::Config(format!(
                "tls = \"{s}\" is not offered: it does not check that the server is the team \
                 store's; use \"verify-full\" (with ca_file for a private CA), or \"disable\" for \
                 a server on this machine."
            ))),
            other => Err(Error::Config(format!(
                "tls = \"{other}\" is not a TLS mode; use \"verify-full\" or \"disable\"."
            ))),
        }
    }
}

impl fmt::Display for TlsMode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            TlsMode::VerifyFull => "verify-full",
            TlsMode::Disable => "disable",
        })
    }
}

/// The [team] settings, with the password from the OS keyring.
#[derive(Clone)]
pub struct TeamConfig {
    /// `postgres://host[:port]/database` or `postgresql://…`; no password
    /// in it, and no role (the role is `role`).
    pub url: String,
    /// The login role.
    pub role: String,
    /// From the keyring (or `PGPASSWORD` for `team migrate`); shown as
    /// `Some("<redacted>")` by `Debug`.
    pub password: Option<String>,
    /// TLS: [`TlsMode::VerifyFull`] unless the server is on this machine.
    pub tls: TlsMode,
    /// A PEM file of the CA(s) to trust instead of the platform's roots.
    pub ca_file: Option<PathBuf>,
    /// Bounds the whole connect: TCP, TLS, authentication, first queries.
    pub connect_timeout: Duration,
}

impl fmt::Debug for TeamConfig {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("TeamConfig")
            .field("url", &self.url)
            .field("role", &self.role)
            .field("password", &self.password.as_ref().map(|_| "<redacted>"))
            .field("tls", &self.tls)
            .field("ca_file", &self.ca_file)
            .field("connect_timeout", &self.connect_timeout)
            .finish()
    }
}

impl TeamConfig {
    /// A config with the default TLS (verify-full), no CA file, no password
    /// and a 10 s connect timeout.
    pub fn new(url: impl Into<String>, role: impl Into<String>) -> TeamConfig {
        TeamConfig {
            url: url.into(),
            role: role.into(),
            password: None,
            tls: TlsMode::VerifyFull,
            ca_file: None,
            connect_timeout: Duration::from_secs(10),
        }
    }

    /// The URL checked and turned into tokio-postgres's config, with the
    /// role, the password, the timeout and the TLS mode set; plus the
    /// `host:port` to name in messages.
    pub(crate) fn checked(&self) -> Result<Checked, Error> {
        if !(self.url.starts_with("postgres://") || self.url.starts_with("postgresql://")) {
            return Err(Error::Config(format!(
                "The team store's url must start with postgres:// or postgresql://, not {:?}.",
                redact_url(&self.url)
            )));
        }
        let mut pg = tokio_postgres::Config::from_str(&self.url).map_err(|e| {
            Error::Config(format!("The team store's url cannot be read ({e}); write it as postgresql://host:5432/database."))
        })?;
        if pg.get_password().is_some() {
            return Err(Error::Config(
                "The team store's url holds a password; remove it from the url and set it with \
                 `skymarshal team password`, which keeps it in the OS keyring."
                    .to_owned(),
            ));
        }
        if self.role.trim().is_empty() {
            return Err(Error::Config(
                "The [team] settings name no role; set role = \"…\".".to_owned(),
            ));
        }
        let hosts = pg.get_hosts().to_vec();
        let [host] = hosts.as_slice() else {
            return Err(Error::Config(
                "The team store's url must name exactly one host.".to_owned(),
            ));
        };
        let port = pg.get_ports().first().copied().unwrap_or(5432);
        let (address, local) = match host {
            Host::Tcp(name) if name.contains(':') => {
                (format!("[{name}]:{port}"), is_loopback(name))
            }
            Host::Tcp(name) => (format!("{name}:{port}"), is_loopback(name)),
            Host::Unix(path) => (path.display().to_string(), true),
        };
        if self.tls == TlsMode::Disable && !local {
            return Err(Error::Config(format!(
                "tls = \"disable\" is only for a team store on this machine, and {address} is \
                 not; use tls = \"verify-full\" (with ca_file for a private CA)."
            )));
        }
        pg.user(&self.role)
            .connect_timeout(self.connect_timeout)
            .application_name("skymarshal")
            .ssl_mode(match self.tls {
                TlsMode::VerifyFull => tokio_postgres::config::SslMode::Require,
                TlsMode::Disable => tokio_postgres::config::SslMode::Disable,
            });
        if pg.get_dbname().is_none() {
            return Err(Error::Config(
                "The team store's url names no database; end it with /database.".to_owned(),
            ));
        }
        if let Some(password) = &self.password {
            pg.password(password.as_bytes());
        }
        Ok(Checked { pg, address })
    }
}

pub(crate) struct Checked {
    pub(crate) pg: tokio_postgres::Config,
    pub(crate) address: String,
}

/// `localhost`, `127.0.0.0/8`, `::1`.
fn is_loopback(host: &str) -> bool {
    let bare = host.trim_start_matches('[').trim_end_matches(']');
    bare.eq_ignore_ascii_case("localhost")
        || bare
            .parse::<std::net::IpAddr>()
            .is_ok_and(|ip| ip.is_loopback())
}

/// The URL with anything between `://` and `@` replaced, for messages.
fn redact_url(url: &str) -> String {
    match (url.find("://"), url.rfind('@')) {
        (Some(start), Some(at)) if at > start => {
            format!("{}<redacted>{}", &url[..start + 3], &url[at..])
        }
        _ => url.to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::{TeamConfig, TlsMode};

    #[test]
    fn settings_are_checked_before_any_connection() {
        // (url, tls, Ok(address) or Err(words in the message))
        let cases: &[(&str, TlsMode, Result<&str, &str>)] = &[
            (
                "postgresql://127.0.0.1:5433/team",
                TlsMode::Disable,
                Ok("127.0.0.1:5433"),
            ),
            (
                "postgres://localhost/team",
                TlsMode::Disable,
                Ok("localhost:5432"),
            ),
            (
                "postgresql://[::1]:5432/team",
                TlsMode::Disable,
                Ok("[::1]:5432"),
            ),
            (
                "postgresql://occ-db.example.internal/team",
                TlsMode::VerifyFull,
                Ok("occ-db.example.internal:5432"),
            ),
            (
                "postgresql://occ-db.example.internal/team",
                TlsMode::Disable,
                Err("only for a team store on this machine"),
            ),
            (
                "postgresql://10.0.0.5/team",
                TlsMode::Disable,
                Err("only for a team store on this machine"),
            ),
            (
                "postgresql://desk:s3cret@occ-db/team",
                TlsMode::VerifyFull,
                Err("holds a password"),
            ),
            (
                "mysql://occ-db/team",
                TlsMode::VerifyFull,
                Err("must start with postgres://"),
            ),
            (
                "postgresql://occ-db",
                TlsMode::VerifyFull,
                Err("names no database"),
            ),
            (
                "postgresql://a,b/team",
                TlsMode::VerifyFull,
                Err("exactly one host"),
            ),
        ];
        for (url, tls, expected) in cases {
            let mut config = TeamConfig::new(*url, "skymarshal_desk");
            config.tls = *tls;
            match (config.checked(), expected) {
                (Ok(c), Ok(address)) => assert_eq!(c.address, *address, "{url}"),
                (Err(e), Err(words)) => {
                    let text = e.to_string();
                    assert!(text.contains(words), "{url}: {text}");
                    assert!(!text.contains("s3cret"), "{url}: {text}");
                }
                (Ok(c), Err(words)) => panic!("{url}: accepted ({}), expected {words}", c.address),
                (Err(e), Ok(_)) => panic!("{url}: refused: {e}"),
            }
        }
    }

    #[test]
    fn tls_modes_that_do_not_verify_the_server_are_refused_in_words() {
        for (text, ok) in [
            ("verify-full", true),
            ("disable", true),
            ("require", false),
            ("prefer", false),
            ("verify-ca", false),
            ("on", false),
        ] {
            let parsed = text.parse::<TlsMode>();
            assert_eq!(parsed.is_ok(), ok, "{text}");
            if let Ok(mode) = parsed {
                assert_eq!(mode.to_string(), text);
            }
        }
    }

    #[test]
    fn debug_never_shows_the_password() {
        let mut config = TeamConfig::new("postgresql://occ-db/team", "desk");
        config.password = Some("s3cret".to_owned());
        let shown = format!("{config:?}");
        assert!(
            !shown.contains("s3cret") && shown.contains("<redacted>"),
            "{shown}"
        );
    }
}
