//! `skymarshal analyze`: one analysis, with progress on stderr as it
//! arrives and the decision on stdout at the end (or, with `--json`, each
//! protocol event on stdout as one JSON line the moment it arrives). A run
//! on a configured environment is recorded in the history as the console
//! records its own, through the app's recorder: the run before it is sent,
//! each update committed before it is printed.

use std::io::Write as _;
use std::time::{Duration, Instant};

use clap::Args;
use serde_json::{Value, json};
use skymarshal_app::Recorder;
use skymarshal_core::{AnalysisRequest, Client, Endpoint, Error, ServerEvent, Update};
use tokio_util::sync::CancellationToken;

use crate::{TimeoutArgs, console, exit, report};

/// How often the human output says it is still waiting.
const WAITING_NOTE: Duration = Duration::from_secs(15);

#[derive(Debug, Args)]
pub(crate) struct AnalyzeArgs {
    /// The invoke URL (the Lambda Function URL, or the simulator's).
    #[arg(
        long,
        value_name = "URL",
        required_unless_present = "env",
        conflicts_with = "env"
    )]
    endpoint: Option<String>,
    /// A configured environment, by name (see `skymarshal envs`).
    #[arg(long, value_name = "NAME")]
    env: Option<String>,
    /// Continue this server session (the session id a previous run printed).
    #[arg(long, value_name = "ID")]
    session: Option<String>,
    /// Print each protocol event as one JSON line on stdout as it arrives.
    #[arg(long)]
    json: bool,
    /// Do not record the run in the history (a run on an environment is
    /// recorded, as the console records it; one on --endpoint never is).
    #[arg(long)]
    no_record: bool,
    /// Send even when the prompt names a flight another desk has claimed
    /// (without it, such a prompt is not sent and the claim is named).
    #[arg(long)]
    despite_claim: bool,
    #[command(flatten)]
    timeouts: TimeoutArgs,
    /// The disruption, in words (several words are joined with spaces).
    #[arg(required = true, value_name = "PROMPT")]
    prompt: Vec<String>,
}

pub(crate) async fn run(args: AnalyzeArgs) -> anyhow::Result<u8> {
    let mut credentials = skymarshal_core::Credentials::None;
    let mut environment = None;
    let (url, config) = match &args.env {
        Some(name) => match crate::envs::find(name) {
            Ok(spec) => {
                match skymarshal_app::credentials_for(&spec, &skymarshal_secrets::Vault::new())
                    .await
                {
                    Ok(found) => credentials = found,
                    Err(error) => {
                        eprintln!("skymarshal: {error}");
                        return Ok(exit::code(skymarshal_core::ErrorKind::Auth));
                    }
                }
                let timeouts = spec.timeouts;
                environment = Some(spec.name);
                (spec.invoke_url, args.timeouts.config_over(timeouts)?)
            }
            Err(code) => return Ok(code),
        },
        None => (
            args.endpoint.clone().unwrap_or_default(),
            args.timeouts.config()?,
        ),
    };
    // AWS keys that expire before the analysis could end are refused
    // before anything is recorded or sent; the core checks again just
    // before signing.
    if let Err(error) = credentials.aws_keys_for(config.timeouts.total).await {
        return Ok(fail(&error));
    }
    let prepared = AnalysisRequest::new(args.prompt.join(" "), args.session.as_deref())
        .and_then(|request| Ok((request, Endpoint::parse(&url)?)));
    let (request, endpoint) = match prepared {
        Ok(prepared) => prepared,
        Err(error) => return Ok(fail(&error)),
    };
    let client = match Client::new(config) {
        Ok(client) => client,
        Err(error) => return Ok(fail(&error)),
    };
    let cancel = CancellationToken::new();
    let on_interrupt = cancel.clone();
    tokio::spawn(async move {
        if tokio::signal::ctrl_c().await.is_ok() {
            on_interrupt.cancel();
        }
    });

    if environment.is_some()
        && !args.despite_claim
        && let Some(code) = claimed_elsewhere(request.prompt()).await
    {
        return Ok(code);
    }
    if !args.json {
        let session = request
            .session_id()
            .map_or("a new session".to_owned(), |id| format!("session {id}"));
        eprintln!("Sending to {endpoint} ({session})");
    }
    let recorder = match environment.filter(|_| !args.no_record) {
        Some(environment) => begin_recording(&environment, &request).await,
        None => None,
    };
    let mut record_failed = false;
    let started = Instant::now();
    // As in the console, a run's span names its environment, so every log
    // line of the run does; the core's analysis span nests inside it.
    let span = match &args.env {
        Some(name) => tracing::info_span!("run", environment = %name),
        None => tracing::info_span!("run"),
    };
    let mut run = span.in_scope(|| client.start_with(&endpoint, &request, credentials, cancel));
    let mut analysis: Option<Value> = None;
    let mut ticker =
        tokio::time::interval_at(tokio::time::Instant::now() + WAITING_NOTE, WAITING_NOTE);
    let mut stdout = std::io::stdout().lock();
    loop {
        // `next` is polled to completion; the ticker only adds notes.
        let next = run.next();
        tokio::pin!(next);
        let update = loop {
            tokio::select! {
                update = &mut next => break update,
                _ = ticker.tick(), if !args.json => {
                    eprintln!("  waiting for the agents, {} s so far", started.elapsed().as_secs());
                }
            }
        };
        let Some(update) = update else { break };
        // Committed to the history before it is printed, as in the console.
        // A history that fails costs the record, never the analysis.
        if let Some(recorder) = &recorder
            && let Err(error) = recorder.record(&update).await
            && !record_failed
        {
            record_failed = true;
            eprintln!("warning: this run is no longer being saved to the history: {error}");
        }
        if let Update::Event(event) = &update {
            if let ServerEvent::Chunk { data } = &event.event
                && data.get("final_decision").is_some()
            {
                analysis = Some(data.clone());
            }
            ticker.reset();
        }
        if args.json {
            if let Update::Event(event) = &update {
                writeln!(stdout, "{}", json_line(&event.data, &event.event))?;
                stdout.flush()?;
            }
            if let Update::Warning(warning) = &update {
                eprintln!("warning: {warning}");
            }
        } else if let Some(line) = report::progress(&update, started.elapsed()) {
            eprintln!("{line}");
        }
        if let Update::Finished(outcome) = update {
            return Ok(match outcome.result {
                Ok(()) => {
                    if !args.json {
                        let text = report::summary(analysis.as_ref(), &outcome);
                        write!(stdout, "{text}")?;
                    }
                    if let Some(recorder) = &recorder {
                        let uid = recorder.run_uid();
                        let line = format!(
                            "Run {uid} is in the history: decide on it with `skymarshal decide \
                             {uid} --accept N --rationale TEXT`."
                        );
                        if args.json {
                            eprintln!("{line}");
                        } else {
                            writeln!(stdout, "\n{line}")?;
                        }
                    }
                    0
                }
                Err(error) => fail(&error),
            });
        }
    }
    anyhow::bail!("the run ended without a verdict")
}

/// The run recorded in the history before it is sent; `None`, with a
/// warning, when the history cannot take it (the analysis goes on).
/// How long the claims are brought up to date before sending; past it,
/// this desk's copy as of its last sync answers.
const CLAIMS_SYNC_WAIT: Duration = Duration::from_secs(5);

/// When the prompt names a flight another desk holds, says who and since
/// when in one line, and answers the exit code; `None` to send. The
/// claims are synced first (a CLI desk has no background sync), so a claim
/// made a moment ago on another desk counts; with the team store away,
/// this desk's copy answers and the line says how old it is.
async fn claimed_elsewhere(prompt: &str) -> Option<u8> {
    let console = console::open_desk().await.ok()?;
    skymarshal_app::flights_in(prompt).first()?;
    let synced = tokio::time::timeout(CLAIMS_SYNC_WAIT, console.team_sync_now()).await;
    let stale = match synced {
        Ok(Ok(_)) => String::new(),
        _ => match console.team_status().await.last_sync_ms {
            Some(ms) => format!(
                " (the team store did not answer; claims as of {})",
                skymarshal_app::zulu_minutes(ms)
            ),
            None => " (the team store did not answer and this desk never synced)".to_owned(),
        },
    };
    let held = match console.claims_for_prompt(prompt).await {
        Ok(held) => held,
        Err(error) => {
            eprintln!("warning: the claims could not be checked: {error}");
            return None;
        }
    };
    let named: Vec<String> = held
        .iter()
        .map(|claim| {
            let by = claim
                .operator
                .as_deref()
                .map(|n| format!(" ({n})"))
                .unwrap_or_default();
            format!(
                "{} is claimed by desk {}{by} since {}, until {}",
                claim.flight,
                claim.desk,
                skymarshal_app::zulu_minutes(claim.since_ms),
                skymarshal_app::zulu_minutes(claim.lease_until_ms)
            )
        })
        .collect();
    (!named.is_empty()).then(|| {
        eprintln!(
            "skymarshal: {}{stale}; nothing was sent: talk to that desk, or send anyway with \
             --despite-claim.",
            named.join("; ")
        );
        exit::FLIGHT_CLAIMED
    })
}

async fn begin_recording(environment: &str, request: &AnalysisRequest) -> Option<Recorder> {
    let recorded = match console::open().await {
        Ok(console) => {
            console
                .record_run(
                    environment,
                    request.session_id().map(skymarshal_core::SessionId::as_str),
                    request.prompt(),
                )
                .await
        }
        Err(error) => Err(error),
    };
    match recorded {
        Ok(recorder) => {
            eprintln!("Recording in the history as run {}", recorder.run_uid());
            Some(recorder)
        }
        Err(error) => {
            eprintln!("warning: this run is not being saved to the history: {error}");
            None
        }
    }
}

/// The event as the server sent it; for data that is not strict JSON but
/// was read once repaired (a bare `NaN`, a broken escape), the event as
/// the console read it, odd values as `null` (stderr names them); for data
/// that could not be read at all, a wrapper that keeps it raw.
fn json_line(data: &str, event: &ServerEvent) -> String {
    if let Ok(value) = serde_json::from_str::<Value>(data) {
        return value.to_string();
    }
    match event {
        ServerEvent::Unknown { reason } => {
            json!({"type": "unparsed", "data": data, "reason": reason}).to_string()
        }
        read => serde_json::to_string(read).unwrap_or_default(),
    }
}

fn fail(error: &Error) -> u8 {
    eprintln!("skymarshal: {error}");
    exit::code(error.kind())
}
