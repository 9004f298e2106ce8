//! The window's commands are named in four places that must agree: the
//! declaration Tauri checks calls against (`build.rs`), the handler list
//! (`main.rs`), the capability that grants them (`capabilities/main.json`)
//! and the one UI module that calls them (`ui/js/ipc.js`). A command added
//! to one and not the others is either unreachable or ungranted; this
//! fails first.

use std::collections::BTreeSet;

const BUILD_RS: &str = include_str!("../build.rs");
const MAIN_RS: &str = include_str!("../src/main.rs");
const CAPABILITY: &str = include_str!("../capabilities/main.json");
const IPC_JS: &str = include_str!("../../ui/js/ipc.js");

/// The text between `open` and the first `close` after it.
fn between<'a>(text: &'a str, open: &str, close: &str) -> &'a str {
    let start = text.find(open).unwrap_or_else(|| panic!("no {open:?}")) + open.len();
    let end = start
        + text[start..]
            .find(close)
            .unwrap_or_else(|| panic!("no {close:?}"));
    &text[start..end]
}

fn declared() -> BTreeSet<String> {
    between(BUILD_RS, ".commands(&[", "]")
        .split(',')
        .map(|s| s.trim().trim_matches('"').to_owned())
        .filter(|s| !s.is_empty())
        .collect()
}

fn handled() -> BTreeSet<String> {
    between(MAIN_RS, "generate_handler![", "]")
        .split(',')
        .filter_map(|s| s.trim().rsplit("::").next())
        .map(str::to_owned)
        .filter(|s| !s.is_empty())
        .collect()
}

fn granted() -> BTreeSet<String> {
    let capability: serde_json::Value = serde_json::from_str(CAPABILITY).unwrap();
    capability["permissions"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| {
            let p = p.as_str().expect("permissions are names");
            p.strip_prefix("allow-")
                .unwrap_or_else(|| panic!("{p} is not an allow- permission of ours"))
                .replace('-', "_")
        })
        .collect()
}

fn called() -> BTreeSet<String> {
    IPC_JS
        .split("invoke('")
        .skip(1)
        .filter_map(|rest| rest.split('\'').next())
        .map(str::to_owned)
        .collect()
}

#[test]
fn build_rs_the_handlers_the_capability_and_ipc_js_name_the_same_commands() {
    let declared = declared();
    assert!(declared.len() > 20, "too few commands read: {declared:?}");
    for (place, names) in [
        ("src/main.rs's handler list", handled()),
        ("capabilities/main.json", granted()),
        ("ui/js/ipc.js", called()),
    ] {
        let missing: Vec<&String> = declared.difference(&names).collect();
        let extra: Vec<&String> = names.difference(&declared).collect();
        assert!(
            missing.is_empty() && extra.is_empty(),
            "{place} differs from build.rs: lacks {missing:?}, has more {extra:?}"
        );
    }
}
