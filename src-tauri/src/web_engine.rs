//! The web engine's settings, applied before GTK starts: WebKit's
//! compositing mode (`rendering.rs`) and JavaScriptCore's JIT
//! (`script_jit.rs`). Both are read by WebKit's processes from their
//! environment, and the environment of a running Rust program is not
//! changed safely (the workspace forbids `unsafe`), so when either is to be
//! set the console replaces itself (`exec`: same process id and arguments)
//! with itself and the variables set, once. The variables stay in the
//! environment of what the console starts (the browser for a link): a
//! console started from there makes the same choices without a restart.

use std::ffi::OsString;

use crate::rendering::{COMPOSITING_VAR, Rendering};
use crate::script_jit::{JIT_VAR, ScriptJit};

/// Set on the console's own restart, to the variables it set (separated by
/// commas), so that it restarts at most once and knows which values are
/// its own rather than the user's.
const SET_BY_CONSOLE_VAR: &str = "SKYMARSHAL_ENGINE_SET";

/// What the console chose for WebKit and JavaScriptCore, for the log.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct EngineChoices {
    pub(crate) rendering: Rendering,
    pub(crate) script_jit: ScriptJit,
}

impl EngineChoices {
    /// The choices where `var` gives the environment's value of a variable,
    /// those the console set itself on its restart (`set_by_console`)
    /// counting as unset, as they were before it.
    fn from(var: impl Fn(&str) -> Option<OsString>, set_by_console: &[&str]) -> Self {
        let users = |name: &str| var(name).filter(|_| !set_by_console.contains(&name));
        Self {
            rendering: Rendering::on_this_machine(users(COMPOSITING_VAR).as_ref()),
            script_jit: ScriptJit::choose(users(JIT_VAR).as_ref()),
        }
    }

    /// The variables to set before WebKit starts.
    fn settings(self) -> Vec<(&'static str, &'static str)> {
        [self.rendering.setting(), self.script_jit.setting()]
            .into_iter()
            .flatten()
            .collect()
    }
}

/// Applies the choices before anything of GTK or WebKit has started.
/// Returns without a restart when nothing is to be set or this is the
/// console restarted; returns the error when the restart failed (then
/// WebKit and JavaScriptCore run as they choose, and the error is for the
/// log).
pub(crate) fn apply() -> (EngineChoices, Option<std::io::Error>) {
    let set_by_console = std::env::var(SET_BY_CONSOLE_VAR).ok();
    let own: Vec<&str> = set_by_console
        .as_deref()
        .map(|list| list.split(',').collect())
        .unwrap_or_default();
    let choices = EngineChoices::from(|name| std::env::var_os(name), &own);
    if set_by_console.is_some() {
        return (choices, None);
    }
    let settings = choices.settings();
    if settings.is_empty() {
        return (choices, None);
    }
    (choices, Some(restart_with(&settings)))
}

/// Replaces the console with itself and `settings` in its environment;
/// returns only when that failed.
#[cfg(unix)]
fn restart_with(settings: &[(&str, &str)]) -> std::io::Error {
    use std::os::unix::process::CommandExt as _;
    let exe = match std::env::current_exe() {
        Ok(exe) => exe,
        Err(error) => return error,
    };
    let names: Vec<&str> = settings.iter().map(|(name, _)| *name).collect();
    std::process::Command::new(exe)
        .args(std::env::args_os().skip(1))
        .envs(settings.iter().copied())
        .env(SET_BY_CONSOLE_VAR, names.join(","))
        .exec()
}

#[cfg(not(unix))]
fn restart_with(_settings: &[(&str, &str)]) -> std::io::Error {
    std::io::Error::new(
        std::io::ErrorKind::Unsupported,
        "the console restarts with its engine settings on Unix only",
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_consoles_own_values_after_its_restart_count_as_unset() {
        // (the environment, the variables the console set, the JIT's choice, whether it is set)
        let table: &[(&[(&str, &str)], &[&str], ScriptJit, bool)] = &[
            (&[], &[], ScriptJit::Off, true),
            (&[("JSC_useJIT", "true")], &[], ScriptJit::UserChose, false),
            // After the restart: the value is the console's own.
            (
                &[("JSC_useJIT", "false")],
                &["JSC_useJIT"],
                ScriptJit::Off,
                true,
            ),
            (
                &[("JSC_useJIT", "false")],
                &["WEBKIT_DISABLE_COMPOSITING_MODE"],
                ScriptJit::UserChose,
                false,
            ),
        ];
        for (env, own, jit, sets_jit) in table {
            let var = |name: &str| {
                env.iter()
                    .find(|(n, _)| *n == name)
                    .map(|(_, v)| OsString::from(v))
            };
            let choices = EngineChoices::from(var, own);
            assert_eq!(choices.script_jit, *jit, "{env:?} {own:?}");
            assert_eq!(
                choices.settings().iter().any(|(name, _)| *name == JIT_VAR),
                *sets_jit,
                "{env:?} {own:?}"
            );
        }
    }
}
