//! What real deployments send, through the real client. Each field case of
//! `../shared/fixtures/field` (copied into `tests/data/field`, checked
//! against the shared copy) is played byte for byte from a loopback
//! server, beside variants of each kind: every non-finite number or broken
//! escape in every event, every 200 body that is not the shape it claims,
//! every error status whose body is slow or never ends, every refusal that
//! says who refused. One row, one test; every row also checks that exactly
//! one POST was sent, that the run ended within seconds, and that a
//! request without credentials is never told its credentials were refused.

mod support;

use std::io::Write as _;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant, SystemTime};

use skymarshal_core::{
    AnalysisRequest, ClientConfig, Credentials, ErrorKind, ServerEvent, Update, Warning,
};
use support::loopback::{Loopback, Step};
use support::{PROMPT, Ran, run_as};
use tokio_util::sync::CancellationToken;

/// What the server does, and what the console sends it.
struct Play {
    script: Vec<Step>,
    prompt: String,
    credentials: Credentials,
}

impl Play {
    fn new(script: Vec<Step>) -> Self {
        Self {
            script,
            prompt: PROMPT.to_owned(),
            credentials: Credentials::None,
        }
    }

    /// Sent with a bearer token.
    fn signed(mut self) -> Self {
        self.credentials = Credentials::Bearer {
            token: "field-test-token".to_owned(),
        };
        self
    }

    fn prompt(mut self, prompt: String) -> Self {
        self.prompt = prompt;
        self
    }
}

/// What the duty manager must get.
struct Expect {
    /// `None` for a complete analysis.
    kind: Option<ErrorKind>,
    phrases: &'static [&'static str],
    absent: &'static [&'static str],
    events: Option<&'static [&'static str]>,
    warnings: Option<&'static [&'static str]>,
}

const FULL: &[&str] = &["metadata", "chunk", "complete"];

fn ok(warnings: &'static [&'static str]) -> Expect {
    Expect {
        kind: None,
        phrases: &[],
        absent: &[],
        events: Some(FULL),
        warnings: Some(warnings),
    }
}

fn fails(kind: ErrorKind, phrases: &'static [&'static str]) -> Expect {
    Expect {
        kind: Some(kind),
        phrases,
        absent: &[],
        events: None,
        warnings: None,
    }
}

impl Expect {
    fn events(mut self, events: &'static [&'static str]) -> Self {
        self.events = Some(events);
        self
    }
    fn warnings(mut self, warnings: &'static [&'static str]) -> Self {
        self.warnings = Some(warnings);
        self
    }
    fn without(mut self, absent: &'static [&'static str]) -> Self {
        self.absent = absent;
        self
    }
}

async fn check(play: Play, expect: Expect) -> Ran {
    let server = Loopback::start(play.script).await;
    let request = AnalysisRequest::new(play.prompt, None).expect("a valid prompt");
    let mut config = ClientConfig::default();
    // Far above the few seconds an error body is read for, far below the
    // real 330 s: a run that waited for the idle timeout fails the bound.
    config.timeouts.idle = Duration::from_secs(30);
    config.timeouts.total = Duration::from_secs(60);
    let unauthenticated = play.credentials.is_none();
    let started = Instant::now();
    let ran = run_as(
        config,
        server.url(),
        &request,
        play.credentials,
        CancellationToken::new(),
    )
    .await;
    let took = started.elapsed();
    let outcome = &ran.outcome;
    match (&outcome.result, expect.kind) {
        (Ok(()), None) => {}
        (Err(error), Some(kind)) => {
            let message = error.to_string();
            assert_eq!(error.kind(), kind, "{message}");
            for phrase in expect.phrases {
                assert!(message.contains(phrase), "{message:?} lacks {phrase:?}");
            }
            for phrase in expect.absent {
                assert!(!message.contains(phrase), "{message:?} holds {phrase:?}");
            }
            if unauthenticated {
                assert!(
                    !message.contains("refused the credentials"),
                    "a request without credentials: {message}"
                );
            }
        }
        (result, _) => panic!("unexpected result {result:?}"),
    }
    if let Some(events) = expect.events {
        assert_eq!(ran.event_types(), events, "events");
    }
    if let Some(warnings) = expect.warnings {
        assert_eq!(ran.warning_codes(), warnings, "warnings");
    }
    let seqs: Vec<u64> = ran.events().map(|e| e.seq).collect();
    assert_eq!(seqs, (0..seqs.len() as u64).collect::<Vec<_>>(), "gap-free");
    assert_eq!(server.posts(), 1, "exactly one POST");
    assert!(took < Duration::from_secs(20), "the run took {took:?}");
    ran
}

fn data_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/field")
}

/// A field case as its folder gives it: the exact response (or headers,
/// then silence), and its prompt when it has one.
fn field(case: &str) -> Play {
    let dir = data_dir().join(case);
    let script = match std::fs::read(dir.join("response.http")) {
        Ok(bytes) => vec![Step::Send(bytes)],
        Err(_) => {
            let head = std::fs::read(dir.join("response.head")).expect("response.head");
            vec![Step::Send(head), Step::Hold]
        }
    };
    let play = Play::new(script);
    match std::fs::read_to_string(dir.join("prompt.txt")) {
        Ok(prompt) => play.prompt(prompt),
        Err(_) => play,
    }
}

/// A head with these headers, as bytes.
fn head(status: &str, headers: &[(&str, &str)]) -> Vec<u8> {
    let mut text = format!("HTTP/1.1 {status}\r\n");
    for (name, value) in headers {
        text.push_str(&format!("{name}: {value}\r\n"));
    }
    text.push_str("\r\n");
    text.into_bytes()
}

/// A whole response, closed after its body.
fn http(status: &str, headers: &[(&str, &str)], body: impl AsRef<[u8]>) -> Play {
    let body = body.as_ref();
    let length = body.len().to_string();
    let mut all = vec![("Connection", "close"), ("Content-Length", length.as_str())];
    all.extend_from_slice(headers);
    let mut bytes = head(status, &all);
    bytes.extend_from_slice(body);
    Play::new(vec![Step::Send(bytes)])
}

fn json(status: &str, body: &str) -> Play {
    http(status, &[("Content-Type", "application/json")], body)
}

/// A 200 event stream of these `data` lines, each its own event.
fn stream(events: &[&str]) -> Play {
    http(
        "200 OK",
        &[("Content-Type", "text/event-stream")],
        sse(events),
    )
}

fn sse(events: &[&str]) -> Vec<u8> {
    events
        .iter()
        .map(|data| format!("data: {data}\n\n"))
        .collect::<String>()
        .into_bytes()
}

/// Headers and the start of a body that promises more, then silence.
fn stalls(status: &str, headers: &[(&str, &str)], start: &str) -> Play {
    let mut all = vec![("Content-Length", "100000")];
    all.extend_from_slice(headers);
    let mut bytes = head(status, &all);
    bytes.extend_from_slice(start.as_bytes());
    Play::new(vec![Step::Send(bytes), Step::Hold])
}

/// Headers, then `piece` every `every_ms` for ever.
fn trickles(status: &str, headers: &[(&str, &str)], piece: &[u8], every_ms: u64) -> Play {
    let mut all = vec![("Content-Length", "100000000")];
    all.extend_from_slice(headers);
    Play::new(vec![
        Step::Send(head(status, &all)),
        Step::Trickle(piece.to_vec(), Duration::from_millis(every_ms)),
    ])
}

/// The ordinary stream, compressed as `encoding` says.
fn encoded(encoding: &str, content_type: &str, body: &[u8]) -> Play {
    let compressed = match encoding {
        "gzip" => {
            let mut e = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
            e.write_all(body).unwrap();
            e.finish().unwrap()
        }
        "deflate" => {
            let mut e = flate2::write::ZlibEncoder::new(Vec::new(), flate2::Compression::default());
            e.write_all(body).unwrap();
            e.finish().unwrap()
        }
        "br" => {
            let mut out = Vec::new();
            {
                let mut e = brotli::CompressorWriter::new(&mut out, 4096, 5, 22);
                e.write_all(body).unwrap();
            }
            out
        }
        // Bytes nothing here decodes: what matters is the header.
        _ => body.to_vec(),
    };
    http(
        "200 OK",
        &[
            ("Content-Type", content_type),
            ("Content-Encoding", encoding),
        ],
        compressed,
    )
}

fn ordinary() -> Vec<u8> {
    sse(&[META, CHUNK, COMPLETE])
}

fn http_date(offset_secs: i64) -> String {
    let now = SystemTime::now();
    let at = if offset_secs >= 0 {
        now + Duration::from_secs(offset_secs.unsigned_abs())
    } else {
        now - Duration::from_secs(offset_secs.unsigned_abs())
    };
    httpdate::fmt_http_date(at)
}

const META: &str = r#"{"type": "metadata", "request_id": "req-field-1", "session_id": "5d9c3b1a-7e2f-4a6b-8c4d-3e1f0a9b8c72", "timestamp": 1796032800.25}"#;
const CHUNK: &str = r#"{"type": "chunk", "data": {"status": "success", "final_decision": {"final_decision": "Swap EY283 to the standby A350", "confidence": 0.86, "solution_options": [{"solution_id": 1, "composite_score": 81.5}]}}}"#;
const COMPLETE: &str = r#"{"type": "complete", "execution_time_ms": 81234, "chunk_count": 1}"#;
const LAMBDA_ERROR: &str = r#"{"errorMessage": "'final_decision'", "errorType": "KeyError", "stackTrace": ["  File \"/var/task/handler.py\", line 88, in stream"]}"#;
const LAMBDA_TIMEOUT: &str =
    r#"{"errorMessage": "2026-11-30T10:15:00.000Z 3e0f5a2b Task timed out after 900.00 seconds"}"#;
const SANDBOX_TIMEOUT: &str = r#"{"errorType": "Sandbox.Timedout", "errorMessage": "RequestId: 3e0f5a2b Error: Task timed out after 900.00 seconds"}"#;
const UNHANDLED: (&str, &str) = ("X-Amz-Function-Error", "Unhandled");
const AWS_ID: (&str, &str) = ("x-amzn-RequestId", "3e0f5a2b-1c4d-4e6f-8a9b-0c1d2e3f4a5b");
const JSON: (&str, &str) = ("Content-Type", "application/json");
const HTML: (&str, &str) = ("Content-Type", "text/html");
const SSE: (&str, &str) = ("Content-Type", "text/event-stream");
const CLOUDFLARE_PAGE: &str = "<!DOCTYPE html><html><head><title>Attention Required! | Cloudflare</title></head><body><h1>Sorry, you have been blocked</h1><p>This website is using a security service to protect itself from online attacks.</p><p>Cloudflare Ray ID: <strong>8a1b2c3d4e5f6a7b</strong></p></body></html>";
const AKAMAI_PAGE: &str = "<HTML><HEAD>\n<TITLE>Access Denied</TITLE>\n</HEAD><BODY>\n<H1>Access Denied</H1>\n \nYou don't have permission to access \"http&#58;&#47;&#47;api&#46;example&#46;com&#47;\" on this server.<P>\nReference #18.2f3c1002.1796032800.1a2b3c4d\n</BODY>\n</HTML>\n";
const SIGNATURE_EXPIRED: &str = r#"{"message": "Signature expired: 20261130T100000Z is now earlier than 20261130T100500Z (20261130T101000Z - 5 min.)"}"#;

fn long_prompt() -> String {
    let line = "Flight EY283 delayed 3 hours by weather; protect connections, check crew duty. ";
    line.repeat(9000 / line.len() + 1)[..9000].to_owned()
}

macro_rules! cases {
    ($($name:ident: $play:expr => $expect:expr;)*) => {$(
        #[tokio::test]
        async fn $name() {
            check($play, $expect).await;
        }
    )*};
}

use ErrorKind as K;

cases! {
    // The field cases, byte for byte.
    field_01_nan_literal_in_chunk: field("01-nan-literal-in-chunk") => ok(&["odd_values"]);
    field_04_foreign_json_200: field("04-foreign-json-200") => fails(K::Protocol, &["HTTP 200", "not an analysis", "StatusCode"]).events(&[]);
    json_error_in_a_stream_held_open: stalls("200 OK", &[SSE], r#"{"status": "error", "error_code": "INTERNAL_ERROR", "error_message": "Agent runtime unavailable"}"#) => fails(K::Server, &["Agent runtime unavailable", "INTERNAL_ERROR"]).without(&["may still be running"]).events(&[]);
    html_page_in_a_stream_held_open: stalls("200 OK", &[SSE], "<html><head><title>Sign in to Wi-Fi</title></head><body>") => fails(K::Protocol, &["Sign in to Wi-Fi"]).without(&["may still be running"]).events(&[]);
    field_05_json_error_body_in_event_stream: field("05-json-error-body-in-event-stream") => fails(K::Server, &["Agent runtime unavailable (pq4 upstream 503)", "INTERNAL_ERROR", "0b7e4d2a-6c1f-4e8a-9d3b-2f5a7c9e1b40"]).without(&["may still be running"]).events(&[]);
    field_07_error_status_body_never_ends: field("07-error-status-body-never-ends") => fails(K::Auth, &["HTTP 403", "did not finish within 3 s", "sends no credentials", "3e0f5a2b-1c4d-4e6f-8a9b-0c1d2e3f4a5b"]).events(&[]);
    field_08_cloudfront_waf_403: field("08-cloudfront-waf-403") => fails(K::Blocked, &["CloudFront, in front of the analysis service,", "blocked the request", "HTTP 403", "very long prompt", "9000 characters", "CaSeEXAMPLE"]).without(&["credentials"]).events(&[]);

    // Non-finite numbers, broken escapes and lone surrogates, in every event.
    nan_in_metadata: stream(&[r#"{"type": "metadata", "request_id": "r", "session_id": "s", "timestamp": NaN}"#, CHUNK, COMPLETE]) => ok(&["odd_values"]);
    infinity_in_chunk: stream(&[META, r#"{"type": "chunk", "data": {"final_decision": {"solution_options": [{"composite_score": Infinity, "cost_score": -Infinity}]}}}"#, COMPLETE]) => ok(&["odd_values"]);
    minus_infinity_in_complete: stream(&[META, CHUNK, r#"{"type": "complete", "execution_time_ms": -Infinity, "chunk_count": 1}"#]) => ok(&["odd_values"]);
    overflowing_number_in_chunk: stream(&[META, r#"{"type": "chunk", "data": {"final_decision": {"confidence": 1e999}}}"#, COMPLETE]) => ok(&["odd_values"]);
    nan_in_error_event: stream(&[META, r#"{"type": "error", "error_code": "STREAMING_ERROR", "error_message": "score was NaN", "score": NaN}"#]) => fails(K::Server, &["STREAMING_ERROR", "score was NaN"]).events(&["metadata", "error"]).warnings(&["odd_values"]);
    broken_escape_in_chunk: stream(&[META, r#"{"type": "chunk", "data": {"final_decision": {"final_decision": "Swap at C:\gates\B12"}}}"#, COMPLETE]) => ok(&["odd_values"]);
    lone_surrogate_in_chunk: stream(&[META, r#"{"type": "chunk", "data": {"final_decision": {"recommendations": ["Rebook \ud83d passengers"]}}}"#, COMPLETE]) => ok(&["odd_values"]);
    broken_escape_in_metadata: stream(&[r#"{"type": "metadata", "request_id": "r\x41", "session_id": "s"}"#, CHUNK, COMPLETE]) => ok(&["odd_values"]);
    odd_values_across_several_chunks: stream(&[META, r#"{"type": "chunk", "data": {"agent": "crew", "confidence": NaN}}"#, r#"{"type": "chunk", "data": {"final_decision": {"confidence": Infinity}}}"#, r#"{"type": "complete", "chunk_count": 2}"#]) => ok(&["odd_values", "odd_values"]).events(&["metadata", "chunk", "chunk", "complete"]);
    string_wrapped_document: stream(&[META, r#"{"type": "chunk", "data": "{\"status\": \"success\", \"final_decision\": {\"confidence\": 0.86}}"}"#, COMPLETE]) => ok(&[]);
    string_wrapped_document_with_nan: stream(&[META, r#"{"type": "chunk", "data": "{\"final_decision\": {\"confidence\": NaN}}"}"#, COMPLETE]) => ok(&["odd_values"]);
    only_chunk_unreadable: stream(&[META, r#"{"type": "chunk", "data": {"status": "success", "final_decision": {"confidence": 0.8}"#, COMPLETE]) => fails(K::Protocol, &["its one analysis chunk could not be read", "event 1", "cut short", "req-field-1"]).events(&["metadata", "unknown", "complete"]).warnings(&["unknown_event"]);
    every_chunk_unreadable: stream(&[META, "{not json", "{\"type\": \"chunk\", \"data\": NaN}", r#"{"type": "complete", "chunk_count": 2}"#]) => fails(K::Protocol, &["none of its 2 analysis chunks could be read", "event 1", "event 2"]).events(&["metadata", "unknown", "chunk", "complete"]);
    complete_without_the_chunk_it_counts: stream(&[META, COMPLETE]) => fails(K::Protocol, &["could not be read", "none arrived"]).events(&["metadata", "complete"]);

    // 200 JSON bodies: a buffered success only in the buffered form's shape.
    api_gateway_proxy_shape_200: json("200 OK", r#"{"statusCode": 200, "headers": {"Content-Type": "text/event-stream"}, "body": "data: {}"}"#) => fails(K::Protocol, &["not an analysis", "statusCode"]).events(&[]);
    json_array_200: json("200 OK", "[]") => fails(K::Protocol, &["not an analysis", "a JSON list of 0 items"]);
    health_answer_200: json("200 OK", r#"{"status": "healthy", "version": "1.4.2"}"#) => fails(K::Protocol, &["not an analysis", "healthy"]);
    not_json_200: json("200 OK", "OK") => fails(K::Protocol, &["not an analysis", "“OK”"]);
    empty_json_200: json("200 OK", "") => fails(K::Protocol, &["not an analysis", "an empty body"]);
    buffered_success_with_nan: json("200 OK", r#"{"status": "success", "request_id": "r", "session_id": "s", "execution_time_ms": 5, "final_decision": {"confidence": NaN}}"#) => ok(&["odd_values"]);
    buffered_server_error_200: json("200 OK", r#"{"status": "error", "request_id": "r-7", "error_code": "TIMEOUT", "error_message": "Agent analysis exceeded timeout"}"#) => fails(K::Server, &["TIMEOUT", "r-7"]).events(&["metadata", "error"]);
    html_200: http("200 OK", &[HTML], "<html><head><title>Sign in to the hotel Wi-Fi</title></head></html>") => fails(K::Protocol, &["Sign in to the hotel Wi-Fi"]);

    // Lambda's own failures, on any status.
    lambda_unhandled_on_200: http("200 OK", &[JSON, UNHANDLED, AWS_ID], LAMBDA_ERROR) => fails(K::Server, &["Lambda KeyError: 'final_decision'", "3e0f5a2b-1c4d"]).events(&[]);
    lambda_unhandled_on_502: http("502 Bad Gateway", &[JSON, UNHANDLED], LAMBDA_ERROR) => fails(K::Server, &["HTTP 502, Lambda KeyError"]);
    lambda_unhandled_on_event_stream: http("200 OK", &[SSE, UNHANDLED], LAMBDA_ERROR) => fails(K::Server, &["Lambda KeyError"]).events(&[]);
    lambda_error_body_without_header: json("200 OK", LAMBDA_ERROR) => fails(K::Server, &["Lambda KeyError"]);
    lambda_error_body_in_event_stream: http("200 OK", &[SSE], LAMBDA_ERROR) => fails(K::Server, &["Lambda KeyError"]);
    lambda_unhandled_without_body: http("502 Bad Gateway", &[UNHANDLED], "") => fails(K::Server, &["Lambda Unhandled"]);
    lambda_task_timed_out: http("200 OK", &[JSON, UNHANDLED], LAMBDA_TIMEOUT) => fails(K::Timeout, &["ran out of time", "Task timed out after 900.00 seconds"]);
    lambda_sandbox_timed_out_on_502: http("502 Bad Gateway", &[JSON, UNHANDLED, AWS_ID], SANDBOX_TIMEOUT) => fails(K::Timeout, &["ran out of time", "3e0f5a2b-1c4d"]);

    // A 200 event stream that yields no event: judged by its bytes.
    empty_event_stream: stream(&[]) => fails(K::Protocol, &["its body was empty"]).events(&[]);
    html_in_event_stream: http("200 OK", &[SSE], "<html><body>Please log in to continue</body></html>") => fails(K::Protocol, &["held no event", "Please log in"]);
    lambda_message_in_event_stream: http("200 OK", &[SSE], r#"{"Message": "Internal Server Error"}"#) => fails(K::Server, &["Internal Server Error"]);
    only_comments_then_close: http("200 OK", &[SSE], ": agents working\n\n: agents working\n\n") => fails(K::Interrupted, &["without a complete or error event"]);

    // Content-Encoding: what reqwest decodes is read; anything else refused by name.
    gzip_stream: encoded("gzip", "text/event-stream", &ordinary()) => ok(&[]);
    deflate_stream: encoded("deflate", "text/event-stream", &ordinary()) => ok(&[]);
    brotli_stream: encoded("br", "text/event-stream", &ordinary()) => ok(&[]);
    gzip_buffered_answer: encoded("gzip", "application/json", br#"{"status": "success", "request_id": "r", "session_id": "s", "final_decision": {"confidence": 0.5}}"#) => ok(&[]);
    zstd_stream_refused: encoded("zstd", "text/event-stream", &ordinary()) => fails(K::Protocol, &["encoded as \"zstd\"", "gzip, deflate and br"]).events(&[]);
    unknown_encoding_refused: encoded("x-snappy", "text/event-stream", &ordinary()) => fails(K::Protocol, &["\"x-snappy\""]);
    corrupt_gzip_stream: http("200 OK", &[SSE, ("Content-Encoding", "gzip")], "this is not gzip at all") => fails(K::Protocol, &["could not be decoded"]);
    unknown_encoding_on_a_refusal: http("403 Forbidden", &[JSON, ("Content-Encoding", "zstd")], "(\u{b5}/\u{fd}") => fails(K::Auth, &["HTTP 403", "encoded as \"zstd\"", "sends no credentials"]);

    // Error statuses whose body is slow or never ends.
    never_ending_403_signed: stalls("403 Forbidden", &[JSON, AWS_ID], "") .signed() => fails(K::Auth, &["refused the credentials (HTTP 403: its body did not finish within 3 s"]);
    trickling_401: trickles("401 Unauthorized", &[JSON], b" ", 200) => fails(K::Auth, &["HTTP 401", "did not finish within 3 s", "sends no credentials"]);
    slow_500_with_a_partial_body: stalls("500 Internal Server Error", &[JSON, AWS_ID], r#"{"status": "error", "error_code": "INTERNAL_ERROR", "error_mess"#) => fails(K::Server, &["HTTP 500", "did not finish within 3 s", "3e0f5a2b-1c4d"]);
    never_ending_502_page: stalls("502 Bad Gateway", &[HTML], "<html><head><title>502 Bad Gateway</title></head><body>") => fails(K::Protocol, &["502 Bad Gateway", "did not finish within 3 s"]);
    empty_500: http("500 Internal Server Error", &[], "") => fails(K::Server, &["HTTP 500", "an empty body"]);
    plain_500: http("500 Internal Server Error", &[("Content-Type", "text/plain")], "Internal Server Error") => fails(K::Server, &["HTTP 500", "Internal Server Error"]);
    never_ending_500_without_an_id: stalls("500 Internal Server Error", &[("Content-Type", "text/plain")], "") => fails(K::Server, &["HTTP 500", "did not finish within 3 s"]);
    never_ending_413: stalls("413 Request Entity Too Large", &[JSON], "") => fails(K::Validation, &["HTTP 413", "Shorten the prompt"]);
    flooding_502: trickles("502 Bad Gateway", &[("Content-Type", "text/plain")], &[b'x'; 8192], 1) => fails(K::Server, &["HTTP 502", "longer than 64 KiB"]);

    // Who refused: a CDN or firewall, a clock, API Gateway, IAM, no credentials.
    cloudflare_block_page: http("403 Forbidden", &[HTML, ("Server", "cloudflare"), ("CF-RAY", "8a1b2c3d4e5f6a7b-AUH")], CLOUDFLARE_PAGE).prompt(long_prompt()) => fails(K::Blocked, &["Cloudflare", "blocked the request", "9000 characters", "8a1b2c3d4e5f6a7b-AUH"]).without(&["credentials"]);
    akamai_block_page: http("403 Forbidden", &[HTML, ("Server", "AkamaiGHost")], AKAMAI_PAGE).signed() => fails(K::Blocked, &["Akamai", "Access Denied", "18.2f3c1002.1796032800.1a2b3c4d"]).without(&["refused the credentials"]);
    aws_waf_json_block: json("403 Forbidden", r#"{"message": "Request blocked by AWS WAF"}"#).signed() => fails(K::Blocked, &["AWS WAF, in front"]);
    signature_expired_on_a_clock_far_off: http("403 Forbidden", &[JSON, ("Date", &http_date(600))], SIGNATURE_EXPIRED).signed() => fails(K::Auth, &["This computer's clock is about 10 min behind", "Signature expired"]).without(&["refused the credentials"]);
    cloudfront_403_with_no_body: http("403 Forbidden", &[("Server", "CloudFront"), ("X-Cache", "Error from cloudfront")], "") => fails(K::Blocked, &["CloudFront", "blocked the request"]).without(&["credentials"]);
    cloudfront_403_whose_body_never_comes: stalls("403 Forbidden", &[HTML, ("Server", "CloudFront"), ("X-Cache", "Error from cloudfront")], "") => fails(K::Blocked, &["CloudFront"]).without(&["credentials"]);
    function_403_through_cloudfront_with_no_body: http("403 Forbidden", &[("Server", "CloudFront"), AWS_ID], "").signed() => fails(K::Auth, &["refused the credentials"]);
    signature_expired_unsigned: http("403 Forbidden", &[JSON, ("Date", &http_date(600))], SIGNATURE_EXPIRED) => fails(K::Auth, &["sends no credentials", "Signature expired"]).without(&["clock"]);
    signature_expired_without_a_date: http("403 Forbidden", &[JSON], SIGNATURE_EXPIRED).signed() => fails(K::Auth, &["clock is probably wrong"]);
    api_gateway_missing_token: json("403 Forbidden", r#"{"message":"Missing Authentication Token"}"#) => fails(K::WrongEndpoint, &["Missing Authentication Token", "Lambda Function URL"]);
    iam_invalid_security_token: json("403 Forbidden", r#"{"message":"The security token included in the request is invalid."}"#).signed() => fails(K::Auth, &["refused the credentials", "The security token included in the request is invalid.", "signature was not accepted"]);
    iam_expired_token_signed: json("403 Forbidden", r#"{"message":"The security token included in the request is expired"}"#).signed() => fails(K::Auth, &["have expired"]);
    unauthenticated_403: json("403 Forbidden", r#"{"Message":"Forbidden. For troubleshooting Function URL authorization issues, see: https://docs.aws.amazon.com/lambda/latest/dg/urls-auth.html"}"#) => fails(K::Auth, &["refused the request (HTTP 403: Forbidden.", "sends no credentials"]);
    unauthenticated_401_empty: http("401 Unauthorized", &[], "") => fails(K::Auth, &["HTTP 401: an empty body", "sends no credentials"]);
}

#[tokio::test]
async fn the_nan_case_shows_the_analysis_with_one_value_missing() {
    let ran = check(field("01-nan-literal-in-chunk"), ok(&["odd_values"])).await;
    let chunk = ran
        .events()
        .find(|e| e.event.type_name() == "chunk")
        .unwrap();
    // The history keeps the exact text; the window gets the value as null.
    assert!(chunk.data.contains(r#""composite_score": NaN"#));
    let ServerEvent::Chunk { data } = &chunk.event else {
        panic!("a chunk")
    };
    let option = &data["final_decision"]["solution_options"][0];
    assert!(option["composite_score"].is_null());
    assert_eq!(option["safety_score"], 92.0);
    assert_eq!(data["final_decision"]["confidence"], 0.86);
    let window = serde_json::to_value(&chunk.event).unwrap();
    assert!(window["data"]["final_decision"]["solution_options"][0]["composite_score"].is_null());
    let warning = ran
        .updates
        .iter()
        .find_map(|u| match u {
            Update::Warning(w @ Warning::OddValues { .. }) => Some(w.to_string()),
            _ => None,
        })
        .unwrap();
    assert!(
        warning.contains(
            "final_decision.solution_options[0].composite_score was not a number, shown as missing"
        ),
        "{warning}"
    );
    assert!(warning.starts_with("event 1 (chunk)"), "{warning}");
}

#[tokio::test]
async fn a_refusal_is_reported_without_waiting_for_the_idle_timeout() {
    // The real defaults, idle timeout included: only the error body's own
    // bound can end this run within seconds.
    let server = Loopback::start(field("07-error-status-body-never-ends").script).await;
    let request = AnalysisRequest::new(PROMPT, None).unwrap();
    let started = Instant::now();
    let ran = run_as(
        ClientConfig::default(),
        server.url(),
        &request,
        Credentials::None,
        CancellationToken::new(),
    )
    .await;
    assert!(started.elapsed() < Duration::from_secs(10));
    assert_eq!(ran.outcome.result.unwrap_err().kind(), ErrorKind::Auth);
    assert_eq!(server.posts(), 1);
}

#[tokio::test]
async fn the_console_asks_for_the_encodings_it_decodes() {
    let server = Loopback::start(field("01-nan-literal-in-chunk").script).await;
    let request = AnalysisRequest::new(PROMPT, None).unwrap();
    run_as(
        ClientConfig::default(),
        server.url(),
        &request,
        Credentials::None,
        CancellationToken::new(),
    )
    .await;
    let sent = server.requests().remove(0).to_ascii_lowercase();
    let accept = sent
        .lines()
        .find_map(|l| l.strip_prefix("accept-encoding:"))
        .unwrap_or_default();
    for encoding in ["gzip", "deflate", "br"] {
        assert!(accept.contains(encoding), "{sent}");
    }
}

/// Every field case of `../shared` is here, byte for byte, so a change to
/// the shared cases fails until the copies (and their rows) follow.
#[test]
fn the_field_copies_match_the_shared_cases() {
    let shared = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../shared/fixtures/field");
    if !shared.is_dir() {
        return; // A checkout without ../shared has only the copies.
    }
    let files = |root: &Path| -> Vec<PathBuf> {
        let mut found = Vec::new();
        let mut folders = vec![root.to_path_buf()];
        while let Some(folder) = folders.pop() {
            for entry in std::fs::read_dir(&folder).unwrap() {
                let path = entry.unwrap().path();
                if path.is_dir() {
                    folders.push(path);
                } else {
                    found.push(path.strip_prefix(root).unwrap().to_path_buf());
                }
            }
        }
        found.sort();
        found
    };
    let theirs = files(&shared);
    assert!(!theirs.is_empty());
    assert_eq!(files(&data_dir()), theirs, "the same files");
    for file in theirs {
        assert_eq!(
            std::fs::read(data_dir().join(&file)).unwrap(),
            std::fs::read(shared.join(&file)).unwrap(),
            "{} differs from the shared copy",
            file.display()
        );
    }
}
