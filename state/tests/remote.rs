//! The playground as the emulator's phone: its buttons become requests to the emulator,
//! and the emulator's stream (hello, calls, clock) rebuilds the same session here.
#![cfg(feature = "emulator")]

use serde_json::{json, Value};
use verify_engine::journal::wire::ClockChange;
use verify_engine::scenario::step_line;
use verify_engine::{Call, Endpoint, Engine, SECOND};
use verify_playground_state::remote::{Link, Outgoing, RemoteEvent};
use verify_playground_state::{Action, Playground};

fn connected() -> Playground {
    Playground::connected(0, "127.0.0.1:8080".into(), None)
}

/// What the emulator would stream for `call` made at `at` seconds on `engine`.
fn call_event(engine: &mut Engine, at: u64, call: &Call) -> Value {
    engine.advance_to(at * SECOND, &mut Vec::new());
    let status = engine.call(call, &mut Vec::new()).status();
    let step: Value = serde_json::from_str(&step_line(at * SECOND, call)).unwrap();
    json!({ "status": status.to_string(), "step": step })
}

fn verify(number: &str) -> Call {
    Call::from_pairs(Endpoint::Verify, [("number", number), ("brand", "Emu")])
}

#[test]
fn buttons_ask_the_emulator_instead_of_changing_the_page() {
    let mut p = connected();
    assert_eq!(p.remote().unwrap().link, Link::Connecting);
    p.apply(Action::Send);
    p.apply(Action::SetRunning(false));
    p.apply(Action::SkipBy(30 * SECOND));
    p.apply(Action::SkipToNext);
    p.apply(Action::Reset(5));
    assert!(
        p.session.log.is_empty(),
        "nothing happens here until the emulator says so"
    );
    let outbox = p.outbox().to_vec();
    assert!(matches!(&outbox[0], Outgoing::Call(call) if matches!(**call, Call::Verify(_))));
    assert_eq!(
        outbox[1..],
        [
            Outgoing::Clock(ClockChange {
                paused: Some(true),
                ..ClockChange::default()
            }),
            Outgoing::Clock(ClockChange {
                advance: Some(30 * SECOND),
                ..ClockChange::default()
            }),
            Outgoing::Clock(ClockChange {
                to_next: true,
                ..ClockChange::default()
            }),
            Outgoing::Reset,
        ]
    );
    p.apply(Action::Remote(RemoteEvent::Sent(2)));
    assert_eq!(p.outbox(), &outbox[2..], "the first two were sent");
    p.apply(Action::Remote(RemoteEvent::Sent(9)));
    assert!(p.outbox().is_empty(), "sent once");
    p.apply(Action::Import("{\"at\": 0}".into()));
    assert!(p.import_error.as_deref().unwrap().contains("emulator"));
}

#[test]
fn the_stream_rebuilds_the_emulators_session_exactly() {
    let mut server = Engine::with_start(
        42,
        verify_engine::StartDate::parse("2026-05-01 09:00:00").unwrap(),
    );
    let first = call_event(&mut server, 0, &verify("447700900001"));
    let busy = call_event(&mut server, 5, &verify("447700900001"));
    let hello = json!({
        "seed": 42,
        "start": "2026-05-01 09:00:00",
        "retention": 3600,
        "clock": { "now": 10, "speed": 1.0, "paused": true, "next": 125 },
        "complete": true,
        "calls": [first, busy],
    });
    let mut p = connected();
    p.apply(Action::Remote(RemoteEvent::Hello(hello)));
    assert_eq!(p.remote().unwrap().link, Link::Connected);
    assert_eq!(p.session.log.len(), 2);
    assert_eq!(p.session.log[1].response.status(), 10);
    assert_eq!(p.now(), 10 * SECOND);
    assert!(!p.running, "the emulator's clock is paused");
    let id = server.requests()[0].id();
    assert_eq!(
        p.session.selected,
        Some(id),
        "the same ids as the emulator's"
    );
    assert_eq!(
        p.session.phones.current().unwrap().items[0].pin(),
        server.requests()[0].current_pin().to_string(),
        "the same PIN on the phone"
    );
    // A call from another client, then the clock past the first call.
    let second = call_event(&mut server, 20, &verify("447700900002"));
    p.apply(Action::Remote(RemoteEvent::Call(second)));
    assert_eq!(p.session.log.len(), 3);
    p.apply(Action::Remote(RemoteEvent::Clock(
        json!({ "now": 125.5, "speed": 60.0, "paused": false, "next": 145 }),
    )));
    assert_eq!(p.now(), 125_500);
    assert!(p.running);
    assert_eq!(p.speed, 60);
    assert!(p
        .session
        .phones
        .get("447700900001")
        .unwrap()
        .ringing()
        .is_some());
    // Searching the first request shows the emulator's dates.
    let search = Call::from_pairs(Endpoint::Search, [("request_id", id.to_string().as_str())]);
    let body = serde_json::to_value(
        p.session
            .engine
            .call(&search, &mut Vec::new())
            .body(&search),
    )
    .unwrap();
    assert_eq!(body["date_submitted"], "2026-05-01 09:00:00");
    // A call that answers otherwise here than there is said out loud.
    let mut drifted = call_event(&mut server, 130, &verify("447700900003"));
    drifted["status"] = json!("3");
    p.apply(Action::Remote(RemoteEvent::Call(drifted)));
    assert!(p
        .notices
        .iter()
        .any(|n| n.warning && n.text.contains("drifted")));
}

#[test]
fn a_lost_connection_is_said_and_the_next_hello_starts_over() {
    let mut p = connected();
    let empty = json!({
        "seed": 1, "start": "2026-01-01 00:00:00", "retention": null,
        "clock": { "now": 0, "speed": 1.0, "paused": false, "next": null },
        "complete": true, "calls": [],
    });
    p.apply(Action::Remote(RemoteEvent::Hello(empty.clone())));
    p.apply(Action::Remote(RemoteEvent::Lost));
    p.apply(Action::Remote(RemoteEvent::Lost));
    assert_eq!(p.remote().unwrap().link, Link::Lost);
    let lost: Vec<_> = p
        .notices
        .iter()
        .filter(|n| n.text.contains("Lost the connection"))
        .collect();
    assert_eq!(lost.len(), 1, "said once");
    p.apply(Action::Remote(RemoteEvent::Hello(empty)));
    assert_eq!(p.remote().unwrap().link, Link::Connected);
    assert!(p
        .notices
        .iter()
        .any(|n| n.text.contains("Connected to the emulator again")));
    let too_long = json!({
        "seed": 1, "start": "2026-01-01 00:00:00", "retention": 3600,
        "clock": { "now": 0, "speed": 1.0, "paused": true, "next": null },
        "complete": false, "calls": [],
    });
    p.apply(Action::Remote(RemoteEvent::Hello(too_long)));
    assert!(p.notices.iter().any(|n| n.text.contains("too long")));
}

#[test]
fn stream_events_are_read_and_requests_written_by_the_state() {
    assert_eq!(
        RemoteEvent::from_stream("clock", r#"{"now":1,"speed":1,"paused":true,"next":null}"#),
        RemoteEvent::Clock(json!({"now": 1, "speed": 1, "paused": true, "next": null}))
    );
    let RemoteEvent::SendFailed(reason) = RemoteEvent::from_stream("call", "{") else {
        panic!("not JSON is a problem");
    };
    assert!(
        reason.starts_with("the emulator's call event is not JSON"),
        "{reason}"
    );
    assert!(matches!(
        RemoteEvent::from_stream("bye", "{}"),
        RemoteEvent::SendFailed(_)
    ));
    let search = Outgoing::Call(Box::new(Call::from_pairs(
        Endpoint::Search,
        [("request_ids", "a"), ("request_ids", "b")],
    )));
    assert_eq!(search.path(), "/verify/search/json");
    assert_eq!(search.body(), r#"{"request_ids":["a","b"]}"#);
    let pause = Outgoing::Clock(ClockChange {
        paused: Some(true),
        ..ClockChange::default()
    });
    assert_eq!(
        (pause.path(), pause.body().as_str()),
        ("/_sim/clock", r#"{"paused":true}"#)
    );
    assert_eq!(
        (Outgoing::Reset.path(), Outgoing::Reset.body().as_str()),
        ("/_sim/reset", "{}")
    );
}

#[test]
fn the_mirror_builds_the_emulators_check_urls_from_the_hellos_origin() {
    let origin = "http://127.0.0.1:9/ns/suite%201";
    let mut server = Engine::new(7);
    server.set_origin(origin);
    let start = Call::Verify2(json!({"brand": "Acme", "workflow": [
        {"channel": "silent_auth", "to": "447700900012"}
    ]}));
    let started = call_event(&mut server, 0, &start);
    let hello = |origin: Option<&str>| {
        let mut hello = json!({
            "seed": 7,
            "retention": null,
            "clock": { "now": 1, "speed": 1.0, "paused": true, "next": null },
            "complete": true,
            "calls": [started.clone()],
        });
        if let Some(origin) = origin {
            hello["origin"] = json!(origin);
        }
        hello
    };
    let check_url = |p: &Playground| {
        p.session.engine.v2_requests()[0]
            .check_url()
            .map(str::to_owned)
    };
    let expected = server.v2_requests()[0].check_url().map(str::to_owned);
    assert_eq!(
        expected.as_deref().map(|url| url.starts_with(origin)),
        Some(true)
    );
    let mut p = connected();
    p.apply(Action::Remote(RemoteEvent::Hello(hello(Some(origin)))));
    assert_eq!(check_url(&p), expected, "the emulator's check_url");
    // An older emulator's hello, without an origin: the default one, not this one.
    let mut old = connected();
    old.apply(Action::Remote(RemoteEvent::Hello(hello(None))));
    assert_ne!(check_url(&old), expected);
}
