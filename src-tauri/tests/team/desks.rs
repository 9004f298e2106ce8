//! The other desk of the window's tests: a throwaway PostgreSQL with the
//! team schema, and desks that are consoles in the test process, each with
//! its own SQLite history (as in `crates/app/tests/team.rs`).

use std::path::Path;

use skymarshal_app::{Console, RunBody, RunMessage, SimulatorSettings, StartRequest};
use skymarshal_envs::{Catalog, Source};
use skymarshal_pgtest::{Cluster, SUPERUSER_PASSWORD, TRUSTED_GROUP};
use skymarshal_sim::Pacing;
use tokio::sync::mpsc;

/// A cluster with the team schema migrated and a desk role with only
/// SELECT and INSERT, trusted on 127.0.0.1: neither the window's console
/// (its keyring holds no team password) nor OCC-2's has a password to give.
pub(crate) async fn team_store() -> (Cluster, String) {
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

/// A console in this process at `desk`, its history at `history`, on the
/// team store at `url`, with an instant simulator.
pub(crate) async fn desk_console(url: &str, desk: &str, history: &Path) -> Console {
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

/// Runs one analysis on `console` to its end; answers the run's uid.
pub(crate) async fn run(console: &Console, prompt: &str) -> String {
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
