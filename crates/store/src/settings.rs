//! The console's few settings that belong with its history (how long to
//! keep it, where the user was), kept in the same file so that they move,
//! back up and disappear together with it. Retention is applied here too,
//! so the console and the CLI keep a history the same way.

use std::num::NonZeroU32;

use rusqlite::{OptionalExtension as _, params};

use crate::{Error, Store};

const RETENTION: &str = "retention_days";
const DAY_MS: i64 = 24 * 60 * 60 * 1000;

/// A retention of zero days, refused: it would empty the history the
/// moment it is set.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
#[error("Keep the history for at least one day, or for ever.")]
pub struct RetentionTooShort;

/// `days` as a retention (`None`: for ever), or why not.
pub fn retention(days: Option<u32>) -> Result<Option<NonZeroU32>, RetentionTooShort> {
    days.map(|d| NonZeroU32::new(d).ok_or(RetentionTooShort))
        .transpose()
}

impl Store {
    /// How many days a session is kept after its last activity (`None`:
    /// for ever).
    pub fn retention_days(&self) -> Result<Option<u32>, Error> {
        Ok(self.setting(RETENTION)?.and_then(|v| v.parse().ok()))
    }

    /// Sets how long sessions are kept and applies it at once, as of
    /// `now_ms`; answers how many sessions went.
    pub fn set_retention_days(
        &mut self,
        days: Option<NonZeroU32>,
        now_ms: i64,
    ) -> Result<usize, Error> {
        self.set_setting(RETENTION, days.map(|d| d.to_string()).as_deref())?;
        self.sweep_retention(now_ms)
    }

    /// Applies the retention setting as of `now_ms`; answers how many
    /// sessions went.
    pub fn sweep_retention(&mut self, now_ms: i64) -> Result<usize, Error> {
        match self.retention_days()? {
            Some(days) => self.apply_retention(now_ms - i64::from(days) * DAY_MS),
            None => Ok(0),
        }
    }

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

#[cfg(test)]
mod tests {
    use super::{DAY_MS, RetentionTooShort, retention};
    use crate::Store;

    #[test]
    fn retention_is_at_least_a_day_and_applies_as_it_is_set() {
        assert_eq!(retention(Some(0)), Err(RetentionTooShort));
        assert_eq!(retention(None), Ok(None));
        let mut store = Store::open_in_memory().unwrap();
        assert_eq!(store.retention_days().unwrap(), None);
        assert_eq!(store.sweep_retention(i64::MAX / 2).unwrap(), 0);
        let days = retention(Some(30)).unwrap();
        assert_eq!(store.set_retention_days(days, 31 * DAY_MS).unwrap(), 0);
        assert_eq!(store.retention_days().unwrap(), Some(30));
        store.set_retention_days(None, 0).unwrap();
        assert_eq!(store.retention_days().unwrap(), None);
    }
}
