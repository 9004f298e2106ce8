//! Where the programs' logs go: a file per day in the log folder (kept
//! for two weeks), always, so that support has something to read after
//! the fact; and the terminal, briefly by default or in full with
//! `--verbose`. `RUST_LOG` refines both. Secrets never reach a log: no
//! code path formats one (the canary tests read every log file).

use tracing_appender::rolling::{RollingFileAppender, Rotation};
use tracing_subscriber::field::RecordFields;
use tracing_subscriber::fmt::FormatFields;
use tracing_subscriber::fmt::format::{DefaultFields, Writer};
use tracing_subscriber::layer::SubscriberExt as _;
use tracing_subscriber::util::SubscriberInitExt as _;
use tracing_subscriber::{EnvFilter, Layer as _};

/// Keeps the file writer flushing; hold it until the program ends.
#[derive(Debug)]
pub struct LogGuard {
    _file: Option<tracing_appender::non_blocking::WorkerGuard>,
}

/// How many daily files are kept.
const KEEP_FILES: usize = 14;

/// Lines the file's writer holds while its thread catches up; past that,
/// lines are dropped rather than a run waiting on the disk. The console
/// writes a few lines a run; tracing-appender's default, 128,000, is a
/// queue whose every slot is written when it is made: 4 MB of the
/// console's memory from start to end (figures: `_app_pss`).
const BUFFERED_LINES: usize = 4096;

/// Starts logging for `program` (the file's name): to the log folder at
/// `file_level`, and to stderr at `terminal_level` (or everything of ours
/// with `verbose`).
pub fn init_logging(
    program: &str,
    verbose: bool,
    file_level: &str,
    terminal_level: &str,
) -> LogGuard {
    let dir = crate::paths::log_dir();
    let filter = |default: &str| {
        let filter = EnvFilter::try_from_default_env().unwrap_or_else(|_| EnvFilter::new(default));
        quiet_aws(filter)
    };
    // Colour only for a terminal: redirected to a file or a pipe, escape
    // codes would be noise in what support reads.
    let terminal = tracing_subscriber::fmt::layer()
        .with_writer(std::io::stderr)
        .with_ansi(std::io::IsTerminal::is_terminal(&std::io::stderr()))
        .with_target(false)
        .with_filter(filter(if verbose {
            "info,skymarshal=debug"
        } else {
            terminal_level
        }));
    let appender = std::fs::create_dir_all(&dir)
        .map_err(|e| e.to_string())
        .and_then(|()| {
            RollingFileAppender::builder()
                .rotation(Rotation::DAILY)
                .filename_prefix(program)
                .filename_suffix("log")
                .max_log_files(KEEP_FILES)
                .build(&dir)
                .map_err(|e| e.to_string())
        });
    match appender {
        Ok(appender) => {
            let (writer, guard) = tracing_appender::non_blocking::NonBlockingBuilder::default()
                .buffered_lines_limit(BUFFERED_LINES)
                .finish(appender);
            let file = tracing_subscriber::fmt::layer()
                .fmt_fields(FileFields)
                .with_writer(writer)
                .with_ansi(false)
                .with_filter(filter(file_level));
            let _ = tracing_subscriber::registry()
                .with(terminal)
                .with(file)
                .try_init();
            LogGuard { _file: Some(guard) }
        }
        Err(error) => {
            let _ = tracing_subscriber::registry().with(terminal).try_init();
            let problem = format!("no log file in {}: {error}", dir.display());
            tracing::warn!(%problem, "logging to the terminal only");
            LogGuard { _file: None }
        }
    }
}

/// The file layer's field formatter: the default format under a type of
/// its own. Two `fmt` layers with the same formatter type share one copy
/// of each span's formatted fields, and each appends to it when a field is
/// recorded later (the request id, once `metadata` arrives), so every line
/// named it twice. A distinct type gives each layer its own copy.
#[derive(Debug, Default)]
struct FileFields;

impl<'writer> FormatFields<'writer> for FileFields {
    fn format_fields<R: RecordFields>(
        &self,
        writer: Writer<'writer>,
        fields: R,
    ) -> std::fmt::Result {
        DefaultFields::new().format_fields(writer, fields)
    }
}

/// The AWS SDK's own targets, off whatever `RUST_LOG` asks: a
/// `credential_process` is logged with its command at trace, and the
/// provider chain warns with errors that quote the process's stderr.
/// Our code logs only the problem as it classified it.
const AWS_TARGETS: [&str; 7] = [
    "aws_config",
    "aws_smithy_runtime",
    "aws_smithy_http_client",
    "aws_runtime",
    "aws_sdk_sso",
    "aws_sdk_ssooidc",
    "aws_sdk_sts",
];

fn quiet_aws(mut filter: EnvFilter) -> EnvFilter {
    for target in AWS_TARGETS {
        if let Ok(directive) = format!("{target}=off").parse() {
            filter = filter.add_directive(directive);
        }
    }
    filter
}
