//! A throwaway PostgreSQL cluster for tests: the team store's tests talk to
//! a real server (no mocks of PostgreSQL), and this starts one in a
//! temporary directory, on a free port of 127.0.0.1 only, and removes it.
//!
//! The server refuses to run as root, and the tests run as root here and in
//! CI: then the directory is given to the `postgres` user (Debian's package
//! makes it) and the server's programs run through `runuser -u postgres --`.
//!
//! Local socket connections are trusted; TCP connections on 127.0.0.1 need a
//! password (`scram-sha-256`), so the client's password path is exercised,
//! except for members of [`TRUSTED_GROUP`]: a desk under test whose keyring
//! is not there (the app's tests run without a Secret Service) connects as
//! one of those.
//! Every cluster also has a reaper process that stops the server and removes
//! the directory when the test process ends however it ends (a panic, an
//! abort, `kill -9`), so no test leaves a server running.

mod error;
mod run;

pub use error::Error;

use std::io::Write as _;
use std::net::TcpListener;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use run::Runner;

/// Puts the trusted group's line first in `pg_hba.conf` (the first line
/// that matches a connection decides).
fn trust_group(data: &Path) -> Result<(), Error> {
    let hba = data.join("pg_hba.conf");
    let written = std::fs::read_to_string(&hba).map_err(|e| io("reading pg_hba.conf", e))?;
    let line = format!("host all +{TRUSTED_GROUP} 127.0.0.1/32 trust\n");
    std::fs::write(&hba, line + &written).map_err(|e| io("writing pg_hba.conf", e))
}

/// The superuser's password; the cluster listens on 127.0.0.1 only.
pub const SUPERUSER_PASSWORD: &str = "pgtest-superuser";

/// A group role whose members connect over TCP without a password.
pub const TRUSTED_GROUP: &str = "pgtest_trusted";

/// How long a start may take before it fails with the server log's tail.
const START_TIMEOUT: Duration = Duration::from_secs(60);

/// A running (or stopped, see [`Cluster::stop`]) PostgreSQL cluster.
/// Dropping it stops the server and removes its directory.
#[derive(Debug)]
pub struct Cluster {
    runner: Runner,
    port: u16,
    dir: tempfile::TempDir,
    /// Its stdin is the reaper's lifeline: closed when this process ends.
    reaper: Option<Child>,
}

impl Cluster {
    /// Makes a cluster (initdb) and starts it; returns once a query over
    /// TCP with the superuser's password has succeeded.
    pub fn start() -> Result<Cluster, Error> {
        let runner = Runner::find()?;
        let dir = tempfile::Builder::new()
            .prefix("skymarshal-pgtest-")
            .tempdir()
            .map_err(|source| io("making a temporary directory", source))?;
        runner.give_away(dir.path())?;
        let pwfile = dir.path().join("pwfile");
        std::fs::write(&pwfile, SUPERUSER_PASSWORD).map_err(|e| io("writing pwfile", e))?;
        runner.give_away(&pwfile)?;
        let data = dir.path().join("data");
        runner.server(
            "initdb",
            &[
                "-D".as_ref(),
                data.as_os_str(),
                "-U".as_ref(),
                "postgres".as_ref(),
                "--auth-local=trust".as_ref(),
                "--auth-host=scram-sha-256".as_ref(),
                format!("--pwfile={}", pwfile.display()).as_ref(),
                "-E".as_ref(),
                "UTF8".as_ref(),
                "--locale=C".as_ref(),
                "--no-sync".as_ref(),
            ],
        )?;
        trust_group(&data)?;
        let mut cluster = Cluster {
            runner,
            port: 0,
            dir,
            reaper: None,
        };
        cluster.reaper = cluster.spawn_reaper().ok();
        // A free port can be taken by another test's cluster between the
        // probe and the bind; a few tries with a fresh port settle it.
        let mut last = None;
        for _ in 0..5 {
            cluster.port = free_port()?;
            cluster.write_settings()?;
            match cluster.start_again() {
                Ok(()) => {
                    cluster.psql(&format!("CREATE ROLE {TRUSTED_GROUP} NOLOGIN"));
                    return Ok(cluster);
                }
                Err(e) => {
                    let busy = matches!(&e, Error::NotReady { log_tail, .. } if log_tail.contains("could not bind"));
                    last = Some(e);
                    if !busy {
                        break;
                    }
                    cluster.stop();
                }
            }
        }
        Err(last.expect("at least one try"))
    }

    /// The port on 127.0.0.1.
    pub fn port(&self) -> u16 {
        self.port
    }

    /// The cluster's temporary directory (data, socket, server log).
    pub fn dir(&self) -> &Path {
        self.dir.path()
    }

    /// A `postgresql://` URL for `role` on 127.0.0.1, with the password in
    /// it when given (tools accept that; the team client refuses it).
    pub fn url(&self, role: &str, password: Option<&str>, db: &str) -> String {
        match password {
            Some(p) => format!("postgresql://{role}:{p}@127.0.0.1:{}/{db}", self.port),
            None => format!("postgresql://{role}@127.0.0.1:{}/{db}", self.port),
        }
    }

    /// The superuser's URL for database `postgres`, password included.
    pub fn superuser_url(&self) -> String {
        self.url("postgres", Some(SUPERUSER_PASSWORD), "postgres")
    }

    /// Runs `sql` with psql as the superuser over 127.0.0.1 in database
    /// `postgres`; returns what it printed (unaligned, tuples only, trimmed).
    /// Panics with psql's output when it fails: it is for tests.
    pub fn psql(&self, sql: &str) -> String {
        self.psql_in("postgres", sql)
    }

    /// [`Cluster::psql`] in database `db`.
    pub fn psql_in(&self, db: &str, sql: &str) -> String {
        let url = self.url("postgres", Some(SUPERUSER_PASSWORD), db);
        self.try_psql(&url, sql)
            .unwrap_or_else(|e| panic!("psql in {db}: {e}\nSQL: {sql}"))
    }

    /// Makes database `name`, owned by the superuser.
    pub fn create_database(&self, name: &str) {
        self.psql(&format!(
            "CREATE DATABASE \"{}\"",
            name.replace('"', "\"\"")
        ));
    }

    /// Stops the server (`pg_ctl stop -m fast`): clients see their
    /// connections closed and new ones refused. Keeps the data.
    pub fn stop(&self) {
        let data = self.dir.path().join("data");
        let _ = self.runner.server(
            "pg_ctl",
            &[
                "stop".as_ref(),
                "-D".as_ref(),
                data.as_os_str(),
                "-m".as_ref(),
                "fast".as_ref(),
                "-w".as_ref(),
            ],
        );
    }

    /// Starts the server again on the same data and the same port; returns
    /// once it answers a query over TCP.
    pub fn start_again(&self) -> Result<(), Error> {
        let data = self.dir.path().join("data");
        let log = self.log_path();
        let started = self.runner.server(
            "pg_ctl",
            &[
                "start".as_ref(),
                "-D".as_ref(),
                data.as_os_str(),
                "-l".as_ref(),
                log.as_os_str(),
                "-w".as_ref(),
                "-t".as_ref(),
                START_TIMEOUT.as_secs().to_string().as_ref(),
            ],
        );
        if let Err(e) = started {
            return Err(self.not_ready(e.to_string()));
        }
        self.wait_ready()
    }

    fn wait_ready(&self) -> Result<(), Error> {
        let deadline = Instant::now() + START_TIMEOUT;
        let url = self.superuser_url();
        loop {
            match self.try_psql(&url, "SELECT 1") {
                Ok(out) if out == "1" => return Ok(()),
                Ok(out) => return Err(self.not_ready(format!("SELECT 1 answered {out:?}"))),
                Err(e) if Instant::now() >= deadline => return Err(self.not_ready(e.to_string())),
                Err(_) => std::thread::sleep(Duration::from_millis(100)),
            }
        }
    }

    fn try_psql(&self, url: &str, sql: &str) -> Result<String, Error> {
        self.runner.client(
            "psql",
            &[
                "-X",
                "-q",
                "-A",
                "-t",
                "-v",
                "ON_ERROR_STOP=1",
                "-d",
                url,
                "-c",
                sql,
            ],
        )
    }

    fn not_ready(&self, why: String) -> Error {
        let log = std::fs::read_to_string(self.log_path()).unwrap_or_default();
        let lines: Vec<&str> = log.lines().collect();
        let tail = lines[lines.len().saturating_sub(30)..].join("\n");
        Error::NotReady {
            port: self.port,
            why,
            log_tail: tail,
        }
    }

    fn log_path(&self) -> PathBuf {
        self.dir.path().join("server.log")
    }

    /// Settings in postgresql.auto.conf, which wins over postgresql.conf.
    fn write_settings(&self) -> Result<(), Error> {
        let path = self.dir.path().join("data/postgresql.auto.conf");
        let socket = self.dir.path();
        let text = format!(
            "listen_addresses = '127.0.0.1'\nport = {}\nunix_socket_directories = '{}'\n\
             fsync = off\nsynchronous_commit = off\nfull_page_writes = off\n\
             max_connections = 60\n",
            self.port,
            socket.display()
        );
        std::fs::write(&path, text).map_err(|e| io("writing postgresql.auto.conf", e))?;
        self.runner.give_away(&path)
    }

    /// A shell that waits for this process's end (its stdin closing), then
    /// stops the server and removes the directory.
    fn spawn_reaper(&self) -> std::io::Result<Child> {
        use std::os::unix::process::CommandExt as _;
        let data = self.dir.path().join("data");
        let stop = self.runner.server_command_line("pg_ctl");
        let script = format!(
            "cat >/dev/null; {stop} stop -D '{}' -m immediate >/dev/null 2>&1; rm -rf '{}'",
            data.display(),
            self.dir.path().display()
        );
        Command::new("sh")
            .args(["-c", &script])
            .stdin(Stdio::piped())
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .process_group(0)
            .spawn()
    }
}

impl Drop for Cluster {
    fn drop(&mut self) {
        self.stop();
        // Closing the reaper's stdin lets it finish (and remove the directory
        // too, harmlessly after TempDir's own removal).
        if let Some(mut reaper) = self.reaper.take() {
            if let Some(mut stdin) = reaper.stdin.take() {
                let _ = stdin.flush();
            }
            let _ = reaper.wait();
        }
    }
}

fn free_port() -> Result<u16, Error> {
    let listener =
        TcpListener::bind("127.0.0.1:0").map_err(|e| io("finding a free port on 127.0.0.1", e))?;
    listener
        .local_addr()
        .map(|a| a.port())
        .map_err(|e| io("finding a free port on 127.0.0.1", e))
}

fn io(what: &str, source: std::io::Error) -> Error {
    Error::Io {
        what: what.to_owned(),
        source,
    }
}
