//! Environment files in, environments and line-numbered problems out. Each
//! row is one file; adding a case is adding a row.

use std::path::Path;

use skymarshal_envs::{Auth, Catalog, Locations, Source, TEMPLATE, parse};

const STAGING: &str = r#"
[[environment]]
name = "staging"
invoke_url = "https://abc.lambda-url.me-central-1.on.aws/"
region = "me-central-1"

[environment.auth]
method = "aws_sigv4"
"#;

/// (name, file, names kept, problems as (line, phrase))
type Row = (
    &'static str,
    &'static str,
    &'static [&'static str],
    &'static [(usize, &'static str)],
);

const TABLE: &[Row] = &[
    ("template defines nothing", TEMPLATE, &[], &[]),
    ("one good environment", STAGING, &["staging"], &[]),
    (
        "unknown key named with its line and a suggestion",
        "[[environment]]\nname = \"dev\"\ninvoke_ur = \"https://x.lambda-url.eu-west-1.on.aws/\"\n",
        &[],
        &[
            (
                3,
                "unknown key \"invoke_ur\" in [[environment]] (did you mean \"invoke_url\"?)",
            ),
            (1, "has no invoke_url"),
        ],
    ),
    (
        "a broken environment does not take the good one with it",
        "[[environment]]\nname = \"bad\"\ninvoke_url = \"http://example.com/\"\n\n[[environment]]\nname = \"good\"\ninvoke_url = \"http://127.0.0.1:9000/\"\n",
        &["good"],
        &[(3, "only https is allowed")],
    ),
    (
        "api gateway url",
        "[[environment]]\nname = \"old\"\ninvoke_url = \"https://a1.execute-api.eu-west-1.amazonaws.com/prod\"\n",
        &[],
        &[(3, "cuts every analysis off after 29 seconds")],
    ),
    (
        "invoke path",
        "[[environment]]\nname = \"old\"\ninvoke_url = \"https://a1.lambda-url.eu-west-1.on.aws/invoke\"\n",
        &[],
        &[(3, "remove /invoke")],
    ),
    (
        "region must match the url",
        "[[environment]]\nname = \"x\"\ninvoke_url = \"https://a1.lambda-url.eu-west-1.on.aws/\"\nregion = \"me-central-1\"\n",
        &[],
        &[(4, "differs from the invoke URL's region \"eu-west-1\"")],
    ),
    (
        "sigv4 needs a region",
        "[[environment]]\nname = \"x\"\ninvoke_url = \"http://127.0.0.1:1/\"\nauth = \"aws_sigv4\"\n",
        &[],
        &[(1, "needs region")],
    ),
    (
        "not toml at all",
        "[[environment]\nname = 1\n",
        &[],
        &[(1, "not valid TOML")],
    ),
    (
        "single brackets",
        "[environment]\nname = \"x\"\n",
        &[],
        &[(1, "double brackets")],
    ),
    (
        "top-level stray key",
        "colour = \"red\"\n",
        &[],
        &[(1, "unknown key \"colour\" at the top")],
    ),
    (
        "wrong types",
        "[[environment]]\nname = \"x\"\ninvoke_url = \"http://127.0.0.1:1/\"\nproduction = \"yes\"\ncolor = \"red\"\n",
        &[],
        &[(4, "production must be true or false"), (5, "#rrggbb")],
    ),
    (
        "bad timeouts",
        "[[environment]]\nname = \"x\"\ninvoke_url = \"http://127.0.0.1:1/\"\n[environment.timeouts]\nidle_seconds = -5\nconect_seconds = 3\n",
        &[],
        &[(6, "did you mean \"connect_seconds\"?"), (5, "above 0")],
    ),
    (
        "unknown auth method",
        "[[environment]]\nname = \"x\"\ninvoke_url = \"http://127.0.0.1:1/\"\n[environment.auth]\nmethod = \"password\"\n",
        &[],
        &[(4, "not one of none, aws_sigv4, bearer, api_key")],
    ),
    (
        "an AWS profile for sigv4",
        "[[environment]]\nname = \"x\"\ninvoke_url = \"http://127.0.0.1:1/\"\nregion = \"eu-west-1\"\n[environment.auth]\nmethod = \"aws_sigv4\"\nprofile = \"ops-prod\"\n",
        &["x"],
        &[],
    ),
    (
        "a profile name with a space",
        "[[environment]]\nname = \"x\"\ninvoke_url = \"http://127.0.0.1:1/\"\nregion = \"eu-west-1\"\n[environment.auth]\nmethod = \"aws_sigv4\"\nprofile = \"ops prod\"\n",
        &[],
        &[(7, "is not an AWS profile name")],
    ),
    (
        "a profile on a bearer environment",
        "[[environment]]\nname = \"x\"\ninvoke_url = \"http://127.0.0.1:1/\"\n[environment.auth]\nmethod = \"bearer\"\nprofile = \"ops\"\n",
        &[],
        &[(6, "only works with method = \"aws_sigv4\"")],
    ),
    (
        "duplicate names, case-insensitively",
        "[[environment]]\nname = \"Prod\"\ninvoke_url = \"http://127.0.0.1:1/\"\n[[environment]]\nname = \"prod\"\ninvoke_url = \"http://127.0.0.1:2/\"\n",
        &["Prod"],
        &[(4, "already defined by an earlier [[environment]]")],
    ),
    (
        "no name",
        "[[environment]]\ninvoke_url = \"http://127.0.0.1:1/\"\n",
        &[],
        &[(1, "has no name")],
    ),
];

#[test]
fn files_table() {
    for (name, text, kept, problems) in TABLE {
        let mut catalog = Catalog::default();
        catalog.add_text(Path::new("environments.toml"), text, Source::User);
        let names: Vec<&str> = catalog
            .environments
            .iter()
            .map(|e| e.name.as_str())
            .collect();
        assert_eq!(names, *kept, "{name}: kept");
        assert_eq!(
            catalog.diagnostics.len(),
            problems.len(),
            "{name}: {:#?}",
            catalog.diagnostics
        );
        for (line, phrase) in *problems {
            assert!(
                catalog
                    .diagnostics
                    .iter()
                    .any(|d| d.line == *line && d.message.contains(phrase)),
                "{name}: no problem at line {line} with {phrase:?} in {:#?}",
                catalog.diagnostics
            );
        }
    }
}

#[test]
fn every_field_is_read() {
    let text = r##"
[[environment]]
name = "prod"
invoke_url = "https://abc.lambda-url.me-central-1.on.aws/"
health_url = "https://def.lambda-url.me-central-1.on.aws/"
region = "me-central-1"
production = true
color = "#7c3aed"
[environment.auth]
method = "api_key"
header = "x-skymarshal-key"
[environment.timeouts]
connect_seconds = 5
idle_seconds = 400
total_seconds = 900.5
"##;
    let (envs, problems) = parse(text, Source::Organisation);
    assert_eq!(problems, []);
    let prod = &envs[0];
    assert!(
        prod.production && prod.confirm_before_send,
        "production asks before sending by default"
    );
    assert_eq!(prod.color, "#7c3aed");
    assert_eq!(
        prod.auth,
        Auth::ApiKey {
            header: "x-skymarshal-key".into()
        }
    );
    assert_eq!(prod.timeouts.idle.as_secs(), 400);
    assert_eq!(prod.timeouts.total.as_secs_f64(), 900.5);
    assert_eq!(prod.source, Source::Organisation);
    assert_eq!(prod.line, 2);
}

#[test]
fn first_run_creates_the_documented_file_and_org_files_come_first() {
    let dir = std::env::temp_dir().join(format!("skymarshal-envs-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    let org = dir.join("org.toml");
    std::fs::write(&org, STAGING).unwrap();
    let locations = Locations {
        user_file: dir.join("user/environments.toml"),
        org_file: Some(org),
    };
    let catalog = Catalog::load(&locations);
    assert_eq!(
        std::fs::read_to_string(&locations.user_file).unwrap(),
        TEMPLATE
    );
    assert_eq!(catalog.environments.len(), 1);
    assert_eq!(catalog.environments[0].source, Source::Organisation);

    // Export and import round-trip, refusing a clash.
    let exported = catalog.export(&["STAGING"]).unwrap();
    let clash = catalog
        .import(&locations, &exported)
        .unwrap_err()
        .to_string();
    assert!(clash.contains("already exists"), "{clash}");
    let renamed = exported.replace("name = \"staging\"", "name = \"staging-copy\"");
    assert_eq!(
        catalog.import(&locations, &renamed).unwrap(),
        ["staging-copy"]
    );
    let reloaded = Catalog::load(&locations);
    assert_eq!(reloaded.diagnostics, []);
    let copy = reloaded.get("staging-copy").unwrap();
    assert_eq!(copy.source, Source::User);
    assert_eq!(copy.auth, Auth::AwsSigv4 { profile: None });
    assert_eq!(copy.invoke_url, catalog.environments[0].invoke_url);
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn an_unreadable_org_file_is_a_diagnostic_not_a_crash() {
    let dir = std::env::temp_dir().join(format!("skymarshal-envs-missing-{}", std::process::id()));
    let locations = Locations {
        user_file: dir.join("environments.toml"),
        org_file: Some(dir.join("no-such-org.toml")),
    };
    let catalog = Catalog::load(&locations);
    assert_eq!(catalog.diagnostics.len(), 1);
    assert!(
        catalog.diagnostics[0]
            .to_string()
            .contains("no-such-org.toml, line 1: could not read")
    );
    let _ = std::fs::remove_dir_all(&dir);
}
