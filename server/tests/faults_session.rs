//! Faults as part of the session, over real HTTP: network-blocked until
//! `POST /verify/network-unblock` (A8's 202, 404 and 422 exactly), phone faults marking
//! `/_sim/deliveries` (`lost`, `delivered_at`), and fault calls and `Prefer: example=`
//! recorded: on the event stream, in `/_sim/scenario`, which the engine's runner replays
//! to the same answers.

mod common;

use common::v2::jwt;
use common::{config, Emulator};
use hyper::{Method, StatusCode};
use serde_json::{json, Value};
use verify_engine::{SessionConfig, StartDate};

async fn unblock(emulator: &Emulator, body: &str) -> common::Answer {
    emulator.post_json("/verify/network-unblock", body).await
}

fn is_instance(value: &Value) -> bool {
    value.as_str().is_some_and(|s| {
        s.len() == 32
            && s.bytes()
                .all(|b| b.is_ascii_hexdigit() && !b.is_ascii_uppercase())
    })
}

#[tokio::test]
async fn network_blocked_lasts_until_unblocked() {
    let emulator = Emulator::start(config()).await;
    // No block: 404, A8's problem.
    let none = unblock(&emulator, r#"{"network":"23410","duration":null}"#).await;
    assert_eq!(none.status, StatusCode::NOT_FOUND);
    assert_eq!(none.header("content-type"), "application/problem+json");
    let problem = none.json();
    assert_eq!(
        problem["type"],
        "https://developer.vonage.com/api-errors#bad-request"
    );
    assert_eq!(problem["title"], "Not Found");
    assert_eq!(
        problem["detail"],
        "The network you provided does not have an active block."
    );
    assert!(is_instance(&problem["instance"]), "{problem}");

    let set = emulator
        .post_json(
            "/_sim/faults",
            r#"{"fault":"network-blocked","network":"23415"}"#,
        )
        .await
        .json();
    assert_eq!(
        set,
        json!({"id": "f1", "fault": "network-blocked", "network": "23415"})
    );
    let blocked = r#"{"request_id":"","status":"7","error_text":"The network you are trying to verify has been blocked due to possible fraudulent activity","network":"23415"}"#;
    for _ in 0..3 {
        let verify = emulator
            .get("/verify/json?number=447700900001&brand=Acme")
            .await;
        assert_eq!(verify.body, blocked);
        let psd2 = emulator
            .get("/verify/psd2/json?number=447700900001&payee=Acme&amount=1")
            .await;
        assert_eq!(psd2.body, blocked);
    }
    // Another network's unblock is 404; a bad body is 422, exactly A9's.
    assert_eq!(
        unblock(&emulator, r#"{"network":"23410"}"#).await.status,
        StatusCode::NOT_FOUND
    );
    for body in [
        "{}",
        r#"{"network":"23415","unblock_duration":86401}"#,
        r#"{"network":"23415","duration":-1}"#,
        r#"{"network":"23415","duration":"60"}"#,
    ] {
        let invalid = unblock(&emulator, body).await;
        assert_eq!(invalid.status, StatusCode::UNPROCESSABLE_ENTITY, "{body}");
        let problem = invalid.json();
        assert_eq!(
            problem["type"],
            "https://developer.vonage.com/api-errors#invalid-params"
        );
        assert_eq!(problem["title"], "Invalid unblock_duration parameter");
        assert_eq!(problem["detail"], "Unblock duration is invalid.");
        assert!(is_instance(&problem["instance"]));
    }
    // The right network: 202, until now (0 s) + 60 s of the start date.
    let lifted = unblock(&emulator, r#"{"network":"23415","unblock_duration":60}"#).await;
    assert_eq!(lifted.status, StatusCode::ACCEPTED);
    assert_eq!(lifted.header("content-type"), "application/json");
    assert_eq!(
        lifted.body,
        r#"{"network":"23415","unblocked_until":"2026-01-01T00:01:00Z"}"#
    );
    assert_eq!(
        emulator.get("/_sim/faults").await.json(),
        json!({"faults": []})
    );
    emulator.start_verify("447700900001").await;
    // For good: a second unblock finds no block.
    assert_eq!(
        unblock(&emulator, r#"{"network":"23415"}"#).await.status,
        StatusCode::NOT_FOUND
    );
    // A form body is read as the same fields; other methods are 405.
    emulator
        .post_json("/_sim/faults", r#"{"fault":"network-blocked"}"#)
        .await;
    let form = emulator
        .send(
            Method::POST,
            "/verify/network-unblock",
            &[("content-type", "application/x-www-form-urlencoded")],
            "network=23410",
        )
        .await;
    assert_eq!(form.status, StatusCode::ACCEPTED, "{}", form.body);
    assert!(form
        .body
        .contains(r#""unblocked_until":"2026-01-01T01:00:00Z""#));
    let get = emulator.get("/verify/network-unblock").await;
    assert_eq!(get.status, StatusCode::METHOD_NOT_ALLOWED);
    emulator.stop().await;
}

#[tokio::test]
async fn phone_faults_mark_the_deliveries() {
    let emulator = Emulator::start(config()).await;
    for body in [
        r#"{"fault":"sms-lost","number":"447700900001","times":1}"#,
        r#"{"fault":"sms-delay:2.5","number":"447700900002"}"#,
        r#"{"fault":"call-unanswered","number":"447700900001"}"#,
    ] {
        let set = emulator.post_json("/_sim/faults", body).await;
        assert_eq!(set.status, StatusCode::OK, "{}", set.body);
    }
    emulator.start_verify("447700900001").await;
    emulator.start_verify("447700900002").await;
    emulator.start_verify("447700900003").await;
    // Workflow 1: the call at 125 s.
    emulator
        .post_json("/_sim/clock", r#"{"advance":125}"#)
        .await;
    let all = emulator.get("/_sim/deliveries").await.json()["deliveries"].clone();
    let marks: Vec<(String, String, Option<bool>, Option<f64>)> = all
        .as_array()
        .unwrap()
        .iter()
        .map(|d| {
            (
                d["to"].as_str().unwrap().to_owned(),
                d["channel"].as_str().unwrap().to_owned(),
                d.get("lost").and_then(Value::as_bool),
                d.get("delivered_at").and_then(Value::as_f64),
            )
        })
        .collect();
    let mark = |to: &str, channel: &str| {
        marks
            .iter()
            .find(|m| m.0 == to && m.1 == channel)
            .map(|m| (m.2, m.3))
            .unwrap_or_else(|| panic!("no {channel} to {to}: {all}"))
    };
    assert_eq!(mark("447700900001", "sms"), (Some(true), None));
    assert_eq!(mark("447700900001", "tts"), (Some(true), None));
    assert_eq!(mark("447700900002", "sms"), (None, Some(2.5)));
    assert_eq!(mark("447700900002", "tts"), (None, None));
    assert_eq!(mark("447700900003", "sms"), (None, None));
    // Verify does not know: the lost SMS still carries its PIN, and the PIN checks.
    let pin = emulator.pin("447700900001").await;
    assert_eq!(pin.len(), 4);
    // sms-lost ran out (times 1); call-unanswered and sms-delay stand.
    let left = emulator.get("/_sim/faults").await.json()["faults"].clone();
    let names: Vec<&str> = left
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["fault"].as_str().unwrap())
        .collect();
    assert_eq!(names, ["sms-delay:2.5", "call-unanswered"]);
    emulator.stop().await;
}

#[tokio::test]
async fn fault_calls_and_examples_are_recorded_streamed_and_replayed() {
    let emulator = Emulator::start(config()).await;
    let mut events = emulator.events("", None).await;
    assert_eq!(events.next_except("clock").await.event, "hello");
    // A request in progress first: the engine is never idle, so the recording keeps
    // every call from here.
    let mut answers = vec![
        emulator
            .get("/verify/json?number=447700900003&brand=A")
            .await
            .body,
    ];
    assert_eq!(events.next_except("clock").await.event, "call");
    let set = emulator
        .post_json("/_sim/faults", r#"{"fault":"throttled","times":1}"#)
        .await;
    assert_eq!(set.status, StatusCode::OK);
    let streamed = events.next_except("clock").await;
    assert_eq!(streamed.event, "call");
    assert!(
        streamed
            .data
            .contains(r#""fault":{"fault":"throttled","times":1}"#),
        "{}",
        streamed.data
    );
    answers.push(
        emulator
            .get("/verify/json?number=447700900001&brand=A")
            .await
            .body,
    );
    answers.push(
        emulator
            .get("/verify/json?number=447700900001&brand=A")
            .await
            .body,
    );
    let id = serde_json::from_str::<Value>(&answers[2]).unwrap()["request_id"]
        .as_str()
        .unwrap()
        .to_owned();
    answers.push(
        emulator
            .send(
                Method::GET,
                &format!("/verify/check/json?request_id={id}&code=0000"),
                &[("prefer", "example=internal-error")],
                "",
            )
            .await
            .body,
    );
    let lost = emulator
        .post_json(
            "/_sim/faults",
            r#"{"fault":"sms-lost","number":"447700900002"}"#,
        )
        .await
        .json();
    let lost = lost["id"].as_str().unwrap().to_owned();
    answers.push(
        emulator
            .get("/verify/json?number=447700900002&brand=A")
            .await
            .body,
    );
    let removed = emulator
        .send(Method::DELETE, &format!("/_sim/faults/{lost}"), &[], "")
        .await;
    assert_eq!(removed.status, StatusCode::OK);
    answers.push(
        emulator
            .get(&format!("/verify/search/json?request_id={id}"))
            .await
            .body,
    );
    assert!(answers[1].contains(r#""status":"1""#) && answers[3].contains(r#""status":"5""#));

    let scenario = emulator.get("/_sim/scenario").await.body;
    assert!(
        scenario.contains(r#""__example":"internal-error""#),
        "{scenario}"
    );
    assert!(
        scenario.contains(&format!(r#""remove":"{lost}""#)),
        "{scenario}"
    );
    // The engine's own runner replays it to the same answers.
    let session = SessionConfig {
        seed: 1,
        start: StartDate::parse("2026-01-01 00:00:00").unwrap(),
        retention: Some(3_600_000),
    };
    let mut out = Vec::new();
    verify_engine::scenario::run(scenario.as_bytes(), session.engine(), &mut out).unwrap();
    let replayed: Vec<Value> = String::from_utf8(out)
        .unwrap()
        .lines()
        .map(|line| serde_json::from_str::<Value>(line).unwrap())
        .filter(|line| matches!(line["call"].as_str(), Some("verify" | "check" | "search")))
        .map(|line| line["response"].clone())
        .collect();
    let answered: Vec<Value> = answers
        .iter()
        .map(|body| serde_json::from_str(body).unwrap())
        .collect();
    assert_eq!(replayed, answered);
    emulator.stop().await;
}

#[tokio::test]
async fn v2_is_throttled_with_a_429_problem_and_its_sms_marked_lost() {
    let emulator = Emulator::start(config()).await;
    let jwt = jwt("app-1");
    let start =
        |to: &str| json!({"brand": "Acme", "workflow": [{"channel": "sms", "to": to}]}).to_string();
    let headers = [
        ("authorization", jwt.as_str()),
        ("content-type", "application/json"),
    ];
    emulator
        .post_json("/_sim/faults", r#"{"fault":"throttled","times":1}"#)
        .await;
    let throttled = emulator
        .send(Method::POST, "/v2/verify", &headers, &start("447700900601"))
        .await;
    assert_eq!(throttled.status, StatusCode::TOO_MANY_REQUESTS);
    assert_eq!(throttled.header("content-type"), "application/problem+json");
    let problem = throttled.json();
    assert_eq!(
        problem["type"],
        "https://www.developer.vonage.com/api-errors#throttled"
    );
    assert_eq!(problem["title"], "Rate Limit Hit");
    assert_eq!(problem["detail"], "Please wait, then retry your request");

    emulator
        .post_json(
            "/_sim/faults",
            r#"{"fault":"sms-lost","number":"447700900601"}"#,
        )
        .await;
    let started = emulator
        .send(Method::POST, "/v2/verify", &headers, &start("447700900601"))
        .await;
    assert_eq!(started.status, StatusCode::ACCEPTED, "{}", started.body);
    let deliveries = emulator
        .get("/_sim/deliveries?number=447700900601")
        .await
        .json();
    let sms = &deliveries["deliveries"][0];
    assert_eq!(sms["channel"], "sms");
    assert_eq!(sms["lost"], true, "{deliveries}");
    emulator.stop().await;
}

/// The page's mirror sends its scenario `fault` steps as they are: `{"remove": id}` and
/// `{"clear": true}` posted to `/_sim/faults` act as the DELETEs; the removal is recorded.
#[tokio::test]
async fn fault_steps_posted_remove_and_clear() {
    let emulator = Emulator::start(config()).await;
    for body in [
        r#"{"fault":"sms-lost","number":"447700900001"}"#,
        r#"{"fault":"throttled","times":2}"#,
    ] {
        let set = emulator.post_json("/_sim/faults", body).await;
        assert_eq!(set.status, StatusCode::OK, "{body}");
    }
    let removed = emulator
        .post_json("/_sim/faults", r#"{"remove":"f1"}"#)
        .await;
    assert_eq!(removed.status, StatusCode::OK);
    assert_eq!(
        removed.json(),
        json!({"faults": [{"id": "f2", "fault": "throttled", "times_left": 2}]})
    );
    // Recorded while a fault is in force (an idle session's journal starts afresh).
    let scenario = emulator.get("/_sim/scenario").await.body;
    assert!(
        scenario.contains(r#""fault":{"remove":"f1"}"#),
        "{scenario}"
    );
    let again = emulator
        .post_json("/_sim/faults", r#"{"remove":"f1"}"#)
        .await;
    assert_eq!(again.status, StatusCode::NOT_FOUND);
    let cleared = emulator
        .post_json("/_sim/faults", r#"{"clear":true}"#)
        .await;
    assert_eq!(cleared.json(), json!({"faults": []}));
    let verify = emulator
        .get("/verify/json?number=447700900001&brand=Acme")
        .await
        .json();
    assert_eq!(verify["status"], "0", "{verify}");
}
