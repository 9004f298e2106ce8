//! The names the core's enums give themselves (`as_str`, `code`) are the
//! names `serde` writes, for every variant: callers print, store and
//! compare the one and serialize the other, so the two must never drift.

use serde_json::{Value, to_value};

use crate::{CheckOutcome, ErrorKind, Origin, Step, Warning};

#[test]
fn every_name_is_the_serde_name() {
    // One warning of each variant: `Warning::code`'s match names them all.
    let warnings = [
        Warning::UnknownEvent {
            seq: 1,
            reason: "r".into(),
        },
        Warning::NamedSseEvent {
            seq: 1,
            name: "n".into(),
        },
        Warning::RepeatedMetadata { seq: 1 },
        Warning::IncompleteMetadata { seq: 1 },
        Warning::BeforeMetadata { seq: 1 },
        Warning::ChunkCountMismatch {
            reported: 2,
            seen: 1,
        },
        Warning::OddValues {
            seq: 1,
            event: "chunk".into(),
            values: Vec::new(),
            count: 0,
        },
    ];
    // (what serde writes, the name)
    let table: Vec<(Value, &str)> = ErrorKind::ALL
        .iter()
        .map(|k| (to_value(k).unwrap(), k.as_str()))
        .chain(Step::ALL.iter().map(|s| (to_value(s).unwrap(), s.as_str())))
        .chain(
            CheckOutcome::ALL
                .iter()
                .map(|o| (to_value(o).unwrap(), o.as_str())),
        )
        .chain(
            Origin::ALL
                .iter()
                .map(|o| (to_value(o).unwrap(), o.as_str())),
        )
        .chain(
            warnings
                .iter()
                .map(|w| (to_value(w).unwrap()["code"].clone(), w.code())),
        )
        .collect();
    for (serde, name) in table {
        assert_eq!(serde, name);
    }
}
