//! A team store for one test: its own cluster, a database `team`, and
//! records with real chains.
#![allow(dead_code, unreachable_pub)]

use sha2::{Digest as _, Sha256};
use skymarshal_pgtest::{Cluster, SUPERUSER_PASSWORD};
use skymarshal_team::{DeskLabel, OutgoingRecord, TeamConfig, TlsMode};

pub const GENESIS: &str = "0000000000000000000000000000000000000000000000000000000000000000";

/// A cluster with an empty database `team`, and the owner's config for it.
pub fn cluster() -> (Cluster, TeamConfig) {
    let cluster = Cluster::start().expect("a PostgreSQL cluster starts");
    cluster.create_database("team");
    let owner = config(&cluster, "postgres", SUPERUSER_PASSWORD);
    (cluster, owner)
}

/// A cluster with the schema migrated.
pub async fn migrated() -> (Cluster, TeamConfig) {
    let (cluster, owner) = cluster();
    skymarshal_team::migrate(&owner).await.expect("migrate");
    (cluster, owner)
}

/// Another database `db` on the same cluster, migrated; the owner's config for it.
pub async fn migrated_database(cluster: &Cluster, db: &str) -> TeamConfig {
    cluster.create_database(db);
    let mut owner = config(cluster, "postgres", SUPERUSER_PASSWORD);
    owner.url = owner.url.replace("/team", &format!("/{db}"));
    skymarshal_team::migrate(&owner).await.expect("migrate");
    owner
}

pub fn config(cluster: &Cluster, role: &str, password: &str) -> TeamConfig {
    let mut config = TeamConfig::new(
        format!("postgresql://127.0.0.1:{}/team", cluster.port()),
        role,
    );
    config.password = Some(password.to_owned());
    config.tls = TlsMode::Disable;
    config
}

pub fn desk(name: &str) -> DeskLabel {
    DeskLabel {
        desk_id: format!("id-{name}"),
        desk: name.to_owned(),
        operator: Some(format!("operator of {name}")),
    }
}

/// skymarshal_store::record_hash, restated (the team crate does not depend on the store).
pub fn record_hash(prev: &str, kind: &str, uid: &str, created_ms: i64, body: &str) -> String {
    let text = format!("{prev}\n{kind}\n{uid}\n{created_ms}\n{body}");
    Sha256::digest(text.as_bytes())
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

/// A desk's records `from..=to` of a chain of (kind, uid) = ("event", "{desk}/{n}"),
/// with claims where `claims` says; hashes chained from record 1.
pub fn chain(desk: &DeskLabel, to: i64, claims: &[i64]) -> Vec<OutgoingRecord> {
    let mut prev = GENESIS.to_owned();
    (1..=to)
        .map(|n| {
            let kind = if claims.contains(&n) {
                "claim"
            } else {
                "event"
            };
            let uid = format!("{}/{n}", desk.desk);
            let body = format!(r#"{{"n":{n},"desk":"{}"}}"#, desk.desk);
            let created_ms = 1_796_008_320_000 + n;
            let hash = record_hash(&prev, kind, &uid, created_ms, &body);
            let record = OutgoingRecord {
                desk_seq: n,
                kind: kind.to_owned(),
                uid,
                subject: Some("EY283".to_owned()),
                created_ms,
                body,
                prev_hash: prev.clone(),
                hash: hash.clone(),
            };
            prev = hash;
            record
        })
        .collect()
}
