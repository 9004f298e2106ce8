//! The HTTP side of the simulator: one handler that records every request,
//! then answers as the real deployment would for the chosen scenario.

use std::collections::HashMap;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Instant;

use axum::Router;
use axum::body::{Body, Bytes};
use axum::extract::{Query, State};
use axum::http::{HeaderMap, HeaderValue, Method, StatusCode, Uri, header};
use axum::response::{IntoResponse, Response};
use serde_json::{Value, json};
use time::OffsetDateTime;
use time::format_description::well_known::Rfc3339;
use tokio_util::sync::CancellationToken;

use crate::faults;
use crate::record::RecordedRequest;
use crate::scenario::{self, Choice, Pacing, Scenario};
use crate::script::{self, Identity};
use crate::validate;

/// What every handler shares.
#[derive(Debug, Clone)]
pub(crate) struct Shared {
    pub(crate) requests: Arc<Mutex<Vec<RecordedRequest>>>,
    pub(crate) pacing: Pacing,
    pub(crate) auth: Arc<crate::SimAuth>,
    pub(crate) stop: CancellationToken,
}

#[derive(Debug, Clone)]
struct AppState {
    shared: Shared,
    analyses: Arc<AtomicUsize>,
}

pub(crate) fn router(shared: Shared) -> Router {
    Router::new().fallback(handle).with_state(AppState {
        shared,
        analyses: Arc::new(AtomicUsize::new(0)),
    })
}

async fn handle(
    State(state): State<AppState>,
    method: Method,
    uri: Uri,
    Query(query): Query<HashMap<String, String>>,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    record(&state.shared, &method, &uri, &headers, &body);
    let path = uri.path();
    match (&method, path) {
        (&Method::GET, "/__sim/requests") => {
            let requests = state
                .shared
                .requests
                .lock()
                .map(|r| r.clone())
                .unwrap_or_default();
            json_response(StatusCode::OK, &json!(requests))
        }
        (&Method::GET, "/__sim/scenarios") => {
            let list: Vec<Value> = Scenario::ALL
                .iter()
                .map(|s| json!({"name": s.name(), "about": s.about()}))
                .collect();
            json_response(StatusCode::OK, &json!(list))
        }
        (&Method::GET, _) if path.ends_with("/health") => health(&query),
        (&Method::GET, "/federation/credentials") => {
            let (status, body) =
                crate::identity_center::role_credentials(&state.shared.auth, &headers);
            json_response(status, &body)
        }
        (&Method::POST, _) if path.starts_with(crate::sts::PREFIX) => {
            let (status, xml) = crate::sts::assume_role(&state.shared.auth, &body);
            (status, [(header::CONTENT_TYPE, "text/xml")], xml).into_response()
        }
        (&Method::POST, _) => analyze(&state, &query, &headers, &uri, &body).await,
        _ => json_response(
            StatusCode::METHOD_NOT_ALLOWED,
            &json!({"Message": "Send the analysis as a POST; GET /health reports health"}),
        ),
    }
}

fn record(shared: &Shared, method: &Method, uri: &Uri, headers: &HeaderMap, body: &Bytes) {
    let session_id = serde_json::from_slice::<Value>(body).ok().and_then(|v| {
        v.get("session_id")
            .and_then(Value::as_str)
            .map(str::to_owned)
    });
    let request = RecordedRequest {
        method: method.to_string(),
        path: uri.path().to_owned(),
        query: uri.query().map(str::to_owned),
        headers: headers
            .iter()
            .map(|(n, v)| {
                (
                    n.to_string(),
                    String::from_utf8_lossy(v.as_bytes()).into_owned(),
                )
            })
            .collect(),
        body: String::from_utf8_lossy(body).into_owned(),
        session_id,
    };
    if let Ok(mut requests) = shared.requests.lock() {
        requests.push(request);
    }
}

fn health(query: &HashMap<String, String>) -> Response {
    let status = query.get("health").map_or("healthy", String::as_str);
    let code = if status == "healthy" {
        StatusCode::OK
    } else {
        StatusCode::SERVICE_UNAVAILABLE
    };
    let dependency = if status == "healthy" {
        "healthy"
    } else {
        "unhealthy"
    };
    json_response(
        code,
        &json!({
            "status": status,
            "version": concat!("simulator-", env!("CARGO_PKG_VERSION")),
            "timestamp": now_iso(),
            "dependencies": {"dynamodb": "healthy", "agentcore": dependency},
        }),
    )
}

async fn analyze(
    state: &AppState,
    query: &HashMap<String, String>,
    headers: &HeaderMap,
    uri: &Uri,
    body: &Bytes,
) -> Response {
    let choice = match scenario::choose(query, state.shared.pacing) {
        Ok(choice) => choice,
        Err(message) => {
            return json_response(StatusCode::BAD_REQUEST, &json!({"Message": message}));
        }
    };
    // Failures of the infrastructure in front of the handler come before
    // the handler's own validation, as they do in the real deployment.
    if let Some(response) = infrastructure_failure(choice.scenario)
        .or_else(|| faults::in_front(choice.scenario, &state.shared.stop))
    {
        return response;
    }
    if let Err((status, message)) = state.shared.auth.check(headers, uri, body) {
        return json_response(status, &json!({"message": message}));
    }
    let request_id = uuid::Uuid::new_v4().to_string();
    let accepted = match validate::validate(body) {
        Ok(accepted) => accepted,
        Err((code, message)) => {
            return error_body(
                StatusCode::BAD_REQUEST,
                &request_id,
                code,
                message,
                &json!({}),
            );
        }
    };
    let turn = state.analyses.fetch_add(1, Ordering::Relaxed);
    let host = headers
        .get(header::HOST)
        .and_then(|h| h.to_str().ok())
        .unwrap_or("127.0.0.1");
    let identity = Identity {
        origin: format!("http://{host}"),
        session_id: accepted
            .session_id
            .unwrap_or_else(|| uuid::Uuid::new_v4().to_string()),
        request_id,
        prompt: accepted.prompt,
        fixture: choice.pacing.fixture.unwrap_or(match choice.scenario {
            // The one recorded response with three options to choose between.
            Scenario::SafetyConstraints => 1,
            _ => turn % 4 + 1,
        }),
    };
    tracing::info!(scenario = choice.scenario.name(), request_id = %identity.request_id, "simulated analysis");
    handler_answer(&choice, &identity, &state.shared.stop).await
}

/// Answers that come from Lambda, API Gateway or a proxy, not the handler.
fn infrastructure_failure(scenario: Scenario) -> Option<Response> {
    use Scenario as S;
    let lambda = |status: StatusCode, kind: &'static str, message: &str| {
        let mut response = json_response(status, &json!({"Message": message}));
        response
            .headers_mut()
            .insert("x-amzn-ErrorType", HeaderValue::from_static(kind));
        response
    };
    Some(match scenario {
        S::ApiGateway => {
            let mut response = json_response(StatusCode::FORBIDDEN, &json!({"message": "Missing Authentication Token"}));
            response.headers_mut().insert(
                "x-amzn-ErrorType",
                HeaderValue::from_static("MissingAuthenticationTokenException"),
            );
            response
        }
        S::IamForbidden => lambda(
            StatusCode::FORBIDDEN,
            "AccessDeniedException",
            "Forbidden. For troubleshooting Function URL authorization issues, see: \
             https://docs.aws.amazon.com/lambda/latest/dg/urls-auth.html",
        ),
        S::ExpiredToken => json_response(
            StatusCode::FORBIDDEN,
            &json!({"message": "The security token included in the request is expired"}),
        ),
        S::Lambda413 => lambda(
            StatusCode::PAYLOAD_TOO_LARGE,
            "RequestEntityTooLargeException",
            "Request must be smaller than 6291456 bytes for the InvokeFunction operation",
        ),
        S::Lambda429 => lambda(StatusCode::TOO_MANY_REQUESTS, "TooManyRequestsException", "Rate Exceeded."),
        S::Lambda502 => lambda(StatusCode::BAD_GATEWAY, "ServiceException", "Internal Server Error"),
        S::ProxyHtml => (
            StatusCode::BAD_GATEWAY,
            [(header::CONTENT_TYPE, "text/html")],
            "<html>\r\n<head><title>502 Bad Gateway</title></head>\r\n<body>\r\n<center><h1>502 Bad \
             Gateway</h1></center>\r\n<hr><center>nginx</center>\r\n</body>\r\n</html>\r\n",
        )
            .into_response(),
        S::Redirect => (
            StatusCode::TEMPORARY_REDIRECT,
            [(header::LOCATION, "/moved")],
            "",
        )
            .into_response(),
        _ => return None,
    })
}

/// What the handler answers once the request passed validation.
async fn handler_answer(
    choice: &Choice,
    identity: &Identity,
    stop: &CancellationToken,
) -> Response {
    use Scenario as S;
    let id = &identity.request_id;
    if let Some(response) = faults::from_function(choice.scenario, id) {
        return response;
    }
    match choice.scenario {
        S::Http500 => error_body(
            StatusCode::INTERNAL_SERVER_ERROR,
            id,
            "INTERNAL_ERROR",
            "An unexpected error occurred while processing the request",
            &json!({"error_type": "RuntimeError"}),
        ),
        S::Http502 => error_body(
            StatusCode::BAD_GATEWAY,
            id,
            "CONNECTION_FAILED",
            "Failed to connect to the AgentCore runtime",
            &json!({"service": "agentcore"}),
        ),
        S::Http504 => error_body(
            StatusCode::GATEWAY_TIMEOUT,
            id,
            "TIMEOUT",
            "Agent analysis exceeded timeout",
            &json!({"timeout_seconds": 300}),
        ),
        S::Buffered => {
            let started = Instant::now();
            tokio::select! {
                () = tokio::time::sleep(choice.pacing.delay) => {}
                () = stop.cancelled() => {}
            }
            let body = script::buffered_body(identity, started.elapsed(), &now_iso());
            json_response(StatusCode::OK, &body)
        }
        S::Stall => event_stream(Body::from_stream(script::stall(stop.clone()))),
        _ => {
            let body = Body::from_stream(script::stream(choice, identity, stop.clone()));
            let mut response = event_stream(body);
            if let Some(encoding) = faults::encoding(choice.scenario) {
                response
                    .headers_mut()
                    .insert(header::CONTENT_ENCODING, HeaderValue::from_static(encoding));
            }
            response
        }
    }
}

fn event_stream(body: Body) -> Response {
    (
        StatusCode::OK,
        [
            (header::CONTENT_TYPE, "text/event-stream; charset=utf-8"),
            (header::CACHE_CONTROL, "no-cache"),
        ],
        body,
    )
        .into_response()
}

/// The handler's JSON error body (PROTOCOL.md, errors outside the stream).
fn error_body(
    status: StatusCode,
    request_id: &str,
    code: &str,
    message: &str,
    details: &Value,
) -> Response {
    json_response(
        status,
        &json!({
            "status": "error",
            "request_id": request_id,
            "error_code": code,
            "error_message": message,
            "timestamp": now_iso(),
            "details": details,
        }),
    )
}

fn json_response(status: StatusCode, body: &Value) -> Response {
    (
        status,
        [(header::CONTENT_TYPE, "application/json")],
        body.to_string(),
    )
        .into_response()
}

fn now_iso() -> String {
    OffsetDateTime::now_utc()
        .format(&Rfc3339)
        .unwrap_or_else(|_| "1970-01-01T00:00:00Z".to_owned())
}
