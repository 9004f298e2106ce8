//! The end-to-end harness: a private X server (Xvfb), a private D-Bus
//! session and `tauri-driver`, started per test process, so tests run in
//! parallel without sharing a display, a bus or a home directory.

#![allow(dead_code, unreachable_pub, clippy::print_stderr)]

pub mod decide;
pub mod environments;
pub mod ledger;
pub mod walk;
pub mod webdriver;

use std::io::{BufRead as _, BufReader};
use std::net::TcpListener;
use std::os::unix::process::CommandExt as _;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use serde_json::{Value, json};

pub use environments::EnvironmentsFile;
pub use webdriver::Session;

/// Types `prompt` into an emptied prompt box and presses Send.
pub async fn send(session: &Session, prompt: &str) {
    session.script("const p = document.getElementById('prompt'); p.value = ''; p.dispatchEvent(new Event('input'));", json!([])).await;
    session.type_into("#prompt", prompt).await;
    session.click("#send").await;
}

/// Waits for the run to end in `state` (`complete`, `failed`...).
pub async fn wait_for_end(session: &Session, state: &str) {
    session
        .wait_for(
            // The sections below an analysis's first screen follow it, laid out when idle.
            &format!(
                "document.body.dataset.running === 'false' && document.body.dataset.lastRun === '{state}' \
                 && document.body.dataset.analysisWhole !== 'false'"
            ),
            &format!("the run to end as {state}"),
            Duration::from_secs(60),
        )
        .await;
}

/// Chooses the built-in simulator's `scenario`, sends `prompt` and waits
/// for the run to end in `state`.
pub async fn run_scenario(session: &Session, scenario: &str, prompt: &str, state: &str) {
    session.select("#scenario", scenario).await;
    send(session, prompt).await;
    wait_for_end(session, state).await;
}

/// Saves `value` as the chosen environment's credential `kind`
/// (`bearer_token`, `aws_secret_access_key`...) through its row in the
/// credentials panel, and checks that it was saved.
pub async fn set_credential(session: &Session, kind: &str, value: &str) {
    session
        .script(
            "document.getElementById('cred-message').textContent = '';",
            json!([]),
        )
        .await;
    session.type_into(&format!("#cred-{kind}"), value).await;
    session
        .click(&format!(".cred-row[data-kind={kind}] button"))
        .await;
    // Saved, or refused with a message: either way, say which.
    let row = format!(".cred-row[data-kind={kind}]");
    session
        .wait_for(
            &format!(
                "document.querySelector('{row}').dataset.set === 'true' \
                 || /keyring|Type the/.test(document.getElementById('cred-message').textContent)"
            ),
            kind,
            Duration::from_secs(60),
        )
        .await;
    assert_eq!(
        session.data(&row, "set").await.as_deref(),
        Some("true"),
        "{kind} not saved: {}",
        session.text("#cred-message").await
    );
}

/// Everything the window holds: its HTML and the value of every input,
/// for searching for what must never come back to it.
pub async fn page_text(session: &Session) -> String {
    session
        .script(
            "return document.documentElement.outerHTML + [...document.querySelectorAll('input, textarea')].map((i) => i.value).join(' ');",
            json!([]),
        )
        .await
        .as_str()
        .unwrap()
        .to_owned()
}

/// Waits until the text of the element matching `css` includes `phrase`.
pub async fn wait_for_text(session: &Session, css: &str, phrase: &str) {
    session
        .wait_for(
            &format!(
                "document.querySelector({}).textContent.includes({})",
                json!(css),
                json!(phrase)
            ),
            phrase,
            Duration::from_secs(30),
        )
        .await;
}

/// The built-in simulator's URL, as the console lists it.
pub async fn sim_url(session: &Session) -> String {
    let environments = session
        .invoke("environments", json!({}))
        .await
        .expect("the environments");
    environments["environments"][0]["invoke_url"]
        .as_str()
        .expect("the simulator's URL")
        .to_owned()
}

/// The simulator's requests, as it recorded them.
pub async fn sim_requests(session: &Session) -> Vec<Value> {
    let url = sim_url(session).await;
    let log: Value = reqwest::get(format!("{url}__sim/requests"))
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    log.as_array().cloned().unwrap_or_default()
}

/// The analyses the simulator received: its `POST` requests.
pub async fn sim_posts(session: &Session) -> Vec<Value> {
    sim_requests(session)
        .await
        .into_iter()
        .filter(|r| r["method"] == "POST")
        .collect()
}

/// WebKit's switch for its compositing mode (`0` on, anything else off).
pub const COMPOSITING_VAR: &str = "WEBKIT_DISABLE_COMPOSITING_MODE";
/// Among a [`Desktop`]'s `env`: leave WebKit's compositing mode to the
/// console, as on a duty manager's machine, instead of keeping it on.
pub const CONSOLE_CHOOSES_RENDERING: (&str, &str) = ("E2E_CONSOLE_CHOOSES_RENDERING", "1");

/// What a fresh machine needs for these tests; `scripts/test` installs it.
const NEEDS: &str = "Run scripts/test once: it installs xvfb, webkit2gtk-driver, dbus, gnome-keyring and tauri-driver.";

/// The console binary under test: the one cargo built for these tests,
/// unless `SKYMARSHAL_CONSOLE_BIN` names another (a release build, for
/// the figures).
pub fn application() -> String {
    std::env::var("SKYMARSHAL_CONSOLE_BIN")
        .unwrap_or_else(|_| env!("CARGO_BIN_EXE_skymarshal-console").to_owned())
}

/// Xvfb, D-Bus and tauri-driver for one test process.
#[derive(Debug)]
pub struct Desktop {
    xvfb: Child,
    driver: Child,
    pub driver_url: String,
    pub home: PathBuf,
    pub shots: PathBuf,
    shot: usize,
}

fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

fn which(program: &str) -> bool {
    std::env::var_os("PATH")
        .map(|paths| std::env::split_paths(&paths).any(|dir| dir.join(program).is_file()))
        .unwrap_or(false)
}

/// Ends the driver's process group: the bus, the keyring, the driver,
/// WebKitWebDriver and any app it started.
fn end_driver(driver: &mut Child) {
    let _ = Command::new("kill")
        .args(["-TERM", "--", &format!("-{}", driver.id())])
        .status();
    let _ = driver.wait();
}

/// Starts tauri-driver (inside a D-Bus session of its own with an unlocked
/// keyring) on two free ports and waits for it to answer.
///
/// A port found free can be taken again before the driver binds it (by
/// another test, or as a connection's own port), and the driver then exits
/// at once. So an early exit is retried on fresh ports, up to three times;
/// a driver still silent after 60 s (a machine under load) fails with its
/// logs. A driver that failed leaves no process behind.
async fn start_driver(
    display: &str,
    home: &Path,
    runtime: &Path,
    env: &[(&str, &str)],
) -> Result<(Child, String), String> {
    for attempt in 1..=3 {
        let port = free_port();
        let native_port = loop {
            let native = free_port();
            if native != port {
                break native;
            }
        };
        let mut command = Command::new("dbus-run-session");
        command
            // An unlocked keyring of the test's own, then the driver.
            .args([
                "--",
                "sh",
                "-c",
                // With E2E_NO_KEYRING the app gets a bus address that leads
                // nowhere: a computer without a Secret Service.
                "if [ -n \"$E2E_NO_KEYRING\" ]; then \
                   export DBUS_SESSION_BUS_ADDRESS=unix:path=$XDG_RUNTIME_DIR/no-bus; \
                 else echo -n test | gnome-keyring-daemon --unlock --components=secrets >/dev/null; fi; \
                 exec tauri-driver --port \"$1\" --native-port \"$2\"",
                "driver",
                &port.to_string(),
                &native_port.to_string(),
            ])
            .env("DISPLAY", display)
            .env("HOME", home)
            .env("XDG_CONFIG_HOME", home.join(".config"))
            .env("XDG_DATA_HOME", home.join(".local/share"))
            .env("XDG_CACHE_HOME", home.join(".cache"))
            .env("XDG_RUNTIME_DIR", runtime)
            .env_remove("WAYLAND_DISPLAY")
            // The driver's and the app's output, for when a test fails.
            .stdout(std::fs::File::create(home.join("driver.log")).unwrap())
            .stderr(std::fs::File::create(home.join("driver.err.log")).unwrap())
            .process_group(0);
        // WebKitWebDriver's screenshots never return with WebKit's
        // compositing mode off (WebKitGTK 2.50), which the console chooses
        // itself on a machine without a GPU (src/rendering.rs): the window
        // tests keep it on, unless a test asks for the console's own choice
        // (the figures) or sets it.
        if env
            .iter()
            .any(|(key, _)| *key == CONSOLE_CHOOSES_RENDERING.0)
        {
            command.env_remove(COMPOSITING_VAR);
        } else {
            command.env(COMPOSITING_VAR, "0");
        }
        for (key, value) in env {
            command.env(key, value);
        }
        let mut driver = command.spawn().unwrap();
        let driver_url = format!("http://127.0.0.1:{port}");
        let started = Instant::now();
        let logs = || {
            ["driver.log", "driver.err.log"]
                .map(|log| std::fs::read_to_string(home.join(log)).unwrap_or_default())
                .join("\n")
        };
        loop {
            if reqwest::get(format!("{driver_url}/status")).await.is_ok() {
                return Ok((driver, driver_url));
            }
            if let Some(status) = driver.try_wait().unwrap() {
                // What the session started (the keyring) may outlive it.
                end_driver(&mut driver);
                if attempt == 3 {
                    return Err(format!(
                        "tauri-driver exited ({status}) three times on start. {NEEDS}\n{}",
                        logs()
                    ));
                }
                eprintln!(
                    "tauri-driver exited ({status}) on start; again on other ports:\n{}",
                    logs()
                );
                break;
            }
            if started.elapsed() > Duration::from_secs(60) {
                end_driver(&mut driver);
                return Err(format!(
                    "tauri-driver did not answer in 60 s. {NEEDS}\n{}",
                    logs()
                ));
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
    }
    unreachable!("the third attempt returns or fails")
}

impl Desktop {
    /// Starts the pieces. `env` is passed to the app (through the driver,
    /// which starts it). `name` names the screenshot folder.
    pub async fn start(name: &str, env: &[(&str, &str)]) -> Self {
        for program in [
            "Xvfb",
            "dbus-run-session",
            "gnome-keyring-daemon",
            "tauri-driver",
            "WebKitWebDriver",
        ] {
            assert!(which(program), "{program} is not installed. {NEEDS}");
        }
        let target = Path::new(env!("CARGO_MANIFEST_DIR")).join("../target");
        let home = target
            .join("e2e-home")
            .join(format!("{name}-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&home);
        let runtime = home.join("run");
        std::fs::create_dir_all(&runtime).unwrap();
        let shots = target.join("e2e-screenshots").join(name);
        let _ = std::fs::remove_dir_all(&shots);
        std::fs::create_dir_all(&shots).unwrap();

        // Xvfb picks a free display and tells us which. `E2E_SCREEN`
        // (`WIDTHxHEIGHT`) among `env` sets the screen's size.
        let screen = env
            .iter()
            .find(|(key, _)| *key == "E2E_SCREEN")
            .map_or("1440x960", |(_, size)| *size);
        let mut xvfb = Command::new("Xvfb")
            .args([
                "-displayfd",
                "1",
                "-screen",
                "0",
                &format!("{screen}x24"),
                "-nolisten",
                "tcp",
            ])
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        let mut line = String::new();
        BufReader::new(xvfb.stdout.take().unwrap())
            .read_line(&mut line)
            .unwrap();
        let display = format!(":{}", line.trim());

        let (driver, driver_url) = match start_driver(&display, &home, &runtime, env).await {
            Ok(started) => started,
            Err(why) => {
                let _ = xvfb.kill();
                let _ = xvfb.wait();
                panic!("{why}");
            }
        };
        Self {
            xvfb,
            driver,
            driver_url,
            home,
            shots,
            shot: 0,
        }
    }

    /// Starts the pieces, as [`start`](Self::start), with `file` as the
    /// user's environments file.
    pub async fn with_environments(
        name: &str,
        env: &[(&str, &str)],
        file: &EnvironmentsFile,
    ) -> Self {
        let desktop = Self::start(name, env).await;
        let path = desktop.environments_path();
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(&path, file.toml()).unwrap();
        desktop
    }

    /// Where the console reads the user's environments file.
    pub fn environments_path(&self) -> PathBuf {
        self.home.join(".config/skymarshal/environments.toml")
    }

    /// Opens the console (a new process) and waits for its window to be ready.
    pub async fn open(&self) -> (Session, Duration) {
        self.open_app(&application()).await
    }

    /// Opens the console binary at `path` and waits for its window.
    pub async fn open_app(&self, path: &str) -> (Session, Duration) {
        let started = Instant::now();
        let session = Session::start(&self.driver_url, path).await;
        session
            .wait_for(
                "document.body.dataset.ready === 'true'",
                "the window to be ready",
                Duration::from_secs(30),
            )
            .await;
        // The console's window opens hidden and is shown with its first
        // screen built (src/window.rs).
        session
            .wait_for(
                "document.visibilityState === 'visible'",
                "the window to be shown",
                Duration::from_secs(30),
            )
            .await;
        (session, started.elapsed())
    }

    /// What the consoles opened on this desktop wrote to their log files.
    pub fn console_log(&self) -> String {
        let dir = self.home.join(".local/state/skymarshal/logs");
        let mut files: Vec<_> = std::fs::read_dir(dir)
            .map(|entries| entries.flatten().map(|entry| entry.path()).collect())
            .unwrap_or_default();
        files.sort();
        files
            .iter()
            .map(|file| std::fs::read_to_string(file).unwrap_or_default())
            .collect()
    }

    /// Saves a screenshot as `NN-step.png`.
    pub async fn shoot(&mut self, session: &Session, step: &str) {
        // Let the page paint what the test just changed: a screenshot is
        // the last painted frame, not the DOM.
        session
            .script_async(
                "const done = arguments[arguments.length - 1];\
                 requestAnimationFrame(() => requestAnimationFrame(() => done(true)));",
                serde_json::json!([]),
            )
            .await;
        self.shot += 1;
        let path = self.shots.join(format!("{:02}-{step}.png", self.shot));
        std::fs::write(&path, session.screenshot().await).unwrap();
        let leaks = words_of_code(session).await;
        assert!(
            leaks.is_empty(),
            "after step {step} ({}), the window says what only code says:\n{}",
            path.display(),
            leaks.join("\n")
        );
    }
}

/// Every text in the window (text nodes, and the attributes people read or
/// hear: `aria-label`, `title`, `placeholder`, `alt`, a control's `value`)
/// that reads `null`, `undefined`, `NaN` or `[object Object]`, each with its
/// element's path. What the JavaScript wrote, never what the server said:
/// the raw events' JSON (`[data-raw-json]`) is the one place `null` belongs.
pub async fn words_of_code(session: &Session) -> Vec<String> {
    let found = session
        .script(
            "const bad = /\\b(null|undefined|NaN)\\b|\\[object \\w+\\]/;\
             const where = (e) => { const parts = []; for (let n = e; n && n.nodeType === 1 && parts.length < 8; n = n.parentElement) {\
               let p = n.localName + (n.id ? '#' + n.id : '') + [...n.classList].slice(0, 3).map((c) => '.' + c).join('');\
               if (n.dataset && n.dataset.path) p += `[data-path=\"${n.dataset.path}\"]`;\
               parts.unshift(p); } return parts.join(' > '); };\
             const excerpt = (t, m) => JSON.stringify(t.slice(Math.max(0, m.index - 40), m.index + m[0].length + 40));\
             const out = [];\
             const walker = document.createTreeWalker(document.documentElement, NodeFilter.SHOW_TEXT);\
             for (let n = walker.nextNode(); n && out.length < 20; n = walker.nextNode()) {\
               const e = n.parentElement;\
               if (!e || e.closest('script, style, [data-raw-json]')) continue;\
               const m = bad.exec(n.data);\
               if (m) out.push(`${where(e)}: text ${excerpt(n.data, m)}`);\
             }\
             for (const e of document.querySelectorAll('*')) {\
               if (out.length >= 20 || e.closest('[data-raw-json]')) continue;\
               for (const name of ['aria-label', 'aria-description', 'title', 'placeholder', 'alt']) {\
                 const v = e.getAttribute(name); const m = v === null ? null : bad.exec(v);\
                 if (m) out.push(`${where(e)}: ${name} ${excerpt(v, m)}`);\
               }\
               if (e.matches('input:not([type=password]), select, option, button')) {\
                 const m = bad.exec(e.value ?? '');\
                 if (m) out.push(`${where(e)}: value ${excerpt(e.value, m)}`);\
               }\
             }\
             return out;",
            json!([]),
        )
        .await;
    found
        .as_array()
        .expect("the check answers a list")
        .iter()
        .map(|v| v.as_str().unwrap_or_default().to_owned())
        .collect()
}

impl Drop for Desktop {
    fn drop(&mut self) {
        if std::thread::panicking() {
            // Show what the driver, WebKit and the app said before the failure.
            for log in ["driver.log", "driver.err.log"] {
                let text = std::fs::read_to_string(self.home.join(log)).unwrap_or_default();
                let tail: Vec<&str> = text.lines().rev().take(40).collect();
                eprintln!("--- last lines of {log} ---");
                for line in tail.into_iter().rev() {
                    eprintln!("{line}");
                }
            }
        }
        end_driver(&mut self.driver);
        let _ = self.xvfb.kill();
        let _ = self.xvfb.wait();
    }
}
