//! Verify v2 over HTTP (Part C1): `POST /v2/verify`, `POST /v2/verify/{id}` (check),
//! `DELETE /v2/verify/{id}` (cancel), `POST /v2/verify/{id}/next_workflow`, and the
//! device's `GET /v2/verify/{id}/silent-auth/redirect`.
//!
//! This module only gathers inputs (who calls, the JSON body, the id in the path) and
//! writes the engine's outputs (its HTTP status, body and `Location`): every Verify rule
//! is the engine's. What it decides itself is transport: the `Authorization` header (a
//! Bearer JWT whose payload names an `application_id`, its signature not checked; or
//! Basic, checked only with `--credentials`), and a body that is not JSON or is over
//! [`BODY_LIMIT`], answered with a problem before any session sees the call (so nothing
//! is created).
//!
//! Success bodies go out as `Content-Type: application/json` exactly (the Node SDK reads
//! nothing else); problems as `application/problem+json`.

use std::collections::hash_map::RandomState;
use std::fmt;
use std::hash::{BuildHasher, Hasher};
use std::sync::Arc;
use std::time::{Duration, Instant, SystemTime};

use axum::body::Bytes;
use axum::extract::rejection::BytesRejection;
use axum::extract::State;
use axum::http::{header, HeaderMap, HeaderValue, StatusCode, Uri};
use axum::response::{IntoResponse, Response};
use serde::Serialize;
use serde_json::Value;
use verify_engine::v2::{Problem, ProblemKind};
use verify_engine::{Call, Uuid};

use crate::api::NAMESPACE_HEADER;
use crate::intercept::around;
use crate::reply::Refused;
use crate::sim::query_value;
use crate::{App, BODY_LIMIT};

mod auth;
mod hop;

pub use auth::{authorize, AuthRefused, Caller};
pub use hop::{hop, hop_in, namespace_origin, NAMESPACE_PREFIX};

/// The media type of v2's errors.
pub const PROBLEM_JSON: &str = "application/problem+json";

/// A fresh `instance` for the problems the emulator answers itself (401, a body that is
/// not JSON): from the process's randomness, not the engine's seed, since these calls
/// never reach the engine and must not change what it answers next.
fn fresh_instance() -> Uuid {
    let half = || {
        let mut hasher = RandomState::new().build_hasher();
        hasher.write_u128(
            SystemTime::now()
                .duration_since(SystemTime::UNIX_EPOCH)
                .unwrap_or(Duration::ZERO)
                .as_nanos(),
        );
        hasher.finish()
    };
    Uuid::from_random((u128::from(half()) << 64) | u128::from(half()))
}

/// A problem the emulator answers before the engine sees the call: a body that is not
/// JSON, or one over the limit. RFC 7807 like the engine's.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct TransportProblem {
    /// The `type` URL.
    pub r#type: &'static str,
    /// The `title`.
    pub title: &'static str,
    /// What was wrong, in words.
    pub detail: String,
    /// A fresh UUID.
    pub instance: String,
}

/// Writes `body` (JSON text) with `status` and `media`; `date` as the `Date` header.
fn reply(status: u16, media: Option<&'static str>, body: Option<String>, date: i64) -> Response {
    let status = StatusCode::from_u16(status).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
    let mut response = (status, body.unwrap_or_default()).into_response();
    let headers = response.headers_mut();
    match media {
        Some(media) => {
            headers.insert(header::CONTENT_TYPE, HeaderValue::from_static(media));
        }
        None => {
            headers.remove(header::CONTENT_TYPE);
        }
    }
    let moment = SystemTime::UNIX_EPOCH + Duration::from_secs(date.max(0) as u64);
    if let Ok(value) = HeaderValue::from_str(&httpdate::fmt_http_date(moment)) {
        headers.insert(header::DATE, value);
    }
    response
}

/// Why the emulator answers a v2 call itself, before any session sees it (nothing is
/// created): each with its status and problem body.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum V2Refused {
    /// 401, Part C1's body.
    Unauthorized(AuthRefused),
    /// 413: the body is over [`BODY_LIMIT`].
    TooLarge,
    /// 400: the body could not be read (it did not arrive in time); the text says why.
    Unreadable(String),
    /// 400: no body where a JSON object is needed.
    Empty,
    /// 400: the body is not JSON; the parser's words.
    NotJson(String),
    /// 405: a method the path does not take.
    MethodNotAllowed,
}

impl fmt::Display for V2Refused {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            V2Refused::Unauthorized(why) => write!(f, "unauthorized: {why}"),
            V2Refused::TooLarge => write!(
                f,
                "The request body is over the {BODY_LIMIT}-byte limit; nothing was done."
            ),
            V2Refused::Unreadable(why) => {
                write!(
                    f,
                    "The request body could not be read ({why}); nothing was done."
                )
            }
            V2Refused::Empty => f.write_str(
                "The request body is empty; Verify v2 takes a JSON object. Nothing was done.",
            ),
            V2Refused::NotJson(why) => write!(
                f,
                "The request body is not valid JSON ({why}); nothing was done."
            ),
            V2Refused::MethodNotAllowed => f.write_str(
                "Verify v2 takes POST /v2/verify, POST and DELETE /v2/verify/{id}, POST \
                 /v2/verify/{id}/next_workflow and GET /v2/verify/{id}/silent-auth/redirect.",
            ),
        }
    }
}

impl std::error::Error for V2Refused {}

impl V2Refused {
    /// The HTTP status.
    pub fn http_status(&self) -> u16 {
        match self {
            V2Refused::Unauthorized(_) => 401,
            V2Refused::TooLarge => 413,
            V2Refused::MethodNotAllowed => 405,
            V2Refused::Unreadable(_) | V2Refused::Empty | V2Refused::NotJson(_) => 400,
        }
    }

    /// The problem body as JSON: the engine's 401 (whatever the reason, as the real API
    /// says no more), else `type`, `title`, `detail`, `instance`.
    pub fn json(&self) -> String {
        let instance = fresh_instance();
        let (r#type, title) = match self {
            V2Refused::Unauthorized(_) => {
                let problem = Problem {
                    kind: ProblemKind::Unauthorized,
                    instance,
                };
                return serde_json::to_string(&problem.body()).unwrap_or_default();
            }
            V2Refused::TooLarge => (
                "https://developer.nexmo.com/api-errors#payload-too-large",
                "Payload Too Large",
            ),
            V2Refused::MethodNotAllowed => (
                "https://developer.nexmo.com/api-errors#method-not-allowed",
                "Method Not Allowed",
            ),
            _ => (
                "https://developer.nexmo.com/api-errors#bad-request",
                "Bad Request",
            ),
        };
        let problem = TransportProblem {
            r#type,
            title,
            detail: self.to_string(),
            instance: instance.to_string(),
        };
        serde_json::to_string(&problem).unwrap_or_default()
    }

    /// The answer, with the `Date` a fresh session shows.
    pub(crate) fn answer(&self, app: &App) -> Response {
        reply(
            self.http_status(),
            Some(PROBLEM_JSON),
            Some(self.json()),
            app.namespaces.fresh_date(),
        )
    }
}

/// The JSON of a start or check body.
pub fn json_body(body: Result<Bytes, BytesRejection>) -> Result<Value, V2Refused> {
    let body = match body {
        Ok(body) => body,
        Err(refused) if refused.status() == StatusCode::PAYLOAD_TOO_LARGE => {
            return Err(V2Refused::TooLarge)
        }
        Err(refused) => return Err(V2Refused::Unreadable(refused.body_text())),
    };
    if body.iter().all(u8::is_ascii_whitespace) {
        return Err(V2Refused::Empty);
    }
    serde_json::from_slice(&body).map_err(|e| V2Refused::NotJson(e.to_string()))
}

/// The id in `/v2/verify/{id}/...`, as given.
fn path_id(uri: &Uri) -> String {
    uri.path()
        .strip_prefix("/v2/verify/")
        .and_then(|rest| rest.split('/').next())
        .unwrap_or("")
        .to_owned()
}

/// The namespace of a call: `X-Sim-Namespace`, else the caller's.
pub(crate) fn namespace(
    headers: &HeaderMap,
    caller: Option<&Caller>,
    query: Option<&str>,
) -> String {
    headers
        .get(NAMESPACE_HEADER)
        .and_then(|v| v.to_str().ok())
        .map(str::to_owned)
        .or_else(|| query_value(query, "ns"))
        .or_else(|| caller.map(|c| c.namespace().to_owned()))
        .unwrap_or_default()
}

/// Makes `call` in `namespace`'s session and writes the engine's answer.
pub fn answer(app: &App, namespace: &str, call: &Call) -> Response {
    let shared = match app.namespaces.get(namespace) {
        Ok(shared) => shared,
        Err(unavailable) => return Refused::from(unavailable).into_response(),
    };
    let real = Instant::now();
    let mut session = shared.lock();
    if let Err(hit) = session.room_to_record(real) {
        drop(session);
        return Refused::from(hit).into_response();
    }
    let response = session.call(call, real);
    shared.called(&mut session, real);
    let date = session.date(real);
    drop(session);
    // Problems, and the network unblock's 404 and 422 (RFC 7807 bodies too).
    let media = if response.problem().is_some() || response.http_status() >= 400 {
        Some(PROBLEM_JSON)
    } else if response.has_body() {
        Some("application/json")
    } else {
        None
    };
    let mut written = reply(response.http_status(), media, response.json(call), date);
    if let Some(location) = response.location() {
        if let Ok(value) = HeaderValue::from_str(location) {
            written.headers_mut().insert(header::LOCATION, value);
        }
    }
    written
}

/// The caller and, where the route takes one, the body's JSON.
fn gather(
    app: &App,
    headers: &HeaderMap,
    body: Option<Result<Bytes, BytesRejection>>,
) -> Result<(Caller, Value), V2Refused> {
    let caller = authorize(headers, app.credentials.as_ref()).map_err(V2Refused::Unauthorized)?;
    let body = match body {
        Some(body) => json_body(body)?,
        None => Value::Null,
    };
    Ok((caller, body))
}

/// Answers a v2 call: the caller and body `gathered`, then the call `make` builds from
/// the body, in the session the caller picks, unless a transport fault for `uri`'s path
/// answers it ([`crate::intercept::around`]).
async fn serve(
    app: &App,
    uri: &Uri,
    headers: &HeaderMap,
    gathered: Result<(Caller, Value), V2Refused>,
    make: impl FnOnce(Value) -> Call,
) -> Response {
    let caller = gathered.as_ref().ok().map(|(caller, _)| caller);
    let namespace = namespace(headers, caller, None);
    around(app, &namespace, uri.path(), async {
        match gathered {
            Ok((_, body)) => answer(app, &namespace, &make(body)),
            Err(refused) => refused.answer(app),
        }
    })
    .await
}

/// `POST /v2/verify`: start.
pub async fn start(
    State(app): State<Arc<App>>,
    uri: Uri,
    headers: HeaderMap,
    body: Result<Bytes, BytesRejection>,
) -> Response {
    let gathered = gather(&app, &headers, Some(body));
    serve(&app, &uri, &headers, gathered, Call::Verify2).await
}

/// `POST /v2/verify/{id}`: check a code.
pub async fn check(
    State(app): State<Arc<App>>,
    uri: Uri,
    headers: HeaderMap,
    body: Result<Bytes, BytesRejection>,
) -> Response {
    let gathered = gather(&app, &headers, Some(body));
    let request_id = path_id(&uri);
    serve(&app, &uri, &headers, gathered, |body| Call::Check2 {
        request_id,
        body,
    })
    .await
}

/// `DELETE /v2/verify/{id}`: cancel.
pub async fn cancel(State(app): State<Arc<App>>, uri: Uri, headers: HeaderMap) -> Response {
    let gathered = gather(&app, &headers, None);
    let request_id = path_id(&uri);
    serve(&app, &uri, &headers, gathered, |_| Call::Cancel2 {
        request_id,
    })
    .await
}

/// `POST /v2/verify/{id}/next_workflow` (or `next-workflow`): move on.
pub async fn next(State(app): State<Arc<App>>, uri: Uri, headers: HeaderMap) -> Response {
    let gathered = gather(&app, &headers, None);
    let request_id = path_id(&uri);
    serve(&app, &uri, &headers, gathered, |_| Call::Next2 {
        request_id,
    })
    .await
}

/// Any other method on a v2 path: 405 as a problem.
pub async fn not_allowed(State(app): State<Arc<App>>) -> Response {
    V2Refused::MethodNotAllowed.answer(&app)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn instances_differ() {
        assert_ne!(fresh_instance(), fresh_instance());
    }

    #[test]
    fn the_id_is_the_path_segment_as_given() {
        let uri: Uri = "/v2/verify/abc-1/next_workflow".parse().unwrap();
        assert_eq!(path_id(&uri), "abc-1");
        let uri: Uri = "/v2/verify/xyz".parse().unwrap();
        assert_eq!(path_id(&uri), "xyz");
    }
}
