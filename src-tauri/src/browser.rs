//! Opening a link in the system browser without the console's own engine
//! settings. The console restarts itself with variables for its own web
//! process (`web_engine.rs`); a browser started from it would inherit them
//! and run every site without its JIT. So each of the system's launchers
//! (`xdg-open`, `gio open`…, as the `open` crate lists them) is started
//! with the user's environment as it was before that restart, in a process
//! group of its own, and the next is tried when one fails at once.

use std::io;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

/// How long a launcher is watched for failing at once; one still running
/// then, or exited successfully, has opened the link.
const LAUNCH_CHECK: Duration = Duration::from_millis(250);

/// Opens `url` with the first of the system's launchers that works.
/// Errors with the last launcher's failure when none did.
pub(crate) fn open(url: &str) -> io::Result<()> {
    let own = std::env::var(crate::web_engine::SET_BY_CONSOLE_VAR).ok();
    launch(open::commands(url), own.as_deref())
}

/// Tries `commands` in turn, each without the variables named in
/// `set_by_console` (the restart's marker, itself removed too).
fn launch(commands: Vec<Command>, set_by_console: Option<&str>) -> io::Result<()> {
    let mut last = io::Error::new(
        io::ErrorKind::NotFound,
        "no program to open links with was found (xdg-open, gio)",
    );
    for mut command in commands {
        crate::web_engine::without_own_settings(&mut command, set_by_console);
        command
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::null());
        #[cfg(unix)]
        std::os::unix::process::CommandExt::process_group(&mut command, 0);
        let mut child = match command.spawn() {
            Ok(child) => child,
            Err(error) => {
                last = error;
                continue;
            }
        };
        let started = Instant::now();
        loop {
            match child.try_wait() {
                Ok(Some(status)) if status.success() => return Ok(()),
                Ok(Some(status)) => {
                    last = io::Error::other(format!(
                        "{} ended with {status}",
                        command.get_program().to_string_lossy()
                    ));
                    break;
                }
                Ok(None) if started.elapsed() >= LAUNCH_CHECK => {
                    // Still running: it has the link. Reaped when it ends.
                    std::thread::spawn(move || child.wait());
                    return Ok(());
                }
                Ok(None) => std::thread::sleep(Duration::from_millis(10)),
                Err(error) => {
                    last = error;
                    break;
                }
            }
        }
    }
    Err(last)
}

#[cfg(all(test, unix))]
mod tests {
    use super::*;

    fn shell(script: &str) -> Command {
        let mut command = Command::new("sh");
        command.args(["-c", script]);
        command
    }

    #[test]
    fn the_first_launcher_that_works_opens_the_link_without_the_consoles_settings() {
        let dir = tempfile::tempdir().unwrap();
        let seen = dir.path().join("env");
        let record = format!("env > '{}'", seen.display());
        // (the launchers' scripts, whether the link opens)
        let table: &[(&[&str], bool)] = &[
            (&["exit 0"], true),
            (&["exit 3", "exit 0"], true),
            (&["exit 3", "sleep 1"], true),
            (&["exit 3", "exit 4"], false),
            (&[], false),
        ];
        for (scripts, opens) in table {
            let commands = scripts.iter().map(|s| shell(s)).collect();
            assert_eq!(launch(commands, None).is_ok(), *opens, "{scripts:?}");
        }
        // What the console set, and the marker, do not reach the launcher;
        // the user's own variables do.
        let mut command = shell(&record);
        command
            .env("JSC_useJIT", "false")
            .env("SKYMARSHAL_ENGINE_SET", "JSC_useJIT")
            .env("WEBKIT_DISABLE_COMPOSITING_MODE", "1");
        launch(vec![command], Some("JSC_useJIT")).unwrap();
        let env = std::fs::read_to_string(&seen).unwrap();
        assert!(!env.contains("JSC_useJIT"), "{env}");
        assert!(!env.contains("SKYMARSHAL_ENGINE_SET"), "{env}");
        assert!(env.contains("WEBKIT_DISABLE_COMPOSITING_MODE=1"), "{env}");
    }
}
