//! Bad input never crashes the server or leaves a session half-changed: arbitrary methods,
//! paths (v1, v2, the network unblock and /_sim/, faults among them), content types, headers (Basic and Bearer) and bodies (broken JSON and forms, non-UTF-8, bodies
//! over the limit, thousands of parameters) each get a clean answer, and the session
//! works as before afterwards.

mod common;

use axum::body::Body;
use axum::http::{Request, StatusCode};
use http_body_util::BodyExt;
use proptest::prelude::*;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::sync::watch;
use tower::ServiceExt;
use verify_server::{router, App, BODY_LIMIT};

const METHODS: [&str; 7] = ["GET", "POST", "PUT", "DELETE", "PATCH", "OPTIONS", "HEAD"];
const PATHS: [&str; 25] = [
    "/verify/json",
    "/verify/check/json",
    "/verify/search/json",
    "/verify/control/json",
    "/_sim/deliveries",
    "/_sim/clock",
    "/_sim/reset",
    "/_sim/scenario",
    "/verify/psd2/json",
    "/_sim/",
    "/",
    "/%2e%2e/%2e%2e/etc/passwd",
    "/verify/json/../../x",
    "/\u{e9}t\u{e9}",
    "/v2/verify",
    "/v2/verify/",
    "/v2/verify/00000000-0000-4000-8000-000000000000",
    "/v2/verify/00000000-0000-4000-8000-000000000000/next_workflow",
    "/v2/verify/not-a-uuid/silent-auth/redirect",
    "/_sim/callbacks",
    "/_sim/reply",
    "/verify/network-unblock",
    "/_sim/faults",
    "/_sim/faults/f1",
    "/_sim/faults/t1",
];
const TYPES: [&str; 6] = [
    "application/json",
    "application/x-www-form-urlencoded",
    "text/plain",
    "multipart/form-data; boundary=x",
    "",
    "application/json; charset=utf-16",
];

fn body() -> impl Strategy<Value = Vec<u8>> {
    prop_oneof![
        proptest::collection::vec(any::<u8>(), 0..300),
        "[ -~]{0,200}".prop_map(String::into_bytes),
        (any::<u8>(), 0usize..6).prop_map(|(b, n)| {
            let pairs: Vec<String> = (0..n * 500).map(|i| format!("p{i}={b}")).collect();
            pairs.join("&").into_bytes()
        }),
        Just(br#"{"number": 447700900001, "brand": "A", "advance": 5, "to_next": true}"#.to_vec()),
        Just(br#"{"request_ids": [1, "x", null, {"a": []}], "code": [1, 2]}"#.to_vec()),
        Just(br#"{"brand": "A", "workflow": [{"channel": "sms", "to": "447700900001"}, {"channel": "voice", "to": "447700900001"}]}"#.to_vec()),
        Just(br#"{"brand": {"x": 1}, "workflow": [1, null, {"channel": "email", "to": []}, {}, {}], "code": 5, "channel_timeout": 1e400}"#.to_vec()),
        Just(br#"{"request_id": "00000000-0000-4000-8000-000000000000", "answer": "maybe"}"#.to_vec()),
        Just(br#"{"fault": "throttled", "times": 2, "number": "447700900001", "network": 1}"#.to_vec()),
        Just(br#"{"fault": "network-blocked", "times": null}"#.to_vec()),
        Just(br#"{"fault": "http:503", "path": "/verify/*", "times": 1e3}"#.to_vec()),
        Just(br#"{"network": "23410", "duration": null, "unblock_duration": [1]}"#.to_vec()),
        Just(vec![b'x'; BODY_LIMIT + 1]),
    ]
}

fn query() -> impl Strategy<Value = String> {
    prop_oneof![
        Just(String::new()),
        "[ -~]{0,80}".prop_map(|q| format!("?{}", q.replace(' ', "%20").replace('#', ""))),
        Just("?number=%FF%FE&brand=%C3%28&ns=x".to_owned()),
        Just(format!("?{}", vec!["request_ids=x"; 3000].join("&"))),
    ]
}

fn allowed(status: StatusCode) -> bool {
    [
        200, 202, 204, 302, 400, 401, 403, 404, 405, 409, 410, 413, 415, 422, 429,
    ]
    .contains(&status.as_u16())
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 400, ..ProptestConfig::default() })]

    #[test]
    fn every_request_gets_a_clean_answer(
        method in 0..METHODS.len(),
        path in 0..PATHS.len(),
        query in query(),
        content_type in 0..TYPES.len(),
        body in body(),
        authorization in proptest::option::of(prop_oneof![
            "[ -~]{0,40}".prop_map(|a| format!("Basic {a}")),
            "[ -~]{0,60}".prop_map(|a| format!("Bearer {a}")),
            // A JWT whose payload names an application (the signature is not checked).
            Just("Bearer e30.eyJhcHBsaWNhdGlvbl9pZCI6ImFwcCJ9.c2ln".to_owned()),
        ]),
    ) {
        let runtime = tokio::runtime::Builder::new_current_thread().enable_all().build().unwrap();
        runtime.block_on(async {
            let result: Result<(), TestCaseError> = async {
            let (_stop, shutdown) = watch::channel(false);
            let app = App::new(&common::config(), 1, shutdown).expect("no callback URL to refuse");
            let service = router(app.clone(), None);
            let mut request = Request::builder()
                .method(METHODS[method])
                .uri(format!("{}{query}", PATHS[path]).replace(' ', "%20"))
                .header("host", "127.0.0.1:8080");
            if !TYPES[content_type].is_empty() {
                request = request.header("content-type", TYPES[content_type]);
            }
            if let Some(auth) = &authorization {
                request = request.header("authorization", auth.as_str());
            }
            let Ok(request) = request.body(Body::from(body.clone())) else {
                return Ok(()); // not a request hyper would have parsed
            };
            let response = service.clone().oneshot(request).await.expect("an answer");
            let status = response.status();
            prop_assert!(allowed(status), "{status} for {} {}", METHODS[method], PATHS[path]);
            let json = response
                .headers()
                .get("content-type")
                .is_some_and(|v| v == "application/json");
            let bytes = response.into_body().collect().await.unwrap().to_bytes();
            if json && METHODS[method] != "HEAD" {
                let value: serde_json::Value = serde_json::from_slice(&bytes)
                    .map_err(|e| TestCaseError::fail(format!("not JSON: {e}")))?;
                if status == StatusCode::OK && PATHS[path].starts_with("/verify/") {
                    prop_assert!(
                        value.get("status").is_some() || value.get("verification_requests").is_some(),
                        "{value}"
                    );
                }
            }
            // The session still works, as it was, once any fault the request set is
            // cleared.
            let clear = Request::builder()
                .method("DELETE")
                .uri("/_sim/faults")
                .header("host", "localhost")
                .body(Body::empty())
                .unwrap();
            let cleared = service.clone().oneshot(clear).await.unwrap();
            prop_assert_eq!(cleared.status(), StatusCode::OK);
            let check = Request::builder()
                .uri("/verify/json?number=449999999999&brand=After")
                .header("host", "localhost")
                .body(Body::empty())
                .unwrap();
            let after = service.oneshot(check).await.unwrap();
            let bytes = after.into_body().collect().await.unwrap().to_bytes();
            let value: serde_json::Value = serde_json::from_slice(&bytes).unwrap();
            prop_assert_eq!(&value["status"], "0", "{}", value);
            drop(app);
            Ok(())
            }.await;
            result
        })?;
    }
}

#[tokio::test]
async fn garbage_on_the_wire_is_refused_and_the_server_goes_on() {
    let emulator = common::Emulator::start(common::config()).await;
    let port = emulator.base.rsplit(':').next().unwrap().to_owned();
    for garbage in [
        &b"GARBAGE\r\n\r\n"[..],
        b"GET / HTTP/9.9\r\n\r\n",
        b"\xff\xfe\x00\x01\r\n\r\n",
        b"POST /verify/json HTTP/1.1\r\nHost: localhost\r\nContent-Length: 99999999999999999999\r\n\r\n",
    ] {
        let mut socket = tokio::net::TcpStream::connect(format!("127.0.0.1:{port}")).await.unwrap();
        socket.write_all(garbage).await.unwrap();
        let mut answer = Vec::new();
        let _ = tokio::time::timeout(
            std::time::Duration::from_secs(2),
            socket.read_to_end(&mut answer),
        )
        .await;
        let text = String::from_utf8_lossy(&answer);
        assert!(text.is_empty() || text.starts_with("HTTP/1.1 4"), "{text}");
    }
    assert_eq!(emulator.start_verify("447700900001").await.len(), 32);
    emulator.stop().await;
}

#[tokio::test]
async fn thousands_of_parameters_are_answered_as_the_api_would() {
    let emulator = common::Emulator::start(common::config()).await;
    let ids = vec!["request_ids=0123456789abcdef0123456789abcdef"; 1200].join("&");
    let many = emulator.get(&format!("/verify/search/json?{ids}")).await;
    assert_eq!(many.json()["status"], "18");
    let form = emulator
        .send(
            hyper::Method::POST,
            "/verify/search/json",
            &[("content-type", "application/x-www-form-urlencoded")],
            &ids,
        )
        .await;
    assert_eq!(form.json()["status"], "18");
    let junk: String = (0..5000).map(|i| format!("x{i}=1&")).collect();
    let ok = emulator
        .get(&format!("/verify/json?{junk}number=447700900001&brand=A"))
        .await;
    assert_eq!(ok.json()["status"], "0");
    let big = emulator
        .post_json("/verify/json", &"x".repeat(BODY_LIMIT + 1))
        .await;
    assert_eq!(big.status, StatusCode::PAYLOAD_TOO_LARGE);
    assert!(big.json()["error"].is_string());
    emulator.stop().await;
}
