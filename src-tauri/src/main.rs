//! SkyMarshal Console's desktop shell: starts the application layer,
//! opens the one window, and exposes the console's commands to it. Everything of
//! substance lives in `skymarshal-app` and below; each command here is a
//! few lines of glue.

#![cfg_attr(not(debug_assertions), windows_subsystem = "windows")]

mod browser;
mod commands;
mod desktop;
mod history;
mod ledger;
mod rendering;
mod script_jit;
mod team;
mod web_engine;
mod window;

use skymarshal_app::{Console, SimulatorSettings};
use skymarshal_envs::Locations;
use tauri::Manager as _;

/// SkyMarshal Console: the desktop console for SkyMarshal disruption analyses.
#[derive(Debug, clap::Parser)]
#[command(name = "skymarshal-console", version, about, long_about = None)]
struct Args {
    /// Also log everything the console does to the terminal (the log file
    /// always gets it; RUST_LOG refines both).
    #[arg(long, short)]
    verbose: bool,
}

fn main() {
    let args = <Args as clap::Parser>::parse();
    // Before GTK and WebKit start; may restart the console (see web_engine.rs).
    let engine = web_engine::apply();
    let logs =
        skymarshal_app::init_logging("console", args.verbose, "info", "warn,skymarshal=info");
    tracing::info!(version = env!("CARGO_PKG_VERSION"), "console starting");
    match engine {
        None => tracing::info!("the web view's settings: as the system chooses"),
        Some((engine, None)) => {
            tracing::info!(
                compositing_disabled = ?std::env::var_os(rendering::COMPOSITING_VAR),
                "WebKit's compositing mode: {}",
                engine.rendering.words()
            );
            tracing::info!(
                use_jit = ?std::env::var_os(script_jit::JIT_VAR),
                "JavaScriptCore: {}",
                engine.script_jit.words()
            );
        }
        Some((engine, Some(error))) => tracing::warn!(
            %error,
            "could not restart with the web engine's settings (wanted: {}; {}); WebKit and \
             JavaScriptCore run as they choose",
            engine.rendering.words(),
            engine.script_jit.words()
        ),
    }
    let app = tauri::Builder::default()
        .invoke_handler(tauri::generate_handler![
            commands::environments,
            commands::start_analysis,
            commands::cancel_analysis,
            commands::credential_status,
            commands::set_credential,
            commands::clear_credential,
            commands::save_environment,
            commands::remove_environment,
            commands::import_environments,
            commands::export_environments,
            commands::check_environment,
            commands::aws_profiles,
            commands::open_link,
            commands::notify,
            commands::about,
            commands::diagnostics,
            commands::save_diagnostics,
            window::first_screen_ready,
            history::history_status,
            history::history,
            history::history_session,
            history::open_run,
            history::replay_run,
            history::delete_session,
            history::save_export,
            history::report_text,
            history::import_history,
            history::set_retention,
            history::set_place,
            ledger::decision_context,
            ledger::record_decision,
            ledger::operator,
            ledger::set_operator,
            ledger::verify_history,
            ledger::handover_draft,
            ledger::create_handover,
            ledger::handovers,
            ledger::handover,
            ledger::add_handover_note,
            ledger::acknowledge_handover,
            ledger::export_handover,
            team::team_status,
            team::claims_for_prompt,
            team::claim_flight
        ])
        .setup(|app| {
            let settings = SimulatorSettings::from_env();
            let console =
                tauri::async_runtime::block_on(Console::open_at(settings, Locations::from_env()))?
                    .with_history(&skymarshal_app::history_path());
            // On Tauri's runtime, where the console's runs also go.
            tauri::async_runtime::block_on(async { console.start_team_sync() });
            app.manage(console);
            window::open_main(app.handle())?;
            Ok(())
        })
        .build(tauri::generate_context!("../tauri.conf.json"));
    let app = match app {
        Ok(app) => app,
        Err(error) => {
            tracing::error!(%error, "the console could not start");
            std::process::exit(1);
        }
    };
    app.run(move |handle, event| {
        // The log file's writer flushes until the console ends.
        let _ = &logs;
        if let tauri::RunEvent::Exit = event
            && let Some(console) = handle.try_state::<Console>()
        {
            console.shutdown();
        }
    });
}
