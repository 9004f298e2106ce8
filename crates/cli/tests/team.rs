//! `skymarshal team` and `skymarshal claim` as a desk's duty manager and an
//! administrator run them, against a real PostgreSQL: a desk killed with
//! `kill -9` in the middle of uploading its backlog loses and duplicates
//! nothing once it syncs again; claims between two desks with their words
//! and exit codes, and an analysis naming a claimed flight not sent; each
//! refusal in one line with its code.

mod desk;

use std::time::{Duration, Instant};

use desk::{Desk, simulator, text};
use skymarshal_pgtest::{Cluster, SUPERUSER_PASSWORD, TRUSTED_GROUP};
use skymarshal_store::{EventRecord, NewRun, RunEnd, RunStatus, Store};

/// A cluster whose `team` database has the schema, migrated by the CLI as
/// an administrator would, and the desk role with only SELECT and INSERT.
async fn team_store(admin: &Desk) -> (Cluster, String) {
    let cluster = tokio::task::spawn_blocking(|| Cluster::start().expect("a PostgreSQL cluster"))
        .await
        .unwrap();
    cluster.create_database("team");
    let url = format!("postgresql://127.0.0.1:{}/team", cluster.port());
    admin.join_team(&url, "OCC-ADMIN");
    let mut migrate = admin.command(&["team", "migrate", "--role", "postgres"]);
    migrate.env("PGPASSWORD", SUPERUSER_PASSWORD);
    let output = tokio::task::spawn_blocking(move || migrate.output().unwrap())
        .await
        .unwrap();
    assert_eq!(output.status.code(), Some(0), "{}", text(&output.stderr));
    assert!(text(&output.stdout).contains("schema is at version 1"));
    for statement in [
        format!("CREATE ROLE desk LOGIN IN ROLE {TRUSTED_GROUP}"),
        "GRANT SELECT, INSERT ON team_record TO desk".to_owned(),
        "GRANT SELECT ON refinery_schema_history TO desk".to_owned(),
    ] {
        cluster.psql_in("team", &statement);
    }
    (cluster, url)
}

/// `runs` runs of six records each (begin, four events of 2 KB, end),
/// written straight into the desk's history: a backlog to upload.
fn backlog(desk: &Desk, runs: usize) -> usize {
    let mut store = Store::open_beside(&desk.history()).unwrap();
    let data = format!("{{\"text\":\"{}\"}}", "x".repeat(2048));
    for n in 0..runs {
        let uid = format!("backlog-{n}");
        let key = store
            .begin_run(&NewRun {
                uid: &uid,
                environment: "training",
                server_session_id: None,
                prompt: &format!("EY{n} delayed"),
                started_ms: 1_796_000_000_000 + n as i64,
            })
            .unwrap();
        for position in 0..4 {
            let event = EventRecord {
                position,
                received_ms: 1_796_000_000_000 + n as i64,
                origin: "server".into(),
                kind: "chunk".into(),
                sse_event: "message".into(),
                sse_id: String::new(),
                data: data.clone(),
            };
            store.append_event(key, &event).unwrap();
        }
        let end = RunEnd {
            status: Some(RunStatus::Failed),
            ended_ms: 1_796_000_000_001 + n as i64,
            execution_ms: None,
            error_kind: Some("server".into()),
            error_message: Some("backlog".into()),
            request_id: None,
            server_session_id: None,
        };
        store.finish_run(key, &end).unwrap();
    }
    runs * 6
}

fn count(cluster: &Cluster, what: &str) -> i64 {
    cluster
        .psql_in(
            "team",
            &format!("SELECT {what} FROM team_record WHERE desk = 'OCC-1'"),
        )
        .trim()
        .parse()
        .unwrap()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_desk_killed_while_uploading_loses_and_duplicates_nothing() {
    let sim = simulator().await;
    let admin = Desk::new(&sim);
    let (cluster, url) = team_store(&admin).await;
    let occ1 = Desk::new(&sim);
    occ1.join_team(&url, "OCC-1");
    let total = backlog(&occ1, 2000) as i64;

    let mut sync = occ1.spawn(&["team", "sync"]);
    let deadline = Instant::now() + Duration::from_secs(120);
    let mut seen = 0;
    while seen == 0 {
        assert!(Instant::now() < deadline, "nothing was uploaded");
        assert!(
            sync.try_wait().unwrap().is_none(),
            "the sync ended before it was killed"
        );
        seen = count(&cluster, "count(*)");
    }
    sync.kill().unwrap(); // SIGKILL
    sync.wait().unwrap();
    let partial = count(&cluster, "count(*)");
    assert!(partial < total, "killed after {partial} of {total}");

    let out = occ1.expect(&["team", "sync"], 0, "0 waiting").await;
    assert!(out.contains("Uploaded"), "{out}");
    assert_eq!(count(&cluster, "count(*)"), total);
    assert_eq!(count(&cluster, "count(DISTINCT uid)"), total);
    assert_eq!(count(&cluster, "max(desk_seq)"), total);
    occ1.expect(&["team", "verify"], 0, "Every desk's chain is intact")
        .await;
    occ1.expect(&["team", "sync"], 0, "Uploaded 0 records")
        .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn two_desks_claim_a_flight_and_a_claimed_flight_is_not_analysed_unasked() {
    let sim = simulator().await;
    let admin = Desk::new(&sim);
    let (_cluster, url) = team_store(&admin).await;
    let occ1 = Desk::new(&sim);
    occ1.join_team(&url, "OCC-1");
    let occ2 = Desk::new(&sim);
    occ2.join_team(&url, "OCC-2");
    occ1.expect(&["operator", "Sara Ahmed"], 0, "Sara Ahmed")
        .await;

    // OCC-1's run and decision, on OCC-2: marked, found, shown with the decision.
    let run = occ1.analyze("training").await;
    occ1.expect(
        &[
            "decide",
            &run,
            "--reject",
            "--rationale",
            "Crew out of hours at AUH",
        ],
        0,
        "rejected every option",
    )
    .await;
    occ1.expect(&["team", "sync"], 0, "Uploaded").await;
    occ2.expect(&["team", "sync"], 0, "Uploaded").await;
    occ2.expect(&["history", "list"], 0, "desk OCC-1 · Sara Ahmed")
        .await;
    occ2.expect(&["history", "search", "AUH"], 0, "desk OCC-1 · Sara Ahmed")
        .await;
    let shown = occ2
        .expect(
            &["history", "show", &run],
            0,
            "Recorded on desk OCC-1 · Sara Ahmed",
        )
        .await;
    assert!(shown.contains("Crew out of hours at AUH"), "{shown}");

    occ1.expect(&["claim", "ey 283"], 0, "Desk OCC-1 holds EY283 until")
        .await;
    occ2.expect(
        &["claim", "EY283"],
        26,
        "EY283 is claimed by desk OCC-1 (Sara Ahmed) since",
    )
    .await;
    // No sync asked for: analyze brings the claims up to date itself.
    let posts = sim.posts();
    let refused = occ2
        .run(&["analyze", "--env", "training", desk::PROMPT])
        .await;
    assert_eq!(refused.status.code(), Some(26), "{}", text(&refused.stderr));
    assert!(text(&refused.stderr).contains("EY283 is claimed by desk OCC-1 (Sara Ahmed)"));
    assert!(text(&refused.stderr).contains("--despite-claim"));
    assert_eq!(text(&refused.stderr).trim().lines().count(), 1, "one line");
    assert_eq!(sim.posts(), posts, "nothing was sent");
    let sent = occ2
        .run(&[
            "analyze",
            "--env",
            "training",
            "--despite-claim",
            desk::PROMPT,
        ])
        .await;
    assert_eq!(sent.status.code(), Some(0), "{}", text(&sent.stderr));
    assert_eq!(sim.posts(), posts + 1);

    occ2.expect(
        &["claim", "EY283", "--release"],
        3,
        "only the desk that holds a flight",
    )
    .await;
    occ1.expect(&["claim", "EY283", "--release"], 0, "Released")
        .await;
    occ2.expect(&["claim", "EY283"], 0, "Desk OCC-2 holds EY283")
        .await;
    occ1.expect(&["team", "sync"], 0, "received").await;
    let status = occ1
        .expect(&["team", "status"], 0, "Team store: reachable")
        .await;
    assert!(status.contains("EY283 held by desk OCC-2"), "{status}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn each_refusal_is_one_line_with_its_code() {
    let sim = simulator().await;
    let alone = Desk::new(&sim);
    alone
        .expect(&["team", "status"], 27, "No team store is configured")
        .await;
    alone
        .expect(&["claim", "EY283"], 27, "No team store is configured")
        .await;

    let mistaken = Desk::new(&sim);
    mistaken.join_team("postgresql://127.0.0.1:5432/team", "OCC-8");
    mistaken.edit_environments(|text| text.replace("tls = \"disable\"", "tls = \"require\""));
    mistaken
        .expect(
            &["team", "status"],
            27,
            "has a problem, so this desk uses no team store",
        )
        .await;

    let nobody = Desk::new(&sim);
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    nobody.join_team(&format!("postgresql://127.0.0.1:{port}/team"), "OCC-9");
    nobody
        .expect(&["team", "sync"], 24, "cannot be reached")
        .await;
    nobody
        .expect(&["claim", "EY283"], 24, "nothing was claimed")
        .await;

    let cluster = tokio::task::spawn_blocking(|| Cluster::start().expect("a cluster"))
        .await
        .unwrap();
    cluster.create_database("empty");
    cluster.psql_in(
        "empty",
        &format!("CREATE ROLE desk LOGIN IN ROLE {TRUSTED_GROUP}"),
    );
    let early = Desk::new(&sim);
    early.join_team(
        &format!("postgresql://127.0.0.1:{}/empty", cluster.port()),
        "OCC-1",
    );
    early
        .expect(
            &["team", "sync"],
            25,
            "an administrator runs `skymarshal team migrate`",
        )
        .await;
    early
        .expect(&["claim", "A320"], 3, "is not a flight number")
        .await;
}
