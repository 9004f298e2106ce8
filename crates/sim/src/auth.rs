//! What the simulated deployment demands of each analysis request: nothing,
//! a bearer token, an API key, or a valid AWS SigV4 signature, checked the
//! way AWS checks it (the signature recomputed over the request as
//! received), and refused with AWS's own answers.

use std::time::{Duration, SystemTime};

use aws_sigv4::http_request::{SignableBody, SignableRequest, SigningSettings, sign};
use aws_sigv4::sign::v4;
use axum::http::{HeaderMap, StatusCode, Uri};
use time::PrimitiveDateTime;
use time::macros::format_description;

/// The credential a simulated deployment requires.
#[derive(Clone, Default, PartialEq, Eq)]
pub enum SimAuth {
    /// An open Function URL.
    #[default]
    None,
    /// `Authorization: Bearer <token>`.
    Bearer(String),
    /// A key in a header.
    ApiKey {
        /// The header.
        header: String,
        /// The key.
        key: String,
    },
    /// A Function URL with `AuthType AWS_IAM`.
    AwsSigv4 {
        /// The access key id it accepts.
        access_key_id: String,
        /// Its secret.
        secret_access_key: String,
        /// The region it lives in.
        region: String,
        /// The session token of temporary credentials it accepts; when
        /// set, a request must carry exactly this `X-Amz-Security-Token`
        /// (and sign it), as AWS demands of temporary keys.
        session_token: Option<String>,
    },
}

impl std::fmt::Debug for SimAuth {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let name = match self {
            Self::None => "None",
            Self::Bearer(_) => "Bearer",
            Self::ApiKey { .. } => "ApiKey",
            Self::AwsSigv4 { .. } => "AwsSigv4",
        };
        write!(f, "SimAuth::{name}([redacted])")
    }
}

const MISMATCH: &str = "The request signature we calculated does not match the signature you provided. \
     Check your AWS Secret Access Key and signing method. Consult the service documentation for details.";

/// The temporary keys the simulated Identity Center and STS hand out:
/// the ones the deployment accepts, for an hour.
pub(crate) struct IssuedKeys<'a> {
    pub(crate) access_key_id: &'a str,
    pub(crate) secret_access_key: &'a str,
    pub(crate) session_token: Option<&'a str>,
    pub(crate) expires: SystemTime,
}

impl SimAuth {
    /// The keys to hand out to a signed-in caller; `None` when the
    /// deployment signs nothing.
    pub(crate) fn issued_keys(&self) -> Option<IssuedKeys<'_>> {
        let Self::AwsSigv4 {
            access_key_id,
            secret_access_key,
            session_token,
            ..
        } = self
        else {
            return None;
        };
        Some(IssuedKeys {
            access_key_id,
            secret_access_key,
            session_token: session_token.as_deref(),
            expires: SystemTime::now() + Duration::from_secs(3600),
        })
    }

    /// `Ok` when the request carries what is demanded; otherwise AWS's
    /// status and message.
    pub(crate) fn check(
        &self,
        headers: &HeaderMap,
        uri: &Uri,
        body: &[u8],
    ) -> Result<(), (StatusCode, String)> {
        let header = |name: &str| headers.get(name).and_then(|v| v.to_str().ok());
        let forbidden = |message: &str| Err((StatusCode::FORBIDDEN, message.to_owned()));
        match self {
            Self::None => Ok(()),
            Self::Bearer(token) => match header("authorization") {
                Some(value) if value == format!("Bearer {token}") => Ok(()),
                _ => Err((StatusCode::UNAUTHORIZED, "Unauthorized".to_owned())),
            },
            Self::ApiKey { header: name, key } => match header(name) {
                Some(value) if value == key => Ok(()),
                _ => forbidden("Forbidden"),
            },
            Self::AwsSigv4 {
                access_key_id,
                secret_access_key,
                region,
                session_token,
            } => {
                let (Some(authorization), Some(date)) =
                    (header("authorization"), header("x-amz-date"))
                else {
                    return forbidden("Forbidden");
                };
                if !authorization.contains(&format!("Credential={access_key_id}/")) {
                    return forbidden("The security token included in the request is invalid.");
                }
                if let Some(token) = session_token
                    && header("x-amz-security-token") != Some(token.as_str())
                {
                    return forbidden("The security token included in the request is invalid.");
                }
                let Some(time) = parse_amz_date(date) else {
                    return forbidden("Forbidden");
                };
                let skew = match SystemTime::now().duration_since(time) {
                    Ok(behind) => behind,
                    Err(ahead) => ahead.duration(),
                };
                if skew > Duration::from_secs(300) {
                    return forbidden(
                        "Signature expired: the request time is more than 5 minutes from the server's time.",
                    );
                }
                // The URL as the client addressed it, which is what it signed.
                let host = header("host").unwrap_or("127.0.0.1");
                let path = uri.path_and_query().map_or("/", |p| p.as_str());
                let url = format!("http://{host}{path}");
                let expected = expected_signature(
                    access_key_id,
                    secret_access_key,
                    region,
                    &url,
                    header("content-type").unwrap_or(""),
                    header("x-amz-security-token"),
                    body,
                    time,
                );
                match expected {
                    Some(expected) if expected == authorization => Ok(()),
                    _ => forbidden(MISMATCH),
                }
            }
        }
    }
}

fn parse_amz_date(value: &str) -> Option<SystemTime> {
    let format = format_description!("[year][month][day]T[hour][minute][second]Z");
    let time = PrimitiveDateTime::parse(value, format).ok()?.assume_utc();
    let seconds = u64::try_from(time.unix_timestamp()).ok()?;
    Some(SystemTime::UNIX_EPOCH + Duration::from_secs(seconds))
}

#[allow(clippy::too_many_arguments)]
fn expected_signature(
    access_key_id: &str,
    secret_access_key: &str,
    region: &str,
    url: &str,
    content_type: &str,
    session_token: Option<&str>,
    body: &[u8],
    time: SystemTime,
) -> Option<String> {
    let identity = aws_credential_types::Credentials::new(
        access_key_id,
        secret_access_key,
        session_token.map(str::to_owned),
        None,
        "simulator",
    )
    .into();
    let params = v4::SigningParams::builder()
        .identity(&identity)
        .region(region)
        .name("lambda")
        .time(time)
        .settings(SigningSettings::default())
        .build()
        .ok()?
        .into();
    let request = SignableRequest::new(
        "POST",
        url,
        [("content-type", content_type)].into_iter(),
        SignableBody::Bytes(body),
    )
    .ok()?;
    let (instructions, _) = sign(request, &params).ok()?.into_parts();
    instructions
        .headers()
        .find(|(name, _)| *name == "authorization")
        .map(|(_, value)| value.to_owned())
}
