//! The figures test finds this binary beside the console's
//! (`target/<profile>/bare-tauri-window`). Having an integration test makes
//! `cargo nextest run --workspace` build it with the tests' own features,
//! so a test run needs no separate build of it (which, with features
//! resolved for this package alone, rebuilt tauri and its dependencies).

#[test]
fn the_bare_window_is_built_where_the_figures_test_looks() {
    let binary = std::path::Path::new(env!("CARGO_BIN_EXE_bare-tauri-window"));
    assert!(binary.is_file(), "{} was not built", binary.display());
    assert_eq!(
        binary.file_name().and_then(|n| n.to_str()),
        Some("bare-tauri-window")
    );
}
