//! Plain-words meanings of callbacks and answers: each end and event says what happened
//! in the terms of the step that decided it, and every v2 answer, success included, has
//! one.

use serde_json::json;
use verify_engine::v2::explain::explain_answer;
use verify_engine::{Call, Happening};

use crate::sim::*;

/// The meanings of the callbacks sent since the last look, in order.
fn meanings(sim: &mut Sim) -> Vec<String> {
    sim.happened
        .drain(..)
        .filter_map(|h| match h {
            Happening::Callback(c) => Some(c.explain()),
            _ => None,
        })
        .collect()
}

/// Makes `call` and gives its answer's meaning.
fn said(sim: &mut Sim, call: Call) -> String {
    let response = sim.call(&call);
    explain_answer(&call, &response).expect("every v2 answer has a meaning")
}

#[test]
fn a_right_code_on_the_second_channel_names_it_and_says_verify() {
    let mut sim = Sim::new();
    let start = Call::Verify2(
        json!({"brand": "A", "workflow": [sms("447700900001"), {"channel": "voice", "to": "447700900001"}]}),
    );
    let response = sim.call(&start);
    let meaning = explain_answer(&start, &response).expect("a meaning");
    assert!(
        meaning.starts_with("Started (202): the first step, sms,"),
        "{meaning}"
    );
    let id = match response {
        verify_engine::Response::Verify2(Ok(started)) => started.request_id.to_string(),
        other => panic!("{other:?}"),
    };
    sim.at(180);
    let code = sim.code(&id);
    assert!(said(&mut sim, check(&id, json!("0000"))).starts_with("Wrong code"));
    assert!(said(&mut sim, check(&id, json!(code))).starts_with("The code is right"));
    let callbacks = meanings(&mut sim);
    assert_eq!(callbacks.len(), 1, "{callbacks:?}");
    assert!(
        callbacks[0].starts_with(
            "The user entered the right code, received by voice: mark the number verified."
        ),
        "{callbacks:?}"
    );
}

#[test]
fn three_wrong_codes_and_an_expiry_say_do_not_verify() {
    let mut sim = Sim::new();
    let id = sim.start(json!({"brand": "A", "workflow": [sms("447700900001")]}));
    for _ in 0..3 {
        sim.call(&check(&id, json!("zzzz")));
    }
    let failed = meanings(&mut sim);
    assert!(
        failed[0].starts_with("Three wrong codes were checked"),
        "{failed:?}"
    );

    let id = sim.start(json!({"brand": "A", "channel_timeout": 60, "workflow": [sms("447700900002"), {"channel": "voice", "to": "447700900002"}]}));
    sim.at(120);
    let expired = meanings(&mut sim);
    assert!(
        expired[0].starts_with(
            "Nobody proved the number in time: sms, then voice each ran its window (60 s)"
        ),
        "{expired:?}"
    );
    assert_eq!(
        said(&mut sim, Call::Cancel2 { request_id: id }),
        "No request in progress has this id: it is unknown, or it has ended."
    );
}

#[test]
fn a_whatsapp_no_sends_an_event_then_a_user_rejected_summary() {
    let mut sim = Sim::new();
    let id = sim.start(json!({"brand": "A", "workflow": [{"channel": "whatsapp_interactive", "to": "447700900001"}]}));
    let start = Call::Verify2(
        json!({"brand": "A", "workflow": [{"channel": "whatsapp_interactive", "to": "447700900003"}]}),
    );
    let response = sim.call(&start);
    let meaning = explain_answer(&start, &response).expect("a meaning");
    assert!(meaning.contains("Yes or No (no code)"), "{meaning}");
    sim.happened.clear();
    let reply = Call::Reply {
        request_id: id,
        answer: "no".into(),
    };
    assert!(said(&mut sim, reply).starts_with("The phone answered No"));
    let callbacks = meanings(&mut sim);
    assert_eq!(callbacks.len(), 2, "{callbacks:?}");
    assert!(
        callbacks[0].starts_with("The user answered No on WhatsApp"),
        "{callbacks:?}"
    );
    assert!(
        callbacks[1].starts_with("The user answered No to the WhatsApp question"),
        "{callbacks:?}"
    );
    assert!(callbacks[1].contains("Do not mark the number verified"));
}

#[test]
fn silent_auth_events_say_what_the_device_and_app_do() {
    let mut sim = Sim::new();
    let start = Call::Verify2(
        json!({"brand": "A", "workflow": [{"channel": "silent_auth", "to": "447700900024"}, sms("447700900024")]}),
    );
    let response = sim.call(&start);
    assert!(explain_answer(&start, &response)
        .expect("a meaning")
        .contains("silent authentication"));
    let id = match response {
        verify_engine::Response::Verify2(Ok(started)) => started.request_id.to_string(),
        other => panic!("{other:?}"),
    };
    let pending = meanings(&mut sim);
    assert!(
        pending[0].starts_with("Silent authentication started"),
        "{pending:?}"
    );
    let hop = said(
        &mut sim,
        Call::SilentAuth {
            request_id: id.clone(),
        },
    );
    assert!(hop.contains("this body carries the code"), "{hop}");
    let code = sim.code(&id);
    sim.call(&check(&id, json!(code)));
    let ends = meanings(&mut sim);
    assert!(
        ends[0].starts_with("The silent_auth step is completed"),
        "{ends:?}"
    );
    assert!(ends[1].contains("silent authentication"), "{ends:?}");

    // A timed-out codeless step: expired, and the next step goes on.
    let id = sim.start(json!({"brand": "A", "workflow": [{"channel": "silent_auth", "to": "447700900026"}, sms("447700900026")]}));
    sim.at(60 + 1);
    let timed_out = meanings(&mut sim);
    assert!(
        timed_out[1].starts_with("The silent_auth step got no answer"),
        "{timed_out:?}"
    );
    assert!(said(&mut sim, Call::Next2 { request_id: id })
        .starts_with("This is the workflow's last step"));
}
