//! Transport faults over real HTTP (issue 18): `/_sim/faults`' shapes and refusals,
//! `http:<status>` (empty body, the engine never sees the request), `delay:<ms>` (the
//! normal answer later, other clients not slowed: a bounded test on loopback), `drop`
//! (the connection closed unanswered), `times`, `path`, namespaces, reset, and that none
//! of them is recorded.

mod common;

use std::time::{Duration, Instant};

use common::v2::jwt;
use common::{config, Emulator};
use hyper::{Method, StatusCode};
use serde_json::{json, Value};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;

/// Sets a fault; returns the answer's JSON (it must be 200).
async fn set(emulator: &Emulator, body: Value) -> Value {
    let answer = emulator.post_json("/_sim/faults", &body.to_string()).await;
    assert_eq!(answer.status, StatusCode::OK, "{}", answer.body);
    answer.json()
}

async fn listed(emulator: &Emulator) -> Value {
    emulator.get("/_sim/faults").await.json()["faults"].clone()
}

/// How many calls the session recorded (its scenario's first line says).
async fn recorded(emulator: &Emulator) -> usize {
    let text = emulator.get("/_sim/scenario").await.body;
    let count = text
        .lines()
        .next()
        .and_then(|line| line.split(": ").nth(1))
        .and_then(|rest| rest.split(' ').next())
        .and_then(|n| n.parse().ok());
    count.unwrap_or_else(|| panic!("no count in {text}"))
}

/// Sends one raw request on a fresh connection; returns every byte the server sent back
/// before closing (within five seconds).
async fn raw(emulator: &Emulator, request: &str) -> Vec<u8> {
    let address = emulator.base.trim_start_matches("http://");
    let mut stream = TcpStream::connect(address).await.expect("a connection");
    stream.write_all(request.as_bytes()).await.expect("sent");
    let mut answer = Vec::new();
    tokio::time::timeout(Duration::from_secs(5), stream.read_to_end(&mut answer))
        .await
        .expect("the server closes within 5 s")
        .ok();
    answer
}

#[tokio::test]
async fn set_list_remove_and_clear_with_their_shapes() {
    let emulator = Emulator::start(config()).await;
    let first = set(
        &emulator,
        json!({"fault": "http:503", "times": 2, "path": "/verify/check/json"}),
    )
    .await;
    assert_eq!(
        first,
        json!({"id": "t1", "fault": "http:503", "times_left": 2, "path": "/verify/check/json"})
    );
    let second = set(&emulator, json!({"fault": "delay:250", "times": null})).await;
    assert_eq!(second, json!({"id": "t2", "fault": "delay:250"}));
    set(&emulator, json!({"fault": "drop", "path": "/v2/verify/*"})).await;
    assert_eq!(
        listed(&emulator).await,
        json!([
            {"id": "t1", "fault": "http:503", "times_left": 2, "path": "/verify/check/json"},
            {"id": "t2", "fault": "delay:250"},
            {"id": "t3", "fault": "drop", "path": "/v2/verify/*"},
        ])
    );
    // DELETE one (no body, no Content-Type needed), then an unknown id: 404.
    let removed = emulator
        .send(Method::DELETE, "/_sim/faults/t2", &[], "")
        .await;
    assert_eq!(removed.status, StatusCode::OK, "{}", removed.body);
    assert_eq!(removed.json()["faults"].as_array().map(Vec::len), Some(2));
    let unknown = emulator
        .send(Method::DELETE, "/_sim/faults/t2", &[], "")
        .await;
    assert_eq!(unknown.status, StatusCode::NOT_FOUND);
    assert!(unknown.json()["error"].as_str().unwrap().contains("\"t2\""));
    // DELETE all.
    let cleared = emulator.send(Method::DELETE, "/_sim/faults", &[], "").await;
    assert_eq!(cleared.status, StatusCode::OK);
    assert_eq!(cleared.json(), json!({"faults": []}));
    assert_eq!(listed(&emulator).await, json!([]));
    // Ids are not reused.
    assert_eq!(set(&emulator, json!({"fault": "drop"})).await["id"], "t4");
    emulator.stop().await;
}

#[tokio::test]
async fn bad_input_is_400_with_one_sentence_saying_what_is_accepted() {
    let emulator = Emulator::start(config()).await;
    let cases = [
        // Not a transport fault: the engine's refusal, naming the transport ones too.
        (json!({}), "http:<status>, delay:<ms> and drop"),
        (json!({"fault": 3}), "http:<status>, delay:<ms> and drop"),
        (json!({"fault": "http:99"}), "from 200 to 599"),
        (json!({"fault": "http:abc"}), "from 200 to 599"),
        (json!({"fault": "delay:0"}), "from 1 to 300000"),
        (
            json!({"fault": "delay:2.5"}),
            "whole number of milliseconds",
        ),
        (
            json!({"fault": "drop", "times": 0}),
            "\"times\" must be a whole number",
        ),
        (
            json!({"fault": "drop", "times": -1}),
            "\"times\" must be a whole number",
        ),
        (
            json!({"fault": "drop", "times": 1.5}),
            "\"times\" must be a whole number",
        ),
        (
            json!({"fault": "drop", "path": "/_sim/clock"}),
            "\"path\" must be an API path",
        ),
        (
            json!({"fault": "drop", "path": 7}),
            "\"path\" must be an API path",
        ),
        (
            json!({"fault": "drop", "number": "447700900001"}),
            "\"times\" and \"path\" only",
        ),
    ];
    for (body, words) in cases {
        let answer = emulator.post_json("/_sim/faults", &body.to_string()).await;
        assert_eq!(answer.status, StatusCode::BAD_REQUEST, "{body}");
        let message = answer.json()["error"].as_str().unwrap().to_owned();
        assert!(message.contains(words), "{body}: {message}");
        assert!(message.ends_with('.'), "one sentence: {message}");
    }
    let not_json = emulator.post_json("/_sim/faults", "{").await;
    assert_eq!(not_json.status, StatusCode::BAD_REQUEST);
    assert_eq!(listed(&emulator).await, json!([]), "nothing was set");
    emulator.stop().await;
}

#[tokio::test]
async fn http_status_answers_empty_counts_down_and_the_engine_never_sees_it() {
    let emulator = Emulator::start(config()).await;
    let id = emulator.start_verify("447700900001").await;
    set(
        &emulator,
        json!({"fault": "http:503", "times": 2, "path": "/verify/check/json"}),
    )
    .await;
    let check = format!("/verify/check/json?request_id={id}&code=0000");
    for left in [1, 0] {
        let answer = emulator.get(&check).await;
        assert_eq!(answer.status, StatusCode::SERVICE_UNAVAILABLE);
        assert_eq!(answer.body, "");
        let faults = listed(&emulator).await;
        match left {
            0 => assert_eq!(faults, json!([])),
            n => assert_eq!(faults[0]["times_left"], n),
        }
    }
    // Other paths were never touched; the check now reaches the engine: a wrong code,
    // its first (the faulted ones were not attempts).
    let search = emulator
        .get(&format!("/verify/search/json?request_id={id}"))
        .await;
    assert_eq!(search.status, StatusCode::OK);
    let answer = emulator.get(&check).await.json();
    assert_eq!(answer["status"], "16");
    let checks = emulator
        .get(&format!("/verify/search/json?request_id={id}"))
        .await
        .json();
    assert_eq!(checks["checks"].as_array().map(Vec::len), Some(1));
    // Recorded: the start, two searches and one check; never the faulted calls.
    assert_eq!(recorded(&emulator).await, 4);
    emulator.stop().await;
}

#[tokio::test]
async fn a_delay_answers_later_without_slowing_other_clients() {
    let emulator = Emulator::start(config()).await;
    set(
        &emulator,
        json!({"fault": "delay:1500", "times": 1, "path": "/verify/json"}),
    )
    .await;
    let slow = {
        let base = emulator.base.clone();
        tokio::spawn(async move {
            let started = Instant::now();
            let answer = start_on_own_connection(&base).await;
            (started.elapsed(), answer)
        })
    };
    // While it is held: other clients get their answers at once, including another
    // start on the same path (the fault answered its one request already).
    tokio::time::sleep(Duration::from_millis(100)).await;
    for number in ["447700900002", "447700900003", "447700900004"] {
        let started = Instant::now();
        emulator.start_verify(number).await;
        let clock = emulator.get("/_sim/clock").await;
        assert_eq!(clock.status, StatusCode::OK);
        let took = started.elapsed();
        assert!(
            took < Duration::from_millis(500),
            "another client waited {took:?}"
        );
    }
    let (took, answer) = slow.await.expect("the slow client");
    assert!(
        took >= Duration::from_millis(1500),
        "answered after {took:?}"
    );
    assert!(
        took < Duration::from_millis(4000),
        "answered after {took:?}"
    );
    let json: Value = serde_json::from_str(&answer).expect("the normal answer");
    assert_eq!(json["status"], "0", "{answer}");
    // The delayed call was made (and recorded) on arrival, like any other.
    assert_eq!(recorded(&emulator).await, 4);
    assert_eq!(listed(&emulator).await, json!([]));
    emulator.stop().await;
}

/// Starts a verification to 447700900001 on a connection of its own; the answer's body.
async fn start_on_own_connection(base: &str) -> String {
    let address = base.trim_start_matches("http://").to_owned();
    let body = r#"{"number":"447700900001","brand":"Acme"}"#;
    let request = format!(
        "POST /verify/json HTTP/1.1\r\nhost: {address}\r\ncontent-type: application/json\r\n\
         content-length: {}\r\nconnection: close\r\n\r\n{body}",
        body.len()
    );
    let mut stream = TcpStream::connect(&address).await.expect("a connection");
    stream.write_all(request.as_bytes()).await.expect("sent");
    let mut answer = String::new();
    stream.read_to_string(&mut answer).await.expect("an answer");
    assert!(answer.starts_with("HTTP/1.1 200"), "{answer}");
    answer
        .split_once("\r\n\r\n")
        .map(|(_, body)| body.to_owned())
        .unwrap_or_default()
}

#[tokio::test]
async fn drop_closes_the_connection_without_an_answer() {
    let emulator = Emulator::start(config()).await;
    set(&emulator, json!({"fault": "drop", "times": 1})).await;
    let host = emulator.base.trim_start_matches("http://").to_owned();
    let request =
        format!("GET /verify/json?number=447700900001&brand=Acme HTTP/1.1\r\nhost: {host}\r\nconnection: close\r\n\r\n");
    let answer = raw(&emulator, &request).await;
    assert!(answer.is_empty(), "{}", String::from_utf8_lossy(&answer));
    // The engine never saw it: nothing delivered, nothing recorded; the next is normal.
    let deliveries = emulator.get("/_sim/deliveries").await.json();
    assert_eq!(deliveries["deliveries"], json!([]));
    assert_eq!(recorded(&emulator).await, 0);
    let normal = raw(&emulator, &request).await;
    assert!(String::from_utf8_lossy(&normal).starts_with("HTTP/1.1 200"));
    // Through an ordinary client: a connection error, not an answer.
    set(&emulator, json!({"fault": "drop", "times": 1})).await;
    let client = hyper_util::client::legacy::Client::builder(hyper_util::rt::TokioExecutor::new())
        .build_http::<http_body_util::Empty<hyper::body::Bytes>>();
    let uri = format!(
        "{}/verify/json?number=447700900002&brand=Acme",
        emulator.base
    );
    let failed = client.get(uri.parse().unwrap()).await;
    assert!(
        failed.is_err(),
        "an answer came: {:?}",
        failed.map(|r| r.status())
    );
    emulator.stop().await;
}

#[tokio::test]
async fn v2_paths_namespaces_and_reset() {
    let mut namespaced = config();
    namespaced.namespaces = true;
    let emulator = Emulator::start(namespaced).await;
    let answer = emulator
        .post_json(
            "/_sim/faults?ns=suite-a",
            &json!({"fault": "http:429", "path": "/v2/verify*"}).to_string(),
        )
        .await;
    assert_eq!(answer.status, StatusCode::OK, "{}", answer.body);
    let jwt = jwt("app-1");
    let start = json!({"brand": "Acme", "workflow": [{"channel": "sms", "to": "447700900001"}]})
        .to_string();
    let v2 = |ns: &'static str| {
        let (jwt, start) = (jwt.clone(), start.clone());
        let emulator = &emulator;
        async move {
            emulator
                .send(
                    Method::POST,
                    "/v2/verify",
                    &[
                        ("authorization", jwt.as_str()),
                        ("content-type", "application/json"),
                        ("x-sim-namespace", ns),
                    ],
                    &start,
                )
                .await
        }
    };
    let faulted = v2("suite-a").await;
    assert_eq!(faulted.status, StatusCode::TOO_MANY_REQUESTS);
    assert_eq!(faulted.body, "");
    // Another namespace is not touched, nor are v1 paths in the faulted one.
    assert_eq!(v2("suite-b").await.status, StatusCode::ACCEPTED);
    let v1 = emulator
        .send(
            Method::GET,
            "/verify/json?number=447700900009&brand=Acme",
            &[("x-sim-namespace", "suite-a")],
            "",
        )
        .await;
    assert_eq!(v1.json()["status"], "0");
    // A reset gives a fresh session: no fault left.
    let reset = emulator.post_json("/_sim/reset?ns=suite-a", "{}").await;
    assert_eq!(reset.status, StatusCode::OK);
    let faults = emulator.get("/_sim/faults?ns=suite-a").await.json();
    assert_eq!(faults["faults"], json!([]));
    assert_eq!(v2("suite-a").await.status, StatusCode::ACCEPTED);
    emulator.stop().await;
}

#[tokio::test]
async fn a_held_answer_does_not_hold_up_a_stop() {
    let emulator = Emulator::start(config()).await;
    set(&emulator, json!({"fault": "delay:300000"})).await;
    let base = emulator.base.clone();
    let held = tokio::spawn(async move { start_on_own_connection(&base).await });
    tokio::time::sleep(Duration::from_millis(200)).await;
    let started = Instant::now();
    tokio::time::timeout(Duration::from_secs(5), emulator.stop())
        .await
        .expect("the server stops within 5 s");
    assert!(started.elapsed() < Duration::from_secs(5));
    // The held answer went out at the stop.
    let body = tokio::time::timeout(Duration::from_secs(5), held)
        .await
        .expect("the client finishes")
        .expect("the client");
    assert!(body.contains("\"status\":\"0\""), "{body}");
}
