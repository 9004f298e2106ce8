//! Whether JavaScriptCore compiles the window's script to machine code,
//! chosen before GTK starts. The window's script is glue between the
//! console's messages and the DOM: building an analysis is a few
//! milliseconds of its own, the rest is WebKit's layout and paint. Yet the
//! JIT compiled JSC's own module-loader and promise built-ins at start (the
//! optimising tier among them, `JSC_reportDFGCompileTimes`) and kept its
//! compilers' code and data in the web process. Measured with
//! `scripts/figures` (release build, one sitting): without it the console
//! took 10 MB less at idle and 11 MB less after an analysis; the first part
//! of the 165 KB analysis was built in 6 ms (5 to 8 with it), the times to
//! screen moved within their noise, and the slowest partial result took
//! 13 ms instead of 9. It is defence in depth too: the window never runs
//! server text, but a JIT is where a browser engine's worst flaws have
//! been. So the console runs its page on JavaScriptCore's interpreter, as
//! `JSC_useJIT=false` asks. A duty manager's own value always wins.

use std::ffi::OsString;

/// JavaScriptCore's switch for all its compilers to machine code (and
/// for executable memory), read by the web process from its environment
/// when it starts.
pub(crate) const JIT_VAR: &str = "JSC_useJIT";

/// What the console does about JavaScriptCore's JIT.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum ScriptJit {
    /// Leave it as the user set it.
    UserChose,
    /// Turn it off (`JSC_useJIT=false`): the interpreter only.
    Off,
}

impl ScriptJit {
    /// The choice where `chosen` is the user's value of [`JIT_VAR`].
    pub(crate) fn choose(chosen: Option<&OsString>) -> Self {
        if chosen.is_some() {
            Self::UserChose
        } else {
            Self::Off
        }
    }

    /// The variable to set before WebKit starts, if any.
    pub(crate) fn setting(self) -> Option<(&'static str, &'static str)> {
        match self {
            Self::UserChose => None,
            Self::Off => Some((JIT_VAR, "false")),
        }
    }

    /// For the log's first lines.
    pub(crate) fn words(self) -> &'static str {
        match self {
            Self::UserChose => "as JSC_useJIT says (set by the user)",
            Self::Off => "the interpreter only, no JIT (JSC_useJIT=false)",
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_jit_is_off_unless_the_user_chose() {
        // (the user's value, the choice, the variable set)
        let table: &[(Option<&str>, ScriptJit, Option<(&str, &str)>)] = &[
            (None, ScriptJit::Off, Some(("JSC_useJIT", "false"))),
            (Some("true"), ScriptJit::UserChose, None),
            (Some("false"), ScriptJit::UserChose, None),
            (Some(""), ScriptJit::UserChose, None),
        ];
        for (chosen, expected, setting) in table {
            let chosen = chosen.map(OsString::from);
            let choice = ScriptJit::choose(chosen.as_ref());
            assert_eq!(choice, *expected, "{chosen:?}");
            assert_eq!(choice.setting(), *setting, "{chosen:?}");
        }
    }
}
