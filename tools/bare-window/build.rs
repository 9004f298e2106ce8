//! Embeds the reference window's configuration and page, as the console's
//! build does its own.

fn main() {
    tauri_build::build();
}
