//! STS's `AssumeRole`, as far as a profile with `role_arn` and
//! `source_profile` needs it: the deployment's own temporary keys for an
//! hour, in STS's XML. A test points the AWS SDK at it with
//! `AWS_ENDPOINT_URL_STS` (a path under the simulator's URL, so these
//! requests are told apart from analyses), so an assumed role's happy
//! path runs without the internet.

use axum::http::StatusCode;
use time::OffsetDateTime;
use time::format_description::well_known::Rfc3339;

use crate::SimAuth;

/// The path prefix the simulator answers STS on.
pub(crate) const PREFIX: &str = "/sts";

/// `POST /sts/` with `Action=AssumeRole`: the keys `auth` accepts.
pub(crate) fn assume_role(auth: &SimAuth, body: &[u8]) -> (StatusCode, String) {
    let form = String::from_utf8_lossy(body);
    let Some(keys) = auth.issued_keys() else {
        return refused("the simulated deployment signs nothing");
    };
    if !form.split('&').any(|pair| pair == "Action=AssumeRole") {
        return refused("only AssumeRole is simulated");
    }
    let expiration = OffsetDateTime::from(keys.expires)
        .replace_nanosecond(0)
        .ok()
        .and_then(|t| t.format(&Rfc3339).ok())
        .unwrap_or_default();
    let (access_key_id, secret_access_key) = (keys.access_key_id, keys.secret_access_key);
    let token = keys.session_token.unwrap_or_default();
    (
        StatusCode::OK,
        format!(
            "<AssumeRoleResponse xmlns=\"https://sts.amazonaws.com/doc/2011-06-15/\">\
             <AssumeRoleResult><Credentials><AccessKeyId>{access_key_id}</AccessKeyId>\
             <SecretAccessKey>{secret_access_key}</SecretAccessKey>\
             <SessionToken>{token}</SessionToken><Expiration>{expiration}</Expiration>\
             </Credentials><AssumedRoleUser>\
             <Arn>arn:aws:sts::111122223333:assumed-role/Ops/skymarshal</Arn>\
             <AssumedRoleId>AROASIMULATOR:skymarshal</AssumedRoleId></AssumedRoleUser>\
             </AssumeRoleResult><ResponseMetadata><RequestId>sim-sts</RequestId>\
             </ResponseMetadata></AssumeRoleResponse>"
        ),
    )
}

fn refused(message: &str) -> (StatusCode, String) {
    (
        StatusCode::FORBIDDEN,
        format!(
            "<ErrorResponse><Error><Type>Sender</Type><Code>AccessDenied</Code>\
             <Message>{message}</Message></Error></ErrorResponse>"
        ),
    )
}
