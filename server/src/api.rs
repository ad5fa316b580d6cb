//! The Verify API v1 itself: `/verify/json`, `/verify/check/json`, `/verify/search/json`,
//! `/verify/control/json` and `/verify/psd2/json` (A7), by GET or POST (query, form or
//! JSON), answered with the engine's exact JSON and HTTP 200, as the real API answers
//! (errors are statuses in the body).

use std::sync::Arc;
use std::time::Instant;

use axum::body::Bytes;
use axum::extract::rejection::BytesRejection;
use axum::extract::{RawQuery, State};
use axum::http::{HeaderMap, StatusCode, Uri};
use axum::response::{IntoResponse, Response};
use verify_engine::{Call, Endpoint};

use crate::intercept::around;
use crate::params::{basic_auth, pairs, prefer_example};
use crate::reply::{error_reply, json_reply, Refused};
use crate::App;

/// The header that picks a namespace (with `--namespaces`), before the `api_key`.
pub const NAMESPACE_HEADER: &str = "x-sim-namespace";

/// Answers one call to `endpoint` (unless a transport fault answers it:
/// [`crate::intercept::around`]).
pub async fn call(
    State(app): State<Arc<App>>,
    endpoint: Endpoint,
    uri: Uri,
    RawQuery(query): RawQuery,
    headers: HeaderMap,
    body: Result<Bytes, BytesRejection>,
) -> Response {
    let body = match body {
        Ok(body) => body,
        Err(refused) => return error_reply(refused.status(), &refused.body_text()),
    };
    let mut pairs = pairs(query.as_deref(), &headers, &body);
    // `Prefer: example=<fault>` is the call's `__example` (recorded so, so a replay of
    // the session forces the same answer).
    if let Some(example) = prefer_example(&headers) {
        pairs.push(("__example".to_owned(), example));
    }
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
    around(&app, &namespace, uri.path(), async {
        answer(&app, &namespace, &call)
    })
    .await
}

/// Makes `call` in `namespace`'s session (its credentials checked first) and writes the
/// engine's answer.
fn answer(app: &App, namespace: &str, call: &Call) -> Response {
    let real = Instant::now();
    // Credentials first: a refused call makes no session (a namespace and its ticker),
    // so unknown keys cannot take the slots of real ones.
    if let Some(Err(refused)) = app.credentials.as_ref().map(|c| c.check(call)) {
        let date = match app.namespaces.peek(namespace) {
            Some(shared) => shared.lock().date(real),
            None => app.namespaces.fresh_date(),
        };
        return json_reply(StatusCode::OK, &refused.body(call), Some(date)).into_response();
    }
    // An `__example` that is no request fault's name: 400 naming those accepted.
    if let Some(error) = call.example_error() {
        return error_reply(StatusCode::BAD_REQUEST, &error.to_string());
    }
    let shared = match app.namespaces.get(namespace) {
        Ok(shared) => shared,
        Err(unavailable) => return Refused::from(unavailable).into_response(),
    };
    let mut session = shared.lock();
    // Within the server-wide bound on recorded calls, or 503 naming it (the call is
    // not made).
    if let Err(hit) = session.room_to_record(real) {
        drop(session);
        return Refused::from(hit).into_response();
    }
    let body = session.call(call, real).body(call);
    shared.called(&mut session, real);
    let date = session.date(real);
    drop(session);
    json_reply(StatusCode::OK, &body, Some(date)).into_response()
}
