//! Verify v2 helpers for the tests: a JWT, a v2 call with it, a start body, the
//! deliveries, a receiver of callbacks.

use std::convert::Infallible;
use std::sync::{Arc, Mutex};

use base64::Engine as _;
use http_body_util::{BodyExt, Full};
use hyper::body::{Bytes, Incoming};
use hyper::server::conn::http1;
use hyper::service::service_fn;
use hyper::Method;
use hyper_util::rt::TokioIo;
use serde_json::{json, Value};
use tokio::net::TcpListener;

use super::{Answer, Emulator};

/// An `Authorization` header with a JWT naming `application_id` (its signature is never
/// checked).
pub fn jwt(application_id: &str) -> String {
    let b64 = |s: &str| base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(s);
    format!(
        "Bearer {}.{}.{}",
        b64(r#"{"alg":"RS256","typ":"JWT"}"#),
        b64(&format!(
            r#"{{"application_id":"{application_id}","iat":1}}"#
        )),
        b64("signature, never checked")
    )
}

/// Sends a v2 call with a JWT.
pub async fn v2(emulator: &Emulator, method: Method, path: &str, body: &str) -> Answer {
    let auth = jwt("app-1");
    emulator
        .send(
            method,
            path,
            &[
                ("authorization", auth.as_str()),
                ("content-type", "application/json"),
            ],
            body,
        )
        .await
}

/// A start body: sms then voice to `to`.
pub fn sms_voice(to: &str) -> String {
    json!({"brand": "Acme", "workflow": [
        {"channel": "sms", "to": to}, {"channel": "voice", "to": to}
    ]})
    .to_string()
}

/// `/_sim/deliveries` with `query` (`""` or `?number=...`), as a list.
pub async fn deliveries(emulator: &Emulator, query: &str) -> Vec<Value> {
    emulator
        .get(&format!("/_sim/deliveries{query}"))
        .await
        .json()["deliveries"]
        .as_array()
        .expect("a list")
        .clone()
}

/// A receiver of callbacks: every body POSTed to it, in arrival order.
pub struct Receiver {
    /// Where to send them.
    pub url: String,
    /// What arrived.
    pub bodies: Arc<Mutex<Vec<String>>>,
}

/// Listens on a free port of 127.0.0.1 at `/hook`.
pub async fn receiver() -> Receiver {
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let url = format!("http://{}/hook", listener.local_addr().unwrap());
    let bodies = Arc::new(Mutex::new(Vec::new()));
    let kept = bodies.clone();
    tokio::spawn(async move {
        while let Ok((stream, _)) = listener.accept().await {
            let kept = kept.clone();
            tokio::spawn(async move {
                let service = service_fn(move |request: hyper::Request<Incoming>| {
                    let kept = kept.clone();
                    async move {
                        let bytes = request.into_body().collect().await.unwrap().to_bytes();
                        kept.lock()
                            .unwrap()
                            .push(String::from_utf8_lossy(&bytes).into_owned());
                        Ok::<_, Infallible>(hyper::Response::new(Full::new(Bytes::new())))
                    }
                });
                let _ = http1::Builder::new()
                    .serve_connection(TokioIo::new(stream), service)
                    .await;
            });
        }
    });
    Receiver { url, bodies }
}
