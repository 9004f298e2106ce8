//! How a request proves who sends it: a bearer token, an API key in a
//! named header, or AWS Signature Version 4 (service `lambda`, the
//! environment's region, over the exact body bytes), applied just before
//! the one send. SigV4 keys come from [`AwsKeys`] (`keys.rs`), which knows
//! how long they last.

mod keys;

pub use keys::{AwsKeySource, AwsKeys, Fetched, KeyFetch, KeyKind, KeyOrigin, KeysInHand};

use std::fmt;
use std::time::SystemTime;

use aws_sigv4::http_request::{SignableBody, SignableRequest, SigningSettings, sign};
use aws_sigv4::sign::v4;
use url::Url;

use crate::Error;

/// The credentials of one request. `Debug` never shows a secret.
#[derive(Clone, Default)]
pub enum Credentials {
    /// An open Function URL.
    #[default]
    None,
    /// `Authorization: Bearer <token>`.
    Bearer {
        /// The token.
        token: String,
    },
    /// A key in a named header.
    ApiKey {
        /// The header.
        header: String,
        /// The key.
        key: String,
    },
    /// AWS SigV4 for a Lambda Function URL with `AuthType AWS_IAM`.
    AwsSigv4 {
        /// The keys, from the keyring or an AWS profile, and how long they last.
        keys: AwsKeys,
        /// The region the Function URL lives in.
        region: String,
    },
}

impl fmt::Debug for Credentials {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::None => f.write_str("Credentials::None"),
            Self::Bearer { .. } => f.write_str("Credentials::Bearer([redacted])"),
            Self::ApiKey { header, .. } => write!(f, "Credentials::ApiKey({header}: [redacted])"),
            Self::AwsSigv4 { region, .. } => {
                write!(f, "Credentials::AwsSigv4({region}, [redacted])")
            }
        }
    }
}

impl Credentials {
    /// Whether any credentials are sent at all.
    pub fn is_none(&self) -> bool {
        matches!(self, Self::None)
    }

    /// For SigV4, keys that last `window` from now (the analysis's total
    /// timeout), else `None`. Errors as [`AwsKeys::valid_for`].
    pub async fn aws_keys_for(
        &self,
        window: std::time::Duration,
    ) -> Result<Option<KeysInHand>, Error> {
        match self {
            Self::AwsSigv4 { keys, .. } => keys.valid_for(window).await.map(Some),
            _ => Ok(None),
        }
    }

    /// The headers that authenticate a `POST` of `body` to `url` at `now`;
    /// SigV4 signs with `aws`, the keys checked just before.
    pub(crate) fn headers(
        &self,
        url: &Url,
        content_type: &str,
        body: &[u8],
        now: SystemTime,
        aws: Option<&KeysInHand>,
    ) -> Result<Vec<(String, String)>, Error> {
        match self {
            Self::None => Ok(Vec::new()),
            Self::Bearer { token } => Ok(vec![("authorization".into(), format!("Bearer {token}"))]),
            Self::ApiKey { header, key } => Ok(vec![(header.to_ascii_lowercase(), key.clone())]),
            Self::AwsSigv4 { region, .. } => {
                let Some(keys) = aws else {
                    return Err(Error::SigningFailed {
                        detail: "no keys were checked before signing".to_owned(),
                    });
                };
                let identity = keys.credentials.clone().into();
                let params = v4::SigningParams::builder()
                    .identity(&identity)
                    .region(region)
                    .name("lambda")
                    .time(now)
                    .settings(SigningSettings::default())
                    .build()
                    .map_err(|e| signing_failed(&e))?
                    .into();
                let signed_headers = [("content-type", content_type)];
                let request = SignableRequest::new(
                    "POST",
                    url.as_str(),
                    signed_headers.into_iter(),
                    SignableBody::Bytes(body),
                )
                .map_err(|e| signing_failed(&e))?;
                let (instructions, _signature) = sign(request, &params)
                    .map_err(|e| signing_failed(&e))?
                    .into_parts();
                Ok(instructions
                    .headers()
                    .map(|(name, value)| (name.to_owned(), value.to_owned()))
                    .collect())
            }
        }
    }
}

fn signing_failed(error: &dyn std::error::Error) -> Error {
    Error::SigningFailed {
        detail: error.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use std::time::Duration;

    use super::*;

    fn header<'a>(headers: &'a [(String, String)], name: &str) -> Option<&'a str> {
        headers
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, v)| v.as_str())
    }

    /// Fixed time and keys pin the signature. The expected value was
    /// computed independently (Python's hmac and hashlib, following the
    /// SigV4 specification) and agrees with the `aws-sigv4` crate.
    /// SigV4 credentials from keyring-style keys, and the keys in hand.
    async fn sigv4(
        id: &str,
        secret: &str,
        token: Option<&str>,
        region: &str,
    ) -> (Credentials, Option<KeysInHand>) {
        let credentials = Credentials::AwsSigv4 {
            keys: AwsKeys::from_keyring(id, secret, token.map(str::to_owned)),
            region: region.into(),
        };
        let hand = credentials
            .aws_keys_for(Duration::from_secs(600))
            .await
            .unwrap();
        (credentials, hand)
    }

    #[tokio::test]
    async fn sigv4_golden_signature() {
        let (credentials, hand) = sigv4(
            "AKIDEXAMPLE",
            "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY",
            None,
            "me-central-1",
        )
        .await;
        let url = Url::parse("https://abc123.lambda-url.me-central-1.on.aws/").unwrap();
        let body = br#"{"prompt":"Flight EY123 delayed 2 hours due to weather"}"#;
        let now = SystemTime::UNIX_EPOCH + Duration::from_secs(1_767_225_600); // 2026-01-01T00:00:00Z
        let headers = credentials
            .headers(&url, "application/json", body, now, hand.as_ref())
            .unwrap();
        assert_eq!(header(&headers, "x-amz-date"), Some("20260101T000000Z"));
        assert_eq!(header(&headers, "authorization"), Some(GOLDEN));
        assert_eq!(header(&headers, "x-amz-security-token"), None);
    }

    const GOLDEN: &str = "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20260101/me-central-1/lambda/aws4_request, \
                          SignedHeaders=content-type;host;x-amz-date, \
                          Signature=46057a2f5c7ad1a03bc90893062edff83c3f2055002a105dea3fa3e57737d512";

    #[tokio::test]
    async fn a_session_token_is_sent_and_signed() {
        let (credentials, hand) =
            sigv4("AKIDEXAMPLE", "secret", Some("TOKEN123"), "eu-west-1").await;
        let url = Url::parse("https://x.lambda-url.eu-west-1.on.aws/").unwrap();
        let headers = credentials
            .headers(
                &url,
                "application/json",
                b"{}",
                SystemTime::now(),
                hand.as_ref(),
            )
            .unwrap();
        assert_eq!(header(&headers, "x-amz-security-token"), Some("TOKEN123"));
        assert!(
            header(&headers, "authorization")
                .unwrap()
                .contains("x-amz-security-token")
        );
    }

    #[test]
    fn other_methods_and_debug() {
        let url = Url::parse("https://x/").unwrap();
        let now = SystemTime::now();
        let bearer = Credentials::Bearer {
            token: "CANARY".into(),
        };
        assert_eq!(
            bearer.headers(&url, "", b"", now, None).unwrap(),
            [("authorization".to_owned(), "Bearer CANARY".to_owned())]
        );
        let key = Credentials::ApiKey {
            header: "X-Api-Key".into(),
            key: "CANARY".into(),
        };
        assert_eq!(
            key.headers(&url, "", b"", now, None).unwrap(),
            [("x-api-key".to_owned(), "CANARY".to_owned())]
        );
        for credentials in [bearer, key] {
            assert!(!format!("{credentials:?}").contains("CANARY"));
        }
    }
}
