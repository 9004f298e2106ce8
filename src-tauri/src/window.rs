//! The main window, which can show the app's own pages and nothing else:
//! any navigation away from the app is refused.

use tauri::{AppHandle, WebviewUrl, WebviewWindowBuilder};

/// The origins the app's own pages are served from (Linux and macOS use
/// the custom scheme, Windows the http form).
fn is_app_url(url: &tauri::Url) -> bool {
    match url.scheme() {
        "tauri" => url.host_str() == Some("localhost"),
        "http" | "https" => url.host_str() == Some("tauri.localhost"),
        _ => false,
    }
}

pub(crate) fn open_main(app: &AppHandle) -> tauri::Result<()> {
    WebviewWindowBuilder::new(app, "main", WebviewUrl::App("index.html".into()))
        .title("SkyMarshal Console")
        .inner_size(1360.0, 900.0)
        .min_inner_size(960.0, 640.0)
        .on_navigation(|url| {
            let allowed = is_app_url(url);
            if !allowed {
                tracing::warn!(%url, "refused navigation away from the app");
            }
            allowed
        })
        .build()?;
    Ok(())
}
