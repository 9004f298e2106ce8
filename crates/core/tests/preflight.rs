//! The pre-flight check against the simulator: a table of deployments in,
//! the outcome of each step out. No row sends an analysis.

mod support;

use std::time::Duration;

use skymarshal_core::{CheckOutcome as O, Step, Timeouts, preflight};

/// (what, invoke URL, health URL, outcomes of resolve, connect, tls, health,
/// a phrase of the health step's summary). `{sim}` is the simulator's URL,
/// `{closed}` a loopback port nobody listens on.
type Row = (
    &'static str,
    &'static str,
    Option<&'static str>,
    [O; 4],
    &'static str,
);

const TABLE: &[Row] = &[
    (
        "healthy",
        "{sim}",
        Some("{sim}health"),
        [O::Ok, O::Ok, O::Skipped, O::Ok],
        "healthy (HTTP 200)",
    ),
    (
        "degraded names the dependency",
        "{sim}",
        Some("{sim}health?health=degraded"),
        [O::Ok, O::Ok, O::Skipped, O::Warning],
        "agentcore is unhealthy",
    ),
    (
        "unhealthy",
        "{sim}",
        Some("{sim}health?health=unhealthy"),
        [O::Ok, O::Ok, O::Skipped, O::Failed],
        "unhealthy (HTTP 503)",
    ),
    (
        "no health URL",
        "{sim}",
        None,
        [O::Ok, O::Ok, O::Skipped, O::Skipped],
        "add health_url",
    ),
    (
        "a health URL that is not one",
        "{sim}",
        Some("{sim}"),
        [O::Ok, O::Ok, O::Skipped, O::Warning],
        "not with the health document",
    ),
    (
        "nobody listening",
        "{closed}",
        Some("{closed}health"),
        [O::Ok, O::Failed, O::Skipped, O::Failed],
        "could not be asked",
    ),
    (
        "https to a plain http server",
        "{sim_https}",
        None,
        [O::Ok, O::Ok, O::Failed, O::Skipped],
        "add health_url",
    ),
    (
        "a host that does not resolve",
        "https://no-such-host.invalid/",
        None,
        [O::Failed, O::Skipped, O::Skipped, O::Skipped],
        "add health_url",
    ),
];

#[tokio::test]
async fn each_step_says_what_it_found() {
    let sim = support::simulator().await;
    let url = sim.url();
    let closed = {
        let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        format!(
            "http://127.0.0.1:{}/",
            listener.local_addr().unwrap().port()
        )
    };
    let fill = |text: &str| {
        text.replace("{sim_https}", &url.replace("http://", "https://"))
            .replace("{sim}", &url)
            .replace("{closed}", &closed)
    };
    let timeouts = Timeouts {
        connect: Duration::from_secs(3),
        ..Timeouts::default()
    };
    for (what, invoke, health, expected, phrase) in TABLE {
        let health = health.map(fill);
        let report = preflight(&fill(invoke), health.as_deref(), timeouts).await;
        let steps: Vec<Step> = report.checks.iter().map(|c| c.step).collect();
        assert_eq!(
            steps,
            [Step::Resolve, Step::Connect, Step::Tls, Step::Health],
            "{what}"
        );
        let outcomes: Vec<O> = report.checks.iter().map(|c| c.outcome).collect();
        assert_eq!(outcomes, expected, "{what}: {:#?}", report.checks);
        let health_summary = &report.checks[3].summary;
        assert!(health_summary.contains(phrase), "{what}: {health_summary}");
        for check in &report.checks {
            if check.outcome == O::Failed {
                assert!(
                    check.summary.len() > 30,
                    "{what}: a failure says what to do: {}",
                    check.summary
                );
            }
        }
    }
    let posts = sim.requests().iter().filter(|r| r.method == "POST").count();
    assert_eq!(posts, 0, "a pre-flight check never starts an analysis");
}

#[tokio::test]
async fn the_health_document_is_kept_with_its_dependencies() {
    let sim = support::simulator().await;
    let url = sim.url();
    let report = preflight(
        &url,
        Some(&format!("{url}health?health=degraded")),
        Timeouts::default(),
    )
    .await;
    assert_eq!(report.verdict(), O::Warning);
    let health = report.health.expect("the health answer");
    assert_eq!(health.status, "degraded");
    assert_eq!(health.http_status, 503);
    assert!(health.version.unwrap().starts_with("simulator-"));
    assert!(
        health
            .dependencies
            .contains(&("dynamodb".to_owned(), "healthy".to_owned()))
    );
}
