//! The `[team]` table: a file in, the team store it names or its problems
//! with their lines out. Each row is one file; adding a case is adding a
//! row. Then which file's `[team]` a catalog uses, and the console's edits
//! of the environments leaving the `[team]` table as the user wrote it.

use std::path::Path;

use skymarshal_envs::{
    Catalog, EnvironmentDraft, Locations, Source, TEMPLATE, TeamSpec, parse, parse_file,
};

/// A spec in one line, so a row can say what it expects:
/// `host:port/database role=R tls=T ca=C desk=D lease=M line=L`.
fn describe(spec: &TeamSpec) -> String {
    format!(
        "{}:{}/{} role={} tls={} ca={} desk={} lease={} line={}",
        spec.host,
        spec.port,
        spec.database,
        spec.role,
        spec.tls.name(),
        spec.ca_file
            .as_ref()
            .map_or("-".to_owned(), |p| p.display().to_string()),
        spec.desk.as_deref().unwrap_or("-"),
        spec.lease_minutes,
        spec.line
    )
}

enum Expect {
    /// The spec, as [`describe`] writes it.
    Team(&'static str),
    /// No spec, and these problems: (line, a phrase of the message).
    Problems(&'static [(usize, &'static str)]),
}
use Expect::{Problems, Team};

const URL: &str = "url = \"postgresql://occ-db.example.internal:5432/skymarshal\"\n";

/// (name, file, expected)
const TABLE: &[(&str, &str, Expect)] = &[
    (
        "the smallest team table",
        "[team]\nurl = \"postgresql://occ-db.example.internal/skymarshal\"\nrole = \"skymarshal_desk\"\n",
        Team(
            "occ-db.example.internal:5432/skymarshal role=skymarshal_desk tls=verify-full ca=- desk=- lease=120 line=1",
        ),
    ),
    (
        "every key",
        "# the OCC's store\n\n[team]\nurl = \"postgres://10.1.2.3:6432/occ\"\nrole = \"desk\"\ntls = \"verify-full\"\nca_file = \"/etc/skymarshal/ca.pem\"\ndesk = \" OCC-1 \"\nlease_minutes = 90\n",
        Team(
            "10.1.2.3:6432/occ role=desk tls=verify-full ca=/etc/skymarshal/ca.pem desk=OCC-1 lease=90 line=3",
        ),
    ),
    (
        "an inline table",
        "team = { url = \"postgresql://db.internal/skymarshal\", role = \"desk\" }\n",
        Team("db.internal:5432/skymarshal role=desk tls=verify-full ca=- desk=- lease=120 line=1"),
    ),
    (
        "beside environments, after them",
        "[[environment]]\nname = \"dev\"\ninvoke_url = \"http://127.0.0.1:9000/\"\n\n[team]\nurl = \"postgresql://db.internal/skymarshal\"\nrole = \"desk\"\n",
        Team("db.internal:5432/skymarshal role=desk tls=verify-full ca=- desk=- lease=120 line=5"),
    ),
    (
        "tls disabled on 127.0.0.1",
        "[team]\nurl = \"postgresql://127.0.0.1:55432/team\"\nrole = \"desk\"\ntls = \"disable\"\n",
        Team("127.0.0.1:55432/team role=desk tls=disable ca=- desk=- lease=120 line=1"),
    ),
    (
        "tls disabled on ::1",
        "[team]\nurl = \"postgresql://[::1]/team\"\nrole = \"desk\"\ntls = \"disable\"\n",
        Team("::1:5432/team role=desk tls=disable ca=- desk=- lease=120 line=1"),
    ),
    (
        "tls disabled on localhost",
        "[team]\nurl = \"postgres://LocalHost/team\"\nrole = \"desk\"\ntls = \"disable\"\n",
        Team("localhost:5432/team role=desk tls=disable ca=- desk=- lease=120 line=1"),
    ),
    (
        "a database name with an escaped space",
        "[team]\nurl = \"postgresql://db.internal/occ%20team\"\nrole = \"desk\"\n",
        Team("db.internal:5432/occ team role=desk tls=verify-full ca=- desk=- lease=120 line=1"),
    ),
    (
        "desk of exactly 40 characters",
        "[team]\nurl = \"postgresql://db.internal/t\"\nrole = \"desk\"\ndesk = \"OCC-123456789012345678901234567890123456\"\n",
        Team(
            "db.internal:5432/t role=desk tls=verify-full ca=- desk=OCC-123456789012345678901234567890123456 lease=120 line=1",
        ),
    ),
    (
        "lease bounds",
        "[team]\nurl = \"postgresql://db.internal/t\"\nrole = \"desk\"\nlease_minutes = 1440\n",
        Team("db.internal:5432/t role=desk tls=verify-full ca=- desk=- lease=1440 line=1"),
    ),
    (
        "a password in the url",
        "[team]\nurl = \"postgresql://desk:hunter2@db.internal/t\"\nrole = \"desk\"\n",
        Problems(&[(
            2,
            "the password goes into the keyring with `skymarshal team password`, not into the file",
        )]),
    ),
    (
        "a password with no role in the url",
        "[team]\nurl = \"postgresql://:hunter2@db.internal/t\"\nrole = \"desk\"\n",
        Problems(&[(2, "holds a password")]),
    ),
    (
        "the role in the url",
        "[team]\nurl = \"postgresql://skymarshal_desk@db.internal/t\"\nrole = \"desk\"\n",
        Problems(&[(2, "write role = \"skymarshal_desk\" instead")]),
    ),
    (
        "not postgres",
        "[team]\nurl = \"https://db.internal/t\"\nrole = \"desk\"\n",
        Problems(&[(2, "uses https:, not postgresql:")]),
    ),
    (
        "not a url",
        "[team]\nurl = \"db.internal\"\nrole = \"desk\"\n",
        Problems(&[(2, "url is not a URL")]),
    ),
    (
        "no host",
        "[team]\nurl = \"postgresql:///skymarshal\"\nrole = \"desk\"\n",
        Problems(&[(2, "has no host")]),
    ),
    (
        "no database",
        "[team]\nurl = \"postgresql://db.internal:5432/\"\nrole = \"desk\"\n",
        Problems(&[(2, "names no database")]),
    ),
    (
        "a path that is not one database",
        "[team]\nurl = \"postgresql://db.internal/a/b\"\nrole = \"desk\"\n",
        Problems(&[(2, "is not one database name")]),
    ),
    (
        "options in the url",
        "[team]\nurl = \"postgresql://db.internal/t?sslmode=disable\"\nrole = \"desk\"\n",
        Problems(&[(2, "use tls = \"...\" and ca_file")]),
    ),
    (
        "several hosts",
        "[team]\nurl = \"postgresql://a.internal,b.internal/t\"\nrole = \"desk\"\n",
        Problems(&[(2, "several hosts")]),
    ),
    (
        "no url, no role",
        "\n[team]\ndesk = \"OCC-1\"\n",
        Problems(&[(2, "has no url"), (2, "has no role")]),
    ),
    (
        "an empty role",
        "[team]\nurl = \"postgresql://db.internal/t\"\nrole = \"  \"\n",
        Problems(&[(3, "role is empty")]),
    ),
    (
        "tls disabled for a remote host",
        "[team]\nurl = \"postgresql://db.internal/t\"\nrole = \"desk\"\ntls = \"disable\"\n",
        Problems(&[(4, "allowed only for a team store on this computer")]),
    ),
    (
        "tls require is refused with why",
        "[team]\nurl = \"postgresql://db.internal/t\"\nrole = \"desk\"\ntls = \"require\"\n",
        Problems(&[(4, "does not check the server's certificate at all")]),
    ),
    (
        "tls unknown",
        "[team]\nurl = \"postgresql://db.internal/t\"\nrole = \"desk\"\ntls = \"yes\"\n",
        Problems(&[(4, "not one of verify-full, disable")]),
    ),
    (
        "verify-ca does not check the host",
        "[team]\nurl = \"postgresql://db.internal/t\"\nrole = \"desk\"\ntls = \"verify-ca\"\n",
        Problems(&[(4, "names the team store's host")]),
    ),
    (
        "a relative ca_file",
        "[team]\nurl = \"postgresql://db.internal/t\"\nrole = \"desk\"\nca_file = \"ca.pem\"\n",
        Problems(&[(4, "must be a full path")]),
    ),
    (
        "a ca_file with tls disabled",
        "[team]\nurl = \"postgresql://127.0.0.1/t\"\nrole = \"desk\"\ntls = \"disable\"\nca_file = \"/etc/ca.pem\"\n",
        Problems(&[(5, "no use with tls = \"disable\"")]),
    ),
    (
        "a desk too long",
        "[team]\nurl = \"postgresql://db.internal/t\"\nrole = \"desk\"\ndesk = \"OCC-1234567890123456789012345678901234567\"\n",
        Problems(&[(4, "is 41 characters long; keep it to 40")]),
    ),
    (
        "a desk with a tab",
        "[team]\nurl = \"postgresql://db.internal/t\"\nrole = \"desk\"\ndesk = \"OCC\\t1\"\n",
        Problems(&[(4, "control character")]),
    ),
    (
        "an empty desk",
        "[team]\nurl = \"postgresql://db.internal/t\"\nrole = \"desk\"\ndesk = \"\"\n",
        Problems(&[(4, "desk is empty")]),
    ),
    (
        "a lease too short",
        "[team]\nurl = \"postgresql://db.internal/t\"\nrole = \"desk\"\nlease_minutes = 4\n",
        Problems(&[(4, "from 5 to 1440")]),
    ),
    (
        "a lease in hours",
        "[team]\nurl = \"postgresql://db.internal/t\"\nrole = \"desk\"\nlease_minutes = 1.5\n",
        Problems(&[(4, "whole number of minutes")]),
    ),
    (
        "an unknown key, with the known ones",
        "[team]\nurl = \"postgresql://db.internal/t\"\nrole = \"desk\"\npassword = \"hunter2\"\n",
        Problems(&[(
            4,
            "unknown key \"password\" in [team]; known keys: url, role, tls, ca_file, desk, lease_minutes",
        )]),
    ),
    (
        "a misspelt key",
        "[team]\nurl = \"postgresql://db.internal/t\"\nrole = \"desk\"\nleas_minutes = 60\n",
        Problems(&[(4, "did you mean \"lease_minutes\"?")]),
    ),
    (
        "a wrong type",
        "[team]\nurl = 5432\nrole = \"desk\"\n",
        Problems(&[(2, "url must be a string in quotes")]),
    ),
    (
        "double brackets",
        "[[team]]\nurl = \"postgresql://db.internal/t\"\nrole = \"desk\"\n",
        Problems(&[(1, "one [team] table, with single brackets")]),
    ),
    (
        "team as a string",
        "team = \"postgresql://db.internal/t\"\n",
        Problems(&[(1, "team must be a [team] table")]),
    ),
];

#[test]
fn team_table() {
    for (name, text, expected) in TABLE {
        let parsed = parse_file(text, Source::User);
        match expected {
            Team(description) => {
                assert_eq!(parsed.problems, [], "{name}");
                let spec = parsed.team.as_ref().unwrap_or_else(|| panic!("{name}"));
                assert_eq!(describe(spec), *description, "{name}");
                assert_eq!(spec.source, Source::User, "{name}");
                assert_eq!(parsed.team_line, Some(spec.line), "{name}");
            }
            Problems(problems) => {
                assert_eq!(parsed.team, None, "{name}");
                assert_eq!(
                    parsed.problems.len(),
                    problems.len(),
                    "{name}: {:#?}",
                    parsed.problems
                );
                for (line, phrase) in *problems {
                    assert!(
                        parsed
                            .problems
                            .iter()
                            .any(|(l, m)| l == line && m.contains(phrase)),
                        "{name}: no problem at line {line} with {phrase:?} in {:#?}",
                        parsed.problems
                    );
                }
            }
        }
    }
}

#[test]
fn a_password_is_never_quoted_back() {
    for url in [
        "postgresql://desk:CANARY@db.internal/t",
        "postgresql://:CANARY@db.internal/t",
        "postgresql://desk:CANARY@db internal/t",
        "http://desk:CANARY@db.internal/t",
    ] {
        let text = format!("[team]\nurl = {url:?}\nrole = \"desk\"\n");
        let parsed = parse_file(&text, Source::User);
        assert_eq!(parsed.team, None, "{url}");
        assert!(!parsed.problems.is_empty(), "{url}");
        for (_, message) in &parsed.problems {
            assert!(!message.contains("CANARY"), "{url}: {message}");
        }
    }
}

#[test]
fn a_file_without_team_reads_as_before_and_a_broken_team_keeps_the_environments() {
    let env = "[[environment]]\nname = \"dev\"\ninvoke_url = \"http://127.0.0.1:9000/\"\n";
    let parsed = parse_file(env, Source::User);
    assert_eq!((parsed.team, parsed.team_line), (None, None));
    assert_eq!(parsed.problems, []);
    let broken = format!("{env}\n[team]\n{URL}");
    let (environments, problems) = parse(&broken, Source::User);
    assert_eq!(environments.len(), 1);
    assert_eq!(problems.len(), 1, "{problems:?}");
    assert!(problems[0].1.contains("has no role"), "{problems:?}");
}

#[test]
fn the_templates_example_is_a_valid_team_table() {
    let example: String = TEMPLATE
        .lines()
        .skip_while(|line| *line != "# [team]")
        .map(|line| line.strip_prefix("# ").unwrap_or(""))
        .map(|line| format!("{line}\n"))
        .collect();
    assert!(example.starts_with("[team]\n"), "{example}");
    let parsed = parse_file(&example, Source::Organisation);
    assert_eq!(parsed.problems, []);
    let spec = parsed.team.unwrap();
    assert_eq!(
        describe(&spec),
        "occ-db.example.internal:5432/skymarshal role=skymarshal_desk tls=verify-full \
         ca=/etc/skymarshal/team-ca.pem desk=OCC-1 lease=120 line=1"
    );
    assert_eq!(spec.lease_ms(), 120 * 60_000);
    // The template itself, as written, defines no team store.
    assert_eq!(parse_file(TEMPLATE, Source::User).team_line, None);
}

const ORG_TEAM: &str = "[team]\nurl = \"postgresql://org-db.internal/skymarshal\"\nrole = \"org_desk\"\ndesk = \"OCC-ORG\"\n";
const USER_TEAM: &str =
    "[team]\nurl = \"postgresql://127.0.0.1:55432/mine\"\nrole = \"me\"\ntls = \"disable\"\n";
const USER_BROKEN: &str = "\n\n[team]\nurl = \"postgresql://127.0.0.1:55432/mine\"\n";

/// (name, organisation's file, user's file, the team store used as
/// (host, source, desk), diagnostics as (file, line, phrase))
type CatalogRow = (
    &'static str,
    &'static str,
    &'static str,
    Option<(&'static str, Source, Option<&'static str>)>,
    &'static [(&'static str, usize, &'static str)],
);

const CATALOG: &[CatalogRow] = &[
    ("neither", "", "", None, &[]),
    (
        "the organisation's only",
        ORG_TEAM,
        "",
        Some(("org-db.internal", Source::Organisation, Some("OCC-ORG"))),
        &[],
    ),
    (
        "the user's only",
        "",
        USER_TEAM,
        Some(("127.0.0.1", Source::User, None)),
        &[],
    ),
    (
        "both: the user's whole, no key taken from the organisation's",
        ORG_TEAM,
        USER_TEAM,
        Some(("127.0.0.1", Source::User, None)),
        &[],
    ),
    (
        "the user's broken: no team store, and why",
        ORG_TEAM,
        USER_BROKEN,
        None,
        &[
            ("user", 3, "has no role"),
            ("user", 3, "replaces your organisation's and has a problem"),
        ],
    ),
    (
        "the organisation's broken, the user's good",
        "[team]\nrole = \"x\"\n",
        USER_TEAM,
        Some(("127.0.0.1", Source::User, None)),
        &[("org", 1, "has no url")],
    ),
];

#[test]
fn which_team_table_a_catalog_uses() {
    for (name, org, user, expected, diagnostics) in CATALOG {
        let mut catalog = Catalog::default();
        catalog.add_text(Path::new("org"), org, Source::Organisation);
        catalog.add_text(Path::new("user"), user, Source::User);
        let got = catalog
            .team
            .as_ref()
            .map(|t| (t.host.as_str(), t.source, t.desk.as_deref()));
        assert_eq!(got, *expected, "{name}");
        assert_eq!(
            catalog.diagnostics.len(),
            diagnostics.len(),
            "{name}: {:#?}",
            catalog.diagnostics
        );
        for (file, line, phrase) in *diagnostics {
            assert!(
                catalog.diagnostics.iter().any(|d| d.path == Path::new(file)
                    && d.line == *line
                    && d.message.contains(phrase)),
                "{name}: no {file}:{line} {phrase:?} in {:#?}",
                catalog.diagnostics
            );
        }
    }
}

const USER_FILE: &str = r#"# My environments.

# The OCC's team store. Keep this comment.
[team]
url = "postgresql://occ-db.example.internal:5432/skymarshal"   # RDS
role = "skymarshal_desk"
desk = "OCC-1"            # the night desk
lease_minutes = 90

[[environment]]
name = "dev"
invoke_url = "http://127.0.0.1:9000/"
region = "me-central-1"
auth = "aws_sigv4"
"#;

/// The `[team]` table's lines as written, from its comment to its last key.
fn team_lines(text: &str) -> Vec<&str> {
    text.lines()
        .skip_while(|l| !l.starts_with("# The OCC's team store"))
        .take_while(|l| !l.trim().is_empty())
        .collect()
}

#[test]
fn editing_environments_keeps_the_team_table_as_written() {
    let dir = tempfile::tempdir().unwrap();
    let locations = Locations {
        user_file: dir.path().join("environments.toml"),
        org_file: None,
    };
    std::fs::write(&locations.user_file, USER_FILE).unwrap();
    let before = Catalog::load(&locations);
    assert_eq!(before.diagnostics, []);
    let team = before.team.clone().expect("the [team] table is read");
    let written = team_lines(USER_FILE);
    assert_eq!(written.len(), 6);

    let staging = EnvironmentDraft {
        name: "staging".into(),
        invoke_url: "http://127.0.0.1:9001/".into(),
        ..EnvironmentDraft::default()
    };
    let steps: [(
        &str,
        &dyn Fn(&Catalog) -> Result<(), skymarshal_envs::Error>,
    ); 4] = [
        ("add", &|c| c.save(&locations, None, &staging).map(drop)),
        ("replace", &|c| {
            let mut renamed = staging.clone();
            renamed.name = "staging-2".into();
            c.save(&locations, Some("staging"), &renamed).map(drop)
        }),
        ("profile", &|c| {
            c.set_aws_profile(&locations, "dev", Some("ops")).map(drop)
        }),
        ("remove", &|c| c.remove(&locations, "staging-2")),
    ];
    for (step, change) in steps {
        change(&Catalog::load(&locations)).unwrap_or_else(|e| panic!("{step}: {e}"));
        let text = std::fs::read_to_string(&locations.user_file).unwrap();
        assert_eq!(team_lines(&text), written, "{step}:\n{text}");
        let after = Catalog::load(&locations);
        assert_eq!(after.diagnostics, [], "{step}:\n{text}");
        assert_eq!(after.team.as_ref(), Some(&team), "{step}:\n{text}");
    }
    let names: Vec<String> = Catalog::load(&locations)
        .environments
        .into_iter()
        .map(|e| e.name)
        .collect();
    assert_eq!(names, ["dev"]);
}

#[test]
fn adding_the_first_environment_to_a_file_with_only_team() {
    let dir = tempfile::tempdir().unwrap();
    let locations = Locations {
        user_file: dir.path().join("environments.toml"),
        org_file: None,
    };
    std::fs::write(&locations.user_file, USER_TEAM).unwrap();
    let draft = EnvironmentDraft {
        name: "dev".into(),
        invoke_url: "http://127.0.0.1:9000/".into(),
        ..EnvironmentDraft::default()
    };
    Catalog::load(&locations)
        .save(&locations, None, &draft)
        .unwrap();
    let text = std::fs::read_to_string(&locations.user_file).unwrap();
    assert!(text.starts_with(USER_TEAM), "{text}");
    let after = Catalog::load(&locations);
    assert_eq!(after.diagnostics, [], "{text}");
    assert_eq!(after.environments.len(), 1);
    assert_eq!(after.team.map(|t| t.database), Some("mine".to_owned()));
}
