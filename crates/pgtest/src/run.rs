//! Where PostgreSQL's programs are and how they are run: the server's
//! programs (initdb, pg_ctl) as `postgres` when this process is root, since
//! the server refuses root; clients (psql) directly.

use std::ffi::OsStr;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use crate::Error;

#[derive(Debug)]
pub(crate) struct Runner {
    bindir: PathBuf,
    /// `postgres`'s uid and gid when this process is root.
    as_postgres: Option<(u32, u32)>,
}

impl Runner {
    /// `PG_BINDIR`, else the newest /usr/lib/postgresql/N/bin, else
    /// `pg_config --bindir`.
    pub(crate) fn find() -> Result<Runner, Error> {
        let bindir = bindir().ok_or(Error::NotInstalled)?;
        let as_postgres = if id(&["-u"])? == 0 {
            Some((id(&["-u", "postgres"])?, id(&["-g", "postgres"])?))
        } else {
            None
        };
        Ok(Runner {
            bindir,
            as_postgres,
        })
    }

    /// Makes `path` the server's when the server runs as `postgres`.
    pub(crate) fn give_away(&self, path: &Path) -> Result<(), Error> {
        if let Some((uid, gid)) = self.as_postgres {
            std::os::unix::fs::chown(path, Some(uid), Some(gid)).map_err(|source| Error::Io {
                what: format!("giving {} to the postgres user", path.display()),
                source,
            })?;
        }
        Ok(())
    }

    /// Runs one of the server's programs; its output when it succeeds.
    pub(crate) fn server<S: AsRef<OsStr>>(
        &self,
        program: &str,
        args: &[S],
    ) -> Result<String, Error> {
        let mut command = match self.as_postgres {
            Some(_) => {
                let mut c = Command::new("runuser");
                c.args(["-u", "postgres", "--"])
                    .arg(self.bindir.join(program));
                c
            }
            None => Command::new(self.bindir.join(program)),
        };
        // The server's programs must not inherit a working directory the
        // postgres user cannot enter (root's home).
        command.current_dir("/").args(args);
        finish(program, command.output())
    }

    /// The shell words that run one of the server's programs (for the reaper).
    pub(crate) fn server_command_line(&self, program: &str) -> String {
        let path = self.bindir.join(program);
        match self.as_postgres {
            Some(_) => format!("runuser -u postgres -- '{}'", path.display()),
            None => format!("'{}'", path.display()),
        }
    }

    /// Runs a client program as this process; its output, trimmed.
    pub(crate) fn client(&self, program: &str, args: &[&str]) -> Result<String, Error> {
        let mut command = Command::new(self.bindir.join(program));
        command.args(args);
        finish(program, command.output()).map(|out| out.trim().to_owned())
    }
}

fn finish(program: &str, output: std::io::Result<Output>) -> Result<String, Error> {
    let output = output.map_err(|source| Error::Io {
        what: format!("running {program}"),
        source,
    })?;
    let stdout = String::from_utf8_lossy(&output.stdout).into_owned();
    if output.status.success() {
        Ok(stdout)
    } else {
        Err(Error::Command {
            what: program.to_owned(),
            status: output.status.to_string(),
            output: format!("{stdout}{}", String::from_utf8_lossy(&output.stderr))
                .trim()
                .to_owned(),
        })
    }
}

fn bindir() -> Option<PathBuf> {
    if let Some(dir) = std::env::var_os("PG_BINDIR") {
        return Some(PathBuf::from(dir));
    }
    let newest = std::fs::read_dir("/usr/lib/postgresql")
        .ok()
        .into_iter()
        .flatten()
        .filter_map(|entry| {
            let entry = entry.ok()?;
            let major: u32 = entry.file_name().to_str()?.parse().ok()?;
            let bin = entry.path().join("bin");
            bin.join("initdb").exists().then_some((major, bin))
        })
        .max_by_key(|(major, _)| *major)
        .map(|(_, bin)| bin);
    newest.or_else(|| {
        let out = Command::new("pg_config").arg("--bindir").output().ok()?;
        let dir = PathBuf::from(String::from_utf8(out.stdout).ok()?.trim());
        dir.join("initdb").exists().then_some(dir)
    })
}

fn id(args: &[&str]) -> Result<u32, Error> {
    let mut command = Command::new("id");
    command.args(args);
    let out = finish("id", command.output())?;
    out.trim().parse().map_err(|_| Error::Command {
        what: format!("id {}", args.join(" ")),
        status: "unexpected output".to_owned(),
        output: out,
    })
}
