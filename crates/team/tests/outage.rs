//! The team store taken away and brought back: calls fail in words a
//! caller acts on (reconnect later), and a new connection works after.

mod common;

use std::time::Duration;

use skymarshal_team::{Error, TeamConfig, TeamStore, TlsMode};

#[tokio::test]
async fn a_stopped_database_is_unreachable_and_a_new_connect_works_once_it_is_back() {
    let (cluster, owner) = common::migrated().await;
    let store = TeamStore::connect(&owner).await.expect("connect");
    let occ1 = common::desk("OCC-1");
    let records = common::chain(&occ1, 4, &[]);
    store.upload(&occ1, &records[..2]).await.expect("upload");
    assert!(!store.is_closed());

    cluster.stop();
    let error = store
        .upload(&occ1, &records[2..])
        .await
        .expect_err("stopped");
    assert!(error.is_unreachable(), "{error:?}");
    let address = format!("127.0.0.1:{}", cluster.port());
    assert!(error.to_string().contains(&address), "{error}");
    tokio::time::timeout(Duration::from_secs(10), async {
        while !store.is_closed() {
            tokio::time::sleep(Duration::from_millis(20)).await;
        }
    })
    .await
    .expect("the store sees its connection closed");
    // Wake-ups already received (its own uploads') are still read, then none.
    while let Some(notice) = store.woken().await {
        assert_eq!(notice.desk_id, "id-OCC-1");
    }
    let error = TeamStore::connect(&owner).await.expect_err("still stopped");
    assert!(error.is_unreachable(), "{error:?}");

    cluster.start_again().expect("start again");
    let store = TeamStore::connect(&owner).await.expect("connect again");
    let report = store
        .upload(&occ1, &records)
        .await
        .expect("upload the rest");
    assert_eq!((report.inserted, report.already_there), (2, 2));
    assert!(store.verify().await.expect("verify").broken.is_empty());
}

#[tokio::test]
async fn a_connect_that_gets_no_answer_gives_up_in_time() {
    // A listener that accepts and never speaks: the whole connect is bounded.
    let silent = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .expect("bind");
    let port = silent.local_addr().expect("addr").port();
    let _held = tokio::spawn(async move {
        let mut held = Vec::new();
        while let Ok((socket, _)) = silent.accept().await {
            held.push(socket);
        }
    });
    let mut config = TeamConfig::new(format!("postgresql://127.0.0.1:{port}/team"), "desk");
    config.tls = TlsMode::Disable;
    config.connect_timeout = Duration::from_millis(500);
    let started = std::time::Instant::now();
    let error = TeamStore::connect(&config).await.expect_err("no answer");
    assert!(started.elapsed() < Duration::from_secs(5));
    assert!(matches!(&error, Error::Unreachable { .. }), "{error:?}");
}

#[tokio::test]
async fn tls_disable_is_refused_for_a_host_elsewhere_before_connecting() {
    let mut config = TeamConfig::new("postgresql://occ-db.example.internal:5432/team", "desk");
    config.tls = TlsMode::Disable;
    let error = TeamStore::connect(&config).await.expect_err("refused");
    assert!(matches!(&error, Error::Config(_)), "{error:?}");
    assert!(error.to_string().contains("verify-full"), "{error}");
}

#[tokio::test]
async fn verify_full_against_a_server_without_tls_fails_as_tls() {
    let (cluster, _owner) = common::migrated().await;
    let mut config = common::config(&cluster, "postgres", skymarshal_pgtest::SUPERUSER_PASSWORD);
    config.tls = TlsMode::VerifyFull;
    let error = TeamStore::connect(&config)
        .await
        .expect_err("no TLS on the server");
    assert!(matches!(&error, Error::Tls { .. }), "{error:?}");
}
