//! SSE parser throughput: 200 events of about 165 KB (the largest fixture
//! response, framed as the server frames it) fed in 1 KiB, 16 KiB and
//! 64 KiB pieces, and 100,000 tiny events. Prints `name value unit` lines;
//! throughput should stay flat across piece sizes.

#![allow(clippy::print_stdout)]

use std::time::{Duration, Instant};

use skymarshal_sse::{Limits, Parser};

const ROUNDS: usize = 7;

fn large_stream() -> (Vec<u8>, usize) {
    let response = include_str!("../../sim/fixtures/responses/solution_1.json");
    let document: serde_json::Value = serde_json::from_str(response).expect("fixture is JSON");
    let mut event = serde_json::json!({"type": "chunk", "data": document}).to_string();
    // Pad with JSON white space to the fixture's size as the server sends it.
    event.pop();
    while event.len() + 1 < response.len() {
        event.push(' ');
    }
    event.push('}');
    let mut body = Vec::new();
    for _ in 0..200 {
        body.extend_from_slice(b"data: ");
        body.extend_from_slice(event.as_bytes());
        body.extend_from_slice(b"\n\n");
    }
    (body, 200)
}

fn tiny_stream() -> (Vec<u8>, usize) {
    let mut body = Vec::new();
    for i in 0..100_000 {
        body.extend_from_slice(format!("data: {{\"type\":\"chunk\",\"data\":{i}}}\n\n").as_bytes());
    }
    (body, 100_000)
}

/// The median time to parse `body` fed in `piece`-byte reads.
fn measure(body: &[u8], piece: usize, events: usize) -> Duration {
    let mut times: Vec<Duration> = (0..ROUNDS)
        .map(|_| {
            let mut parser = Parser::new(Limits::default());
            let mut out = Vec::with_capacity(1024);
            let mut seen = 0;
            let start = Instant::now();
            for part in body.chunks(piece) {
                parser.feed(part, &mut out).expect("within limits");
                seen += out.len();
                out.clear();
            }
            let elapsed = start.elapsed();
            assert_eq!(seen, events);
            std::hint::black_box(parser.finish());
            elapsed
        })
        .collect();
    times.sort();
    times[ROUNDS / 2]
}

fn report(name: &str, body: &[u8], piece: usize, events: usize) {
    let time = measure(body, piece, events).as_secs_f64();
    let mb = body.len() as f64 / 1e6;
    println!("sse_{name}_throughput {:.0} MB/s", mb / time);
    println!("sse_{name}_events {:.0} events/s", events as f64 / time);
}

fn main() {
    let (large, large_events) = large_stream();
    println!(
        "sse_large_event_size {:.1} KB",
        large.len() as f64 / large_events as f64 / 1e3
    );
    for (label, piece) in [("1k", 1024), ("16k", 16 * 1024), ("64k", 64 * 1024)] {
        report(&format!("large_{label}"), &large, piece, large_events);
    }
    let (tiny, tiny_events) = tiny_stream();
    report("tiny_16k", &tiny, 16 * 1024, tiny_events);
}
