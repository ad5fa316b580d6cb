//! How many start+check pairs per second the emulator answers on loopback, with 64
//! clients, at two sizes (each pair leaves its request in the engine, so the second size
//! runs against ten times as many requests).
//!
//! `cargo bench -p verify-server --bench throughput [-- --pairs N]...` prints, for each
//! size (20,000 and 200,000 pairs unless `--pairs` says otherwise; `scripts/test` runs
//! 20,000 alone; `--url http://HOST:PORT` measures a `verify-server` already running
//! instead of one in this process, e.g. the real binary of one cargo profile or another,
//! started `--paused` and fresh for each run):
//! - start + check with a wrong code (two requests);
//! - start + read the PIN from `/_sim/deliveries?number=` + check it (three requests);
//! - Verify v2: `POST /v2/verify` (one sms step, a JWT) + `POST /v2/verify/{id}` with a
//!   wrong code (two requests, answered 202 and 400).

use std::sync::Arc;
use std::time::{Instant, SystemTime, UNIX_EPOCH};

use http_body_util::{BodyExt, Full};
use hyper::body::Bytes;
use hyper::{Method, Request};
use hyper_util::client::legacy::connect::HttpConnector;
use hyper_util::client::legacy::Client;
use hyper_util::rt::TokioExecutor;
use serde_json::Value;
use verify_engine::StartDate;
use verify_server::limits::Bounds;
use verify_server::{Config, Server};

const CLIENTS: usize = 64;

type HttpClient = Client<HttpConnector, Full<Bytes>>;

async fn send(client: &HttpClient, method: Method, url: String, body: String) -> Value {
    let request = Request::builder()
        .method(method)
        .uri(url)
        .header("content-type", "application/json")
        .body(Full::new(Bytes::from(body)))
        .expect("a request");
    let response = client.request(request).await.expect("an answer");
    let bytes = response
        .into_body()
        .collect()
        .await
        .expect("a body")
        .to_bytes();
    serde_json::from_slice(&bytes).expect("JSON")
}

/// Runs `pairs` flows with 64 clients; returns flows per second.
async fn run(base: &str, pairs: usize, offset: usize, read_pin: bool) -> f64 {
    let client: Arc<HttpClient> = Arc::new(Client::builder(TokioExecutor::new()).build_http());
    let started = Instant::now();
    let mut tasks = Vec::new();
    for c in 0..CLIENTS {
        let (client, base) = (client.clone(), base.to_owned());
        tasks.push(tokio::spawn(async move {
            let mut i = c;
            while i < pairs {
                let number = format!("44{:010}", offset + i);
                let start = send(
                    &client,
                    Method::POST,
                    format!("{base}/verify/json"),
                    format!(r#"{{"number":"{number}","brand":"Bench"}}"#),
                )
                .await;
                let id = start["request_id"].as_str().expect("started").to_owned();
                let code = if read_pin {
                    let list = send(
                        &client,
                        Method::GET,
                        format!("{base}/_sim/deliveries?number={number}"),
                        String::new(),
                    )
                    .await;
                    list["deliveries"][0]["pin"]
                        .as_str()
                        .expect("a PIN")
                        .to_owned()
                } else {
                    "00000".to_owned()
                };
                let check = send(
                    &client,
                    Method::POST,
                    format!("{base}/verify/check/json"),
                    format!(r#"{{"request_id":"{id}","code":"{code}"}}"#),
                )
                .await;
                let expected = if read_pin { "0" } else { "16" };
                assert_eq!(check["status"], expected);
                i += CLIENTS;
            }
        }));
    }
    for task in tasks {
        task.await.expect("a client finished");
    }
    pairs as f64 / started.elapsed().as_secs_f64()
}

/// A JWT as the SDKs send it (the emulator reads its `application_id`, never its
/// signature).
const JWT: &str = "Bearer eyJhbGciOiJSUzI1NiIsInR5cCI6IkpXVCJ9.\
eyJhcHBsaWNhdGlvbl9pZCI6ImJlbmNoIn0.c2lnbmF0dXJl";

async fn send_v2(client: &HttpClient, url: String, body: String) -> (u16, Value) {
    let request = Request::builder()
        .method(Method::POST)
        .uri(url)
        .header("content-type", "application/json")
        .header("authorization", JWT)
        .body(Full::new(Bytes::from(body)))
        .expect("a request");
    let response = client.request(request).await.expect("an answer");
    let status = response.status().as_u16();
    let bytes = response
        .into_body()
        .collect()
        .await
        .expect("a body")
        .to_bytes();
    (status, serde_json::from_slice(&bytes).expect("JSON"))
}

/// Runs `pairs` v2 start + wrong-code check pairs with 64 clients; returns pairs per
/// second.
async fn run_v2(base: &str, pairs: usize, offset: usize) -> f64 {
    let client: Arc<HttpClient> = Arc::new(Client::builder(TokioExecutor::new()).build_http());
    let started = Instant::now();
    let mut tasks = Vec::new();
    for c in 0..CLIENTS {
        let (client, base) = (client.clone(), base.to_owned());
        tasks.push(tokio::spawn(async move {
            let mut i = c;
            while i < pairs {
                let to = format!("44{:010}", offset + i);
                let (status, start) = send_v2(
                    &client,
                    format!("{base}/v2/verify"),
                    format!(r#"{{"brand":"Bench","workflow":[{{"channel":"sms","to":"{to}"}}]}}"#),
                )
                .await;
                assert_eq!(status, 202, "{start}");
                let id = start["request_id"].as_str().expect("started").to_owned();
                let (status, check) = send_v2(
                    &client,
                    format!("{base}/v2/verify/{id}"),
                    r#"{"code":"wrong"}"#.to_owned(),
                )
                .await;
                assert_eq!(status, 400, "{check}");
                i += CLIENTS;
            }
        }));
    }
    for task in tasks {
        task.await.expect("a client finished");
    }
    pairs as f64 / started.elapsed().as_secs_f64()
}

/// Both measures at one size: start+check pairs per second, then start+deliveries+right
/// check flows per second (a quarter as many, on other numbers).
async fn measure(base: &str, pairs: usize) -> (f64, f64, f64) {
    let wrong = run(base, pairs, 0, false).await;
    let right = run(base, pairs / 4, pairs, true).await;
    let v2 = run_v2(base, pairs, 2 * pairs).await;
    (wrong, right, v2)
}

fn main() {
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .expect("a runtime");
    // `cargo bench` adds `--bench`; every `--pairs N` picks a size.
    let mut sizes = Vec::new();
    let mut url = None;
    let mut args = std::env::args().skip(1);
    while let Some(arg) = args.next() {
        if arg == "--url" {
            url = args.next();
        } else if arg == "--pairs" {
            match args.next().and_then(|n| n.parse::<usize>().ok()) {
                Some(n) if n >= CLIENTS => sizes.push(n),
                _ => {
                    eprintln!("throughput: --pairs takes a whole number, at least {CLIENTS}");
                    std::process::exit(2);
                }
            }
        }
    }
    if sizes.is_empty() {
        sizes = vec![20_000, 200_000];
    }
    runtime.block_on(async {
        for pairs in sizes {
            if let Some(base) = &url {
                let (wrong, right, v2) = measure(base, pairs).await;
                println!(
                    "emulator at {base}, {pairs} pairs, 64 clients: start+check {wrong:.0} \
                     pairs/s; start+deliveries+right check ({} flows) {right:.0} flows/s; \
                     v2 start+check {v2:.0} pairs/s",
                    pairs / 4
                );
                continue;
            }
            let config = Config {
                host: "127.0.0.1".into(),
                port: 0,
                seed: 1,
                start: StartDate::default(),
                speed: 1.0,
                paused: true,
                retention: Some(3_600_000),
                credentials: None,
                namespaces: false,
                dist: None,
                bounds: Bounds::default(),
                callback_url: None,
                tls: None,
            };
            let epoch = SystemTime::now()
                .duration_since(UNIX_EPOCH)
                .map_or(0, |d| d.as_millis() as u64);
            let server = Server::start(config, epoch).await.expect("a server");
            let base = format!("http://127.0.0.1:{}", server.addr.port());
            let (wrong, right, v2) = measure(&base, pairs).await;
            println!(
                "emulator, {pairs} pairs, 64 clients on loopback: start+check {wrong:.0} pairs/s; \
                 start+deliveries+right check ({} flows) {right:.0} flows/s; \
                 v2 start+check {v2:.0} pairs/s",
                pairs / 4
            );
            server.stop().await.expect("stopped");
        }
    });
}
