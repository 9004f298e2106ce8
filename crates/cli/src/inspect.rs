//! `skymarshal inspect`: the diagnostic view of a raw event stream, for
//! "streaming not working" and "chunks not appearing". The response head
//! and timings go to stderr; each SSE event goes to stdout as one JSON line
//! `{"event", "data", "id"}` exactly as the parser dispatched it, the
//! format of the conformance fixtures.

use std::io::{Read as _, Write as _};
use std::path::PathBuf;
use std::time::Instant;

use clap::Args;
use serde_json::json;
use skymarshal_core::sse::{Event, Limits, Parser};
use skymarshal_core::{Client, Endpoint, Origin, Update};
use tokio_util::sync::CancellationToken;

use crate::{TimeoutArgs, exit};

const SAMPLE_BODY: &str = r#"{"prompt": "Flight EY123 delayed 2 hours due to weather"}"#;

#[derive(Debug, Args)]
pub(crate) struct InspectArgs {
    /// Send a request to this invoke URL and show its stream.
    #[arg(
        long,
        value_name = "URL",
        required_unless_present = "file",
        conflicts_with = "file"
    )]
    endpoint: Option<String>,
    /// The exact request body to send (default: a sample prompt).
    #[arg(long, value_name = "JSON", requires = "endpoint")]
    body: Option<String>,
    /// Parse a captured response body instead (`-` reads stdin).
    #[arg(long, value_name = "PATH")]
    file: Option<PathBuf>,
    #[command(flatten)]
    timeouts: TimeoutArgs,
}

pub(crate) async fn run(args: InspectArgs) -> anyhow::Result<u8> {
    match (&args.endpoint, &args.file) {
        (_, Some(path)) => inspect_file(path),
        (Some(url), None) => inspect_endpoint(url, args.body.as_deref(), &args.timeouts).await,
        (None, None) => anyhow::bail!("give --endpoint URL or --file PATH"),
    }
}

fn line(event: &Event) -> String {
    json!({"event": event.event, "data": event.data, "id": event.id}).to_string()
}

fn inspect_file(path: &PathBuf) -> anyhow::Result<u8> {
    let mut body = Vec::new();
    if path.as_os_str() == "-" {
        std::io::stdin().read_to_end(&mut body)?;
    } else {
        body = std::fs::read(path)
            .map_err(|e| anyhow::anyhow!("cannot read {}: {e}", path.display()))?;
    }
    let mut parser = Parser::new(Limits::default());
    let mut events = Vec::new();
    let mut stdout = std::io::stdout().lock();
    let mut count = 0usize;
    // Fed in network-sized pieces, as the client would read it.
    for piece in body.chunks(16 * 1024) {
        if let Err(error) = parser.feed(piece, &mut events) {
            eprintln!("skymarshal: the stream breaks a limit: {error}");
            return Ok(exit::code(skymarshal_core::ErrorKind::Protocol));
        }
        for event in events.drain(..) {
            writeln!(stdout, "{}", line(&event))?;
            count += 1;
        }
    }
    let retry = parser.reconnection_time();
    let leftover = parser.finish();
    eprintln!("{count} event(s) in {} bytes", body.len());
    if let Some(retry) = retry {
        eprintln!("retry: {retry} ms");
    }
    if !leftover.is_empty() {
        eprintln!(
            "the stream ends in the middle of an event: {} bytes of an unfinished line and {} bytes of data were never dispatched",
            leftover.unterminated_line_bytes, leftover.undispatched_data_bytes
        );
    }
    Ok(0)
}

async fn inspect_endpoint(
    url: &str,
    body: Option<&str>,
    timeouts: &TimeoutArgs,
) -> anyhow::Result<u8> {
    let endpoint = match Endpoint::parse(url) {
        Ok(endpoint) => endpoint,
        Err(error) => {
            eprintln!("skymarshal: {error}");
            return Ok(exit::code(error.kind()));
        }
    };
    let client = Client::new(timeouts.config()?)?;
    let cancel = CancellationToken::new();
    let on_interrupt = cancel.clone();
    tokio::spawn(async move {
        if tokio::signal::ctrl_c().await.is_ok() {
            on_interrupt.cancel();
        }
    });
    let body = body.unwrap_or(SAMPLE_BODY).as_bytes().to_vec();
    eprintln!("POST {endpoint} ({} bytes)", body.len());
    let started = Instant::now();
    let mut run = client.start_raw(&endpoint, body, cancel);
    let mut stdout = std::io::stdout().lock();
    let mut said_buffered = false;
    while let Some(update) = run.next().await {
        let at = format!("[{:>7.3} s]", started.elapsed().as_secs_f64());
        match update {
            Update::Response { status, headers } => {
                eprintln!("{at} HTTP {status}");
                for (name, value) in headers {
                    eprintln!("  {name}: {value}");
                }
            }
            Update::Event(event) => {
                if event.origin == Origin::Buffered && !said_buffered {
                    said_buffered = true;
                    eprintln!(
                        "{at} a buffered JSON answer, not a stream: the events below were made from it"
                    );
                }
                eprintln!(
                    "{at} event {} ({}, {} bytes)",
                    event.seq,
                    event.event.type_name(),
                    event.data.len()
                );
                let sse = Event {
                    event: event.sse_event,
                    data: event.data,
                    id: event.sse_id,
                };
                writeln!(stdout, "{}", line(&sse))?;
                stdout.flush()?;
            }
            Update::Warning(warning) => eprintln!("{at} warning: {warning}"),
            Update::Finished(outcome) => {
                return Ok(match outcome.result {
                    Ok(()) => {
                        eprintln!("{at} complete");
                        0
                    }
                    Err(error) => {
                        eprintln!("{at} {error}");
                        exit::code(error.kind())
                    }
                });
            }
        }
    }
    anyhow::bail!("the run ended without a verdict")
}
