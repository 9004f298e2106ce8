//! IAM Identity Center's `GetRoleCredentials`, as far as a console that
//! signs in with `aws sso login` needs it: a bearer token from the SSO
//! cache in, the deployment's own temporary keys out. A test points the
//! AWS SDK at it with `AWS_ENDPOINT_URL_SSO`, so an SSO profile's happy
//! path runs without the internet.

use std::time::UNIX_EPOCH;

use axum::http::{HeaderMap, StatusCode};
use serde_json::{Value, json};

use crate::SimAuth;

/// `GET /federation/credentials`: the keys `auth` accepts, for one hour,
/// to a request that carries an SSO bearer token; AWS's refusal otherwise.
pub(crate) fn role_credentials(auth: &SimAuth, headers: &HeaderMap) -> (StatusCode, Value) {
    let token = headers
        .get("x-amz-sso_bearer_token")
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default();
    let Some(keys) = auth.issued_keys() else {
        return unauthorized();
    };
    if token.is_empty() {
        return unauthorized();
    }
    let expiration = keys
        .expires
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| d.as_millis());
    (
        StatusCode::OK,
        json!({"roleCredentials": {
            "accessKeyId": keys.access_key_id,
            "secretAccessKey": keys.secret_access_key,
            "sessionToken": keys.session_token,
            "expiration": expiration,
        }}),
    )
}

fn unauthorized() -> (StatusCode, Value) {
    (
        StatusCode::UNAUTHORIZED,
        json!({"message": "Session token not found or invalid"}),
    )
}
