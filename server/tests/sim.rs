//! The test helpers under /_sim/: deliveries, the clock, reset, and the event stream that
//! resumes without missing or repeating a call.

mod common;

use common::{config, Emulator};
use hyper::StatusCode;
use serde_json::{json, Value};

#[tokio::test]
async fn deliveries_are_listed_oldest_first_and_by_number_as_the_api_normalises_it() {
    let emulator = Emulator::start(config()).await;
    let id = emulator.start_verify("447700900001").await;
    emulator.start_verify("447700900002").await;
    emulator
        .post_json("/_sim/clock", r#"{"advance": 125.5}"#)
        .await;
    let all = emulator.get("/_sim/deliveries").await.json();
    let list = all["deliveries"].as_array().unwrap();
    assert_eq!(list.len(), 4);
    let first = &list[0];
    assert_eq!(first["at"], 0);
    assert_eq!(first["number"], "447700900001");
    assert_eq!(first["channel"], "sms");
    assert_eq!(first["request_id"], id.as_str());
    assert!(first["text"]
        .as_str()
        .unwrap()
        .contains(first["pin"].as_str().unwrap()));
    assert_eq!(list[2]["channel"], "tts");
    assert_eq!(list[2]["at"], 125);
    let keys: Vec<&str> = first
        .as_object()
        .unwrap()
        .keys()
        .map(String::as_str)
        .collect();
    // v1 deliveries keep their fields and gain `to` (the same digits as `number`).
    // (serde_json's map lists keys sorted.)
    assert_eq!(
        keys,
        [
            "at",
            "channel",
            "event_id",
            "number",
            "pin",
            "request_id",
            "text",
            "to"
        ]
    );
    assert_eq!(first["to"], first["number"]);
    let one = emulator
        .get("/_sim/deliveries?number=%2B44%207700-900%20001")
        .await
        .json();
    assert_eq!(one["deliveries"].as_array().unwrap().len(), 2);
    let bad = emulator.get("/_sim/deliveries?number=abc").await.json();
    assert_eq!(bad, json!({ "deliveries": [] }));
    emulator.stop().await;
}

#[tokio::test]
async fn the_clock_advances_skips_pauses_and_refuses_what_it_cannot_do() {
    let emulator = Emulator::start(config()).await;
    assert_eq!(
        emulator.get("/_sim/clock").await.json(),
        json!({ "now": 0, "speed": 1.0, "paused": true, "next": null })
    );
    emulator.start_verify("447700900001").await;
    let clock = emulator.get("/_sim/clock").await.json();
    assert_eq!(clock["next"], 125);
    let skipped = emulator
        .post_json("/_sim/clock", r#"{"to_next": true}"#)
        .await
        .json();
    assert_eq!(skipped["now"], 125);
    let happened = skipped["happened"].as_array().unwrap();
    assert_eq!(happened.len(), 1);
    assert_eq!(happened[0]["event"], "tts");
    let advanced = emulator
        .post_json("/_sim/clock", r#"{"advance": 1000}"#)
        .await
        .json();
    assert_eq!(advanced["now"], 1125);
    let events: Vec<&str> = advanced["happened"]
        .as_array()
        .unwrap()
        .iter()
        .map(|h| h["event"].as_str().unwrap())
        .collect();
    assert_eq!(
        events,
        ["pin", "tts", "status"],
        "in order: the new PIN, its call, the end"
    );
    assert_eq!(advanced["next"], Value::Null);
    // Running at 1000x, time moves by itself.
    let running = emulator
        .post_json("/_sim/clock", r#"{"speed": 1000, "paused": false}"#)
        .await
        .json();
    assert_eq!(
        (running["speed"].as_f64(), running["paused"].as_bool()),
        (Some(1000.0), Some(false))
    );
    tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    let later = emulator.get("/_sim/clock").await.json();
    assert!(later["now"].as_f64().unwrap() >= 1125.0 + 50.0, "{later}");
    for (body, words) in [
        (r#"{"advance": -1}"#, "advance"),
        (r#"{"speed": 0}"#, "speed"),
        (r#"{"paused": "yes"}"#, "paused"),
        (r#"{"rewind": 5}"#, "unknown field"),
        (r#"[1]"#, "JSON object"),
        (r#"{oops"#, "not JSON"),
    ] {
        let refused = emulator.post_json("/_sim/clock", body).await;
        assert_eq!(refused.status, StatusCode::BAD_REQUEST, "{body}");
        assert!(
            refused.json()["error"].as_str().unwrap().contains(words),
            "{body}"
        );
    }
    emulator.stop().await;
}

#[tokio::test]
async fn a_reset_forgets_everything_and_a_seed_makes_it_repeatable() {
    let emulator = Emulator::start(config()).await;
    let first = emulator.start_verify("447700900001").await;
    emulator
        .post_json("/_sim/clock", r#"{"advance": 30}"#)
        .await;
    let reset = emulator.post_json("/_sim/reset", "").await.json();
    assert_eq!(reset["seed"], 1);
    assert_eq!(reset["clock"]["now"], 0);
    assert_eq!(
        emulator.get("/_sim/deliveries").await.json()["deliveries"],
        json!([])
    );
    // The same seed gives the same id again; another seed another one.
    assert_eq!(emulator.start_verify("447700900001").await, first);
    emulator.post_json("/_sim/reset", r#"{"seed": 99}"#).await;
    assert_ne!(emulator.start_verify("447700900001").await, first);
    let bad = emulator.post_json("/_sim/reset", r#"{"seed": -3}"#).await;
    assert_eq!(bad.status, StatusCode::BAD_REQUEST);
    emulator.stop().await;
}

#[tokio::test]
async fn the_event_stream_resumes_without_missing_or_repeating_a_call() {
    let emulator = Emulator::start(config()).await;
    emulator.start_verify("447700900001").await;
    let mut stream = emulator.events("", None).await;
    let hello = stream.next().await;
    assert_eq!(hello.event, "hello");
    let data: Value = serde_json::from_str(&hello.data).unwrap();
    assert_eq!(data["seed"], 1);
    assert_eq!(data["start"], "2026-01-01 00:00:00");
    assert_eq!(data["calls"].as_array().unwrap().len(), 1);
    assert_eq!(data["calls"][0]["status"], "0");
    assert_eq!(data["calls"][0]["step"]["verify"]["number"], "447700900001");
    let hello_id = hello.id.clone().unwrap();
    assert!(hello_id.ends_with(".1"), "{hello_id}");

    emulator.start_verify("447700900002").await;
    let call = stream.next_except("clock").await;
    assert_eq!(call.event, "call");
    assert!(call.id.as_deref().unwrap().ends_with(".2"));
    let last_seen = call.id.clone().unwrap();
    drop(stream);

    // While disconnected: two more calls.
    emulator.start_verify("447700900003").await;
    emulator.get("/verify/json?number=447700900004").await;
    let mut resumed = emulator.events("", Some(&last_seen)).await;
    let third = resumed.next_except("clock").await;
    let fourth = resumed.next_except("clock").await;
    assert_eq!(
        (third.event.as_str(), fourth.event.as_str()),
        ("call", "call")
    );
    assert!(third.id.as_deref().unwrap().ends_with(".3"));
    assert!(fourth.id.as_deref().unwrap().ends_with(".4"));
    assert!(fourth.data.contains("\"status\":\"2\""));
    // A stale or foreign id starts over with a hello; so does a reset.
    let mut stale = emulator.events("", Some("1.99")).await;
    assert_eq!(stale.next().await.event, "hello");
    emulator.post_json("/_sim/reset", "").await;
    let after_reset = resumed.next_except("clock").await;
    assert_eq!(after_reset.event, "hello");
    let data: Value = serde_json::from_str(&after_reset.data).unwrap();
    assert_eq!(data["calls"], json!([]));
    emulator.stop().await;
}

#[tokio::test]
async fn stopping_the_server_ends_its_streams() {
    let emulator = Emulator::start(config()).await;
    let mut stream = emulator.events("", None).await;
    assert_eq!(stream.next().await.event, "hello");
    tokio::time::timeout(std::time::Duration::from_secs(5), emulator.stop())
        .await
        .expect("a clean stop with a stream open");
}
