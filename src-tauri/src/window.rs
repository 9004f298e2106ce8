//! The main window, which can show the app's own pages and nothing else:
//! any navigation away from the app is refused.
//!
//! The window opens hidden and is shown when the page says its first
//! screen is built ([`first_screen_ready`]), in the page's background
//! colour. Shown at once, it painted a white page (the view's own
//! background, before the page's styles and script had run) and then the
//! console over it: a white flash in a dark theme, and a second
//! whole-window image that kept about 2 MB of the X server's shared memory
//! mapped in the console for its whole life.

use std::time::{Duration, Instant};

use tauri::Manager as _;
use tauri::window::Color;
use tauri::{AppHandle, WebviewUrl, WebviewWindow, WebviewWindowBuilder};

/// The origins the app's own pages are served from (Linux and macOS use
/// the custom scheme, Windows the http form).
fn is_app_url(url: &tauri::Url) -> bool {
    match url.scheme() {
        "tauri" => url.host_str() == Some("localhost"),
        "http" | "https" => url.host_str() == Some("tauri.localhost"),
        _ => false,
    }
}

/// The size the window would like, in logical pixels.
const PREFERRED: (f64, f64) = (1360.0, 900.0);
/// The smallest size the layout is made for; the window tests check it.
const SMALLEST: (f64, f64) = (960.0, 640.0);
/// Room left for the window's frame and the desktop's edges.
const FRAME: (f64, f64) = (40.0, 60.0);

/// The first window's inner size on a monitor whose work area (the screen
/// less panels and docks) is `work_area` logical pixels: the preferred
/// size where it fits, the work area less room for the frame where it
/// does not, and never below the smallest size the layout supports.
fn first_size(work_area: Option<(f64, f64)>) -> (f64, f64) {
    let Some((width, height)) = work_area else {
        return PREFERRED;
    };
    let fit = |preferred: f64, room: f64, frame: f64, smallest: f64| {
        preferred.min(room - frame).max(smallest)
    };
    (
        fit(PREFERRED.0, width, FRAME.0, SMALLEST.0),
        fit(PREFERRED.1, height, FRAME.1, SMALLEST.1),
    )
}

/// The primary monitor's work area in logical pixels, where new windows
/// open; `None` when the desktop does not say.
fn work_area(app: &AppHandle) -> Option<(f64, f64)> {
    let monitor = app.primary_monitor().ok().flatten()?;
    let area = monitor
        .work_area()
        .size
        .to_logical::<f64>(monitor.scale_factor());
    (area.width > 0.0 && area.height > 0.0).then_some((area.width, area.height))
}

/// How long the hidden window waits for the page's word before it is
/// shown anyway: a page that failed to start must still show its error.
/// The page builds it in about 0.4 s on a two-core desktop.
const SHOW_ANYWAY_AFTER: Duration = Duration::from_secs(3);

pub(crate) fn open_main(app: &AppHandle) -> tauri::Result<()> {
    let (width, height) = first_size(work_area(app));
    app.manage(Opened(Instant::now()));
    let window = WebviewWindowBuilder::new(app, "main", WebviewUrl::App("index.html".into()))
        .title("SkyMarshal Console")
        .inner_size(width, height)
        .min_inner_size(SMALLEST.0, SMALLEST.1)
        .center()
        .visible(false)
        .on_navigation(|url| {
            let allowed = is_app_url(url);
            if !allowed {
                tracing::warn!(%url, "refused navigation away from the app");
            }
            allowed
        })
        .build()?;
    tauri::async_runtime::spawn(async move {
        tokio::time::sleep(SHOW_ANYWAY_AFTER).await;
        // An error is a window already closed: nothing to show.
        if let Ok(false) = window.is_visible() {
            tracing::warn!(
                after_s = SHOW_ANYWAY_AFTER.as_secs(),
                "the page did not say its first screen was built; showing the window anyway"
            );
            show(&window);
        }
    });
    Ok(())
}

/// When the main window was made, for the log's time to its first screen.
pub(crate) struct Opened(Instant);

/// Shows the window once the page has built its first screen (the
/// environments, and the run the duty manager was on, if any), in the
/// page's background colour `background` (red, green, blue, from its
/// theme): until WebKit's first frame, the window shows that colour, not
/// the desktop theme's (a light flash before a dark page). Called by the
/// page; a second call, or one after [`SHOW_ANYWAY_AFTER`], changes
/// nothing.
#[tauri::command]
#[allow(clippy::needless_pass_by_value)] // Tauri's calling convention
pub(crate) fn first_screen_ready(
    window: WebviewWindow,
    opened: tauri::State<'_, Opened>,
    background: Option<[u8; 3]>,
) {
    if window.is_visible().unwrap_or(false) {
        return;
    }
    if let Some([red, green, blue]) = background
        && let Err(error) = window.set_background_color(Some(Color(red, green, blue, 255)))
    {
        tracing::warn!(%error, "could not give the window the page's background colour");
    }
    tracing::info!(
        after_ms = opened.0.elapsed().as_millis(),
        "the first screen is built; showing the window"
    );
    show(&window);
}

fn show(window: &WebviewWindow) {
    if let Err(error) = window.show() {
        tracing::error!(%error, "could not show the window");
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_first_window_fits_the_work_area() {
        // (work area, first inner size)
        let table = [
            (None, (1360.0, 900.0)),
            (Some((1920.0, 1050.0)), (1360.0, 900.0)),
            (Some((1280.0, 773.0)), (1240.0, 713.0)),
            (Some((1366.0, 728.0)), (1326.0, 668.0)),
            (Some((960.0, 640.0)), (960.0, 640.0)),
            (Some((800.0, 600.0)), (960.0, 640.0)),
        ];
        for (area, size) in table {
            assert_eq!(first_size(area), size, "{area:?}");
        }
    }
}
