//! What the .deb and the .rpm both install, in one table, so that the two
//! packages' tests read the same list and cannot drift apart; and where the
//! packages are, and how each lists its files without installing them.

use std::path::{Path, PathBuf};
use std::process::Command;

/// Every file both packages install: `ls -l` permissions, absolute path.
/// A file added to the packages (`bundle.linux.deb.files` and
/// `bundle.linux.rpm.files` in `tauri.conf.json`, or an icon in
/// `bundle.icon`) is one row here.
pub(crate) const FILES: &[(&str, &str)] = &[
    ("-rwxr-xr-x", "/usr/bin/skymarshal-console"),
    ("-rwxr-xr-x", "/usr/bin/skymarshal"),
    (
        "-rw-r--r--",
        "/usr/share/applications/SkyMarshal Console.desktop",
    ),
    (
        "-rw-r--r--",
        "/usr/share/icons/hicolor/16x16/apps/skymarshal-console.png",
    ),
    (
        "-rw-r--r--",
        "/usr/share/icons/hicolor/24x24/apps/skymarshal-console.png",
    ),
    (
        "-rw-r--r--",
        "/usr/share/icons/hicolor/32x32/apps/skymarshal-console.png",
    ),
    (
        "-rw-r--r--",
        "/usr/share/icons/hicolor/48x48/apps/skymarshal-console.png",
    ),
    (
        "-rw-r--r--",
        "/usr/share/icons/hicolor/64x64/apps/skymarshal-console.png",
    ),
    (
        "-rw-r--r--",
        "/usr/share/icons/hicolor/128x128/apps/skymarshal-console.png",
    ),
    (
        "-rw-r--r--",
        "/usr/share/icons/hicolor/256x256/apps/skymarshal-console.png",
    ),
    (
        "-rw-r--r--",
        "/usr/share/icons/hicolor/512x512/apps/skymarshal-console.png",
    ),
];

/// The newest `*.{extension}` under `target/release/bundle/{kind}`, or the
/// path in `variable` when it is set: the package `scripts/package` built
/// last, even when older versions' packages are still beside it.
pub(crate) fn package(kind: &str, extension: &str, variable: &str) -> PathBuf {
    if let Some(path) = std::env::var_os(variable) {
        return PathBuf::from(path);
    }
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../target/release/bundle")
        .join(kind);
    std::fs::read_dir(&dir)
        .unwrap_or_else(|e| {
            panic!(
                "There is no {} ({e}): run scripts/package to build the packages.",
                dir.display()
            )
        })
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|x| x == extension))
        .max_by_key(|p| p.metadata().and_then(|m| m.modified()).ok())
        .unwrap_or_else(|| {
            panic!(
                "There is no .{extension} in {}: run scripts/package to build it.",
                dir.display()
            )
        })
}

/// Standard output of a query that needs no root (`dpkg-deb`, `rpm -qp`,
/// `readelf`); a failure names the tool and its message.
pub(crate) fn query(program: &str, args: &[&str]) -> String {
    let out = Command::new(program)
        .args(args)
        .output()
        .unwrap_or_else(|e| {
            panic!("{program} did not start ({e}): run scripts/setup package to install it.")
        });
    assert!(
        out.status.success(),
        "{program} {args:?} failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout).into_owned()
}

/// The regular files in a .deb as `(permissions, absolute path)`, read with
/// `dpkg-deb -c` (directories left out: dpkg lists every parent, rpm none).
pub(crate) fn deb_files(deb: &Path) -> Vec<(String, String)> {
    query("dpkg-deb", &["-c", deb.to_str().unwrap()])
        .lines()
        .filter(|l| l.starts_with('-'))
        .map(|l| {
            // `-rwxr-xr-x 0/0 123 2025-01-01 10:00 usr/bin/x`: the path is
            // what follows the fifth field, spaces and all (the desktop
            // entry's name has one).
            let mode = l.split_whitespace().next().unwrap_or_default().to_owned();
            let path = (0..5).fold(l, |rest, _| {
                rest.trim_start()
                    .split_once(char::is_whitespace)
                    .map_or("", |(_, r)| r)
            });
            let path = path.trim_start();
            (
                mode,
                format!("/{}", path.strip_prefix("./").unwrap_or(path)),
            )
        })
        .collect()
}

/// The files in an .rpm as `(permissions, absolute path)`, read with `rpm -qp`.
pub(crate) fn rpm_files(rpm: &Path) -> Vec<(String, String)> {
    query(
        "rpm",
        &[
            "-qp",
            "--queryformat",
            "[%{FILEMODES:perms} %{FILENAMES}\\n]",
            rpm.to_str().unwrap(),
        ],
    )
    .lines()
    .filter_map(|l| l.split_once(' '))
    .map(|(mode, path)| (mode.to_owned(), path.to_owned()))
    .collect()
}

/// What a package's file list lacks and holds beyond [`FILES`], as one
/// message per difference (empty when it holds exactly those files).
pub(crate) fn differences(package: &str, files: &[(String, String)]) -> Vec<String> {
    let mut wrong = Vec::new();
    for (mode, path) in FILES {
        match files.iter().find(|(_, p)| p == path) {
            None => wrong.push(format!(
                "The {package} lacks {path}: check the bundle section of tauri.conf.json \
                 (and the paths scripts/package gives it), or drop the row from FILES \
                 in tests/package/files.rs if the file was meant to go."
            )),
            Some((m, _)) if m != mode => wrong.push(format!(
                "The {package} installs {path} with permissions {m}, not {mode}: fix \
                 the mode of the file it is built from, or the row in FILES in \
                 tests/package/files.rs if the new mode is meant."
            )),
            Some(_) => {}
        }
    }
    for (_, path) in files {
        if !FILES.iter().any(|(_, p)| p == path) {
            wrong.push(format!(
                "The {package} installs {path}, which FILES in tests/package/files.rs \
                 does not list: add a row there if it belongs in both packages."
            ));
        }
    }
    wrong
}
