//! Writing environments as TOML: the documented template a first run
//! creates, and exports (which never hold a secret: the model has none).

use crate::draft::{EnvironmentDraft, document};
use crate::model::EnvironmentSpec;

/// The file a first run creates: the format, documented (a `[team]`
/// example included, commented out), and no environment (the console offers its training simulator until one is
/// added).
pub const TEMPLATE: &str = r##"# SkyMarshal Console environments.
#
# One [[environment]] table per deployment. Edit this file by hand or in
# the console. Secrets never go here: set credentials in the console (they
# are kept in the OS keyring) or with `skymarshal login --env NAME`.
#
# [[environment]]
# name = "staging"                  # required, unique
# invoke_url = "https://abcd1234.lambda-url.me-central-1.on.aws/"
#                                   # required: the Lambda Function URL itself,
#                                   # https, no /invoke, not an execute-api URL
# health_url = "https://efgh5678.lambda-url.me-central-1.on.aws/"   # optional
# region = "me-central-1"           # required for aws_sigv4
# production = false                # production is shown in red
# color = "#2563eb"                 # the colour the window wears
# confirm_before_send = false       # ask before sending (default: production)
#
# [environment.auth]
# method = "aws_sigv4"              # none (default) | aws_sigv4 | bearer | api_key
# header = "x-api-key"              # api_key only: the header carrying the key
# profile = "ops-prod"              # aws_sigv4 only: the AWS profile to sign with
#                                   # (none: keys in the keyring, else the AWS
#                                   # default chain: env vars, default profile)
#
# [environment.timeouts]
# connect_seconds = 10
# idle_seconds = 330                # today's server can be silent for 300 s
# total_seconds = 600
#
# At most one [team] table: the operations centre's shared team store
# (PostgreSQL), where every desk's runs, decisions, handovers and claims
# meet. Leave it out and the console keeps its history to itself. When both
# your organisation's file and this one have a [team], this one is used
# whole. The password never goes here: set it with `skymarshal team password`
# (it is kept in the OS keyring).
#
# [team]
# url = "postgresql://occ-db.example.internal:5432/skymarshal"
#                                   # required: postgres:// or postgresql://,
#                                   # host and database, no password, no role
# role = "skymarshal_desk"          # required: the login role for desks
# tls = "verify-full"               # verify-full (default) | disable
#                                   # (127.0.0.1, ::1 and localhost only)
# ca_file = "/etc/skymarshal/team-ca.pem"   # optional: the authority to trust
#                                   # instead of the platform's roots
# desk = "OCC-1"                    # optional: this desk's name (at most 40
#                                   # characters), else the computer's name
# lease_minutes = 120               # optional: how long a claim holds a
#                                   # flight, 5 to 1440 (default 120)
"##;

/// `environments` as `[[environment]]` tables, written the way the
/// console writes one it saves (the same code), so an export, an import
/// and an edit never disagree on the format.
pub fn render(environments: &[EnvironmentSpec]) -> String {
    let tables = environments
        .iter()
        .map(|spec| EnvironmentDraft::from_spec(spec).to_table());
    format!("\n{}", document(tables))
}
