//! Verify v2 over real HTTP: the routes, auth, content types, bodies refused before the
//! engine, callbacks to a real receiver (and to one that never answers), and the
//! `/_sim/` helpers for v2 (deliveries, callbacks, reply).

mod common;

use std::convert::Infallible;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use base64::Engine as _;
use common::{config, Emulator};
use http_body_util::{BodyExt, Full};
use hyper::body::{Bytes, Incoming};
use hyper::server::conn::http1;
use hyper::service::service_fn;
use hyper::{Method, StatusCode};
use hyper_util::rt::TokioIo;
use serde_json::{json, Value};
use tokio::net::TcpListener;
use verify_engine::Credentials;
use verify_server::Config;

fn jwt(application_id: &str) -> String {
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
async fn v2(emulator: &Emulator, method: Method, path: &str, body: &str) -> common::Answer {
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

fn sms_voice(to: &str) -> String {
    json!({"brand": "Acme", "workflow": [
        {"channel": "sms", "to": to}, {"channel": "voice", "to": to}
    ]})
    .to_string()
}

async fn deliveries(emulator: &Emulator, query: &str) -> Vec<Value> {
    emulator
        .get(&format!("/_sim/deliveries{query}"))
        .await
        .json()["deliveries"]
        .as_array()
        .expect("a list")
        .clone()
}

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
    let basic = |secret: &str| {
        format!(
            "Basic {}",
            base64::engine::general_purpose::STANDARD.encode(format!("key:{secret}"))
        )
    };
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
async fn silent_auth_check_url_names_the_emulator_and_redirects() {
    let emulator = Emulator::start(config()).await;
    let body = json!({"brand": "Acme", "workflow": [
        {"channel": "silent_auth", "to": "447700900012",
         "redirect_url": "https://app.example/done"},
        {"channel": "sms", "to": "447700900012"}
    ]});
    let started = v2(&emulator, Method::POST, "/v2/verify", &body.to_string()).await;
    assert_eq!(started.status, StatusCode::ACCEPTED, "{}", started.body);
    let json = started.json();
    let id = json["request_id"].as_str().unwrap();
    let check_url = json["check_url"].as_str().unwrap();
    let path = format!("/v2/verify/{id}/silent-auth/redirect");
    assert_eq!(check_url, format!("{}{path}", emulator.base));
    // The device's hop carries no credentials.
    let hop = emulator.get(&path).await;
    assert_eq!(hop.status, StatusCode::FOUND, "{}", hop.body);
    let location = hop.header("location");
    assert!(
        location.starts_with(&format!("https://app.example/done#request_id={id}&code=")),
        "{location}"
    );
    let code = location.rsplit('=').next().unwrap();
    let check = v2(
        &emulator,
        Method::POST,
        &format!("/v2/verify/{id}"),
        &json!({ "code": code }).to_string(),
    )
    .await;
    assert_eq!(check.json()["status"], "completed");
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

/// A receiver of callbacks: every body POSTed to it, in arrival order.
struct Receiver {
    url: String,
    bodies: Arc<Mutex<Vec<String>>>,
}

async fn receiver() -> Receiver {
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

async fn callbacks(emulator: &Emulator) -> Vec<Value> {
    emulator.get("/_sim/callbacks").await.json()["callbacks"]
        .as_array()
        .expect("a list")
        .clone()
}

#[tokio::test]
async fn callbacks_reach_a_real_endpoint_in_order_byte_for_byte() {
    let receiver = receiver().await;
    let emulator = Emulator::start(Config {
        callback_url: Some(receiver.url.clone()),
        ..config()
    })
    .await;
    let body = json!({"brand": "Acme", "client_ref": "ref-1", "workflow": [
        {"channel": "whatsapp_interactive", "to": "447700900020"},
        {"channel": "sms", "to": "447700900020"}
    ]});
    let started = v2(&emulator, Method::POST, "/v2/verify", &body.to_string()).await;
    let id = started.json()["request_id"].as_str().unwrap().to_owned();
    let question = deliveries(&emulator, "?number=447700900020").await;
    assert_eq!(question[0]["channel"], "whatsapp_interactive");
    assert!(
        question[0].get("pin").is_none(),
        "codeless: {}",
        question[0]
    );
    // A bad answer is refused by the helper; then the phone says yes.
    let bad = emulator
        .post_json(
            "/_sim/reply",
            &json!({"request_id": id, "answer": "maybe"}).to_string(),
        )
        .await;
    assert_eq!(bad.status, StatusCode::BAD_REQUEST);
    let yes = emulator
        .post_json(
            "/_sim/reply",
            &json!({"request_id": id, "answer": "yes"}).to_string(),
        )
        .await;
    assert_eq!(yes.status, StatusCode::OK, "{}", yes.body);
    let again = emulator
        .post_json(
            "/_sim/reply",
            &json!({"request_id": id, "answer": "yes"}).to_string(),
        )
        .await;
    assert_eq!(again.status, StatusCode::NOT_FOUND);
    assert_eq!(again.header("content-type"), "application/problem+json");

    let deadline = Instant::now() + Duration::from_secs(5);
    while receiver.bodies.lock().unwrap().len() < 2 && Instant::now() < deadline {
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    let kept = callbacks(&emulator).await;
    assert_eq!(kept.len(), 2, "{kept:?}");
    let received = receiver.bodies.lock().unwrap().clone();
    assert_eq!(received.len(), 2);
    // `/_sim/callbacks` carries each body as the engine wrote it, field order included.
    let raw = emulator.get("/_sim/callbacks").await.body;
    for (kept, received) in kept.iter().zip(&received) {
        assert_eq!(kept["url"], receiver.url.as_str());
        assert_eq!(kept["at"], 0);
        assert_eq!(
            &kept["body"],
            &serde_json::from_str::<Value>(received).unwrap()
        );
        assert!(
            raw.contains(&format!("\"body\":{received},")),
            "the same bytes: {raw}"
        );
    }
    assert!(received[0].starts_with(&format!("{{\"request_id\":\"{id}\",\"triggered_at\":")));
    assert!(received[1].ends_with(r#""price":"0.05000000","client_ref":"ref-1"}"#));
    let event: Value = serde_json::from_str(&received[0]).unwrap();
    assert_eq!(event["type"], "event");
    assert_eq!(event["status"], "completed");
    assert_eq!(event["client_ref"], "ref-1");
    let summary: Value = serde_json::from_str(&received[1]).unwrap();
    assert_eq!(summary["type"], "summary");
    assert_eq!(summary["status"], "completed");
    assert_eq!(
        summary["workflow"][1],
        json!({"channel": "sms", "status": "unused"})
    );
    let deadline = Instant::now() + Duration::from_secs(5);
    while callbacks(&emulator).await[1]["delivered"] != true && Instant::now() < deadline {
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    assert!(callbacks(&emulator)
        .await
        .iter()
        .all(|c| c["delivered"] == true));
    emulator.stop().await;
}

#[tokio::test]
async fn without_a_callback_url_callbacks_are_kept_and_not_sent() {
    let emulator = Emulator::start(config()).await;
    let body = json!({"brand": "Acme", "workflow": [{"channel": "sms", "to": "447700900021"}]});
    v2(&emulator, Method::POST, "/v2/verify", &body.to_string()).await;
    emulator
        .post_json("/_sim/clock", r#"{"advance": 181}"#)
        .await;
    let kept = callbacks(&emulator).await;
    assert_eq!(kept.len(), 1);
    assert_eq!(kept[0]["at"], 180);
    assert_eq!(kept[0]["url"], Value::Null);
    assert_eq!(kept[0]["delivered"], false);
    assert_eq!(kept[0]["body"]["status"], "expired");
    emulator.stop().await;
}

#[tokio::test]
async fn an_endpoint_that_never_answers_stalls_nothing() {
    // Accepts connections and never reads or answers them.
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let url = format!("http://{}/hook", listener.local_addr().unwrap());
    let held = Arc::new(Mutex::new(Vec::new()));
    let keep = held.clone();
    tokio::spawn(async move {
        while let Ok((stream, _)) = listener.accept().await {
            keep.lock().unwrap().push(stream);
        }
    });
    let emulator = Emulator::start(Config {
        callback_url: Some(url),
        ..config()
    })
    .await;
    let began = Instant::now();
    for i in 0..50 {
        let body = json!({"brand": "Acme", "workflow": [
            {"channel": "whatsapp_interactive", "to": format!("4477009010{i:02}")}
        ]});
        let started = v2(&emulator, Method::POST, "/v2/verify", &body.to_string()).await;
        assert_eq!(started.status, StatusCode::ACCEPTED);
        let id = started.json()["request_id"].as_str().unwrap().to_owned();
        let no = emulator
            .post_json(
                "/_sim/reply",
                &json!({"request_id": id, "answer": "no"}).to_string(),
            )
            .await;
        assert_eq!(no.status, StatusCode::OK);
    }
    assert!(
        began.elapsed() < Duration::from_secs(3),
        "100 calls took {:?} with a dead callback endpoint",
        began.elapsed()
    );
    let kept = callbacks(&emulator).await;
    assert_eq!(kept.len(), 100, "an event and a summary each");
    assert_eq!(kept[0]["delivered"], Value::Null, "in flight");
    // One attempt, 5 s: then it is failed and the next goes.
    tokio::time::sleep(Duration::from_millis(5_500)).await;
    let kept = callbacks(&emulator).await;
    assert_eq!(kept[0]["delivered"], false);
    assert_eq!(kept[2]["delivered"], Value::Null);
    emulator.stop().await;
}
