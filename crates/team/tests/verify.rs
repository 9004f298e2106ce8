//! Verify, in SQL with the server's sha256(): the same hash as the desk's
//! store, and the first broken record of each desk named.

mod common;

use skymarshal_team::{TeamBreakKind, TeamStore};

/// skymarshal_store's golden record (crates/store/src/ledger/chain.rs).
const GOLDEN_BODY: &str = r#"{"uid":"d-1","run_uid":"run-1","rationale":"Swap to A6-BLA"}"#;
const GOLDEN_HASH: &str = "8ffc2f090fa486e68ff0da4b6e6e82982fc34ad88813a447d2dc7cf45f09d031";

#[tokio::test]
async fn the_servers_hash_is_the_stores_hash() {
    let (cluster, owner) = common::migrated().await;
    let store = TeamStore::connect(&owner).await.expect("connect");
    let occ1 = common::desk("OCC-1");
    let golden = skymarshal_team::OutgoingRecord {
        desk_seq: 1,
        kind: "decision".to_owned(),
        uid: "d-1".to_owned(),
        subject: Some("run-1".to_owned()),
        created_ms: 1_796_008_320_000,
        body: GOLDEN_BODY.to_owned(),
        prev_hash: common::GENESIS.to_owned(),
        hash: GOLDEN_HASH.to_owned(),
    };
    store.upload(&occ1, &[golden]).await.expect("upload");
    let report = store.verify().await.expect("verify");
    assert_eq!((report.desks, report.records), (1, 1));
    assert!(report.broken.is_empty(), "{report:?}");

    cluster.psql_in(
        "team",
        "UPDATE team_record SET body = replace(body, 'A6-BLA', 'A6-BLB')",
    );
    let report = store.verify().await.expect("verify");
    assert_eq!(report.broken.len(), 1, "{report:?}");
    assert_eq!(
        (report.broken[0].uid.as_str(), report.broken[0].why),
        ("d-1", TeamBreakKind::Altered)
    );
}

#[tokio::test]
async fn verify_names_the_first_broken_record_of_each_desk() {
    // (SQL done behind the desks' backs, expected breaks as (desk, desk_seq, why))
    let cases: &[(&str, &[(&str, i64, TeamBreakKind)])] = &[
        ("", &[]),
        (
            "UPDATE team_record SET body = body || ' ' WHERE uid = 'OCC-1/3'",
            &[("OCC-1", 3, TeamBreakKind::Altered)],
        ),
        (
            "UPDATE team_record SET created_ms = created_ms + 1 WHERE uid IN ('OCC-1/4', 'OCC-1/5')",
            &[("OCC-1", 4, TeamBreakKind::Altered)],
        ),
        (
            "DELETE FROM team_record WHERE uid = 'OCC-2/2'",
            &[("OCC-2", 3, TeamBreakKind::Missing { previous: 1 })],
        ),
        (
            "DELETE FROM team_record WHERE uid IN ('OCC-1/1', 'OCC-1/2')",
            &[("OCC-1", 3, TeamBreakKind::Missing { previous: 0 })],
        ),
        (
            // Replaced whole, its hash recomputed: the next record no longer follows it.
            "UPDATE team_record SET body = '{}', hash = encode(sha256(convert_to(prev_hash || E'\\n' || kind \
             || E'\\n' || uid || E'\\n' || created_ms::text || E'\\n' || '{}', 'UTF8')), 'hex') WHERE uid = 'OCC-2/2'",
            &[("OCC-2", 3, TeamBreakKind::PrevMismatch)],
        ),
        (
            "DELETE FROM team_record WHERE uid = 'OCC-1/5'; DELETE FROM team_record WHERE uid = 'OCC-2/1'",
            &[
                ("OCC-1", 6, TeamBreakKind::Missing { previous: 4 }),
                ("OCC-2", 2, TeamBreakKind::Missing { previous: 0 }),
            ],
        ),
    ];
    let (cluster, _) = common::cluster();
    for (case, (tamper, expected)) in cases.iter().enumerate() {
        let db = format!("case{case}");
        let owner = common::migrated_database(&cluster, &db).await;
        let store = TeamStore::connect(&owner).await.expect("connect");
        for name in ["OCC-1", "OCC-2"] {
            let desk = common::desk(name);
            store
                .upload(&desk, &common::chain(&desk, 6, &[2]))
                .await
                .expect("upload");
        }
        for statement in tamper.split("; ").filter(|s| !s.is_empty()) {
            cluster.psql_in(&db, statement);
        }
        let report = store.verify().await.expect("verify");
        assert_eq!(report.desks, 2, "{tamper}");
        let found: Vec<(&str, i64, TeamBreakKind)> = report
            .broken
            .iter()
            .map(|b| (b.desk.as_str(), b.desk_seq, b.why))
            .collect();
        assert_eq!(found, *expected, "{tamper}");
    }
}
