//! Where transport faults ([`crate::transport`]) act on API requests: [`around`] wraps a
//! route's answer once the request's session is known, and [`DroppingService`] closes the
//! connection of a request answered with [`DropConnection`], before anything is written.

use std::fmt;
use std::future::Future;
use std::pin::Pin;
use std::sync::atomic::Ordering;

use axum::body::Body;
use axum::http::{Request, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Router;
use hyper::body::Incoming;
use hyper_util::service::TowerToHyperService;

use crate::transport::TransportFault;
use crate::App;

/// Marks a response that must not be sent: the connection closes instead (`drop`).
#[derive(Clone, Copy, Debug)]
pub struct DropConnection;

/// The error a connection ends with when its answer is [`DropConnection`]: hyper then
/// closes it without writing anything.
#[derive(Clone, Copy, Debug)]
pub struct Dropped;

impl fmt::Display for Dropped {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("the connection was dropped on purpose (a transport fault)")
    }
}

impl std::error::Error for Dropped {}

/// The fault that answers a request to `path` in `namespace`'s session, counted down. A
/// session that does not exist yet has none (and is not made for this).
fn take(app: &App, namespace: &str, path: &str) -> Option<TransportFault> {
    if !app.transport_faults_used.load(Ordering::Acquire) {
        return None;
    }
    let shared = app.namespaces.peek(namespace)?;
    let fault = shared.lock().transport_faults().take(path);
    fault
}

/// Answers an API request to `path` in `namespace`'s session: `answer` as usual, unless
/// a transport fault is set for it. `http:<status>` and `drop` answer without running
/// `answer` (the engine never sees the request); `delay:<ms>` runs it at once (the call
/// is made, and recorded, on arrival) and holds its answer back that long, without
/// holding the session, so other clients are not slowed. A server stopping sends held
/// answers at once.
pub async fn around(
    app: &App,
    namespace: &str,
    path: &str,
    answer: impl Future<Output = Response>,
) -> Response {
    match take(app, namespace, path) {
        None => answer.await,
        Some(TransportFault::Status(status)) => {
            let status = StatusCode::from_u16(status).unwrap_or(StatusCode::SERVICE_UNAVAILABLE);
            (status, Body::empty()).into_response()
        }
        Some(TransportFault::Drop) => {
            let mut response = Response::default();
            response.extensions_mut().insert(DropConnection);
            response
        }
        Some(TransportFault::Delay(delay)) => {
            let response = answer.await;
            let mut shutdown = app.shutdown.clone();
            tokio::select! {
                () = tokio::time::sleep(delay) => {}
                _ = shutdown.wait_for(|stop| *stop) => {}
            }
            response
        }
    }
}

/// The router as hyper calls it, a [`DropConnection`] answer turned into the error that
/// makes hyper close the connection unanswered.
#[derive(Clone)]
pub struct DroppingService {
    inner: TowerToHyperService<Router>,
}

impl DroppingService {
    /// Wraps the router.
    pub fn new(router: Router) -> DroppingService {
        DroppingService {
            inner: TowerToHyperService::new(router),
        }
    }
}

impl hyper::service::Service<Request<Incoming>> for DroppingService {
    type Response = Response;
    type Error = Dropped;
    type Future = Pin<Box<dyn Future<Output = Result<Response, Dropped>> + Send>>;

    fn call(&self, request: Request<Incoming>) -> Self::Future {
        let answer = hyper::service::Service::call(&self.inner, request);
        Box::pin(async move {
            let response: Response = match answer.await {
                Ok(response) => response,
                Err(never) => match never {},
            };
            if response.extensions().get::<DropConnection>().is_some() {
                Err(Dropped)
            } else {
                Ok(response)
            }
        })
    }
}
