//! What the team tests read from the window: the status item, a run the
//! window's own console holds, and a screenshot checked to fit 960 px.

use std::time::{Duration, Instant};

use serde_json::{Value, json};

use crate::support::{Desktop, Session};

const WAIT: Duration = Duration::from_secs(30);

/// Controls of the open dialog (or the page's) that stand outside the window's width (and, in a dialog, below it).
pub(crate) const OFF_SCREEN: &str = r"
const dialog = document.querySelector('dialog[open]');
const root = dialog ?? document.body;
const out = [];
for (const c of root.querySelectorAll('button, select, input, textarea')) {
  if (c.getClientRects().length === 0) continue;
  const r = c.getBoundingClientRect();
  if (r.left < -1 || r.right > innerWidth + 1 || (dialog && r.bottom > innerHeight + 1))
    out.push(`${c.id || c.textContent.trim()} at ${Math.round(r.left)}..${Math.round(r.right)}, bottom ${Math.round(r.bottom)}`);
}
return out;
";

/// The status item's `[state, text, hidden]`.
pub(crate) async fn status_item(session: &Session) -> Value {
    session
        .script(
            "const s = document.getElementById('team-status'); return [s.dataset.state, s.textContent, s.hidden];",
            json!([]),
        )
        .await
}

/// Waits until the window's own console holds run `uid` ended and decided.
pub(crate) async fn window_has(session: &Session, uid: &str) {
    let start = Instant::now();
    loop {
        if let Ok(stored) = session.invoke("open_run", json!({ "uid": uid })).await
            && stored["run"]["status"] != "streaming"
            && stored["decisions"]
                .as_array()
                .is_some_and(|d| !d.is_empty())
        {
            return;
        }
        assert!(
            start.elapsed() < WAIT,
            "OCC-2's run {uid} did not reach the window in {WAIT:?}; its status {:?}",
            session.invoke("team_status", json!({})).await
        );
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}

/// Shoots `step` and checks that nothing stands outside the 960 px window
/// and that the page does not scroll sideways.
pub(crate) async fn shot_fits(desktop: &mut Desktop, session: &Session, step: &str) {
    desktop.shoot(session, step).await;
    let off: Vec<String> =
        serde_json::from_value(session.script(OFF_SCREEN, json!([])).await).unwrap();
    assert!(
        off.is_empty(),
        "{step}: controls off-screen at 960 px: {off:#?}"
    );
    let wide: bool = serde_json::from_value(
        session
            .script(
                "return document.documentElement.scrollWidth > innerWidth + 1;",
                json!([]),
            )
            .await,
    )
    .unwrap();
    assert!(!wide, "{step}: the page scrolls sideways at 960 px");
}
