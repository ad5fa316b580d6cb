//! An imported session's v2 callbacks are not POSTed again: the run that recorded the
//! calls sent them. They are listed by `/_sim/callbacks` (`delivered: false`), and the
//! callbacks that fall due after the import's end are sent as usual.

mod common;

use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

use common::v2::receiver;
use common::{config, Emulator};
use serde_json::Value;
use verify_server::import;
use verify_server::{Config, Server};

/// Two requests: the first answered Yes at 5 s (its event and summary fall due within
/// the file), the second's only step ends at 300 s (after the file's end, 10 s).
const RECORDED: &str = r#"# Recorded by verify-server. Replay: verify-sim --seed 4 --start "2026-01-01 00:00:00" --retention 3600 FILE
{"at": 0, "verify2": {"brand": "Acme", "workflow": [{"channel": "whatsapp_interactive", "to": "447700900701"}]}}
{"at": 1, "verify2": {"brand": "Acme", "channel_timeout": 300, "workflow": [{"channel": "sms", "to": "447700900702"}]}}
{"at": 5, "reply": {"request_id": "$request_id.1", "answer": "yes"}}
{"at": 10}
"#;

#[tokio::test]
async fn imported_callbacks_are_kept_not_sent_and_later_ones_are_sent() {
    let hook = receiver().await;
    let config = Config {
        callback_url: Some(hook.url.clone()),
        ..config()
    };
    let defaults = verify_server::session::SessionConfig {
        seed: config.seed,
        start: config.start,
        retention: config.retention,
    };
    let imported = import::read(RECORDED, defaults).expect("the file reads");
    let config = Config {
        seed: imported.config.seed,
        start: imported.config.start,
        retention: imported.config.retention,
        ..config
    };
    let epoch = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| d.as_nanos() as u64);
    let server = Server::start_from(config, epoch, None, Some(&imported))
        .await
        .expect("the server starts");
    let emulator = Emulator::attach(server);
    let listed = |body: &str| -> Vec<Value> {
        serde_json::from_str::<Value>(body).unwrap()["callbacks"]
            .as_array()
            .unwrap()
            .clone()
    };
    let kept = listed(&emulator.get("/_sim/callbacks").await.body);
    assert_eq!(
        kept.len(),
        2,
        "the first request's event and summary: {kept:?}"
    );
    assert!(kept.iter().all(|c| c["delivered"] == false), "{kept:?}");
    assert_eq!(kept[1]["body"]["status"], "completed");
    tokio::time::sleep(Duration::from_millis(300)).await;
    assert!(hook.bodies.lock().unwrap().is_empty(), "nothing sent again");

    // The second request's end (300 s) comes after the import: its summary is sent.
    let moved = emulator
        .post_json("/_sim/clock", r#"{"advance": 300}"#)
        .await;
    assert_eq!(moved.status, hyper::StatusCode::OK, "{}", moved.body);
    let deadline = Instant::now() + Duration::from_secs(5);
    while hook.bodies.lock().unwrap().is_empty() && Instant::now() < deadline {
        tokio::time::sleep(Duration::from_millis(10)).await;
    }
    let received = hook.bodies.lock().unwrap().clone();
    assert_eq!(received.len(), 1, "{received:?}");
    let summary: Value = serde_json::from_str(&received[0]).unwrap();
    assert_eq!(summary["status"], "expired");
    assert_eq!(listed(&emulator.get("/_sim/callbacks").await.body).len(), 3);
    emulator.stop().await;
}
