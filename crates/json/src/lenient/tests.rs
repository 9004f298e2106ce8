//! The lenient reader as one table: each row is text as a Python or model
//! writer sends it, the value read (or a refusal), and each repair with its
//! path, kind and what was found.

use serde_json::json;

use super::*;

/// (input, the value read or None for a refusal, the repairs as
/// `path kind found`)
type Row = (&'static str, Option<Value>, &'static [&'static str]);

#[test]
fn kind_names_are_the_serde_names() {
    for kind in OddKind::ALL {
        assert_eq!(serde_json::to_value(kind).unwrap(), kind.as_str());
    }
}

#[test]
fn repairs_table() {
    let table: Vec<Row> = vec![
        // Strict JSON is read as it is, whatever its strings hold.
        (r#"{"a": "NaN"}"#, Some(json!({"a": "NaN"})), &[]),
        (
            r#"{"a": "Infinity and -Infinity", "b": 1.5}"#,
            Some(json!({"a": "Infinity and -Infinity", "b": 1.5})),
            &[],
        ),
        // Non-finite numbers, wherever they stand.
        (
            r#"{"a": NaN}"#,
            Some(json!({"a": null})),
            &["a non_finite NaN"],
        ),
        ("NaN", Some(Value::Null), &[" non_finite NaN"]),
        (
            "[NaN, -Infinity, 1, Infinity]",
            Some(json!([null, null, 1, null])),
            &[
                "[0] non_finite NaN",
                "[1] non_finite -Infinity",
                "[3] non_finite Infinity",
            ],
        ),
        (
            r#"{"a":NaN,"b":Infinity,"c":-Infinity}"#,
            Some(json!({"a": null, "b": null, "c": null})),
            &[
                "a non_finite NaN",
                "b non_finite Infinity",
                "c non_finite -Infinity",
            ],
        ),
        (
            r#"{"a": {"b": [1, {"c": -Infinity}]}, "d": [[0, NaN]]}"#,
            Some(json!({"a": {"b": [1, {"c": null}]}, "d": [[0, null]]})),
            &["a.b[1].c non_finite -Infinity", "d[0][1] non_finite NaN"],
        ),
        ("[1,NaN]", Some(json!([1, null])), &["[1] non_finite NaN"]),
        (
            r#"{"s": "say \"NaN\"", "n": NaN}"#,
            Some(json!({"s": "say \"NaN\"", "n": null})),
            &["n non_finite NaN"],
        ),
        (
            r#"{"x": "\\", "y": NaN}"#,
            Some(json!({"x": "\\", "y": null})),
            &["y non_finite NaN"],
        ),
        (
            r#"{"odd key": NaN, "é": +Infinity, "0": -NaN}"#,
            Some(json!({"odd key": null, "é": null, "0": null})),
            &[
                "[\"odd key\"] non_finite NaN",
                "é non_finite +Infinity",
                "[\"0\"] non_finite -NaN",
            ],
        ),
        (
            r#"{"a\"b": NaN}"#,
            Some(json!({"a\"b": null})),
            &["[\"a\\\"b\"] non_finite NaN"],
        ),
        (
            r#"{"big": 1e400, "small": -2E+999, "fine": 1e300}"#,
            Some(json!({"big": null, "small": null, "fine": 1e300})),
            &["big non_finite 1e400", "small non_finite -2E+999"],
        ),
        // Broken escapes and lone surrogates inside strings.
        (
            r#"{"a": "C:\Users", "b": NaN}"#,
            Some(json!({"a": "C:\u{FFFD}Users", "b": null})),
            &["a broken_escape \\U", "b non_finite NaN"],
        ),
        (
            r#"{"a": "x\qy"}"#,
            Some(json!({"a": "x\u{FFFD}qy"})),
            &["a broken_escape \\q"],
        ),
        (
            r#"{"a": "\u12G4"}"#,
            Some(json!({"a": "\u{FFFD}G4"})),
            &["a broken_escape \\u12"],
        ),
        (
            r#"{"a": ["ok", "\ud83d!"]}"#,
            Some(json!({"a": ["ok", "\u{FFFD}!"]})),
            &["a[1] lone_surrogate \\ud83d"],
        ),
        (
            r#"{"a": "\udc00\ud83d\ude00"}"#,
            Some(json!({"a": "\u{FFFD}\u{1F600}"})),
            &["a lone_surrogate \\udc00"],
        ),
        (
            r#"{"a": "end \ud83d"}"#,
            Some(json!({"a": "end \u{FFFD}"})),
            &["a lone_surrogate \\ud83d"],
        ),
        (
            r#"{"k\q": 1}"#,
            Some(json!({"k\u{FFFD}q": 1})),
            &[" broken_escape \\q"],
        ),
        (
            "{\"a\": \"line\nbreak\tand\u{7}bell\"}",
            Some(json!({"a": "line\nbreak\tand\u{7}bell"})),
            &[
                "a control_character U+000A",
                "a control_character U+0009",
                "a control_character U+0007",
            ],
        ),
        // What the pass does not mend stays refused.
        (r#"{"a": NaN"#, None, &[]),
        (r#"{"a": oops}"#, None, &[]),
        (r#"{"a": None}"#, None, &[]),
        (r#"{"a": NaNa}"#, None, &[]),
        (r#"{"a": "cut \"#, None, &[]),
        ("", None, &[]),
        ("{'a': 1}", None, &[]),
    ];
    for (input, want, repairs) in table {
        match (parse(input), want) {
            (Ok((value, odd)), Some(want)) => {
                assert_eq!(value, want, "{input}");
                let got: Vec<String> = odd
                    .iter()
                    .map(|o| format!("{} {} {}", o.path, o.kind.as_str(), o.found))
                    .collect();
                assert_eq!(got, repairs, "{input}");
            }
            (Err(_), None) => {}
            (got, want) => panic!("{input}: got {got:?}, want {want:?}"),
        }
    }
}

#[test]
fn the_error_is_about_the_text_as_sent() {
    let error = parse(r#"{"a": NaN, "b": oops}"#).unwrap_err();
    assert!(error.to_string().contains("column 7"), "{error}");
}

#[test]
fn every_cut_of_a_document_is_read_or_refused_without_panicking() {
    let text =
        r#"{"a": [NaN, "x\q\ud83d", {"é": -Infinity}], "b": "\u00e9\ud83d\ude00", "c": 1e999}"#;
    for end in (0..=text.len()).filter(|&i| text.is_char_boundary(i)) {
        let _ = parse(&text[..end]);
    }
    let (value, odd) = parse(text).unwrap();
    assert_eq!(value["b"], "é\u{1F600}");
    assert_eq!(odd.len(), 5);
}

#[test]
fn messages_name_the_path_and_what_was_found() {
    let (_, odd) =
        parse(r#"{"final_decision": {"solution_options": [{"composite_score": NaN}]}}"#).unwrap();
    assert_eq!(
        odd[0].to_string(),
        "final_decision.solution_options[0].composite_score was not a number, shown as missing"
    );
}
