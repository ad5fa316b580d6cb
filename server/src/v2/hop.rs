//! The device opening a silent-auth `check_url` (Part C5): `GET
//! /v2/verify/{id}/silent-auth/redirect`, and with `--namespaces` the same under
//! `/ns/{namespace}`.
//!
//! Every session's engine draws its ids from the same seed, so two namespaces that run the
//! same test hand out the same request ids: an id alone cannot say which session a device
//! means. A named namespace's engine therefore gets the origin `ORIGIN/ns/NAME` (the name
//! percent-encoded), and its `check_url`s read `ORIGIN/ns/NAME/v2/verify/{id}/silent-auth/redirect`:
//! opening one reaches the session that made it, with no header or query to add. The
//! default session (no namespace, or no `--namespaces`) keeps the plain origin, as Part C5
//! writes it. The session's `hello` event and `/_sim/scenario` name that origin, so the
//! page and `verify-sim --origin` build the same `check_url`s.

use std::sync::Arc;

use axum::extract::{Path, RawQuery, State};
use axum::http::{HeaderMap, Uri};
use axum::response::Response;
use verify_engine::Call;

use super::{answer, namespace, path_id};
use crate::intercept::around;
use crate::App;

/// The path prefix of a named namespace's `check_url`s: `/ns/{namespace}`.
pub const NAMESPACE_PREFIX: &str = "/ns/";

/// The origin a session of `namespace` gives its `check_url`s: `origin` itself for the
/// default session (`""`), else `origin/ns/NAME` with the name percent-encoded (every
/// byte but ASCII letters, digits and `-._~`), so that any namespace makes one path
/// segment that the router decodes back to it.
pub fn namespace_origin(origin: &str, namespace: &str) -> String {
    if namespace.is_empty() {
        return origin.to_owned();
    }
    let mut text = String::with_capacity(origin.len() + NAMESPACE_PREFIX.len() + namespace.len());
    text.push_str(origin);
    text.push_str(NAMESPACE_PREFIX);
    for byte in namespace.bytes() {
        if byte.is_ascii_alphanumeric() || b"-._~".contains(&byte) {
            text.push(char::from(byte));
        } else {
            text.push_str(&format!("%{byte:02X}"));
        }
    }
    text
}

/// Makes the device's silent-auth call for `request_id` in `namespace`'s session, unless
/// a transport fault for `path` answers it.
async fn open(app: &App, namespace: &str, path: &str, request_id: String) -> Response {
    let call = Call::SilentAuth { request_id };
    around(app, namespace, path, async {
        answer(app, namespace, &call)
    })
    .await
}

/// `GET /v2/verify/{id}/silent-auth/redirect`: the device opening `check_url`. No
/// credentials (a phone's browser has none); `X-Sim-Namespace` or `?ns=` picks the
/// session with `--namespaces` (the default session without them).
pub async fn hop(
    State(app): State<Arc<App>>,
    uri: Uri,
    RawQuery(query): RawQuery,
    headers: HeaderMap,
) -> Response {
    let namespace = namespace(&headers, None, query.as_deref());
    open(&app, &namespace, uri.path(), path_id(&uri)).await
}

/// `GET /ns/{namespace}/v2/verify/{id}/silent-auth/redirect`: a named namespace's
/// `check_url` opened, in that namespace's session. Transport faults match it by its
/// `/v2/...` path, as for the plain route.
pub async fn hop_in(
    State(app): State<Arc<App>>,
    Path((namespace, request_id)): Path<(String, String)>,
) -> Response {
    let path = format!("/v2/verify/{request_id}/silent-auth/redirect");
    open(&app, &namespace, &path, request_id).await
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_default_session_keeps_the_plain_origin() {
        assert_eq!(
            namespace_origin("http://localhost:8080", ""),
            "http://localhost:8080"
        );
    }

    #[test]
    fn a_namespace_is_one_encoded_segment() {
        assert_eq!(
            namespace_origin("http://127.0.0.1:9", "suite-A.1_~"),
            "http://127.0.0.1:9/ns/suite-A.1_~"
        );
        assert_eq!(
            namespace_origin("http://127.0.0.1:9", "a/b c?é"),
            "http://127.0.0.1:9/ns/a%2Fb%20c%3F%C3%A9"
        );
    }
}
