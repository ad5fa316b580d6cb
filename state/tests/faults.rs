//! Faults in the playground (Part A8): each phone's "Signal" (lost, late and unanswered
//! deliveries, a phone that is off), what the timeline says of them, "Force the next
//! answer", and sessions with faults saved, shared and exported.

use std::collections::HashMap;

use verify_engine::{Call, SECOND};
use verify_playground_state::form::Field;
use verify_playground_state::phones::{CallState, ItemKind};
use verify_playground_state::saved::{self, Loaded};
use verify_playground_state::signal::{Fate, Signal};
use verify_playground_state::{share, timeline, Action, Playground};

const NUMBER: &str = "447700900001";

fn with_signal(workflow: &str, signal: Signal) -> Playground {
    let mut p = Playground::new(42);
    p.running = false;
    p.apply(Action::Edit(Field::Workflow, workflow.into()));
    p.apply(Action::SetSignal(NUMBER.into(), signal));
    assert_eq!(p.signal(NUMBER), signal);
    p.apply(Action::Send);
    p
}

/// What the phone shows: (SMS or call state, time in seconds).
fn phone(p: &Playground) -> Vec<(String, u64)> {
    let Some(phone) = p.session.phones.get(NUMBER) else {
        return Vec::new();
    };
    phone
        .items
        .iter()
        .map(|item| {
            let kind = match item.kind {
                ItemKind::Sms => "sms".to_owned(),
                ItemKind::Call(state) => format!("call {}", state.key()),
            };
            (kind, item.at() / SECOND)
        })
        .collect()
}

fn notes(p: &Playground) -> Vec<String> {
    let request = p.selected_request().expect("a request");
    let model = timeline::model(request, p.now(), &p.session.fates, p.signal(NUMBER));
    model.notes.into_iter().map(|n| n.text).collect()
}

#[test]
fn a_lost_sms_never_arrives_and_the_call_at_125_s_carries_the_same_pin() {
    let mut p = with_signal("1", Signal::SmsLost);
    assert_eq!(
        p.session.log.last().unwrap().response.status(),
        0,
        "Verify answers as usual"
    );
    assert!(phone(&p).is_empty(), "the SMS never reaches the phone");
    let request = p.selected_request().unwrap();
    let sms = request.deliveries()[0];
    assert_eq!(p.session.fates.of(sms.event_id), Some(Fate::Lost));
    assert_eq!(
        notes(&p)[0],
        format!(
            "SMS with PIN {}; the PIN lives 300 s. It never reached the phone. Verify does not \
             know, and goes on with its schedule: Voice call (TTS) at 2:05 reaches the user \
             instead, with the same PIN.",
            sms.pin
        )
    );
    p.apply(Action::SkipToNext);
    assert_eq!(p.now(), 125 * SECOND);
    assert_eq!(phone(&p), [("call ringing".to_owned(), 125)]);
    let heard = p.session.phones.get(NUMBER).unwrap().items[0].pin();
    assert_eq!(heard, sms.pin.to_string());
    p.apply(Action::EditPin(heard));
    p.apply(Action::Check);
    assert_eq!(p.selected_request().unwrap().status().as_str(), "SUCCESS");
}

#[test]
fn unanswered_calls_are_missed_and_the_timeline_says_what_comes_next() {
    let mut p = with_signal("1", Signal::CallsUnanswered);
    p.apply(Action::SkipBy(125 * SECOND));
    assert_eq!(
        phone(&p),
        [("sms".to_owned(), 0), ("call missed".to_owned(), 125)]
    );
    assert!(p.session.phones.get(NUMBER).unwrap().ringing().is_none());
    let note = notes(&p)
        .into_iter()
        .find(|n| n.contains("Nobody answered"))
        .expect("the missed call's note");
    // The other call of workflow 1 would ring out too: nothing else reaches the user.
    assert!(
        note.ends_with(
            "Nobody answered the call: no PIN was heard. Verify does not know, and goes on \
             with its schedule: No later event is planned: unless the user gets the PIN, the \
             request ends at 10:05."
        ),
        "{note}"
    );
}

#[test]
fn a_late_sms_arrives_60_s_after_it_was_sent() {
    let mut p = with_signal("5", Signal::SmsLate);
    assert!(phone(&p).is_empty());
    p.apply(Action::SkipToNext);
    assert_eq!(p.now(), 60 * SECOND, "skipping stops when the SMS arrives");
    assert_eq!(phone(&p), [("sms".to_owned(), 60)]);
    assert!(notes(&p)[0].contains("It reached the phone only at 1:00"));
}

#[test]
fn a_phone_that_is_off_gets_nothing_and_good_brings_it_back() {
    let mut p = with_signal("2", Signal::PhoneOff);
    p.apply(Action::SkipBy(430 * SECOND));
    assert!(phone(&p).is_empty(), "{:?}", phone(&p));
    assert_eq!(
        p.selected_request().unwrap().deliveries().len(),
        3,
        "Verify sent all three"
    );
    p.apply(Action::SetSignal(NUMBER.into(), Signal::Good));
    assert_eq!(p.signal(NUMBER), Signal::Good);
    assert!(p.session.engine.faults().is_empty());
    p.apply(Action::SkipBy(300 * SECOND));
    p.apply(Action::Send);
    assert_eq!(phone(&p).len(), 1, "the next request's SMS arrives");
}

#[test]
fn a_forced_answer_is_the_next_calls_it_applies_to() {
    let mut p = Playground::new(42);
    p.apply(Action::Force("blacklist".into()));
    p.apply(Action::Check);
    assert!(matches!(&p.session.log[0].call, Call::Check(c) if c.example.is_none()));
    assert_eq!(p.force, "blacklist", "a check is no call blacklist answers");
    p.apply(Action::Send);
    assert_eq!(
        p.session.log[1].json(),
        r#"{"request_id":"","status":"7","error_text":"The number you are trying to verify is blacklisted for verification","network":"23410"}"#
    );
    assert_eq!(p.force, "", "used up");
    p.apply(Action::Send);
    assert_eq!(p.session.log[2].response.status(), 0);
}

#[test]
fn faults_are_saved_shared_and_exported_with_the_session() {
    let mut p = with_signal("1", Signal::SmsLost);
    p.apply(Action::SkipBy(130 * SECOND));
    let mut stored = HashMap::new();
    stored.insert(saved::STORAGE_KEY.to_owned(), saved::header_text(&p));
    stored.insert(saved::chunk_key(0), saved::chunk_text(&p, 0));
    let Loaded::Session(kept) = saved::load(&|key: &str| Ok(stored.get(key).cloned())) else {
        panic!("a saved session")
    };
    let restored = Playground::restore(*kept).expect("replayed");
    assert_eq!(phone(&restored), phone(&p));
    assert_eq!(restored.signal(NUMBER), Signal::SmsLost);

    let mut opened = Playground::new(7);
    opened.apply(Action::OfferShared(share::payload(&p)));
    assert_eq!(phone(&opened), [("call ringing".to_owned(), 125)]);
    assert_eq!(notes(&opened), notes(&p));

    let text = p.export();
    assert!(text.contains(r#""fault":{"fault":"sms-lost""#), "{text}");
    let mut imported = Playground::new(7);
    imported.apply(Action::Import(text));
    imported.apply(Action::SkipBy(130 * SECOND));
    assert_eq!(phone(&imported), [("call ringing".to_owned(), 125)]);
    assert_eq!(CallState::Missed.key(), "missed");
}
