//! An error's chain of causes in words. reqwest's and the TLS stack's
//! errors say little at the top ("error sending request") and the useful
//! part ("connection refused", "invalid peer certificate") deeper down, so
//! the run's messages and the health check's walk the chain.

/// The innermost cause: for a broken body, the transport's own words.
pub(crate) fn root_cause(error: &(dyn std::error::Error + 'static)) -> String {
    let mut cause = error;
    while let Some(source) = cause.source() {
        cause = source;
    }
    cause.to_string()
}

/// An error and its causes on one line: reqwest's own message says little.
pub(crate) fn chain(error: &(dyn std::error::Error + 'static)) -> String {
    let mut text = error.to_string();
    let mut source = error.source();
    while let Some(cause) = source {
        let cause_text = cause.to_string();
        if !text.contains(&cause_text) {
            text.push_str(": ");
            text.push_str(&cause_text);
        }
        source = cause.source();
    }
    text
}
