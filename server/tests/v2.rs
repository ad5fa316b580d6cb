//! Verify v2 over real HTTP: the routes, auth, content types, bodies refused before the
//! engine, and the `/_sim/` helpers for v2 (deliveries, reply). Callbacks are in
//! `v2_callbacks.rs`, silent auth's `check_url` in `v2_silent_auth.rs`.

mod common;

use base64::Engine as _;
use common::v2::{deliveries, sms_voice, v2};
use common::ways::basic;
use common::{config, Emulator};
use hyper::{Method, StatusCode};
use serde_json::json;
use verify_engine::Credentials;
use verify_server::Config;

#[tokio::test]
async fn start_check_next_cancel_answer_with_the_engines_statuses_and_types() {
    let emulator = Emulator::start(config()).await;
    let started = v2(
        &emulator,
        Method::POST,
        "/v2/verify",
        &sms_voice("447700900001"),
    )
    .await;
    assert_eq!(started.status, StatusCode::ACCEPTED, "{}", started.body);
    assert_eq!(started.header("content-type"), "application/json");
    let id = started.json()["request_id"].as_str().unwrap().to_owned();
    let sent = deliveries(&emulator, "?number=447700900001").await;
    assert_eq!(sent.len(), 1);
    assert_eq!(sent[0]["channel"], "sms");
    assert_eq!(sent[0]["to"], "447700900001");
    assert_eq!(sent[0]["request_id"], id.as_str());
    let code = sent[0]["pin"].as_str().unwrap().to_owned();
    assert!(sent[0]["text"].as_str().unwrap().contains(&code));
    assert!(sent[0].get("event_id").is_none() && sent[0].get("number").is_none());

    let wrong = v2(
        &emulator,
        Method::POST,
        &format!("/v2/verify/{id}"),
        r#"{"code":"x"}"#,
    )
    .await;
    assert_eq!(wrong.status, StatusCode::BAD_REQUEST);
    assert_eq!(wrong.header("content-type"), "application/problem+json");
    assert_eq!(wrong.json()["title"], "Invalid Code");

    // The alias with a dash moves to the voice step, which delivers the same code.
    let next = v2(
        &emulator,
        Method::POST,
        &format!("/v2/verify/{id}/next-workflow"),
        "",
    )
    .await;
    assert_eq!(next.status, StatusCode::OK, "{}", next.body);
    assert_eq!(next.body, "");
    let sent = deliveries(&emulator, "?number=%2B447700900001").await;
    assert_eq!(sent.len(), 2);
    assert_eq!(sent[1]["channel"], "voice");
    assert_eq!(sent[1]["pin"], code.as_str());
    let last = v2(
        &emulator,
        Method::POST,
        &format!("/v2/verify/{id}/next_workflow"),
        "",
    )
    .await;
    assert_eq!(last.status, StatusCode::CONFLICT);
    assert_eq!(last.header("content-type"), "application/problem+json");

    let right = v2(
        &emulator,
        Method::POST,
        &format!("/v2/verify/{id}"),
        &json!({ "code": code }).to_string(),
    )
    .await;
    assert_eq!(right.status, StatusCode::OK);
    assert_eq!(right.header("content-type"), "application/json");
    assert_eq!(
        right.json(),
        json!({"request_id": id, "status": "completed"})
    );

    // The trailing-slash start, then cancel: 204 without a body or a type.
    let other = v2(
        &emulator,
        Method::POST,
        "/v2/verify/",
        &sms_voice("447700900002"),
    )
    .await;
    assert_eq!(other.status, StatusCode::ACCEPTED);
    let other = other.json()["request_id"].as_str().unwrap().to_owned();
    let cancel = v2(
        &emulator,
        Method::DELETE,
        &format!("/v2/verify/{other}"),
        "",
    )
    .await;
    assert_eq!(cancel.status, StatusCode::NO_CONTENT);
    assert_eq!(cancel.body, "");
    assert_eq!(cancel.header("content-type"), "");
    let again = v2(
        &emulator,
        Method::DELETE,
        &format!("/v2/verify/{other}"),
        "",
    )
    .await;
    assert_eq!(again.status, StatusCode::NOT_FOUND);

    let get = v2(&emulator, Method::GET, "/v2/verify", "").await;
    assert_eq!(get.status, StatusCode::METHOD_NOT_ALLOWED);
    assert_eq!(get.header("content-type"), "application/problem+json");

    // Every answered call is recorded for replay (the refused GET is not).
    let scenario = emulator.get("/_sim/scenario").await;
    assert!(scenario
        .body
        .starts_with("# Recorded by verify-server: 8 calls."));
    emulator.stop().await;
}

#[tokio::test]
async fn auth_is_a_jwt_naming_an_application_or_basic() {
    let emulator = Emulator::start(Config {
        credentials: Credentials::parse("key:secret"),
        ..config()
    })
    .await;
    let body = sms_voice("447700900003");
    let json_type = ("content-type", "application/json");
    let none = emulator
        .send(Method::POST, "/v2/verify", &[json_type], &body)
        .await;
    assert_eq!(none.status, StatusCode::UNAUTHORIZED);
    assert_eq!(none.header("content-type"), "application/problem+json");
    let problem = none.json();
    assert_eq!(
        problem["type"],
        "https://developer.nexmo.com/api-errors#unauthorized"
    );
    assert_eq!(problem["title"], "Unauthorized");
    assert_eq!(
        problem["detail"],
        "You did not provide correct credentials."
    );
    assert_eq!(problem["instance"].as_str().unwrap().len(), 36);
    assert_eq!(problem.as_object().unwrap().len(), 4);

    let no_app = format!(
        "Bearer a.{}.c",
        base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(r#"{"sub":"x"}"#)
    );
    let basic = |secret: &str| basic("key", secret);
    for refused in [
        "Bearer not-a-jwt".to_owned(),
        no_app,
        basic("wrong"),
        "Digest x".into(),
    ] {
        let answer = emulator
            .send(
                Method::POST,
                "/v2/verify",
                &[json_type, ("authorization", &refused)],
                &body,
            )
            .await;
        assert_eq!(answer.status, StatusCode::UNAUTHORIZED, "{refused}");
    }
    assert!(
        deliveries(&emulator, "").await.is_empty(),
        "nothing started"
    );
    let right = emulator
        .send(
            Method::POST,
            "/v2/verify",
            &[json_type, ("authorization", &basic("secret"))],
            &body,
        )
        .await;
    assert_eq!(right.status, StatusCode::ACCEPTED, "{}", right.body);
    let jwt = v2(
        &emulator,
        Method::POST,
        "/v2/verify",
        &sms_voice("447700900004"),
    )
    .await;
    assert_eq!(jwt.status, StatusCode::ACCEPTED, "{}", jwt.body);
    emulator.stop().await;
}

#[tokio::test]
async fn bodies_that_are_not_json_or_too_large_create_nothing() {
    let emulator = Emulator::start(config()).await;
    let big = format!(
        r#"{{"brand":"Acme","workflow":[{{"channel":"sms","to":"447700900005"}}],"pad":"{}"}}"#,
        "x".repeat(verify_server::BODY_LIMIT)
    );
    for (body, status, words) in [
        ("{\"brand\":", StatusCode::BAD_REQUEST, "not valid JSON"),
        ("", StatusCode::BAD_REQUEST, "empty"),
        (
            big.as_str(),
            StatusCode::PAYLOAD_TOO_LARGE,
            "65536-byte limit",
        ),
    ] {
        let answer = v2(&emulator, Method::POST, "/v2/verify", body).await;
        assert_eq!(answer.status, status, "{}", answer.body);
        assert_eq!(answer.header("content-type"), "application/problem+json");
        let problem = answer.json();
        assert!(
            problem["detail"].as_str().unwrap().contains(words),
            "{problem}"
        );
        for field in ["type", "title", "instance"] {
            assert!(problem[field].is_string(), "{field}: {problem}");
        }
    }
    // A workflow of 4 steps is the engine's 422.
    let four = json!({"brand": "Acme", "workflow": [
        {"channel": "sms", "to": "447700900006"}, {"channel": "voice", "to": "447700900006"},
        {"channel": "sms", "to": "447700900006"}, {"channel": "voice", "to": "447700900006"}
    ]});
    let answer = v2(&emulator, Method::POST, "/v2/verify", &four.to_string()).await;
    assert_eq!(answer.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(
        answer.json()["invalid_parameters"][0]["reason"],
        "Workflow must contain at most 3 channels"
    );
    assert!(deliveries(&emulator, "").await.is_empty());
    let scenario = emulator.get("/_sim/scenario").await;
    assert!(
        scenario
            .body
            .starts_with("# Recorded by verify-server: 1 calls."),
        "only the 422 reached the engine: {}",
        scenario.body
    );
    emulator.stop().await;
}

#[tokio::test]
async fn email_deliveries_have_a_subject_and_are_found_without_regard_to_case() {
    let emulator = Emulator::start(config()).await;
    let body = json!({"brand": "Acme", "workflow": [
        {"channel": "email", "to": "Ann@Example.com"}
    ]});
    let started = v2(&emulator, Method::POST, "/v2/verify", &body.to_string()).await;
    assert_eq!(started.status, StatusCode::ACCEPTED);
    let found = deliveries(&emulator, "?number=ann%40EXAMPLE.com").await;
    assert_eq!(found.len(), 1);
    assert_eq!(found[0]["channel"], "email");
    assert_eq!(found[0]["to"], "Ann@Example.com");
    assert_eq!(found[0]["subject"], "Your Acme verification code");
    assert!(found[0]["pin"].is_string());
    assert!(deliveries(&emulator, "?number=bob%40example.com")
        .await
        .is_empty());
    emulator.stop().await;
}
