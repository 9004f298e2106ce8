//! The `[team]` table: where the operations centre's shared team store
//! (PostgreSQL) is, which role a desk logs in as, how the connection is
//! secured, and the desk's name and claim lease. Read with the same care as
//! an environment: every key checked, every problem with its line. The
//! password never goes in the file; it lives in the OS keyring.

use std::net::IpAddr;
use std::path::PathBuf;

use serde::Serialize;
use toml_edit::{Item, Table};

use crate::model::Source;
use crate::reader::{Lines, Reader, as_table};

const KEYS: &[&str] = &["url", "role", "tls", "ca_file", "desk", "lease_minutes"];

/// The claim lease when the file names none, in minutes.
pub const DEFAULT_LEASE_MINUTES: u32 = 120;
/// The shortest and longest lease the file may name, in minutes.
pub const LEASE_MINUTES: std::ops::RangeInclusive<u32> = 5..=1440;
/// The longest desk name, in characters.
pub const DESK_MAX_CHARS: usize = 40;
const PORT: u16 = 5432;
/// PostgreSQL's identifier limit (NAMEDATALEN - 1), in bytes.
const ROLE_MAX_BYTES: usize = 63;

/// How the connection to the team store is secured (`tls = "..."`).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum TeamTls {
    /// TLS; the certificate chains to `ca_file` (or the platform's roots
    /// without one) and names the host. The default.
    #[default]
    VerifyFull,
    /// No TLS at all: only for a team store on this computer (loopback).
    Disable,
}

impl TeamTls {
    /// The file's name for the mode.
    pub fn name(self) -> &'static str {
        match self {
            Self::VerifyFull => "verify-full",
            Self::Disable => "disable",
        }
    }
}

/// The team store, as a file's `[team]` table defines it, every rule
/// checked.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct TeamSpec {
    /// The URL as written (`postgres://` or `postgresql://`), which holds
    /// no password and no role.
    pub url: String,
    /// The host from the URL, lower-cased, IPv6 without brackets (`::1`).
    pub host: String,
    /// The port from the URL, 5432 when it names none.
    pub port: u16,
    /// The database from the URL's path.
    pub database: String,
    /// The login role (`role = "..."`).
    pub role: String,
    /// How the connection is secured.
    pub tls: TeamTls,
    /// The certificate authority (PEM) to trust instead of the platform's
    /// roots; an absolute path, not checked for existence here.
    pub ca_file: Option<PathBuf>,
    /// The desk's label for its records; `None`: the host name.
    pub desk: Option<String>,
    /// How long a claim holds a flight, in minutes (5 to 1440).
    pub lease_minutes: u32,
    /// Which file it came from.
    pub source: Source,
    /// The line of its `[team]` header.
    pub line: usize,
}

impl TeamSpec {
    /// The claim lease in milliseconds.
    pub fn lease_ms(&self) -> i64 {
        i64::from(self.lease_minutes) * 60_000
    }
}

/// Reads the top-level `team` item found at line `at`: the spec (only when
/// there is no problem), the line of its header, and every problem.
pub(crate) fn read(
    item: &Item,
    at: usize,
    lines: &Lines,
    source: Source,
) -> (Option<TeamSpec>, usize, Vec<(usize, String)>) {
    let table = match item {
        Item::ArrayOfTables(_) => {
            let message = "write the team store as one [team] table, with single brackets";
            return (None, at, vec![(at, message.to_owned())]);
        }
        other => as_table(other),
    };
    let Some(table) = table else {
        let message = "team must be a [team] table holding url and role";
        return (None, at, vec![(at, message.to_owned())]);
    };
    let mut reader = Reader::new(&table, lines);
    let spec = team(&mut reader, &table, at, source);
    (spec, at, reader.problems)
}

fn team(reader: &mut Reader<'_>, table: &Table, header: usize, source: Source) -> Option<TeamSpec> {
    reader.check_keys(table, KEYS, "[team]");
    let url = reader.string(table, "url").map(|u| u.trim().to_owned());
    if table.get("url").is_none() {
        reader.problem(
            header,
            "[team] has no url; add url = \"postgresql://<host>:5432/<database>\"".to_owned(),
        );
    }
    let parts = url.as_deref().and_then(|text| match team_url(text) {
        Ok(parts) => Some(parts),
        Err(message) => {
            let line = reader.line_of(table, "url");
            reader.problem(line, message);
            None
        }
    });
    let role = match reader.string(table, "role").map(|r| r.trim().to_owned()) {
        Some(role) => match check_role(&role) {
            Ok(()) => Some(role),
            Err(message) => {
                let line = reader.line_of(table, "role");
                reader.problem(line, message);
                None
            }
        },
        None if table.get("role").is_none() => {
            reader.problem(
                header,
                "[team] has no role; add role = \"...\", the login role your administrator created for desks".to_owned(),
            );
            None
        }
        None => None,
    };
    let tls = tls(reader, table);
    let ca_file = reader.string(table, "ca_file").map(PathBuf::from);
    if let Some(path) = &ca_file {
        let line = reader.line_of(table, "ca_file");
        if !path.is_absolute() {
            reader.problem(
                line,
                format!(
                    "ca_file {:?} must be a full path, such as \"/etc/skymarshal/team-ca.pem\"",
                    path.display()
                ),
            );
        } else if tls == Some(TeamTls::Disable) {
            reader.problem(
                line,
                "ca_file has no use with tls = \"disable\"; remove one of them".to_owned(),
            );
        }
    }
    if let (Some(TeamTls::Disable), Some(parts)) = (tls, &parts)
        && !is_loopback(&parts.host)
    {
        let line = reader.line_of(table, "tls");
        reader.problem(line, format!(
            "tls = \"disable\" would send the password and every record unencrypted to {:?}; it is allowed only for a team store on this computer (127.0.0.1, ::1 or localhost). Use verify-full",
            parts.host
        ));
    }
    let desk = reader.string(table, "desk").map(|d| d.trim().to_owned());
    if let Some(desk) = &desk
        && let Err(message) = check_desk(desk)
    {
        let line = reader.line_of(table, "desk");
        reader.problem(line, message);
    }
    let lease_minutes = lease(reader, table);
    let parts = parts?;
    Some(TeamSpec {
        url: url?,
        host: parts.host,
        port: parts.port,
        database: parts.database,
        role: role?,
        tls: tls?,
        ca_file,
        desk,
        lease_minutes: lease_minutes?,
        source,
        line: header,
    })
}

fn tls(reader: &mut Reader<'_>, table: &Table) -> Option<TeamTls> {
    let Some(text) = reader.string(table, "tls") else {
        // Absent is the default; a non-string was reported by `string`.
        return table.get("tls").is_none().then_some(TeamTls::VerifyFull);
    };
    let line = reader.line_of(table, "tls");
    match text.trim() {
        "verify-full" => Some(TeamTls::VerifyFull),
        "disable" => Some(TeamTls::Disable),
        "require" | "prefer" | "allow" => {
            reader.problem(line, format!(
                "tls = {text:?} does not check the server's certificate at all, so anyone on the network path could pose as the team store; use verify-full (with ca_file for a private certificate authority)"
            ));
            None
        }
        "verify-ca" => {
            reader.problem(line, format!(
                "tls = {text:?} does not check that the certificate names the team store's host, so anyone with a certificate from the same authority could pose as it; use verify-full (with ca_file for a private certificate authority)"
            ));
            None
        }
        other => {
            reader.problem(
                line,
                format!("tls {other:?} is not one of verify-full, disable"),
            );
            None
        }
    }
}

fn lease(reader: &mut Reader<'_>, table: &Table) -> Option<u32> {
    let Some(item) = table.get("lease_minutes") else {
        return Some(DEFAULT_LEASE_MINUTES);
    };
    let minutes = item
        .as_integer()
        .and_then(|m| u32::try_from(m).ok())
        .filter(|m| LEASE_MINUTES.contains(m));
    if minutes.is_none() {
        let line = reader.line_of(table, "lease_minutes");
        reader.problem(
            line,
            format!(
                "lease_minutes must be a whole number of minutes from {} to {} (a day), such as {DEFAULT_LEASE_MINUTES}",
                LEASE_MINUTES.start(),
                LEASE_MINUTES.end()
            ),
        );
    }
    minutes
}

/// The parts of a team store URL a connection needs.
#[derive(Debug, PartialEq, Eq)]
struct UrlParts {
    host: String,
    port: u16,
    database: String,
}

/// Checks a team store URL. The whole URL is never quoted back: a URL
/// that fails to parse may still hold a password.
fn team_url(text: &str) -> Result<UrlParts, String> {
    let example = "such as \"postgresql://occ-db.example.internal:5432/skymarshal\"";
    let url = url::Url::parse(text).map_err(|e| {
        format!("url is not a URL ({e}); write the team store's address, {example}")
    })?;
    match url.scheme() {
        "postgres" | "postgresql" => {}
        other => {
            return Err(format!(
                "url uses {other}:, not postgresql:; write the team store's address, {example}"
            ));
        }
    }
    if url.password().is_some() {
        return Err(
            "url holds a password: remove it; the password goes into the keyring with `skymarshal team password`, not into the file"
                .to_owned(),
        );
    }
    if !url.username().is_empty() {
        return Err(format!(
            "url names the role {:?} before the @: remove it and write role = {:?} instead",
            url.username(),
            url.username()
        ));
    }
    let host = url.host_str().unwrap_or_default();
    let host = host
        .strip_prefix('[')
        .and_then(|h| h.strip_suffix(']'))
        .unwrap_or(host);
    if host.is_empty() {
        return Err(format!("url has no host; {example}"));
    }
    if host.contains(',') {
        return Err(format!(
            "url names several hosts ({host:?}); name the one host (or DNS name) of the team store"
        ));
    }
    if url.query().is_some() || url.fragment().is_some() {
        return Err(
            "url has options after ? or #, which are not read; remove them and use tls = \"...\" and ca_file = \"...\" instead"
                .to_owned(),
        );
    }
    let port = url.port().unwrap_or(PORT);
    if port == 0 {
        return Err("url's port 0 is not a port; remove it for 5432".to_owned());
    }
    let path = url.path().strip_prefix('/').unwrap_or(url.path());
    if path.is_empty() {
        return Err(format!("url names no database after the host; {example}"));
    }
    if path.contains('/') {
        return Err(format!(
            "url's path {path:?} is not one database name; write /<database> after the host, {example}"
        ));
    }
    let database = percent_decoded(path).ok_or_else(|| {
        format!("url's database {path:?} is not valid text once its %-escapes are read")
    })?;
    Ok(UrlParts {
        // A postgres URL keeps the host's case (it is not a "special"
        // scheme to the URL standard); DNS names have none.
        host: host.to_ascii_lowercase(),
        port,
        database,
    })
}

/// `%20` and friends back to text; `None` when the bytes are not UTF-8.
fn percent_decoded(text: &str) -> Option<String> {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        let escaped = (bytes[i] == b'%')
            .then(|| text.get(i + 1..i + 3))
            .flatten()
            .and_then(|hex| u8::from_str_radix(hex, 16).ok());
        match escaped {
            Some(byte) => {
                out.push(byte);
                i += 3;
            }
            None => {
                out.push(bytes[i]);
                i += 1;
            }
        }
    }
    String::from_utf8(out).ok()
}

fn is_loopback(host: &str) -> bool {
    host.eq_ignore_ascii_case("localhost")
        || host.parse::<IpAddr>().is_ok_and(|ip| ip.is_loopback())
}

fn check_role(role: &str) -> Result<(), String> {
    if role.is_empty() {
        return Err("role is empty; write the login role your administrator created for desks, such as \"skymarshal_desk\"".to_owned());
    }
    if role.chars().any(char::is_control) || role.len() > ROLE_MAX_BYTES {
        return Err(format!(
            "role {role:?} is not a PostgreSQL role name: at most {ROLE_MAX_BYTES} bytes, no control characters"
        ));
    }
    Ok(())
}

fn check_desk(desk: &str) -> Result<(), String> {
    if desk.is_empty() {
        return Err("desk is empty; name the desk, such as \"OCC-1\", or remove the line to use the computer's name".to_owned());
    }
    if desk.chars().any(char::is_control) {
        return Err(format!(
            "desk {desk:?} holds a control character (a tab or a line break); write the name on one line"
        ));
    }
    let count = desk.chars().count();
    if count > DESK_MAX_CHARS {
        return Err(format!(
            "desk {desk:?} is {count} characters long; keep it to {DESK_MAX_CHARS}, such as \"OCC-1\""
        ));
    }
    Ok(())
}
