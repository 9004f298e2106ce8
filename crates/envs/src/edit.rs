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
