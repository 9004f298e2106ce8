//! Credentials against a simulator that checks them as the deployment
//! would (SigV4 recomputed over the request it received), and a canary
//! secret that must appear in no update and no log line.

mod support;

use std::io::Write;
use std::sync::{Arc, Mutex};

use skymarshal_core::{
    AnalysisRequest, AwsKeys, Client, ClientConfig, Credentials, Endpoint, ErrorKind, Update,
};
use skymarshal_sim::{SimAuth, SimConfig, Simulator};
use support::PROMPT;
use tokio_util::sync::CancellationToken;

const CANARY: &str = "CANARY-7f3a9c-SECRET";

fn sigv4(secret: &str, region: &str) -> Credentials {
    Credentials::AwsSigv4 {
        keys: AwsKeys::from_keyring("AKIACANARYTEST", secret, None),
        region: region.into(),
    }
}

const TOKEN: &str = "TOKEN-CANARY-3e1b";

fn with_token(secret: &str, token: Option<&str>) -> Credentials {
    Credentials::AwsSigv4 {
        keys: AwsKeys::from_keyring("AKIACANARYTEST", secret, token.map(str::to_owned)),
        region: "me-central-1".into(),
    }
}

/// A writer that keeps every log line in memory.
#[derive(Clone, Default)]
struct Logs(Arc<Mutex<Vec<u8>>>);

impl Write for Logs {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.0.lock().unwrap().extend_from_slice(buf);
        Ok(buf.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

#[tokio::test]
async fn credentials_table_against_a_checking_deployment() {
    let logs = Logs::default();
    let writer = logs.clone();
    let subscriber = tracing_subscriber::fmt()
        .with_max_level(tracing::Level::TRACE)
        .with_writer(move || writer.clone())
        .finish();
    let _guard = tracing::subscriber::set_default(subscriber);

    let iam = SimAuth::AwsSigv4 {
        access_key_id: "AKIACANARYTEST".into(),
        secret_access_key: CANARY.into(),
        region: "me-central-1".into(),
        session_token: None,
    };
    // Temporary keys: the deployment demands their session token too.
    let temporary = SimAuth::AwsSigv4 {
        access_key_id: "AKIACANARYTEST".into(),
        secret_access_key: CANARY.into(),
        region: "me-central-1".into(),
        session_token: Some(TOKEN.into()),
    };
    let bearer = SimAuth::Bearer(CANARY.into());
    let api_key = SimAuth::ApiKey {
        header: "x-api-key".into(),
        key: CANARY.into(),
    };
    // (deployment, credentials sent, expected kind: None for success, phrase)
    let table: Vec<(SimAuth, Credentials, Option<ErrorKind>, &str)> = vec![
        (iam.clone(), sigv4(CANARY, "me-central-1"), None, ""),
        (
            iam.clone(),
            sigv4("wrong-secret", "me-central-1"),
            Some(ErrorKind::Auth),
            "signature was not accepted",
        ),
        (
            iam.clone(),
            sigv4(CANARY, "eu-west-1"),
            Some(ErrorKind::Auth),
            "signature was not accepted",
        ),
        (iam, Credentials::None, Some(ErrorKind::Auth), "Forbidden"),
        (temporary.clone(), with_token(CANARY, Some(TOKEN)), None, ""),
        (
            temporary.clone(),
            with_token(CANARY, Some("another-token")),
            Some(ErrorKind::Auth),
            "security token",
        ),
        (
            temporary,
            with_token(CANARY, None),
            Some(ErrorKind::Auth),
            "security token",
        ),
        (
            bearer.clone(),
            Credentials::Bearer {
                token: CANARY.into(),
            },
            None,
            "",
        ),
        (
            bearer,
            Credentials::Bearer {
                token: "nope".into(),
            },
            Some(ErrorKind::Auth),
            "HTTP 401",
        ),
        (
            api_key.clone(),
            Credentials::ApiKey {
                header: "X-Api-Key".into(),
                key: CANARY.into(),
            },
            None,
            "",
        ),
        (
            api_key,
            Credentials::None,
            Some(ErrorKind::Auth),
            "HTTP 403",
        ),
    ];
    for (i, (auth, credentials, kind, phrase)) in table.into_iter().enumerate() {
        let sim = Simulator::start(SimConfig {
            auth,
            ..SimConfig::instant()
        })
        .await
        .unwrap();
        let client = Client::new(ClientConfig::default()).unwrap();
        let endpoint = Endpoint::parse(&sim.url_with("fixture=2")).unwrap();
        let request = AnalysisRequest::new(PROMPT, None).unwrap();
        let mut run = client.start_with(&endpoint, &request, credentials, CancellationToken::new());
        let mut updates = Vec::new();
        while let Some(update) = run.next().await {
            updates.push(update);
        }
        let Some(Update::Finished(outcome)) = updates.last() else {
            panic!("row {i}: no outcome")
        };
        match (&outcome.result, kind) {
            (Ok(()), None) => {}
            (Err(error), Some(kind)) => {
                assert_eq!(error.kind(), kind, "row {i}: {error}");
                assert!(error.to_string().contains(phrase), "row {i}: {error}");
            }
            (result, _) => panic!("row {i}: {result:?}"),
        }
        assert_eq!(sim.posts(), 1, "row {i}: one POST");
        let shown = serde_json::to_string(&updates).unwrap() + &format!("{updates:?}");
        assert!(
            !shown.contains(CANARY),
            "row {i}: the secret reached an update"
        );
    }
    let logs = String::from_utf8(logs.0.lock().unwrap().clone()).unwrap();
    assert!(
        logs.contains("sending analysis request"),
        "the logs were captured"
    );
    assert!(!logs.contains(CANARY), "the secret reached the logs");
}
