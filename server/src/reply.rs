//! Answers: JSON with `Content-Type: application/json`, and a `Date` header in simulated
//! time where a session answers.

use std::time::{Duration, SystemTime};

use axum::http::{header, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use serde::Serialize;

/// `body` as JSON with `status`; `date` (Unix seconds of the simulated clock) as the
/// `Date` header when given.
pub fn json_reply(status: StatusCode, body: &impl Serialize, date: Option<i64>) -> Response {
    // Bodies are plain data (strings, numbers, lists): serializing them cannot fail.
    let bytes = serde_json::to_vec(body).unwrap_or_default();
    let mut response = (status, bytes).into_response();
    let headers = response.headers_mut();
    headers.insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("application/json"),
    );
    if let Some(date) = date {
        let moment = SystemTime::UNIX_EPOCH + Duration::from_secs(date.max(0) as u64);
        if let Ok(value) = HeaderValue::from_str(&httpdate::fmt_http_date(moment)) {
            headers.insert(header::DATE, value);
        }
    }
    response
}

/// An error outside the API's own statuses (a refused request, a bad `/_sim/` body):
/// `{"error": "..."}` with `status`.
pub fn error_reply(status: StatusCode, message: &str) -> Response {
    json_reply(status, &serde_json::json!({ "error": message }), None)
}

/// A request refused before any session sees it: a status and what was wrong, answered
/// as `{"error": "..."}`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Refused {
    /// The HTTP status.
    pub status: StatusCode,
    /// What was wrong, in words.
    pub message: String,
}

impl Refused {
    /// A refusal with `status`.
    pub fn new(status: StatusCode, message: impl Into<String>) -> Refused {
        Refused {
            status,
            message: message.into(),
        }
    }
}

impl IntoResponse for Refused {
    fn into_response(self) -> Response {
        error_reply(self.status, &self.message)
    }
}
