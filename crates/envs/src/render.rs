//! Writing environments as TOML: the documented template a first run
//! creates, and exports (which never hold a secret: the model has none).

use crate::model::{Auth, EnvironmentSpec, Timeouts};

/// The file a first run creates: the format, documented, and no
/// environment (the console offers its training simulator until one is
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
#
# [environment.timeouts]
# connect_seconds = 10
# idle_seconds = 330                # today's server can be silent for 300 s
# total_seconds = 600
"##;

/// `environments` as `[[environment]]` tables.
pub fn render(environments: &[EnvironmentSpec]) -> String {
    let mut out = String::new();
    for spec in environments {
        out.push_str("\n[[environment]]\n");
        line(&mut out, "name", &quote(&spec.name));
        line(&mut out, "invoke_url", &quote(&spec.invoke_url));
        if let Some(health) = &spec.health_url {
            line(&mut out, "health_url", &quote(health));
        }
        if let Some(region) = &spec.region {
            line(&mut out, "region", &quote(region));
        }
        line(&mut out, "production", &spec.production.to_string());
        line(&mut out, "color", &quote(&spec.color));
        line(
            &mut out,
            "confirm_before_send",
            &spec.confirm_before_send.to_string(),
        );
        if spec.auth != Auth::None {
            out.push_str("\n[environment.auth]\n");
            line(&mut out, "method", &quote(spec.auth.method()));
            if let Auth::ApiKey { header } = &spec.auth {
                line(&mut out, "header", &quote(header));
            }
        }
        if spec.timeouts != Timeouts::default() {
            out.push_str("\n[environment.timeouts]\n");
            line(&mut out, "connect_seconds", &seconds(spec.timeouts.connect));
            line(&mut out, "idle_seconds", &seconds(spec.timeouts.idle));
            line(&mut out, "total_seconds", &seconds(spec.timeouts.total));
        }
    }
    out
}

fn line(out: &mut String, key: &str, value: &str) {
    out.push_str(key);
    out.push_str(" = ");
    out.push_str(value);
    out.push('\n');
}

fn quote(text: &str) -> String {
    toml_edit::Value::from(text).to_string().trim().to_owned()
}

fn seconds(duration: std::time::Duration) -> String {
    let value = duration.as_secs_f64();
    if value.fract() == 0.0 {
        format!("{value:.0}")
    } else {
        value.to_string()
    }
}
