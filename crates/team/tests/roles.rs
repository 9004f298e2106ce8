//! The documented desk role (sql/desk_role.sql) is enough to take part,
//! and no more: it cannot change what is there.

mod common;

use std::time::Duration;

use skymarshal_team::{Error, TeamStore};

const DESK_ROLE_SQL: &str = include_str!("../sql/desk_role.sql");

/// desk_role.sql with psql's variables filled in, as an administrator runs it.
fn grants(role: &str, password: &str, db: &str) -> Vec<String> {
    DESK_ROLE_SQL
        .lines()
        .filter(|line| !line.starts_with("--") && !line.trim().is_empty())
        .map(|line| {
            line.replace(":\"role\"", &format!("\"{role}\""))
                .replace(":'password'", &format!("'{password}'"))
                .replace(":\"db\"", &format!("\"{db}\""))
                .trim_end_matches(';')
                .to_owned()
        })
        .collect()
}

#[tokio::test]
async fn a_role_with_only_the_documented_grants_takes_part_and_cannot_change_anything() {
    let (cluster, _owner) = common::migrated().await;
    // No grant to PUBLIC may help: only the file's grants count.
    cluster.psql_in("team", "REVOKE ALL ON SCHEMA public FROM PUBLIC");
    cluster.psql("REVOKE ALL ON DATABASE team FROM PUBLIC");
    for statement in grants("skymarshal_desk", "desk-secret", "team") {
        cluster.psql_in("team", &statement);
    }
    let desk_config = common::config(&cluster, "skymarshal_desk", "desk-secret");
    let desk = TeamStore::connect(&desk_config)
        .await
        .expect("the desk role connects");
    let other = TeamStore::connect(&desk_config)
        .await
        .expect("a second desk");
    let occ1 = common::desk("OCC-1");
    let report = desk
        .upload(&occ1, &common::chain(&occ1, 3, &[]))
        .await
        .expect("upload");
    assert_eq!(report.inserted, 3);
    assert_eq!(
        desk.upload(&occ1, &common::chain(&occ1, 3, &[]))
            .await
            .expect("again")
            .inserted,
        0
    );
    let notice = tokio::time::timeout(Duration::from_secs(10), other.woken())
        .await
        .expect("woken");
    assert_eq!(notice.map(|n| n.desk_id).as_deref(), Some("id-OCC-1"));
    assert_eq!(other.pull(0, "id-OCC-2", 10).await.expect("pull").len(), 3);
    assert!(desk.verify().await.expect("verify").broken.is_empty());
    assert_eq!(desk.status().await.expect("status").records, 3);

    // What the role must not do, tried with psql as the role over TCP.
    let url = cluster.url("skymarshal_desk", Some("desk-secret"), "team");
    for statement in [
        "UPDATE team_record SET body = '{}'",
        "DELETE FROM team_record",
        "TRUNCATE team_record",
        "DELETE FROM refinery_schema_history",
        "CREATE TABLE sneaky (x int)",
    ] {
        let out = std::process::Command::new("psql")
            .args([
                "-X",
                "-q",
                "-v",
                "ON_ERROR_STOP=1",
                "-d",
                &url,
                "-c",
                statement,
            ])
            .output()
            .expect("psql runs");
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(
            !out.status.success() && stderr.contains("permission denied"),
            "{statement}: {stderr}"
        );
    }
}

#[tokio::test]
async fn a_role_without_insert_is_told_what_it_lacks_and_a_wrong_password_what_to_do() {
    let (cluster, _owner) = common::migrated().await;
    cluster.psql_in("team", "CREATE ROLE reader LOGIN PASSWORD 'reader-secret'");
    cluster.psql_in(
        "team",
        "GRANT SELECT ON team_record, refinery_schema_history TO reader",
    );
    let reader = TeamStore::connect(&common::config(&cluster, "reader", "reader-secret"))
        .await
        .expect("connect");
    let occ1 = common::desk("OCC-1");
    let error = reader
        .upload(&occ1, &common::chain(&occ1, 1, &[]))
        .await
        .expect_err("no INSERT");
    assert!(matches!(&error, Error::Permission { .. }), "{error:?}");
    let text = error.to_string();
    assert!(
        text.contains("reader") && text.contains("team_record"),
        "{text}"
    );

    let error = TeamStore::connect(&common::config(&cluster, "reader", "wrong-secret"))
        .await
        .expect_err("wrong password");
    assert!(matches!(&error, Error::Auth { .. }), "{error:?}");
    let text = format!("{error} {error:?}");
    assert!(
        text.contains("skymarshal team password") && !text.contains("wrong-secret"),
        "{text}"
    );

    let mut none = common::config(&cluster, "reader", "");
    none.password = None;
    let error = TeamStore::connect(&none).await.expect_err("no password");
    assert!(matches!(&error, Error::Auth { .. }), "{error:?}");

    cluster.psql_in("team", "CREATE ROLE blind LOGIN PASSWORD 'blind-secret'");
    let error = TeamStore::connect(&common::config(&cluster, "blind", "blind-secret"))
        .await
        .expect_err("no SELECT");
    assert!(matches!(&error, Error::Permission { .. }), "{error:?}");
    assert!(
        error.to_string().contains("refinery_schema_history"),
        "{error}"
    );
}
