//! The v2 view's reducer: calls through the engine at the simulated clock's time, the API
//! log, what reaches the phone and the inbox, the callbacks, and the journal replayed.
#![cfg(feature = "v2")]

use verify_engine::v2::Channel;
use verify_engine::SECOND;
use verify_playground_state::v2::form::{V2Field, NO_CHANNEL};
use verify_playground_state::v2::phone::PhoneItem;
use verify_playground_state::v2::timeline::windows;
use verify_playground_state::v2::{V2Action, V2Playground};

fn started(edits: &[(V2Field, &str)]) -> V2Playground {
    let mut playground = V2Playground::new(7);
    for (field, value) in edits {
        playground.apply(V2Action::Edit(*field, (*value).to_owned()));
    }
    playground.apply(V2Action::Start);
    playground
}

fn code(playground: &V2Playground) -> String {
    playground.request().expect("a request").code().to_string()
}

fn texts(playground: &V2Playground) -> Vec<(Channel, String)> {
    playground
        .reached
        .phone
        .iter()
        .filter_map(|item| match item {
            PhoneItem::Delivered(d) => Some((d.channel, d.text.clone())),
            PhoneItem::DeviceCheck(_) => None,
        })
        .collect()
}

#[test]
fn sms_then_voice_with_the_same_code_at_channel_timeout() {
    let mut p = started(&[]);
    let entry = &p.log[0];
    assert_eq!(
        (entry.method, entry.path.as_str(), entry.status),
        ("POST", "/v2/verify", 202)
    );
    let id = p.current.expect("started").to_string();
    assert_eq!(
        entry.body.as_deref(),
        Some(format!(r#"{{"request_id":"{id}"}}"#).as_str())
    );
    let code = code(&p);
    assert_eq!(
        texts(&p),
        vec![(
            Channel::Sms,
            format!("Your Acme verification code is {code}. Valid for 3 minutes.")
        )]
    );
    assert_eq!(p.next_due, Some(180 * SECOND));
    p.apply(V2Action::SkipToNext);
    assert_eq!(p.now(), 180 * SECOND);
    let spoken: Vec<String> = code.chars().map(String::from).collect();
    let spoken = spoken.join(", ");
    assert_eq!(
        texts(&p)[1],
        (
            Channel::Voice,
            format!("Your Acme verification code is {spoken}. I repeat: {spoken}.")
        )
    );
    let rows = windows(p.request().expect("held"));
    assert_eq!(rows.len(), 2);
    assert_eq!(
        (rows[0].from, rows[0].to, rows[0].status),
        (0, 180 * SECOND, "expired")
    );
    assert_eq!(
        (rows[1].from, rows[1].to, rows[1].status),
        (180 * SECOND, 360 * SECOND, "active")
    );
}

#[test]
fn the_right_code_completes_the_request_and_its_summary_is_filed() {
    let mut p = started(&[(V2Field::ClientRef, "order-7")]);
    p.apply(V2Action::SetRunning(true));
    p.apply(V2Action::Tick(1000.0));
    assert_eq!(p.now(), SECOND);
    p.apply(V2Action::EditCode(code(&p)));
    p.apply(V2Action::Check);
    let id = p.current.expect("started");
    let last = p.log.last().expect("logged");
    assert_eq!(last.status, 200);
    assert_eq!(
        last.body.as_deref(),
        Some(format!(r#"{{"request_id":"{id}","status":"completed"}}"#).as_str())
    );
    assert_eq!(p.callbacks.len(), 1);
    let summary = &p.callbacks[0];
    assert_eq!((summary.kind, summary.at), ("summary", SECOND));
    assert_eq!(summary.sent_at(), "2026-01-01T00:00:01.000Z");
    assert_eq!(
        summary.json(),
        format!(
            r#"{{"request_id":"{id}","submitted_at":"2026-01-01T00:00:00.000Z","status":"completed","type":"summary","channel_timeout":180,"workflow":[{{"channel":"sms","initiated_at":"2026-01-01T00:00:00.000Z","status":"completed"}},{{"channel":"voice","status":"unused"}}],"price":"0.05000000","client_ref":"order-7"}}"#
        )
    );
    assert!(summary.curl().starts_with("curl -X POST \"$CALLBACK_URL\""));
    assert!(summary.curl().contains("'{\"request_id\""));
    assert_eq!(p.next_due, None);
}

#[test]
fn three_wrong_codes_end_the_request_with_400_400_410() {
    let mut p = started(&[]);
    p.apply(V2Action::EditCode("0000x".into()));
    for _ in 0..3 {
        p.apply(V2Action::Check);
    }
    let statuses: Vec<u16> = p.log.iter().map(|e| e.status).collect();
    assert_eq!(statuses, vec![202, 400, 400, 410]);
    let last = p.log.last().expect("logged");
    assert_eq!(last.content_type, Some("application/problem+json"));
    assert!(last
        .body
        .as_deref()
        .is_some_and(|b| b
            .contains("An incorrect code has been provided too many times. Workflow terminated.")));
    assert!(last.explanation.is_some());
    assert!(p.callbacks[0].json().contains(r#""status":"failed""#));
}

#[test]
fn cancel_answers_204_with_no_body_and_sends_no_callback() {
    let mut p = started(&[]);
    p.apply(V2Action::Cancel);
    let last = p.log.last().expect("logged");
    assert_eq!(
        (last.method, last.status, last.body.as_ref()),
        ("DELETE", 204, None)
    );
    p.apply(V2Action::SkipToNext);
    assert!(p.callbacks.is_empty());
    assert_eq!(texts(&p).len(), 1);
}

#[test]
fn next_workflow_starts_the_next_step_now_and_409s_on_the_last() {
    let mut p = started(&[]);
    p.apply(V2Action::Next);
    assert_eq!(p.log[1].status, 200);
    assert!(p.log[1].path.ends_with("/next_workflow"));
    assert_eq!(texts(&p)[1].0, Channel::Voice);
    assert_eq!(p.now(), 0);
    p.apply(V2Action::Next);
    assert_eq!(p.log[2].status, 409);
    assert!(p.log[2]
        .body
        .as_deref()
        .is_some_and(|b| b.contains("There are no more events left to trigger.")));
}

#[test]
fn whatsapp_interactive_yes_completes_and_no_moves_on() {
    let mut p = started(&[
        (V2Field::Channel1, "whatsapp_interactive"),
        (V2Field::Channel2, "sms"),
    ]);
    let id = p.current.expect("started");
    assert!(p.can_answer(id));
    let question = texts(&p);
    assert_eq!(
        question,
        vec![(
            Channel::WhatsappInteractive,
            "Acme: is this you trying to sign in?".into()
        )]
    );
    p.apply(V2Action::Reply(p.current.expect("started"), "no"));
    assert!(!p.can_answer(id));
    assert_eq!(texts(&p)[1].0, Channel::Sms);
    assert!(p.callbacks[0]
        .json()
        .contains(r#""status":"user_rejected""#));
    assert_eq!(p.callbacks[0].kind, "event");

    let mut p = started(&[(V2Field::Channel1, "whatsapp_interactive")]);
    p.apply(V2Action::Reply(p.current.expect("started"), "yes"));
    let kinds: Vec<&str> = p.callbacks.iter().map(|c| c.kind).collect();
    assert_eq!(kinds, vec!["event", "summary"]);
    assert!(p.callbacks[1].json().contains(r#""status":"completed""#));
}

#[test]
fn an_email_step_reaches_the_inbox_with_subject_and_body() {
    let p = started(&[
        (V2Field::Channel1, "email"),
        (V2Field::Channel2, NO_CHANNEL),
    ]);
    assert!(p.reached.phone.is_empty());
    let email = &p.reached.inbox[0];
    assert_eq!(email.to, "alex@example.com");
    assert_eq!(
        email.subject.as_deref(),
        Some("Your Acme verification code")
    );
    assert!(email.text.starts_with("Your Acme verification code is "));
    assert_eq!(p.reached.count(Channel::Email), 1);
}

#[test]
fn silent_auth_checks_the_device_at_once_by_the_sandbox_table() {
    // ...02: completed, the code handed to the app, which checks it.
    let mut p = started(&[(V2Field::Channel1, "silent_auth")]);
    let PhoneItem::DeviceCheck(check) = &p.reached.phone[0] else {
        panic!("the device checks itself first");
    };
    assert_eq!(check.outcome, "completed");
    let code = check.code.clone().expect("a code");
    assert_eq!(p.log[1].method, "GET");
    assert!(p.log[1].path.ends_with("/silent-auth/redirect"));
    assert!(p.callbacks[0]
        .json()
        .contains(r#""status":"action_pending""#));
    p.apply(V2Action::EditCode(code));
    p.apply(V2Action::Check);
    assert_eq!(p.log[2].status, 200);

    // ...00: failed, and the next step (voice) starts now.
    let p = started(&[
        (V2Field::Channel1, "silent_auth"),
        (V2Field::Phone, "447700900000"),
    ]);
    let PhoneItem::DeviceCheck(check) = &p.reached.phone[0] else {
        panic!("the device checks itself first");
    };
    assert_eq!(
        (check.outcome.as_str(), check.code.as_ref()),
        ("failed", None)
    );
    assert_eq!(texts(&p)[0].0, Channel::Voice);
    assert!(p.callbacks.iter().any(|c| c
        .json()
        .contains(r#""channel":"silent_auth","status":"failed""#)));
}

#[test]
fn a_refused_start_is_logged_as_the_engines_422() {
    let p = started(&[(V2Field::Brand, "")]);
    let entry = &p.log[0];
    assert_eq!(
        (entry.status, entry.content_type),
        (422, Some("application/problem+json"))
    );
    assert!(entry
        .body
        .as_deref()
        .is_some_and(|b| b.contains(r#""reason":"Brand is required""#)));
    assert_eq!(p.current, None);
}

#[test]
fn the_journal_rebuilds_the_same_session() {
    let mut p = started(&[
        (V2Field::Channel1, "whatsapp_interactive"),
        (V2Field::Channel2, "sms"),
    ]);
    p.apply(V2Action::SetRunning(true));
    p.apply(V2Action::Tick(1000.0));
    p.apply(V2Action::Reply(p.current.expect("started"), "no"));
    p.apply(V2Action::SkipToNext);
    let journal = p.journal.clone();
    assert_eq!(journal.len(), 2);
    let again = V2Playground::restore(journal, p.now()).expect("replays");
    assert_eq!(again.log, p.log);
    assert_eq!(again.reached, p.reached);
    assert_eq!(again.callbacks, p.callbacks);
    assert_eq!(again.current, p.current);
}

#[test]
fn the_clock_plays_only_when_asked_at_the_speed_chosen() {
    let mut p = started(&[]);
    p.apply(V2Action::Tick(500.0));
    assert_eq!(p.now(), 0);
    p.apply(V2Action::SetRunning(true));
    p.apply(V2Action::SetSpeed(60));
    p.apply(V2Action::SetSpeed(7));
    assert_eq!(p.speed, 60);
    p.apply(V2Action::Tick(5000.0));
    assert_eq!(p.now(), 60 * SECOND);
    p.apply(V2Action::Reset(8));
    assert!(p.log.is_empty() && p.journal.is_empty());
    p.apply(V2Action::SkipToNext);
    assert_eq!(
        p.notice.as_deref(),
        Some("Nothing is scheduled: no request is in progress.")
    );
}
