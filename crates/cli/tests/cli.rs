//! The `skymarshal` binary as a user runs it, against the simulator on
//! loopback: exit codes, what goes to stdout and what to stderr.

use std::io::{BufRead as _, BufReader};
use std::process::{Command, Output, Stdio};

use base64::Engine as _;
use skymarshal_sim::{SimConfig, Simulator};

const BIN: &str = env!("CARGO_BIN_EXE_skymarshal");
const PROMPT: &str = "Flight EY123 delayed 2 hours due to weather";

async fn simulator() -> Simulator {
    Simulator::start(SimConfig::instant()).await.unwrap()
}

async fn skymarshal(args: Vec<String>) -> Output {
    tokio::task::spawn_blocking(move || Command::new(BIN).args(args).output().unwrap())
        .await
        .unwrap()
}

fn args(list: &[&str]) -> Vec<String> {
    list.iter().map(|s| (*s).to_owned()).collect()
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

#[tokio::test]
async fn analyze_exit_codes_and_messages() {
    let sim = simulator().await;
    // (query, prompt, exit code, phrase on stderr)
    let table = [
        ("scenario=ok", PROMPT, 0, "complete"),
        ("scenario=api-gateway", PROMPT, 4, "Lambda Function URL"),
        // `--endpoint` sends no credentials: never told they have expired.
        ("scenario=expired-token", PROMPT, 5, "sends no credentials"),
        ("scenario=lambda-429", PROMPT, 6, "wait a minute"),
        ("scenario=error-event", PROMPT, 7, "STREAMING_ERROR"),
        (
            "scenario=http-504",
            PROMPT,
            8,
            "Agent analysis exceeded timeout",
        ),
        ("scenario=no-complete", PROMPT, 9, "may still be running"),
        ("scenario=proxy-html", PROMPT, 11, "502 Bad Gateway"),
        ("scenario=ok", "too short", 3, "at least 10 characters"),
    ];
    for (query, prompt, code, phrase) in table {
        let out = skymarshal(args(&[
            "analyze",
            "--endpoint",
            &sim.url_with(query),
            prompt,
        ]))
        .await;
        let stderr = text(&out.stderr);
        assert_eq!(out.status.code(), Some(code), "{query}: {stderr}");
        assert!(stderr.contains(phrase), "{query}: {stderr}");
    }
    // The short prompt was refused before sending.
    assert_eq!(sim.posts(), table.len() - 1);
}

#[tokio::test]
async fn analyze_prints_the_decision_and_the_session_to_continue() {
    let sim = simulator().await;
    let out = skymarshal(args(&[
        "analyze",
        "--endpoint",
        &sim.url_with("fixture=1"),
        PROMPT,
    ]))
    .await;
    assert!(out.status.success(), "{}", text(&out.stderr));
    let stdout = text(&out.stdout);
    for phrase in [
        "DECISION (confidence 92%)",
        "RECOMMENDED: option 1 - Aircraft Swap - Maintain Schedule",
        "composite 93  safety 95",
        "option 2 - Aircraft Swap with Controlled Delay (composite 75.2)",
        "--session ",
    ] {
        assert!(stdout.contains(phrase), "missing {phrase:?} in:\n{stdout}");
    }
    let stderr = text(&out.stderr);
    assert!(stderr.contains("accepted: request"), "{stderr}");

    // The printed session continues on the server.
    let session = stdout
        .rsplit("--session ")
        .next()
        .unwrap()
        .trim()
        .to_owned();
    let out = skymarshal(args(&[
        "analyze",
        "--endpoint",
        &sim.url_with("fixture=3"),
        "--session",
        &session,
        "What if the spare aircraft is also unavailable?",
    ]))
    .await;
    assert!(out.status.success());
    assert!(text(&out.stdout).contains("WARNING: Arbitrator could not generate custom solutions"));
    assert_eq!(
        sim.requests()[1].session_id.as_deref(),
        Some(session.as_str())
    );
}

#[tokio::test]
async fn analyze_json_prints_one_event_per_line() {
    let sim = simulator().await;
    let out = skymarshal(args(&[
        "analyze",
        "--json",
        "--endpoint",
        &sim.url_with("scenario=malformed-json"),
        PROMPT,
    ]))
    .await;
    assert!(out.status.success(), "{}", text(&out.stderr));
    let types: Vec<String> = text(&out.stdout)
        .lines()
        .map(|line| {
            let value: serde_json::Value = serde_json::from_str(line).expect("each line is JSON");
            value["type"].as_str().unwrap().to_owned()
        })
        .collect();
    assert_eq!(types, ["metadata", "unparsed", "chunk", "complete"]);
    assert!(text(&out.stderr).contains("warning: event 1 was not understood"));
}

#[tokio::test]
async fn inspect_shows_the_head_and_the_raw_events() {
    let sim = simulator().await;
    let out = skymarshal(args(&[
        "inspect",
        "--endpoint",
        &sim.url_with("scenario=crlf"),
    ]))
    .await;
    assert!(out.status.success(), "{}", text(&out.stderr));
    let stderr = text(&out.stderr);
    assert!(
        stderr.contains("HTTP 200") && stderr.contains("content-type: text/event-stream"),
        "{stderr}"
    );
    let lines: Vec<serde_json::Value> = text(&out.stdout)
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(lines.len(), 3);
    assert!(
        lines
            .iter()
            .all(|l| l["event"] == "message" && l["id"] == "")
    );

    let bad = skymarshal(args(&[
        "inspect",
        "--endpoint",
        &sim.url(),
        "--body",
        r#"{"prompt": 1}"#,
    ]))
    .await;
    assert_eq!(bad.status.code(), Some(3));
    assert!(text(&bad.stderr).contains("Field 'prompt' must be a string"));
}

#[tokio::test]
async fn inspect_file_matches_the_conformance_cases() {
    #[derive(serde::Deserialize)]
    struct Case {
        name: String,
        stream_b64: String,
        expected: Vec<serde_json::Value>,
    }
    let cases: Vec<Case> =
        serde_json::from_str(include_str!("../../sse/tests/data/sse-conformance.json")).unwrap();
    let dir = std::env::temp_dir().join(format!("skymarshal-inspect-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    for case in cases {
        let path = dir.join(&case.name);
        let bytes = base64::engine::general_purpose::STANDARD
            .decode(&case.stream_b64)
            .unwrap();
        std::fs::write(&path, bytes).unwrap();
        let out = skymarshal(vec![
            "inspect".into(),
            "--file".into(),
            path.display().to_string(),
        ])
        .await;
        assert!(out.status.success(), "{}", case.name);
        let got: Vec<serde_json::Value> = text(&out.stdout)
            .lines()
            .map(|l| serde_json::from_str(l).unwrap())
            .collect();
        assert_eq!(got, case.expected, "{}", case.name);
    }
    let _ = std::fs::remove_dir_all(dir);
}

#[tokio::test]
async fn sim_prints_its_url_and_serves_analyses() {
    let mut child = Command::new(BIN)
        .args(["sim", "--port", "0", "--delay-ms", "0"])
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let stdout = child.stdout.take().unwrap();
    let url = tokio::task::spawn_blocking(move || {
        let mut line = String::new();
        BufReader::new(stdout).read_line(&mut line).unwrap();
        line.trim().to_owned()
    })
    .await
    .unwrap();
    assert!(url.starts_with("http://127.0.0.1:"), "{url}");
    let out = skymarshal(args(&["analyze", "--endpoint", &url, PROMPT])).await;
    child.kill().unwrap();
    let _ = child.wait();
    assert!(out.status.success(), "{}", text(&out.stderr));
}

#[tokio::test]
async fn version_and_usage_errors() {
    let out = skymarshal(args(&["--version"])).await;
    assert!(text(&out.stdout).starts_with("skymarshal "));
    let out = skymarshal(args(&["analyze", "--endpoint", "ftp://x/", PROMPT])).await;
    assert_eq!(out.status.code(), Some(4));
    assert!(text(&out.stderr).contains("only http and https"));
    let out = skymarshal(args(&[
        "analyze",
        "--endpoint",
        "http://127.0.0.1:1/",
        "--timeout",
        "0",
        PROMPT,
    ]))
    .await;
    assert_eq!(out.status.code(), Some(1));
    assert!(text(&out.stderr).contains("--timeout must be a positive number"));
}

/// Runs `skymarshal` with its environments file, history and logs in
/// `dir` (an analysis on an environment is recorded in the history).
async fn skymarshal_in(dir: &std::path::Path, args: Vec<String>) -> Output {
    let dir = dir.to_owned();
    tokio::task::spawn_blocking(move || {
        Command::new(BIN)
            .args(args)
            .env("SKYMARSHAL_CONFIG_DIR", &dir)
            .env("SKYMARSHAL_DATA_DIR", &dir)
            .env("SKYMARSHAL_LOG_DIR", dir.join("logs"))
            .env_remove("SKYMARSHAL_ORG_ENVIRONMENTS")
            // The AWS default chain sees no keys of this machine's own.
            .env("AWS_CONFIG_FILE", dir.join("no-aws-config"))
            .env(
                "AWS_SHARED_CREDENTIALS_FILE",
                dir.join("no-aws-credentials"),
            )
            .env_remove("AWS_ACCESS_KEY_ID")
            .env_remove("AWS_PROFILE")
            .output()
            .unwrap()
    })
    .await
    .unwrap()
}

#[tokio::test]
async fn environments_are_listed_and_used_by_name() {
    let sim = simulator().await;
    let dir = std::env::temp_dir().join(format!("skymarshal-cli-envs-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    // First run: the documented file is created, and nothing is configured.
    let out = skymarshal_in(&dir, args(&["envs"])).await;
    assert!(out.status.success());
    assert!(text(&out.stdout).contains("No environment is configured yet"));
    assert!(
        std::fs::read_to_string(dir.join("environments.toml"))
            .unwrap()
            .contains("[[environment]]")
    );

    let file = format!(
        "[[environment]]\nname = \"training\"\ninvoke_url = \"{}\"\n\n[[environment]]\nname = \"prod\"\ninvoke_url = \"https://x.lambda-url.me-central-1.on.aws/\"\nregion = \"me-central-1\"\nproduction = true\nauth = \"aws_sigv4\"\n\n[[environment]]\nname = \"typo\"\ninvoke_ur = \"x\"\n",
        sim.url()
    );
    std::fs::write(dir.join("environments.toml"), file).unwrap();
    let out = skymarshal_in(&dir, args(&["envs"])).await;
    let listing = text(&out.stdout);
    assert!(
        listing.contains("training") && listing.contains("prod"),
        "{listing}"
    );
    assert!(
        text(&out.stderr).contains("line 14: unknown key \"invoke_ur\""),
        "{}",
        text(&out.stderr)
    );

    let out = skymarshal_in(&dir, args(&["analyze", "--env", "training", PROMPT])).await;
    assert!(out.status.success(), "{}", text(&out.stderr));
    assert!(text(&out.stdout).contains("DECISION"));
    assert_eq!(sim.posts(), 1);

    let out = skymarshal_in(&dir, args(&["analyze", "--env", "nowhere", PROMPT])).await;
    assert_eq!(out.status.code(), Some(4));
    assert!(text(&out.stderr).contains("known: training, prod"));
    // Without keys in the keyring and none in the AWS default chain
    // (or with a keyring that cannot be read), nothing is sent.
    let out = skymarshal_in(&dir, args(&["analyze", "--env", "prod", PROMPT])).await;
    let stderr = text(&out.stderr);
    assert!(matches!(out.status.code(), Some(5 | 23)), "{stderr}");
    assert!(
        stderr.contains("No AWS credentials") || stderr.contains("keyring"),
        "{stderr}"
    );
    assert_eq!(sim.posts(), 1, "nothing else was sent");
    let _ = std::fs::remove_dir_all(&dir);
}

#[tokio::test]
async fn credentials_go_into_the_keyring_and_never_come_out() {
    let dir = std::env::temp_dir().join(format!("skymarshal-cli-login-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(dir.join("run")).unwrap();
    std::fs::write(
        dir.join("environments.toml"),
        "[[environment]]\nname = \"staging\"\ninvoke_url = \"https://a.lambda-url.eu-west-1.on.aws/\"\nauth = \"bearer\"\n\n\
         [[environment]]\nname = \"aws\"\ninvoke_url = \"https://b.lambda-url.eu-west-1.on.aws/\"\nregion = \"eu-west-1\"\nauth = \"aws_sigv4\"\n",
    )
    .unwrap();
    // Each step prints a marker, then the command's output and exit code.
    let script = r#"
        echo -n test | gnome-keyring-daemon --unlock --components=secrets >/dev/null
        step() { echo "== $1"; shift; "$@" 2>&1; echo "rc=$?"; }
        step login-bearer sh -c 'printf CANARY-bearer-1234 | "$BIN" login --env staging'
        step status-bearer "$BIN" credentials --env staging
        step doctor-set "$BIN" doctor --env staging
        step bundle sh -c 'RUST_LOG=trace "$BIN" doctor --env staging >/dev/null 2>&1; "$BIN" doctor --bundle'
        step login-aws-id sh -c 'printf AKIACANARYWXYZ | "$BIN" login --env aws --kind aws_access_key_id'
        step login-aws-no-kind sh -c 'printf x | "$BIN" login --env aws'
        step status-aws "$BIN" credentials --env aws
        step analyze-aws-half "$BIN" analyze --env aws "Flight EY123 delayed 2 hours"
        step logout "$BIN" logout --env staging
        step status-after "$BIN" credentials --env staging
        step doctor-unset "$BIN" doctor --env staging
        step login-empty sh -c 'printf "" | "$BIN" login --env staging'
        # The same keyring, restarted locked: nobody is there to unlock it.
        gnome-keyring-daemon --replace --components=secrets >/dev/null 2>&1 &
        sleep 1
        step locked "$BIN" credentials --env aws
        # A Secret Service that never answers: the call gives up, says so,
        # and the program still exits.
        pid=$(pgrep -x gnome-keyring-d)
        kill -STOP $pid
        step hung timeout 30 "$BIN" credentials --env staging
        kill -CONT $pid
        kill $pid
    "#;
    let dir2 = dir.clone();
    let out = tokio::task::spawn_blocking(move || {
        Command::new("dbus-run-session")
            .args(["--", "sh", "-c", script])
            .env("BIN", BIN)
            .env("HOME", &dir2)
            .env("XDG_RUNTIME_DIR", dir2.join("run"))
            .env("XDG_DATA_HOME", dir2.join("data"))
            .env("SKYMARSHAL_CONFIG_DIR", &dir2)
            .env(
                "SKYMARSHAL_KEYRING_SERVICE",
                "aero.skymarshal.console.cli-test",
            )
            .output()
            .unwrap()
    })
    .await
    .unwrap();
    let all = text(&out.stdout);
    let step = |name: &str| -> String {
        let start = all
            .find(&format!("== {name}\n"))
            .unwrap_or_else(|| panic!("no step {name} in {all}"));
        let rest = &all[start + name.len() + 4..];
        rest[..rest.find("\n== ").unwrap_or(rest.len())].to_owned()
    };
    assert!(
        step("login-bearer").contains("Stored bearer_token for staging")
            && step("login-bearer").contains("rc=0"),
        "{all}"
    );
    assert!(step("status-bearer").contains("bearer_token: set"), "{all}");
    assert!(step("login-aws-id").contains("rc=0"), "{all}");
    assert!(
        step("login-aws-no-kind").contains("run login once with --kind aws_access_key_id"),
        "{all}"
    );
    assert!(step("login-aws-no-kind").contains("rc=5"), "{all}");
    assert!(
        step("status-aws").contains("aws_access_key_id: set (…WXYZ)"),
        "{all}"
    );
    assert!(
        step("status-after").contains("no credential is set"),
        "{all}"
    );
    assert!(
        step("doctor-set").contains("the bearer token is in the keyring"),
        "{all}"
    );
    assert!(
        step("doctor-unset").contains("No bearer token is set")
            && step("doctor-unset").contains("rc=2"),
        "{all}"
    );
    assert!(
        step("login-empty").contains("it is empty") && step("login-empty").contains("rc=5"),
        "{all}"
    );
    assert!(
        step("locked").contains("The keyring is locked. Unlock it")
            && step("locked").contains("rc=5"),
        "{all}"
    );
    assert!(
        step("hung").contains("did not answer within 5 s") && step("hung").contains("rc=5"),
        "{all}"
    );
    let bundle = step("bundle");
    for part in [
        "## Environments (no secrets)",
        "- staging: https://a.lambda-url",
        "auth bearer",
        "## Recent log lines",
        "cli.",
        "rc=0",
    ] {
        assert!(bundle.contains(part), "{part} in {bundle}");
    }
    assert!(
        bundle.lines().count() > 20,
        "the trace log lines are in the bundle: {bundle}"
    );
    assert!(!all.contains("CANARY"), "a secret was printed: {all}");
    let _ = std::fs::remove_dir_all(&dir);
}

#[tokio::test]
async fn doctor_checks_without_sending_and_environments_travel_by_export() {
    let sim = simulator().await;
    let closed = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let dir = std::env::temp_dir().join(format!("skymarshal-cli-doctor-{}", std::process::id()));
    let other = dir.join("other");
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&other).unwrap();
    let (url, health) = (sim.url(), sim.health_url());
    std::fs::write(
        dir.join("environments.toml"),
        format!(
            "[[environment]]\nname = \"local\"\ninvoke_url = \"{url}\"\nhealth_url = \"{health}\"\n\n\
             [[environment]]\nname = \"sick\"\ninvoke_url = \"{url}\"\nhealth_url = \"{health}?health=unhealthy\"\n\n\
             [[environment]]\nname = \"down\"\ninvoke_url = \"http://127.0.0.1:{closed}/\"\n"
        ),
    )
    .unwrap();

    let out = skymarshal_in(&dir, args(&["doctor", "--env", "local"])).await;
    let stdout = text(&out.stdout);
    assert_eq!(out.status.code(), Some(0), "{stdout}{}", text(&out.stderr));
    assert!(stdout.starts_with("local  ok"), "{stdout}");
    assert!(
        stdout.contains("healthy (HTTP 200)") && stdout.contains("plain http"),
        "{stdout}"
    );

    let out = skymarshal_in(&dir, args(&["doctor"])).await;
    let stdout = text(&out.stdout);
    assert_eq!(out.status.code(), Some(2), "{stdout}");
    assert!(
        stdout.contains("sick  FAILED") && stdout.contains("down  FAILED"),
        "{stdout}"
    );
    assert!(stdout.contains("could not connect"), "{stdout}");

    let out = skymarshal_in(&dir, args(&["doctor", "--json", "--env", "sick"])).await;
    let reports: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(reports[0]["verdict"], "failed");
    assert_eq!(reports[0]["health"]["status"], "unhealthy");
    assert_eq!(sim.posts(), 0, "doctor never starts an analysis");

    let out = skymarshal_in(&dir, args(&["envs", "export", "local", "sick"])).await;
    assert!(out.status.success(), "{}", text(&out.stderr));
    let exported = dir.join("exported.toml");
    std::fs::write(&exported, &out.stdout).unwrap();
    let path = exported.to_string_lossy().into_owned();
    let out = skymarshal_in(&other, args(&["envs", "import", &path])).await;
    assert!(out.status.success(), "{}", text(&out.stderr));
    assert!(text(&out.stdout).contains("Added local, sick"));
    let out = skymarshal_in(&other, args(&["envs", "import", &path])).await;
    assert_eq!(out.status.code(), Some(3));
    assert!(
        text(&out.stderr).contains("Nothing was imported")
            && text(&out.stderr).contains("already exists")
    );
    let out = skymarshal_in(&dir, args(&["envs", "export", "nowhere"])).await;
    assert_eq!(out.status.code(), Some(3));
    let _ = std::fs::remove_dir_all(&dir);
}

#[tokio::test]
async fn analyze_json_prints_a_repaired_event_as_read() {
    let sim = simulator().await;
    let out = skymarshal(args(&[
        "analyze",
        "--json",
        "--endpoint",
        &sim.url_with("scenario=nan-in-analysis"),
        PROMPT,
    ]))
    .await;
    assert!(out.status.success(), "{}", text(&out.stderr));
    let lines: Vec<serde_json::Value> = text(&out.stdout)
        .lines()
        .map(|line| serde_json::from_str(line).expect("each line is JSON"))
        .collect();
    let types: Vec<&str> = lines.iter().map(|l| l["type"].as_str().unwrap()).collect();
    assert_eq!(types, ["metadata", "chunk", "complete"]);
    let option = &lines[1]["data"]["final_decision"]["solution_options"][0];
    assert_eq!(option["composite_score"], serde_json::Value::Null);
    assert!(option["safety_score"].is_number(), "{option}");
    assert!(text(&out.stderr).contains("composite_score was not a number"));
}
