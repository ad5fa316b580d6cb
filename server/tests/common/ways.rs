//! The ways a v1 client may send one call (a GET query, a POST form, a POST JSON body,
//! Basic auth), shared by the API and PSD2 tests.

use base64::Engine as _;
use hyper::{Method, StatusCode};

use super::{config, Answer, Emulator};

/// An `Authorization: Basic` value for `key` and `secret`, as today's SDKs send it.
pub fn basic(key: &str, secret: &str) -> String {
    format!(
        "Basic {}",
        base64::engine::general_purpose::STANDARD.encode(format!("{key}:{secret}"))
    )
}

/// Makes one call to `path` three ways, each on a fresh emulator with the same seed: a
/// GET with `query`, a POST with `form` (urlencoded), a POST with `json`. The three
/// answers must be the same bytes, 200, `application/json` (the engine's JSON whatever
/// the way in). Returns the GET's emulator, still running for what follows, and its
/// answer; the other two are stopped.
pub async fn same_three_ways(
    path: &str,
    query: &str,
    form: &str,
    json: &str,
) -> (Emulator, Answer) {
    let by_get = Emulator::start(config()).await;
    let by_form = Emulator::start(config()).await;
    let by_json = Emulator::start(config()).await;
    let get = by_get.get(&format!("{path}?{query}")).await;
    let form = by_form
        .send(
            Method::POST,
            path,
            &[("content-type", "application/x-www-form-urlencoded")],
            form,
        )
        .await;
    let json = by_json.post_json(path, json).await;
    for answer in [&get, &form, &json] {
        assert_eq!(answer.status, StatusCode::OK);
        assert_eq!(answer.header("content-type"), "application/json");
        assert_eq!(answer.body, get.body);
    }
    by_form.stop().await;
    by_json.stop().await;
    (by_get, get)
}
