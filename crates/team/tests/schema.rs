//! The schema: applied by `migrate` only; a desk refuses a database with
//! no schema or a newer one, in words.

mod common;

use skymarshal_team::{Error, TeamStore, known_version, migrate};

#[tokio::test]
async fn migrate_applies_v1_once_and_then_a_desk_connects() {
    let (_cluster, owner) = common::cluster();
    let first = migrate(&owner).await.expect("migrate");
    assert_eq!(first.applied, vec![(1, "team_records".to_owned())]);
    assert_eq!(first.version, known_version());
    let again = migrate(&owner).await.expect("migrate again");
    assert!(again.applied.is_empty(), "{again:?}");
    assert_eq!(again.version, 1);

    let store = TeamStore::connect(&owner).await.expect("connect");
    assert_eq!(store.version(), 1);
    let status = store.status().await.expect("status");
    assert_eq!((status.version, status.records), (1, 0));
    let now = store.now_ms().await.expect("now");
    assert!(
        (status.server_time_ms - now).abs() < 60_000,
        "{status:?} {now}"
    );
}

#[tokio::test]
async fn a_desk_refuses_a_database_without_the_schema_it_knows() {
    // (SQL run as the owner before connecting, what connect says)
    let cases: &[(&str, fn(&Error) -> bool, &str)] = &[
        (
            "",
            |e| matches!(e, Error::NoSchema),
            "an administrator runs `skymarshal team migrate`",
        ),
        (
            "CREATE TABLE refinery_schema_history (version int4 PRIMARY KEY, name varchar(255), \
             applied_on varchar(255), checksum varchar(255))",
            |e| matches!(e, Error::NoSchema),
            "no schema yet",
        ),
        (
            "MIGRATE; INSERT INTO refinery_schema_history VALUES (99, 'future', '2030-01-01T00:00:00Z', '0')",
            |e| {
                matches!(
                    e,
                    Error::SchemaTooNew {
                        found: 99,
                        known: 1
                    }
                )
            },
            "version 99 but this console knows up to version 1",
        ),
    ];
    for (setup, expected, words) in cases {
        let (cluster, owner) = common::cluster();
        for statement in setup.split("; ").filter(|s| !s.is_empty()) {
            if statement == "MIGRATE" {
                migrate(&owner).await.expect("migrate");
            } else {
                cluster.psql_in("team", statement);
            }
        }
        let error = TeamStore::connect(&owner).await.expect_err(setup);
        assert!(expected(&error), "{setup}: {error:?}");
        assert!(error.to_string().contains(words), "{setup}: {error}");
    }
}

#[tokio::test]
async fn migrate_refuses_a_newer_schema_and_a_missing_database_in_words() {
    let (cluster, owner) = common::cluster();
    migrate(&owner).await.expect("migrate");
    cluster.psql_in(
        "team",
        "INSERT INTO refinery_schema_history VALUES (2, 'future', '2030-01-01T00:00:00Z', '0')",
    );
    let newer = migrate(&owner).await.expect_err("a newer schema");
    assert!(
        matches!(newer, Error::SchemaTooNew { found: 2, known: 1 }),
        "{newer:?}"
    );

    let mut elsewhere = owner.clone();
    elsewhere.url = elsewhere.url.replace("/team", "/no_such_db");
    let missing = TeamStore::connect(&elsewhere)
        .await
        .expect_err("no such database");
    assert!(matches!(missing, Error::Config(_)), "{missing:?}");
    assert!(
        missing.to_string().contains("check the database name"),
        "{missing}"
    );
}
