//! The handover's records as the ledger keeps them: the handover itself, a
//! snapshot taken when it is created so that it reads the same for ever;
//! the notes added to it; the incoming duty manager's acknowledgement.

use serde::{Deserialize, Serialize};
use skymarshal_store::RunStatus;

use crate::decisions::body::{Action, SafetyConstraint};

/// What a handover covers, as it was at its creation.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Snapshot {
    /// The period's start (ms since the epoch).
    pub since_ms: i64,
    /// Its end: when the snapshot was taken.
    pub until_ms: i64,
    /// Every run started in the period, oldest first, with its outcome.
    pub runs: Vec<HandoverRun>,
    /// Every decision taken in the period, oldest first.
    pub decisions: Vec<HandoverDecision>,
    /// What the incoming duty manager must pick up.
    pub open_items: Vec<OpenItem>,
}

/// One run in a handover.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct HandoverRun {
    /// The run's history uid.
    pub run_uid: String,
    /// When it started (ms since the epoch).
    pub started_ms: i64,
    /// The environment's name.
    pub environment: String,
    /// The duty manager's prompt.
    pub prompt: String,
    /// How it ended (`complete`, `failed`, `interrupted`, `cancelled`, `streaming`).
    pub status: RunStatus,
    /// The arbitrator's decision text, when the analysis carried one.
    pub headline: Option<String>,
    /// The recommended option, `option 1 · title`, when there was one.
    pub recommended: Option<String>,
    /// The uids of the decisions on it, oldest first.
    pub decision_uids: Vec<String>,
}

/// One decision in a handover.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct HandoverDecision {
    /// The decision record's uid.
    pub uid: String,
    /// The run decided on.
    pub run_uid: String,
    /// Accept, modify or reject.
    pub action: Action,
    /// The option's `solution_id` (`None` for a rejection).
    #[serde(default)]
    pub option_id: Option<i64>,
    /// The option's title (`None` for a rejection or an untitled option).
    pub option_title: Option<String>,
    /// What the duty manager changed, for a modification.
    #[serde(default)]
    pub modification: Option<String>,
    /// The safety constraints acknowledged by name, in the words recorded.
    #[serde(default)]
    pub safety_acknowledged: Vec<SafetyConstraint>,
    /// Whether the duty manager confirmed deciding on an analysis past the
    /// stale limit.
    #[serde(default)]
    pub stale_confirmed: bool,
    /// A later analysis in the same session the decision was taken
    /// despite, when there was one.
    #[serde(default)]
    pub later_analysis_run_uid: Option<String>,
    /// The rationale.
    pub rationale: String,
    /// Who decided.
    pub operator: String,
    /// When (ms since the epoch).
    pub decided_ms: i64,
    /// The decision that corrected it, when one had by the handover.
    pub superseded_by: Option<String>,
}

/// What kind of thing is left open.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum OpenKind {
    /// A complete analysis with no decision on it.
    NoDecision,
    /// A run that failed.
    Failed,
    /// A run interrupted before its analysis finished.
    Interrupted,
    /// A decision corrected by a later one.
    SupersededDecision,
}

/// One open item.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct OpenItem {
    /// What kind.
    pub kind: OpenKind,
    /// The run it is about.
    pub run_uid: String,
    /// In words; an item carried over says since which handover it is open.
    pub text: String,
    /// The handover that first listed it, when it was carried over from
    /// an earlier one (still open then, and nothing resolved it since);
    /// `None` for an item of this handover's own period.
    #[serde(default)]
    pub carried_from: Option<String>,
}

/// A handover record's body (kind `handover`, no subject).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct HandoverBody {
    /// The record's uid.
    pub uid: String,
    /// The outgoing duty manager (the operator name).
    pub operator: String,
    /// The OS user who created it.
    pub os_user: String,
    /// The computer.
    pub host: String,
    /// When it was created (ms since the epoch).
    pub created_ms: i64,
    /// The outgoing duty manager's notes, free text.
    pub notes: String,
    /// The period, runs, decisions and open items.
    #[serde(flatten)]
    pub snapshot: Snapshot,
}

/// A note record's body (kind `handover_note`, subject the handover).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct NoteBody {
    /// The record's uid.
    pub uid: String,
    /// The handover it belongs to.
    pub handover_uid: String,
    /// The note.
    pub text: String,
    /// Who added it (the operator name).
    pub operator: String,
    /// When (ms since the epoch).
    pub created_ms: i64,
    /// Added after the handover was acknowledged.
    pub after_ack: bool,
}

/// An acknowledgement record's body (kind `handover_ack`, subject the handover).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AckBody {
    /// The record's uid.
    pub uid: String,
    /// The handover acknowledged.
    pub handover_uid: String,
    /// The incoming duty manager's name.
    pub by: String,
    /// The OS user signed in.
    pub os_user: String,
    /// The computer.
    pub host: String,
    /// When (ms since the epoch).
    pub acked_ms: i64,
}

/// A handover as the window and the CLI show it: the body (whose `notes`
/// is the outgoing duty manager's text) with its place in the chain, the
/// notes added later and the acknowledgement.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct HandoverView {
    /// The handover record's body.
    #[serde(flatten)]
    pub body: HandoverBody,
    /// Its position in the chain.
    pub seq: i64,
    /// The notes added after its creation, oldest first (named apart from
    /// the body's `notes` text, which a JSON object cannot hold twice).
    pub added_notes: Vec<NoteBody>,
    /// The acknowledgement, once given.
    pub ack: Option<AckBody>,
}

/// A handover not yet created: the snapshot as it would be taken now.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct HandoverDraft {
    /// The outgoing duty manager, when the operator name is set.
    pub operator: Option<String>,
    /// The period, runs, decisions and open items.
    #[serde(flatten)]
    pub snapshot: Snapshot,
}

impl HandoverDecision {
    /// What was decided, as the window's entry says it: `Accepted option 2
    /// · Delay and swap`, `Modified option 1 · Swap: board at B12`,
    /// `Rejected every option`.
    pub fn words(&self) -> String {
        let option = match (self.option_id, &self.option_title) {
            (Some(id), Some(title)) => format!("option {id} · {title}"),
            (Some(id), None) => format!("option {id}"),
            (None, Some(title)) => title.clone(),
            (None, None) => "an option not named".to_owned(),
        };
        match self.action {
            Action::Reject => "Rejected every option".to_owned(),
            Action::Accept => format!("Accepted {option}"),
            Action::Modify => match &self.modification {
                Some(change) => format!("Modified {option}: {change}"),
                None => format!("Modified {option}"),
            },
        }
    }

    /// What the record says beyond the choice, in words: safety
    /// acknowledged, a stale analysis confirmed, a later analysis there.
    pub fn caveats(&self) -> Vec<String> {
        let mut caveats = Vec::new();
        let acknowledged = self.acknowledged();
        if !acknowledged.is_empty() {
            caveats.push(format!("Safety acknowledged: {}", acknowledged.join("; ")));
        }
        if self.stale_confirmed {
            caveats.push("Decided on an analysis past the stale limit, confirmed".to_owned());
        }
        if self.later_analysis_run_uid.is_some() {
            caveats.push("Taken although a later analysis of this session had arrived".to_owned());
        }
        caveats
    }

    /// The constraints acknowledged, each `Agent: constraint`.
    pub fn acknowledged(&self) -> Vec<String> {
        self.safety_acknowledged
            .iter()
            .map(|c| format!("{}: {}", c.agent_title(), c.constraint))
            .collect()
    }
}
