//! The cache against a fake source: a table of expiries in, what a caller
//! gets and how often the source was asked out.

use std::sync::atomic::{AtomicUsize, Ordering};

use super::*;
use crate::ErrorKind;

struct Fake {
    expires_in: Option<i64>,
    calls: Arc<AtomicUsize>,
}

impl AwsKeySource for Fake {
    fn fetch(&self) -> KeyFetch<'_> {
        self.calls.fetch_add(1, Ordering::SeqCst);
        let expiry = self.expires_in.map(|s| {
            if s >= 0 {
                SystemTime::now() + Duration::from_secs(s.unsigned_abs())
            } else {
                SystemTime::now() - Duration::from_secs(s.unsigned_abs())
            }
        });
        let credentials = aws_credential_types::Credentials::new(
            "ASIAEXAMPLEWXYZ",
            "SECRETCANARY",
            Some("TOKENCANARY".into()),
            expiry,
            "fake",
        );
        let origin = KeyOrigin {
            profile: Some("ops".into()),
            kind: KeyKind::Sso,
        };
        Box::pin(async move { Ok((credentials, origin)) })
    }
}

/// (expires in seconds, window seconds, kind refused with or None, source calls after two asks)
const ROWS: &[(Option<i64>, u64, Option<ErrorKind>, usize)] = &[
    (None, 600, None, 1),
    (Some(7200), 600, None, 1),
    (Some(630), 600, None, 2),
    (Some(180), 600, Some(ErrorKind::CredentialsExpiring), 2),
    (Some(-3600), 600, Some(ErrorKind::CredentialsExpiring), 2),
];

#[tokio::test]
async fn keys_are_held_refreshed_and_refused_by_expiry() {
    for (expires_in, window, refused, calls) in ROWS {
        let counter = Arc::new(AtomicUsize::new(0));
        let keys = AwsKeys::from_source(Fake {
            expires_in: *expires_in,
            calls: counter.clone(),
        });
        for _ in 0..2 {
            let answer = keys.valid_for(Duration::from_secs(*window)).await;
            match (refused, answer) {
                (None, Ok(hand)) => {
                    assert_eq!(hand.key_tail, "WXYZ");
                    assert!(!format!("{hand:?}").contains("CANARY"));
                }
                (Some(kind), Err(error)) => {
                    assert_eq!(error.kind(), *kind, "{expires_in:?}");
                    let words = error.to_string();
                    assert!(words.contains("aws sso login --profile ops"), "{words}");
                    assert!(!words.contains("CANARY"), "{words}");
                }
                (expected, got) => panic!("{expires_in:?}: expected {expected:?}, got {got:?}"),
            }
        }
        assert_eq!(counter.load(Ordering::SeqCst), *calls, "{expires_in:?}");
    }
}

#[tokio::test]
async fn keyring_keys_never_expire_and_never_print() {
    let keys = AwsKeys::from_keyring("AKIDEXAMPLE1234", "SECRETCANARY", None);
    let hand = keys.valid_for(Duration::from_secs(600)).await.unwrap();
    assert_eq!(hand.key_tail, "1234");
    assert_eq!(hand.expires, None);
    assert_eq!(hand.origin.kind, KeyKind::Keyring);
    assert_eq!(format!("{keys:?}"), "AwsKeys([redacted])");
}

#[test]
fn an_expiring_message_names_the_time_the_window_and_the_command() {
    let at = SystemTime::UNIX_EPOCH + Duration::from_secs(1_767_240_600); // 2026-01-01T04:10:00Z
    let error = Error::CredentialsExpiring {
        origin: KeyOrigin {
            profile: Some("ops-prod".into()),
            kind: KeyKind::Sso,
        },
        at,
        window: Duration::from_secs(600),
    };
    assert_eq!(
        error.to_string(),
        "The credentials from profile ops-prod expire at 04:10Z, before this analysis could end \
         (up to 10 min); renew them (aws sso login --profile ops-prod) and send again."
    );
}
