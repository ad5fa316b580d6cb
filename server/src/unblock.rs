//! `POST /verify/network-unblock` (A8): lifts the `network-blocked` faults on a network.
//! The body is JSON, as `vonage` 4.x sends it (`{"network":"23410","duration":null}`: a
//! `null` is an absent value); a form or query is read as the same fields. The engine
//! answers (202 `{"network","unblocked_until"}`, or its 404/422 problem) and the call is
//! recorded like any other, so a replay unblocks at the same moment.
//!
//! The caller is checked as v2's are (Basic, checked with `--credentials`; or a Bearer
//! JWT), and refused with v2's 401; without `--credentials` no header is needed, as for
//! v1's calls.

use std::sync::Arc;

use axum::body::Bytes;
use axum::extract::rejection::BytesRejection;
use axum::extract::{RawQuery, State};
use axum::http::{HeaderMap, Uri};
use axum::response::Response;
use serde_json::Value;
use verify_engine::{Call, Endpoint};

use crate::intercept::around;
use crate::params::{content_type, pairs};
use crate::v2::{self, authorize, AuthRefused, V2Refused};
use crate::App;

/// The call a request's body (or its form, or its query) makes: JSON as it is (a body
/// that is not a JSON object is given as it is, and the engine answers 422); anything
/// else through the same pairs v1's calls are read from.
fn unblock_call(query: Option<&str>, headers: &HeaderMap, body: &[u8]) -> Call {
    if content_type(headers).as_deref() == Some("application/json") {
        let value = serde_json::from_slice::<Value>(body).unwrap_or(Value::Null);
        return Call::Unblock(value);
    }
    let pairs = pairs(query, headers, body);
    Call::from_pairs(
        Endpoint::Unblock,
        pairs.iter().map(|(k, v)| (k.as_str(), v.as_str())),
    )
}

/// `POST /verify/network-unblock`.
pub async fn unblock(
    State(app): State<Arc<App>>,
    uri: Uri,
    RawQuery(query): RawQuery,
    headers: HeaderMap,
    body: Result<Bytes, BytesRejection>,
) -> Response {
    // Without `--credentials`, a caller who sends none is let in, as v1's are.
    let caller = match authorize(&headers, app.credentials.as_ref()) {
        Err(AuthRefused::Missing) if app.credentials.is_none() => Ok(None),
        other => other.map(Some),
    };
    let caller_ref = caller.as_ref().ok().and_then(Option::as_ref);
    let namespace = v2::namespace(&headers, caller_ref, None);
    around(&app, &namespace, uri.path(), async {
        let body = match (caller, body) {
            (Err(refused), _) => return V2Refused::Unauthorized(refused).answer(&app),
            (Ok(_), Err(refused)) => {
                return V2Refused::Unreadable(refused.body_text()).answer(&app)
            }
            (Ok(_), Ok(body)) => body,
        };
        let call = unblock_call(query.as_deref(), &headers, &body);
        v2::answer(&app, &namespace, &call)
    })
    .await
}

#[cfg(test)]
mod tests {
    use super::*;
    use axum::http::{header, HeaderValue};

    #[test]
    fn json_is_taken_as_it_is_and_a_form_as_its_fields() {
        let mut json = HeaderMap::new();
        json.insert(
            header::CONTENT_TYPE,
            HeaderValue::from_static("application/json"),
        );
        let call = unblock_call(None, &json, br#"{"network":"23410","duration":null}"#);
        assert_eq!(
            call,
            Call::Unblock(serde_json::json!({"network": "23410", "duration": null}))
        );
        assert_eq!(
            unblock_call(None, &json, b"{oops"),
            Call::Unblock(Value::Null)
        );
        let mut form = HeaderMap::new();
        form.insert(
            header::CONTENT_TYPE,
            HeaderValue::from_static("application/x-www-form-urlencoded"),
        );
        let call = unblock_call(None, &form, b"network=23410");
        assert_eq!(call, Call::Unblock(serde_json::json!({"network": "23410"})));
    }
}
