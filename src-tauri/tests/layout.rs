//! The window at the sizes duty managers' screens have, from the smallest
//! the console supports (960×640) to a full HD monitor: the first window
//! fits the screen and is shown by the page with its first screen built;
//! no control is ever off-screen and nothing scrolls sideways, in the main
//! view with an analysis on it and in every dialog; the decision panel's
//! open form fills exactly the place kept for it under the decision (so the
//! options below do not move when it comes in), on a fresh desk and once
//! the duty manager's name is known. Screenshots of each under
//! `target/e2e-screenshots/layout-*`.

mod support;

use std::time::Duration;

use serde_json::{Value, json};
use support::decide::{choose, panel_ready, ready};
use support::{Desktop, Session, send, wait_for_end};

const WAIT: Duration = Duration::from_secs(30);
const PROMPT: &str = "Flight EY283 BKK-AUH delayed 3 hours by weather, 280 passengers";

/// Every way the view in front of the user (the open dialog, or the page)
/// breaks the layout: controls outside the window's width, and boxes that
/// scroll sideways (the agents' Markdown tables, code and raw JSON
/// excepted, which may; the recovery plan may not).
const LAYOUT_PROBLEMS: &str = r#"
const problems = [];
const page = document.documentElement;
if (page.scrollWidth > page.clientWidth + 1) problems.push(`the page scrolls sideways (${page.scrollWidth} px of ${page.clientWidth})`);
if (page.scrollHeight > page.clientHeight + 1) problems.push(`the page itself scrolls (${page.scrollHeight} px of ${page.clientHeight}); only its panels may`);
const root = document.querySelector('dialog[open]') ?? document.body;
const name = (e) => e.id ? `#${e.id}` : `${e.tagName.toLowerCase()} "${(e.getAttribute('aria-label') ?? e.textContent ?? '').trim().slice(0, 40)}"`;
const shown = (e) => e.getClientRects().length > 0 && getComputedStyle(e).visibility !== 'hidden';
for (const control of root.querySelectorAll('button, select, input, textarea, summary, [role="button"]')) {
  if (!shown(control)) continue;
  const r = control.getBoundingClientRect();
  if (r.left < -1 || r.right > innerWidth + 1) problems.push(`${name(control)} is off-screen (${Math.round(r.left)} to ${Math.round(r.right)} of ${innerWidth} px)`);
}
const mayScroll = '.md-table-wrap, .md-code, pre, textarea, select, .raw-event';
for (const box of root.querySelectorAll('*')) {
  if (!shown(box) || box.closest(mayScroll)) continue;
  const overflow = getComputedStyle(box).overflowX;
  if ((overflow === 'auto' || overflow === 'scroll') && box.scrollWidth > box.clientWidth + 1) problems.push(`${name(box)} scrolls sideways (${box.scrollWidth} px of ${box.clientWidth})`);
}
return problems;
"#;

async fn layout_problems(session: &Session) -> Vec<String> {
    let value = session.script(LAYOUT_PROBLEMS, json!([])).await;
    serde_json::from_value(value).unwrap()
}

async fn assert_fits(desktop: &mut Desktop, session: &Session, step: &str) {
    desktop.shoot(session, step).await;
    let problems = layout_problems(session).await;
    assert!(problems.is_empty(), "{step}: {problems:#?}");
}

/// Opens a dialog with `opener`, checks it and closes it with Escape.
async fn check_dialog(desktop: &mut Desktop, session: &Session, opener: &str, name: &str) {
    session.click(opener).await;
    session
        .wait_for(
            "document.querySelector('dialog[open]') !== null",
            &format!("the {name} dialog"),
            WAIT,
        )
        .await;
    assert_fits(desktop, session, name).await;
    session
        .script("document.querySelector('dialog[open]').close();", json!([]))
        .await;
}

/// A name long enough to wrap the form's "Recorded as" line in a narrow window.
const OPERATOR: &str =
    "Duty manager Alexandra Konstantinopoulou-Vanderbilt, night shift, operations control";

/// Asserts that the decision panel's open form is exactly as tall as the
/// place kept for it under the decision when the analysis came in (what
/// would otherwise move the options below it), and that the off-screen
/// measure left nothing in the page; `case` names the step.
async fn assert_panel_fills_its_place(session: &Session, case: &str) {
    panel_ready(session, "open").await;
    let outgrew = session
        .script(
            "if (document.querySelector('.warm-up') || document.querySelectorAll('#decide-form').length !== 1\
                 || document.body.dataset.slotRehearsalError) return 'the measure left something behind, or failed: '\
                 + (document.body.dataset.slotRehearsalError ?? document.querySelectorAll('.warm-up, #decide-form').length);\
             const kept = document.getElementById('decision-slot').style.getPropertyValue('--reserved');\
             const panel = document.getElementById('decision-record').getBoundingClientRect().height;\
             return kept ? panel - parseFloat(kept) : `no height kept, for a panel of ${panel} px`;",
            json!([]),
        )
        .await;
    let outgrew = outgrew
        .as_f64()
        .unwrap_or_else(|| panic!("{case}: {outgrew}"));
    assert!(
        outgrew.abs() < 0.01,
        "the decision panel, {case}: {outgrew} px"
    );
}

/// The largest recorded analysis, as the simulator answers by default.
const LARGEST: &str = include_str!("../../crates/sim/fixtures/responses/solution_1.json");

/// Draws `LARGEST` with the window's own renderer and, in the task that
/// puts its later sections in, before any of them is laid out, moves the
/// results column as `arguments[1]` says: `"end"` jumps to its end, as a
/// reader pressing End at once would; `"up"` jumps to the agents, then,
/// after the first frame, scrolls up 200 px, as a reader going back to the
/// plan would, and holds still for three frames. Answers how many sections waited wholly above the visible
/// part at the jump, how much the analysis's height changed from then to
/// every section laid out (what would have moved the reader), how many
/// still wait at the end, and `moved`: for "end", how far the last section
/// moved on screen from the first frame painted after the jump to every
/// section laid out; for "up", the largest distance, over each frame, by
/// which the element in the middle of the view moved other than by the
/// scroll.
const JUMP: &str = r#"
const [doc, how, done] = arguments;
import('/js/analysis.js').then((m) => {
  const root = document.getElementById('analysis');
  const results = root.closest('.results');
  const view = () => results.getBoundingClientRect();
  const at = { waiting: 0, height: 0 };
  let moved = null;
  let anchor = null;
  let top = 0;
  const follow = (shift) => {
    const now = anchor.getBoundingClientRect().top;
    moved = Math.max(moved ?? 0, Math.abs(now - top - shift));
    top = now;
  };
  // Up once, by 200 px, then three frames still: the browser lays out a
  // section that came on screen a frame or two later.
  const steps = (left) => m.afterNextPaint(() => {
    follow(left === 3 ? 200 : 0);
    if (left > 0) steps(left - 1);
  });
  m.renderAnalysis(root, doc, null, {
    whole: (e) => {
      if (e) { done({ error: String(e.stack ?? e) }); return; }
      if (how === 'end') results.scrollTop = results.scrollHeight;
      else results.scrollTop += root.querySelector(':scope > .agents').getBoundingClientRect().top - view().top;
      at.waiting = [...root.querySelectorAll(':scope > .below-fold')]
        .filter((s) => s.getBoundingClientRect().bottom <= view().top).length;
      at.height = root.offsetHeight;
      m.afterNextPaint(() => {
        const v = view();
        anchor = how === 'end' ? root.querySelector(':scope > .details') : document.elementFromPoint(v.left + v.width / 2, v.top + v.height / 2);
        top = anchor.getBoundingClientRect().top;
        if (how === 'up') {
          results.scrollTop -= 200;
          steps(3);
        }
      });
    },
    laidOut: () => setTimeout(() => {
      if (anchor === null) { done({ error: 'laid out before the first frame after the jump' }); return; }
      if (how === 'end') follow(0);
      done({ moved, waiting: at.waiting, grew: root.offsetHeight - at.height, skipped: root.querySelectorAll('.below-fold').length });
    }, 1000),
  });
}, (e) => done({ error: String(e) }));
"#;

/// A reader who jumps to the end, or to the agents and back up, before the
/// sections below the first screen are laid out (`belowfold.js`) sees
/// nothing move but by their own scrolling.
async fn a_jump_past_waiting_sections_moves_nothing(session: &Session, case: &str) {
    let doc: Value = serde_json::from_str(LARGEST).unwrap();
    for how in ["end", "up"] {
        let answer = session.script_async(JUMP, json!([doc, how])).await;
        assert!(answer.get("error").is_none(), "{case}, {how}: {answer}");
        let number = |key: &str| {
            answer[key]
                .as_f64()
                .unwrap_or_else(|| panic!("{case}, {how}: {answer}"))
        };
        assert_eq!(number("skipped"), 0.0, "{case}, {how}: {answer}");
        assert!(
            number("waiting") > 0.0 && number("grew").abs() > 10.0,
            "{case}, {how}: no section above the visible part waited at the jump, so it tested nothing: {answer}"
        );
        assert!(
            number("moved") < 1.0,
            "{case}, {how}: what the reader saw moved: {answer}"
        );
    }
}

/// Records an acceptance of the recommended option under `OPERATOR`.
async fn decide(session: &Session) {
    choose(session, "accept").await;
    session
        .set_value("#decide-rationale", "Swap keeps the schedule.")
        .await;
    session.set_value("#decide-operator", OPERATOR).await;
    ready(session).await;
    session.click("#decide-record").await;
    panel_ready(session, "decided").await;
}

async fn at_screen(width: u32, height: u32) {
    let label = format!("layout-{width}x{height}");
    let screen = format!("{width}x{height}");
    // A second before the analysis, as a real server's minutes, for the
    // window's idle work while it waits (the panel's place is measured then).
    let mut desktop = Desktop::start(
        &label,
        &[("E2E_SCREEN", &screen), ("SKYMARSHAL_SIM_DELAY_MS", "1000")],
    )
    .await;
    let (session, _) = desktop.open().await;
    let window: Value = session
        .script(
            "return [window.outerWidth, window.outerHeight, screen.availWidth, screen.availHeight, innerWidth];",
            json!([]),
        )
        .await;
    let [outer_w, outer_h, avail_w, avail_h, inner_w] =
        serde_json::from_value::<[u32; 5]>(window).unwrap();
    assert!(
        outer_w <= avail_w && outer_h <= avail_h,
        "the first window ({outer_w}×{outer_h}) is larger than the screen's work area \
         ({avail_w}×{avail_h})"
    );
    assert!(
        inner_w >= 960,
        "the window is narrower than 960 px: {inner_w}"
    );
    assert_fits(&mut desktop, &session, "first-window").await;
    // Shown by the page with its first screen built, not by the console's
    // fallback for a page that never says so.
    let log = desktop.console_log();
    assert!(
        log.contains("the first screen is built; showing the window"),
        "{log}"
    );
    assert!(!log.contains("showing the window anyway"), "{log}");
    assert!(!log.contains("the page's background colour"), "{log}");
    // Then the whole screen, as a duty manager who maximises it has.
    session.set_window_size(width, height).await;
    session
        .wait_for(
            &format!("innerWidth === {width} && innerHeight === {height}"),
            "the window to fill the screen",
            WAIT,
        )
        .await;
    assert_fits(&mut desktop, &session, "empty").await;

    send(&session, PROMPT).await;
    wait_for_end(&session, "complete").await;
    assert_panel_fills_its_place(&session, &format!("{screen}, a fresh desk")).await;
    assert_fits(&mut desktop, &session, "analysis").await;
    session.scroll_into_view(".options-section", "start").await;
    assert_fits(&mut desktop, &session, "options").await;
    session.scroll_into_view(".plan", "start").await;
    assert_fits(&mut desktop, &session, "plan").await;

    // Again, now that the history knows the duty manager's name.
    decide(&session).await;
    send(&session, PROMPT).await;
    wait_for_end(&session, "complete").await;
    assert_panel_fills_its_place(&session, &format!("{screen}, the name known")).await;

    check_dialog(&mut desktop, &session, "#history-open", "history").await;
    check_dialog(&mut desktop, &session, "#env-manage", "environments").await;
    check_dialog(&mut desktop, &session, "#about-open", "about").await;
    // Last: it draws over the live run's view.
    a_jump_past_waiting_sections_moves_nothing(&session, &screen).await;
    session.end().await;
}

#[tokio::test]
async fn smallest_window_960x640() {
    at_screen(960, 640).await;
}

#[tokio::test]
async fn laptop_1280x800() {
    at_screen(1280, 800).await;
}

#[tokio::test]
async fn full_hd_1920x1080() {
    at_screen(1920, 1080).await;
}
