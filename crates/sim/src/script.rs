//! What one simulated analysis writes, step by step, and the body stream
//! that plays those steps with their pauses, their framing and the
//! network's cuts.

use std::collections::VecDeque;
use std::io::{self, Write as _};
use std::time::{Duration, Instant, SystemTime};

use bytes::Bytes;
use futures_util::Stream;
use serde_json::{Value, json};
use tokio_util::sync::CancellationToken;

use crate::scenario::{Choice, Scenario};
use crate::{fixtures, odd, safety};

/// How often the `heartbeat` scenario writes a comment.
const HEARTBEAT: Duration = Duration::from_millis(500);

/// One thing the body does.
#[derive(Debug)]
enum Step {
    Write(Bytes),
    Pause(Duration),
    /// `complete`, with the true elapsed time when it is written.
    Complete {
        chunk_count: usize,
    },
    /// Break the connection, as a crashed proxy or a lost network would.
    Abort,
}

/// How events are framed on the wire.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Framing {
    Lf,
    Crlf,
    Cr,
    /// The JSON pretty-printed, one `data:` line per line of it.
    MultiLine,
}

/// The identity the simulated server gives one analysis.
#[derive(Debug, Clone)]
pub(crate) struct Identity {
    /// `http://host:port` as the client addressed the simulator, so hostile
    /// payloads point back at it and any request they cause is recorded.
    pub(crate) origin: String,
    pub(crate) request_id: String,
    pub(crate) session_id: String,
    pub(crate) prompt: String,
    pub(crate) fixture: usize,
}

/// The analysis document for a request: the fixture, with the request's
/// own prompt in its audit trail.
pub(crate) fn analysis(identity: &Identity) -> Value {
    let mut document = fixtures::response(identity.fixture);
    if let Some(trail) = document
        .get_mut("audit_trail")
        .and_then(Value::as_object_mut)
    {
        trail.insert("user_prompt".into(), identity.prompt.clone().into());
    }
    document
}

fn now_unix() -> f64 {
    SystemTime::now()
        .duration_since(SystemTime::UNIX_EPOCH)
        .map(|d| d.as_secs_f64())
        .unwrap_or_default()
}

/// The steps of a streamed scenario.
fn steps(choice: &Choice, identity: &Identity) -> (Vec<Step>, Framing) {
    use Scenario as S;
    let pacing = choice.pacing;
    let framing = match choice.scenario {
        S::Crlf => Framing::Crlf,
        S::Cr => Framing::Cr,
        S::MultilineData => Framing::MultiLine,
        _ => Framing::Lf,
    };
    let event = |value: Value| Step::Write(frame(&value, framing));
    let metadata = json!({
        "type": "metadata",
        "request_id": identity.request_id,
        "session_id": identity.session_id,
        "timestamp": now_unix(),
    });
    let chunk = |data: Value| event(json!({"type": "chunk", "data": data}));
    // Text no JSON writer of ours would produce, written as it stands.
    let raw = |text: String| Step::Write(Bytes::from(format!("data: {text}\n\n")));
    let mut steps = Vec::new();
    if choice.scenario == S::Bom {
        steps.push(Step::Write(Bytes::from_static(b"\xEF\xBB\xBF")));
    }
    if choice.scenario == S::NanInEvents {
        steps.push(raw(odd::metadata_with_nan(metadata)));
    } else {
        steps.push(event(metadata));
    }
    match choice.scenario {
        S::MalformedJson => steps.push(Step::Write(Bytes::from_static(
            b"data: {\"type\": \"chunk\", \"data\": {\"status\": oops\n\n",
        ))),
        S::UnknownType => steps.push(event(
            json!({"type": "progress", "agent": "crew_compliance", "percent": 40}),
        )),
        _ => {}
    }
    if choice.scenario == S::Heartbeat {
        let beats = pacing.delay.as_millis() / HEARTBEAT.as_millis();
        for _ in 0..beats {
            steps.push(Step::Pause(HEARTBEAT));
            steps.push(Step::Write(Bytes::from_static(b": agents working\n\n")));
        }
        steps.push(Step::Pause(
            pacing.delay.saturating_sub(HEARTBEAT * beats as u32),
        ));
    } else {
        steps.push(Step::Pause(pacing.delay));
    }
    let mut document = analysis(identity);
    if choice.scenario == S::Hostile {
        poison(&mut document, &identity.origin, &mut 0);
    }
    if choice.scenario == S::SafetyConstraints {
        document = safety::constrained(document);
    }
    match choice.scenario {
        S::ErrorEvent => steps.push(event(json!({
            "type": "error",
            "error_code": "STREAMING_ERROR",
            "error_message": "Agent execution failed: the arbitrator did not return a decision",
        }))),
        S::OrchestratorError => {
            steps.push(chunk(json!({
                "error": "Agent execution failed",
                "error_message": "The arbitrator could not reach its model (ThrottlingException); no decision was made",
                "error_type": "AgentExecutionError",
            })));
            steps.push(Step::Complete { chunk_count: 1 });
        }
        S::ValidationFailed => {
            steps.push(chunk(json!({
                "status": "VALIDATION_FAILED",
                "reason": "The prompt does not identify a flight or a disruption",
                "recommendations": ["Name the flight (for example EY123)", "Say what happened and the expected delay"],
            })));
            steps.push(Step::Complete { chunk_count: 1 });
        }
        S::DropMidChunk => {
            let whole = frame(&json!({"type": "chunk", "data": document}), framing);
            steps.push(Step::Write(whole.slice(..whole.len() / 2)));
            steps.push(Step::Pause(pacing.gap));
            steps.push(Step::Abort);
        }
        S::NoComplete => steps.push(chunk(document)),
        S::NanInAnalysis | S::BrokenEscape | S::LoneSurrogate => {
            let text = match choice.scenario {
                S::NanInAnalysis => odd::non_finite_scores(&document),
                S::BrokenEscape => odd::broken_escape(&document),
                _ => odd::lone_surrogate(&document),
            };
            steps.push(raw(text));
            steps.push(Step::Complete { chunk_count: 1 });
        }
        S::NanInEvents => {
            steps.push(chunk(document));
            steps.push(raw(odd::complete_with_infinity(1)));
        }
        S::StringWrappedChunk => {
            steps.push(chunk(Value::String(document.to_string())));
            steps.push(Step::Complete { chunk_count: 1 });
        }
        S::UnreadableChunk => {
            // The chunk's JSON cut in half, but framed as a whole event.
            let text = json!({"type": "chunk", "data": document}).to_string();
            let mut cut = text.len() / 2;
            while !text.is_char_boundary(cut) {
                cut -= 1;
            }
            steps.push(raw(text[..cut].to_owned()));
            steps.push(Step::Complete { chunk_count: 1 });
        }
        S::MultiChunk => {
            let partials = partial_results(&document);
            let count = pacing.chunks.max(1);
            for partial in partials.into_iter().cycle().take(count - 1) {
                steps.push(chunk(partial));
                steps.push(Step::Pause(pacing.gap));
            }
            steps.push(chunk(document));
            steps.push(Step::Complete { chunk_count: count });
        }
        S::CountMismatch => {
            steps.push(chunk(document));
            steps.push(Step::Complete { chunk_count: 2 });
        }
        _ => {
            steps.push(chunk(document));
            steps.push(Step::Complete { chunk_count: 1 });
        }
    }
    (steps, framing)
}

/// Attacks a renderer must survive, each aimed back at the simulator so
/// that a load it causes shows up in the request log.
fn payloads(origin: &str) -> Vec<String> {
    vec![
        "<script>window.__pwned = 'script'</script>".to_owned(),
        format!("<img src=\"{origin}/__sim/exfil?img\" onerror=\"window.__pwned = 'img'\">"),
        "<svg onload=\"window.__pwned = 'svg'\"><circle r=\"9\"/></svg>".to_owned(),
        format!("<iframe src=\"{origin}/__sim/exfil?iframe\"></iframe>"),
        "<a href=\"JaVaScRiPt:window.__pwned = 'link'\">details</a>".to_owned(),
        "<div onmouseover=\"window.__pwned = 'hover'\" style=\"position:fixed;inset:0\">x</div>"
            .to_owned(),
        format!("![chart]({origin}/__sim/exfil?markdown-image)"),
        format!("<link rel=\"stylesheet\" href=\"{origin}/__sim/exfil?css\">"),
    ]
}

/// Prefixes every text of the document with an attack, leaving the keys
/// that steer the protocol (`status`, `type`, ids) alone.
fn poison(value: &mut Value, origin: &str, n: &mut usize) {
    match value {
        Value::String(text) => {
            let attacks = payloads(origin);
            let attack = &attacks[*n % attacks.len()];
            *n += 1;
            *text = format!("{attack} {text}");
        }
        Value::Array(items) => items.iter_mut().for_each(|v| poison(v, origin, n)),
        Value::Object(map) => {
            for (key, v) in map.iter_mut() {
                if !matches!(
                    key.as_str(),
                    "status" | "type" | "solution_id" | "recommended_solution_id" | "step_number"
                ) {
                    poison(v, origin, n);
                }
            }
        }
        _ => {}
    }
}

/// Each agent's first-round response, as a streaming orchestrator would
/// send them before the full assessment.
fn partial_results(document: &Value) -> Vec<Value> {
    let responses = document
        .pointer("/audit_trail/phase1_initial/responses")
        .and_then(Value::as_object);
    let partials: Vec<Value> = responses
        .map(|r| r.values().cloned().collect())
        .unwrap_or_default();
    if partials.is_empty() {
        vec![json!({"status": "in_progress"})]
    } else {
        partials
    }
}

fn frame(value: &Value, framing: Framing) -> Bytes {
    let (eol, text) = match framing {
        Framing::Lf => ("\n", value.to_string()),
        Framing::Crlf => ("\r\n", value.to_string()),
        Framing::Cr => ("\r", value.to_string()),
        Framing::MultiLine => {
            let pretty = serde_json::to_string_pretty(value).unwrap_or_default();
            let mut out = String::with_capacity(pretty.len() * 2);
            for line in pretty.lines() {
                out.push_str("data: ");
                out.push_str(line);
                out.push('\n');
            }
            out.push('\n');
            return Bytes::from(out);
        }
    };
    Bytes::from(format!("data: {text}{eol}{eol}"))
}

/// Plays the steps as a body stream.
struct Player {
    steps: VecDeque<Step>,
    pending: Bytes,
    piece: Option<usize>,
    framing: Framing,
    started: Instant,
    stop: CancellationToken,
    /// Set when the body goes out gzip-compressed: each write is flushed
    /// through it, so the stream stays a stream.
    gzip: Option<flate2::write::GzEncoder<Vec<u8>>>,
}

impl Player {
    /// Queues `bytes` for the wire, compressed when the body is.
    fn send(&mut self, bytes: Bytes) {
        self.pending = match &mut self.gzip {
            None => bytes,
            Some(encoder) => {
                // Writing to a Vec cannot fail.
                let _ = encoder.write_all(&bytes);
                let _ = encoder.flush();
                Bytes::from(std::mem::take(encoder.get_mut()))
            }
        };
    }

    /// The gzip trailer, once, when the body is compressed.
    fn trailer(&mut self) -> Option<Bytes> {
        let encoder = self.gzip.take()?;
        encoder.finish().ok().map(Bytes::from)
    }
}

/// The body of a streamed scenario.
pub(crate) fn stream(
    choice: &Choice,
    identity: &Identity,
    stop: CancellationToken,
) -> impl Stream<Item = Result<Bytes, io::Error>> + Send + 'static {
    let (steps, framing) = steps(choice, identity);
    let player = Player {
        steps: steps.into(),
        pending: Bytes::new(),
        piece: choice.pacing.piece,
        framing,
        started: Instant::now(),
        stop,
        gzip: (choice.scenario == Scenario::GzipStream)
            .then(|| flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default())),
    };
    futures_util::stream::unfold(player, |mut player| async move {
        loop {
            if !player.pending.is_empty() {
                let size = player.piece.unwrap_or(usize::MAX).min(player.pending.len());
                let out = player.pending.split_to(size);
                return Some((Ok(out), player));
            }
            let Some(step) = player.steps.pop_front() else {
                let trailer = player.trailer()?;
                player.pending = trailer;
                continue;
            };
            match step {
                Step::Write(bytes) => player.send(bytes),
                Step::Pause(duration) => {
                    tokio::select! {
                        () = tokio::time::sleep(duration) => {}
                        () = player.stop.cancelled() => return None,
                    }
                }
                Step::Complete { chunk_count } => {
                    let elapsed = player.started.elapsed().as_millis() as u64;
                    let complete = json!({"type": "complete", "execution_time_ms": elapsed, "chunk_count": chunk_count});
                    let bytes = frame(&complete, player.framing);
                    player.send(bytes);
                }
                Step::Abort => {
                    let error =
                        io::Error::new(io::ErrorKind::ConnectionReset, "simulated connection drop");
                    return Some((Err(error), player));
                }
            }
        }
    })
}

/// A body that sends nothing until the simulator stops: a stall after the
/// headers.
pub(crate) fn stall(
    stop: CancellationToken,
) -> impl Stream<Item = Result<Bytes, io::Error>> + Send + 'static {
    futures_util::stream::once(async move {
        stop.cancelled().await;
        Ok(Bytes::new())
    })
}

/// The buffered form's body: the analysis at the top level of one JSON
/// object, with the envelope fields.
pub(crate) fn buffered_body(identity: &Identity, elapsed: Duration, timestamp: &str) -> Value {
    let mut document = analysis(identity);
    if let Some(object) = document.as_object_mut() {
        object.insert("status".into(), "success".into());
        object.insert("request_id".into(), identity.request_id.clone().into());
        object.insert("session_id".into(), identity.session_id.clone().into());
        object.insert(
            "execution_time_ms".into(),
            (elapsed.as_millis() as u64).into(),
        );
        object.insert("timestamp".into(), timestamp.into());
    }
    document
}
