//! Who took a decision, beyond the name the duty manager gave: the OS user
//! signed in and the computer, read at the moment of the decision, so a
//! record says whose session it came from even when a name was mistyped.

use skymarshal_store::NameProblem;

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

/// A person's name as typed (the operator, the incoming duty manager),
/// kept by the one rule the history applies to every name
/// ([`skymarshal_store::person_name`]: one line, 1 to 100 characters, no
/// control character, inner space made one), or what is wrong with it.
pub(crate) fn person_name(typed: &str) -> Result<String, NameProblem> {
    skymarshal_store::person_name(typed)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_follow_the_historys_one_rule() {
        let long = "x".repeat(101);
        // (typed, kept, or the problem)
        let table = [
            ("A. Duty", Ok("A. Duty".to_owned())),
            ("  Jane   Doe \n", Ok("Jane Doe".to_owned())),
            ("", Err(NameProblem::Blank)),
            (" \t ", Err(NameProblem::Blank)),
            ("Jane\nDoe", Err(NameProblem::Lines)),
            (long.as_str(), Err(NameProblem::TooLong(101))),
        ];
        for (typed, expected) in table {
            assert_eq!(person_name(typed), expected, "{typed:?}");
        }
        assert!(matches!(
            person_name("Sam\u{1b}]0;x"),
            Err(NameProblem::Forbidden(_))
        ));
    }

    #[test]
    fn the_host_and_user_are_never_blank() {
        assert!(!host().is_empty());
        // The test machines run without `$USER`; the account is still named.
        assert_ne!(os_user(), "unknown");
    }
}
