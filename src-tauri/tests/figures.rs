//! The console's own figures, printed as `name value unit` lines: launch to
//! an interactive window (cold, then warm), resident memory of all its
//! processes (the app, WebKit's web and network processes) at idle and
//! after a full analysis, and from a chunk's arrival to the analysis on
//! screen, for the largest fixture (165 KB) and for a run of 50 chunks.
//! It asserts only that each figure was taken; it never judges the time.
//! Set `SKYMARSHAL_CONSOLE_BIN` to measure a release build.

#![allow(clippy::print_stdout)]

mod support;

use std::time::Duration;

use serde_json::json;
use support::{Desktop, EnvironmentsFile, wait_for_end};

/// Kilobytes of resident memory of the process whose environment carries
/// `tag`, and of the processes it started.
fn resident_kb(tag: &str) -> (Memory, usize) {
    let marker = format!("SKYMARSHAL_FIGURES_TAG={tag}");
    let procs: Vec<(u32, u32, String)> = std::fs::read_dir("/proc")
        .unwrap()
        .filter_map(|e| e.ok()?.file_name().to_str()?.parse::<u32>().ok())
        .filter_map(|pid| {
            let stat = std::fs::read_to_string(format!("/proc/{pid}/stat")).ok()?;
            let after = &stat[stat.rfind(')')? + 2..];
            let ppid = after.split_whitespace().nth(1)?.parse().ok()?;
            let environ = std::fs::read(format!("/proc/{pid}/environ")).unwrap_or_default();
            let env = String::from_utf8_lossy(&environ).into_owned();
            Some((pid, ppid, env))
        })
        .collect();
    let Some(app) = procs
        .iter()
        .find(|(pid, _, env)| {
            env.split('\0').any(|v| v == marker) && comm(*pid) == "skymarshal-cons"
        })
        .map(|p| p.0)
    else {
        return (Memory::default(), 0);
    };
    let mut family = vec![app];
    let mut i = 0;
    while i < family.len() {
        let parent = family[i];
        family.extend(procs.iter().filter(|p| p.1 == parent).map(|p| p.0));
        i += 1;
    }
    let memory = Memory {
        rss: family
            .iter()
            .map(|pid| field_kb(&format!("/proc/{pid}/status"), "VmRSS:"))
            .sum(),
        pss: family
            .iter()
            .map(|pid| field_kb(&format!("/proc/{pid}/smaps_rollup"), "Pss:"))
            .sum(),
    };
    (memory, family.len())
}

fn comm(pid: u32) -> String {
    std::fs::read_to_string(format!("/proc/{pid}/comm"))
        .unwrap_or_default()
        .trim()
        .to_owned()
}

/// Resident memory: RSS counts shared libraries once per process; PSS
/// shares them out, so PSS adds up across processes honestly.
#[derive(Debug, Default, Clone, Copy)]
struct Memory {
    rss: u64,
    pss: u64,
}

impl Memory {
    fn lines(self, name: &str) -> [String; 2] {
        [
            format!("{name}_pss {:.1} MB", self.pss as f64 / 1024.0),
            format!("{name}_rss {:.1} MB", self.rss as f64 / 1024.0),
        ]
    }
}

fn field_kb(path: &str, field: &str) -> u64 {
    std::fs::read_to_string(path)
        .unwrap_or_default()
        .lines()
        .find_map(|l| l.strip_prefix(field))
        .and_then(|v| v.split_whitespace().next()?.parse().ok())
        .unwrap_or(0)
}

/// The last analysis's chunk figures: IPC, render and their sum.
async fn chunk_figures(session: &support::Session, suffix: &str) -> Vec<String> {
    let mut lines = Vec::new();
    for (name, key) in [
        ("ipc", "chunkIpcMs"),
        ("render", "chunkRenderMs"),
        ("to_screen", "chunkToScreenMs"),
    ] {
        let value = session
            .script(&format!("return document.body.dataset.{key};"), json!([]))
            .await;
        lines.push(format!(
            "chunk_{name}_{suffix} {} ms",
            value.as_str().unwrap_or("nan")
        ));
    }
    lines
}

#[tokio::test]
async fn print_the_consoles_figures() {
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
    let desktop = Desktop::with_environments(
        "figures",
        &[
            ("SKYMARSHAL_SIM_DELAY_MS", "500"),
            ("SKYMARSHAL_FIGURES_TAG", &tag),
        ],
        &file,
    )
    .await;
    let mut lines = Vec::new();
    // Cold: the first start of this binary on this display; warm: the next.
    let (session, cold) = desktop.open().await;
    lines.push(format!(
        "launch_to_interactive_cold {} ms",
        cold.as_millis()
    ));
    tokio::time::sleep(Duration::from_secs(2)).await;
    let (idle, processes) = resident_kb(&tag);
    lines.extend(idle.lines("memory_idle"));
    lines.push(format!("console_processes {processes} count"));

    // The first analysis of a fresh console is the largest fixture (165 KB).
    session
        .type_into(
            "#prompt",
            "Flight EY123 delayed 2 hours due to weather at AUH",
        )
        .await;
    session.click("#send").await;
    wait_for_end(&session, "complete").await;
    tokio::time::sleep(Duration::from_millis(500)).await;
    lines.extend(chunk_figures(&session, "165kb").await);
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
    lines.extend(chunk_figures(&session, "50_chunk_run_last").await);
    let partial = session
        .script(
            "return document.body.dataset.partialRenderMaxMs;",
            json!([]),
        )
        .await;
    lines.push(format!(
        "chunk_render_50_chunk_run_partial_max {} ms",
        partial.as_str().unwrap_or("nan")
    ));
    tokio::time::sleep(Duration::from_secs(1)).await;
    let (after, _) = resident_kb(&tag);
    lines.extend(after.lines("memory_after_analysis"));
    session.end().await;
    tokio::time::sleep(Duration::from_secs(1)).await;

    let (session, warm) = desktop.open().await;
    lines.push(format!(
        "launch_to_interactive_warm {} ms",
        warm.as_millis()
    ));
    session.end().await;

    for line in &lines {
        println!("{line}");
    }
    assert!(
        idle.rss > 0 && after.rss > 0,
        "the console's processes were found"
    );
}
