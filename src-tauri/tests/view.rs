//! The analysis view in the real window: every fixture response laid out
//! for a decision (screenshots of each section in both themes); every
//! number and short text of the decision and its options found where it
//! belongs, in every fixture and in generated variants of them, in a
//! window 960 px wide; damaged documents shown as missing, never breaking
//! the view; a corpus of attacks through the real Markdown renderer with
//! nothing executed and no request leaving (the corpus is
//! `data/attack_corpus.json`, one case a line); links opened only after a
//! confirmation, only https.
//!
//! Each window test costs a desktop, so a test runs its steps in order in
//! one window; each step is a function named for what it checks.

mod support;

use std::path::Path;
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Duration;

use serde_json::{Value, json};
use skymarshal_app::impacts::{lines_text, option_details};
use support::walk::{FIND_VALUES, expected_values, matches, variants};
use support::{Desktop, Session, send, wait_for_end};

const WAIT: Duration = Duration::from_secs(30);
const FIXTURES: [&str; 4] = [
    include_str!("../../crates/sim/fixtures/responses/solution_1.json"),
    include_str!("../../crates/sim/fixtures/responses/solution_2.json"),
    include_str!("../../crates/sim/fixtures/responses/solution_3.json"),
    include_str!("../../crates/sim/fixtures/responses/solution_4.json"),
];

fn fixture(n: usize) -> Value {
    serde_json::from_str(FIXTURES[n - 1]).unwrap()
}

/// Renders `doc` with the window's own renderer; answers `{ok, text|error}`.
async fn render(session: &Session, doc: &Value, partials: Value) -> Value {
    session
        .script_async(
            "const [doc, partials, done] = arguments;\
             import('/js/analysis.js').then((m) => {\
               const root = document.getElementById('analysis');\
               try {\
                 if (partials.length) m.renderPartials(root, partials);\
                 const failed = (e) => done({ ok: false, error: String(e && e.stack || e) });\
                 let failure = null;\
                 m.renderAnalysis(root, doc, null, { whole: (e) => { failure = e ?? null; }, laidOut: () => {\
                   if (failure) { failed(failure); return; }\
                   for (const d of root.querySelectorAll('details')) d.open = true;\
                   done({ ok: true, text: root.innerText, html: root.innerHTML });\
                 } });\
               } catch (e) { done({ ok: false, error: String(e && e.stack || e) }); }\
             }, (e) => done({ ok: false, error: String(e) }));",
            json!([doc, partials]),
        )
        .await
}

/// A loopback listener that counts every connection made to it.
async fn tripwire() -> (u16, Arc<AtomicUsize>) {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let port = listener.local_addr().unwrap().port();
    let hits = Arc::new(AtomicUsize::new(0));
    let counter = Arc::clone(&hits);
    tokio::spawn(async move {
        while let Ok((_socket, _)) = listener.accept().await {
            counter.fetch_add(1, Ordering::SeqCst);
        }
    });
    (port, hits)
}

/// The attack corpus: hostile Markdown and HTML, one case a line of
/// `data/attack_corpus.json`, `{port}` standing for the tripwire's port.
fn attack_corpus(port: u16) -> Vec<String> {
    let cases: Vec<String> = serde_json::from_str(include_str!("data/attack_corpus.json")).unwrap();
    cases
        .into_iter()
        .map(|case| case.replace("{port}", &port.to_string()))
        .collect()
}

/// Screenshots of each section of the analysis shown, as `label-section`.
async fn sections(desktop: &mut Desktop, session: &Session, label: &str) {
    for (css, name) in [
        (".decision", "decision"),
        (".options-section", "options"),
        (".plan", "plan"),
        (".agents", "agents"),
        (".conflicts", "conflicts"),
        (".details", "details"),
    ] {
        session.scroll_into_view(css, "start").await;
        desktop.shoot(session, &format!("{label}-{name}")).await;
    }
}

#[tokio::test]
async fn the_view_shows_every_field_safely_in_both_themes() {
    let link_log = std::env::temp_dir().join(format!("skymarshal-links-{}", std::process::id()));
    let notify_log = std::env::temp_dir().join(format!("skymarshal-notify-{}", std::process::id()));
    let _ = std::fs::remove_file(&link_log);
    let _ = std::fs::remove_file(&notify_log);
    let mut desktop = Desktop::start(
        "view",
        &[
            ("SKYMARSHAL_SIM_DELAY_MS", "0"),
            ("SKYMARSHAL_LINK_LOG", link_log.to_str().unwrap()),
            ("SKYMARSHAL_NOTIFY_LOG", notify_log.to_str().unwrap()),
        ],
    )
    .await;
    let (session, _) = desktop.open().await;

    the_four_fixtures_show_what_matters_through_the_live_path(&mut desktop, &session).await;
    the_raw_json_of_an_event_is_one_click_away(&mut desktop, &session).await;
    every_section_is_shown_in_both_themes(&mut desktop, &session).await;
    any_options_plan_is_shown_on_request(&mut desktop, &session).await;
    damaged_documents_are_shown_as_missing_never_breaking_the_view(&mut desktop, &session).await;
    markdown_attack_corpus_runs_nothing_and_fetches_nothing(&mut desktop, &session).await;
    // The corpus's one https link, still on screen, is the one clicked.
    links_open_only_after_a_confirmation_and_only_https(&mut desktop, &session, &link_log).await;
    a_notification_says_the_consoles_words_escaped(&session, &notify_log).await;
    about_gives_the_version_the_files_and_diagnostics(&mut desktop, &session).await;
    session.end().await;
}

/// The four real responses, in turn, through the live path: each shows
/// its own phrases, and the milestone is said to screen readers.
async fn the_four_fixtures_show_what_matters_through_the_live_path(
    desktop: &mut Desktop,
    session: &Session,
) {
    let expected: [&[&str]; 4] = [
        &[
            "Aircraft Swap",
            "Crew compliance",
            "Guest experience",
            "Critical path: step 1 → 2 → 6 → 7 → 8",
            "no conflict",
        ],
        &["Recommended", "Finance", "Contingency plans"],
        &[
            "Warning: Arbitrator could not generate custom solutions",
            "Guest experience failed in the first round (Max iterations reached)",
        ],
        &[
            "Safety override by Maintenance",
            "safety_vs_business",
            "Cancel flight - safety constraint takes absolute priority",
            "Guest experience failed",
        ],
    ];
    for (n, phrases) in expected.iter().enumerate() {
        send(
            session,
            &format!("Flight EY{} disruption, fixture {}", 280 + n, n + 1),
        )
        .await;
        wait_for_end(session, "complete").await;
        let text = session.text("#analysis").await;
        for phrase in *phrases {
            assert!(
                text.contains(phrase),
                "fixture {}: {phrase:?} missing",
                n + 1
            );
        }
        desktop.shoot(session, &format!("fixture-{}", n + 1)).await;
    }
    assert!(
        session
            .text("#announce")
            .await
            .contains("Analysis complete"),
        "the milestone is said to screen readers"
    );
}

/// The raw JSON of any event, one click away.
async fn the_raw_json_of_an_event_is_one_click_away(desktop: &mut Desktop, session: &Session) {
    session
        .script(
            "const e = document.getElementById('events'); e.open = true;\
             const chunk = e.querySelector('.raw-event[data-position=\"1\"]'); chunk.open = true;\
             chunk.scrollIntoView({block: 'start'});",
            json!([]),
        )
        .await;
    session
        .wait_for(
            "document.querySelector('.raw-event[data-position=\"1\"] pre') !== null",
            "the raw chunk",
            WAIT,
        )
        .await;
    assert!(
        session
            .text(".raw-event[data-position=\"1\"] pre")
            .await
            .contains("\"final_decision\"")
    );
    desktop.shoot(session, "raw-event").await;
}

/// Screenshots of every section, dark then light, then back to the
/// system's theme.
async fn every_section_is_shown_in_both_themes(desktop: &mut Desktop, session: &Session) {
    session.select("#theme", "dark").await;
    sections(desktop, session, "dark").await;
    session.select("#theme", "light").await;
    sections(desktop, session, "light").await;
    session.select("#theme", "system").await;
}

/// Any option's plan, on request.
async fn any_options_plan_is_shown_on_request(desktop: &mut Desktop, session: &Session) {
    assert_eq!(
        render(session, &fixture(1), json!([])).await["ok"],
        json!(true)
    );
    session.click(".option:not(.recommended) button.link").await;
    assert!(session.text(".plan h3").await.contains("Option 2"));
    desktop.shoot(session, "other-plan").await;
}

/// Damaged documents: shown as missing, never breaking the view.
async fn damaged_documents_are_shown_as_missing_never_breaking_the_view(
    desktop: &mut Desktop,
    session: &Session,
) {
    let huge = "EY283 ".repeat(400_000);
    type Damage = (&'static str, fn(&mut Value, &str), &'static str);
    let damages: [Damage; 10] = [
        (
            "no decision",
            |d, _| {
                d["final_decision"] = Value::Null;
            },
            "The arbitrator gave no decision text.",
        ),
        (
            "options of the wrong type",
            |d, _| {
                d["final_decision"]["solution_options"] = json!("many");
            },
            "Solution options not provided.",
        ),
        (
            "scores as text",
            |d, _| {
                d["final_decision"]["solution_options"][0]["safety_score"] = json!("95");
            },
            "Safety given as 95",
        ),
        (
            "an unknown agent",
            |d, _| {
                d["audit_trail"]["phase1_initial"]["responses"]["de_icing"] = json!({"agent_name": "de_icing", "recommendation": "Hold for **de-icing**", "confidence": 0.7, "status": "success"});
            },
            "De icing",
        ),
        (
            "a huge reasoning",
            |d, huge| {
                d["final_decision"]["reasoning"] = json!(huge);
                d["final_decision"]["recommendations"] = json!([huge]);
            },
            "Reasoning",
        ),
        (
            "nulls and numbers where lists were",
            |d, _| {
                d["final_decision"]["recommendations"] = Value::Null;
                d["final_decision"]["solution_options"][0]["recovery_plan"]["steps"] =
                    json!([null, 5, "x"]);
            },
            "Recommendations not provided.",
        ),
        (
            "no audit trail",
            |d, _| {
                d["audit_trail"] = json!([]);
                d["final_decision"]["recommendation_evolution"] = json!(7);
            },
            "The agents' responses are not provided.",
        ),
        (
            "no plan",
            |d, _| {
                d["final_decision"]["solution_options"][0]["recovery_plan"] = json!(null);
            },
            "Recovery plan not provided.",
        ),
        (
            "markdown nested beyond reason",
            |d, _| {
                d["final_decision"]["justification"] = json!(format!("{}x", "> ".repeat(5000)));
            },
            "Justification",
        ),
        (
            "conflicts of odd shapes",
            |d, _| {
                d["final_decision"]["conflicts_identified"] = json!([1, "x", {}]);
            },
            "Conflicts (1)",
        ),
    ];
    for (name, damage, phrase) in damages {
        let mut doc = fixture(1);
        damage(&mut doc, &huge);
        let shown = render(session, &doc, json!([])).await;
        assert_eq!(shown["ok"], json!(true), "{name}: {shown}");
        assert!(
            shown["text"].as_str().unwrap().contains(phrase)
                || shown["html"].as_str().unwrap().contains(phrase),
            "{name}: {phrase:?} not shown"
        );
    }
    desktop.shoot(session, "damaged").await;
}

/// Attacks through the real Markdown renderer, split payloads included:
/// no script runs, no payload becomes an element or a handler, links are
/// refused but https ones, and nothing connects to a loopback tripwire.
async fn markdown_attack_corpus_runs_nothing_and_fetches_nothing(
    desktop: &mut Desktop,
    session: &Session,
) {
    let (port, hits) = tripwire().await;
    let attacks = attack_corpus(port);
    let image = attacks
        .iter()
        .find(|case| case.starts_with("<img "))
        .expect("the corpus has an image with a handler");
    let mut doc = fixture(4);
    let corpus = attacks.join("\n\n");
    doc["final_decision"]["justification"] = json!(corpus);
    doc["final_decision"]["reasoning"] = json!(format!("| a | b |\n|---|---|\n| {image} | x |"));
    for agent in ["crew_compliance", "maintenance", "network"] {
        doc["audit_trail"]["phase2_revision"]["responses"][agent]["recommendation"] = json!(corpus);
    }
    let partials = json!([{"agent_name": "<scr", "confidence": 0.5}, {"agent_name": "ipt>window.__pwned = 10</script>"}]);
    let shown = render(session, &doc, partials).await;
    assert_eq!(shown["ok"], json!(true), "{shown}");
    tokio::time::sleep(Duration::from_millis(1500)).await;
    desktop.shoot(session, "attacks").await;
    let found = session
        .script(
            "return {\
               pwned: window.__pwned ?? null,\
               elements: document.querySelectorAll('#analysis script, #analysis img, #analysis svg, #analysis iframe, #analysis object, #analysis embed, #analysis style, #analysis link, #analysis math, #analysis a[href]').length,\
               handlers: [...document.querySelectorAll('#analysis *')].filter((e) => [...e.attributes].some((a) => a.name.startsWith('on'))).length,\
               refused: document.querySelectorAll('#analysis .md-link-refused').length,\
               links: [...document.querySelectorAll('#analysis .md-link')].map((a) => a.dataset.href),\
               resources: performance.getEntriesByType('resource').map((r) => r.name).filter((n) => n.includes('127.0.0.1')),\
             };",
            json!([]),
        )
        .await;
    assert_eq!(found["pwned"], Value::Null, "no script ran: {found}");
    assert_eq!(
        found["elements"],
        json!(0),
        "no payload became an element: {found}"
    );
    assert_eq!(found["handlers"], json!(0), "no handler attribute: {found}");
    assert!(found["refused"].as_u64().unwrap() >= 3, "{found}");
    assert!(
        found["links"]
            .as_array()
            .unwrap()
            .iter()
            .all(|l| l.as_str().unwrap().starts_with("https://")),
        "{found}"
    );
    assert_eq!(
        found["resources"],
        json!([]),
        "no request left the window: {found}"
    );
    assert_eq!(
        hits.load(Ordering::SeqCst),
        0,
        "nothing connected to the tripwire"
    );
}

/// A link opens only after the user confirms (by mouse or keyboard), and
/// only https: the command refuses any other.
async fn links_open_only_after_a_confirmation_and_only_https(
    desktop: &mut Desktop,
    session: &Session,
    link_log: &Path,
) {
    session.click("#analysis .md-link").await;
    session
        .wait_for(
            "document.getElementById('link-confirm').open",
            "the link dialog",
            WAIT,
        )
        .await;
    assert_eq!(
        session.text("#link-url").await,
        "https://example.com/runbook"
    );
    desktop.shoot(session, "link-confirm").await;
    session.click("#link-no").await;
    tokio::time::sleep(Duration::from_millis(300)).await;
    assert!(!link_log.exists(), "cancelled: nothing opened");
    // By keyboard: Enter on the link asks, Escape closes without opening.
    session.type_into("#analysis .md-link", "\u{E007}").await;
    session
        .wait_for(
            "document.getElementById('link-confirm').open",
            "the link dialog, by keyboard",
            WAIT,
        )
        .await;
    session.type_into("#link-no", "\u{E00C}").await;
    session
        .wait_for(
            "!document.getElementById('link-confirm').open",
            "Escape to close it",
            WAIT,
        )
        .await;
    assert!(!link_log.exists(), "Escape: nothing opened");
    session.click("#analysis .md-link").await;
    session.click("#link-yes").await;
    for _ in 0..50 {
        if link_log.exists() {
            break;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    assert_eq!(
        std::fs::read_to_string(link_log).unwrap().trim(),
        "https://example.com/runbook"
    );
    let refused = session
        .invoke("open_link", json!({ "url": "javascript:alert(1)" }))
        .await
        .expect_err("a javascript: link is refused");
    assert!(
        refused["message"]
            .as_str()
            .unwrap_or_default()
            .contains("only https links"),
        "{refused}"
    );
}

/// A notification says the console's words and the prompt, escaped.
async fn a_notification_says_the_consoles_words_escaped(session: &Session, notify_log: &Path) {
    // What was sent is read from the log, whatever the command answers.
    let _ = session
        .invoke(
            "notify",
            json!({ "title": "SkyMarshal: Analysis complete", "body": "prod: EY1 <b>late</b>" }),
        )
        .await;
    assert_eq!(
        std::fs::read_to_string(notify_log).unwrap().trim(),
        "SkyMarshal: Analysis complete\tprod: EY1 &lt;b&gt;late&lt;/b&gt;"
    );
}

/// About: the version, the files, and diagnostics for support, copied
/// and saved.
async fn about_gives_the_version_the_files_and_diagnostics(
    desktop: &mut Desktop,
    session: &Session,
) {
    session.click("#about-open").await;
    session
        .wait_for(
            "document.getElementById('about').open",
            "the About dialog",
            WAIT,
        )
        .await;
    let about = session.text("#about-body").await;
    assert!(
        about.contains(env!("CARGO_PKG_VERSION")) && about.contains("history.sqlite3"),
        "{about}"
    );
    session.click("#about-copy").await;
    session
        .wait_for("/Diagnostics copied|clipboard is not available/.test(document.getElementById('about-message').textContent)", "the diagnostics", WAIT)
        .await;
    session.click("#about-save").await;
    session
        .wait_for("document.getElementById('about-message').textContent.includes('Diagnostics saved in ')", "the saved diagnostics", WAIT)
        .await;
    let said = session.text("#about-message").await;
    let path = said
        .trim_start_matches("Diagnostics saved in ")
        .split(" (no secrets)")
        .next()
        .unwrap();
    let saved = std::fs::read_to_string(path).unwrap();
    assert!(
        saved.contains("## Last runs") && saved.contains("· complete · request "),
        "{saved}"
    );
    desktop.shoot(session, "about").await;
}

/// Values the walk leaves to the raw-event view on purpose, as (path
/// pattern, why); `[*]` is any index, `*` any part of a key. Add a row = one line.
const LEFT_TO_RAW_EVENTS: &[(&str, &str)] = &[(
    "final_decision.recommendation_evolution.evolution_details[*].phase*_recommendation",
    "the arbitrator's copy of an agent's round text; the agent card shows the agent's own, from the audit trail",
)];

#[tokio::test]
async fn the_view_shows_every_value_of_the_decision_and_its_options() {
    // A 1000 px screen: the window opens at the narrowest width the console supports.
    let mut desktop = Desktop::start(
        "view-values",
        &[
            ("E2E_SCREEN", "1000x1000"),
            ("SKYMARSHAL_SIM_DELAY_MS", "0"),
        ],
    )
    .await;
    let (session, _) = desktop.open().await;
    for n in 1..=4 {
        let doc = fixture(n);
        let mut docs = vec![("as sent", doc.clone())];
        docs.extend(variants(&doc));
        for (variant, doc) in &docs {
            let name = format!("solution_{n}, {variant}");
            every_value_is_shown_where_it_belongs_and_fits(&session, &name, doc).await;
            the_windows_lines_are_rusts_to_the_letter(&session, &name, doc).await;
            the_handover_carries_the_recommended_options_lines(&session, &name, doc).await;
            if n <= 2 {
                let label = format!("{n}-{}", variant.replace([' ', ','], "-"));
                options_and_plan_are_shot(&mut desktop, &session, &label).await;
            }
        }
    }
    session.end().await;
}

/// Every number and short text the walk finds in `doc` is shown in the
/// element for its path, and nothing sticks out of a window under 1000 px.
async fn every_value_is_shown_where_it_belongs_and_fits(
    session: &Session,
    name: &str,
    doc: &Value,
) {
    let expected: Vec<Value> = expected_values(doc, LEFT_TO_RAW_EVENTS)
        .into_iter()
        .map(|e| json!({"path": e.path, "shown": e.shown, "number": e.number}))
        .collect();
    assert!(expected.len() > 100, "{name}: {} values", expected.len());
    let found = session
        .script_async(FIND_VALUES, json!([doc, expected]))
        .await;
    assert!(found.get("error").is_none(), "{name}: {found}");
    let list = |key: &str| {
        found[key]
            .as_array()
            .unwrap()
            .iter()
            .map(|v| v.as_str().unwrap().to_owned())
            .collect::<Vec<_>>()
    };
    assert!(
        list("missing").is_empty(),
        "{name}: values the view does not show where they belong:\n{}",
        list("missing").join("\n")
    );
    let width = found["width"].as_u64().unwrap();
    assert!(width < 1000, "{name}: the window is {width} px wide");
    assert!(
        list("overflow").is_empty(),
        "{name}, {width} px: {}",
        list("overflow").join("\n")
    );
}

/// The window's lines for each option are the report's and the CLI's,
/// to the letter.
async fn the_windows_lines_are_rusts_to_the_letter(session: &Session, name: &str, doc: &Value) {
    let options = doc["final_decision"]["solution_options"].clone();
    let window = session
        .script_async(
            "const [options, done] = arguments;\
             import('/js/impacts.js').then((m) => done(options.map(m.optionDetails)), (e) => done(String(e)));",
            json!([options]),
        )
        .await;
    let rust: Vec<Value> = options
        .as_array()
        .unwrap()
        .iter()
        .map(|o| serde_json::to_value(option_details(o)).unwrap())
        .collect();
    assert_eq!(
        window,
        Value::Array(rust),
        "{name}: the window's lines and Rust's differ"
    );
}

/// "Copy decision and plan" carries the recommended option's lines.
async fn the_handover_carries_the_recommended_options_lines(
    session: &Session,
    name: &str,
    doc: &Value,
) {
    let handover = session
        .script_async(
            "const [doc, done] = arguments;\
             import('/js/analysis.js').then((m) => done(m.decisionText(doc)), (e) => done(String(e)));",
            json!([doc]),
        )
        .await;
    let handover = handover.as_str().unwrap();
    let id = &doc["final_decision"]["recommended_solution_id"];
    let recommended = doc["final_decision"]["solution_options"]
        .as_array()
        .unwrap()
        .iter()
        .find(|o| &o["solution_id"] == id)
        .unwrap();
    for line in lines_text(&option_details(recommended).impacts, "  ") {
        assert!(
            handover.contains(&line),
            "{name}: {line:?} not in the handover:\n{handover}"
        );
    }
    assert!(
        !handover.contains("null") && !handover.contains("undefined"),
        "{handover}"
    );
}

/// Screenshots of the options, a network impact, the last option, the
/// plan and the details, as `label-part`.
async fn options_and_plan_are_shot(desktop: &mut Desktop, session: &Session, label: &str) {
    for (css, part, block) in [
        (".options-section", "options", "start"),
        (
            "[data-path^='final_decision.solution_options[0].network_impact']",
            "network-impact",
            "center",
        ),
        (".option:last-child", "last-option", "end"),
        (".plan", "plan", "start"),
        (".details", "details", "end"),
    ] {
        session.scroll_into_view(css, block).await;
        desktop.shoot(session, &format!("{label}-{part}")).await;
    }
}

#[test]
fn exemptions_and_forms_name_paths_by_pattern() {
    let table = [
        (
            "final_decision.solution_options[*].*_score",
            "final_decision.solution_options[2].cost_score",
            true,
        ),
        (
            "final_decision.solution_options[*].*_score",
            "final_decision.solution_options[2].cost_score_v2",
            false,
        ),
        (
            "final_decision.solution_options[*].*_score",
            "final_decision.solution_options.x.cost_score",
            false,
        ),
        ("a.phase*_confidence", "a.phase1_confidence", true),
        ("a.phase*_confidence", "a.phase1.x_confidence", false),
        ("a[*]", "a[]", false),
        ("a[*]", "a[12]", true),
    ];
    for (pattern, path, expected) in table {
        assert_eq!(matches(pattern, path), expected, "{pattern} {path}");
    }
    for (pattern, why) in LEFT_TO_RAW_EVENTS {
        assert!(pattern.starts_with("final_decision.") && !why.is_empty());
    }
}
