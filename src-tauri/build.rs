//! Declares the app's commands, so that Tauri checks every call against
//! the capabilities, and points Tauri at the root `tauri.conf.json`; has
//! release builds link the start-up code together.

fn main() {
    let attributes = tauri_build::Attributes::new()
        .config_path("../tauri.conf.json")
        .app_manifest(tauri_build::AppManifest::new().commands(&[
            "environments",
            "start_analysis",
            "cancel_analysis",
            "credential_status",
            "set_credential",
            "clear_credential",
            "save_environment",
            "remove_environment",
            "import_environments",
            "export_environments",
            "check_environment",
            "aws_profiles",
            "open_link",
            "notify",
            "about",
            "diagnostics",
            "save_diagnostics",
            "first_screen_ready",
            "history_status",
            "history",
            "history_session",
            "open_run",
            "replay_run",
            "delete_session",
            "save_export",
            "report_text",
            "import_history",
            "set_retention",
            "set_place",
            "decision_context",
            "record_decision",
            "operator",
            "set_operator",
            "verify_history",
            "handover_draft",
            "create_handover",
            "handovers",
            "handover",
            "add_handover_note",
            "acknowledge_handover",
            "export_handover",
            "team_status",
            "claims_for_prompt",
            "claim_flight",
        ]));
    tauri_build::try_build(attributes).expect("tauri-build failed");
    startup_code_first();
}

/// The functions the console runs from start to idle go first in its
/// code, in a release build linked by LLD (Rust's default linker for
/// x86-64 Linux since 1.90): the kernel then maps in about a third of the
/// code it did when they were spread over all of it (ARCHITECTURE.md,
/// "Start-up code together"). `startup-order.txt` is written by
/// `scripts/order-startup-code`; functions it names that a build no
/// longer has are skipped, new ones go after.
fn startup_code_first() {
    println!("cargo:rerun-if-changed=startup-order.txt");
    let release = std::env::var("PROFILE").as_deref() == Ok("release");
    let lld_target = std::env::var("TARGET").as_deref() == Ok("x86_64-unknown-linux-gnu");
    if !(release && lld_target) {
        return;
    }
    let manifest_dir = std::env::var("CARGO_MANIFEST_DIR").expect("Cargo sets CARGO_MANIFEST_DIR");
    let order = std::path::Path::new(&manifest_dir).join("startup-order.txt");
    for arg in [
        format!("-Wl,--symbol-ordering-file={}", order.display()),
        "-Wl,--no-warn-symbol-ordering".to_owned(),
    ] {
        println!("cargo:rustc-link-arg-bin=skymarshal-console={arg}");
    }
}
