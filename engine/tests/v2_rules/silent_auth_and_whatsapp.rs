//! Silent authentication's hop and the WhatsApp question (C5).

use serde_json::json;
use verify_engine::v2::Status;
use verify_engine::Call;

use crate::sim::*;

#[test]
fn the_silent_auth_hop_decides_by_the_numbers_last_digits() {
    for (number, outcome) in [
        ("447700900000", "failed"),
        ("447700900099", "failed"),
        ("447700900013", "user_rejected"),
        ("447700900024", "completed"),
    ] {
        let mut sim = Sim::new();
        let id = sim.start(json!({"brand": "A", "workflow": [{"channel": "silent_auth", "to": number}, sms(number)]}));
        let first = sim.drain();
        assert_eq!(first.len(), 1);
        assert!(first[0].contains(r#""type":"event","channel":"silent_auth","status":"action_pending","action":{"type":"check","check_url":"http://localhost:8080/v2/verify/"#), "{first:?}");
        // Before the hop a check is 409 and no attempt.
        assert_eq!(sim.answer(check(&id, json!("0000"))).0, 409);
        sim.at(5);
        let (http, body) = sim.answer(Call::SilentAuth {
            request_id: id.clone(),
        });
        assert_eq!(http, 200);
        let code = sim.code(&id);
        if outcome == "completed" {
            assert_eq!(
                body,
                Some(format!(r#"{{"request_id":"{id}","code":"{code}"}}"#))
            );
            assert!(sim.drain().is_empty(), "a completed hop ends nothing");
            // A second hop answers the same.
            assert_eq!(
                sim.answer(Call::SilentAuth {
                    request_id: id.clone()
                })
                .1,
                body
            );
            assert_eq!(sim.answer(check(&id, json!(code))).0, 200);
            let lines = sim.drain();
            assert!(lines[0].contains(r#""triggered_at":"2026-01-01T00:00:00.000Z","type":"event","channel":"silent_auth","status":"completed","finalized_at":"2026-01-01T00:00:05.000Z"}"#), "{lines:?}");
            assert_eq!(lines[1], "5 status completed");
        } else {
            assert_eq!(
                body,
                Some(format!(r#"{{"request_id":"{id}","status":"{outcome}"}}"#))
            );
            let lines = sim.drain();
            assert!(
                lines[0].contains(&format!(r#""status":"{outcome}","finalized_at""#)),
                "{lines:?}"
            );
            assert_eq!(
                lines[1],
                format!("5 sms {number} Your A verification code is {code}. Valid for 3 minutes.")
            );
            // Outside the step: 404.
            assert_eq!(
                sim.answer(Call::SilentAuth {
                    request_id: id.clone()
                })
                .0,
                404
            );
        }
    }
}

#[test]
fn a_completed_hop_with_redirect_url_answers_302_and_a_lone_failed_hop_ends_the_request() {
    let mut sim = Sim::new();
    let id = sim.start(json!({"brand": "A", "workflow": [{"channel": "silent_auth", "to": "447700900002", "redirect_url": "https://app.test/done"}]}));
    let call = Call::SilentAuth {
        request_id: id.clone(),
    };
    let response = sim.call(&call);
    assert_eq!(response.http_status(), 302);
    assert_eq!(response.json(&call), None);
    let code = sim.code(&id);
    assert_eq!(
        response.location(),
        Some(format!("https://app.test/done#request_id={id}&code={code}").as_str())
    );
    assert_eq!(sim.call(&call).location(), response.location());

    let id = sim.start(json!({"brand": "A", "client_ref": "r1", "workflow": [{"channel": "silent_auth", "to": "447700900099"}]}));
    sim.drain();
    sim.at(7);
    assert_eq!(
        sim.answer(Call::SilentAuth {
            request_id: id.clone()
        })
        .0,
        200
    );
    assert_eq!(
        sim.drain(),
        [
            format!(
                r#"7 callback {{"request_id":"{id}","triggered_at":"2026-01-01T00:00:00.000Z","type":"event","channel":"silent_auth","status":"failed","finalized_at":"2026-01-01T00:00:07.000Z","client_ref":"r1"}}"#
            ),
            "7 status failed".into(),
            format!(
                r#"7 callback {{"request_id":"{id}","submitted_at":"2026-01-01T00:00:00.000Z","status":"failed","type":"summary","channel_timeout":180,"workflow":[{{"channel":"silent_auth","initiated_at":"2026-01-01T00:00:00.000Z","status":"failed"}}],"price":"0","client_ref":"r1"}}"#
            ),
        ]
    );
}

#[test]
fn a_whatsapp_question_is_answered_yes_or_no() {
    let mut sim = Sim::new();
    let body = json!({"brand": "A", "workflow": [{"channel": "whatsapp_interactive", "to": "447700900001"}, sms("447700900001")]});
    let yes = sim.start(body.clone());
    let reply = |id: &str, answer: &str| Call::Reply {
        request_id: id.into(),
        answer: answer.into(),
    };
    let bad = format!(r#"{INVALID}[{{"name":"answer","reason":"answer must be yes or no"}}]}}"#);
    assert_eq!(sim.answer(reply(&yes, "maybe")), (422, Some(bad)));
    assert_eq!(sim.answer(reply(&yes, "YES")), (200, None));
    assert_eq!(sim.status(&yes), Status::Completed);
    let lines = sim.drain();
    assert!(
        lines[1].contains(r#""status":"completed","finalized_at""#),
        "{lines:?}"
    );
    assert!(lines[3].contains(r#"[{"channel":"whatsapp_interactive","initiated_at":"2026-01-01T00:00:00.000Z","status":"completed"},{"channel":"sms","status":"unused"}]"#), "{lines:?}");
    let no = sim.start(body);
    sim.drain();
    assert_eq!(sim.answer(reply(&no, "No")), (200, None));
    let lines = sim.drain();
    assert!(lines[0].contains(r#""status":"user_rejected""#));
    assert!(lines[1].starts_with("0 sms 447700900001 "));
    // Not a WhatsApp step any more: 404; the sms step goes on.
    assert_eq!(sim.answer(reply(&no, "yes")).0, 404);
    let last = sim.start(json!({"brand": "A", "workflow": [{"channel": "whatsapp_interactive", "to": "447700900002"}]}));
    assert_eq!(sim.answer(reply(&last, "no")).0, 200);
    assert_eq!(sim.status(&last), Status::UserRejected);
}
