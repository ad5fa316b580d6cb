//! Part A9, C6 and C7's faults in Verify v2, one rule a test: throttled's 429 at its
//! place in each call, network blocks skipping sms and voice steps at their turn, and
//! phone faults on v2 deliveries.

// Verify v2 is the engine's `v2` feature (on by default).
#![cfg(feature = "v2")]

use serde_json::{json, Value};
use verify_engine::faults::FaultStep;
use verify_engine::{Call, Engine, Happening, Response};

const TO: &str = "447700900001";

fn fault(engine: &mut Engine, step: Value) {
    let step = FaultStep::from_json(&step).expect("a fault step");
    engine.call(&Call::Fault(step), &mut Vec::new());
}

fn call(engine: &mut Engine, call: Call, out: &mut Vec<Happening>) -> u16 {
    engine.call(&call, out).http_status()
}

fn start(engine: &mut Engine, body: Value, out: &mut Vec<Happening>) -> (u16, String) {
    let response = engine.call(&Call::Verify2(body), out);
    let id = match &response {
        Response::Verify2(Ok(started)) => started.request_id.to_string(),
        _ => String::new(),
    };
    (response.http_status(), id)
}

fn sms_voice(to: &str) -> Value {
    json!({"brand": "Acme", "workflow": [{"channel": "sms", "to": to}, {"channel": "voice", "to": to}]})
}

#[test]
fn throttled_answers_429_after_404_and_422_and_is_no_wrong_attempt() {
    let mut engine = Engine::new(3);
    let mut out = Vec::new();
    fault(&mut engine, json!({"fault": "throttled", "times": 1}));
    // The start: body checks first (422), then 429.
    assert_eq!(
        start(&mut engine, json!({"brand": "Acme"}), &mut out).0,
        422
    );
    assert_eq!(start(&mut engine, sms_voice(TO), &mut out).0, 429);
    let (status, id) = start(&mut engine, sms_voice(TO), &mut out);
    assert_eq!(status, 202);
    fault(&mut engine, json!({"fault": "throttled"}));
    let check = |code: Value| Call::Check2 {
        request_id: id.clone(),
        body: json!({ "code": code }),
    };
    let unknown = Call::Check2 {
        request_id: "nope".into(),
        body: json!({"code": "1"}),
    };
    assert_eq!(call(&mut engine, unknown, &mut out), 404);
    assert_eq!(call(&mut engine, check(json!(12)), &mut out), 422);
    for _ in 0..3 {
        assert_eq!(call(&mut engine, check(json!("0000")), &mut out), 429);
    }
    let next = Call::Next2 {
        request_id: id.clone(),
    };
    assert_eq!(call(&mut engine, next, &mut out), 429);
    let cancel = Call::Cancel2 {
        request_id: "nope".into(),
    };
    assert_eq!(call(&mut engine, cancel, &mut out), 404);
    let request = engine.v2_requests()[0].clone();
    assert_eq!(request.wrong_codes(), 0, "a 429 is not a wrong attempt");
    fault(&mut engine, json!({"clear": true}));
    let code = request.code().to_string();
    assert_eq!(call(&mut engine, check(json!(code)), &mut out), 200);
}

#[test]
fn other_request_faults_neither_answer_nor_count_in_v2() {
    let mut engine = Engine::new(3);
    let mut out = Vec::new();
    for name in [
        "invalid-creds",
        "internal-error",
        "quota-exceeded",
        "blacklist",
        "rejected",
    ] {
        fault(&mut engine, json!({"fault": name, "times": 1}));
    }
    assert_eq!(start(&mut engine, sms_voice(TO), &mut out).0, 202);
    assert_eq!(engine.faults().len(), 5);
}

#[test]
fn a_block_skips_sms_and_voice_at_their_turn_and_counts_each_step() {
    let mut engine = Engine::new(3);
    let mut out = Vec::new();
    fault(
        &mut engine,
        json!({"fault": "network-blocked", "network": "23415", "times": 1}),
    );
    let body = json!({"brand": "Acme", "channel_timeout": 60, "workflow": [
        {"channel": "sms", "to": TO}, {"channel": "whatsapp", "to": TO}, {"channel": "voice", "to": TO}]});
    assert_eq!(start(&mut engine, body, &mut out).0, 202);
    engine.advance_to(200_000, &mut out);
    let delivered: Vec<&str> = out
        .iter()
        .filter_map(|h| match h {
            Happening::V2Delivered(d) => Some(d.channel.as_str()),
            _ => None,
        })
        .collect();
    // The block (times 1) takes the sms step; whatsapp at 0 and voice at 60 deliver.
    assert_eq!(delivered, ["whatsapp", "voice"]);
    let summary = out
        .iter()
        .find_map(|h| match h {
            Happening::Callback(c) if c.is_summary() => Some(c.json()),
            _ => None,
        })
        .expect("a summary");
    assert!(summary.contains(r#"{"channel":"sms","initiated_at":"2026-01-01T00:00:00.000Z","status":"blocked","reason":"Fraudulent traffic detected for your account on network [ 23415 ]."}"#), "{summary}");
    assert!(
        summary.contains(r#""status":"expired","type":"summary""#),
        "{summary}"
    );
}

#[test]
fn a_request_whose_every_step_is_blocked_ends_blocked_at_once_unless_fraud_check_is_off() {
    let mut engine = Engine::new(3);
    let mut out = Vec::new();
    fault(
        &mut engine,
        json!({"fault": "network-blocked", "number": TO}),
    );
    let (status, _) = start(&mut engine, sms_voice(TO), &mut out);
    assert_eq!(status, 202);
    let ended: Vec<String> = out
        .iter()
        .filter_map(|h| match h {
            Happening::V2Ended { at, status, .. } => Some(format!("{at} {}", status.as_str())),
            Happening::V2Delivered(d) => Some(format!("delivered {}", d.channel.as_str())),
            _ => None,
        })
        .collect();
    assert_eq!(ended, ["0 blocked"]);
    out.clear();
    let mut body = sms_voice(TO);
    body["fraud_check"] = false.into();
    assert_eq!(start(&mut engine, body, &mut out).0, 202);
    assert!(matches!(&out[0], Happening::V2Delivered(d) if d.channel.as_str() == "sms"));
    // Another number is not blocked by a block set for TO.
    out.clear();
    assert_eq!(
        start(&mut engine, sms_voice("447700900002"), &mut out).0,
        202
    );
    assert!(matches!(&out[0], Happening::V2Delivered(_)));
}

#[test]
fn phone_faults_mark_v2_deliveries_and_never_email() {
    let mut engine = Engine::new(3);
    let mut out = Vec::new();
    fault(&mut engine, json!({"fault": "phone-off"}));
    let body = json!({"brand": "Acme", "channel_timeout": 60, "workflow": [
        {"channel": "email", "to": "a@b.co"}, {"channel": "whatsapp", "to": TO}, {"channel": "voice", "to": TO}]});
    start(&mut engine, body, &mut out);
    engine.advance_to(200_000, &mut out);
    let marks: Vec<(&str, bool)> = out
        .iter()
        .filter_map(|h| match h {
            Happening::V2Delivered(d) => Some((d.channel.as_str(), d.lost)),
            _ => None,
        })
        .collect();
    assert_eq!(
        marks,
        [("email", false), ("whatsapp", true), ("voice", true)]
    );
    let mut engine = Engine::new(3);
    out.clear();
    fault(&mut engine, json!({"fault": "sms-delay:1.5"}));
    start(&mut engine, sms_voice(TO), &mut out);
    let Happening::V2Delivered(sms) = &out[0] else {
        panic!("the sms first: {out:?}")
    };
    assert_eq!(sms.delivered_at, Some(1500));
}
