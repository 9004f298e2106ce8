//! The Debian package as a duty manager's machine gets it: `dpkg -i`
//! installs the console and the `skymarshal` CLI with a desktop entry and
//! icons at every size; the installed console reaches an interactive
//! window under Xvfb; `dpkg -r` removes every file it installed.
//!
//! It needs a release package, which takes minutes to build, so it is run
//! by `scripts/package` (which builds the `.deb` first), not by every test
//! run. It must run as root (or with passwordless sudo).

#![allow(clippy::print_stdout)]

mod support;

use std::path::PathBuf;
use std::process::Command;

use support::Desktop;

fn deb() -> PathBuf {
    if let Some(path) = std::env::var_os("SKYMARSHAL_DEB") {
        return PathBuf::from(path);
    }
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../target/release/bundle/deb");
    std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("no {}: {e}; run scripts/package", dir.display()))
        .filter_map(Result::ok)
        .map(|e| e.path())
        .find(|p| p.extension().is_some_and(|x| x == "deb"))
        .expect("a .deb; run scripts/package")
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
    for expected in [
        "/usr/bin/skymarshal-console",
        "/usr/bin/skymarshal",
        ".desktop",
        "/usr/share/icons/hicolor/32x32/apps/",
        "/usr/share/icons/hicolor/128x128/apps/",
        "/usr/share/icons/hicolor/256x256/apps/",
        "/usr/share/icons/hicolor/512x512/apps/",
    ] {
        assert!(
            files.contains(expected),
            "{expected} in the package:\n{files}"
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
