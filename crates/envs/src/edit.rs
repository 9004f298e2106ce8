//! Changing the user's file from the console: add, replace or remove one
//! `[[environment]]` in place, keeping every comment and every other
//! environment exactly as the user wrote them (toml_edit edits the
//! document, it does not rewrite it). The organisation's file is never
//! written.

use std::path::Path;

use toml_edit::{ArrayOfTables, DocumentMut, Item};

use crate::draft::EnvironmentDraft;
use crate::model::{EnvironmentSpec, Source};
use crate::render::TEMPLATE;
use crate::{Catalog, Error, Locations};

impl Catalog {
    /// Writes `draft` into the user's file: in place of the environment
    /// called `original` when given, otherwise as a new one. Refused when
    /// the draft breaks a rule, its name is taken, or `original` belongs
    /// to the organisation's file.
    pub fn save(
        &self,
        locations: &Locations,
        original: Option<&str>,
        draft: &EnvironmentDraft,
    ) -> Result<EnvironmentSpec, Error> {
        let spec = draft.validate()?;
        if let Some(name) = original {
            self.editable(name)?;
        }
        if let Some(taken) = self.get(&spec.name)
            && original.is_none_or(|o| !o.eq_ignore_ascii_case(&taken.name))
        {
            return Err(Error::Invalid(format!(
                "an environment called {:?} already exists; choose another name",
                taken.name
            )));
        }
        let path = &locations.user_file;
        let mut document = read_document(path)?;
        let array = environments(&mut document, path)?;
        let table = draft.to_table();
        match original.and_then(|name| position(array, name)) {
            Some(index) => {
                if let Some(slot) = array.get_mut(index) {
                    let decor = slot.decor().clone();
                    *slot = table;
                    *slot.decor_mut() = decor;
                }
            }
            None if original.is_some() => {
                return Err(Error::Invalid(format!(
                    "{:?} is no longer in {}; reload the environments",
                    original.unwrap_or_default(),
                    path.display()
                )));
            }
            None => array.push(table),
        }
        crate::catalog::write(path, &document.to_string())?;
        Ok(spec)
    }

    /// Removes the environment called `name` from the user's file.
    pub fn remove(&self, locations: &Locations, name: &str) -> Result<(), Error> {
        self.editable(name)?;
        let path = &locations.user_file;
        let mut document = read_document(path)?;
        let array = environments(&mut document, path)?;
        let index = position(array, name)
            .ok_or_else(|| Error::Invalid(format!("{name:?} is not in {}", path.display())))?;
        array.remove(index);
        crate::catalog::write(path, &document.to_string())
    }

    /// Records which AWS profile the `aws_sigv4` environment `name` signs
    /// with (`None`: the keyring or the default chain), in place in its
    /// `[environment.auth]`, every comment kept. Refused for an
    /// environment of the organisation's file, one that does not sign
    /// with `aws_sigv4`, or a name that is not an AWS profile name.
    pub fn set_aws_profile(
        &self,
        locations: &Locations,
        name: &str,
        profile: Option<&str>,
    ) -> Result<EnvironmentSpec, Error> {
        self.editable(name)?;
        let spec = self.get(name).cloned().ok_or_else(|| {
            Error::Invalid(format!(
                "there is no environment {name:?}; reload the environments"
            ))
        })?;
        if !matches!(spec.auth, crate::Auth::AwsSigv4 { .. }) {
            return Err(Error::Invalid(format!(
                "{:?} signs with {}, not aws_sigv4; an AWS profile applies only to aws_sigv4 environments",
                spec.name,
                spec.auth.method()
            )));
        }
        if let Some(profile) = profile {
            crate::rules::aws_profile(profile).map_err(Error::Invalid)?;
        }
        let path = &locations.user_file;
        let mut document = read_document(path)?;
        let array = environments(&mut document, path)?;
        let index = position(array, name)
            .ok_or_else(|| Error::Invalid(format!("{name:?} is not in {}", path.display())))?;
        let Some(table) = array.get_mut(index) else {
            return Err(Error::Invalid(format!(
                "{name:?} is not in {}",
                path.display()
            )));
        };
        set_profile_in(table, profile);
        crate::catalog::write(path, &document.to_string())?;
        let text = std::fs::read_to_string(path).map_err(|source| Error::Io {
            path: path.clone(),
            source,
        })?;
        let (specs, _) = crate::parse(&text, Source::User);
        specs
            .into_iter()
            .find(|s| s.name.eq_ignore_ascii_case(name))
            .ok_or_else(|| {
                Error::Invalid(format!("{name:?} is no longer valid in {}", path.display()))
            })
    }

    fn editable(&self, name: &str) -> Result<(), Error> {
        match self.get(name) {
            None => Err(Error::Invalid(format!(
                "there is no environment {name:?}; reload the environments"
            ))),
            Some(spec) if spec.source == Source::Organisation => Err(Error::Invalid(format!(
                "{:?} comes from your organisation's file, which the console does not change; \
                 duplicate it to make your own version",
                spec.name
            ))),
            Some(_) => Ok(()),
        }
    }
}

/// `auth = "aws_sigv4"` becomes a table so it can hold the profile; a
/// table (inline or not) gains or loses its `profile` key only.
fn set_profile_in(table: &mut toml_edit::Table, profile: Option<&str>) {
    let is_table = table
        .get("auth")
        .is_some_and(|a| a.is_table() || a.is_inline_table());
    if !is_table {
        let mut auth = toml_edit::Table::new();
        auth.insert("method", toml_edit::value("aws_sigv4"));
        table.insert("auth", Item::Table(auth));
    }
    let Some(auth) = table.get_mut("auth").and_then(Item::as_table_like_mut) else {
        return;
    };
    match profile {
        Some(profile) => {
            auth.insert("profile", toml_edit::value(profile));
        }
        None => {
            auth.remove("profile");
        }
    }
}

fn read_document(path: &Path) -> Result<DocumentMut, Error> {
    let text = match std::fs::read_to_string(path) {
        Ok(text) => text,
        Err(error) if error.kind() == std::io::ErrorKind::NotFound => TEMPLATE.to_owned(),
        Err(source) => {
            return Err(Error::Io {
                path: path.to_owned(),
                source,
            });
        }
    };
    text.parse::<DocumentMut>().map_err(|error| {
        Error::Invalid(format!(
            "{} is not valid TOML ({}); fix it by hand before changing it here",
            path.display(),
            error.message().trim()
        ))
    })
}

fn environments<'a>(
    document: &'a mut DocumentMut,
    path: &Path,
) -> Result<&'a mut ArrayOfTables, Error> {
    let item = document
        .as_table_mut()
        .entry("environment")
        .or_insert_with(|| Item::ArrayOfTables(ArrayOfTables::new()));
    item.as_array_of_tables_mut().ok_or_else(|| {
        Error::Invalid(format!(
            "{}: `environment` must be written as [[environment]] tables; fix it by hand first",
            path.display()
        ))
    })
}

fn position(array: &ArrayOfTables, name: &str) -> Option<usize> {
    array.iter().position(|table| {
        table
            .get("name")
            .and_then(Item::as_str)
            .is_some_and(|n| n.trim().eq_ignore_ascii_case(name))
    })
}
