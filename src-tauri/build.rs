//! Declares the app's commands, so that Tauri checks every call against
//! the capabilities, and points Tauri at the root `tauri.conf.json`.

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
}
