//! The application layer without a window: a run's messages are numbered
//! without gaps, end with `finished`, carry the session for a follow-up,
//! and can be cancelled; bad requests are refused before anything is sent.

use std::time::Duration;

use serde_json::Value;
use skymarshal_app::{Console, RunBody, RunMessage, SimulatorSettings, StartRequest};
use skymarshal_sim::Pacing;
use tokio::sync::mpsc;

const PROMPT: &str = "Flight EY123 delayed 2 hours due to weather";

async fn console() -> Console {
    Console::with_training_simulator(SimulatorSettings {
        pacing: Pacing::instant(),
        force_delay: None,
    })
    .await
    .unwrap()
}

fn request(prompt: &str, session: Option<String>, scenario: Option<&str>) -> StartRequest {
    StartRequest {
        environment_id: "training-simulator".into(),
        prompt: prompt.into(),
        session_id: session,
        scenario: scenario.map(str::to_owned),
    }
}

/// Starts a run and collects its messages up to `finished`.
async fn collect(console: &Console, request: StartRequest) -> Vec<RunMessage> {
    let (tx, mut rx) = mpsc::unbounded_channel();
    let started = console
        .start(request, move |m| drop(tx.send(m)))
        .await
        .unwrap();
    let mut messages = Vec::new();
    while let Some(message) = rx.recv().await {
        assert_eq!(message.run_id, started.run_id);
        let done = matches!(message.body, RunBody::Finished { .. });
        messages.push(message);
        if done {
            break;
        }
    }
    messages
}

fn finished(messages: &[RunMessage]) -> Value {
    serde_json::to_value(&messages.last().unwrap().body).unwrap()
}

#[tokio::test]
async fn a_run_is_numbered_and_ends_with_finished() {
    let console = console().await;
    let messages = collect(&console, request(PROMPT, None, None)).await;
    let seqs: Vec<u64> = messages.iter().map(|m| m.seq).collect();
    assert_eq!(seqs, (0..messages.len() as u64).collect::<Vec<_>>());
    let kinds: Vec<String> = messages
        .iter()
        .map(|m| {
            serde_json::to_value(&m.body).unwrap()["kind"]
                .as_str()
                .unwrap()
                .to_owned()
        })
        .collect();
    assert_eq!(kinds, ["response", "event", "event", "event", "finished"]);
    let end = finished(&messages);
    assert_eq!(end["ok"], true);
    assert!(end["session_id"].is_string());
}

#[tokio::test]
async fn a_follow_up_carries_the_session() {
    let console = console().await;
    let first = finished(&collect(&console, request(PROMPT, None, None)).await);
    let session = first["session_id"].as_str().unwrap().to_owned();
    let second = finished(
        &collect(
            &console,
            request("And with a 4 hour delay?", Some(session.clone()), None),
        )
        .await,
    );
    assert_eq!(second["session_id"], session.as_str());
    let sim = console.simulator();
    assert_eq!(
        sim.requests()[1].session_id.as_deref(),
        Some(session.as_str())
    );
}

#[tokio::test]
async fn scenarios_reach_the_simulator_and_errors_arrive_in_words() {
    let console = console().await;
    let end = finished(&collect(&console, request(PROMPT, None, Some("api-gateway"))).await);
    assert_eq!(end["ok"], false);
    assert_eq!(end["error"]["kind"], "wrong_endpoint");
    assert!(
        end["error"]["message"]
            .as_str()
            .unwrap()
            .contains("Lambda Function URL")
    );
    assert!(
        end["error"]["detail"]
            .as_str()
            .unwrap()
            .contains("ApiGateway")
    );
}

#[tokio::test]
async fn cancel_ends_the_run_with_cancelled() {
    let console = Console::with_training_simulator(SimulatorSettings {
        pacing: Pacing {
            delay: Duration::from_secs(30),
            ..Pacing::instant()
        },
        force_delay: None,
    })
    .await
    .unwrap();
    let (tx, mut rx) = mpsc::unbounded_channel();
    let started = console
        .start(request(PROMPT, None, None), move |m| drop(tx.send(m)))
        .await
        .unwrap();
    // Wait for metadata, then cancel.
    while let Some(message) = rx.recv().await {
        if matches!(&message.body, RunBody::Event { position: 0, .. }) {
            break;
        }
    }
    console.cancel(&started.run_id).unwrap();
    let mut last = None;
    while let Some(message) = rx.recv().await {
        last = Some(message);
    }
    let end = serde_json::to_value(last.unwrap().body).unwrap();
    assert_eq!(end["error"]["kind"], "cancelled");
    assert_eq!(end["error"]["may_still_be_running"], true);
}

#[tokio::test]
async fn bad_requests_are_refused_before_sending() {
    let console = console().await;
    // (request, kind, phrase)
    let table = [
        (
            request("short", None, None),
            "validation",
            "at least 10 characters",
        ),
        (
            request(PROMPT, Some("nope".into()), None),
            "validation",
            "UUID v4",
        ),
        (
            request(PROMPT, None, Some("no-such-scenario")),
            "validation",
            "Training scenarios",
        ),
        (
            StartRequest {
                environment_id: "prod".into(),
                ..request(PROMPT, None, None)
            },
            "validation",
            "no environment \"prod\"",
        ),
    ];
    for (request, kind, phrase) in table {
        let error = console.start(request, |_| {}).await.unwrap_err().to_ui();
        assert_eq!(error.kind.as_str(), kind);
        assert!(error.message.contains(phrase), "{}", error.message);
    }
    assert_eq!(console.simulator().posts(), 0);
    assert_eq!(
        console
            .cancel("no-such-run")
            .unwrap_err()
            .to_ui()
            .kind
            .as_str(),
        "not_found"
    );
}

#[tokio::test]
async fn configured_environments_are_listed_and_reached() {
    use skymarshal_envs::{Catalog, Source};
    let deployment = skymarshal_sim::Simulator::start(skymarshal_sim::SimConfig::instant())
        .await
        .unwrap();
    let mut catalog = Catalog::default();
    let file = format!(
        "[[environment]]\nname = \"Staging\"\ninvoke_url = \"{}\"\n\n[[environment]]\nname = \"prod\"\ninvoke_url = \"https://x.lambda-url.me-central-1.on.aws/\"\nregion = \"me-central-1\"\nproduction = true\nauth = \"aws_sigv4\"\n\n[[environment]]\nname = \"broken\"\n",
        deployment.url()
    );
    catalog.add_text(
        std::path::Path::new("environments.toml"),
        &file,
        Source::User,
    );
    let console = Console::open(
        SimulatorSettings {
            pacing: Pacing::instant(),
            force_delay: None,
        },
        catalog,
    )
    .await
    .unwrap();
    let list = console.environment_list();
    let ids: Vec<&str> = list.environments.iter().map(|e| e.id.as_str()).collect();
    assert_eq!(ids, ["training-simulator", "env:staging", "env:prod"]);
    assert!(
        list.environments[2].settings.production
            && list.environments[2].settings.confirm_before_send == Some(true)
    );
    assert_eq!(list.problems.len(), 1, "{:?}", list.problems);
    // The window reads every setting at the top level of an environment,
    // the simulator's as a deployment's.
    let json = serde_json::to_value(&list).unwrap();
    let keys = [
        "id",
        "name",
        "invoke_url",
        "kind",
        "color",
        "production",
        "scenarios",
        "source",
        "editable",
        "auth_method",
        "confirm_before_send",
        "health_url",
        "region",
    ];
    for environment in json["environments"].as_array().unwrap() {
        for key in keys {
            assert!(environment.get(key).is_some(), "{key} in {environment}");
        }
        assert!(environment.get("definition").is_none(), "{environment}");
    }
    assert_eq!(
        json["environments"][0]["invoke_url"],
        console.simulator().url()
    );
    assert_eq!(json["environments"][2]["color"], "#b91c1c");
    assert_eq!(json["environments"][2]["confirm_before_send"], true);
    assert_eq!(json["environments"][2]["connect_seconds"], Value::Null);

    let staging = StartRequest {
        environment_id: "env:staging".into(),
        ..request(PROMPT, None, None)
    };
    let end = finished(&collect(&console, staging).await);
    assert_eq!(end["ok"], true);
    assert_eq!(deployment.posts(), 1);
    assert_eq!(console.simulator().posts(), 0);

    let prod = StartRequest {
        environment_id: "env:prod".into(),
        ..request(PROMPT, None, None)
    };
    // With no key in the keyring, a SigV4 environment signs with the AWS
    // default chain: this machine's own (environment variables, the
    // default profile). Whatever it holds, nothing is sent without
    // credentials, and the message says why; a machine whose default
    // chain does hold keys sends with them.
    if let Err(error) = console.start(prod, |_| {}).await {
        let error = error.to_ui();
        assert!(
            error
                .message
                .contains("No AWS access key id is set for \"prod\"")
                || error.kind.as_str().contains("keyring")
                || error.kind.as_str().contains("credentials")
                || error.kind.as_str() == "sso_login_needed",
            "{error:?}"
        );
        assert_eq!(deployment.posts(), 1, "nothing sent");
    }
    let scenario_on_deployment = StartRequest {
        environment_id: "env:staging".into(),
        ..request(PROMPT, None, Some("bom"))
    };
    assert!(console.start(scenario_on_deployment, |_| {}).await.is_err());
}
