//! What every request must pass before any route sees it.
//!
//! - The `Host` header must be the server's own address or a loopback name (`localhost`,
//!   `*.localhost`, `127.0.0.1`, `[::1]`). DNS rebinding makes an attacker's page
//!   same-origin with this server; only this check stops it from reading PINs (the fix
//!   webpack-dev-server, Vite's `allowedHosts` and Jupyter made). 403 otherwise.
//! - Changes under `/_sim/` (any method but GET and HEAD) refuse an `Origin` other than
//!   the server's own (403), and require `Content-Type: application/json` (415), which a
//!   browser can only send cross-origin after a preflight this server never answers with
//!   CORS headers.

use std::sync::Arc;

use axum::extract::{Request, State};
use axum::http::{header, Method, StatusCode};
use axum::middleware::Next;
use axum::response::Response;

use crate::params::content_type;
use crate::reply::error_reply;
use crate::App;

/// Whether `host` (a `Host` header's value) names this server.
pub fn allowed_host(host: &str, own: &str) -> bool {
    let name = match host.strip_prefix('[') {
        Some(rest) => rest.split_once(']').map_or(host, |(inner, _)| inner),
        None => host.rsplit_once(':').map_or(host, |(name, _)| name),
    };
    let name = name.to_ascii_lowercase();
    let own = own
        .trim_start_matches('[')
        .trim_end_matches(']')
        .to_ascii_lowercase();
    name == "localhost"
        || name.ends_with(".localhost")
        || name == "127.0.0.1"
        || name == "::1"
        || (!own.is_empty() && name == own)
}

/// The middleware.
pub async fn guard(State(app): State<Arc<App>>, request: Request, next: Next) -> Response {
    let host = request
        .headers()
        .get(header::HOST)
        .and_then(|v| v.to_str().ok())
        .unwrap_or("")
        .to_owned();
    if !allowed_host(&host, &app.host) {
        return error_reply(
            StatusCode::FORBIDDEN,
            &format!(
                "refused: the Host {host:?} is neither this server's address nor a loopback \
                 name (a guard against DNS rebinding)"
            ),
        );
    }
    let changes = request.uri().path().starts_with("/_sim/")
        && request.method() != Method::GET
        && request.method() != Method::HEAD;
    if changes {
        if let Some(origin) = request.headers().get(header::ORIGIN) {
            let own = format!("http://{host}");
            if origin.to_str().ok() != Some(own.as_str()) {
                return error_reply(
                    StatusCode::FORBIDDEN,
                    "refused: changes under /_sim/ come only from this server's own pages",
                );
            }
        }
        if content_type(request.headers()).as_deref() != Some("application/json") {
            return error_reply(
                StatusCode::UNSUPPORTED_MEDIA_TYPE,
                "changes under /_sim/ take a JSON body: send Content-Type: application/json",
            );
        }
    }
    next.run(request).await
}

#[cfg(test)]
mod tests {
    use super::allowed_host;

    #[test]
    fn loopback_names_and_the_own_address_pass() {
        for host in [
            "localhost",
            "localhost:8080",
            "app.localhost:1",
            "127.0.0.1:8080",
            "[::1]:8080",
            "[::1]",
            "LOCALHOST",
        ] {
            assert!(allowed_host(host, "127.0.0.1"), "{host}");
        }
        for host in [
            "evil.com",
            "evil.com:8080",
            "127.0.0.1.evil.com",
            "localhost.evil.com",
            "",
            "[::2]:1",
        ] {
            assert!(!allowed_host(host, "127.0.0.1"), "{host}");
        }
        assert!(allowed_host("192.168.1.5:8080", "192.168.1.5"));
        assert!(!allowed_host("192.168.1.6:8080", "192.168.1.5"));
    }
}
