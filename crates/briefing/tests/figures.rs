//! What a handover costs to print: a 50-run handover rendered to PDF and
//! Markdown, timed and weighed. Prints `name value unit` lines (see them
//! with `cargo nextest run -p skymarshal-briefing --no-capture figures`);
//! no timing is asserted, machines differ.

mod support;

use std::time::Instant;

use skymarshal_briefing::{to_markdown, to_pdf};

#[test]
#[allow(clippy::print_stdout)] // the figures are this test's output
fn figures_for_a_50_run_handover() {
    let briefing = support::handover_of(50);
    let rounds = 5;
    let mut times = Vec::new();
    let mut pdf = Vec::new();
    for _ in 0..rounds {
        let started = Instant::now();
        pdf = to_pdf(&briefing).expect("the handover renders");
        times.push(started.elapsed().as_secs_f64() * 1000.0);
    }
    times.sort_by(f64::total_cmp);
    let started = Instant::now();
    let markdown = to_markdown(&briefing);
    let markdown_ms = started.elapsed().as_secs_f64() * 1000.0;
    let pages = support::pdftotext(&pdf, &[])
        .map(|text| text.split('\u{c}').filter(|p| !p.trim().is_empty()).count());
    println!(
        "handover_50_runs_pdf_render_median {:.1} ms",
        times[rounds / 2]
    );
    println!("handover_50_runs_pdf_render_first {:.1} ms", times[0]);
    println!("handover_50_runs_pdf_size {} bytes", pdf.len());
    if let Some(pages) = pages {
        println!("handover_50_runs_pdf_pages {pages} pages");
    }
    println!("handover_50_runs_markdown_render {markdown_ms:.2} ms");
    println!("handover_50_runs_markdown_size {} bytes", markdown.len());
}
