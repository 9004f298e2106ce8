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

/// The functions the console ran from start to idle go first in its
/// code, in a release build: the kernel then maps in far less of the code
/// than when they were spread over all of it (ARCHITECTURE.md, "Start-up
/// code together"). `startup-order.txt` is written by
/// `scripts/order-startup-code`; names a build no longer has are skipped,
/// new functions go after.
///
/// Only LLD reads the list (Rust's linker for x86-64 Linux since 1.90), so
/// a tiny program is linked with the same compiler, flags and linker
/// first; where that fails (another linker, no list) the build goes on
/// without the order and says so. `SKYMARSHAL_STARTUP_ORDER=off` leaves it
/// out (the script probes such a build).
fn startup_code_first() {
    println!("cargo:rerun-if-changed=startup-order.txt");
    println!("cargo:rerun-if-env-changed={ORDER_SWITCH}");
    let release = std::env::var("PROFILE").as_deref() == Ok("release");
    if !release || std::env::var(ORDER_SWITCH).as_deref() == Ok("off") {
        return;
    }
    let manifest_dir = std::env::var("CARGO_MANIFEST_DIR").expect("Cargo sets CARGO_MANIFEST_DIR");
    let order = std::path::Path::new(&manifest_dir).join("startup-order.txt");
    let args = [
        format!("-Wl,--symbol-ordering-file={}", order.display()),
        "-Wl,--no-warn-symbol-ordering".to_owned(),
    ];
    if let Err(why) = links_with(&args) {
        println!(
            "cargo:warning=linking without the start-up order ({why}); the console will use more memory at idle"
        );
        return;
    }
    for arg in args {
        println!("cargo:rustc-link-arg-bin=skymarshal-console={arg}");
    }
}

const ORDER_SWITCH: &str = "SKYMARSHAL_STARTUP_ORDER";

/// Links an empty program with `link_args` as the console would be linked
/// (the same rustc, target, flags and linker); `Err` says why not.
fn links_with(link_args: &[String]) -> Result<(), String> {
    let env = |name: &str| std::env::var(name).map_err(|_| format!("{name} is not set"));
    let out_dir = std::path::PathBuf::from(env("OUT_DIR")?);
    let source = out_dir.join("startup_order_check.rs");
    std::fs::write(&source, "fn main() {}\n").map_err(|error| error.to_string())?;
    let mut rustc = std::process::Command::new(env("RUSTC")?);
    rustc
        .arg("--target")
        .arg(env("TARGET")?)
        .arg("-o")
        .arg(out_dir.join("startup_order_check"))
        .arg(&source);
    let flags = std::env::var("CARGO_ENCODED_RUSTFLAGS").unwrap_or_default();
    rustc.args(flags.split('\x1f').filter(|flag| !flag.is_empty()));
    if let Ok(linker) = std::env::var("RUSTC_LINKER") {
        rustc.arg(format!("-Clinker={linker}"));
    }
    for arg in link_args {
        rustc.arg(format!("-Clink-arg={arg}"));
    }
    let output = rustc
        .output()
        .map_err(|error| format!("running rustc: {error}"))?;
    if output.status.success() {
        return Ok(());
    }
    let stderr = String::from_utf8_lossy(&output.stderr);
    // The linker's own words: the first line of rustc's notes after the
    // command line and its remarks.
    let reason = stderr
        .lines()
        .map(|line| line.trim().trim_start_matches("= note:").trim())
        .find(|line| {
            !line.is_empty()
                && *line != "|"
                && !line.starts_with('"')
                && !line.starts_with("error: linking with")
                && !line.starts_with("some arguments are omitted")
        })
        .unwrap_or("the linker refused it")
        .to_owned();
    Err(reason)
}
