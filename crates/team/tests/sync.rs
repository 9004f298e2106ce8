//! Upload, pull and wake-ups between desks.

mod common;

use std::time::{Duration, Instant};

use skymarshal_team::{Error, TeamStore};

#[tokio::test]
async fn uploading_twice_changes_nothing() {
    let (cluster, owner) = common::migrated().await;
    let store = TeamStore::connect(&owner).await.expect("connect");
    let occ1 = common::desk("OCC-1");
    let records = common::chain(&occ1, 5, &[]);
    // (batch, inserted, already_there): overlapping and repeated batches.
    let steps: &[(std::ops::Range<usize>, u64, u64)] =
        &[(0..3, 3, 0), (0..3, 0, 3), (1..5, 2, 2), (0..5, 0, 5)];
    for (range, inserted, already) in steps {
        let report = store
            .upload(&occ1, &records[range.clone()])
            .await
            .expect("upload");
        assert_eq!(
            (report.sent, report.inserted, report.already_there),
            (range.len(), *inserted, *already),
            "{range:?}"
        );
    }
    assert_eq!(
        cluster.psql_in("team", "SELECT count(*) FROM team_record"),
        "5"
    );
    assert_eq!(
        cluster.psql_in(
            "team",
            "SELECT string_agg(desk_seq::text, ',' ORDER BY seq) FROM team_record"
        ),
        "1,2,3,4,5"
    );
}

#[tokio::test]
async fn a_record_in_the_place_of_another_is_refused_and_nothing_is_committed() {
    let (cluster, owner) = common::migrated().await;
    let store = TeamStore::connect(&owner).await.expect("connect");
    let occ1 = common::desk("OCC-1");
    store
        .upload(&occ1, &common::chain(&occ1, 2, &[]))
        .await
        .expect("upload");
    // The desk's history was restored from an old copy and made another record 2, then 3.
    let mut other = common::chain(&occ1, 3, &[]);
    other[1].uid = "OCC-1/2-again".to_owned();
    let error = store
        .upload(&occ1, &other[1..])
        .await
        .expect_err("conflict");
    assert!(
        matches!(&error, Error::ChainConflict { desk_seq: 2, .. }),
        "{error:?}"
    );
    assert_eq!(
        cluster.psql_in("team", "SELECT count(*) FROM team_record"),
        "2"
    );
}

#[tokio::test]
async fn pull_follows_the_cursor_and_skips_own_records_except_claims() {
    let (_cluster, owner) = common::migrated().await;
    let store = TeamStore::connect(&owner).await.expect("connect");
    let (occ1, occ2) = (common::desk("OCC-1"), common::desk("OCC-2"));
    store
        .upload(&occ1, &common::chain(&occ1, 4, &[3]))
        .await
        .expect("upload 1");
    store
        .upload(&occ2, &common::chain(&occ2, 3, &[2]))
        .await
        .expect("upload 2");

    // (me, limit) → uids seen, pulling page after page with the cursor.
    let cases: &[(&str, i64, &[&str])] = &[
        ("id-OCC-1", 2, &["OCC-1/3", "OCC-2/1", "OCC-2/2", "OCC-2/3"]),
        (
            "id-OCC-2",
            3,
            &["OCC-1/1", "OCC-1/2", "OCC-1/3", "OCC-1/4", "OCC-2/2"],
        ),
        (
            "id-OCC-3",
            100,
            &[
                "OCC-1/1", "OCC-1/2", "OCC-1/3", "OCC-1/4", "OCC-2/1", "OCC-2/2", "OCC-2/3",
            ],
        ),
    ];
    for (me, limit, expected) in cases {
        let (mut cursor, mut seen, mut pages) = (0, Vec::new(), 0);
        loop {
            let page = store.pull(cursor, me, *limit).await.expect("pull");
            if page.is_empty() {
                break;
            }
            assert!(page.len() as i64 <= *limit);
            assert!(
                page.windows(2).all(|w| w[0].seq < w[1].seq),
                "in server order"
            );
            cursor = page.last().expect("a record").seq;
            seen.extend(page.into_iter().map(|r| r.uid));
            pages += 1;
        }
        assert_eq!(seen, *expected, "{me}");
        assert!(pages >= 1);
    }
    let record = &store.pull(0, "id-OCC-2", 1).await.expect("pull")[0];
    assert_eq!(
        (record.desk.as_str(), record.operator.as_deref()),
        ("OCC-1", Some("operator of OCC-1"))
    );
    assert_eq!(
        (record.desk_seq, record.prev_hash.as_str()),
        (1, common::GENESIS)
    );
    let now = store.now_ms().await.expect("now");
    assert!((now - record.received_ms).abs() < 60_000, "{record:?}");
}

#[tokio::test]
async fn an_upload_wakes_another_desk() {
    let (_cluster, owner) = common::migrated().await;
    let listener = TeamStore::connect(&owner).await.expect("listener");
    let uploader = TeamStore::connect(&owner).await.expect("uploader");
    let occ2 = common::desk("OCC-2");
    let started = Instant::now();
    uploader
        .upload(&occ2, &common::chain(&occ2, 2, &[]))
        .await
        .expect("upload");
    let notice = tokio::time::timeout(Duration::from_secs(10), listener.woken())
        .await
        .expect("woken within 10 s")
        .expect("connection open");
    assert_eq!(notice.desk_id, "id-OCC-2");
    assert!(started.elapsed() < Duration::from_secs(10));
    // An upload of nothing new still wakes (cheap, and the desk pulls nothing).
    let report = uploader
        .upload(&occ2, &common::chain(&occ2, 2, &[]))
        .await
        .expect("again");
    assert_eq!(report.inserted, 0);
}

#[tokio::test]
async fn ten_thousand_runs_upload_in_batches() {
    let (cluster, owner) = common::migrated().await;
    let store = TeamStore::connect(&owner).await.expect("connect");
    let occ1 = common::desk("OCC-1");
    let records = common::chain(&occ1, 50_000, &[]);
    let started = Instant::now();
    for batch in records.chunks(5_000) {
        store.upload(&occ1, batch).await.expect("upload");
    }
    let took = started.elapsed();
    assert_eq!(
        cluster.psql_in("team", "SELECT count(*) FROM team_record"),
        "50000"
    );
    assert!(
        took < Duration::from_secs(60),
        "50,000 records took {took:?}"
    );
    let report = store.verify().await.expect("verify");
    assert_eq!((report.records, report.broken.len()), (50_000, 0));
}
