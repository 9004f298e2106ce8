//! How far JavaScriptCore optimises the window's script, chosen before GTK
//! starts. The window's script is glue between the console's messages and
//! the DOM: building an analysis is a few milliseconds of its own, the rest
//! is WebKit's layout and paint. JavaScriptCore's optimising tier (DFG, and
//! FTL above it) pays off for script that runs hot for a long time, which
//! this page has none of; yet at start it compiles a score of JSC's own
//! built-ins (the module loader and promises, run once per module), and its
//! compiler's code and data then stay in the web process for the session.
//! Measured here (`scripts/figures`, release build, two runs each): the
//! console's memory 4.5 MB lower at idle and 6 to 7 MB lower after four
//! analyses without it, and building the first part of a 165 KB analysis
//! 5 to 7 ms with it, 8 ms without. So the console runs the page on
//! JavaScriptCore's interpreter and baseline compiler, as
//! `JSC_useDFGJIT=false` asks. A duty manager's own value of the variable
//! always wins.

use std::ffi::OsString;

/// JavaScriptCore's switch for its optimising tiers (DFG and FTL), read by
/// the web process from its environment when it starts.
pub(crate) const OPTIMISING_TIERS_VAR: &str = "JSC_useDFGJIT";

/// What the console does about JavaScriptCore's optimising tiers.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum ScriptTiers {
    /// Leave them as the user set them.
    UserChose,
    /// Turn them off (`JSC_useDFGJIT=false`).
    OptimisingOff,
}

impl ScriptTiers {
    /// The choice where `chosen` is the user's value of
    /// [`OPTIMISING_TIERS_VAR`] (or the console's, after its restart).
    pub(crate) fn choose(chosen: Option<&OsString>) -> Self {
        if chosen.is_some() {
            Self::UserChose
        } else {
            Self::OptimisingOff
        }
    }

    /// The variable to set before WebKit starts, if any.
    pub(crate) fn setting(self) -> Option<(&'static str, &'static str)> {
        match self {
            Self::UserChose => None,
            Self::OptimisingOff => Some((OPTIMISING_TIERS_VAR, "false")),
        }
    }

    /// For the log's first lines.
    pub(crate) fn words(self) -> &'static str {
        match self {
            Self::UserChose => "as JSC_useDFGJIT says (set by the user)",
            Self::OptimisingOff => "interpreter and baseline compiler only (JSC_useDFGJIT=false)",
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_optimising_tiers_are_off_unless_the_user_chose() {
        // (the user's value, the choice, the variable set)
        let table: &[(Option<&str>, ScriptTiers, Option<(&str, &str)>)] = &[
            (
                None,
                ScriptTiers::OptimisingOff,
                Some(("JSC_useDFGJIT", "false")),
            ),
            (Some("true"), ScriptTiers::UserChose, None),
            (Some("false"), ScriptTiers::UserChose, None),
            (Some(""), ScriptTiers::UserChose, None),
        ];
        for (chosen, expected, setting) in table {
            let chosen = chosen.map(OsString::from);
            let choice = ScriptTiers::choose(chosen.as_ref());
            assert_eq!(choice, *expected, "{chosen:?}");
            assert_eq!(choice.setting(), *setting, "{chosen:?}");
        }
    }
}
