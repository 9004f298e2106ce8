//! The web engine's settings, applied before GTK starts: WebKit's
//! compositing mode (`rendering.rs`) and JavaScriptCore's JIT
//! (`script_jit.rs`). Both are read by WebKit's processes from their
//! environment, and the environment of a running Rust program is not
//! changed safely (the workspace forbids `unsafe`), so when either is to be
//! set the console replaces itself (`exec`: same process id and arguments)
//! with itself and the variables set, once; what it starts (the browser
//! for a link, `browser.rs`) gets the environment without them. Only on
//! Linux, where the window is WebKitGTK: elsewhere the system's web view
//! reads none of these variables.

use std::ffi::OsString;

use crate::rendering::{COMPOSITING_VAR, Rendering};
use crate::script_jit::{JIT_VAR, ScriptJit};

/// Set on the console's own restart, to the variables it set (separated by
/// commas), so that it restarts at most once and knows which values are
/// its own rather than the user's.
pub(crate) const SET_BY_CONSOLE_VAR: &str = "SKYMARSHAL_ENGINE_SET";

/// The names in the restart's marker (`SKYMARSHAL_ENGINE_SET`'s value).
fn marker_names(list: &str) -> impl Iterator<Item = &str> {
    list.split(',')
}

/// The value the console gives `name` when it sets it.
fn consoles_value(name: &str) -> Option<&'static str> {
    [
        Rendering::CompositingOff.setting(),
        ScriptJit::Off.setting(),
    ]
    .into_iter()
    .flatten()
    .find(|(var, _)| *var == name)
    .map(|(_, value)| value)
}

/// What the console chose for WebKit and JavaScriptCore, for the log.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct EngineChoices {
    pub(crate) rendering: Rendering,
    pub(crate) script_jit: ScriptJit,
}

impl EngineChoices {
    /// The choices where `var` gives the environment's value of a variable,
    /// those the console set itself on its restart (named in
    /// `set_by_console`, with the console's value) counting as unset, as
    /// they were before it. A named variable with another value is the
    /// user's.
    fn from(var: impl Fn(&str) -> Option<OsString>, set_by_console: &[&str]) -> Self {
        let users = |name: &str| {
            var(name).filter(|value| {
                !(set_by_console.contains(&name)
                    && consoles_value(name).is_some_and(|own| value.as_os_str() == own))
            })
        };
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

/// Applies the choices before anything of GTK or WebKit has started, on
/// Linux (elsewhere `None`: nothing is chosen). Returns without a restart
/// when nothing is to be set or this is the console restarted; returns the
/// error when the restart failed or a marker without its settings was
/// found (then WebKit and JavaScriptCore run as they choose, and the error
/// is for the log).
pub(crate) fn apply() -> Option<(EngineChoices, Option<std::io::Error>)> {
    if !cfg!(target_os = "linux") {
        return None;
    }
    let set_by_console = std::env::var(SET_BY_CONSOLE_VAR).ok();
    let own: Vec<&str> = set_by_console
        .as_deref()
        .map(marker_names)
        .into_iter()
        .flatten()
        .collect();
    let choices = EngineChoices::from(|name| std::env::var_os(name), &own);
    if set_by_console.is_some() {
        let problem = not_applied(&choices, |name| std::env::var_os(name));
        return Some((choices, problem));
    }
    let settings = choices.settings();
    if settings.is_empty() {
        return Some((choices, None));
    }
    Some((choices, Some(restart_with(&settings))))
}

/// Removes from `command`'s environment the variables named in
/// `set_by_console` (the restart's marker), and the marker: a program the
/// console starts gets the user's environment, not the console's engine
/// settings.
pub(crate) fn without_own_settings(
    command: &mut std::process::Command,
    set_by_console: Option<&str>,
) {
    let Some(list) = set_by_console else {
        return;
    };
    for name in marker_names(list).filter(|name| consoles_value(name).is_some()) {
        command.env_remove(name);
    }
    command.env_remove(SET_BY_CONSOLE_VAR);
}

/// After a restart, the settings of `choices` that the environment does
/// not hold (`SKYMARSHAL_ENGINE_SET` set by hand, or a value removed), as
/// an error for the log: the console did not restart to apply them.
fn not_applied(
    choices: &EngineChoices,
    var: impl Fn(&str) -> Option<OsString>,
) -> Option<std::io::Error> {
    let missing: Vec<&str> = choices
        .settings()
        .into_iter()
        .filter(|(name, value)| var(name).as_deref() != Some(std::ffi::OsStr::new(value)))
        .map(|(name, _)| name)
        .collect();
    (!missing.is_empty()).then(|| {
        std::io::Error::other(format!(
            "{SET_BY_CONSOLE_VAR} is set but {} is not as the console sets it; \
             it did not restart itself to set it",
            missing.join(" and ")
        ))
    })
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
    let named = std::env::args_os().next().unwrap_or_default();
    if !runs_itself(&exe, &named) {
        // Started through another program (the dynamic loader, a tool):
        // restarting `exe` would start that program without its arguments.
        return std::io::Error::other(format!(
            "the console was started through {} rather than as itself",
            exe.display()
        ));
    }
    let names: Vec<&str> = settings.iter().map(|(name, _)| *name).collect();
    std::process::Command::new(exe)
        .args(std::env::args_os().skip(1))
        .envs(settings.iter().copied())
        .env(SET_BY_CONSOLE_VAR, names.join(","))
        .exec()
}

/// Whether the running executable `exe` is the program named `argv0`
/// (its first argument): their file names are the same. Through the
/// dynamic loader (`ld-linux-x86-64.so.2 skymarshal-console`) the
/// executable is the loader, and `exec` of it would lose the console.
#[cfg_attr(not(unix), allow(dead_code))]
fn runs_itself(exe: &std::path::Path, argv0: &std::ffi::OsStr) -> bool {
    exe.file_name().is_some() && exe.file_name() == std::path::Path::new(argv0).file_name()
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

    /// An environment of `(name, value)` pairs, read as `std::env::var_os`.
    fn env_of<'a>(env: &'a [(&str, &str)]) -> impl Fn(&str) -> Option<OsString> + 'a {
        move |name| {
            env.iter()
                .find(|(n, _)| *n == name)
                .map(|(_, v)| OsString::from(v))
        }
    }

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
            // Named, but not the console's value: the user's.
            (
                &[("JSC_useJIT", "true")],
                &["JSC_useJIT"],
                ScriptJit::UserChose,
                false,
            ),
        ];
        for (env, own, jit, sets_jit) in table {
            let choices = EngineChoices::from(env_of(env), own);
            assert_eq!(choices.script_jit, *jit, "{env:?} {own:?}");
            assert_eq!(
                choices.settings().iter().any(|(name, _)| *name == JIT_VAR),
                *sets_jit,
                "{env:?} {own:?}"
            );
        }
    }

    #[test]
    fn a_marker_without_the_settings_it_names_is_reported() {
        let choices = EngineChoices {
            rendering: Rendering::Gpu,
            script_jit: ScriptJit::Off,
        };
        // (the environment, whether the restart's settings are missing)
        let table: &[(&[(&str, &str)], bool)] = &[
            (&[("JSC_useJIT", "false")], false),
            (&[], true),
            (&[("JSC_useJIT", "true")], true),
        ];
        for (env, missing) in table {
            let problem = not_applied(&choices, env_of(env));
            assert_eq!(problem.is_some(), *missing, "{env:?}");
            if let Some(problem) = problem {
                assert!(problem.to_string().contains("JSC_useJIT"), "{problem}");
            }
        }
    }

    #[test]
    fn the_console_restarts_only_when_it_runs_as_itself() {
        // (the running executable, the first argument, whether it restarts)
        let table: &[(&str, &str, bool)] = &[
            ("/usr/bin/skymarshal-console", "skymarshal-console", true),
            (
                "/usr/bin/skymarshal-console",
                "/usr/bin/skymarshal-console",
                true,
            ),
            (
                "/work/target/debug/skymarshal-console",
                "./skymarshal-console",
                true,
            ),
            (
                "/usr/lib/x86_64-linux-gnu/ld-linux-x86-64.so.2",
                "/usr/bin/skymarshal-console",
                false,
            ),
            ("/usr/bin/valgrind", "skymarshal-console", false),
            ("/usr/bin/skymarshal-console", "", false),
        ];
        for (exe, argv0, restarts) in table {
            assert_eq!(
                runs_itself(std::path::Path::new(exe), std::ffi::OsStr::new(argv0)),
                *restarts,
                "{exe} as {argv0}"
            );
        }
    }
}
