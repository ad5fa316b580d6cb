//! The reducer and the pure helpers around it, natively: the state uses no browser API.

use verify_engine::{Response, SECOND};
use verify_playground_state::address::{parse_query, settings_query};
use verify_playground_state::form::{Field, FormValues};
use verify_playground_state::format;
use verify_playground_state::phones::{CallState, ItemKind};
use verify_playground_state::Action;

mod common;
use common::{act, last_status, phone_pin, playground, status_word};

#[test]
fn sending_selects_the_request_and_puts_the_sms_on_its_phone() {
    let mut p = playground();
    act(&mut p, [Action::Send]);
    assert_eq!(p.session.log.len(), 1);
    assert_eq!(last_status(&p), 0);
    let id = match &p.session.log[0].response {
        Response::Verify(Ok(id)) => *id,
        other => panic!("{other:?}"),
    };
    assert_eq!(p.session.selected, Some(id));
    let phone = p.session.phones.current().unwrap();
    assert_eq!(phone.number.as_str(), "447700900001");
    assert_eq!(phone.items.len(), 1);
    assert_eq!(phone.items[0].kind, ItemKind::Sms);
    assert!(phone.items[0].text().starts_with("Acme code: "));
    assert!(phone.items[0].text().contains(&phone.items[0].pin()));
    assert!(p.session.log[0].json().contains("\"status\":\"0\""));
    assert!(p.session.log[0].json().contains("\"status\":\"0\""));
    assert_eq!(p.announcements.len(), 1);
    assert!(p.announcements[0].1.words().contains("new SMS"));
}

#[test]
fn country_and_sender_id_reach_the_api() {
    let mut p = playground();
    act(
        &mut p,
        [
            Action::Edit(Field::Number, "07700 900001".into()),
            Action::Edit(Field::SenderId, "TwelveChars!".into()),
        ],
    );
    let fields: Vec<_> = p.form.errors().iter().filter_map(|e| e.param()).collect();
    assert_eq!(fields, ["number", "sender_id"]);
    // With a country, a national number with its leading 0 is accepted.
    act(
        &mut p,
        [
            Action::Edit(Field::Country, "GB".into()),
            Action::Edit(Field::SenderId, "ACME".into()),
            Action::Send,
        ],
    );
    assert_eq!(last_status(&p), 0);
    let call = &p.session.log.last().unwrap().call;
    assert!(call.pairs().contains(&("country", "GB")));
    assert!(call.pairs().contains(&("sender_id", "ACME")));
    assert_eq!(p.selected_request().unwrap().number(), "07700900001");
}

#[test]
fn wrong_then_right_pin() {
    let mut p = playground();
    act(&mut p, [Action::Send]);
    let pin = phone_pin(&p);
    let wrong = if pin == "0000" { "1111" } else { "0000" };
    act(&mut p, [Action::EditPin(wrong.into()), Action::Check]);
    assert_eq!(last_status(&p), 16);
    let failure = p.session.log.last().unwrap().response.failure().unwrap();
    assert_eq!(
        failure.error_text,
        "The code provided does not match the expected value"
    );
    assert!(!failure.explanation.is_empty());
    assert_eq!(status_word(&p), "IN PROGRESS");
    act(&mut p, [Action::EditPin(pin), Action::Check]);
    assert_eq!(last_status(&p), 0);
    assert_eq!(status_word(&p), "SUCCESS");
}

#[test]
fn cancel_is_refused_before_30_seconds_and_works_after() {
    let mut p = playground();
    act(&mut p, [Action::Send, Action::Cancel]);
    assert_eq!(last_status(&p), 19);
    act(&mut p, [Action::SkipBy(30 * SECOND), Action::Cancel]);
    assert_eq!(p.now(), 30 * SECOND);
    assert_eq!(last_status(&p), 0);
    assert_eq!(status_word(&p), "CANCELLED");
    assert!(p
        .announcements
        .last()
        .unwrap()
        .1
        .words()
        .contains("CANCELLED"));
}

#[test]
fn skip_to_next_event_walks_workflow_1_to_expiry_and_calls_ring() {
    let mut p = playground();
    act(&mut p, [Action::Send]);
    assert_eq!(p.session.next_due, Some(125 * SECOND));
    act(&mut p, [Action::SkipToNext]);
    assert_eq!(p.now(), 125 * SECOND);
    let ringing = p
        .session
        .phones
        .current()
        .unwrap()
        .ringing()
        .cloned()
        .expect("a call");
    act(
        &mut p,
        [Action::SetCall(ringing.event_id(), CallState::Answered)],
    );
    let phone = p.session.phones.current().unwrap();
    assert_eq!(
        phone.items.last().unwrap().kind,
        ItemKind::Call(CallState::Answered)
    );
    assert!(phone
        .items
        .last()
        .unwrap()
        .text()
        .starts_with("Your Acme code is "));
    let mut times = Vec::new();
    while p.session.next_due.is_some() {
        act(&mut p, [Action::SkipToNext]);
        times.push(p.now() / SECOND);
    }
    // The first PIN dies at 300, the third event at 305 brings a new one, and the
    // second PIN's death and the expiry fall together at 605.
    assert_eq!(times, [300, 305, 605]);
    assert_eq!(status_word(&p), "EXPIRED");
    act(&mut p, [Action::SkipToNext]);
    assert!(p
        .notices
        .iter()
        .any(|n| n.text.contains("Nothing is scheduled")));
}

#[test]
fn trigger_next_event_runs_it_now() {
    let mut p = playground();
    act(
        &mut p,
        [Action::Edit(Field::Workflow, "4".into()), Action::Send],
    );
    act(&mut p, [Action::TriggerNext]);
    assert_eq!(last_status(&p), 0);
    assert_eq!(p.session.phones.current().unwrap().items.len(), 2);
    act(&mut p, [Action::TriggerNext]);
    assert_eq!(last_status(&p), 19);
}

#[test]
fn the_clock_ticks_only_while_playing_and_at_its_speed() {
    let mut p = playground();
    act(&mut p, [Action::Tick(100.0)]);
    assert_eq!(p.now(), 0, "a paused tick changes nothing");
    act(
        &mut p,
        [
            Action::SetRunning(true),
            Action::SetSpeed(60),
            Action::Tick(100.0),
        ],
    );
    assert_eq!(p.now(), 6 * SECOND);
    act(&mut p, [Action::SetSpeed(7)]);
    assert_eq!(p.speed, 60, "only the offered speeds");
    act(&mut p, [Action::Tick(60_000.0)]);
    assert_eq!(
        p.now(),
        66 * SECOND,
        "a long pause in ticking counts as one second"
    );
}

#[test]
fn invalid_form_still_sends_and_logs_the_api_error() {
    let mut p = playground();
    act(&mut p, [Action::Edit(Field::Number, "12".into())]);
    let errors = p.form.errors();
    assert_eq!(errors.len(), 1);
    assert_eq!(errors[0].param(), Some("number"));
    act(&mut p, [Action::Send]);
    assert_eq!(last_status(&p), 3);
    assert_eq!(p.session.selected, None);
    assert!(p.session.log[0]
        .json()
        .contains("Invalid value for param: number"));
}

#[test]
fn the_form_knows_when_the_api_replaces_pin_expiry() {
    let mut form = FormValues::default();
    form.set(Field::NextEventWait, "120".into());
    form.set(Field::PinExpiry, "200".into());
    let timings = form.timings(None, &form.errors());
    assert_eq!(timings.pin_expiry, 120);
    assert_eq!(timings.pin_expiry_replaced, Some(200));
    form.set(Field::PinExpiry, "240".into());
    assert_eq!(form.timings(None, &form.errors()).pin_expiry_replaced, None);
}

#[test]
fn export_then_import_replays_the_same_calls() {
    let mut p = playground();
    act(
        &mut p,
        [
            Action::Send,
            Action::SkipBy(40 * SECOND),
            Action::EditPin("1".into()),
            Action::Check,
        ],
    );
    let pin = phone_pin(&p);
    act(
        &mut p,
        [Action::EditPin(pin), Action::SkipBy(SECOND), Action::Check],
    );
    let text = p.export();
    assert!(text.contains(r#"{"at":0,"verify":{"#));
    assert!(
        text.contains(r#"{"at":40,"check":{"code":"1","request_id":"$request_id.1"}}"#),
        "{text}"
    );
    assert!(
        text.contains(r#"{"at":41,"check":{"code":"$pin","request_id":"$request_id.1"}}"#),
        "{text}"
    );
    assert!(text.trim_end().ends_with(r#"{"at":41}"#));
    let mut q = playground();
    act(&mut q, [Action::Import(text)]);
    assert_eq!(q.import_error, None);
    assert_eq!(q.session.log.len(), 1, "the verify at 0 runs at once");
    while q.session.next_due.is_some() && q.session.import.as_ref().unwrap().next_at().is_some() {
        act(&mut q, [Action::SkipToNext]);
    }
    assert_eq!(q.session.log.len(), 3);
    assert!(q.session.log.iter().all(|e| e.from_scenario));
    assert_eq!(q.session.log[1].at, 40 * SECOND);
    assert_eq!(q.session.log[1].response.status(), 16);
    assert_eq!(q.session.log[2].response.status(), 0);
    assert_eq!(status_word(&q), "SUCCESS");
}

#[test]
fn import_errors_name_the_line_and_keep_the_session() {
    let mut p = playground();
    act(&mut p, [Action::Send]);
    act(
        &mut p,
        [Action::Import(
            "{\"at\": 0}\n{\"at\": 5, \"verify\": {}, \"check\": {}}".into(),
        )],
    );
    assert!(p.import_error.as_deref().unwrap().starts_with("line 2: "));
    assert_eq!(p.session.log.len(), 1);
    act(
        &mut p,
        [Action::Import(
            r#"{"at": 1, "check": {"request_id": "$request_id", "code": "$pin"}}"#.into(),
        )],
    );
    assert_eq!(p.import_error, None);
    act(&mut p, [Action::SkipToNext]);
    assert!(p
        .import_error
        .as_deref()
        .unwrap()
        .starts_with("line 1: $request_id"));
}

#[test]
fn url_settings_round_trip() {
    let settings = parse_query("workflow_id=3&pin_expiry=240&brand=A%20%26%20B&embed&x=1");
    assert!(settings.embed);
    assert_eq!(
        settings.form,
        [
            (Field::Workflow, "3".to_owned()),
            (Field::PinExpiry, "240".to_owned()),
            (Field::Brand, "A & B".to_owned()),
        ]
    );
    let mut form = FormValues::default();
    for (field, value) in settings.form {
        form.set(field, value);
    }
    assert_eq!(
        settings_query(&form, true, None),
        "brand=A%20%26%20B&workflow_id=3&pin_expiry=240&embed"
    );
    assert_eq!(settings_query(&FormValues::default(), false, None), "");
    assert_eq!(
        settings_query(&FormValues::default(), false, Some("suite a")),
        "ns=suite%20a"
    );
}

#[test]
fn curl_quotes_and_uses_credential_placeholders() {
    let mut p = playground();
    act(
        &mut p,
        [Action::Edit(Field::Brand, "Bob's".into()), Action::Send],
    );
    let curl = format::curl(&p.session.log[0].call, format::API_HOST);
    assert!(
        format::curl(&p.session.log[0].call, "http://127.0.0.1:8080")
            .starts_with("curl -X POST http://127.0.0.1:8080/verify/json")
    );
    assert!(curl.starts_with("curl -X POST https://api.nexmo.com/verify/json"));
    assert!(curl.contains("-d \"api_key=$VONAGE_API_KEY\""));
    assert!(curl.contains("-d \"api_secret=$VONAGE_API_SECRET\""));
    assert!(curl.contains(r"--data-urlencode 'brand=Bob'\''s'"));
    assert!(curl.contains("--data-urlencode 'number=447700900001'"));
    assert_eq!(format::clock(605 * SECOND), "10:05");
    assert_eq!(format::clock(59_999), "0:59");
}

#[test]
fn a_new_session_keeps_the_form_and_the_clock_settings() {
    let mut p = playground();
    act(
        &mut p,
        [
            Action::Edit(Field::Workflow, "6".into()),
            Action::SetSpeed(10),
            Action::Send,
            Action::SkipBy(5 * SECOND),
            Action::Reset(9),
        ],
    );
    assert_eq!((p.session.seed, p.now(), p.session.log.len()), (9, 0, 0));
    assert!(p.session.phones.list().is_empty());
    assert_eq!(p.session.selected, None);
    assert_eq!(p.form.workflow_id, "6");
    assert_eq!((p.speed, p.running), (10, false));
}

#[test]
fn counts_are_written_with_thousands_separated() {
    assert_eq!(format::count(0), "0");
    assert_eq!(format::count(999), "999");
    assert_eq!(format::count(15_003), "15,003");
    assert_eq!(format::count(1_234_567), "1,234,567");
}
