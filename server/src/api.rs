//! The Verify API v1 itself: `/verify/json`, `/verify/check/json`, `/verify/search/json`
//! and `/verify/control/json`, by GET or POST (query, form or JSON), answered with the
//! engine's exact JSON and HTTP 200, as the real API answers (errors are statuses in the
//! body).

use std::sync::Arc;
use std::time::Instant;

use axum::body::Bytes;
use axum::extract::rejection::BytesRejection;
use axum::extract::{RawQuery, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use verify_engine::{Call, Endpoint};

use crate::params::{basic_auth, pairs};
use crate::reply::{error_reply, json_reply, too_many_namespaces};
use crate::App;

/// The header that picks a namespace (with `--namespaces`), before the `api_key`.
pub const NAMESPACE_HEADER: &str = "x-sim-namespace";

/// Answers one call to `endpoint`.
pub async fn call(
    State(app): State<Arc<App>>,
    endpoint: Endpoint,
    RawQuery(query): RawQuery,
    headers: HeaderMap,
    body: Result<Bytes, BytesRejection>,
) -> Response {
    let body = match body {
        Ok(body) => body,
        Err(refused) => return error_reply(refused.status(), &refused.body_text()),
    };
    let pairs = pairs(query.as_deref(), &headers, &body);
    let mut call = Call::from_pairs(
        endpoint,
        pairs.iter().map(|(k, v)| (k.as_str(), v.as_str())),
    );
    if let Some((key, secret)) = basic_auth(&headers) {
        call.default_credentials(&key, &secret);
    }
    let namespace = headers
        .get(NAMESPACE_HEADER)
        .and_then(|v| v.to_str().ok())
        .map(str::to_owned)
        .or_else(|| call.credentials().0.clone())
        .unwrap_or_default();
    let Ok(shared) = app.namespaces.get(&namespace) else {
        return too_many_namespaces().into_response();
    };
    let real = Instant::now();
    let mut session = shared.lock();
    let body = match app.credentials.as_ref().map(|c| c.check(&call)) {
        Some(Err(refused)) => refused.body(&call),
        _ => {
            let response = session.call(&call, real);
            shared.changed();
            response.body(&call)
        }
    };
    let date = session.date(real);
    drop(session);
    json_reply(StatusCode::OK, &body, Some(date)).into_response()
}
