//! A running emulator for the tests, and a small HTTP client for it (hyper, keep-alive).
#![allow(dead_code)] // each test file uses part of it

pub mod v2;
pub mod ways;

use std::time::{SystemTime, UNIX_EPOCH};

use http_body_util::{BodyExt, Full};
use hyper::body::Bytes;
use hyper::{Method, Request, StatusCode};
use hyper_util::client::legacy::connect::HttpConnector;
use hyper_util::client::legacy::Client;
use hyper_util::rt::TokioExecutor;
use serde_json::Value;
use verify_engine::StartDate;
use verify_server::limits::Bounds;
use verify_server::{Config, Server};

/// The configuration tests start from: any free port, paused, seed 1, a fixed start.
pub fn config() -> Config {
    Config {
        host: "127.0.0.1".into(),
        port: 0,
        seed: 1,
        start: StartDate::parse("2026-01-01 00:00:00").expect("a date"),
        speed: 1.0,
        paused: true,
        retention: Some(3_600_000),
        credentials: None,
        namespaces: false,
        dist: None,
        bounds: Bounds::default(),
        callback_url: None,
        tls: None,
    }
}

/// An answer: status, headers and body.
pub struct Answer {
    pub status: StatusCode,
    pub headers: hyper::HeaderMap,
    pub body: String,
}

impl Answer {
    /// The body as JSON.
    pub fn json(&self) -> Value {
        serde_json::from_str(&self.body).unwrap_or_else(|e| panic!("not JSON ({e}): {}", self.body))
    }

    /// A header's value.
    pub fn header(&self, name: &str) -> String {
        self.headers
            .get(name)
            .and_then(|v| v.to_str().ok())
            .unwrap_or("")
            .to_owned()
    }
}

/// A running emulator and a client for it.
pub struct Emulator {
    pub server: Option<Server>,
    pub base: String,
    client: Client<HttpConnector, Full<Bytes>>,
}

impl Emulator {
    /// Starts one with `config`.
    pub async fn start(config: Config) -> Emulator {
        let epoch = SystemTime::now()
            .duration_since(UNIX_EPOCH)
            .map_or(0, |d| d.as_nanos() as u64);
        let server = Server::start(config, epoch)
            .await
            .expect("the server starts");
        Emulator::attach(server)
    }

    /// A client for a server already started (e.g. with an import).
    pub fn attach(server: Server) -> Emulator {
        let base = format!("http://127.0.0.1:{}", server.addr.port());
        Emulator {
            server: Some(server),
            base,
            client: Client::builder(TokioExecutor::new()).build_http(),
        }
    }

    /// Sends a request: `headers` as `(name, value)`.
    pub async fn send(
        &self,
        method: Method,
        path: &str,
        headers: &[(&str, &str)],
        body: &str,
    ) -> Answer {
        let mut request = Request::builder()
            .method(method)
            .uri(format!("{}{path}", self.base));
        for (name, value) in headers {
            request = request.header(*name, *value);
        }
        let request = request
            .body(Full::new(Bytes::from(body.to_owned())))
            .expect("a request");
        let response = self.client.request(request).await.expect("an answer");
        let status = response.status();
        let headers = response.headers().clone();
        let bytes = response
            .into_body()
            .collect()
            .await
            .expect("a body")
            .to_bytes();
        Answer {
            status,
            headers,
            body: String::from_utf8_lossy(&bytes).into_owned(),
        }
    }

    /// GET `path`.
    pub async fn get(&self, path: &str) -> Answer {
        self.send(Method::GET, path, &[], "").await
    }

    /// POST `body` as JSON to `path`.
    pub async fn post_json(&self, path: &str, body: &str) -> Answer {
        self.send(
            Method::POST,
            path,
            &[("content-type", "application/json")],
            body,
        )
        .await
    }

    /// Starts a verification to `number`; returns its id.
    pub async fn start_verify(&self, number: &str) -> String {
        let answer = self
            .post_json(
                "/verify/json",
                &format!(r#"{{"number":"{number}","brand":"Acme"}}"#),
            )
            .await;
        let json = answer.json();
        assert_eq!(json["status"], "0", "{}", answer.body);
        json["request_id"].as_str().expect("an id").to_owned()
    }

    /// The PIN last delivered to `number`.
    pub async fn pin(&self, number: &str) -> String {
        let deliveries = self
            .get(&format!("/_sim/deliveries?number={number}"))
            .await
            .json();
        let list = deliveries["deliveries"].as_array().expect("a list");
        list.last().expect("a delivery")["pin"]
            .as_str()
            .expect("a PIN")
            .to_owned()
    }

    /// Stops the server.
    pub async fn stop(mut self) {
        if let Some(server) = self.server.take() {
            server.stop().await.expect("a clean stop");
        }
    }
}

/// One Server-Sent Event.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SseEvent {
    pub event: String,
    pub id: Option<String>,
    pub data: String,
}

/// Reads a stream of Server-Sent Events.
pub struct SseReader {
    body: hyper::body::Incoming,
    buffer: String,
}

impl SseReader {
    /// The next event that is not `skip` (keep-alive comments are skipped anyway), within
    /// five seconds.
    pub async fn next_except(&mut self, skip: &str) -> SseEvent {
        loop {
            let event = self.next().await;
            if event.event != skip {
                return event;
            }
        }
    }

    /// The next event, within five seconds.
    pub async fn next(&mut self) -> SseEvent {
        let deadline = tokio::time::Instant::now() + std::time::Duration::from_secs(5);
        loop {
            if let Some(end) = self.buffer.find("\n\n") {
                let block: String = self.buffer.drain(..end + 2).collect();
                let mut event = SseEvent {
                    event: "message".into(),
                    id: None,
                    data: String::new(),
                };
                let mut any = false;
                for line in block.lines() {
                    if let Some(v) = line.strip_prefix("event:") {
                        event.event = v.trim().to_owned();
                        any = true;
                    } else if let Some(v) = line.strip_prefix("id:") {
                        event.id = Some(v.trim().to_owned());
                    } else if let Some(v) = line.strip_prefix("data:") {
                        event.data.push_str(v.strip_prefix(' ').unwrap_or(v));
                        any = true;
                    }
                }
                if any {
                    return event;
                }
                continue;
            }
            let frame = tokio::time::timeout_at(deadline, self.body.frame())
                .await
                .expect("an event within 5 s")
                .expect("the stream goes on")
                .expect("a frame");
            if let Ok(data) = frame.into_data() {
                self.buffer.push_str(&String::from_utf8_lossy(&data));
            }
        }
    }
}

impl Emulator {
    /// Opens `/_sim/events` (with `Last-Event-ID` when given).
    pub async fn events(&self, query: &str, last_event_id: Option<&str>) -> SseReader {
        let mut request = Request::builder()
            .method(Method::GET)
            .uri(format!("{}/_sim/events{query}", self.base));
        if let Some(id) = last_event_id {
            request = request.header("last-event-id", id);
        }
        let request = request.body(Full::new(Bytes::new())).expect("a request");
        // A client of its own: the stream holds its connection.
        let client: Client<HttpConnector, Full<Bytes>> =
            Client::builder(TokioExecutor::new()).build_http();
        let response = client.request(request).await.expect("the stream opens");
        assert_eq!(response.status(), StatusCode::OK);
        assert_eq!(
            response
                .headers()
                .get("content-type")
                .and_then(|v| v.to_str().ok()),
            Some("text/event-stream")
        );
        SseReader {
            body: response.into_body(),
            buffer: String::new(),
        }
    }
}
