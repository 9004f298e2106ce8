//! aws-config's failures in words a duty manager can act on. A failure is
//! sorted by the profile's kind first (any failure of an IAM Identity
//! Center profile means signing in again), then by aws-config's variant.
//! A provider's own text is never quoted: a `credential_process`'s error
//! carries the command's stderr, which may hold a secret.

use aws_credential_types::provider::error::CredentialsError;
use skymarshal_core::{Error as CoreError, KeyKind, KeyOrigin};

/// How long one ask for keys may take: aws-config bounds none of a
/// `credential_process`, which may wait on a prompt.
pub(crate) const FETCH_LIMIT_SECS: u64 = 30;

/// `error`, from asking for keys from `origin`, in words.
pub(crate) fn problem(origin: &KeyOrigin, error: &CredentialsError) -> CoreError {
    let label = origin.label();
    let profile = origin.profile.as_deref().unwrap_or("default");
    if origin.kind == KeyKind::Sso {
        return CoreError::SsoLoginNeeded {
            profile: origin.profile.clone(),
        };
    }
    let message = match (error, origin.kind) {
        (CredentialsError::ProviderTimedOut(_), _) => timed_out(origin),
        (CredentialsError::CredentialsNotLoaded(_), KeyKind::Environment) => {
            "AWS_ACCESS_KEY_ID is set but AWS_SECRET_ACCESS_KEY is not; set both, or unset \
             them to use a profile."
                .to_owned()
        }
        (_, KeyKind::Process) => format!(
            "the credential_process of profile {profile} failed or printed something that is \
             not credentials; run it in a terminal to see why."
        ),
        (CredentialsError::ProviderError(_), KeyKind::AssumeRole) => format!(
            "AWS refused to let profile {profile} assume its role, or could not be reached; \
             check the role and its source profile with `aws sts get-caller-identity --profile \
             {profile}`."
        ),
        (CredentialsError::InvalidConfiguration(_), _) => format!(
            "the AWS configuration of {label} is not valid; check it with `aws configure list \
             --profile {profile}`."
        ),
        _ => format!(
            "{label} gave no credentials; check it with `aws configure list --profile {profile}`."
        ),
    };
    CoreError::CredentialsUnavailable { message }
}

/// Our own bound on one ask passed.
pub(crate) fn timed_out(origin: &KeyOrigin) -> String {
    format!(
        "getting credentials from {} took over {FETCH_LIMIT_SECS} s; check that it works in \
         a terminal.",
        origin.label()
    )
}
