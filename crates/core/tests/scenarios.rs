//! Every simulator scenario against the real client over loopback: the
//! verdict's kind, a phrase of its message, the events kept, the warnings
//! raised, and that exactly one POST reached the server. One row, one test.

mod support;

use std::time::Duration;

use skymarshal_core::{AnalysisRequest, ErrorKind, Origin, ServerEvent, Update};
use support::{PROMPT, Ran, config, run_with, simulator};
use tokio_util::sync::CancellationToken;

struct Expect {
    /// `None` for a successful analysis.
    kind: Option<ErrorKind>,
    /// A phrase the error's message must hold.
    phrase: &'static str,
    events: &'static [&'static str],
    warnings: &'static [&'static str],
}

const FULL: &[&str] = &["metadata", "chunk", "complete"];

impl Expect {
    /// A complete, successful analysis with no warning.
    fn success() -> Self {
        Self {
            kind: None,
            phrase: "",
            events: FULL,
            warnings: &[],
        }
    }
}

async fn check(query: &str, expect: Expect) -> Ran {
    let sim = simulator().await;
    let request = AnalysisRequest::new(PROMPT, None).unwrap();
    // A short idle timeout, so the stall scenario ends quickly; nothing
    // else pauses with instant pacing.
    let config = config(Duration::from_millis(800), Duration::from_secs(60));
    let ran = run_with(
        config,
        &sim.url_with(query),
        &request,
        CancellationToken::new(),
    )
    .await;
    let outcome = &ran.outcome;
    match (&outcome.result, expect.kind) {
        (Ok(()), None) => {}
        (Err(error), Some(kind)) => {
            assert_eq!(error.kind(), kind, "{query}: {error}");
            let message = error.to_string();
            assert!(
                message.contains(expect.phrase),
                "{query}: {message:?} lacks {:?}",
                expect.phrase
            );
            if let Some(id) = outcome
                .request_id
                .as_deref()
                .filter(|_| error.may_still_be_running())
            {
                assert!(
                    message.contains(id),
                    "{query}: the message names the request id"
                );
            }
        }
        (result, _) => panic!("{query}: unexpected result {result:?}"),
    }
    assert_eq!(ran.event_types(), expect.events, "{query}: events");
    assert_eq!(ran.warning_codes(), expect.warnings, "{query}: warnings");
    let seqs: Vec<u64> = ran.events().map(|e| e.seq).collect();
    assert_eq!(
        seqs,
        (0..seqs.len() as u64).collect::<Vec<_>>(),
        "{query}: positions have no gaps"
    );
    assert_eq!(outcome.events, seqs.len() as u64);
    assert_eq!(
        sim.posts(),
        1,
        "{query}: exactly one POST reached the server"
    );
    ran
}

macro_rules! scenario_tests {
    ($($name:ident: $query:literal => $kind:expr, $phrase:literal, $events:expr, $warnings:expr;)*) => {
        $(
            #[tokio::test]
            async fn $name() {
                check($query, Expect { kind: $kind, phrase: $phrase, events: $events, warnings: $warnings }).await;
            }
        )*

        /// Every row's query.
        const QUERIES: &[&str] = &[$($query),*];
    };
}

use ErrorKind as K;

scenario_tests! {
    ok: "scenario=ok" => None, "", FULL, &[];
    crlf_framing: "scenario=crlf" => None, "", FULL, &[];
    lone_cr_framing: "scenario=cr" => None, "", FULL, &[];
    byte_order_mark: "scenario=bom" => None, "", FULL, &[];
    multiline_data: "scenario=multiline-data" => None, "", FULL, &[];
    heartbeat_comments: "scenario=heartbeat&delay_ms=2000" => None, "", FULL, &[];
    tiny_network_pieces: "scenario=ok&piece=7" => None, "", FULL, &[];
    bom_cut_into_single_bytes: "scenario=bom&piece=1&fixture=3" => None, "", FULL, &[];
    buffered_json: "scenario=buffered" => None, "", FULL, &[];
    several_chunks: "scenario=multi-chunk&chunks=5" => None, "",
        &["metadata", "chunk", "chunk", "chunk", "chunk", "chunk", "complete"], &[];
    malformed_json: "scenario=malformed-json" => None, "",
        &["metadata", "unknown", "chunk", "complete"], &["unknown_event"];
    unknown_type: "scenario=unknown-type" => None, "",
        &["metadata", "unknown", "chunk", "complete"], &["unknown_event"];
    chunk_count_mismatch: "scenario=count-mismatch" => None, "", FULL, &["chunk_count_mismatch"];
    api_gateway: "scenario=api-gateway" => Some(K::WrongEndpoint), "Lambda Function URL", &[], &[];
    iam_forbidden: "scenario=iam-forbidden" => Some(K::Auth), "HTTP 403: Forbidden", &[], &[];
    // The simulator's environment sends no credentials: it is never told
    // they have expired (tests/field.rs has the signed request's words).
    expired_token: "scenario=expired-token" => Some(K::Auth), "sends no credentials", &[], &[];
    http_500: "scenario=http-500" => Some(K::Server), "INTERNAL_ERROR", &[], &[];
    http_502: "scenario=http-502" => Some(K::Server), "CONNECTION_FAILED", &[], &[];
    http_504: "scenario=http-504" => Some(K::Timeout), "Agent analysis exceeded timeout", &[], &[];
    lambda_413: "scenario=lambda-413" => Some(K::Validation), "HTTP 413", &[], &[];
    lambda_429: "scenario=lambda-429" => Some(K::RateLimit), "Rate Exceeded", &[], &[];
    lambda_502: "scenario=lambda-502" => Some(K::Server), "HTTP 502", &[], &[];
    proxy_html: "scenario=proxy-html" => Some(K::Protocol), "502 Bad Gateway", &[], &[];
    redirect_not_followed: "scenario=redirect" => Some(K::WrongEndpoint), "\"/moved\"", &[], &[];
    error_event: "scenario=error-event" => Some(K::Server), "STREAMING_ERROR", &["metadata", "error"], &[];
    orchestrator_error: "scenario=orchestrator-error" => Some(K::Server), "AgentExecutionError", FULL, &[];
    validation_failed: "scenario=validation-failed" => Some(K::Server), "VALIDATION_FAILED", FULL, &[];
    drop_mid_chunk: "scenario=drop-mid-chunk" => Some(K::Interrupted), "may still be running", &["metadata"], &[];
    drop_mid_chunk_in_pieces: "scenario=drop-mid-chunk&piece=4096" => Some(K::Interrupted), "may still be running", &["metadata"], &[];
    stall_after_headers: "scenario=stall" => Some(K::Timeout), "sent nothing for", &[], &[];
    no_complete: "scenario=no-complete" => Some(K::Interrupted), "without a complete or error event", &["metadata", "chunk"], &[];
    hostile_text: "scenario=hostile" => None, "", FULL, &[];
    // The 65 s wait itself is behaviour.rs's; here only its shape.
    slow_without_the_wait: "scenario=slow&delay_ms=0" => None, "", FULL, &[];
    nan_in_analysis: "scenario=nan-in-analysis" => None, "", FULL, &["odd_values"];
    nan_in_events: "scenario=nan-in-events" => None, "", FULL, &["odd_values", "odd_values"];
    broken_escape: "scenario=broken-escape" => None, "", FULL, &["odd_values"];
    lone_surrogate: "scenario=lone-surrogate" => None, "", FULL, &["odd_values"];
    string_wrapped_chunk: "scenario=string-wrapped-chunk" => None, "", FULL, &[];
    unreadable_chunk: "scenario=unreadable-chunk" => Some(K::Protocol), "its one analysis chunk could not be read",
        &["metadata", "unknown", "complete"], &["unknown_event"];
    foreign_json_200: "scenario=foreign-json-200" => Some(K::Protocol), "not an analysis", &[], &[];
    lambda_function_error: "scenario=lambda-function-error" => Some(K::Server), "Lambda KeyError: 'final_decision'", &[], &[];
    lambda_timeout: "scenario=lambda-timeout" => Some(K::Timeout), "Task timed out after 900.00 seconds", &[], &[];
    json_error_in_stream: "scenario=json-error-in-stream" => Some(K::Server), "INTERNAL_ERROR: Agent runtime unavailable", &[], &[];
    html_in_stream: "scenario=html-in-stream" => Some(K::Protocol), "held no event", &[], &[];
    gzip_stream: "scenario=gzip-stream" => None, "", FULL, &[];
    safety_constraints: "scenario=safety-constraints" => None, "", FULL, &[];
    gzip_stream_in_pieces: "scenario=gzip-stream&piece=7" => None, "", FULL, &[];
    unsupported_encoding: "scenario=unsupported-encoding" => Some(K::Protocol), "encoded as \"zstd\"", &[], &[];
    refusal_never_ends: "scenario=refusal-never-ends" => Some(K::Auth), "did not finish within 3 s", &[], &[];
    cdn_blocked: "scenario=cdn-blocked" => Some(K::Blocked), "CloudFront, in front of the analysis service,", &[], &[];
    signature_expired: "scenario=signature-expired" => Some(K::Auth), "sends no credentials", &[], &[];
    unknown_scenario: "scenario=nonsense" => Some(K::Validation), "unknown simulator scenario", &[], &[];
}

#[test]
fn every_scenario_has_a_row() {
    for scenario in skymarshal_sim::Scenario::ALL {
        let query = format!("scenario={}", scenario.name());
        assert!(
            QUERIES
                .iter()
                .any(|q| *q == query || q.starts_with(&format!("{query}&"))),
            "no row plays {query}"
        );
    }
}

#[tokio::test]
async fn the_training_nan_reaches_the_window_as_missing() {
    let ran = check(
        "scenario=nan-in-analysis&fixture=1",
        Expect {
            kind: None,
            phrase: "",
            events: FULL,
            warnings: &["odd_values"],
        },
    )
    .await;
    let chunk = ran
        .events()
        .find(|e| e.event.type_name() == "chunk")
        .unwrap();
    assert!(chunk.data.contains(r#""composite_score":NaN"#));
    let ServerEvent::Chunk { data } = &chunk.event else {
        panic!("a chunk")
    };
    let decision = &data["final_decision"];
    let recommended = decision["solution_options"]
        .as_array()
        .unwrap()
        .iter()
        .find(|o| o["solution_id"] == decision["recommended_solution_id"])
        .unwrap();
    assert!(recommended["composite_score"].is_null());
    assert!(recommended["network_score"].is_null());
    assert!(recommended["safety_score"].is_number());
}

#[tokio::test]
async fn a_complete_analysis_carries_the_fixture_and_the_session() {
    let ran = check("scenario=ok&fixture=1", Expect::success()).await;
    let outcome = &ran.outcome;
    assert!(outcome.request_id.is_some() && outcome.session_id.is_some());
    assert_eq!(outcome.chunks, 1);
    assert!(outcome.execution_time_ms.is_some());
    let chunk = ran.events().find_map(|e| match &e.event {
        ServerEvent::Chunk { data } => Some(data),
        _ => None,
    });
    let chunk = chunk.expect("a chunk");
    assert_eq!(chunk["audit_trail"]["user_prompt"], PROMPT);
    assert_eq!(
        chunk["final_decision"]["solution_options"]
            .as_array()
            .map(Vec::len),
        Some(3)
    );
    assert!(matches!(
        ran.updates.first(),
        Some(Update::Response { status: 200, .. })
    ));
}

#[tokio::test]
async fn buffered_events_are_marked_as_made_by_the_console() {
    let ran = check("scenario=buffered", Expect::success()).await;
    assert!(ran.events().all(|e| e.origin == Origin::Buffered));
    assert!(ran.outcome.session_id.is_some());
}

#[tokio::test]
async fn a_dropped_stream_keeps_what_arrived_and_names_the_request() {
    let ran = check(
        "scenario=drop-mid-chunk",
        Expect {
            kind: Some(K::Interrupted),
            phrase: "middle of an event",
            events: &["metadata"],
            warnings: &[],
        },
    )
    .await;
    let error = ran.outcome.result.as_ref().unwrap_err();
    assert_eq!(error.request_id(), ran.outcome.request_id.as_deref());
    assert!(error.may_still_be_running());
}
