//! The four real orchestrator responses, built into the binary so the
//! simulator works wherever the console is installed. A test checks they
//! match `../shared/fixtures/responses/` when that folder is present.

use serde_json::Value;

/// The fixture files, in order: 1 and 2 carry three options, 3 is a
/// conservative fallback with a warning, 4 has one option.
pub(crate) const RESPONSES: [&str; 4] = [
    include_str!("../fixtures/responses/solution_1.json"),
    include_str!("../fixtures/responses/solution_2.json"),
    include_str!("../fixtures/responses/solution_3.json"),
    include_str!("../fixtures/responses/solution_4.json"),
];

/// Fixture `n` (1 to 4; others are clamped), parsed anew on each call: the
/// analysis document one `chunk` of a real response carried. Tests of the
/// console's renderers read the same documents the simulator serves.
/// Parsing takes about a millisecond; keeping all four parsed would hold
/// a few megabytes in the console's process for as long as it runs, after
/// one training analysis. A fixture that does not parse is `null`, which
/// the test below rules out.
pub fn response(n: usize) -> Value {
    serde_json::from_str(RESPONSES[n.clamp(1, RESPONSES.len()) - 1]).unwrap_or(Value::Null)
}

#[cfg(test)]
mod tests {
    use std::path::Path;

    use super::*;

    #[test]
    fn every_fixture_parses() {
        for n in 1..=4 {
            assert!(response(n).get("final_decision").is_some(), "fixture {n}");
        }
    }

    #[test]
    fn built_in_fixtures_match_the_shared_ones() {
        let shared =
            Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../shared/fixtures/responses");
        if !shared.is_dir() {
            return; // A checkout without ../shared has only the built-in copy.
        }
        for (i, built_in) in RESPONSES.iter().enumerate() {
            let file = shared.join(format!("solution_{}.json", i + 1));
            let text = std::fs::read_to_string(&file).expect("shared fixture readable");
            assert_eq!(
                &text,
                built_in,
                "{} differs from the built-in copy",
                file.display()
            );
        }
    }
}
