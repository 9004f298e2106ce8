//! Reading an environments file: every key checked, every problem reported
//! with its line, and every environment without a problem kept. The
//! `[team]` table is read by [`crate::team`] with the same [`Reader`].

use std::time::Duration;

use toml_edit::{Document, Item, Table, Value};

use crate::model::{Auth, EnvironmentSpec, Source, Timeouts};
use crate::reader::{Lines, Reader, as_table};
use crate::rules;
use crate::team::{self, TeamSpec};

const KEYS: &[&str] = &[
    "name",
    "invoke_url",
    "health_url",
    "region",
    "production",
    "color",
    "confirm_before_send",
    "auth",
    "timeouts",
];
const AUTH_KEYS: &[&str] = &["method", "header", "profile"];
const TIMEOUT_KEYS: &[&str] = &["connect_seconds", "idle_seconds", "total_seconds"];

/// Parses `text`; returns the valid environments and, for the rest (and
/// for a `[team]` table with a problem), each problem as (line, message).
/// [`parse_file`] gives the `[team]` table as well.
pub fn parse(text: &str, source: Source) -> (Vec<EnvironmentSpec>, Vec<(usize, String)>) {
    let parsed = parse_file(text, source);
    (parsed.environments, parsed.problems)
}

/// Everything one environments file defines.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ParsedFile {
    /// The valid environments, in file order.
    pub environments: Vec<EnvironmentSpec>,
    /// The `[team]` table, when the file has one without a problem.
    pub team: Option<TeamSpec>,
    /// The line of the file's `[team]` table when it has one, valid or
    /// not: a user's broken `[team]` still stands in for the
    /// organisation's (see [`crate::Catalog::team`]).
    pub team_line: Option<usize>,
    /// Every problem, as (line from 1, message).
    pub problems: Vec<(usize, String)>,
}

/// Parses `text`: the environments, the `[team]` table, and every problem
/// with its line. Never fails: a file that is not TOML is one problem.
pub fn parse_file(text: &str, source: Source) -> ParsedFile {
    let lines = Lines::new(text);
    let mut parsed = ParsedFile::default();
    let document = match Document::parse(text) {
        Ok(document) => document,
        Err(error) => {
            let line = error.span().map_or(1, |s| lines.of(s.start));
            let message = error.message().trim().to_owned();
            parsed
                .problems
                .push((line, format!("this is not valid TOML: {message}")));
            return parsed;
        }
    };
    let problems = &mut parsed.problems;
    for (key, item) in document.as_table().iter() {
        let at = lines.of_key(document.as_table().key(key), item);
        match (key, item) {
            ("environment", Item::ArrayOfTables(tables)) => {
                for table in tables.iter() {
                    let mut reader = Reader::new(table, &lines);
                    let spec = reader.environment(source);
                    match (spec, reader.problems.is_empty()) {
                        (Some(spec), true) => parsed.environments.push(spec),
                        _ => problems.extend(reader.problems),
                    }
                }
            }
            ("environment", _) => problems.push((
                at,
                "write each environment as [[environment]], with double brackets".to_owned(),
            )),
            ("team", item) => {
                let (spec, line, found) = team::read(item, at, &lines, source);
                parsed.team_line = Some(line);
                match (spec, found.is_empty()) {
                    (Some(spec), true) => parsed.team = Some(spec),
                    _ => problems.extend(found),
                }
            }
            (other, _) => problems.push((
                at,
                format!("unknown key {other:?} at the top of the file; the file holds [[environment]] tables and at most one [team] table"),
            )),
        }
    }
    parsed
}

impl Reader<'_> {
    fn seconds(&mut self, table: &Table, key: &str) -> Option<Duration> {
        let item = table.get(key)?;
        let value = item
            .as_integer()
            .map(|i| i as f64)
            .or_else(|| item.as_float())
            .filter(|v| v.is_finite() && *v > 0.0 && *v <= 86_400.0);
        if value.is_none() {
            let line = self.line_of(table, key);
            self.problem(
                line,
                format!("{key} must be a number of seconds above 0 (at most 86400)"),
            );
        }
        value.map(Duration::from_secs_f64)
    }

    fn url(&mut self, table: &Table, key: &str) -> Option<(String, url::Url)> {
        let text = self.string(table, key)?;
        match rules::endpoint_url(&text, key) {
            Ok(url) => Some((text, url)),
            Err(message) => {
                let line = self.line_of(table, key);
                self.problem(line, message);
                None
            }
        }
    }

    fn environment(&mut self, source: Source) -> Option<EnvironmentSpec> {
        let table = self.table;
        let header = self.header_line();
        self.check_keys(table, KEYS, "[[environment]]");
        let name = self.string(table, "name").map(|n| n.trim().to_owned());
        let name = match name {
            Some(name) if !name.is_empty() => name,
            _ => {
                self.problem(
                    header,
                    "this environment has no name; add name = \"...\"".to_owned(),
                );
                return None;
            }
        };
        let invoke = self.url(table, "invoke_url");
        if table.get("invoke_url").is_none() {
            self.problem(
                header,
                format!("environment {name:?} has no invoke_url; add the Lambda Function URL"),
            );
        }
        let health_url = self.url(table, "health_url").map(|(text, _)| text);
        let region = self.string(table, "region");
        if let Some(region) = &region {
            if let Err(message) = rules::region(region) {
                let line = self.line_of(table, "region");
                self.problem(line, message);
            }
            let url_region = invoke
                .as_ref()
                .and_then(|(_, url)| rules::region_of_function_url(url));
            if let Some(url_region) = url_region.filter(|r| r != region) {
                let line = self.line_of(table, "region");
                self.problem(line, format!("region {region:?} differs from the invoke URL's region {url_region:?}; requests would be signed for the wrong region"));
            }
        }
        let production = self.boolean(table, "production").unwrap_or(false);
        let color = self.string(table, "color");
        if let Some(color) = &color
            && let Err(message) = rules::color(color)
        {
            let line = self.line_of(table, "color");
            self.problem(line, message);
        }
        let confirm_before_send = self
            .boolean(table, "confirm_before_send")
            .unwrap_or(production);
        let auth = self.auth(table);
        if matches!(auth, Some(Auth::AwsSigv4 { .. })) && region.is_none() {
            self.problem(
                header,
                format!("environment {name:?} signs with aws_sigv4 and needs region = \"...\""),
            );
        }
        let timeouts = self.timeouts(table);
        Some(EnvironmentSpec {
            name,
            invoke_url: invoke?.0,
            health_url,
            region,
            production,
            color: color.unwrap_or_else(|| EnvironmentSpec::default_color(production).to_owned()),
            confirm_before_send,
            auth: auth?,
            timeouts,
            source,
            line: header,
        })
    }

    fn auth(&mut self, table: &Table) -> Option<Auth> {
        let (method, header, profile) = match table.get("auth") {
            None => return Some(Auth::None),
            Some(Item::Value(Value::String(method))) => (Some(method.value().clone()), None, None),
            Some(item) => match as_table(item) {
                Some(auth) => {
                    self.check_keys(&auth, AUTH_KEYS, "[environment.auth]");
                    let profile = self
                        .string(&auth, "profile")
                        .map(|p| (p, self.line_of(&auth, "profile")));
                    (
                        self.string(&auth, "method"),
                        self.string(&auth, "header"),
                        profile,
                    )
                }
                None => {
                    let line = self.line_of(table, "auth");
                    self.problem(
                        line,
                        "auth must be a method name or an [environment.auth] table".to_owned(),
                    );
                    return None;
                }
            },
        };
        let line = self.line_of(table, "auth");
        match method.as_deref() {
            Some(other) if other != "aws_sigv4" && profile.is_some() => {
                self.problem(
                    profile.map_or(line, |(_, l)| l),
                    format!("profile names an AWS profile and only works with method = \"aws_sigv4\", not {other:?}"),
                );
                None
            }
            Some("none") => Some(Auth::None),
            Some("aws_sigv4") => match profile {
                None => Some(Auth::AwsSigv4 { profile: None }),
                Some((profile, line)) => match rules::aws_profile(&profile) {
                    Ok(()) => Some(Auth::AwsSigv4 {
                        profile: Some(profile),
                    }),
                    Err(message) => {
                        self.problem(line, message);
                        None
                    }
                },
            },
            Some("bearer") => Some(Auth::Bearer),
            Some("api_key") => {
                let header = header.unwrap_or_else(|| "x-api-key".to_owned());
                match rules::header_name(&header) {
                    Ok(()) => Some(Auth::ApiKey { header }),
                    Err(message) => {
                        self.problem(line, message);
                        None
                    }
                }
            }
            Some(other) => {
                self.problem(
                    line,
                    format!("auth method {other:?} is not one of none, aws_sigv4, bearer, api_key"),
                );
                None
            }
            None => {
                self.problem(
                    line,
                    "auth needs a method: none, aws_sigv4, bearer or api_key".to_owned(),
                );
                None
            }
        }
    }

    fn timeouts(&mut self, table: &Table) -> Timeouts {
        let mut timeouts = Timeouts::default();
        let Some(item) = table.get("timeouts") else {
            return timeouts;
        };
        let Some(section) = as_table(item) else {
            let line = self.line_of(table, "timeouts");
            self.problem(
                line,
                "timeouts must be an [environment.timeouts] table".to_owned(),
            );
            return timeouts;
        };
        self.check_keys(&section, TIMEOUT_KEYS, "[environment.timeouts]");
        if let Some(d) = self.seconds(&section, "connect_seconds") {
            timeouts.connect = d;
        }
        if let Some(d) = self.seconds(&section, "idle_seconds") {
            timeouts.idle = d;
        }
        if let Some(d) = self.seconds(&section, "total_seconds") {
            timeouts.total = d;
        }
        timeouts
    }
}
