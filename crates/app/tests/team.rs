//! Desks of one operations centre on a real PostgreSQL (a throwaway cluster
//! from `skymarshal-pgtest`), each console with its own SQLite history:
//! a run on one appears on the other, woken by `NOTIFY`, with its decision;
//! the database taken away while a desk works and brought back, everything
//! waiting arriving in order; claims, a race and a lease that ran out; an
//! `UPDATE` behind the desks' back found by verify. Desks connect as a role
//! with only `SELECT` and `INSERT`.

use std::path::Path;
use std::time::{Duration, Instant};

use skymarshal_app::{
    Action, Console, DecisionRequest, HistoryQuery, RunBody, RunMessage, SimulatorSettings,
    StartRequest, UiErrorKind,
};
use skymarshal_envs::{Catalog, Source};
use skymarshal_pgtest::{Cluster, SUPERUSER_PASSWORD, TRUSTED_GROUP};
use skymarshal_sim::Pacing;
use skymarshal_store::{ClaimAction, Store};
use tokio::sync::mpsc;

const PROMPT: &str = "Flight EY283 delayed 2 hours due to weather at AUH";
/// Long enough for a pass on a loaded CI machine; a pass takes milliseconds.
const ARRIVES_WITHIN: Duration = Duration::from_secs(30);

/// A cluster with the team schema migrated and the desk role of
/// `sql/desk_role.sql` (SELECT and INSERT), trusted on 127.0.0.1 since the
/// consoles under test have no keyring.
async fn team_store() -> (Cluster, String) {
    let cluster = tokio::task::spawn_blocking(|| Cluster::start().expect("a PostgreSQL cluster"))
        .await
        .unwrap();
    cluster.create_database("team");
    let url = format!("postgresql://127.0.0.1:{}/team", cluster.port());
    let admin = desk_console(&url, "OCC-ADMIN", &cluster.dir().join("admin.sqlite")).await;
    admin
        .team_migrate(Some("postgres".into()), Some(SUPERUSER_PASSWORD.into()))
        .await
        .expect("migrate");
    for statement in [
        format!("CREATE ROLE desk LOGIN IN ROLE {TRUSTED_GROUP}"),
        "REVOKE ALL ON SCHEMA public FROM PUBLIC".to_owned(),
        "GRANT USAGE ON SCHEMA public TO desk".to_owned(),
        "GRANT SELECT, INSERT ON team_record TO desk".to_owned(),
        "GRANT SELECT ON refinery_schema_history TO desk".to_owned(),
    ] {
        cluster.psql_in("team", &statement);
    }
    (cluster, url)
}

/// A console at `desk`, its history at `history`, on the team store at `url`.
async fn desk_console(url: &str, desk: &str, history: &Path) -> Console {
    let mut catalog = Catalog::default();
    let file =
        format!("[team]\nurl = \"{url}\"\nrole = \"desk\"\ntls = \"disable\"\ndesk = \"{desk}\"\n");
    catalog.add_text(Path::new("environments.toml"), &file, Source::User);
    assert!(catalog.diagnostics.is_empty(), "{:?}", catalog.diagnostics);
    Console::open(
        SimulatorSettings {
            pacing: Pacing {
                fixture: Some(0),
                ..Pacing::instant()
            },
            force_delay: None,
        },
        catalog,
    )
    .await
    .unwrap()
    .with_history(history)
}

/// Runs one analysis to its end; answers the run's uid.
async fn run(console: &Console, prompt: &str) -> String {
    let (tx, mut rx) = mpsc::unbounded_channel::<RunMessage>();
    let started = console
        .start(
            StartRequest {
                environment_id: "training-simulator".into(),
                prompt: prompt.into(),
                session_id: None,
                scenario: None,
            },
            move |m| drop(tx.send(m)),
        )
        .await
        .unwrap();
    while let Some(message) = rx.recv().await {
        if let RunBody::Finished { .. } = message.body {
            return started.run_id;
        }
    }
    panic!("the run never finished");
}

fn decision(run: &str, rationale: &str) -> DecisionRequest {
    DecisionRequest {
        run_uid: run.to_owned(),
        action: Action::Reject,
        solution_id: None,
        modification: None,
        rationale: rationale.to_owned(),
        safety_acknowledged: Vec::new(),
        stale_confirmed: false,
        supersedes: None,
    }
}

async fn decide(console: &Console, run: &str, rationale: &str) {
    console.set_operator("Dana Okafor").await.unwrap();
    console
        .record_decision(decision(run, rationale))
        .await
        .unwrap();
}

/// Waits until `console` holds run `uid` with its end and, when asked, a
/// decision; answers when it did.
async fn arrives(console: &Console, uid: &str, with_decision: bool) -> Duration {
    let start = Instant::now();
    loop {
        if let Ok(stored) = console.stored_run(uid).await
            && stored.run.status != skymarshal_app::RunStatus::Streaming
            && (!with_decision || !stored.decisions.is_empty())
        {
            return start.elapsed();
        }
        assert!(
            start.elapsed() < ARRIVES_WITHIN,
            "run {uid} did not arrive in {ARRIVES_WITHIN:?}; status {:?}",
            console.team_status().await
        );
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_run_and_its_decision_on_one_desk_appear_on_the_other_as_they_were() {
    let (cluster, url) = team_store().await;
    let dir = tempfile::tempdir().unwrap();
    let occ1 = desk_console(&url, "OCC-1", &dir.path().join("occ1.sqlite")).await;
    let occ2 = desk_console(&url, "OCC-2", &dir.path().join("occ2.sqlite")).await;
    occ1.start_team_sync();
    occ2.start_team_sync();

    let uid = run(&occ1, PROMPT).await;
    decide(&occ1, &uid, "Crew out of hours at AUH; rebook on EY285").await;
    arrives(&occ2, &uid, true).await;

    let there = occ2.stored_run(&uid).await.unwrap();
    let here = occ1.stored_run(&uid).await.unwrap();
    assert_eq!(there.run.desk.as_deref(), Some("OCC-1"));
    assert_eq!(
        there.run.operator.as_deref(),
        None,
        "no operator was set when it ran"
    );
    assert_eq!(here.run.desk, None);
    // What the other desk sees is what this desk saw: the same messages.
    assert_eq!(
        serde_json::to_value(&there.messages).unwrap(),
        serde_json::to_value(&here.messages).unwrap()
    );
    assert_eq!(
        there.decisions[0].body.rationale,
        here.decisions[0].body.rationale
    );
    // Searchable with the same search, the decision's words included.
    let page = occ2
        .history(HistoryQuery {
            text: Some("EY285".into()),
            ..HistoryQuery::default()
        })
        .await
        .unwrap();
    assert_eq!(page.hits.len(), 1, "{page:?}");
    // Read-only: a decision on another desk's run is refused, in words.
    occ2.set_operator("Lee Chen").await.unwrap();
    let refused = occ2
        .record_decision(decision(&uid, "Mine now"))
        .await
        .unwrap_err();
    assert_eq!(refused.ui_kind(), UiErrorKind::DecisionRefused);
    assert!(
        refused.to_string().contains("recorded on desk OCC-1"),
        "{refused}"
    );
    assert!(!occ2.decision_context(&uid).await.unwrap().complete);
    let status = occ1.team_status().await;
    assert!(status.reachable, "{status:?}");
    assert_eq!(status.waiting, 0);
    assert!(occ1.team_verify().await.unwrap().broken.is_empty());
    drop(cluster);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn with_the_database_away_a_desk_works_on_and_everything_arrives_in_order() {
    let (cluster, url) = team_store().await;
    let dir = tempfile::tempdir().unwrap();
    let occ1 = desk_console(&url, "OCC-1", &dir.path().join("occ1.sqlite")).await;
    let occ2 = desk_console(&url, "OCC-2", &dir.path().join("occ2.sqlite")).await;
    occ1.start_team_sync();
    occ2.start_team_sync();
    let first = run(&occ1, PROMPT).await;
    arrives(&occ2, &first, false).await;

    let cluster = tokio::task::spawn_blocking(move || {
        cluster.stop();
        cluster
    })
    .await
    .unwrap();
    // The analysis and the decision go on; the status says what waits.
    let second = run(&occ1, "EY17 diverted to MCT, technical").await;
    decide(&occ1, &second, "Wait for the engineer's report").await;
    let third = run(&occ1, "EY45 crew sick at LHR").await;
    let status = occ1.team_status().await;
    assert!(status.waiting >= 10, "{status:?}");
    let deadline = Instant::now() + ARRIVES_WITHIN;
    while occ1.team_status().await.reachable {
        assert!(Instant::now() < deadline, "the desk never noticed");
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    let status = occ1.team_status().await;
    assert!(status.problem.is_some(), "{status:?}");

    let cluster = tokio::task::spawn_blocking(move || {
        cluster.start_again().expect("started again");
        cluster
    })
    .await
    .unwrap();
    arrives(&occ2, &second, true).await;
    arrives(&occ2, &third, false).await;
    assert_eq!(occ1.team_status().await.waiting, 0);
    // In the desk's order, and once each: desk_seq follows the server's seq.
    let rows = cluster.psql_in(
        "team",
        "SELECT count(*) FILTER (WHERE d <> r), count(*), count(DISTINCT uid) FROM \
         (SELECT uid, desk_seq, row_number() OVER (ORDER BY seq) AS r, \
          row_number() OVER (ORDER BY desk_seq) AS d FROM team_record WHERE desk = 'OCC-1') t",
    );
    let numbers: Vec<i64> = rows
        .split(|c: char| !c.is_ascii_digit())
        .filter(|s| !s.is_empty())
        .map(|s| s.parse().unwrap())
        .collect();
    assert_eq!(numbers[0], 0, "out of order: {rows}");
    assert_eq!(numbers[1], numbers[2], "a record twice: {rows}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn two_desks_claim_one_flight_and_a_lease_runs_out() {
    let (cluster, url) = team_store().await;
    let dir = tempfile::tempdir().unwrap();
    let occ1_file = dir.path().join("occ1.sqlite");
    let occ1 = desk_console(&url, "OCC-1", &occ1_file).await;
    let occ2 = desk_console(&url, "OCC-2", &dir.path().join("occ2.sqlite")).await;
    occ1.set_operator("Sara Ahmed").await.unwrap();

    let held = occ1.claim_flight("ey 283", false).await.unwrap().unwrap();
    assert_eq!((held.flight.as_str(), held.mine), ("EY283", true));
    let refused = occ2.claim_flight("EY283", false).await.unwrap_err();
    assert_eq!(refused.ui_kind(), UiErrorKind::FlightClaimed);
    assert!(
        refused.to_string().contains("OCC-1 (Sara Ahmed)"),
        "{refused}"
    );
    // Before sending, the other desk is told who holds the flight.
    occ2.team_sync_now().await.unwrap();
    let named = occ2.claims_for_prompt(PROMPT).await.unwrap();
    assert_eq!(named.len(), 1);
    assert_eq!((named[0].desk.as_str(), named[0].mine), ("OCC-1", false));
    assert!(
        occ1.claims_for_prompt(PROMPT).await.unwrap().is_empty(),
        "not for its holder"
    );
    // Only the holder releases; then the other desk may claim.
    let wrong = occ2.claim_flight("EY283", true).await.unwrap_err();
    assert_eq!(wrong.ui_kind(), UiErrorKind::Validation);
    assert_eq!(occ1.claim_flight("EY283", true).await.unwrap(), None);
    assert!(
        occ2.claim_flight("EY283", false)
            .await
            .unwrap()
            .unwrap()
            .mine
    );

    // A lease that ran out frees the flight: OCC-1's claim of EY17 ended a
    // minute ago (written into its history as a desk whose clock moved on).
    let past = skymarshal_app::now_ms() - 60_000;
    let mut store = Store::open_beside(&occ1_file).unwrap();
    store
        .record_claim(
            "EY17",
            ClaimAction::Claim,
            past,
            Some("Sara Ahmed"),
            "",
            past - 3_600_000,
        )
        .unwrap();
    drop(store);
    occ1.team_sync_now().await.unwrap();
    assert!(
        occ2.claim_flight("EY17", false)
            .await
            .unwrap()
            .unwrap()
            .mine
    );
    drop(cluster);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_update_made_in_the_database_is_found_by_verify() {
    let (cluster, url) = team_store().await;
    let dir = tempfile::tempdir().unwrap();
    let occ1 = desk_console(&url, "OCC-1", &dir.path().join("occ1.sqlite")).await;
    let uid = run(&occ1, PROMPT).await;
    decide(&occ1, &uid, "Crew out of hours").await;
    occ1.team_sync_now().await.unwrap();
    assert!(occ1.team_verify().await.unwrap().broken.is_empty());
    cluster.psql_in(
        "team",
        "UPDATE team_record SET body = replace(body, 'Crew out of hours', 'Crew fine') \
         WHERE kind = 'ledger'",
    );
    let report = occ1.team_verify().await.unwrap();
    assert_eq!(report.broken.len(), 1, "{report:?}");
    assert_eq!(report.broken[0].desk, "OCC-1");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn records_cut_from_the_end_of_a_desks_chain_are_found_by_verify() {
    let (cluster, url) = team_store().await;
    let dir = tempfile::tempdir().unwrap();
    let occ1 = desk_console(&url, "OCC-1", &dir.path().join("occ1.sqlite")).await;
    let uid = run(&occ1, PROMPT).await;
    decide(&occ1, &uid, "Crew out of hours").await;
    occ1.team_sync_now().await.unwrap();
    // The newest record (the decision) removed: the chain before it is
    // whole, but this desk knows what it uploaded.
    cluster.psql_in(
        "team",
        "DELETE FROM team_record WHERE seq = (SELECT max(seq) FROM team_record)",
    );
    let report = occ1.team_verify().await.unwrap();
    assert_eq!(report.broken.len(), 1, "{report:?}");
    assert!(
        matches!(
            report.broken[0].why,
            skymarshal_app::TeamBreakKind::Missing { .. }
        ),
        "{report:?}"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_team_store_restored_from_a_backup_is_pulled_again_from_its_start() {
    let (cluster, url) = team_store().await;
    let dir = tempfile::tempdir().unwrap();
    let occ1 = desk_console(&url, "OCC-1", &dir.path().join("occ1.sqlite")).await;
    let occ2 = desk_console(&url, "OCC-2", &dir.path().join("occ2.sqlite")).await;
    let first = run(&occ1, PROMPT).await;
    occ1.team_sync_now().await.unwrap();
    occ2.team_sync_now().await.unwrap();
    arrives(&occ2, &first, false).await;
    // The backup held nothing: the table is emptied and its numbering
    // starts again, behind OCC-2's cursor.
    cluster.psql_in(
        "team",
        "TRUNCATE team_record; ALTER TABLE team_record ALTER COLUMN seq RESTART WITH 1",
    );
    let occ3 = desk_console(&url, "OCC-3", &dir.path().join("occ3.sqlite")).await;
    let later = run(&occ3, "EY17 diverted to MCT").await;
    occ3.team_sync_now().await.unwrap();
    occ2.team_sync_now().await.unwrap();
    arrives(&occ2, &later, false).await;
}
