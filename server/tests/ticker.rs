//! The ticker runs what falls due on time by itself, with no request to make it catch up:
//! an API call that schedules something sooner than the ticker planned wakes it (and one
//! that does not, with a paused clock, leaves it asleep without losing anything).

mod common;

use std::time::{Duration, Instant};

use common::v2::{receiver, v2};
use common::{config, Emulator};
use hyper::{Method, StatusCode};
use serde_json::{json, Value};
use verify_server::Config;

/// A v2 start whose only step ends at 15 s, to `to`.
fn quick(to: &str) -> String {
    json!({"brand": "Acme", "channel_timeout": 15, "workflow": [
        {"channel": "sms", "to": to}
    ]})
    .to_string()
}

#[tokio::test]
async fn a_call_that_schedules_something_sooner_wakes_the_ticker() {
    let hook = receiver().await;
    let emulator = Emulator::start(Config {
        paused: false,
        speed: 1_000.0,
        callback_url: Some(hook.url.clone()),
        ..config()
    })
    .await;
    // The session made (and its ticker started) with nothing due: the ticker sleeps
    // until told. The step's end (15 ms of real time away) is run by the ticker, and its
    // summary sent, without another request.
    assert_eq!(emulator.get("/_sim/clock").await.status, StatusCode::OK);
    tokio::time::sleep(Duration::from_millis(50)).await;
    let started = v2(
        &emulator,
        Method::POST,
        "/v2/verify",
        &quick("447700900031"),
    )
    .await;
    assert_eq!(started.status, StatusCode::ACCEPTED, "{}", started.body);
    let deadline = Instant::now() + Duration::from_secs(5);
    while hook.bodies.lock().unwrap().is_empty() && Instant::now() < deadline {
        tokio::time::sleep(Duration::from_millis(10)).await;
    }
    let received = hook.bodies.lock().unwrap().clone();
    assert_eq!(
        received.len(),
        1,
        "the summary, sent by the ticker: {received:?}"
    );
    let summary: Value = serde_json::from_str(&received[0]).unwrap();
    assert_eq!(summary["status"], "expired");
    emulator.stop().await;
}

#[tokio::test]
async fn with_a_paused_clock_calls_leave_the_ticker_asleep_and_a_jump_runs_what_is_due() {
    let hook = receiver().await;
    let emulator = Emulator::start(Config {
        callback_url: Some(hook.url.clone()),
        ..config()
    })
    .await;
    for i in 0..20 {
        let to = format!("4477009001{i:02}");
        let started = v2(&emulator, Method::POST, "/v2/verify", &quick(&to)).await;
        assert_eq!(started.status, StatusCode::ACCEPTED, "{}", started.body);
    }
    tokio::time::sleep(Duration::from_millis(100)).await;
    assert!(
        hook.bodies.lock().unwrap().is_empty(),
        "paused: nothing ran"
    );
    let jumped = emulator
        .post_json("/_sim/clock", r#"{"advance": 16}"#)
        .await;
    assert_eq!(jumped.status, StatusCode::OK, "{}", jumped.body);
    let deadline = Instant::now() + Duration::from_secs(5);
    while hook.bodies.lock().unwrap().len() < 20 && Instant::now() < deadline {
        tokio::time::sleep(Duration::from_millis(10)).await;
    }
    assert_eq!(hook.bodies.lock().unwrap().len(), 20, "every summary once");
    emulator.stop().await;
}
