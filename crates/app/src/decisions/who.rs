//! Who took a decision, beyond the name the duty manager gave: the OS user
//! signed in and the computer, read at the moment of the decision, so a
//! record says whose session it came from even when a name was mistyped.

/// The OS user signed in: the account the process runs as, from the
/// system's user database (so a desktop session without `$USER` still
/// names it), else `$USER`, `$LOGNAME` or `$USERNAME`; `unknown` only
/// when none of them answers.
pub(crate) fn os_user() -> String {
    whoami::fallible::username()
        .ok()
        .filter(|v| !v.trim().is_empty())
        .or_else(|| {
            ["USER", "LOGNAME", "USERNAME"]
                .iter()
                .find_map(|key| std::env::var(key).ok().filter(|v| !v.trim().is_empty()))
        })
        .map_or_else(|| "unknown".to_owned(), |v| v.trim().to_owned())
}

/// The computer's host name, from the operating system; `unknown` when it
/// gives none.
pub(crate) fn host() -> String {
    let name = gethostname::gethostname()
        .to_string_lossy()
        .trim()
        .to_owned();
    if name.is_empty() {
        "unknown".to_owned()
    } else {
        name
    }
}

/// A name as the duty manager typed it, or `None` when it is blank:
/// surrounding space dropped, inner runs of space kept as one.
pub(crate) fn person_name(typed: &str) -> Option<String> {
    let name = typed.split_whitespace().collect::<Vec<_>>().join(" ");
    (!name.is_empty()).then_some(name)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_are_trimmed_and_blank_is_none() {
        let table = [
            ("A. Duty", Some("A. Duty")),
            ("  Jane   Doe \n", Some("Jane Doe")),
            ("", None),
            (" \t ", None),
        ];
        for (typed, expected) in table {
            assert_eq!(person_name(typed).as_deref(), expected, "{typed:?}");
        }
    }

    #[test]
    fn the_host_and_user_are_never_blank() {
        assert!(!host().is_empty());
        // The test machines run without `$USER`; the account is still named.
        assert_ne!(os_user(), "unknown");
    }
}
