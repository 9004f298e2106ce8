//! Reading the .rpm back on Debian, where it cannot be installed: what it
//! requires (`rpm -qpR`), its header fields (`rpm -qp --queryformat`), and
//! what its binaries need from the system, read from the binaries
//! themselves (`rpm2archive` unpacks them, `readelf` reads them).
//!
//! Tauri's bundler does not run rpmbuild, so nothing generates an RPM's
//! requirements from its binaries as rpmbuild would: the bundler declares
//! WebKitGTK's and GTK's libraries, and `bundle.linux.rpm.depends` in
//! `tauri.conf.json` declares the rest. [`binary_needs`] says what
//! rpmbuild would have declared, so that list cannot fall behind.

use std::collections::{BTreeMap, BTreeSet};
use std::fs::File;
use std::path::Path;
use std::process::{Command, Stdio};

use super::files::query;

/// Every requirement the RPM declares (rpm's own `rpmlib(…)` lines aside),
/// as rpmbuild names a shared library (`soname()(64bit)`, or
/// `soname(version)(64bit)` for the newest symbol version a binary uses), and
/// the Fedora package that provides it. Naming the library rather than the
/// package lets dnf find whichever package provides it on each release.
/// A new library the binaries link is one row here and one line in
/// `bundle.linux.rpm.depends`.
pub(crate) const REQUIRES: &[(&str, &str)] = &[
    // Declared by Tauri's bundler itself.
    ("libwebkit2gtk-4.1.so.0()(64bit)", "webkit2gtk4.1"),
    ("libgtk-3.so.0()(64bit)", "gtk3"),
    // Declared by bundle.linux.rpm.depends.
    ("libgdk-3.so.0()(64bit)", "gtk3"),
    ("libgdk_pixbuf-2.0.so.0()(64bit)", "gdk-pixbuf2"),
    ("libcairo.so.2()(64bit)", "cairo"),
    ("libglib-2.0.so.0()(64bit)", "glib2"),
    ("libgobject-2.0.so.0()(64bit)", "glib2"),
    ("libgio-2.0.so.0()(64bit)", "glib2"),
    ("libsoup-3.0.so.0()(64bit)", "libsoup3"),
    (
        "libjavascriptcoregtk-4.1.so.0()(64bit)",
        "javascriptcoregtk4.1",
    ),
    ("libdbus-1.so.3(LIBDBUS_1_3)(64bit)", "dbus-libs"),
    ("libgcc_s.so.1(GCC_4.2.0)(64bit)", "libgcc"),
    // The build machine's glibc sets these: Debian 12 builds need 2.35
    // (libm's hypotf), which RHEL 9's glibc 2.34 does not have.
    ("libc.so.6(GLIBC_2.34)(64bit)", "glibc"),
    ("libm.so.6(GLIBC_2.35)(64bit)", "glibc"),
];

/// What is wrong with the RPM's requirements, one sentence each (none when
/// right): `declared` (from [`declared`]) must be exactly the `table`'s
/// rows, and so must what the packaged binaries `needed` (from
/// [`binary_needs`]), so that neither the config nor the table falls behind
/// the binaries.
pub(crate) fn wrong_requirements(
    table: &[(&str, &str)],
    declared: &BTreeSet<String>,
    needed: &BTreeSet<String>,
) -> Vec<String> {
    let rows: BTreeSet<String> = table.iter().map(|(r, _)| (*r).to_owned()).collect();
    let mut wrong = Vec::new();
    for (requirement, provider) in table {
        if !declared.contains(*requirement) {
            wrong.push(format!(
                "The RPM does not require {requirement} (Fedora's {provider}): add it to \
                 bundle.linux.rpm.depends in tauri.conf.json."
            ));
        }
    }
    for requirement in declared.difference(&rows) {
        wrong.push(format!(
            "The RPM requires {requirement}, which REQUIRES in tests/package/rpm.rs does \
             not list: add a row there if a binary needs it, or drop it from \
             bundle.linux.rpm.depends in tauri.conf.json."
        ));
    }
    for requirement in needed.difference(&rows) {
        wrong.push(format!(
            "The packaged binaries need {requirement} (readelf), which the RPM does not \
             require: add it to bundle.linux.rpm.depends in tauri.conf.json and a row to \
             REQUIRES in tests/package/rpm.rs (in place of an older version of the same \
             library), or dnf installs a console that may not start."
        ));
    }
    for requirement in rows.difference(needed) {
        wrong.push(format!(
            "No packaged binary needs {requirement} any more (readelf): drop it from \
             bundle.linux.rpm.depends in tauri.conf.json and from REQUIRES in \
             tests/package/rpm.rs, so that dnf does not ask for it."
        ));
    }
    wrong
}

/// The requirements `rpm -qpR` lists, rpm's own `rpmlib(…)` features left out.
pub(crate) fn declared(rpm: &Path) -> BTreeSet<String> {
    query("rpm", &["-qpR", rpm.to_str().unwrap()])
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty() && !l.starts_with("rpmlib("))
        .map(str::to_owned)
        .collect()
}

/// The header's `name`, `version`, `release` and `arch`, read with
/// `rpm -qp --queryformat`.
pub(crate) fn header(rpm: &Path) -> BTreeMap<&'static str, String> {
    let tags = ["name", "version", "release", "arch"];
    let format: String = tags.iter().map(|t| format!("%{{{t}}}\\n")).collect();
    let out = query(
        "rpm",
        &["-qp", "--queryformat", &format, rpm.to_str().unwrap()],
    );
    tags.into_iter()
        .zip(out.lines().map(str::to_owned))
        .collect()
}

/// Unpacks the .rpm's files under `into` (`rpm2archive - | tar -xz`).
pub(crate) fn unpack(rpm: &Path, into: &Path) {
    let mut archive = Command::new("rpm2archive")
        .arg("-")
        .stdin(File::open(rpm).unwrap())
        .stdout(Stdio::piped())
        .spawn()
        .expect("rpm2archive, from Debian's rpm: run scripts/setup package to install it.");
    let tar = Command::new("tar")
        .arg("-xz")
        .arg("-C")
        .arg(into)
        .stdin(archive.stdout.take().unwrap())
        .status()
        .unwrap();
    assert!(
        archive.wait().unwrap().success() && tar.success(),
        "{} did not unpack with rpm2archive and tar: is it a whole .rpm? Run scripts/package again.",
        rpm.display()
    );
}

/// What an ELF binary needs from the system, as rpmbuild would declare it:
/// each shared library it links as `soname()(64bit)`, or, when it uses
/// versioned symbols of that library, `soname(newest version)(64bit)` (a
/// library providing a version provides every older one). The dynamic
/// loader is left out: glibc ships it with `libc.so.6`.
pub(crate) fn binary_needs(binary: &Path) -> BTreeSet<String> {
    let path = binary.to_str().unwrap();
    let suffix = if cfg!(target_pointer_width = "64") {
        "(64bit)"
    } else {
        ""
    };
    let interpreter = query("readelf", &["-l", "--wide", path])
        .lines()
        .find_map(|l| {
            l.split_once("interpreter: ")
                .map(|(_, i)| i.trim_end_matches(']'))
        })
        .and_then(|i| i.rsplit('/').next().map(str::to_owned))
        .unwrap_or_default();
    let linked = query("readelf", &["-d", "--wide", path])
        .lines()
        .filter(|l| l.contains("(NEEDED)"))
        .filter_map(|l| l.split_once('[').and_then(|(_, r)| r.split_once(']')))
        .map(|(soname, _)| soname.to_owned())
        .filter(|soname| *soname != interpreter)
        .collect::<BTreeSet<_>>();
    let versions = newest_versions(&query("readelf", &["-V", "--wide", path]));
    linked
        .iter()
        .flat_map(|soname| match versions.get(soname.as_str()) {
            Some(newest) => newest
                .iter()
                .map(|v| format!("{soname}({v}){suffix}"))
                .collect::<Vec<_>>(),
            None => vec![format!("{soname}(){suffix}")],
        })
        .collect()
}

/// From `readelf -V`'s version needs: for each library, the newest version
/// of each version family it is asked for (`GLIBC_2.35` over `GLIBC_2.2.5`;
/// a version without numbers, such as `GLIBC_PRIVATE`, stands alone).
fn newest_versions(readelf: &str) -> BTreeMap<String, Vec<String>> {
    let mut newest: BTreeMap<String, BTreeMap<String, (Vec<u32>, String)>> = BTreeMap::new();
    let mut library = None;
    let mut in_needs = false;
    for line in readelf.lines() {
        if line.starts_with("Version ") {
            in_needs = line.starts_with("Version needs section");
            continue;
        }
        if !in_needs {
            continue;
        }
        if let Some((_, rest)) = line.split_once("File: ") {
            library = rest.split_whitespace().next().map(str::to_owned);
        } else if let (Some(lib), Some((_, rest))) = (&library, line.split_once("Name: ")) {
            let version = rest.split_whitespace().next().unwrap_or_default();
            let (family, number) = version.rsplit_once('_').unwrap_or((version, ""));
            let parts: Option<Vec<u32>> = number.split('.').map(|n| n.parse().ok()).collect();
            let (family, parts) = match parts {
                Some(parts) => (family.to_owned(), parts),
                None => (version.to_owned(), Vec::new()),
            };
            let entry = newest
                .entry(lib.clone())
                .or_default()
                .entry(family)
                .or_insert_with(|| (parts.clone(), version.to_owned()));
            if parts > entry.0 {
                *entry = (parts, version.to_owned());
            }
        }
    }
    newest
        .into_iter()
        .map(|(lib, families)| (lib, families.into_values().map(|(_, v)| v).collect()))
        .collect()
}

#[test]
fn newest_versions_keeps_the_newest_of_each_family() {
    let readelf = "\
Version symbols section '.gnu.version' contains 3 entries:
  000:   0 (*local*)       2 (GLIBC_2.2.5)   3 (GLIBC_2.35)

Version needs section '.gnu.version_r' contains 2 entries:
 Addr: 0x0000000000001000  Offset: 0x001000  Link: 7 (.dynstr)
  000000: Version: 1  File: libm.so.6  Cnt: 2
  0x0010:   Name: GLIBC_2.2.5  Flags: none  Version: 4
  0x0020:   Name: GLIBC_2.35  Flags: none  Version: 3
  0x0030: Version: 1  File: libc.so.6  Cnt: 3
  0x0040:   Name: GLIBC_2.34  Flags: none  Version: 6
  0x0050:   Name: GLIBC_2.3.4  Flags: none  Version: 5
  0x0060:   Name: GLIBC_PRIVATE  Flags: none  Version: 2
";
    let newest = newest_versions(readelf);
    for (library, expected) in [
        ("libm.so.6", vec!["GLIBC_2.35"]),
        ("libc.so.6", vec!["GLIBC_2.34", "GLIBC_PRIVATE"]),
    ] {
        assert_eq!(newest[library], expected, "{library}");
    }
    assert_eq!(newest.len(), 2, "{newest:?}");
}

#[test]
fn wrong_requirements_names_each_difference_and_what_to_do() {
    let table = [
        ("liba.so.1()(64bit)", "a"),
        ("libc.so.6(GLIBC_2.34)(64bit)", "glibc"),
    ];
    let set = |items: &[&str]| {
        items
            .iter()
            .map(|s| (*s).to_owned())
            .collect::<BTreeSet<_>>()
    };
    let both = set(&["liba.so.1()(64bit)", "libc.so.6(GLIBC_2.34)(64bit)"]);
    for (declared, needed, expected) in [
        (both.clone(), both.clone(), vec![]),
        (
            set(&["liba.so.1()(64bit)"]),
            both.clone(),
            vec!["does not require libc.so.6(GLIBC_2.34)(64bit)"],
        ),
        (
            set(&[
                "liba.so.1()(64bit)",
                "libc.so.6(GLIBC_2.34)(64bit)",
                "libz.so.1()(64bit)",
            ]),
            both.clone(),
            vec!["requires libz.so.1()(64bit), which REQUIRES"],
        ),
        (
            both.clone(),
            set(&["liba.so.1()(64bit)", "libc.so.6(GLIBC_2.38)(64bit)"]),
            vec![
                "need libc.so.6(GLIBC_2.38)(64bit)",
                "needs libc.so.6(GLIBC_2.34)(64bit) any more",
            ],
        ),
    ] {
        let wrong = wrong_requirements(&table, &declared, &needed);
        assert_eq!(wrong.len(), expected.len(), "{wrong:#?}");
        for (message, fragment) in wrong.iter().zip(&expected) {
            assert!(message.contains(fragment), "{message} lacks {fragment}");
        }
    }
}
