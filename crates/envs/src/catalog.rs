//! All the environments the console knows: the organisation's (read-only)
//! and the user's, with every problem found on the way.

use std::fmt;
use std::path::{Path, PathBuf};

use serde::Serialize;

use crate::model::{EnvironmentSpec, Source};
use crate::render::{TEMPLATE, render};
use crate::team::TeamSpec;
use crate::{Error, Locations, parse, parse_file};

/// A problem in a file, with where it is.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Diagnostic {
    /// The file.
    pub path: PathBuf,
    /// The line, from 1.
    pub line: usize,
    /// What is wrong and what to write instead.
    pub message: String,
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{}, line {}: {}",
            self.path.display(),
            self.line,
            self.message
        )
    }
}

/// The environments, and the problems that kept others out.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Catalog {
    /// Valid environments: the organisation's first, then the user's.
    pub environments: Vec<EnvironmentSpec>,
    /// Everything wrong, with file and line.
    pub diagnostics: Vec<Diagnostic>,
    /// The team store, when one is configured. The user's `[team]` wins
    /// whole over the organisation's: keys are never mixed from both, so a
    /// desk never logs in with one file's role to the other file's host.
    /// A user's `[team]` with a problem still stands in for the
    /// organisation's: then there is no team store (and a diagnostic says
    /// so) rather than records going to a store the user did not mean.
    pub team: Option<TeamSpec>,
    /// Where the `[team]` table in force is, when it has a problem and so
    /// no team store is used: a desk then says so, never "none is
    /// configured" (its problems are among `diagnostics`).
    pub team_refused: Option<Diagnostic>,
}

impl Catalog {
    /// Reads both files, creating the user's (the documented template)
    /// when it does not exist yet. Never fails: what cannot be read is a
    /// diagnostic.
    pub fn load(locations: &Locations) -> Self {
        let mut catalog = Self::default();
        if let Some(org) = &locations.org_file {
            catalog.read(org, Source::Organisation);
        }
        let user = &locations.user_file;
        if !user.exists()
            && let Err(error) = create_template(user)
        {
            catalog.diagnostics.push(Diagnostic {
                path: user.clone(),
                line: 1,
                message: format!("could not create the environments file: {error}"),
            });
        }
        if user.exists() {
            catalog.read(user, Source::User);
        }
        catalog
    }

    /// Parses `text` as if read from `path`, adding what it defines.
    /// Read the organisation's file before the user's: a `[team]` read
    /// later replaces one read before.
    pub fn add_text(&mut self, path: &Path, text: &str, source: Source) {
        let parsed = parse_file(text, source);
        let mut problems = parsed.problems;
        problems.sort_by_key(|(line, _)| *line);
        self.diagnostics
            .extend(problems.into_iter().map(|(line, message)| Diagnostic {
                path: path.to_owned(),
                line,
                message,
            }));
        if let Some(line) = parsed.team_line {
            if parsed.team.is_none() && self.team.is_some() {
                self.diagnostics.push(Diagnostic {
                    path: path.to_owned(),
                    line,
                    message: "this [team] table replaces your organisation's and has a problem, \
                              so no team store is used; fix it, or remove it to use your \
                              organisation's"
                        .to_owned(),
                });
            }
            self.team_refused = parsed.team.is_none().then(|| Diagnostic {
                path: path.to_owned(),
                line,
                message: "the [team] table has a problem".to_owned(),
            });
            self.team = parsed.team;
        }
        let environments = parsed.environments;
        for spec in environments {
            if let Some(existing) = self.get(&spec.name) {
                let owner = match existing.source {
                    Source::Organisation => "your organisation's file",
                    Source::User => "an earlier [[environment]]",
                };
                self.diagnostics.push(Diagnostic {
                    path: path.to_owned(),
                    line: spec.line,
                    message: format!("environment {:?} is already defined by {owner}; give this one another name", spec.name),
                });
            } else {
                self.environments.push(spec);
            }
        }
    }

    fn read(&mut self, path: &Path, source: Source) {
        match std::fs::read_to_string(path) {
            Ok(text) => self.add_text(path, &text, source),
            Err(error) => self.diagnostics.push(Diagnostic {
                path: path.to_owned(),
                line: 1,
                message: format!("could not read the file: {error}"),
            }),
        }
    }

    /// The environment called `name` (case-insensitively).
    pub fn get(&self, name: &str) -> Option<&EnvironmentSpec> {
        self.environments
            .iter()
            .find(|e| e.name.eq_ignore_ascii_case(name))
    }

    /// The named environments as a TOML file, for sharing. It holds no
    /// secret: environments never carry one.
    pub fn export(&self, names: &[&str]) -> Result<String, Error> {
        let mut chosen = Vec::new();
        for name in names {
            let spec = self.get(name).ok_or_else(|| {
                Error::Invalid(format!("there is no environment {name:?} to export"))
            })?;
            chosen.push(spec.clone());
        }
        Ok(format!(
            "# SkyMarshal Console environments, exported.\n{}",
            render(&chosen)
        ))
    }

    /// Adds the environments of `text` (an export) to the user's file.
    /// Refused whole when any of them has a problem or a taken name, so a
    /// half-imported file never happens. Returns the names added.
    pub fn import(&self, locations: &Locations, text: &str) -> Result<Vec<String>, Error> {
        let (incoming, problems) = parse(text, Source::User);
        let mut messages: Vec<String> = problems
            .into_iter()
            .map(|(line, message)| format!("line {line}: {message}"))
            .collect();
        for spec in &incoming {
            if self.get(&spec.name).is_some() {
                messages.push(format!(
                    "line {}: environment {:?} already exists; rename it in the file first",
                    spec.line, spec.name
                ));
            }
        }
        if incoming.is_empty() && messages.is_empty() {
            messages.push("the file defines no [[environment]]".to_owned());
        }
        if !messages.is_empty() {
            return Err(Error::Invalid(format!(
                "Nothing was imported. {}",
                messages.join("; ")
            )));
        }
        let path = &locations.user_file;
        let mut current = std::fs::read_to_string(path).unwrap_or_else(|_| TEMPLATE.to_owned());
        current.push_str(&render(&incoming));
        write(path, &current)?;
        Ok(incoming.into_iter().map(|s| s.name).collect())
    }
}

fn create_template(path: &Path) -> Result<(), Error> {
    write(path, TEMPLATE)
}

pub(crate) fn write(path: &Path, text: &str) -> Result<(), Error> {
    let io = |source| Error::Io {
        path: path.to_owned(),
        source,
    };
    if let Some(dir) = path.parent() {
        std::fs::create_dir_all(dir).map_err(io)?;
    }
    // Write beside, then rename: a crash never leaves half a file.
    let temporary = path.with_extension("toml.new");
    std::fs::write(&temporary, text).map_err(io)?;
    std::fs::rename(&temporary, path).map_err(io)
}
