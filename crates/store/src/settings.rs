//! The console's few settings that belong with its history (how long to
//! keep it, where the user was, the duty manager's name on decisions, when
//! an analysis is too old to decide on without asking), kept in the same file so that they move,
//! back up and disappear together with it. Retention is applied here too,
//! so the console and the CLI keep a history the same way.

use std::num::NonZeroU32;

use rusqlite::{OptionalExtension as _, params};

use crate::{Error, Store};

const RETENTION: &str = "retention_days";
const DAY_MS: i64 = 24 * 60 * 60 * 1000;
const OPERATOR: &str = "operator";
const STALE_AFTER: &str = "stale_after_minutes";

/// The longest operator name, in characters.
pub const OPERATOR_MAX_CHARS: usize = 100;

/// Minutes after which an analysis is stale when the setting was never
/// set.
pub const DEFAULT_STALE_AFTER_MINUTES: NonZeroU32 = NonZeroU32::new(30).unwrap();

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

    /// The duty manager's name put on decisions and handovers, once set.
    pub fn operator(&self) -> Result<Option<String>, Error> {
        self.setting(OPERATOR)
    }

    /// Sets the operator name as [`crate::person_name`] keeps it (`None`
    /// forgets it).
    ///
    /// Errors: [`Error::OperatorName`] when the name is blank, longer than
    /// [`OPERATOR_MAX_CHARS`] characters, holds a line break, a control or
    /// a text-direction character; the name in force is kept then.
    pub fn set_operator(&mut self, name: Option<&str>) -> Result<(), Error> {
        let name = name
            .map(|typed| {
                crate::person_name(typed).map_err(|problem| Error::OperatorName {
                    problem: problem.to_string(),
                    max: OPERATOR_MAX_CHARS,
                })
            })
            .transpose()?;
        self.set_setting(OPERATOR, name.as_deref())
    }

    /// Minutes after which an analysis is too old to decide on without
    /// asking ([`DEFAULT_STALE_AFTER_MINUTES`] until set).
    pub fn stale_after_minutes(&self) -> Result<NonZeroU32, Error> {
        Ok(self
            .setting(STALE_AFTER)?
            .and_then(|v| v.parse().ok())
            .unwrap_or(DEFAULT_STALE_AFTER_MINUTES))
    }

    /// Sets the minutes after which an analysis is stale.
    pub fn set_stale_after_minutes(&mut self, minutes: NonZeroU32) -> Result<(), Error> {
        self.set_setting(STALE_AFTER, Some(&minutes.to_string()))
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
    use std::num::NonZeroU32;

    use super::{DAY_MS, DEFAULT_STALE_AFTER_MINUTES, RetentionTooShort, retention};
    use crate::{Error, Store};

    #[test]
    fn the_operator_name_is_trimmed_and_refused_in_words_when_unusable() {
        let mut store = Store::open_in_memory().unwrap();
        assert_eq!(store.operator().unwrap(), None);
        store.set_operator(Some("  Dana Okafor \t")).unwrap();
        assert_eq!(store.operator().unwrap().as_deref(), Some("Dana Okafor"));
        let long = "x".repeat(101);
        let refused = [
            ("", "is blank"),
            ("   \n ", "is blank"),
            (long.as_str(), "is 101 characters long"),
            ("Dana\nOkafor", "holds a line break"),
            ("Dana\u{7}", "control character (U+0007 at character 5)"),
            (
                "Dana\u{202E}",
                "text-direction control character (U+202E at character 5)",
            ),
        ];
        for (name, words) in refused {
            let error = store.set_operator(Some(name)).unwrap_err();
            assert!(matches!(error, Error::OperatorName { .. }), "{error:?}");
            let text = error.to_string();
            assert!(text.contains(words), "{name:?}: {text}");
            assert!(text.contains("1 to 100 characters"), "{text}");
        }
        assert_eq!(store.operator().unwrap().as_deref(), Some("Dana Okafor"));
        store.set_operator(Some(&"é".repeat(100))).unwrap();
        store.set_operator(None).unwrap();
        assert_eq!(store.operator().unwrap(), None);
    }

    #[test]
    fn an_analysis_is_stale_after_thirty_minutes_until_set() {
        let mut store = Store::open_in_memory().unwrap();
        assert_eq!(store.stale_after_minutes().unwrap().get(), 30);
        assert_eq!(DEFAULT_STALE_AFTER_MINUTES.get(), 30);
        store
            .set_stale_after_minutes(NonZeroU32::new(45).unwrap())
            .unwrap();
        assert_eq!(store.stale_after_minutes().unwrap().get(), 45);
        store.set_setting("stale_after_minutes", Some("0")).unwrap();
        assert_eq!(store.stale_after_minutes().unwrap().get(), 30);
    }

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
