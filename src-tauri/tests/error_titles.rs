//! The window titles every kind of error it can receive. The kinds are one
//! closed list in Rust (`UiErrorKind`); the titles are a table in
//! `ui/js/errors.js`. A kind added on one side only fails here, instead of
//! reaching a duty manager as "Something went wrong".

use skymarshal_app::UiErrorKind;

const ERRORS_JS: &str = include_str!("../../ui/js/errors.js");

/// The keys of the `TITLES` object literal.
fn titled_kinds() -> Vec<String> {
    let start = ERRORS_JS
        .find("const TITLES = {")
        .expect("errors.js declares TITLES");
    let body = &ERRORS_JS[start..start + ERRORS_JS[start..].find("};").unwrap()];
    body.lines()
        .skip(1)
        .filter_map(|line| {
            let (key, title) = line.trim().split_once(':')?;
            (!title
                .trim()
                .trim_matches(|c| c == '\'' || c == ',')
                .is_empty())
            .then(|| key.trim().to_owned())
        })
        .collect()
}

#[test]
fn every_kind_has_a_title_and_every_title_a_kind() {
    let titled = titled_kinds();
    for kind in UiErrorKind::ALL {
        assert!(
            titled.iter().any(|k| k == kind.as_str()),
            "ui/js/errors.js has no title for {kind}"
        );
    }
    for key in &titled {
        assert!(
            UiErrorKind::parse(key).is_some(),
            "ui/js/errors.js titles {key:?}, which no error has"
        );
    }
}
