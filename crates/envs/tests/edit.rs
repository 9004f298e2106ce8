//! Editing the user's file from the console: each change lands in place,
//! keeps the user's comments and the other environments, and refuses what
//! it must (a taken name, the organisation's environments, a broken file)
//! without touching the file.

use std::path::PathBuf;

use skymarshal_envs::{Catalog, EnvironmentDraft, Locations};

const USER: &str = r#"# My environments. Keep this comment.

# Staging, shared with the night shift.
[[environment]]
name = "staging"
invoke_url = "https://abc.lambda-url.me-central-1.on.aws/"   # the Function URL
region = "me-central-1"

[environment.auth]
method = "aws_sigv4"

[[environment]]
name = "dev"
invoke_url = "http://127.0.0.1:9000/"
"#;

const ORG: &str = "[[environment]]\nname = \"prod\"\ninvoke_url = \"https://p.lambda-url.me-central-1.on.aws/\"\nproduction = true\n";

struct Files {
    _dir: tempfile::TempDir,
    locations: Locations,
}

impl Files {
    fn new(user: &str) -> Self {
        let dir = tempfile::tempdir().unwrap();
        let user_file = dir.path().join("environments.toml");
        let org_file = dir.path().join("org.toml");
        std::fs::write(&user_file, user).unwrap();
        std::fs::write(&org_file, ORG).unwrap();
        Self {
            locations: Locations {
                user_file,
                org_file: Some(org_file),
            },
            _dir: dir,
        }
    }

    fn catalog(&self) -> Catalog {
        Catalog::load(&self.locations)
    }

    fn text(&self) -> String {
        std::fs::read_to_string(&self.locations.user_file).unwrap()
    }

    fn names(&self) -> Vec<String> {
        let catalog = self.catalog();
        assert!(catalog.diagnostics.is_empty(), "{:?}", catalog.diagnostics);
        catalog.environments.into_iter().map(|e| e.name).collect()
    }

    fn path(&self) -> PathBuf {
        self.locations.user_file.clone()
    }
}

fn draft(name: &str, url: &str) -> EnvironmentDraft {
    EnvironmentDraft {
        name: name.into(),
        invoke_url: url.into(),
        ..EnvironmentDraft::default()
    }
}

#[test]
fn adding_appends_and_keeps_every_comment() {
    let files = Files::new(USER);
    let mut new = draft("training", "http://127.0.0.1:9100/");
    new.auth_method = "bearer".into();
    new.idle_seconds = Some(400.0);
    files.catalog().save(&files.locations, None, &new).unwrap();
    let text = files.text();
    for comment in [
        "# My environments. Keep this comment.",
        "# Staging, shared with the night shift.",
        "# the Function URL",
    ] {
        assert!(text.contains(comment), "{comment} lost:\n{text}");
    }
    assert_eq!(files.names(), ["prod", "staging", "dev", "training"]);
    let spec = files.catalog().get("training").cloned().unwrap();
    assert_eq!(spec.auth.method(), "bearer");
    assert_eq!(spec.timeouts.idle.as_secs(), 400);
}

#[test]
fn editing_replaces_in_place_and_can_rename() {
    let files = Files::new(USER);
    let catalog = files.catalog();
    let mut staging = EnvironmentDraft::from_spec(catalog.get("staging").unwrap());
    staging.name = "staging-eu".into();
    staging.confirm_before_send = Some(true);
    catalog
        .save(&files.locations, Some("staging"), &staging)
        .unwrap();
    assert_eq!(files.names(), ["prod", "staging-eu", "dev"]);
    assert!(
        files.text().contains(
            "# Staging, shared with the night shift.\n[[environment]]\nname = \"staging-eu\""
        ),
        "{}",
        files.text()
    );
    assert!(
        files
            .catalog()
            .get("staging-eu")
            .unwrap()
            .confirm_before_send
    );
}

#[test]
fn removing_takes_out_one_environment_only() {
    let files = Files::new(USER);
    files.catalog().remove(&files.locations, "DEV").unwrap();
    assert_eq!(files.names(), ["prod", "staging"]);
    assert!(
        files
            .text()
            .contains("# My environments. Keep this comment.")
    );
}

/// (what, original name, draft name, phrase in the refusal)
const REFUSED: &[(&str, Option<&str>, &str, &str)] = &[
    ("a taken name", None, "Staging", "already exists"),
    ("the organisation's name", None, "prod", "already exists"),
    (
        "editing the organisation's",
        Some("prod"),
        "prod",
        "organisation's file",
    ),
    (
        "renaming onto another",
        Some("dev"),
        "staging",
        "already exists",
    ),
    (
        "an unknown original",
        Some("gone"),
        "gone",
        "no environment \"gone\"",
    ),
];

#[test]
fn refusals_leave_the_file_untouched() {
    for (what, original, name, phrase) in REFUSED {
        let files = Files::new(USER);
        let error = files
            .catalog()
            .save(
                &files.locations,
                *original,
                &draft(name, "http://127.0.0.1:9200/"),
            )
            .unwrap_err()
            .to_string();
        assert!(error.contains(phrase), "{what}: {error}");
        assert_eq!(files.text(), USER, "{what}");
    }
    let files = Files::new(USER);
    let error = files
        .catalog()
        .remove(&files.locations, "prod")
        .unwrap_err();
    assert!(error.to_string().contains("duplicate it"), "{error}");
}

#[test]
fn a_file_that_is_not_toml_is_never_rewritten() {
    let broken = "[[environment]]\nname = \"dev\"\ninvoke_url = \"http://127.0.0.1:9000/\n";
    let files = Files::new(broken);
    let error = files
        .catalog()
        .save(
            &files.locations,
            None,
            &draft("new", "http://127.0.0.1:9300/"),
        )
        .unwrap_err()
        .to_string();
    assert!(error.contains("fix it by hand"), "{error}");
    assert_eq!(std::fs::read_to_string(files.path()).unwrap(), broken);
}

#[test]
fn export_then_import_carries_every_field_and_no_secret() {
    let files = Files::new(USER);
    let exported = files.catalog().export(&["staging"]).unwrap();
    assert!(!exported.to_lowercase().contains("secret"));
    let other = Files::new("");
    let added = other.catalog().import(&other.locations, &exported).unwrap();
    assert_eq!(added, ["staging"]);
    let mut theirs = other.catalog().get("staging").cloned().unwrap();
    let ours = files.catalog().get("staging").cloned().unwrap();
    theirs.line = ours.line;
    assert_eq!(theirs, ours);
}

#[test]
fn a_profile_is_recorded_in_place_and_cleared() {
    let files = Files::new(USER);
    let spec = files
        .catalog()
        .set_aws_profile(&files.locations, "staging", Some("ops-prod"))
        .unwrap();
    assert_eq!(spec.auth.aws_profile(), Some("ops-prod"));
    let text = files.text();
    assert!(
        text.contains("# Staging, shared with the night shift."),
        "{text}"
    );
    assert!(text.contains("# the Function URL"), "{text}");
    assert!(text.contains("profile = \"ops-prod\""), "{text}");
    let spec = files
        .catalog()
        .set_aws_profile(&files.locations, "staging", None)
        .unwrap();
    assert_eq!(spec.auth.aws_profile(), None);
    assert!(!files.text().contains("profile ="));
}

#[test]
fn a_bare_method_becomes_a_table_to_hold_the_profile() {
    let files = Files::new(
        "[[environment]]\nname = \"s\"\ninvoke_url = \"http://127.0.0.1:1/\"\nregion = \"eu-west-1\"\nauth = \"aws_sigv4\"\n",
    );
    let spec = files
        .catalog()
        .set_aws_profile(&files.locations, "s", Some("ops"))
        .unwrap();
    assert_eq!(spec.auth.aws_profile(), Some("ops"));
}

/// (environment, profile, what the refusal says)
const PROFILE_REFUSALS: &[(&str, &str, &str)] = &[
    ("dev", "ops", "not aws_sigv4"),
    ("prod", "ops", "organisation's file"),
    ("staging", "ops prod", "is not an AWS profile name"),
    ("nowhere", "ops", "there is no environment"),
];

#[test]
fn a_profile_is_refused_in_words_and_the_file_kept() {
    for (env, profile, expected) in PROFILE_REFUSALS {
        let files = Files::new(USER);
        let error = files
            .catalog()
            .set_aws_profile(&files.locations, env, Some(profile))
            .unwrap_err()
            .to_string();
        assert!(error.contains(expected), "{env} {profile}: {error}");
        assert_eq!(files.text(), USER, "{env}");
    }
}
