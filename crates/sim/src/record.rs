//! What the simulator keeps of each request, so a test can assert how
//! many analyses were started and with which session.

use serde::Serialize;

/// One request as it arrived.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct RecordedRequest {
    /// `POST`, `GET`...
    pub method: String,
    /// The path, as sent.
    pub path: String,
    /// The query, as sent, without the `?`.
    pub query: Option<String>,
    /// The headers, in order.
    pub headers: Vec<(String, String)>,
    /// The body, decoded as UTF-8 (lossily).
    pub body: String,
    /// The `session_id` the body carried, if it was a string.
    pub session_id: Option<String>,
}

impl RecordedRequest {
    /// A header's value, by case-insensitive name.
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }
}
