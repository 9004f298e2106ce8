//! The decision record as it is kept in the ledger: the body the duty
//! manager's choice is written as, hashed into the chain and shown again,
//! years later, exactly as it was taken. Its JSON is the design's contract
//! with the store, the window, the CLI and the exports; change it only by
//! adding fields.

use serde::{Deserialize, Serialize};
use serde_json::Value;

/// What the duty manager did with the analysis's options.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Action {
    /// Took option N as the arbitrator described it.
    Accept,
    /// Took option N with changes, said in `modification`.
    Modify,
    /// Took none of the options.
    Reject,
}

impl Action {
    /// The serde name: `accept`, `modify`, `reject`.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Accept => "accept",
            Self::Modify => "modify",
            Self::Reject => "reject",
        }
    }
}

/// Where a safety constraint was read in the analysis.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ConstraintSource {
    /// A safety agent's `binding_constraints` entry (its last round).
    BindingConstraint,
    /// `final_decision.safety_overrides[].binding_constraint`.
    SafetyOverride,
}

/// One safety constraint of an analysis, as the duty manager is shown it
/// and, when needed, acknowledges it.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct SafetyConstraint {
    /// The safety agent's key (`crew_compliance`, `maintenance`, `regulatory`).
    pub agent: String,
    /// The constraint's text as the server sent it (an object the server
    /// sent instead of text is kept as its compact JSON).
    pub constraint: String,
    /// Where it was read.
    pub source: ConstraintSource,
}

impl SafetyConstraint {
    /// The agent's key as it reads mid-sentence: `crew_compliance` →
    /// `crew compliance`; any other key as sent, underscores spaced.
    pub fn agent_words(&self) -> String {
        self.agent.replace('_', " ")
    }

    /// The agent's name opening a line: `Crew compliance`.
    pub fn agent_title(&self) -> String {
        let words = self.agent_words();
        let mut letters = words.chars();
        letters
            .next()
            .map(|first| first.to_uppercase().chain(letters).collect())
            .unwrap_or_default()
    }
}

/// The option decided on, as the analysis showed it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ShownOption {
    /// The option's `solution_id`.
    pub solution_id: i64,
    /// Its title; `None` when the server sent none.
    pub title: Option<String>,
    /// The option object exactly as in the analysis.
    pub as_shown: Value,
}

/// A decision record's body (kind `decision`, subject the run's uid).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct DecisionBody {
    /// The record's uid (uuid v4), kept across export and import.
    pub uid: String,
    /// The run (its history uid) whose analysis was decided on.
    pub run_uid: String,
    /// The environment's name.
    pub environment: String,
    /// The server's request id of the run.
    pub request_id: Option<String>,
    /// The server's session id of the run.
    pub session_id: Option<String>,
    /// Accept, modify or reject.
    pub action: Action,
    /// The option accepted or modified; `None` for a rejection.
    pub option: Option<ShownOption>,
    /// What changes, for `modify`; `None` otherwise.
    pub modification: Option<String>,
    /// Why, in the duty manager's words; never blank.
    pub rationale: String,
    /// The safety constraints the duty manager acknowledged by name.
    pub safety_acknowledged: Vec<SafetyConstraint>,
    /// The duty manager's name (the history file's `operator` setting).
    pub operator: String,
    /// The OS user signed in when the decision was taken.
    pub os_user: String,
    /// The computer's host name.
    pub host: String,
    /// When (ms since the epoch, UTC).
    pub decided_ms: i64,
    /// Hex SHA-256 of the analysis document as received (the chunk's data text).
    pub analysis_sha256: String,
    /// When the chunk carrying the document was received (ms since the epoch).
    pub analysis_received_ms: i64,
    /// `decided_ms − analysis_received_ms`, in whole seconds.
    pub analysis_age_seconds: i64,
    /// Whether the duty manager confirmed deciding on a stale analysis.
    pub stale_confirmed: bool,
    /// A later complete analysis of the same session, when there was one.
    pub later_analysis_run_uid: Option<String>,
    /// The decision this one corrects, which stays visible.
    pub supersedes: Option<String>,
}

impl DecisionBody {
    /// What was chosen, in words: `Accepted option 2`, `Modified option
    /// 1`, `Rejected every option`.
    pub fn choice_words(&self) -> String {
        let option = self.option.as_ref().map_or_else(
            || "an option".to_owned(),
            |o| format!("option {}", o.solution_id),
        );
        match self.action {
            Action::Accept => format!("Accepted {option}"),
            Action::Modify => format!("Modified {option}"),
            Action::Reject => "Rejected every option".to_owned(),
        }
    }
}

/// A decision as the window and the CLI show it: the body with its place
/// in the chain and whether a later record corrected it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct DecisionView {
    /// The record's body.
    #[serde(flatten)]
    pub body: DecisionBody,
    /// Its position in the history file's chain, from 1.
    pub seq: i64,
    /// Its hash (hex SHA-256) in the chain.
    pub hash: String,
    /// The uid of the decision that superseded this one, when one did.
    pub superseded_by: Option<String>,
}

/// A record body as the ledger keeps it: compact JSON with every object's
/// keys in sorted order, so reading it back into a JSON value and writing
/// it again (an export, an import) gives the very bytes that were hashed.
pub(crate) fn canonical_json<T: Serialize>(body: &T) -> String {
    serde_json::to_value(body)
        .and_then(|value| serde_json::to_string(&value))
        .unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    fn body() -> DecisionBody {
        DecisionBody {
            uid: "d1".into(),
            run_uid: "r1".into(),
            environment: "ops-prod".into(),
            request_id: Some("req".into()),
            session_id: None,
            action: Action::Modify,
            option: Some(ShownOption {
                solution_id: 2,
                title: Some("Swap".into()),
                as_shown: json!({"solution_id": 2, "title": "Swap", "z": 1, "a": [1.5]}),
            }),
            modification: Some("depart 30 min later".into()),
            rationale: "crew rest".into(),
            safety_acknowledged: vec![SafetyConstraint {
                agent: "maintenance".into(),
                constraint: "AOG".into(),
                source: ConstraintSource::SafetyOverride,
            }],
            operator: "A. Duty".into(),
            os_user: "duty".into(),
            host: "occ-1".into(),
            decided_ms: 1_700_000_000_000,
            analysis_sha256: "ab".repeat(32),
            analysis_received_ms: 1_699_999_000_000,
            analysis_age_seconds: 1000,
            stale_confirmed: false,
            later_analysis_run_uid: None,
            supersedes: None,
        }
    }

    #[test]
    fn the_body_has_exactly_the_designs_keys() {
        let value = serde_json::to_value(body()).unwrap();
        let mut keys: Vec<&str> = value
            .as_object()
            .unwrap()
            .keys()
            .map(String::as_str)
            .collect();
        keys.sort_unstable();
        let mut expected = vec![
            "uid",
            "run_uid",
            "environment",
            "request_id",
            "session_id",
            "action",
            "option",
            "modification",
            "rationale",
            "safety_acknowledged",
            "operator",
            "os_user",
            "host",
            "decided_ms",
            "analysis_sha256",
            "analysis_received_ms",
            "analysis_age_seconds",
            "stale_confirmed",
            "later_analysis_run_uid",
            "supersedes",
        ];
        expected.sort_unstable();
        assert_eq!(keys, expected);
        assert_eq!(value["action"], "modify");
        assert_eq!(value["option"]["solution_id"], 2);
        assert_eq!(value["safety_acknowledged"][0]["source"], "safety_override");
    }

    #[test]
    fn canonical_json_survives_a_round_trip_through_a_value() {
        let text = canonical_json(&body());
        let again: Value = serde_json::from_str(&text).unwrap();
        assert_eq!(serde_json::to_string(&again).unwrap(), text);
        let back: DecisionBody = serde_json::from_str(&text).unwrap();
        assert_eq!(back, body());
    }

    #[test]
    fn a_view_is_the_body_with_its_place_in_the_chain() {
        let view = DecisionView {
            body: body(),
            seq: 3,
            hash: "h".into(),
            superseded_by: Some("d2".into()),
        };
        let value = serde_json::to_value(&view).unwrap();
        assert_eq!(value["uid"], "d1");
        assert_eq!(value["seq"], 3);
        assert_eq!(value["superseded_by"], "d2");
    }
}
