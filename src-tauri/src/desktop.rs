//! What the console asks of the desktop rather than of its own crates: the
//! system browser, the notification service, and a thread to gather the
//! diagnostics on. Each failure has its own words, since "the desktop did
//! not do it" tells a duty manager nothing about what to do instead.
//!
//! `SKYMARSHAL_LINK_LOG` and `SKYMARSHAL_NOTIFY_LOG` name files that
//! receive a link or a notification instead: the window tests' stand-ins
//! for a browser and a notification service, which cannot run here.

use std::ffi::OsString;
use std::io::Write as _;

use skymarshal_app::{UiError, UiErrorKind};

/// A desktop service that did not do what the console asked.
#[derive(Debug, thiserror::Error)]
pub(crate) enum DesktopError {
    /// The system browser did not start for an https link.
    #[error(
        "The system browser did not open the link ({0}). Copy the link from the dialog and paste it into a browser."
    )]
    Browser(std::io::Error),
    /// The notification service refused or is missing.
    #[error(
        "The desktop did not show a notification ({0}). The analysis is in the window; nothing was lost."
    )]
    Notification(String),
    /// A test stand-in file could not be written.
    #[error("The file named by {variable} could not be written ({error}).")]
    StandIn {
        variable: &'static str,
        error: std::io::Error,
    },
    /// The thread gathering the diagnostics ended without an answer.
    #[error(
        "The diagnostics could not be gathered ({0}). Run `skymarshal doctor` in a terminal for the same report."
    )]
    Diagnostics(String),
}

impl From<DesktopError> for UiError {
    fn from(error: DesktopError) -> Self {
        let kind = match error {
            DesktopError::Notification(_) => UiErrorKind::Notification,
            _ => UiErrorKind::Desktop,
        };
        let detail = format!("{error:?}");
        UiError::new(kind, error.to_string()).with_detail(detail)
    }
}

/// Opens a link the app has already checked in the system browser.
pub(crate) fn open_in_browser(url: &str) -> Result<(), DesktopError> {
    if let Some(result) = write_stand_in("SKYMARSHAL_LINK_LOG", url) {
        return result;
    }
    crate::browser::open(url).map_err(DesktopError::Browser)
}

/// Shows a notification; `body` is escaped here, since notification
/// servers read simple markup.
pub(crate) async fn show_notification(title: String, body: &str) -> Result<(), DesktopError> {
    let body = body
        .replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;");
    if let Some(result) = write_stand_in("SKYMARSHAL_NOTIFY_LOG", &format!("{title}\t{body}")) {
        return result;
    }
    let shown = tauri::async_runtime::spawn_blocking(move || {
        notify_rust::Notification::new()
            .appname("SkyMarshal Console")
            .summary(&title)
            .body(&body)
            .show()
            .map(drop)
    })
    .await;
    match shown {
        Ok(Ok(())) => Ok(()),
        Ok(Err(error)) => {
            tracing::warn!(%error, "no desktop notification");
            Err(DesktopError::Notification(error.to_string()))
        }
        Err(error) => Err(DesktopError::Notification(error.to_string())),
    }
}

/// The diagnostics text, gathered off the window's thread.
pub(crate) async fn gather_diagnostics() -> Result<String, DesktopError> {
    tauri::async_runtime::spawn_blocking(|| skymarshal_app::diagnostics("skymarshal-console"))
        .await
        .map_err(|e| DesktopError::Diagnostics(e.to_string()))
}

/// Appends `line` to the file the environment `variable` names, when it
/// names one; `None` when the real desktop service should be used.
fn write_stand_in(variable: &'static str, line: &str) -> Option<Result<(), DesktopError>> {
    let path: OsString = std::env::var_os(variable)?;
    let written = std::fs::OpenOptions::new()
        .create(true)
        .append(true)
        .open(path)
        .and_then(|mut file| writeln!(file, "{line}"));
    Some(written.map_err(|error| DesktopError::StandIn { variable, error }))
}
