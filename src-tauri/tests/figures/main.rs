//! The console's own figures, printed as `name value unit` lines: launch to
//! an interactive window (cold, then warm); memory of all its processes
//! (the app, WebKit's web and network processes) at idle, after the
//! largest analysis and over many analyses in one window, each beside a
//! bare Tauri window's (`tools/bare-window`) measured in the same run and
//! on the same display, as a ratio, first as each chooses its rendering
//! (the console turns WebKit's compositing off on a machine without a GPU,
//! `src-tauri/src/rendering.rs`), then with compositing set on and off for
//! both; and from a chunk's arrival to the decision, then the whole
//! analysis, on screen, for the largest fixture (165 KB) in a fresh window
//! and for a run of 50 chunks.
//!
//! It asserts only that each figure was taken; it never judges one.
//! `SKYMARSHAL_CONSOLE_BIN` measures a release build (the bare window is
//! taken from beside it), `SKYMARSHAL_FIGURES_ANALYSES` sets how many
//! analyses the growth figure runs (`scripts/figures`: 40) and asks for the
//! set compositing modes too; a test run takes 4 analyses, one mode.

#![allow(clippy::print_stdout)]

#[path = "../support/mod.rs"]
mod support;

mod memory;

use std::time::Duration;

use memory::{Memory, mb};
use serde_json::json;
use support::{Desktop, EnvironmentsFile, Session, send, wait_for_end};

/// The process name (`/proc/PID/comm`) of the console and of the bare window.
const CONSOLE: &str = "skymarshal-console";
const BARE: &str = "bare-tauri-window";
/// The largest recorded analysis: the simulator's default answer.
const PROMPT: &str = "Flight EY123 delayed 2 hours due to weather at AUH";
/// Time for a window's processes to settle before they are measured.
const SETTLE: Duration = Duration::from_secs(2);

/// The bare window built beside the console under test.
fn bare_window() -> String {
    let console = support::application();
    let path = std::path::Path::new(&console).with_file_name(BARE);
    assert!(
        path.exists(),
        "{} is missing: build it with `cargo build -p bare-tauri-window` \
         (a workspace test run builds it, and scripts/figures does).",
        path.display()
    );
    path.display().to_string()
}

/// A figure the page keeps on its body's dataset (`figures.js`,
/// `warmup.js`) under `key`, as text; `nan` when it has none.
async fn page_figure(session: &Session, key: &str) -> String {
    let value = session
        .script(&format!("return document.body.dataset.{key};"), json!([]))
        .await;
    value.as_str().unwrap_or("nan").to_owned()
}

/// The last analysis's chunk figures, from the page's dataset, and how far
/// the options moved between the first frame they were laid out in and now
/// (the decision panel and its log in, every section laid out).
async fn chunk_figures(session: &Session, suffix: &str) -> Vec<String> {
    let mut lines = Vec::new();
    for (name, key) in [
        ("ipc", "chunkIpcMs"),
        ("render", "chunkRenderMs"),
        ("to_decision", "chunkToDecisionMs"),
        ("to_screen", "chunkToScreenMs"),
        ("to_laid_out", "chunkToLaidOutMs"),
        ("first_part_built", "chunkBuildMs"),
        ("frame_wait", "chunkFrameWaitMs"),
    ] {
        let value = page_figure(session, key).await;
        lines.push(format!("chunk_{name}_{suffix} {value} ms"));
    }
    let shift = session
        .script(
            "const view = document.getElementById('analysis');\
             const anchor = view.querySelector(':scope > .options-section');\
             const first = document.body.dataset.firstAnchorTop;\
             return anchor && first ? String(Math.round(anchor.getBoundingClientRect().top) - Number(first)) : 'nan';",
            json!([]),
        )
        .await;
    lines.push(format!(
        "chunk_layout_shift_{suffix} {} px",
        shift.as_str().unwrap_or("nan")
    ));
    lines
}

/// Opens the bare window, lets it settle, measures it and closes it.
async fn bare_idle(desktop: &Desktop, tag: &str) -> Memory {
    let (session, _) = desktop.open_app(&bare_window()).await;
    tokio::time::sleep(SETTLE).await;
    let memory = Memory::of(BARE, tag);
    session.end().await;
    tokio::time::sleep(SETTLE).await;
    memory
}

/// Sends the largest analysis and waits until the whole of it is on screen.
async fn analyse(session: &Session) {
    send(session, PROMPT).await;
    // It waits for the whole analysis to be on screen, too.
    wait_for_end(session, "complete").await;
    session
        .wait_for(
            "document.getElementById('decision-record')?.dataset.state !== 'loading'",
            "the decision panel to read its log",
            Duration::from_secs(30),
        )
        .await;
}

/// The figures' windows: a fast simulator, the tag that finds their
/// processes, and WebKit's rendering as each window chooses unless `extra`
/// sets it. No screenshot is taken (see `CONSOLE_CHOOSES_RENDERING`). The
/// agents take a second: far less than a real server's 60 to 300 s, but
/// enough for what a window does while it waits (the layout rehearsal,
/// about 0.2 s) to be done by the time the analysis comes, as it is with a
/// real server; with 0.3 s the chunk waited for it.
fn desktop_env<'a>(tag: &'a str, extra: &[(&'a str, &'a str)]) -> Vec<(&'a str, &'a str)> {
    let mut env = vec![
        ("SKYMARSHAL_SIM_DELAY_MS", "1000"),
        ("SKYMARSHAL_FIGURES_TAG", tag),
        support::CONSOLE_CHOOSES_RENDERING,
    ];
    env.extend_from_slice(extra);
    env
}

/// A fresh console's first analysis beside the bare window, on `desktop`.
struct FirstAnalysis {
    session: Session,
    launch: Duration,
    bare: Memory,
    idle: Memory,
    after: Memory,
}

/// Measures the bare window at idle, then a fresh console at idle and after
/// its first analysis (the largest fixture), pushing the lines: memory as
/// `memory_…{suffix}`, ratios to the bare window as `memory_…{ratio}`, and
/// the chunk figures as `chunk_…_165kb{suffix}`. The console stays open.
async fn first_analysis(
    desktop: &Desktop,
    tag: &str,
    suffix: &str,
    ratio: &str,
    lines: &mut Vec<String>,
) -> FirstAnalysis {
    let bare = bare_idle(desktop, tag).await;
    lines.extend(bare.lines(&format!("memory_bare_idle{suffix}")));
    let (session, launch) = desktop.open().await;
    tokio::time::sleep(SETTLE).await;
    let idle = Memory::of(CONSOLE, tag);
    lines.extend(idle.lines(&format!("memory_idle{suffix}")));
    lines.extend(idle.ratio_lines(&format!("memory_idle{ratio}"), &bare));
    analyse(&session).await;
    // Rehearsed while the agents worked (warmup.js), so read after the
    // analysis; `ahead_of_chunk` is how long before the chunk it was done
    // (negative: the chunk waited for it, and the chunk figures show that).
    for (name, key) in [("took", "warmUpMs"), ("done_at", "warmedUpAtMs")] {
        let value = page_figure(&session, key).await;
        lines.push(format!("first_render_rehearsal_{name}{suffix} {value} ms"));
    }
    let ahead = session
        .script(
            "const d = document.body.dataset;\
             const ahead = Number(d.chunkArrivedAtMs) - Number(d.warmedUpAtMs);\
             return Number.isFinite(ahead) ? String(ahead) : 'nan';",
            json!([]),
        )
        .await;
    lines.push(format!(
        "first_render_rehearsal_ahead_of_chunk{suffix} {} ms",
        ahead.as_str().unwrap_or("nan")
    ));
    lines.extend(chunk_figures(&session, &format!("165kb{suffix}")).await);
    tokio::time::sleep(SETTLE).await;
    let after = Memory::of(CONSOLE, tag);
    lines.extend(after.lines(&format!("memory_after_analysis{suffix}")));
    lines.extend(after.ratio_lines(&format!("memory_after_analysis{ratio}"), &bare));
    FirstAnalysis {
        session,
        launch,
        bare,
        idle,
        after,
    }
}

#[tokio::test]
async fn print_the_consoles_figures() {
    // scripts/figures asks for the full set; a test run takes each kind once.
    let full = std::env::var_os("SKYMARSHAL_FIGURES_ANALYSES").is_some();
    let analyses: usize = std::env::var("SKYMARSHAL_FIGURES_ANALYSES")
        .ok()
        .and_then(|n| n.parse().ok())
        .unwrap_or(4)
        .max(2);
    let tag = uuid::Uuid::new_v4().to_string();
    // A deployment of its own that answers in 50 chunks: 49 agents'
    // partial results 20 ms apart, then the full assessment.
    let fifty = skymarshal_sim::Simulator::start(skymarshal_sim::SimConfig::instant())
        .await
        .unwrap();
    let file = EnvironmentsFile::new().environment(
        "fifty",
        &format!(
            "{}?scenario=multi-chunk&chunks=50&gap_ms=20&delay_ms=0",
            fifty.url()
        ),
    );
    let desktop = Desktop::with_environments("figures", &desktop_env(&tag, &[]), &file).await;
    let mut lines = Vec::new();

    // Cold: the first start of this binary on this display; warm: the next.
    // Each window as it chooses its rendering: on this kind of machine the
    // console turns compositing off and the bare window keeps it, and the
    // console turns JavaScriptCore's JIT off. The like-for-like ratios are
    // the `_compositing` and `_no_compositing` lines.
    // The first analysis of a fresh console is the largest fixture (165 KB).
    let FirstAnalysis {
        session,
        launch,
        bare,
        idle,
        after,
    } = first_analysis(&desktop, &tag, "", "_as_each_chooses", &mut lines).await;
    lines.push(format!(
        "launch_to_interactive_cold {} ms",
        launch.as_millis()
    ));
    lines.push(format!("console_processes {} count", idle.processes));
    // Not a figure: the console's engine setting reached its web process
    // through its restart, and the bare window's did not get it.
    assert_eq!(
        idle.web_use_jit.as_deref(),
        Some("false"),
        "the console's web process"
    );
    assert_eq!(bare.web_use_jit, None, "the bare window's web process");

    // Many analyses in one window: what each adds once the first have
    // settled, from the half-way one to the last.
    let mut half = Memory::default();
    for n in 2..=analyses {
        analyse(&session).await;
        if n == analyses / 2 || n == analyses {
            tokio::time::sleep(SETTLE).await;
            let now = Memory::of(CONSOLE, &tag);
            lines.push(format!(
                "memory_after_{n}_analyses_pss {:.1} MB",
                mb(now.pss)
            ));
            lines.push(format!(
                "memory_after_{n}_analyses_web_pss {:.1} MB",
                mb(now.web_pss)
            ));
            if n == analyses / 2 {
                half = now;
            } else {
                let each = |now: u64, half: u64| {
                    (now as f64 - half as f64) / (n - analyses / 2) as f64 / 1024.0
                };
                lines.push(format!(
                    "memory_growth_per_analysis_{}_to_{n} {:.2} MB",
                    analyses / 2,
                    each(now.pss, half.pss)
                ));
                lines.push(format!(
                    "memory_growth_per_analysis_{}_to_{n}_web {:.2} MB",
                    analyses / 2,
                    each(now.web_pss, half.web_pss)
                ));
            }
        }
    }

    // The 50-chunk run: every partial shown as it lands, then the whole.
    session
        .script(
            "const s = document.getElementById('env-select');\
             s.value = [...s.options].find((o) => o.text.startsWith('fifty')).value;\
             s.dispatchEvent(new Event('change'));",
            json!([]),
        )
        .await;
    session.click("#send").await;
    wait_for_end(&session, "complete").await;
    tokio::time::sleep(SETTLE).await;
    lines.extend(chunk_figures(&session, "50_chunk_run_last").await);
    let partial = page_figure(&session, "partialRenderMaxMs").await;
    lines.push(format!(
        "chunk_render_50_chunk_run_partial_max {partial} ms"
    ));
    session.end().await;
    tokio::time::sleep(Duration::from_secs(1)).await;

    let (session, warm) = desktop.open().await;
    lines.push(format!(
        "launch_to_interactive_warm {} ms",
        warm.as_millis()
    ));
    session.end().await;
    drop(desktop);

    // The same windows with WebKit's compositing mode set for both, on
    // (as on a desktop with a GPU) and off, each on a display of its own,
    // and JavaScriptCore's JIT off for both (the console turns it off for
    // itself, src/script_jit.rs): like for like, the bare window gets the
    // same engine settings, so these ratios are the console's own overhead.
    let mut measured = vec![
        ("the bare window", bare),
        ("the console at idle", idle),
        ("the console after an analysis", after),
    ];
    if full {
        for (suffix, value) in [("compositing", "0"), ("no_compositing", "1")] {
            let env = desktop_env(
                &tag,
                &[
                    ("WEBKIT_DISABLE_COMPOSITING_MODE", value),
                    ("JSC_useJIT", "false"),
                ],
            );
            let desktop =
                Desktop::with_environments(&format!("figures-{suffix}"), &env, &file).await;
            let suffix = format!("_{suffix}");
            let first = first_analysis(&desktop, &tag, &suffix, &suffix, &mut lines).await;
            first.session.end().await;
            measured.push(("the console in a set compositing mode", first.after));
        }
    }

    for line in &lines {
        println!("{line}");
    }
    for (what, memory) in measured {
        assert!(memory.pss > 0 && memory.web_pss > 0, "{what} was measured");
    }
}
