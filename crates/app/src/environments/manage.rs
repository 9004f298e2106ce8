//! Changing the environments from the window: add, edit, duplicate (an
//! add of an edited copy), remove, import and export. Every change goes
//! through the user's file, which stays the one source of truth; the
//! console then re-reads it, so the window shows exactly what the file
//! now says, problems included.

use serde::Serialize;
use skymarshal_envs::{Catalog, EnvironmentDraft};

use crate::environments::registry::Registry;
use crate::{AppError, Console, EnvironmentList};

/// The answer to a change: the new list, the environment it concerns, and
/// anything the user should know that did not stop the change.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Changed {
    /// The environments as the file now defines them.
    pub list: EnvironmentList,
    /// The window id of the environment saved (none after a removal).
    pub id: Option<String>,
    /// For example: the file changed but the keyring could not follow.
    pub notice: Option<String>,
}

/// The answer to an import.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Imported {
    /// The names added.
    pub added: Vec<String>,
    /// The environments now.
    pub list: EnvironmentList,
}

impl Console {
    /// Saves `draft`: over the environment `original_id` when given
    /// (moving its credentials if it is renamed), otherwise as a new one.
    pub async fn save_environment(
        &self,
        original_id: Option<&str>,
        draft: &EnvironmentDraft,
    ) -> Result<Changed, AppError> {
        let locations = self.locations.as_ref().ok_or(AppError::NotEditable)?;
        let original = original_id.map(|id| self.spec_name(id)).transpose()?;
        let spec = self
            .registry()
            .catalog()
            .save(locations, original.as_deref(), draft)?;
        let mut notice = None;
        if let Some(old) = original.filter(|old| !old.eq_ignore_ascii_case(&spec.name))
            && let Err(error) = self.vault.rename(&old, &spec.name).await
        {
            tracing::warn!(%error, "credentials not moved on rename");
            notice = Some(format!(
                "Saved, but its credentials could not be moved to the new name: {error} Set them again for {:?}.",
                spec.name
            ));
        }
        let list = self.reload()?;
        let id = crate::environments::environment::Environment::configured(&spec).id;
        Ok(Changed {
            list,
            id: Some(id),
            notice,
        })
    }

    /// Removes the environment `id` from the user's file, and its
    /// credentials from the keyring.
    pub async fn remove_environment(&self, id: &str) -> Result<Changed, AppError> {
        let locations = self.locations.as_ref().ok_or(AppError::NotEditable)?;
        let name = self.spec_name(id)?;
        self.registry().catalog().remove(locations, &name)?;
        let notice = match self.vault.forget(&name).await {
            Ok(()) => None,
            Err(error) => {
                tracing::warn!(%error, "credentials not removed with their environment");
                Some(format!(
                    "Removed, but its credentials stay in the keyring: {error}"
                ))
            }
        };
        Ok(Changed {
            list: self.reload()?,
            id: None,
            notice,
        })
    }

    /// Adds the environments of an exported file to the user's file: all
    /// of them, or none when any has a problem.
    pub fn import_environments(&self, text: &str) -> Result<Imported, AppError> {
        let locations = self.locations.as_ref().ok_or(AppError::NotEditable)?;
        let added = self.registry().catalog().import(locations, text)?;
        Ok(Imported {
            added,
            list: self.reload()?,
        })
    }

    /// The environments `ids` as a file to share: never a secret.
    pub fn export_environments(&self, ids: &[String]) -> Result<String, AppError> {
        let registry = self.registry();
        let names: Vec<&str> = ids
            .iter()
            .map(|id| registry.spec(id).map(|s| s.name.as_str()))
            .collect::<Result<_, _>>()?;
        Ok(registry.catalog().export(&names)?)
    }

    /// Re-reads the environments files.
    pub fn reload(&self) -> Result<EnvironmentList, AppError> {
        let Some(locations) = &self.locations else {
            return Ok(self.environment_list());
        };
        let registry = Registry::build(self.training.clone(), Catalog::load(locations));
        let list = registry.list();
        *self
            .registry
            .write()
            .unwrap_or_else(std::sync::PoisonError::into_inner) = registry;
        Ok(list)
    }
}
