//! Scenarios and pacing, chosen per request in the invoke URL's query
//! (`?scenario=drop-mid-chunk&delay_ms=0`), so a client needs no change to
//! meet a failure: point an environment at the URL and send.

use std::collections::HashMap;
use std::time::Duration;

macro_rules! scenarios {
    ($($variant:ident = $name:literal: $about:literal,)*) => {
        /// What the simulator plays for one request.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
        pub enum Scenario {
            $(#[doc = $about] $variant,)*
        }

        impl Scenario {
            /// Every scenario, in the order they are documented.
            pub const ALL: &'static [Scenario] = &[$(Scenario::$variant,)*];

            /// The name used in `?scenario=`.
            pub fn name(self) -> &'static str {
                match self { $(Scenario::$variant => $name,)* }
            }

            /// One line on what it plays.
            pub fn about(self) -> &'static str {
                match self { $(Scenario::$variant => $about,)* }
            }

            /// The scenario called `name`.
            pub fn from_name(name: &str) -> Option<Self> {
                match name { $($name => Some(Scenario::$variant),)* _ => None }
            }
        }
    };
}

scenarios! {
    Ok = "ok": "metadata, the analysis as one chunk, complete (the default)",
    MultiChunk = "multi-chunk": "each agent's partial result as its own chunk, then the full assessment",
    Buffered = "buffered": "the buffered form: one JSON body with the analysis at the top level",
    ApiGateway = "api-gateway": "API Gateway's 403 Missing Authentication Token (the old deployment)",
    IamForbidden = "iam-forbidden": "403 from a Function URL with AWS_IAM auth and no valid signature",
    ExpiredToken = "expired-token": "403: the security token included in the request is expired",
    Http500 = "http-500": "500 INTERNAL_ERROR from the handler",
    Http502 = "http-502": "502 CONNECTION_FAILED: the handler could not reach the agents",
    Http504 = "http-504": "504 TIMEOUT: the agents took longer than 300 s",
    Lambda413 = "lambda-413": "413 from Lambda: request payload too large",
    Lambda429 = "lambda-429": "429 from Lambda: rate exceeded",
    Lambda502 = "lambda-502": "502 from Lambda: the function itself failed",
    ProxyHtml = "proxy-html": "502 from a proxy, as an HTML page",
    Redirect = "redirect": "307 to another URL, which a client must not follow",
    ErrorEvent = "error-event": "metadata, then an error event instead of the analysis",
    OrchestratorError = "orchestrator-error": "a chunk carrying the orchestrator's own failure, then complete",
    ValidationFailed = "validation-failed": "a chunk with status VALIDATION_FAILED, then complete",
    DropMidChunk = "drop-mid-chunk": "the connection breaks half-way through the chunk",
    Stall = "stall": "headers, then nothing at all",
    NoComplete = "no-complete": "metadata and the chunk, then the stream closes without complete",
    MalformedJson = "malformed-json": "an event whose data is not JSON, then the analysis as usual",
    UnknownType = "unknown-type": "an event of a type the protocol does not define, then the analysis",
    CountMismatch = "count-mismatch": "complete reports more chunks than were sent",
    Crlf = "crlf": "the analysis framed with CRLF line ends",
    Cr = "cr": "the analysis framed with lone CR line ends",
    Bom = "bom": "the stream starts with a UTF-8 byte-order mark",
    MultilineData = "multiline-data": "the chunk's JSON pretty-printed over many data: lines",
    Heartbeat = "heartbeat": "comment lines every half second while the agents work",
    Slow = "slow": "an analysis that takes longer than 60 s (65 s unless delay_ms says)",
    Hostile = "hostile": "every text field carries script, event handlers, image and frame tags",
    SafetyConstraints = "safety-constraints": "three recovery options (fixture 1 unless fixture says) with crew and maintenance binding constraints and a regulatory safety override standing",
    NanInAnalysis = "nan-in-analysis": "the recommended option's composite_score is a bare not-a-number token and its network_score an infinite one, as Python's JSON writer emits them",
    NanInEvents = "nan-in-events": "a not-a-number timestamp in the metadata and an infinite execution time in complete; the analysis intact",
    BrokenEscape = "broken-escape": "the decision's text holds an escape JSON does not allow (\\')",
    LoneSurrogate = "lone-surrogate": "the first recommendation holds half of an emoji's surrogate pair (\\ud83d)",
    StringWrappedChunk = "string-wrapped-chunk": "the chunk's data is a JSON string holding the analysis document",
    UnreadableChunk = "unreadable-chunk": "the only chunk is cut short (not JSON), then complete: no analysis to show",
    ForeignJson200 = "foreign-json-200": "HTTP 200 with JSON that is neither an analysis nor an error (a function deployed without streaming)",
    LambdaFunctionError = "lambda-function-error": "HTTP 200 with X-Amz-Function-Error: Unhandled and Lambda's errorMessage and errorType",
    LambdaTimeout = "lambda-timeout": "HTTP 502 with X-Amz-Function-Error: the function ran past its timeout (Task timed out after 900.00 seconds)",
    JsonErrorInStream = "json-error-in-stream": "HTTP 200 text/event-stream whose body is the server's JSON error, with no data: line",
    HtmlInStream = "html-in-stream": "HTTP 200 text/event-stream whose body is a network's HTML sign-in page",
    GzipStream = "gzip-stream": "the analysis stream compressed with gzip (Content-Encoding: gzip)",
    UnsupportedEncoding = "unsupported-encoding": "the analysis stream labelled Content-Encoding: zstd, which the console does not decode",
    RefusalNeverEnds = "refusal-never-ends": "403 headers with an AWS request id, then the body never comes",
    CdnBlocked = "cdn-blocked": "CloudFront's HTML 403 'Request blocked' page: a web application firewall in front of the service",
    SignatureExpired = "signature-expired": "403 Signature expired, with a Date header 10 minutes ahead of this computer's clock (a signed request hears its clock is off; the simulator's unsigned one, that it sends no credentials)",
}

/// Timing and shape of a simulated analysis.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Pacing {
    /// From `metadata` to the first chunk: the agents at work.
    pub delay: Duration,
    /// Between chunks.
    pub gap: Duration,
    /// Chunks in `multi-chunk`, the last being the full assessment.
    pub chunks: usize,
    /// Write the body in pieces of this many bytes (the network's cuts).
    pub piece: Option<usize>,
    /// Which fixture (1 to 4); `None` takes them in turn.
    pub fixture: Option<usize>,
}

impl Pacing {
    /// Pacing for a person watching: a few seconds of agents at work.
    pub fn demo() -> Self {
        Self {
            delay: Duration::from_secs(4),
            gap: Duration::from_millis(400),
            chunks: 4,
            piece: None,
            fixture: None,
        }
    }

    /// Pacing for tests: no waiting at all.
    pub fn instant() -> Self {
        Self {
            delay: Duration::ZERO,
            gap: Duration::ZERO,
            ..Self::demo()
        }
    }
}

/// A request's choices: the scenario and its pacing.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Choice {
    pub(crate) scenario: Scenario,
    pub(crate) pacing: Pacing,
}

/// Reads `scenario`, `delay_ms`, `gap_ms`, `chunks`, `piece` and `fixture`
/// from the query; anything not given comes from `defaults`.
pub(crate) fn choose(query: &HashMap<String, String>, defaults: Pacing) -> Result<Choice, String> {
    let scenario = match query.get("scenario").map(String::as_str) {
        None | Some("") => Scenario::Ok,
        Some(name) => Scenario::from_name(name).ok_or_else(|| {
            let known: Vec<&str> = Scenario::ALL.iter().map(|s| s.name()).collect();
            format!(
                "unknown simulator scenario {name:?}; known: {}",
                known.join(", ")
            )
        })?,
    };
    let number = |key: &str| -> Result<Option<u64>, String> {
        query
            .get(key)
            .map(|v| {
                v.parse::<u64>()
                    .map_err(|_| format!("{key} must be a whole number, not {v:?}"))
            })
            .transpose()
    };
    let mut pacing = defaults;
    if scenario == Scenario::Slow {
        pacing.delay = Duration::from_secs(65);
    }
    if let Some(ms) = number("delay_ms")? {
        pacing.delay = Duration::from_millis(ms);
    }
    if let Some(ms) = number("gap_ms")? {
        pacing.gap = Duration::from_millis(ms);
    }
    if let Some(n) = number("chunks")? {
        pacing.chunks = usize::try_from(n).unwrap_or(usize::MAX).clamp(1, 1000);
    }
    if let Some(n) = number("piece")? {
        pacing.piece = Some(usize::try_from(n).unwrap_or(usize::MAX).max(1));
    }
    if let Some(n) = number("fixture")? {
        if !(1..=4).contains(&n) {
            return Err(format!("fixture must be 1 to 4, not {n}"));
        }
        pacing.fixture = usize::try_from(n).ok();
    }
    Ok(Choice { scenario, pacing })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn query(text: &str) -> HashMap<String, String> {
        text.split('&')
            .filter(|p| !p.is_empty())
            .filter_map(|p| p.split_once('='))
            .map(|(k, v)| (k.to_owned(), v.to_owned()))
            .collect()
    }

    #[test]
    fn names_round_trip() {
        for scenario in Scenario::ALL {
            assert_eq!(Scenario::from_name(scenario.name()), Some(*scenario));
        }
    }

    #[test]
    fn queries_table() {
        let table: &[(&str, Result<(Scenario, u64), &str>)] = &[
            ("", Ok((Scenario::Ok, 4000))),
            ("scenario=bom&delay_ms=0", Ok((Scenario::Bom, 0))),
            ("scenario=slow", Ok((Scenario::Slow, 65_000))),
            ("scenario=slow&delay_ms=10", Ok((Scenario::Slow, 10))),
            ("scenario=nope", Err("unknown simulator scenario")),
            ("delay_ms=soon", Err("delay_ms must be a whole number")),
            ("fixture=9", Err("fixture must be 1 to 4")),
        ];
        for (text, want) in table {
            let got = choose(&query(text), Pacing::demo());
            match (got, want) {
                (Ok(choice), Ok((scenario, delay))) => {
                    assert_eq!(choice.scenario, *scenario, "{text}");
                    assert_eq!(choice.pacing.delay.as_millis() as u64, *delay, "{text}");
                }
                (Err(message), Err(phrase)) => {
                    assert!(message.contains(phrase), "{text}: {message}");
                }
                (got, _) => panic!("{text}: unexpected {got:?}"),
            }
        }
    }
}
