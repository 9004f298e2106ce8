//! The decision panel, the History and handover dialogs as the decision
//! tests drive them: a panel settled, a form filled and ready, an entry
//! recorded, a stored run opened, a run imported, a handover exported,
//! and each step's screenshot checked to fit the window.

use std::path::PathBuf;
use std::time::Duration;

use serde_json::{Value, json};

use super::{Desktop, Session, wait_for_text};

const WAIT: Duration = Duration::from_secs(30);

/// Waits for the decision panel to settle in `state` and answers its run's uid.
pub async fn panel_ready(session: &Session, state: &str) -> String {
    session
        .wait_for(
            // The analysis whole, too: its later sections are added after the first paint, laid out when idle.
            &format!(
                "document.getElementById('decision-record')?.dataset.state === '{state}' \
                 && document.body.dataset.analysisWhole !== 'false'"
            ),
            &format!("the decision panel, {state}"),
            WAIT,
        )
        .await;
    session.data("#decision-record", "run").await.unwrap()
}

pub async fn choose(session: &Session, action: &str) {
    session
        .click(&format!("input[name=decide-action][value={action}]"))
        .await;
}

pub async fn ready(session: &Session) {
    session
        .wait_for(
            "document.getElementById('decide-needs').dataset.ready === 'true' && !document.getElementById('decide-record').disabled",
            "the form to be ready",
            WAIT,
        )
        .await;
    assert_eq!(session.text("#decide-needs").await, "Ready to record.");
}

/// Waits for a recorded entry of `action` (in force unless `superseded`) with no form open; answers its selector.
pub async fn entry_for(session: &Session, action: &str, superseded: bool) -> String {
    let css = format!("article.decision-entry[data-action={action}][data-superseded={superseded}]");
    session
        .wait_for(
            &format!(
                "document.querySelector('{css}') !== null && !document.getElementById('decide-form') \
                 && document.getElementById('decision-record').dataset.state === 'decided'"
            ),
            &format!("the {action} entry"),
            WAIT,
        )
        .await;
    let uid = session.data(&css, "uid").await.unwrap();
    format!("article.decision-entry[data-uid=\"{uid}\"]")
}

/// The text of the element matching `css` as written (`innerText` would
/// give headings in the capitals the style sets).
pub async fn content(session: &Session, css: &str) -> String {
    let script = "return document.querySelector(arguments[0]).textContent;";
    session
        .script(script, json!([css]))
        .await
        .as_str()
        .unwrap_or_default()
        .to_owned()
}

pub async fn context(session: &Session, run: &str) -> Value {
    session
        .invoke("decision_context", json!({"runUid": run}))
        .await
        .expect("the decision context")
}

/// The run's JSON export, as the console saves it.
pub async fn run_export(session: &Session, run: &str) -> Value {
    let saved = session
        .invoke(
            "save_export",
            json!({"session": null, "run": run, "format": "json"}),
        )
        .await
        .expect("the run's export");
    serde_json::from_str(&std::fs::read_to_string(saved["path"].as_str().unwrap()).unwrap())
        .unwrap()
}

/// Imports `document` through the History dialog's Import.
pub async fn import(session: &Session, document: &Value) {
    session.click("#history-open").await;
    session.click("#hist-import-open").await;
    session
        .set_value("#hist-import", &document.to_string())
        .await;
    session.click("#hist-import-go").await;
    wait_for_text(session, "#hist-message", "Imported 1 run").await;
    close_dialog(session).await;
}

/// Opens the stored run `run` from the History dialog: searched by `word`, its session chosen, Open.
pub async fn open_stored(session: &Session, word: &str, run: &str) {
    session.click("#history-open").await;
    session.set_value("#hist-text", word).await;
    wait_for_text(session, "#hist-message", "match").await;
    session.click("#hist-list .hist-row").await;
    let open = format!(".hist-run[data-uid=\"{run}\"] button.primary");
    session
        .wait_for(
            &format!("document.querySelector('{open}') !== null"),
            "the run in its session",
            WAIT,
        )
        .await;
    session.set_value("#hist-text", "").await;
    session.click(&open).await;
    session
        .wait_for(
            &format!(
                "!document.getElementById('review').hidden && document.body.dataset.lastRun === 'complete' \
                 && document.getElementById('decision-record')?.dataset.run === '{run}'"
            ),
            "the stored run",
            WAIT,
        )
        .await;
}

pub async fn close_dialog(session: &Session) {
    session
        .script(
            "document.querySelector('dialog[open]')?.close();",
            json!([]),
        )
        .await;
}

pub async fn export_handover(session: &Session, button: &str) -> PathBuf {
    session
        .script(
            "document.getElementById('ho-message').textContent = '';",
            json!([]),
        )
        .await;
    session.click(button).await;
    wait_for_text(session, "#ho-message", "Saved ").await;
    PathBuf::from(
        session
            .text("#ho-message")
            .await
            .trim_start_matches("Saved ")
            .trim(),
    )
}

/// Option `id` of the simulator's fixture `n`, as the server sends it.
pub fn fixture_option(n: usize, id: i64) -> Value {
    let text = match n {
        1 => include_str!("../../../crates/sim/fixtures/responses/solution_1.json"),
        _ => include_str!("../../../crates/sim/fixtures/responses/solution_4.json"),
    };
    let document: Value = serde_json::from_str(text).unwrap();
    document["final_decision"]["solution_options"]
        .as_array()
        .unwrap()
        .iter()
        .find(|o| o["solution_id"] == id)
        .cloned()
        .unwrap()
}

/// `2026-11-25 03:12Z`, as the window writes a time.
pub fn zulu(ms: i64) -> String {
    let at = time::OffsetDateTime::from_unix_timestamp_nanos(i128::from(ms) * 1_000_000).unwrap();
    format!(
        "{}-{:02}-{:02} {:02}:{:02}Z",
        at.year(),
        u8::from(at.month()),
        at.day(),
        at.hour(),
        at.minute()
    )
}

/// Layout faults in the open dialog or the page at this width: the page
/// scrolling sideways, a control off-screen, a box scrolling sideways.
const LAYOUT_PROBLEMS: &str = r#"
const problems = [];
const page = document.documentElement;
if (page.scrollWidth > page.clientWidth + 1) problems.push(`the page scrolls sideways (${page.scrollWidth} px of ${page.clientWidth})`);
const root = document.querySelector('dialog[open]') ?? document.body;
const name = (e) => e.id ? `#${e.id}` : `${e.tagName.toLowerCase()}.${[...e.classList].join('.')} "${(e.textContent ?? '').trim().slice(0, 40)}"`;
const shown = (e) => e.getClientRects().length > 0 && getComputedStyle(e).visibility !== 'hidden';
for (const control of root.querySelectorAll('button, select, input, textarea, summary')) {
  if (!shown(control)) continue;
  const r = control.getBoundingClientRect();
  if (r.left < -1 || r.right > innerWidth + 1) problems.push(`${name(control)} is off-screen (${Math.round(r.left)} to ${Math.round(r.right)} of ${innerWidth} px)`);
}
for (const box of root.querySelectorAll('*')) {
  if (!shown(box) || box.closest('.md-code, pre, textarea, select, .raw-event')) continue;
  if (box.scrollWidth > box.clientWidth + 1 && ['auto', 'scroll'].includes(getComputedStyle(box).overflowX)) problems.push(`${name(box)} scrolls sideways (${box.scrollWidth} px of ${box.clientWidth})`);
}
return problems;
"#;

/// Scrolls `css` into view, takes the screenshot `step` and checks that it fits.
pub async fn show(desktop: &mut Desktop, session: &Session, css: &str, step: &str) {
    session.scroll_into_view(css, "start").await;
    desktop.shoot(session, step).await;
    let problems: Vec<String> =
        serde_json::from_value(session.script(LAYOUT_PROBLEMS, json!([])).await).unwrap();
    assert!(problems.is_empty(), "{step}: {problems:#?}");
}

/// [`show`] in the dark theme, then the light one.
pub async fn both_themes(desktop: &mut Desktop, session: &Session, css: &str, step: &str) {
    for theme in ["dark", "light"] {
        session.select("#theme", theme).await;
        show(desktop, session, css, &format!("{step}-{theme}")).await;
    }
    session.select("#theme", "system").await;
}

/// The decision panel names the run decided on: its prompt (one line, whole in the title) and environment.
pub async fn run_named(session: &Session, prompt: &str, environment: &str) {
    let line = session.text("#decide-run").await;
    assert!(
        line.contains(prompt) && line.contains(environment),
        "the panel names another run: {line}"
    );
    let title = session
        .script(
            "return document.querySelector('#decide-run .decide-run-prompt')?.title ?? null;",
            json!([]),
        )
        .await;
    assert_eq!(title, json!(prompt));
}
