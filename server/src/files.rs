//! The playground's files (`--dist DIR`), so that the emulator's own page is its phone.
//! `index.html` gets a `<meta name="verify-emulator">` tag: the page then connects to the
//! emulator (and a copy on a static host, without it, makes no request that could fail).
//! Paths are normalised by tower-http's `ServeDir`: nothing outside `DIR` is served.

use std::path::{Path, PathBuf};

use axum::http::{header, HeaderValue, StatusCode, Uri};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::Router;
use tower_http::services::ServeDir;

use crate::reply::error_reply;

/// The tag that tells the page it is served by the emulator.
pub const EMULATOR_META: &str = r#"<meta name="verify-emulator" content="/_sim/events">"#;

/// Every path the server answers, for the 404 body.
pub const PATHS: &[&str] = &[
    "/verify/json",
    "/verify/check/json",
    "/verify/search/json",
    "/verify/control/json",
    "/verify/psd2/json",
    "/verify/network-unblock",
    "/v2/verify",
    "/v2/verify/{request_id}",
    "/v2/verify/{request_id}/next_workflow",
    "/v2/verify/{request_id}/silent-auth/redirect",
    "/ns/{namespace}/v2/verify/{request_id}/silent-auth/redirect",
    "/_sim/deliveries",
    "/_sim/callbacks",
    "/_sim/reply",
    "/_sim/clock",
    "/_sim/reset",
    "/_sim/scenario",
    "/_sim/faults",
    "/_sim/events",
];

/// 404, with the paths that exist.
pub async fn not_found(uri: Uri) -> Response {
    let mut response = error_reply(
        StatusCode::NOT_FOUND,
        &format!("no such path: {}", uri.path()),
    );
    let body = serde_json::json!({
        "error": format!("no such path: {}", uri.path()),
        "paths": PATHS,
    });
    *response.body_mut() = body.to_string().into();
    response
}

/// The routes serving `dist`: `/` (the page, marked as the emulator's) and its files.
pub fn routes<S: Clone + Send + Sync + 'static>(dist: PathBuf) -> Router<S> {
    let index = dist.join("index.html");
    Router::new()
        .route("/", get(move || page(index.clone())))
        .fallback_service(ServeDir::new(dist).fallback(get(not_found)))
}

async fn page(index: PathBuf) -> Response {
    match read_page(&index).await {
        Ok(html) => {
            let mut response = html.into_response();
            let headers = response.headers_mut();
            headers.insert(
                header::CONTENT_TYPE,
                HeaderValue::from_static("text/html; charset=utf-8"),
            );
            headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-cache"));
            response
        }
        Err(e) => error_reply(
            StatusCode::NOT_FOUND,
            &format!(
                "the playground is not built ({}: {e}): run trunk build --release",
                index.display()
            ),
        ),
    }
}

/// The page, with the emulator's tag first in `<head>`: the page's loader runs as the
/// parser reaches it (so the module downloads beside the styles), and sees only what came
/// before it.
async fn read_page(index: &Path) -> std::io::Result<String> {
    let html = tokio::fs::read_to_string(index).await?;
    Ok(match html.find("<head>") {
        Some(at) => {
            let at = at + "<head>".len();
            format!("{}{EMULATOR_META}{}", &html[..at], &html[at..])
        }
        None => format!("{EMULATOR_META}{html}"),
    })
}
