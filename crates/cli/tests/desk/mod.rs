//! The desk the CLI's decision tests work at: a private HOME with its own
//! history and environments on a simulator, and the helpers that run
//! `skymarshal` there and check its words and exit codes.

// Each test file uses some of these.
#![allow(dead_code)]

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use skymarshal_sim::{SimConfig, Simulator};

pub(crate) const BIN: &str = env!("CARGO_BIN_EXE_skymarshal");
pub(crate) const PROMPT: &str = "Flight EY283 delayed 2 hours due to weather at AUH";
pub(crate) const RATIONALE: &str = "Crew legal, slot held at LHR";
/// Fixture 4's safety override, as the CLI names it.
pub(crate) const AOG: &str =
    "maintenance: “Aircraft A6-ETQ AOG with no maintenance resolution timeline";

/// A private HOME with the history, environments, logs and exports in it,
/// and the environments `training` (fixture 4: one option, a maintenance
/// safety override), `fixture1` (three options), `constrained` (fixture 1
/// with crew and maintenance constraints and a regulatory override) and
/// `failing` (HTTP 500).
pub(crate) struct Desk {
    dir: tempfile::TempDir,
    /// Where the history lives (`SKYMARSHAL_DATA_DIR`): the HOME, unless
    /// a test points it elsewhere.
    pub(crate) data: PathBuf,
}

impl Desk {
    pub(crate) fn new(sim: &Simulator) -> Self {
        let dir = tempfile::tempdir().unwrap();
        let file = [
            ("training", sim.url_with("fixture=4")),
            ("fixture1", sim.url_with("fixture=1")),
            ("constrained", sim.url_with("scenario=safety-constraints")),
            ("failing", sim.url_with("scenario=http-500")),
        ]
        .iter()
        .map(|(name, url)| format!("[[environment]]\nname = \"{name}\"\ninvoke_url = \"{url}\"\n"))
        .collect::<Vec<_>>()
        .join("\n");
        std::fs::write(dir.path().join("environments.toml"), file).unwrap();
        let data = dir.path().to_owned();
        Self { dir, data }
    }

    pub(crate) fn path(&self) -> &Path {
        self.dir.path()
    }

    pub(crate) fn history(&self) -> PathBuf {
        self.data.join("history.sqlite3")
    }

    pub(crate) fn exports(&self) -> PathBuf {
        self.path().join("exports")
    }

    /// Makes this desk `name` of the team store at `url` (as the role
    /// `desk`, trusted on loopback by the test's cluster: no keyring here).
    pub(crate) fn join_team(&self, url: &str, name: &str) {
        let file = self.path().join("environments.toml");
        let mut text = std::fs::read_to_string(&file).unwrap();
        text.push_str(&format!(
            "\n[team]\nurl = \"{url}\"\nrole = \"desk\"\ntls = \"disable\"\ndesk = \"{name}\"\n"
        ));
        std::fs::write(file, text).unwrap();
    }

    /// Rewrites this desk's environments file with `edit`.
    pub(crate) fn edit_environments(&self, edit: impl FnOnce(String) -> String) {
        let file = self.path().join("environments.toml");
        let text = std::fs::read_to_string(&file).unwrap();
        std::fs::write(file, edit(text)).unwrap();
    }

    /// `skymarshal ARGS` here, started and left running (to be killed).
    pub(crate) fn spawn(&self, args: &[&str]) -> std::process::Child {
        self.command(args)
            .stdout(std::process::Stdio::null())
            .stderr(std::process::Stdio::null())
            .spawn()
            .unwrap()
    }

    pub(crate) fn command(&self, args: &[&str]) -> Command {
        let home = self.path();
        let mut command = Command::new(BIN);
        command
            .args(args)
            .env("HOME", home)
            .env("XDG_DATA_HOME", home.join("data"))
            .env("XDG_CONFIG_HOME", home.join("config"))
            .env("XDG_STATE_HOME", home.join("state"))
            .env("SKYMARSHAL_DATA_DIR", &self.data)
            .env("SKYMARSHAL_CONFIG_DIR", home)
            .env("SKYMARSHAL_LOG_DIR", home.join("logs"))
            .env("SKYMARSHAL_EXPORT_DIR", home.join("exports"))
            .env_remove("SKYMARSHAL_ORG_ENVIRONMENTS");
        command
    }

    /// Runs `skymarshal ARGS` here.
    pub(crate) async fn run(&self, args: &[&str]) -> Output {
        let mut command = self.command(args);
        tokio::task::spawn_blocking(move || command.output().unwrap())
            .await
            .unwrap()
    }

    /// Runs `skymarshal ARGS`, checks its exit code and that `words` are in
    /// what it printed (a refusal: one line on stderr); answers stdout.
    pub(crate) async fn expect(&self, args: &[&str], code: i32, words: &str) -> String {
        let output = self.run(args).await;
        let (out, err) = (text(&output.stdout), text(&output.stderr));
        assert_eq!(output.status.code(), Some(code), "{args:?}:\n{out}{err}");
        assert!(
            out.contains(words) || err.contains(words),
            "{args:?}: {words:?} not in:\n{out}{err}"
        );
        if code != 0 && code != 2 {
            assert_eq!(err.trim().lines().count(), 1, "{args:?}: one line:\n{err}");
        }
        out
    }

    /// `analyze --env ENV PROMPT`, recorded; answers the run's id.
    pub(crate) async fn analyze(&self, env: &str) -> String {
        let output = self.run(&["analyze", "--env", env, PROMPT]).await;
        let err = text(&output.stderr);
        let run = after(&err, "Recording in the history as run ");
        assert!(!run.is_empty(), "{err}");
        run
    }

    /// Runs `statement` on the history file itself, as an edit by hand would.
    pub(crate) fn sql(&self, statement: &str) {
        rusqlite::Connection::open(self.history())
            .unwrap()
            .execute_batch(statement)
            .unwrap();
    }
}

pub(crate) fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

/// The word after `marker` in `text` (an id the CLI printed).
pub(crate) fn after(text: &str, marker: &str) -> String {
    text.split(marker)
        .nth(1)
        .and_then(|rest| rest.split_whitespace().next())
        .unwrap_or_default()
        .trim_end_matches(['.', ','])
        .to_owned()
}

pub(crate) async fn simulator() -> Simulator {
    Simulator::start(SimConfig::instant()).await.unwrap()
}
