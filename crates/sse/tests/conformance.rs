//! The shared conformance cases (the HTML standard's rules and the
//! web-platform tests), run whole, cut at every byte, one byte at a time and
//! in the pieces the case itself names.

use base64::Engine as _;
use base64::engine::general_purpose::STANDARD;
use serde::Deserialize;
use skymarshal_sse::{Event, Limits, Parser};

#[derive(Debug, Deserialize)]
struct Case {
    name: String,
    stream_b64: String,
    #[serde(default)]
    chunks_b64: Option<Vec<String>>,
    expected: Vec<Expected>,
    #[serde(default)]
    expected_reconnection_ms: Option<u64>,
}

#[derive(Debug, Deserialize, PartialEq)]
struct Expected {
    event: String,
    data: String,
    id: String,
}

fn cases() -> Vec<Case> {
    let text = include_str!("data/sse-conformance.json");
    serde_json::from_str(text).expect("the conformance file is valid JSON")
}

fn decode(b64: &str) -> Vec<u8> {
    STANDARD.decode(b64).expect("valid base64")
}

/// Feeds `pieces` in order and returns the events and the final `retry`.
fn run<'a>(pieces: impl IntoIterator<Item = &'a [u8]>) -> (Vec<Expected>, Option<u64>) {
    let mut parser = Parser::new(Limits::default());
    let mut events: Vec<Event> = Vec::new();
    for piece in pieces {
        parser
            .feed(piece, &mut events)
            .expect("no limit is reached");
    }
    let retry = parser.reconnection_time();
    let events = events
        .into_iter()
        .map(|e| Expected {
            event: e.event,
            data: e.data,
            id: e.id,
        })
        .collect();
    (events, retry)
}

fn check(case: &Case, how: &str, got: &(Vec<Expected>, Option<u64>)) {
    assert_eq!(got.0, case.expected, "case {} ({how}): events", case.name);
    if let Some(retry) = case.expected_reconnection_ms {
        assert_eq!(got.1, Some(retry), "case {} ({how}): retry", case.name);
    }
}

#[test]
fn every_case_parses_whole() {
    let cases = cases();
    assert!(cases.len() >= 30, "the fixture holds the full set of cases");
    for case in &cases {
        let stream = decode(&case.stream_b64);
        check(case, "whole", &run([stream.as_slice()]));
    }
}

#[test]
fn every_case_parses_in_its_own_pieces() {
    for case in cases().iter().filter(|c| c.chunks_b64.is_some()) {
        let pieces: Vec<Vec<u8>> = case
            .chunks_b64
            .iter()
            .flatten()
            .map(|c| decode(c))
            .collect();
        check(case, "given pieces", &run(pieces.iter().map(Vec::as_slice)));
    }
}

#[test]
fn every_case_parses_split_at_every_byte() {
    for case in &cases() {
        let stream = decode(&case.stream_b64);
        for at in 0..=stream.len() {
            let (head, tail) = stream.split_at(at);
            check(case, &format!("split at {at}"), &run([head, tail]));
        }
    }
}

#[test]
fn every_case_parses_one_byte_at_a_time() {
    for case in &cases() {
        let stream = decode(&case.stream_b64);
        check(case, "byte by byte", &run(stream.chunks(1)));
    }
}

#[test]
fn every_case_parses_split_at_every_pair_of_bytes() {
    for case in &cases() {
        let stream = decode(&case.stream_b64);
        for first in 0..=stream.len() {
            for second in first..=stream.len() {
                let pieces = [&stream[..first], &stream[first..second], &stream[second..]];
                check(
                    case,
                    &format!("split at {first} and {second}"),
                    &run(pieces),
                );
            }
        }
    }
}
