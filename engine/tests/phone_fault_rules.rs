//! Part A8 and A9's phone faults on v1 deliveries and the network unblock, one rule a
//! test: what each fault marks, that Verify's own view (schedule, `events[]`, prices,
//! the PIN) never changes, how deliveries count, and the unblock's answers.

use serde_json::json;
use verify_engine::faults::FaultStep;
use verify_engine::{Call, Delivery, Endpoint, Engine, Happening, Response, SECOND};

const NUMBER: &str = "447700900001";

fn fault(engine: &mut Engine, step: serde_json::Value) {
    let step = FaultStep::from_json(&step).expect("a fault step");
    engine.call(&Call::Fault(step), &mut Vec::new());
}

/// Runs workflow `workflow` to NUMBER from t=0 to its end and gives its deliveries.
fn deliveries(engine: &mut Engine, workflow: &str) -> Vec<Delivery> {
    let mut happened = Vec::new();
    let call = Call::from_pairs(
        Endpoint::Verify,
        [
            ("number", NUMBER),
            ("brand", "A"),
            ("workflow_id", workflow),
        ],
    );
    assert_eq!(engine.call(&call, &mut happened).status(), 0);
    engine.advance_to(1000 * SECOND, &mut happened);
    happened
        .into_iter()
        .filter_map(|h| match h {
            Happening::Delivered(d) => Some(d),
            _ => None,
        })
        .collect()
}

fn marks(list: &[Delivery]) -> Vec<(bool, Option<u64>)> {
    list.iter()
        .map(|d| (d.lost, d.delivered_at.map(|t| t / 100)))
        .collect()
}

#[test]
fn without_faults_nothing_is_marked() {
    let list = deliveries(&mut Engine::new(1), "2");
    assert_eq!(marks(&list), [(false, None); 3]);
}

#[test]
fn sms_lost_and_sms_delay_hit_sms_only() {
    // Workflow 1: SMS, TTS, TTS.
    let mut engine = Engine::new(1);
    fault(&mut engine, json!({"fault": "sms-lost"}));
    let list = deliveries(&mut engine, "1");
    assert_eq!(marks(&list), [(true, None), (false, None), (false, None)]);
    let mut engine = Engine::new(1);
    fault(&mut engine, json!({"fault": "sms-delay:2.5"}));
    let list = deliveries(&mut engine, "2");
    // SMS at 0 and 125 arrive 2.5 s late; the TTS at 305 is untouched.
    assert_eq!(
        marks(&list),
        [(false, Some(25)), (false, Some(1275)), (false, None)]
    );
    assert_eq!(
        list[1].at,
        125 * SECOND,
        "the line keeps the time Verify sent it"
    );
}

#[test]
fn call_unanswered_hits_calls_and_phone_off_everything() {
    let mut engine = Engine::new(1);
    fault(&mut engine, json!({"fault": "call-unanswered"}));
    let list = deliveries(&mut engine, "1");
    assert_eq!(marks(&list), [(false, None), (true, None), (true, None)]);
    let mut engine = Engine::new(1);
    fault(
        &mut engine,
        json!({"fault": "phone-off", "number": "+44 7700 900001"}),
    );
    let list = deliveries(&mut engine, "1");
    assert_eq!(marks(&list), [(true, None); 3]);
}

#[test]
fn verify_does_not_know_schedule_events_prices_and_pins_are_unchanged() {
    let mut clean = Engine::new(4);
    let plain = deliveries(&mut clean, "1");
    let mut faulted = Engine::new(4);
    fault(&mut faulted, json!({"fault": "phone-off"}));
    let lost = deliveries(&mut faulted, "1");
    let view = |d: &Delivery| (d.at, d.event_id, d.pin, d.channel, d.text());
    assert_eq!(
        plain.iter().map(view).collect::<Vec<_>>(),
        lost.iter().map(view).collect::<Vec<_>>()
    );
    let (a, b) = (&clean.requests()[0], &faulted.requests()[0]);
    assert_eq!(a.deliveries(), b.deliveries());
    assert_eq!(a.messages_price(), b.messages_price());
    assert_eq!(a.status(), b.status());
}

#[test]
fn times_counts_deliveries_and_the_earliest_fault_marks() {
    let mut engine = Engine::new(1);
    fault(&mut engine, json!({"fault": "sms-lost", "times": 1}));
    fault(&mut engine, json!({"fault": "sms-delay:1", "times": 1}));
    fault(
        &mut engine,
        json!({"fault": "phone-off", "number": "447700900002"}),
    );
    let list = deliveries(&mut engine, "2");
    // The first SMS is lost (f1 used up), the second delayed (f2 used up), then
    // nothing; phone-off is for another number.
    assert_eq!(
        marks(&list),
        [(true, None), (false, Some(1260)), (false, None)]
    );
    let left: Vec<String> = engine.faults().iter().map(|f| f.fault.clone()).collect();
    assert_eq!(left, ["phone-off"]);
}

#[test]
fn a_fault_set_at_t_does_not_touch_deliveries_due_at_t() {
    let mut engine = Engine::new(1);
    let mut happened = Vec::new();
    let call = Call::from_pairs(Endpoint::Verify, [("number", NUMBER), ("brand", "A")]);
    engine.call(&call, &mut happened);
    // At 125 the TTS is due: it runs when the clock gets there, before the fault.
    engine.advance_to(125 * SECOND, &mut happened);
    fault(&mut engine, json!({"fault": "phone-off"}));
    engine.advance_to(1000 * SECOND, &mut happened);
    let lost: Vec<bool> = happened
        .iter()
        .filter_map(|h| match h {
            Happening::Delivered(d) => Some(d.lost),
            _ => None,
        })
        .collect();
    assert_eq!(lost, [false, false, true]);
}

fn unblock(engine: &mut Engine, body: serde_json::Value) -> (u16, String) {
    let call = Call::Unblock(body);
    let response = engine.call(&call, &mut Vec::new());
    assert!(matches!(response, Response::Unblock(_)));
    (
        response.http_status(),
        response.json(&call).expect("a body"),
    )
}

#[test]
fn unblock_lifts_every_block_on_the_network_for_good() {
    let mut engine = Engine::new(2);
    fault(&mut engine, json!({"fault": "network-blocked"}));
    fault(
        &mut engine,
        json!({"fault": "network-blocked", "number": NUMBER}),
    );
    fault(
        &mut engine,
        json!({"fault": "network-blocked", "network": "99999"}),
    );
    engine.advance_to(61_500, &mut Vec::new());
    let (status, body) = unblock(&mut engine, json!({"network": 23410, "duration": 10}));
    assert_eq!(status, 202);
    assert_eq!(
        body,
        r#"{"network":"23410","unblocked_until":"2026-01-01T00:01:11Z"}"#
    );
    let left: Vec<Option<String>> = engine.faults().into_iter().map(|f| f.network).collect();
    assert_eq!(left, [Some("99999".to_owned())]);
    let (status, _) = unblock(&mut engine, json!({"network": "23410"}));
    assert_eq!(status, 404, "nothing left to unblock");
}

#[test]
fn unblock_duration_wins_defaults_to_an_hour_and_0_is_allowed() {
    for (body, until) in [
        (
            json!({"network": "1", "unblock_duration": 0, "duration": 50}),
            "00:00:00",
        ),
        (
            json!({"network": "1", "unblock_duration": null, "duration": 50}),
            "00:00:50",
        ),
        (json!({"network": "1"}), "01:00:00"),
        (
            json!({"network": "1", "unblock_duration": 86400}),
            "2026-01-02T00:00:00Z",
        ),
    ] {
        let mut engine = Engine::new(2);
        fault(
            &mut engine,
            json!({"fault": "network-blocked", "network": "1"}),
        );
        let (status, text) = unblock(&mut engine, body.clone());
        assert_eq!(status, 202, "{body}");
        assert!(text.contains(until), "{body}: {text}");
    }
}

#[test]
fn unblock_refuses_a_bad_body_with_422_and_a_blacklist_is_no_block() {
    let mut engine = Engine::new(2);
    fault(&mut engine, json!({"fault": "blacklist"}));
    for bad in [
        json!({}),
        json!({"network": null}),
        json!({"network": "23410", "unblock_duration": 86401}),
        json!({"network": "23410", "duration": -1}),
        json!({"network": "23410", "duration": 1.5}),
        json!({"network": "23410", "duration": "60"}),
        json!([1]),
    ] {
        let (status, body) = unblock(&mut engine, bad.clone());
        assert_eq!(status, 422, "{bad}");
        let value: serde_json::Value = serde_json::from_str(&body).expect("JSON");
        assert_eq!(
            value["type"],
            "https://developer.vonage.com/api-errors#invalid-params"
        );
        assert_eq!(value["title"], "Invalid unblock_duration parameter");
        assert_eq!(value["detail"], "Unblock duration is invalid.");
    }
    let (status, body) = unblock(&mut engine, json!({"network": "23410"}));
    assert_eq!(status, 404);
    let value: serde_json::Value = serde_json::from_str(&body).expect("JSON");
    let keys: Vec<&str> = value
        .as_object()
        .expect("object")
        .keys()
        .map(String::as_str)
        .collect();
    assert_eq!(keys.len(), 4);
    assert_eq!(value["title"], "Not Found");
    assert_eq!(
        value["detail"],
        "The network you provided does not have an active block."
    );
    let instance = value["instance"].as_str().expect("instance");
    assert_eq!(instance.len(), 32);
    assert!(instance
        .bytes()
        .all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b)));
    assert_eq!(engine.faults().len(), 1, "the blacklist stays");
}
