//! The release packages as a duty manager's machine gets them.
//!
//! The Debian package: `dpkg -i` installs the console and the `skymarshal`
//! CLI with a desktop entry and icons at every size; the installed console
//! reaches an interactive window under Xvfb; `dpkg -r` removes every file it
//! installed. This test must run as root (or with passwordless sudo).
//!
//! The RPM, for desks on Red Hat-family Linux, cannot be installed on the
//! Debian machine that builds it (Debian's `rpm` knows none of the system's
//! libraries, so every requirement would be unmet, and forcing it would put
//! files behind dpkg's back), so it is read back instead: `rpm -qlp` for its files, the same as the .deb's (one table,
//! [`files::FILES`], serves both); `rpm -qpR` for what it requires, which
//! must be exactly what its own binaries link ([`rpm::REQUIRES`], and
//! `readelf` on the unpacked binaries); its version and architecture.
//! The .deb's `Depends` is held to what `dpkg-shlibdeps` reads from its
//! binaries in the same way ([`deb::wrong_depends`]).
//! Whether a given Fedora or RHEL release has those libraries is not
//! checked here: dnf says so when the RPM is installed.
//!
//! They need release packages, which take minutes to build, so they are
//! run by `scripts/package` (which builds the packages first), not by every
//! test run.

#![allow(clippy::print_stdout)]

#[path = "package/deb.rs"]
mod deb;
#[path = "package/files.rs"]
mod files;
#[path = "package/rpm.rs"]
mod rpm;
mod support;

use std::collections::BTreeSet;
use std::path::PathBuf;
use std::process::Command;

use files::FILES;
use support::Desktop;

fn deb() -> PathBuf {
    files::package("deb", "deb", "SKYMARSHAL_DEB")
}

fn rpm() -> PathBuf {
    files::package("rpm", "rpm", "SKYMARSHAL_RPM")
}

fn run(program: &str, args: &[&str]) -> String {
    let mut command = if is_root() {
        Command::new(program)
    } else {
        let mut sudo = Command::new("sudo");
        sudo.arg("-n").arg(program);
        sudo
    };
    let out = command.args(args).output().unwrap();
    assert!(
        out.status.success(),
        "{program} {args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout).into_owned()
}

fn is_root() -> bool {
    std::fs::read_to_string("/proc/self/status")
        .unwrap_or_default()
        .lines()
        .find_map(|l| l.strip_prefix("Uid:"))
        .and_then(|v| v.split_whitespace().next().map(|u| u == "0"))
        .unwrap_or(false)
}

#[tokio::test]
#[ignore = "needs a release .deb: scripts/package builds one and runs this"]
async fn the_deb_installs_starts_and_removes_cleanly() {
    let deb = deb();
    let package = run("dpkg-deb", &["-f", deb.to_str().unwrap(), "Package"])
        .trim()
        .to_owned();
    run("dpkg", &["-i", deb.to_str().unwrap()]);
    let files = run("dpkg", &["-L", &package]);
    for (_, expected) in FILES {
        assert!(
            files.lines().any(|l| l == *expected) && std::path::Path::new(expected).is_file(),
            "dpkg -i did not install {expected}: compare dpkg-deb -c on the .deb with \
             the bundle section of tauri.conf.json.\n{files}"
        );
    }
    let version = env!("CARGO_PKG_VERSION");
    for binary in ["/usr/bin/skymarshal-console", "/usr/bin/skymarshal"] {
        let out = Command::new(binary).arg("--version").output().unwrap();
        assert!(
            String::from_utf8_lossy(&out.stdout).contains(version),
            "{binary} --version"
        );
    }

    let mut desktop = Desktop::start("package", &[("SKYMARSHAL_SIM_DELAY_MS", "0")]).await;
    let (session, took) = desktop.open_app("/usr/bin/skymarshal-console").await;
    desktop.shoot(&session, "installed").await;
    assert!(
        session
            .text("#env-banner")
            .await
            .contains("LOCAL TRAINING SIMULATOR")
    );
    println!("installed_launch_to_interactive {} ms", took.as_millis());
    session.end().await;

    run("dpkg", &["-r", &package]);
    let status = Command::new("dpkg")
        .args(["-s", &package])
        .output()
        .unwrap();
    let left = String::from_utf8_lossy(&status.stdout);
    assert!(
        !status.status.success() || left.contains("deinstall"),
        "{left}"
    );
    for line in files
        .lines()
        .filter(|l| l.starts_with("/usr/bin/") || l.ends_with(".desktop"))
    {
        assert!(
            !std::path::Path::new(line).exists(),
            "{line} is left behind"
        );
    }
}

#[test]
#[ignore = "needs a release .rpm: scripts/package builds one and runs this"]
fn the_rpm_holds_the_console_and_requires_what_it_links() {
    let rpm = rpm();
    let mut wrong = files::differences("RPM", &files::rpm_files(&rpm));

    let header = rpm::header(&rpm);
    for (tag, expected) in [
        // Tauri's bundlers name both packages after productName, kebab-cased.
        ("name", "sky-marshal-console"),
        ("version", env!("CARGO_PKG_VERSION")),
        ("release", "1"),
        // Rust's and rpm's names agree for x86_64 and aarch64.
        ("arch", std::env::consts::ARCH),
    ] {
        if header[tag] != expected {
            wrong.push(format!(
                "The RPM's {tag} is {}, not {expected}: check version and \
                 bundle.linux.rpm in tauri.conf.json against the workspace's Cargo.toml.",
                header[tag]
            ));
        }
    }

    let unpacked = tempfile::tempdir().unwrap();
    rpm::unpack(&rpm, unpacked.path());
    let needed: BTreeSet<String> = ["skymarshal-console", "skymarshal"]
        .iter()
        .flat_map(|b| rpm::binary_needs(&unpacked.path().join("usr/bin").join(b)))
        .collect();
    wrong.extend(rpm::wrong_requirements(
        rpm::REQUIRES,
        &rpm::declared(&rpm),
        &needed,
    ));
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));
}

#[test]
#[ignore = "needs a release .deb: scripts/package builds one and runs this"]
fn the_debs_depends_are_what_its_binaries_link() {
    let deb = deb();
    let unpacked = tempfile::tempdir().unwrap();
    files::query(
        "dpkg-deb",
        &[
            "-x",
            deb.to_str().unwrap(),
            unpacked.path().to_str().unwrap(),
        ],
    );
    let bin = unpacked.path().join("usr/bin");
    let needed = deb::needed(&[&bin.join("skymarshal-console"), &bin.join("skymarshal")]);
    let wrong = deb::wrong_depends(&deb::declared(&deb), &needed);
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));
}

#[test]
#[ignore = "needs a release .deb and .rpm: scripts/package builds them and runs this"]
fn the_deb_and_the_rpm_hold_the_same_files() {
    let (deb, rpm) = (deb(), rpm());
    let mut wrong = files::differences(".deb", &files::deb_files(&deb));
    wrong.extend(files::differences("RPM", &files::rpm_files(&rpm)));
    let header = rpm::header(&rpm);
    for (field, tag) in [("Package", "name"), ("Version", "version")] {
        let deb_value = files::query("dpkg-deb", &["-f", deb.to_str().unwrap(), field]);
        if deb_value.trim() != header[tag] {
            wrong.push(format!(
                "The .deb's {field} is {} and the RPM's {tag} {}: run scripts/package \
                 again so that both come from one build and one tauri.conf.json.",
                deb_value.trim(),
                header[tag]
            ));
        }
    }
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));
}
