//! Check, cancel and next_workflow (C5): their answers in order, and what each does.

use serde_json::{json, Value};
use verify_engine::v2::Status;
use verify_engine::Call;

use crate::sim::*;

#[test]
fn checks_answer_404_then_422_then_409_then_the_code() {
    let mut sim = Sim::new();
    let not_found = |id: &str| {
        format!(
            r#"{{"type":"https://developer.nexmo.com/api-errors#not-found","title":"Not Found","detail":"Request '{id}' was not found or it has been verified already.","instance":"<uuid>"}}"#
        )
    };
    let unknown = "6b1d4c8e-0000-4000-8000-000000000000";
    assert_eq!(
        sim.answer(check(unknown, json!("1234"))),
        (404, Some(not_found(unknown)))
    );
    assert_eq!(
        sim.answer(check("NOT-AN-ID", Value::Null)),
        (404, Some(not_found("NOT-AN-ID")))
    );
    let id = sim.start(json!({"brand": "A", "workflow": [{"channel": "whatsapp_interactive", "to": "447700900001"}, sms("447700900001")]}));
    let required = format!(r#"{INVALID}[{{"name":"code","reason":"Code is required"}}]}}"#);
    for body in [
        json!({}),
        json!({"code": null}),
        json!({"code": 1234}),
        json!("1234"),
    ] {
        let call = Call::Check2 {
            request_id: id.clone(),
            body,
        };
        assert_eq!(sim.answer(call), (422, Some(required.clone())));
    }
    let no_code = r#"{"type":"https://developer.nexmo.com/api-errors#conflict","title":"Conflict","detail":"The current Verify workflow step does not support a code.","instance":"<uuid>"}"#;
    for _ in 0..4 {
        assert_eq!(
            sim.answer(check(&id, json!("0000"))),
            (409, Some(no_code.into()))
        );
    }
    let code = sim.code(&id);
    sim.answer(Call::Next2 {
        request_id: id.clone(),
    });
    let wrong = r#"{"type":"https://developer.nexmo.com/api-errors#bad-request","title":"Invalid Code","detail":"The code you provided does not match the expected value.","instance":"<uuid>"}"#;
    // A 409 was no attempt; "" is a wrong code.
    assert_eq!(sim.answer(check(&id, json!(""))), (400, Some(wrong.into())));
    assert_eq!(
        sim.answer(check(&id, json!(format!("{code}0")))),
        (400, Some(wrong.into()))
    );
    sim.drain();
    assert_eq!(
        sim.answer(check(&id, json!(code))),
        (
            200,
            Some(format!(r#"{{"request_id":"{id}","status":"completed"}}"#))
        )
    );
    assert_eq!(sim.status(&id), Status::Completed);
    let lines = sim.drain();
    assert_eq!(lines[0], "0 status completed");
    assert!(lines[1].contains(r#""workflow":[{"channel":"whatsapp_interactive","initiated_at":"2026-01-01T00:00:00.000Z","status":"expired"},{"channel":"sms","initiated_at":"2026-01-01T00:00:00.000Z","status":"completed"}],"price":"0.05000000"}"#), "{lines:?}");
    // Ended: 404 comes before 422.
    assert_eq!(
        sim.answer(Call::Check2 {
            request_id: id.clone(),
            body: json!({})
        }),
        (404, Some(not_found(&id)))
    );
}

#[test]
fn the_third_wrong_code_answers_410_and_fails_the_request() {
    let mut sim = Sim::new();
    let id = sim.start(json!({"brand": "A", "workflow": [sms("447700900001"), {"channel": "voice", "to": "447700900001"}]}));
    assert_eq!(sim.answer(check(&id, json!("x"))).0, 400);
    sim.at(200); // Moving on (here by timeout) does not reset the count.
    assert_eq!(sim.answer(check(&id, json!("x"))).0, 400);
    sim.drain();
    let gone = r#"{"type":"https://developer.nexmo.com/api-errors#gone","title":"Invalid Code","detail":"An incorrect code has been provided too many times. Workflow terminated.","instance":"<uuid>"}"#;
    assert_eq!(sim.answer(check(&id, json!("x"))), (410, Some(gone.into())));
    assert_eq!(sim.status(&id), Status::Failed);
    let lines = sim.drain();
    assert_eq!(lines.len(), 2);
    assert!(lines[1].contains(r#""status":"failed","type":"summary""#));
    assert!(lines[1].contains(r#"{"channel":"sms","initiated_at":"2026-01-01T00:00:00.000Z","status":"expired"},{"channel":"voice","initiated_at":"2026-01-01T00:03:00.000Z","status":"failed"}"#));
    assert_eq!(sim.answer(check(&id, json!(sim.code(&id)))).0, 404);
}

#[test]
fn cancel_answers_204_without_a_body_or_a_callback_then_404() {
    let mut sim = Sim::new();
    let id = sim.start(
        json!({"brand": "A", "workflow": [{"channel": "silent_auth", "to": "447700900002"}]}),
    );
    sim.drain();
    assert_eq!(
        sim.answer(Call::Cancel2 {
            request_id: id.clone()
        }),
        (204, None)
    );
    assert_eq!(sim.drain(), ["0 status cancelled"]);
    assert_eq!(sim.status(&id), Status::Cancelled);
    assert_eq!(
        sim.answer(Call::Cancel2 {
            request_id: id.clone()
        })
        .0,
        404
    );
    assert_eq!(
        sim.answer(Call::Cancel2 {
            request_id: "x".into()
        })
        .0,
        404
    );
    sim.at(600);
    assert!(sim.drain().is_empty(), "nothing after a cancel");
}

#[test]
fn next_workflow_starts_the_next_step_now_with_the_same_code() {
    let mut sim = Sim::new();
    let id = sim.start(json!({"brand": "A", "channel_timeout": 300, "workflow": [sms("447700900001"), {"channel": "whatsapp", "to": "447700900001"}]}));
    let code = sim.code(&id);
    sim.at(10).drain();
    assert_eq!(
        sim.answer(Call::Next2 {
            request_id: id.clone()
        }),
        (200, None)
    );
    assert_eq!(
        sim.drain(),
        [format!(
            "10 whatsapp 447700900001 Your A verification code is {code}. Valid for 5 minutes."
        )]
    );
    let last = r#"{"type":"https://developer.nexmo.com/api-errors#conflict","title":"Conflict","detail":"There are no more events left to trigger.","instance":"<uuid>"}"#;
    assert_eq!(
        sim.answer(Call::Next2 {
            request_id: id.clone()
        }),
        (409, Some(last.into()))
    );
    assert!(sim.drain().is_empty(), "nothing changes on the last step");
    sim.at(309);
    assert!(
        sim.drain().is_empty(),
        "a full channel_timeout from the move"
    );
    sim.at(310);
    assert_eq!(sim.drain()[0], "310 status expired");
    assert_eq!(sim.answer(Call::Next2 { request_id: id }).0, 404);
}
