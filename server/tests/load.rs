//! Load: 10,000 requests from 64 concurrent clients over loopback all get an answer, with
//! distinct ids and no error; then as many Verify v2 start + check pairs.

mod common;

use std::collections::HashSet;
use std::sync::Arc;

use common::{config, Emulator};

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn ten_thousand_requests_from_64_clients() {
    const CLIENTS: usize = 64;
    const REQUESTS: usize = 10_000;
    let emulator = Arc::new(Emulator::start(config()).await);
    let mut tasks = Vec::new();
    for client in 0..CLIENTS {
        let emulator = emulator.clone();
        tasks.push(tokio::spawn(async move {
            let mut ids = Vec::new();
            let mut i = client;
            while i < REQUESTS {
                let answer = emulator
                    .post_json(
                        "/verify/json",
                        &format!(r#"{{"number":"4477{i:08}","brand":"Load"}}"#),
                    )
                    .await;
                assert_eq!(answer.status, hyper::StatusCode::OK);
                let json = answer.json();
                assert_eq!(json["status"], "0", "{}", answer.body);
                ids.push(json["request_id"].as_str().unwrap().to_owned());
                i += CLIENTS;
            }
            ids
        }));
    }
    let mut all = HashSet::new();
    for task in tasks {
        for id in task.await.expect("a client finished") {
            assert!(all.insert(id), "ids are distinct");
        }
    }
    assert_eq!(all.len(), REQUESTS);
    let deliveries = emulator.get("/_sim/deliveries").await.json();
    assert_eq!(deliveries["deliveries"].as_array().unwrap().len(), REQUESTS);
    if let Ok(emulator) = Arc::try_unwrap(emulator) {
        emulator.stop().await;
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn ten_thousand_v2_pairs_from_64_clients() {
    const CLIENTS: usize = 64;
    const PAIRS: usize = 10_000;
    const JWT: &str = "Bearer eyJhbGciOiJSUzI1NiJ9.eyJhcHBsaWNhdGlvbl9pZCI6ImxvYWQifQ.c2ln";
    let emulator = Arc::new(Emulator::start(config()).await);
    let mut tasks = Vec::new();
    for client in 0..CLIENTS {
        let emulator = emulator.clone();
        tasks.push(tokio::spawn(async move {
            let headers = [("authorization", JWT), ("content-type", "application/json")];
            let mut ids = Vec::new();
            let mut i = client;
            while i < PAIRS {
                let body = format!(
                    r#"{{"brand":"Load","workflow":[{{"channel":"sms","to":"4477{i:08}"}}]}}"#
                );
                let start = emulator
                    .send(hyper::Method::POST, "/v2/verify", &headers, &body)
                    .await;
                assert_eq!(start.status, hyper::StatusCode::ACCEPTED, "{}", start.body);
                let id = start.json()["request_id"].as_str().unwrap().to_owned();
                let check = emulator
                    .send(
                        hyper::Method::POST,
                        &format!("/v2/verify/{id}"),
                        &headers,
                        r#"{"code":"wrong"}"#,
                    )
                    .await;
                assert_eq!(
                    check.status,
                    hyper::StatusCode::BAD_REQUEST,
                    "{}",
                    check.body
                );
                assert_eq!(check.header("content-type"), "application/problem+json");
                ids.push(id);
                i += CLIENTS;
            }
            ids
        }));
    }
    let mut all = HashSet::new();
    for task in tasks {
        for id in task.await.expect("a client finished") {
            assert!(all.insert(id), "ids are distinct");
        }
    }
    assert_eq!(all.len(), PAIRS);
    let deliveries = emulator.get("/_sim/deliveries").await.json();
    assert_eq!(deliveries["deliveries"].as_array().unwrap().len(), PAIRS);
    if let Ok(emulator) = Arc::try_unwrap(emulator) {
        emulator.stop().await;
    }
}
