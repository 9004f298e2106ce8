//! What the .deb depends on, against what its binaries link.
//!
//! Tauri's bundler declares only WebKitGTK and GTK, unversioned; a console
//! built on Debian 12 also needs glibc 2.35 and libdbus, among others, and
//! apt would install it where it cannot start. `bundle.linux.deb.depends`
//! in `tauri.conf.json` declares the rest, and [`wrong_depends`] holds it
//! to what `dpkg-shlibdeps` (Debian's own tool, as a Debian package build
//! runs it) reads from the packaged binaries, so it cannot fall behind.

use std::path::Path;

use super::files::query;

/// The .deb's `Depends` entries, as `dpkg-deb -f` gives them
/// (`libc6 (>= 2.35)`, `libgtk-3-0`, …).
pub(crate) fn declared(deb: &Path) -> Vec<String> {
    entries(&query(
        "dpkg-deb",
        &["-f", deb.to_str().unwrap(), "Depends"],
    ))
}

/// What `dpkg-shlibdeps` says the `binaries` depend on, in its own words
/// (`package (>= version)` where a symbol needs a version). It wants a
/// `debian/control` in its working directory, so it runs in a throwaway
/// one.
pub(crate) fn needed(binaries: &[&Path]) -> Vec<String> {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir(dir.path().join("debian")).unwrap();
    std::fs::write(
        dir.path().join("debian/control"),
        "Source: skymarshal\n\nPackage: skymarshal\nArchitecture: any\n",
    )
    .unwrap();
    let out = std::process::Command::new("dpkg-shlibdeps")
        .arg("-O")
        .args(binaries)
        .current_dir(dir.path())
        .output()
        .unwrap_or_else(|e| {
            panic!(
                "dpkg-shlibdeps did not start ({e}): run scripts/setup package to install dpkg-dev."
            )
        });
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        out.status.success(),
        "dpkg-shlibdeps failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    let line = stdout
        .lines()
        .find_map(|l| l.strip_prefix("shlibs:Depends="))
        .unwrap_or_else(|| panic!("dpkg-shlibdeps printed no shlibs:Depends line: {stdout}"));
    entries(line)
}

fn entries(field: &str) -> Vec<String> {
    field
        .split(',')
        .map(str::trim)
        .filter(|e| !e.is_empty())
        .map(str::to_owned)
        .collect()
}

fn package_name(entry: &str) -> &str {
    entry.split([' ', '(']).next().unwrap_or(entry)
}

/// What is wrong with the .deb's `Depends`, one sentence each (none when
/// right). Every entry `needed` names (from [`needed`]) must be declared as
/// it is, version and all; a declared entry with a version must be one of
/// them (a stale one would ask apt for a newer library than the binaries
/// use); an unversioned one (the bundler's own) must name a package they
/// need.
pub(crate) fn wrong_depends(declared: &[String], needed: &[String]) -> Vec<String> {
    let mut wrong = Vec::new();
    for entry in needed {
        if !declared.contains(entry) {
            wrong.push(format!(
                "The .deb does not depend on {entry}, which its binaries need \
                 (dpkg-shlibdeps): put it in bundle.linux.deb.depends in tauri.conf.json, \
                 in place of an older entry for the same package."
            ));
        }
    }
    for entry in declared {
        let versioned = entry.contains('(');
        let known = if versioned {
            needed.contains(entry)
        } else {
            needed.iter().any(|n| package_name(n) == entry)
        };
        if !known {
            wrong.push(format!(
                "The .deb depends on {entry}, which its binaries do not need as such \
                 (dpkg-shlibdeps): drop it from bundle.linux.deb.depends in \
                 tauri.conf.json, or apt may refuse a machine that could run the console."
            ));
        }
    }
    wrong
}

#[cfg(test)]
mod tests {
    use super::*;

    fn list(entries: &[&str]) -> Vec<String> {
        entries.iter().map(|e| (*e).to_owned()).collect()
    }

    #[test]
    fn the_debs_depends_are_held_to_what_its_binaries_need() {
        let needed = [
            "libc6 (>= 2.35)",
            "libgtk-3-0 (>= 3.21.5)",
            "libjavascriptcoregtk-4.1-0",
        ];
        // (declared Depends, how many faults)
        let cases: &[(&[&str], usize)] = &[
            // As the bundler writes it: ours, then its own unversioned two.
            (
                &[
                    "libc6 (>= 2.35)",
                    "libgtk-3-0 (>= 3.21.5)",
                    "libjavascriptcoregtk-4.1-0",
                    "libgtk-3-0",
                ],
                0,
            ),
            // The bundler's own alone: glibc, GTK's version and JavaScriptCore missing.
            (&["libgtk-3-0"], 3),
            // A version older than the binaries need.
            (
                &[
                    "libc6 (>= 2.34)",
                    "libgtk-3-0 (>= 3.21.5)",
                    "libjavascriptcoregtk-4.1-0",
                ],
                2,
            ),
            // A newer one than they need, which apt would demand for nothing.
            (
                &[
                    "libc6 (>= 2.38)",
                    "libgtk-3-0 (>= 3.21.5)",
                    "libjavascriptcoregtk-4.1-0",
                ],
                2,
            ),
            // A library no binary links.
            (
                &[
                    "libc6 (>= 2.35)",
                    "libgtk-3-0 (>= 3.21.5)",
                    "libjavascriptcoregtk-4.1-0",
                    "libssl3",
                ],
                1,
            ),
        ];
        for (declared, faults) in cases {
            let wrong = wrong_depends(&list(declared), &list(&needed));
            assert_eq!(wrong.len(), *faults, "{declared:?}: {wrong:#?}");
        }
    }
}
