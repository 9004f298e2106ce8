//! The console's few settings that belong with its history (how long to
//! keep it, where the user was), kept in the same file so that they move,
//! back up and disappear together with it.

use rusqlite::{OptionalExtension as _, params};

use crate::{Error, Store};

impl Store {
    /// A setting's value, if it was ever set.
    pub fn setting(&self, key: &str) -> Result<Option<String>, Error> {
        Ok(self
            .conn
            .query_row(
                "SELECT value FROM settings WHERE key = ?1",
                params![key],
                |row| row.get(0),
            )
            .optional()?)
    }

    /// Sets a setting, or removes it when `value` is `None`.
    pub fn set_setting(&mut self, key: &str, value: Option<&str>) -> Result<(), Error> {
        match value {
            Some(value) => self.conn.execute(
                "INSERT INTO settings (key, value) VALUES (?1, ?2)
                 ON CONFLICT (key) DO UPDATE SET value = excluded.value",
                params![key, value],
            )?,
            None => self
                .conn
                .execute("DELETE FROM settings WHERE key = ?1", params![key])?,
        };
        Ok(())
    }
}
