//! Where the console keeps its files: the history database, the log
//! folder and the export folder, each movable by an environment variable
//! (tests and portable installs use them) and otherwise in the OS's own
//! place. The environments file is `skymarshal-envs`'s `Locations`.

use std::path::PathBuf;

/// The history file: `SKYMARSHAL_DATA_DIR/history.sqlite3`, or the OS's
/// data directory (`~/.local/share/skymarshal/` on Linux).
pub fn history_path() -> PathBuf {
    std::env::var_os("SKYMARSHAL_DATA_DIR")
        .map(PathBuf::from)
        .or_else(|| dirs::data_dir().map(|d| d.join("skymarshal")))
        .unwrap_or_else(|| PathBuf::from("."))
        .join("history.sqlite3")
}

/// The log folder: `SKYMARSHAL_LOG_DIR`, else the OS's state directory
/// (`~/.local/state/skymarshal/logs` on Linux), else the data directory.
pub fn log_dir() -> PathBuf {
    std::env::var_os("SKYMARSHAL_LOG_DIR")
        .map(PathBuf::from)
        .or_else(|| dirs::state_dir().map(|d| d.join("skymarshal").join("logs")))
        .or_else(|| dirs::data_local_dir().map(|d| d.join("skymarshal").join("logs")))
        .unwrap_or_else(|| PathBuf::from("logs"))
}

/// Where the window saves exports: `SKYMARSHAL_EXPORT_DIR`, else the
/// user's download folder, else their home.
pub fn export_dir() -> PathBuf {
    std::env::var_os("SKYMARSHAL_EXPORT_DIR")
        .map(PathBuf::from)
        .or_else(dirs::download_dir)
        .or_else(dirs::home_dir)
        .unwrap_or_else(|| PathBuf::from("."))
}
