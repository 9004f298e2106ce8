//! A bare Tauri 2 window: the same tauri, wry and WebKitGTK as the console,
//! one window of the console's preferred size, a page of one line and no
//! commands. `scripts/figures` measures its memory beside the console's in
//! the same run, so that the console's figures read as a ratio to what any
//! Tauri window costs on that machine, not as numbers from another day.
//! It is not part of the product and is never packaged.

#![cfg_attr(not(debug_assertions), windows_subsystem = "windows")]

fn main() {
    if let Err(error) = tauri::Builder::default().run(tauri::generate_context!()) {
        // No logging stack here on purpose: a bare window is the reference.
        #[allow(clippy::print_stderr)]
        {
            eprintln!("the bare window did not start: {error}");
        }
        std::process::exit(1);
    }
}
