//! The analysis a decision is taken on, read from the run's stored events:
//! the last chunk whose document carries a `final_decision`, read as the
//! live client reads it, with the SHA-256 of its data text exactly as
//! received and the time it was received. An analysis that cannot be read
//! is, for deciding, an analysis that did not complete.

use serde::Serialize;
use serde_json::Value;
use sha2::{Digest as _, Sha256};
use skymarshal_store::EventRecord;

use crate::history::stored::last_analysis;

/// The analysis document of a run.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Analysis {
    /// The document (the chunk's data, read leniently).
    pub(crate) document: Value,
    /// Hex SHA-256 of the chunk's data text as received.
    pub(crate) sha256: String,
    /// When that chunk was received (ms since the epoch).
    pub(crate) received_ms: i64,
}

/// One recovery option as the decision dialog lists it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct OptionSummary {
    /// The option's `solution_id`.
    pub solution_id: i64,
    /// Its title; `None` when the server sent none.
    pub title: Option<String>,
}

impl Analysis {
    /// The run's analysis: the last chunk that carried a whole document.
    pub(crate) fn read(events: &[EventRecord]) -> Option<Self> {
        let (event, document) = last_analysis(events)?;
        Some(Self {
            document,
            sha256: sha256_hex(event.data.as_bytes()),
            received_ms: event.received_ms,
        })
    }

    fn decision(&self) -> &Value {
        &self.document["final_decision"]
    }

    /// The arbitrator's recommended option, when it named one by number.
    pub(crate) fn recommended_id(&self) -> Option<i64> {
        solution_id(&self.decision()["recommended_solution_id"])
    }

    /// The option objects, as the server sent them.
    fn option_values(&self) -> &[Value] {
        self.decision()["solution_options"]
            .as_array()
            .map_or(&[], Vec::as_slice)
    }

    /// The options that can be decided on (those with a number for an id).
    pub(crate) fn options(&self) -> Vec<OptionSummary> {
        self.option_values()
            .iter()
            .filter_map(|option| {
                Some(OptionSummary {
                    solution_id: solution_id(&option["solution_id"])?,
                    title: option["title"].as_str().map(str::to_owned),
                })
            })
            .collect()
    }

    /// Option `id` as the analysis carries it.
    pub(crate) fn option(&self, id: i64) -> Option<&Value> {
        self.option_values()
            .iter()
            .find(|option| solution_id(&option["solution_id"]) == Some(id))
    }

    /// The recommended option as people read it: `option 1 · title`.
    pub(crate) fn recommended_text(&self) -> Option<String> {
        let id = self.recommended_id()?;
        let title = self
            .option(id)
            .and_then(|option| option["title"].as_str())
            .map_or_else(String::new, |title| format!(" · {title}"));
        Some(format!("option {id}{title}"))
    }
}

/// A `solution_id` as a number: the server writes `2`, sometimes `"2"`.
fn solution_id(value: &Value) -> Option<i64> {
    match value {
        Value::Number(n) => n.as_i64(),
        Value::String(s) => s.trim().parse().ok(),
        _ => None,
    }
}

/// Lower-case hex SHA-256 of `bytes`.
pub(crate) fn sha256_hex(bytes: &[u8]) -> String {
    use std::fmt::Write as _;
    Sha256::digest(bytes)
        .iter()
        .fold(String::with_capacity(64), |mut out, byte| {
            let _ = write!(out, "{byte:02x}");
            out
        })
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    fn chunk(data: &str, received_ms: i64) -> EventRecord {
        EventRecord {
            position: 0,
            received_ms,
            origin: "stream".into(),
            kind: "chunk".into(),
            sse_event: String::new(),
            sse_id: String::new(),
            data: data.into(),
        }
    }

    fn fixture_chunk(n: usize) -> String {
        json!({"type": "chunk", "data": skymarshal_sim::fixture(n)}).to_string()
    }

    #[test]
    fn sha256_is_the_standard_digest() {
        // FIPS 180-2's "abc" and the empty message.
        let table = [
            (
                "abc",
                "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad",
            ),
            (
                "",
                "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855",
            ),
        ];
        for (input, digest) in table {
            assert_eq!(sha256_hex(input.as_bytes()), digest);
        }
    }

    #[test]
    fn the_analysis_is_the_last_readable_document_with_its_digest_and_time() {
        let good = fixture_chunk(2);
        // (events, expected: received_ms and the data hashed, or none)
        let table: Vec<(Vec<EventRecord>, Option<(i64, &str)>)> = vec![
            (vec![chunk(&good, 7)], Some((7, good.as_str()))),
            (
                vec![
                    chunk(&good, 7),
                    chunk("{\"type\": \"chunk\", \"data\": {\"st", 9),
                ],
                Some((7, good.as_str())),
            ),
            (
                vec![chunk("{\"type\":\"chunk\",\"data\":{\"status\":\"x\"}}", 3)],
                None,
            ),
            (vec![chunk("not json", 3)], None),
            (vec![], None),
        ];
        for (events, expected) in table {
            let analysis = Analysis::read(&events);
            assert_eq!(
                analysis.map(|a| (a.received_ms, a.sha256)),
                expected.map(|(ms, data)| (ms, sha256_hex(data.as_bytes())))
            );
        }
    }

    #[test]
    fn options_and_the_recommended_one_per_fixture() {
        // (fixture, recommended, option ids)
        let table: [(usize, Option<i64>, &[i64]); 4] = [
            (1, Some(1), &[1, 2, 3]),
            (2, Some(1), &[1, 2, 3]),
            (3, Some(1), &[1]),
            (4, Some(1), &[1]),
        ];
        for (n, recommended, ids) in table {
            let analysis = Analysis::read(&[chunk(&fixture_chunk(n), 1)]).unwrap();
            assert_eq!(analysis.recommended_id(), recommended, "fixture {n}");
            let found: Vec<i64> = analysis.options().iter().map(|o| o.solution_id).collect();
            assert_eq!(found, ids, "fixture {n}");
            assert!(analysis.options().iter().all(|o| o.title.is_some()));
        }
    }

    #[test]
    fn a_solution_id_may_be_a_number_or_its_text() {
        let table = [
            (json!(2), Some(2)),
            (json!("3"), Some(3)),
            (json!(" 4 "), Some(4)),
            (json!("B"), None),
            (json!(1.5), None),
            (Value::Null, None),
        ];
        for (value, expected) in table {
            assert_eq!(solution_id(&value), expected, "{value}");
        }
    }
}
