//! The user's environments file for a test's desktop, built a key at a
//! time and rendered to the TOML the console reads.

use std::fmt::Write as _;

use serde_json::Value;

/// An environments file: `[[environment]]` tables, one per
/// [`environment`](Self::environment), and a `[team]` table
/// ([`team`](Self::team)), each key on its own line.
///
/// ```ignore
/// EnvironmentsFile::new()
///     .environment("ops-iam", &url)
///     .set("health_url", format!("{url}health"))
///     .auth("aws_sigv4")
/// ```
#[derive(Debug, Default, Clone)]
pub struct EnvironmentsFile {
    text: String,
}

impl EnvironmentsFile {
    pub fn new() -> Self {
        Self::default()
    }

    /// Starts an environment named `name` that sends to `invoke_url`; the
    /// keys that follow are its own.
    pub fn environment(self, name: &str, invoke_url: &str) -> Self {
        let mut file = self.table();
        file.text.push_str("[[environment]]\n");
        file.set("name", name).set("invoke_url", invoke_url)
    }

    /// Starts the `[team]` table: the team store at `url` (no password in
    /// it), logged into as `role`; `tls`, `desk` and the rest follow with
    /// [`set`](Self::set).
    pub fn team(self, url: &str, role: &str) -> Self {
        let mut file = self.table();
        file.text.push_str("[team]\n");
        file.set("url", url).set("role", role)
    }

    /// `production = true`.
    pub fn production(self) -> Self {
        self.set("production", true)
    }

    /// `auth = "<method>"` (`bearer`, `api_key`, `aws_sigv4`).
    pub fn auth(self, method: &str) -> Self {
        self.set("auth", method)
    }

    /// Any key of the current environment: a string is quoted, a number or
    /// a boolean written bare.
    pub fn set(mut self, key: &str, value: impl Into<Value>) -> Self {
        // A JSON string's escapes are all TOML basic-string escapes too.
        writeln!(self.text, "{key} = {}", value.into()).unwrap();
        self
    }

    /// Text written as it stands: a file whose point is that it is wrong
    /// (a misspelt key, broken TOML) says so in its own words.
    pub fn raw(mut self, text: &str) -> Self {
        self.text.push_str(text);
        self
    }

    /// Starts a new table: a blank line after the one before.
    fn table(mut self) -> Self {
        if !self.text.is_empty() {
            self.text.push('\n');
        }
        self
    }

    /// The file's text.
    pub fn toml(&self) -> &str {
        &self.text
    }
}
