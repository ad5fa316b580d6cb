//! What every request must pass before any route sees it.
//!
//! - The `Host` header must be the server's own address or a loopback name (`localhost`,
//!   `*.localhost`, `127.0.0.1`, `[::1]`). DNS rebinding makes an attacker's page
//!   same-origin with this server; only this check stops it from reading PINs (the fix
//!   webpack-dev-server, Vite's `allowedHosts` and Jupyter made). 403 otherwise.
//! - Changes under `/_sim/` (any method but GET and HEAD) refuse an `Origin` other than
//!   the server's own (403), and a POST requires `Content-Type: application/json` (415),
//!   which a browser can only send cross-origin after a preflight this server never
//!   answers with CORS headers (as it must for any other method, such as `DELETE`).
//! - A request's body must arrive within [`Bounds::body_timeout`] of its headers
//!   ([`body_deadline`]): a client that announces more than it sends is cut off, not
//!   waited for.
//! - An event stream takes one of the server's [`Bounds::subscribers`] places for as long
//!   as it is open ([`stream_permit`]); past them, 503.
//!
//! [`Bounds::body_timeout`]: crate::limits::Bounds::body_timeout
//! [`Bounds::subscribers`]: crate::limits::Bounds::subscribers

use std::fmt;
use std::future::Future;
use std::pin::Pin;
use std::sync::Arc;
use std::task::{Context, Poll};

use axum::body::Body;
use axum::extract::{Request, State};
use axum::http::{header, Method, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use futures_util::StreamExt;
use hyper::body::{Body as HttpBody, Bytes, Frame, SizeHint};
use tokio::time::{Instant, Sleep};

use crate::params::content_type;
use crate::reply::{error_reply, Refused};
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
            // `https://` on a `--tls` server: its pages' origin has its scheme.
            let own = format!("{}://{host}", app.scheme);
            if origin.to_str().ok() != Some(own.as_str()) {
                return error_reply(
                    StatusCode::FORBIDDEN,
                    "refused: changes under /_sim/ come only from this server's own pages",
                );
            }
        }
        // Only a POST can cross origins without a preflight (which this server never
        // answers): a DELETE (`/_sim/faults`) needs no body, so no Content-Type.
        let json = content_type(request.headers()).as_deref() == Some("application/json");
        if request.method() == Method::POST && !json {
            return error_reply(
                StatusCode::UNSUPPORTED_MEDIA_TYPE,
                "changes under /_sim/ take a JSON body: send Content-Type: application/json",
            );
        }
    }
    next.run(request).await
}

/// A body that did not arrive within its deadline.
#[derive(Clone, Copy, Debug)]
pub struct BodyTimeout;

impl fmt::Display for BodyTimeout {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("the request's body did not arrive in time")
    }
}

impl std::error::Error for BodyTimeout {}

/// Gives a request's body a deadline: past it, reading the body fails (the handler
/// answers an error and the connection closes) instead of waiting for bytes that may
/// never come. Requests without a body pass untouched.
pub async fn body_deadline(State(app): State<Arc<App>>, request: Request, next: Next) -> Response {
    let headers = request.headers();
    let has_body = headers.contains_key(header::TRANSFER_ENCODING)
        || headers
            .get(header::CONTENT_LENGTH)
            .is_some_and(|length| length.as_bytes() != b"0");
    if !has_body {
        return next.run(request).await;
    }
    let deadline = Instant::now() + app.limits.bounds.body_timeout;
    let (parts, body) = request.into_parts();
    let timed = Deadlined {
        inner: body,
        deadline,
        sleep: None,
        expired: false,
    };
    next.run(Request::from_parts(parts, Body::new(timed))).await
}

/// A request body that fails with [`BodyTimeout`] (then ends) once its deadline passes
/// while it waits for more. The timer is made only when the body has to wait: a body
/// already read with its headers, as nearly all are, costs none.
struct Deadlined {
    inner: Body,
    deadline: Instant,
    sleep: Option<Pin<Box<Sleep>>>,
    expired: bool,
}

impl HttpBody for Deadlined {
    type Data = Bytes;
    type Error = axum::Error;

    fn poll_frame(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
    ) -> Poll<Option<Result<Frame<Bytes>, axum::Error>>> {
        let this = &mut *self;
        if this.expired {
            return Poll::Ready(None);
        }
        if let Poll::Ready(frame) = Pin::new(&mut this.inner).poll_frame(cx) {
            return Poll::Ready(frame);
        }
        let deadline = this.deadline;
        let sleep = this
            .sleep
            .get_or_insert_with(|| Box::pin(tokio::time::sleep_until(deadline)));
        match sleep.as_mut().poll(cx) {
            Poll::Ready(()) => {
                this.expired = true;
                Poll::Ready(Some(Err(axum::Error::new(BodyTimeout))))
            }
            Poll::Pending => Poll::Pending,
        }
    }

    fn is_end_stream(&self) -> bool {
        self.expired || self.inner.is_end_stream()
    }

    fn size_hint(&self) -> SizeHint {
        if self.expired {
            SizeHint::with_exact(0)
        } else {
            self.inner.size_hint()
        }
    }
}

/// Counts an event stream against the server's bound on subscribers while it is open
/// (its place comes back when the stream ends or its client goes); answers 503 naming
/// the bound when every place is taken.
pub async fn stream_permit(State(app): State<Arc<App>>, request: Request, next: Next) -> Response {
    let permit = match app.limits.subscribe() {
        Ok(permit) => permit,
        Err(hit) => return Refused::from(hit).into_response(),
    };
    let response = next.run(request).await;
    let (parts, body) = response.into_parts();
    let held = body.into_data_stream().map(move |chunk| {
        // The stream owns the permit: it is dropped with the stream.
        let _ = &permit;
        chunk
    });
    Response::from_parts(parts, Body::from_stream(held))
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
