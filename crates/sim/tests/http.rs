//! The simulator's own endpoints over real HTTP: health, the request log,
//! what it answers to methods it does not serve, and the session rules.

use serde_json::Value;
use skymarshal_sim::{Scenario, SimConfig, Simulator};

async fn simulator() -> Simulator {
    Simulator::start(SimConfig::instant()).await.unwrap()
}

#[tokio::test]
async fn health_reports_each_state_with_its_status() {
    let sim = simulator().await;
    // (query, HTTP status, reported status)
    let table = [
        ("", 200, "healthy"),
        ("?health=degraded", 503, "degraded"),
        ("?health=unhealthy", 503, "unhealthy"),
    ];
    for (query, code, status) in table {
        let response = reqwest::get(format!("{}{query}", sim.health_url()))
            .await
            .unwrap();
        assert_eq!(response.status().as_u16(), code, "{query}");
        let body: Value = response.json().await.unwrap();
        assert_eq!(body["status"], status);
        assert!(body["dependencies"]["agentcore"].is_string());
        assert!(body["version"].as_str().unwrap().starts_with("simulator-"));
    }
}

#[tokio::test]
async fn the_request_log_and_the_scenario_list_are_served() {
    let sim = simulator().await;
    let client = reqwest::Client::new();
    let sent = r#"{"prompt":"Flight EY123 delayed 2 hours","session_id":"0b7c8a6e-3f2d-4c1b-9a8e-7d6c5b4a3f21"}"#;
    let response = client
        .post(sim.url_with("scenario=ok"))
        .body(sent)
        .send()
        .await
        .unwrap();
    let body = response.text().await.unwrap();
    assert!(
        body.contains(r#""session_id":"0b7c8a6e-3f2d-4c1b-9a8e-7d6c5b4a3f21""#),
        "the session sent is the session used"
    );
    let log: Value = reqwest::get(sim.requests_url())
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(log[0]["method"], "POST");
    assert_eq!(log[0]["body"], sent);
    assert_eq!(log[0]["query"], "scenario=ok");
    let list: Value = reqwest::get(format!("{}__sim/scenarios", sim.url()))
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(list.as_array().unwrap().len(), Scenario::ALL.len());
    assert_eq!(sim.posts(), 1);
}

#[tokio::test]
async fn other_methods_are_refused_with_a_hint() {
    let sim = simulator().await;
    let response = reqwest::get(sim.url()).await.unwrap();
    assert_eq!(response.status().as_u16(), 405);
    assert!(response.text().await.unwrap().contains("POST"));
}

#[tokio::test]
async fn every_analysis_gets_a_fresh_request_id() {
    let sim = simulator().await;
    let client = reqwest::Client::new();
    let mut ids = Vec::new();
    for _ in 0..3 {
        let body = client
            .post(sim.url())
            .body(r#"{"prompt":"Flight EY123 delayed 2 hours"}"#)
            .send()
            .await
            .unwrap()
            .text()
            .await
            .unwrap();
        let first = body.lines().next().unwrap().strip_prefix("data: ").unwrap();
        let metadata: Value = serde_json::from_str(first).unwrap();
        assert_eq!(metadata["type"], "metadata");
        ids.push(metadata["request_id"].as_str().unwrap().to_owned());
    }
    ids.sort();
    ids.dedup();
    assert_eq!(ids.len(), 3);
}

#[tokio::test]
async fn identity_center_hands_the_deployments_keys_to_a_signed_in_caller() {
    let sim = Simulator::start(SimConfig {
        auth: skymarshal_sim::SimAuth::AwsSigv4 {
            access_key_id: "ASIAEXAMPLE".into(),
            secret_access_key: "secret".into(),
            region: "me-central-1".into(),
            session_token: Some("token".into()),
        },
        ..SimConfig::instant()
    })
    .await
    .unwrap();
    let url = format!(
        "{}federation/credentials?role_name=Ops&account_id=1",
        sim.url()
    );
    let client = reqwest::Client::new();
    // (bearer token, HTTP status)
    for (token, code) in [(None, 401), (Some("signed-in"), 200)] {
        let mut request = client.get(&url);
        if let Some(token) = token {
            request = request.header("x-amz-sso_bearer_token", token);
        }
        let response = request.send().await.unwrap();
        assert_eq!(response.status().as_u16(), code, "{token:?}");
        let body: Value = response.json().await.unwrap();
        if code == 200 {
            assert_eq!(body["roleCredentials"]["accessKeyId"], "ASIAEXAMPLE");
            assert_eq!(body["roleCredentials"]["sessionToken"], "token");
            assert!(body["roleCredentials"]["expiration"].as_u64().unwrap() > 0);
        }
    }
}

#[tokio::test]
async fn sts_hands_the_deployments_keys_to_an_assume_role_and_is_no_analysis() {
    let sim = Simulator::start(SimConfig {
        auth: skymarshal_sim::SimAuth::AwsSigv4 {
            access_key_id: "ASIAEXAMPLE".into(),
            secret_access_key: "secret".into(),
            region: "me-central-1".into(),
            session_token: Some("token".into()),
        },
        ..SimConfig::instant()
    })
    .await
    .unwrap();
    let client = reqwest::Client::new();
    // (form, HTTP status, phrase in the XML)
    let table = [
        (
            "Action=AssumeRole&Version=2011-06-15",
            200,
            "<AccessKeyId>ASIAEXAMPLE</AccessKeyId>",
        ),
        ("Action=GetCallerIdentity", 403, "AccessDenied"),
    ];
    for (form, code, phrase) in table {
        let response = client
            .post(format!("{}/", sim.sts_url()))
            .header("content-type", "application/x-www-form-urlencoded")
            .body(form)
            .send()
            .await
            .unwrap();
        assert_eq!(response.status().as_u16(), code, "{form}");
        assert!(response.text().await.unwrap().contains(phrase), "{form}");
    }
    assert_eq!(sim.posts(), 0, "STS's requests are no analyses");
}
