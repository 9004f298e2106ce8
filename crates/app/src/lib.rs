//! The console's application layer, below the window: which environments
//! exist, which runs are in flight, and the messages a window receives
//! about them. The desktop shell (`src-tauri`) is glue over this crate;
//! everything here is tested without a window.

mod clock;
mod console;
mod credentials;
mod diagnostics;
mod doctor;
mod environment;
mod error;
mod exports;
mod history;
pub mod impacts;
mod links;
mod logging;
mod manage;
mod messages;
mod paths;
mod registry;
mod replay;
mod report;
mod review;
mod runs;
mod stored;

pub use clock::{now_ms, zulu, zulu_minutes};
pub use console::{Console, EnvironmentList, SimulatorSettings, StartRequest};
pub use credentials::credentials_for;
pub use diagnostics::{About, diagnostics};
pub use doctor::{HealthReport, check_spec};
pub use environment::{Environment, EnvironmentKind};
pub use error::{AppError, UiError, UiErrorKind};
pub use exports::{ExportFile, ExportFormat};
pub use links::checked_link;
pub use logging::{LogGuard, init_logging};
pub use manage::{Changed, Imported};
pub use messages::{RunBody, RunMessage, RunStarted};
pub use paths::{export_dir, history_path, log_dir};
pub use replay::MAX_REPLAY_SPEED;
pub use report::{markdown_report, score_text};
pub use review::{HistoryPage, HistoryQuery, HistoryStatus, Place, SessionDetail};
pub use skymarshal_store::{ImportReport, RunStatus};
pub use stored::StoredRun;
