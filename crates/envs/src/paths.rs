//! Where the environments files are looked for: the user's own file (which
//! the console edits) and the organisation's (read-only, placed by IT), each
//! overridable by an environment variable so tests and portable installs can
//! point elsewhere.

use std::path::PathBuf;

/// The user's file and the organisation's, if any.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Locations {
    /// The user's own file, created on first run.
    pub user_file: PathBuf,
    /// A read-only file an organisation ships, when there is one.
    pub org_file: Option<PathBuf>,
}

impl Locations {
    /// `SKYMARSHAL_CONFIG_DIR/environments.toml`, or the OS's config
    /// directory (`~/.config/skymarshal/` on Linux, `~/Library/Application
    /// Support/skymarshal/` on macOS, `%APPDATA%\skymarshal\` on Windows);
    /// the organisation's file from `SKYMARSHAL_ORG_ENVIRONMENTS`, or
    /// `/etc/skymarshal/environments.toml` when it exists.
    pub fn from_env() -> Self {
        let dir = std::env::var_os("SKYMARSHAL_CONFIG_DIR")
            .map(PathBuf::from)
            .or_else(|| dirs::config_dir().map(|d| d.join("skymarshal")))
            .unwrap_or_else(|| PathBuf::from("."));
        let org_file = std::env::var_os("SKYMARSHAL_ORG_ENVIRONMENTS")
            .map(PathBuf::from)
            .or_else(|| {
                let system = PathBuf::from("/etc/skymarshal/environments.toml");
                (cfg!(unix) && system.is_file()).then_some(system)
            });
        Self {
            user_file: dir.join("environments.toml"),
            org_file,
        }
    }
}
