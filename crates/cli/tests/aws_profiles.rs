//! AWS profiles with a private `HOME`: each row writes `~/.aws/config`,
//! `credentials`, a `credential_process` script or an SSO token cache,
//! then runs the `skymarshal` binary with only that environment (aws-config
//! reads `HOME` and `AWS_*` from the process, so each case is a process of
//! its own) against a simulator that checks the SigV4 signature and the
//! session token as the deployment would. A refusal must send nothing
//! (the simulator's request log), and no secret from the files or the
//! process output may appear on stdout, stderr or in the log files.

mod aws_home;

use aws_home::{
    Home, PROCESS_ID, PROMPT, Process, REGION, SSO_TOKEN, STATIC_ID, STATIC_SECRET, Setup,
    assert_no_canary, demand, setup, text,
};
use skymarshal_sim::{SimConfig, Simulator};

#[tokio::test(flavor = "multi_thread")]
async fn with_no_profile_named_the_default_chain_signs() {
    let sim = Simulator::start(SimConfig {
        auth: demand(Setup::StaticKeys),
        ..SimConfig::instant()
    })
    .await
    .unwrap();
    // (case, environment variables, default profile, exit code, requests)
    let rows: [(&str, bool, bool, i32, usize); 3] = [
        ("environment variables", true, false, 0, 1),
        ("the default profile", false, true, 0, 2),
        ("nothing at all", false, false, 23, 2),
    ];
    for (case, variables, default_profile, code, requests) in rows {
        let home = Home::new(None, &sim.url());
        if default_profile {
            home.append(
                ".aws/credentials",
                &format!(
                    "[default]\naws_access_key_id = {STATIC_ID}\naws_secret_access_key = {STATIC_SECRET}\n"
                ),
            );
        }
        let mut command = home.command(&["analyze", "--env", "iam", "--no-record", PROMPT]);
        if variables {
            command
                .env("AWS_ACCESS_KEY_ID", STATIC_ID)
                .env("AWS_SECRET_ACCESS_KEY", STATIC_SECRET);
        }
        let out = tokio::task::block_in_place(|| command.output().unwrap());
        let (stdout, stderr) = (text(&out.stdout), text(&out.stderr));
        assert_eq!(out.status.code(), Some(code), "{case}: {stderr}");
        assert_eq!(sim.posts(), requests, "{case}: requests sent");
        assert_no_canary(case, &[&stdout, &stderr, &home.logs()]);
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn an_identity_center_sign_in_signs_without_a_key_typed() {
    let sim = Simulator::start(SimConfig {
        auth: demand(Setup::Process(Process::Fails)),
        ..SimConfig::instant()
    })
    .await
    .unwrap();
    let home = Home::new(Some("sso"), &sim.url());
    setup(&home, Setup::ExpiredSso);
    // Signed in: `aws sso login` wrote a token valid for hours (and no
    // refresh fields, so the SDK asks only GetRoleCredentials).
    home.write(
        ".aws/sso/cache/d1d9b9355fa9cd3e4b1949bbb0844e83dfa1c854.json",
        &format!(
            "{{\"accessToken\":\"{SSO_TOKEN}\",\"expiresAt\":\"2099-01-01T00:00:00Z\",\
             \"region\":\"{REGION}\",\"startUrl\":\"https://example.awsapps.com/start\"}}"
        ),
    );
    let endpoint = sim.url().trim_end_matches('/').to_owned();
    let mut command = home.command(&["analyze", "--env", "iam", PROMPT]);
    command.env("AWS_ENDPOINT_URL_SSO", &endpoint);
    let out = tokio::task::block_in_place(|| command.output().unwrap());
    let (stdout, stderr) = (text(&out.stdout), text(&out.stderr));
    assert_eq!(out.status.code(), Some(0), "{stderr}");
    assert_eq!(sim.posts(), 1);
    let asked = sim
        .requests()
        .into_iter()
        .filter(|r| r.path == "/federation/credentials")
        .count();
    assert_eq!(asked, 1, "GetRoleCredentials once");
    let mut command = home.command(&["doctor", "--env", "iam"]);
    command.env("AWS_ENDPOINT_URL_SSO", &endpoint);
    let doctor = text(&tokio::task::block_in_place(|| command.output().unwrap()).stdout);
    assert!(
        doctor.contains("profile sso · IAM Identity Center · key …1234 · expires"),
        "{doctor}"
    );
    assert_no_canary("sso", &[&stdout, &stderr, &doctor, &home.logs()]);
}

/// What a case writes into the AWS files.
#[tokio::test(flavor = "multi_thread")]
async fn a_role_assumed_from_a_source_profile_signs() {
    let sim = Simulator::start(SimConfig {
        auth: demand(Setup::Process(Process::Fails)),
        ..SimConfig::instant()
    })
    .await
    .unwrap();
    let home = Home::new(Some("role"), &sim.url());
    setup(&home, Setup::StaticKeys);
    home.append(
        ".aws/config",
        "[profile role]\nrole_arn = arn:aws:iam::111122223333:role/Ops\nsource_profile = ops\n",
    );
    let mut command = home.command(&["analyze", "--env", "iam", PROMPT]);
    command.env("AWS_ENDPOINT_URL_STS", sim.sts_url());
    let out = tokio::task::block_in_place(|| command.output().unwrap());
    let (stdout, stderr) = (text(&out.stdout), text(&out.stderr));
    assert_eq!(out.status.code(), Some(0), "{stderr}");
    assert_eq!(sim.posts(), 1, "the analysis, signed with the role's keys");
    let asked = sim
        .requests()
        .into_iter()
        .filter(|r| r.path.starts_with("/sts"))
        .count();
    assert_eq!(asked, 1, "AssumeRole once");
    assert_no_canary("role", &[&stdout, &stderr, &home.logs()]);
}

/// (case, setup, profile named, exit code, phrase on stderr, requests the
/// simulator receives)
const ROWS: &[(&str, Setup, &str, i32, &str, usize)] = &[
    ("static keys", Setup::StaticKeys, "ops", 0, "", 1),
    (
        "process, expires in 2 h",
        Setup::Process(Process::Expiring(7200)),
        "ops",
        0,
        "",
        1,
    ),
    (
        "process, expires in 3 min",
        Setup::Process(Process::Expiring(180)),
        "ops",
        22,
        "before this analysis could end (up to 10 min)",
        0,
    ),
    (
        "process, expired an hour ago",
        Setup::Process(Process::Expiring(-3600)),
        "ops",
        22,
        "expired at",
        0,
    ),
    (
        "process fails",
        Setup::Process(Process::Fails),
        "ops",
        23,
        "the credential_process of profile ops failed",
        0,
    ),
    (
        "sso token expired",
        Setup::ExpiredSso,
        "sso",
        21,
        "aws sso login --profile sso",
        0,
    ),
    (
        "role whose source profile is missing",
        Setup::RoleWithoutSource,
        "role",
        23,
        "assumes a role from \"gone\", which is not defined",
        0,
    ),
    (
        "no such profile",
        Setup::Nothing,
        "nope",
        23,
        "there is no profile \"nope\"",
        0,
    ),
];

#[tokio::test(flavor = "multi_thread")]
async fn analyze_signs_with_profiles_and_refuses_before_sending() {
    for (case, kind, profile, code, phrase, requests) in ROWS {
        let sim = Simulator::start(SimConfig {
            auth: demand(*kind),
            ..SimConfig::instant()
        })
        .await
        .unwrap();
        let home = Home::new(Some(profile), &sim.url());
        setup(&home, *kind);
        let out = tokio::task::block_in_place(|| home.run(&["analyze", "--env", "iam", PROMPT]));
        let (stdout, stderr) = (text(&out.stdout), text(&out.stderr));
        assert_eq!(out.status.code(), Some(*code), "{case}: {stderr}");
        assert!(stderr.contains(phrase), "{case}: {stderr}");
        assert_eq!(sim.posts(), *requests, "{case}: requests sent");
        // A refused run is refused before it is recorded; a sent one is kept.
        let history = text(&home.run(&["history", "list"]).stdout);
        assert_eq!(
            history.contains("No session in the history"),
            *requests == 0,
            "{case}: {history}"
        );
        let logs = home.logs();
        // The canary check reads a TRACE log that holds the run.
        if *requests == 1 {
            assert!(logs.contains("sending analysis request"), "{case}: {logs}");
        }
        assert_no_canary(case, &[&stdout, &stderr, &logs]);
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn doctor_says_where_the_keys_come_from_and_when_they_expire() {
    let sim = Simulator::start(SimConfig::instant()).await.unwrap();
    let home = Home::new(Some("ops"), &sim.url());
    home.process_profile("ops", Process::Expiring(7200));
    let file = std::fs::read_to_string(home.path("skymarshal/environments.toml")).unwrap();
    home.write(
        "skymarshal/environments.toml",
        &file.replacen(
            "region =",
            &format!("health_url = \"{}\"\nregion =", sim.health_url()),
            1,
        ),
    );
    let out = tokio::task::block_in_place(|| home.run(&["doctor", "--env", "iam"]));
    let (stdout, stderr) = (text(&out.stdout), text(&out.stderr));
    for phrase in [
        "profile ops",
        "credential_process",
        "key …1234",
        "expires",
        "(in 1 h 59 min; renewed before each analysis)",
        "clock is ",
        " the health URL's",
    ] {
        assert!(stdout.contains(phrase), "{phrase}: {stdout}{stderr}");
    }
    assert!(!stdout.contains(PROCESS_ID), "the whole key id: {stdout}");
    let json = tokio::task::block_in_place(|| home.run(&["doctor", "--env", "iam", "--json"]));
    let json = text(&json.stdout);
    for phrase in [
        "\"kind\": \"process\"",
        "\"key_tail\": \"1234\"",
        "\"expires_at\"",
    ] {
        assert!(json.contains(phrase), "{phrase}: {json}");
    }
    assert_eq!(sim.posts(), 0, "doctor never sends an analysis");
    assert_no_canary("doctor", &[&stdout, &stderr, &json, &home.logs()]);
}

#[tokio::test(flavor = "multi_thread")]
async fn doctor_names_the_sso_command() {
    let home = Home::new(Some("sso"), "http://127.0.0.1:9/");
    setup(&home, Setup::ExpiredSso);
    let out = tokio::task::block_in_place(|| home.run(&["doctor", "--env", "iam"]));
    let stdout = text(&out.stdout);
    assert!(stdout.contains("aws sso login --profile sso"), "{stdout}");
    assert_no_canary("doctor sso", &[&stdout, &text(&out.stderr), &home.logs()]);
}

#[tokio::test(flavor = "multi_thread")]
async fn login_records_the_profile_in_the_environments_file() {
    let home = Home::new(None, "http://127.0.0.1:9/");
    home.append(".aws/config", "[profile ops-prod]\nregion = me-central-1\n");
    // (profile, exit code, phrase on stderr, recorded)
    let rows = [
        ("ops-prod", 0, "now signs with AWS profile ops-prod", true),
        ("later", 0, "has no profile \"later\" yet", true),
        ("bad name", 3, "is not an AWS profile name", false),
    ];
    for (profile, code, phrase, recorded) in rows {
        let out = home.run(&["login", "--env", "iam", "--profile", profile]);
        let stderr = text(&out.stderr);
        assert_eq!(out.status.code(), Some(code), "{profile}: {stderr}");
        assert!(stderr.contains(phrase), "{profile}: {stderr}");
        let file = std::fs::read_to_string(home.path("skymarshal/environments.toml")).unwrap();
        assert_eq!(
            file.contains(&format!("profile = \"{profile}\"")),
            recorded,
            "{profile}: {file}"
        );
    }

    // With a profile named, the keyring holds nothing of it: `credentials`
    // and `logout` say so without asking a keyring, and `--no-profile`
    // clears the choice.
    home.run(&["login", "--env", "iam", "--profile", "ops-prod"]);
    // (arguments, exit code, words, on stdout)
    let rows: [(&[&str], i32, &str, bool); 3] = [
        (
            &["credentials", "--env", "iam"],
            0,
            "AWS profile: ops-prod (its keys are the AWS tools'",
            true,
        ),
        (
            &["logout", "--env", "iam"],
            0,
            "signs with AWS profile ops-prod, whose keys the console does not keep",
            false,
        ),
        (
            &["login", "--env", "iam", "--no-profile"],
            0,
            "iam no longer names an AWS profile",
            false,
        ),
    ];
    for (args, code, words, on_stdout) in rows {
        let out = home.run(args);
        let said = if on_stdout {
            text(&out.stdout)
        } else {
            text(&out.stderr)
        };
        assert_eq!(out.status.code(), Some(code), "{args:?}: {said}");
        assert!(said.contains(words), "{args:?}: {said}");
    }
    let file = std::fs::read_to_string(home.path("skymarshal/environments.toml")).unwrap();
    assert!(!file.contains("profile = \"ops-prod\""), "{file}");
}
