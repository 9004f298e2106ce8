//! The cluster starts, answers, stops, starts again on the same port, and
//! leaves nothing behind.

use skymarshal_pgtest::Cluster;

#[test]
fn a_cluster_answers_stops_starts_again_and_is_removed() {
    let cluster = Cluster::start().expect("cluster starts");
    let dir = cluster.dir().to_path_buf();
    assert_eq!(cluster.psql("SELECT 40 + 2"), "42");
    cluster.create_database("pgtest_one");
    assert_eq!(
        cluster.psql_in("pgtest_one", "SELECT current_database()"),
        "pgtest_one"
    );
    assert_eq!(cluster.psql("SHOW listen_addresses"), "127.0.0.1");

    let port = cluster.port();
    cluster.stop();
    assert!(std::net::TcpStream::connect(("127.0.0.1", port)).is_err());
    cluster.start_again().expect("starts again");
    assert_eq!(cluster.port(), port);
    assert_eq!(cluster.psql_in("pgtest_one", "SELECT 1"), "1");

    drop(cluster);
    assert!(!dir.exists(), "{} is removed", dir.display());
    assert!(std::net::TcpStream::connect(("127.0.0.1", port)).is_err());
}
