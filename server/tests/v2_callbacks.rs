//! Verify v2's callbacks over real HTTP: to a real receiver in order and byte for byte,
//! kept without a callback URL, and an endpoint that never answers stalls nothing.

mod common;

use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use common::v2::{deliveries, receiver, v2};
use common::{config, Emulator};
use hyper::{Method, StatusCode};
use serde_json::{json, Value};
use tokio::net::TcpListener;
use verify_server::Config;

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
