//! How the client behaves around a run: the server's own request rules,
//! sessions carried across prompts, cancellation, timeouts, size limits
//! and unreachable endpoints. All against the simulator on loopback.

mod support;

use std::time::{Duration, Instant};

use skymarshal_core::{
    AnalysisRequest, Client, ClientConfig, Endpoint, Error, ErrorKind, Rule, Update,
};
use support::{PROMPT, config, run, run_with, simulator};
use tokio_util::sync::CancellationToken;

#[tokio::test]
async fn the_servers_rules_come_back_word_for_word() {
    let sim = simulator().await;
    let client = Client::new(ClientConfig::default()).unwrap();
    let endpoint = Endpoint::parse(&sim.url()).unwrap();
    // (raw body, the server's message)
    let table = [
        ("{", "Request body must be valid JSON"),
        ("{}", "Missing required field: prompt"),
        (r#"{"prompt":["x"]}"#, "Field 'prompt' must be a string"),
        (
            r#"{"prompt":"too short"}"#,
            "Prompt must be at least 10 characters",
        ),
        (
            r#"{"prompt":"Flight EY1 late","session_id":"nope"}"#,
            "Field 'session_id' must be a valid UUID v4",
        ),
        (
            r#"{"prompt":"Flight EY1 late","streaming":1}"#,
            "Field 'streaming' must be a boolean",
        ),
    ];
    for (body, message) in table {
        let mut run = client.start_raw(
            &endpoint,
            body.as_bytes().to_vec(),
            CancellationToken::new(),
        );
        let mut outcome = None;
        while let Some(update) = run.next().await {
            if let Update::Finished(o) = update {
                outcome = Some(o);
            }
        }
        let error = outcome.unwrap().result.unwrap_err();
        assert_eq!(error.kind(), ErrorKind::Validation, "{body}");
        assert!(error.to_string().contains(message), "{body}: {error}");
    }
    assert_eq!(sim.posts(), table.len());
}

#[tokio::test]
async fn a_request_that_breaks_a_rule_is_never_sent() {
    let table: &[(&str, Option<&str>, Rule)] = &[
        ("EY1 late", None, Rule::PromptTooShort { chars: 8 }),
        (
            PROMPT,
            Some("not-a-uuid"),
            Rule::SessionIdNotUuidV4 {
                value: "not-a-uuid".into(),
            },
        ),
    ];
    for (prompt, session, rule) in table {
        let error = AnalysisRequest::new(*prompt, *session).unwrap_err();
        assert_eq!(error, Error::InvalidRequest { rule: rule.clone() });
        assert_eq!(error.kind(), ErrorKind::Validation);
        assert!(
            error.to_string().starts_with("The request was not sent: "),
            "{error}"
        );
    }
}

#[tokio::test]
async fn a_follow_up_continues_the_servers_session() {
    let sim = simulator().await;
    let first = run(&sim.url()).await;
    let session = first
        .outcome
        .session_id
        .clone()
        .expect("the server names a session");
    let follow_up =
        AnalysisRequest::new("And if the delay grows to 4 hours?", Some(&session)).unwrap();
    let second = run_with(
        ClientConfig::default(),
        &sim.url(),
        &follow_up,
        CancellationToken::new(),
    )
    .await;
    assert_eq!(second.outcome.session_id.as_deref(), Some(session.as_str()));
    assert_ne!(second.outcome.request_id, first.outcome.request_id);
    let sessions: Vec<Option<String>> = sim.requests().into_iter().map(|r| r.session_id).collect();
    assert_eq!(sessions, [None, Some(session)]);
    let request = &sim.requests()[1];
    assert_eq!(request.header("content-type"), Some("application/json"));
    assert_eq!(request.header("accept"), Some("text/event-stream"));
    assert_eq!(request.path, "/");
}

#[tokio::test]
async fn cancel_closes_the_connection_within_a_second() {
    let sim = simulator().await;
    let client = Client::new(ClientConfig::default()).unwrap();
    let endpoint = Endpoint::parse(&sim.url_with("delay_ms=30000")).unwrap();
    let request = AnalysisRequest::new(PROMPT, None).unwrap();
    let cancel = CancellationToken::new();
    let mut run = client.start(&endpoint, &request, cancel.clone());
    // Wait for metadata: the server has accepted and is "working".
    loop {
        match run.next().await {
            Some(Update::Event(event)) if event.event.type_name() == "metadata" => break,
            Some(_) => {}
            None => panic!("ended before metadata"),
        }
    }
    let cancelled_at = Instant::now();
    cancel.cancel();
    let mut outcome = None;
    while let Some(update) = run.next().await {
        if let Update::Finished(o) = update {
            outcome = Some(o);
        }
    }
    assert!(cancelled_at.elapsed() < Duration::from_secs(1));
    let outcome = outcome.unwrap();
    let error = outcome.result.unwrap_err();
    assert_eq!(error.kind(), ErrorKind::Cancelled);
    assert!(
        error
            .to_string()
            .contains(outcome.request_id.as_deref().unwrap())
    );
    drop(run);
    assert_eq!(sim.posts(), 1);
}

#[tokio::test]
async fn cancelled_before_sending_sends_nothing() {
    let sim = simulator().await;
    let cancel = CancellationToken::new();
    cancel.cancel();
    let request = AnalysisRequest::new(PROMPT, None).unwrap();
    let ran = run_with(ClientConfig::default(), &sim.url(), &request, cancel).await;
    assert_eq!(ran.outcome.result.unwrap_err().kind(), ErrorKind::Cancelled);
    assert_eq!(sim.posts(), 0);
}

#[tokio::test]
async fn the_total_timeout_bounds_a_run_that_keeps_talking() {
    let sim = simulator().await;
    let request = AnalysisRequest::new(PROMPT, None).unwrap();
    // Heartbeats keep the idle timer from firing; only the total can.
    let config = config(Duration::from_secs(5), Duration::from_millis(700));
    let ran = run_with(
        config,
        &sim.url_with("scenario=heartbeat&delay_ms=20000"),
        &request,
        CancellationToken::new(),
    )
    .await;
    let error = ran.outcome.result.clone().unwrap_err();
    assert!(matches!(error, Error::TotalTimeout { .. }), "{error:?}");
    assert!(error.to_string().contains("may still be running"));
    assert_eq!(ran.event_types(), ["metadata"]);
}

#[tokio::test]
async fn the_idle_timeout_names_the_request_that_went_quiet() {
    let sim = simulator().await;
    let request = AnalysisRequest::new(PROMPT, None).unwrap();
    let config = config(Duration::from_millis(300), Duration::from_secs(30));
    let ran = run_with(
        config,
        &sim.url_with("delay_ms=20000"),
        &request,
        CancellationToken::new(),
    )
    .await;
    let error = ran.outcome.result.clone().unwrap_err();
    assert!(matches!(error, Error::IdleTimeout { .. }), "{error:?}");
    assert_eq!(error.request_id(), ran.outcome.request_id.as_deref());
    assert_eq!(sim.posts(), 1);
}

#[tokio::test]
async fn size_limits_stop_a_server_that_sends_too_much() {
    let sim = simulator().await;
    let request = AnalysisRequest::new(PROMPT, None).unwrap();
    // (config change, phrase)
    let table: [(fn(&mut ClientConfig), &str); 2] = [
        (
            |c| c.max_event_bytes = 10 * 1024,
            "one event is larger than the 10 KiB",
        ),
        (
            |c| c.max_response_bytes = 49 * 1024,
            "the response is larger than 49 KiB",
        ),
    ];
    for (change, phrase) in table {
        let mut config = ClientConfig::default();
        change(&mut config);
        let ran = run_with(
            config,
            &sim.url_with("fixture=1"),
            &request,
            CancellationToken::new(),
        )
        .await;
        let error = ran.outcome.result.clone().unwrap_err();
        assert_eq!(error.kind(), ErrorKind::Protocol, "{error}");
        assert!(error.to_string().contains(phrase), "{error}");
        assert_eq!(
            ran.event_types(),
            ["metadata"],
            "what arrived before is kept"
        );
    }
}

#[tokio::test]
async fn an_unreachable_endpoint_says_nothing_was_sent() {
    // Bind a port, then free it: nothing listens there now.
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let ran = run(&format!("http://127.0.0.1:{port}/")).await;
    let error = ran.outcome.result.clone().unwrap_err();
    assert_eq!(error.kind(), ErrorKind::Network);
    assert!(error.to_string().contains("Nothing was sent"), "{error}");
    assert!(!error.may_still_be_running());
}

/// Today's server is silent for minutes between `metadata` and its chunk;
/// the default timeouts must outlast a 65 s silence. This test takes 65 s
/// of wall time, on purpose: it runs the real defaults.
#[tokio::test]
async fn an_analysis_longer_than_sixty_seconds_completes_with_default_timeouts() {
    let sim = simulator().await;
    let ran = run(&sim.url_with("scenario=slow")).await;
    assert_eq!(ran.outcome.result, Ok(()));
    assert!(ran.outcome.timings.first_chunk.unwrap() >= Duration::from_secs(65));
    assert_eq!(sim.posts(), 1);
}
