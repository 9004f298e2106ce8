//! The console's application layer, below the window: which environments
//! exist, which runs are in flight, and the messages a window receives
//! about them. The desktop shell (`src-tauri`) is glue over this crate;
//! everything here is tested without a window.
//!
//! `environments` are where an analysis goes, `runs` what is in flight,
//! `history` what was kept, `support` the logs and diagnostics around
//! them; `clock` and `paths` are the one place for times and files.

mod clock;
mod console;
mod decisions;
mod environments;
mod error;
mod handover;
mod history;
pub mod impacts;
mod paths;
mod runs;
mod support;
mod team;

pub use clock::{now_ms, zulu, zulu_minutes};
pub use console::{Console, SimulatorSettings};
pub use decisions::analysis::OptionSummary;
pub use decisions::body::{
    Action, ConstraintSource, DecisionBody, DecisionView, SafetyConstraint, ShownOption,
};
pub use decisions::record::{DecisionContext, chain_intact};
pub use decisions::request::DecisionRequest;
pub use environments::aws::{ProfileChoice, aws_profiles};
pub use environments::credentials::credentials_for;
pub use environments::doctor::{AwsKeysReport, HealthReport, check_spec};
pub use environments::environment::{
    Environment, EnvironmentKind, EnvironmentList, EnvironmentSource,
};
pub use environments::manage::{Changed, Imported};
pub use error::{AppError, UiError, UiErrorKind};
pub use handover::body::{
    AckBody, HandoverBody, HandoverDecision, HandoverDraft, HandoverRun, HandoverView, NoteBody,
    OpenItem, OpenKind, Snapshot,
};
pub use handover::briefing::{HandoverFormat, handover_briefing, handover_file};
pub use history::exports::{ExportFile, ExportFormat};
pub use history::recorder::Recorder;
pub use history::replay::MAX_REPLAY_SPEED;
pub use history::report::safety_line;
pub use history::report::{markdown_report, score_text};
pub use history::review::{HistoryPage, HistoryQuery, HistoryStatus, Place, SessionDetail};
pub use history::stored::StoredRun;
pub use paths::{export_dir, history_path, log_dir};
pub use runs::messages::{RunBody, RunMessage, RunStarted};
pub use runs::start::StartRequest;
pub use skymarshal_store::ClaimAction;
pub use skymarshal_store::{BreakKind, BrokenRecord, ChainReport};
pub use skymarshal_store::{ImportReport, RunStatus};
pub use skymarshal_team::{
    MigrationReport, ServerStatus, TeamBreak, TeamBreakKind, TeamChainReport,
};
pub use support::diagnostics::{About, diagnostics, diagnostics_file};
pub use support::links::checked_link;
pub use support::logging::{LogGuard, init_logging};
pub use team::actions::TeamSyncReport;
pub use team::flights::{FlightNumber, flights_in};
pub use team::holders::{ClaimHolder, Holders, LostClaim, held_by_others, holders};
pub use team::view::{HeldClaim, TeamStatus};
