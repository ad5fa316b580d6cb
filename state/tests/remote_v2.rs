//! The emulator's page mirroring Verify v2: v2 calls any client made over HTTP come through
//! the stream, and the page keeps what they produced (the v2 phone, the inbox, the
//! device's silent-auth check, the callbacks) exactly as the emulator's own engine
//! produced it; its WhatsApp answers go to the emulator as `/_sim/reply`.
#![cfg(feature = "emulator")]

use serde_json::{json, Value};
use verify_engine::journal::wire::{CallEvent, Hello};
use verify_engine::v2::{Channel, Delivery};
use verify_engine::{Call, Engine, Happening, Millis, Response, Uuid, SECOND};
use verify_playground_state::remote::{Outgoing, RemoteEvent};
use verify_playground_state::v2::phone::{Delivered, PhoneItem};
use verify_playground_state::{Action, Playground};

/// The emulator's side: its engine, and what it delivered and POSTed, in order (as
/// `server/src/received.rs` keeps them for `/_sim/deliveries` and `/_sim/callbacks`).
struct Emulator {
    engine: Engine,
    deliveries: Vec<Delivery>,
    callbacks: Vec<String>,
}

impl Emulator {
    fn new(hello: &Value) -> Emulator {
        let hello = Hello::from_json(hello).expect("a hello");
        Emulator {
            engine: hello.engine(),
            deliveries: Vec::new(),
            callbacks: Vec::new(),
        }
    }

    fn keep(&mut self, happened: Vec<Happening>) {
        for happening in happened {
            match happening {
                Happening::V2Delivered(delivery) => self.deliveries.push(delivery),
                Happening::Callback(callback) => self.callbacks.push(callback.json()),
                _ => {}
            }
        }
    }

    fn advance(&mut self, at: Millis) {
        let mut happened = Vec::new();
        self.engine.advance_to(at, &mut happened);
        self.keep(happened);
    }

    /// Makes `call` at `at` seconds; its answer and the stream's event for it.
    fn call(&mut self, at: u64, call: Call) -> (Response, Value) {
        self.advance(at * SECOND);
        let mut happened = Vec::new();
        let response = self.engine.call(&call, &mut happened);
        self.keep(happened);
        let event = CallEvent {
            at: at * SECOND,
            call,
            status: response.status(),
        };
        (response, serde_json::from_str(&event.to_json()).unwrap())
    }

    /// The code of the v2 request `id`.
    fn code(&self, id: Uuid) -> String {
        self.engine.v2_request(id).unwrap().code().to_string()
    }
}

fn hello(retention: Option<u64>, now: u64, calls: &[Value]) -> Value {
    json!({
        "seed": 11, "start": "2026-04-01 10:00:00", "retention": retention,
        "clock": { "now": now, "speed": 1.0, "paused": true, "next": null },
        "complete": true, "calls": calls,
    })
}

fn connected(hello: Value) -> Playground {
    let mut page = Playground::connected(0, "127.0.0.1:8080".into(), None);
    page.apply(Action::Remote(RemoteEvent::Hello(hello)));
    page
}

fn clock(page: &mut Playground, now: u64) {
    page.apply(Action::Remote(RemoteEvent::Clock(
        json!({ "now": now, "speed": 1.0, "paused": true, "next": null }),
    )));
}

fn started(response: &Response) -> Uuid {
    match response {
        Response::Verify2(Ok(started)) => started.request_id,
        other => panic!("not started: {other:?}"),
    }
}

fn start(workflow: Value) -> Call {
    Call::Verify2(json!({ "brand": "Acme", "workflow": workflow }))
}

/// A session of every kind of step: sms -> voice (a wrong code, next_workflow, the right
/// code), a WhatsApp question answered yes, an email, a silent auth the device opens.
/// Returns the emulator and the stream's call events.
fn every_kind(emulator: &mut Emulator) -> Vec<Value> {
    let mut events = Vec::new();
    let (answer, event) = emulator.call(
        0,
        start(json!([{"channel": "sms", "to": "447700900001"},
                     {"channel": "voice", "to": "447700900001"}])),
    );
    events.push(event);
    let sms_voice = started(&answer);
    let code = emulator.code(sms_voice);
    let wrong = if code.starts_with('1') { "2" } else { "1" }.repeat(code.len());
    let request_id = sms_voice.to_string();
    for (at, call) in [
        (
            10,
            Call::Check2 {
                request_id: request_id.clone(),
                body: json!({ "code": wrong }),
            },
        ),
        (
            20,
            Call::Next2 {
                request_id: request_id.clone(),
            },
        ),
        (
            30,
            Call::Check2 {
                request_id,
                body: json!({ "code": code }),
            },
        ),
    ] {
        events.push(emulator.call(at, call).1);
    }
    let (answer, event) = emulator.call(
        40,
        start(json!([{"channel": "whatsapp_interactive", "to": "447700900002"}])),
    );
    events.push(event);
    let reply = Call::Reply {
        request_id: started(&answer).to_string(),
        answer: "yes".into(),
    };
    events.push(emulator.call(50, reply).1);
    let email = start(json!([{"channel": "email", "to": "ada@example.com"}]));
    events.push(emulator.call(60, email).1);
    let (answer, event) = emulator.call(
        70,
        start(json!([{"channel": "silent_auth", "to": "447700900003"},
                     {"channel": "sms", "to": "447700900003"}])),
    );
    events.push(event);
    let hop = Call::SilentAuth {
        request_id: started(&answer).to_string(),
    };
    events.push(emulator.call(71, hop).1);
    events
}

/// The page's deliveries (phone and inbox) in the emulator's order, and its device checks.
fn page_deliveries(page: &Playground) -> (Vec<Delivered>, usize) {
    let mut delivered = Vec::new();
    let mut checks = 0;
    for item in &page.v2.reached.phone {
        match item {
            PhoneItem::Delivered(d) => delivered.push(d.clone()),
            PhoneItem::DeviceCheck(_) => checks += 1,
        }
    }
    delivered.extend(page.v2.reached.inbox.iter().cloned());
    delivered.sort_by_key(|d| d.at);
    (delivered, checks)
}

fn emulator_deliveries(emulator: &Emulator) -> Vec<Delivered> {
    let mut delivered: Vec<Delivered> = emulator.deliveries.iter().map(Delivered::new).collect();
    delivered.sort_by_key(|d| d.at);
    delivered
}

fn callbacks(page: &Playground) -> Vec<String> {
    page.v2.callbacks.iter().map(|c| c.json()).collect()
}

#[test]
fn v2_calls_from_the_stream_fill_the_v2_phone_inbox_and_callbacks_as_the_emulator_did() {
    let empty = hello(None, 0, &[]);
    let mut emulator = Emulator::new(&empty);
    let mut page = connected(empty);
    assert!(page.v2.is_empty());
    for event in every_kind(&mut emulator) {
        page.apply(Action::Remote(RemoteEvent::Call(event)));
    }
    // Both move on to 5 minutes: the WhatsApp, email and silent-auth requests' ends.
    emulator.advance(300 * SECOND);
    clock(&mut page, 300);

    assert!(
        !page.notices.iter().any(|n| n.warning),
        "no drift: {:?}",
        page.notices
    );
    assert_eq!(
        callbacks(&page),
        emulator.callbacks,
        "the callbacks the emulator POSTs, exactly, in its order"
    );
    assert!(
        emulator.callbacks.len() >= 4,
        "summaries and events: {:?}",
        emulator.callbacks
    );
    let (delivered, checks) = page_deliveries(&page);
    assert_eq!(delivered, emulator_deliveries(&emulator));
    let channels: Vec<Channel> = page
        .v2
        .reached
        .phone
        .iter()
        .filter_map(|item| match item {
            PhoneItem::Delivered(d) => Some(d.channel),
            PhoneItem::DeviceCheck(_) => None,
        })
        .collect();
    assert_eq!(
        channels[..3],
        [Channel::Sms, Channel::Voice, Channel::WhatsappInteractive]
    );
    assert_eq!(page.v2.reached.inbox.len(), 1);
    assert_eq!(page.v2.reached.inbox[0].to, "ada@example.com");
    assert!(page.v2.reached.inbox[0].subject.is_some());
    // The device's own check, answered by the network as the emulator answered it.
    assert_eq!(checks, 1);
    let Some(PhoneItem::DeviceCheck(check)) = page
        .v2
        .reached
        .phone
        .iter()
        .find(|item| matches!(item, PhoneItem::DeviceCheck(_)))
    else {
        unreachable!("counted above")
    };
    assert_eq!((check.at, check.to.as_str()), (71 * SECOND, "447700900003"));
    assert!(
        ["completed", "failed", "user_rejected"].contains(&check.outcome.as_str()),
        "{check:?}"
    );
    // v1's phones get none of it.
    assert!(page.session.phones.get("447700900001").is_none());

    // A page that connects later rebuilds the same lists from the hello.
    let calls: Vec<Value> = {
        let mut again = Emulator::new(&hello(None, 0, &[]));
        every_kind(&mut again)
    };
    let later = connected(hello(None, 300, &calls));
    assert_eq!(later.v2, page.v2, "the hello's replay files the same");
}

#[test]
fn what_belongs_to_forgotten_requests_goes_as_the_emulator_lets_it_go() {
    let session = hello(Some(60), 0, &[]);
    let mut emulator = Emulator::new(&session);
    let mut page = connected(session);
    let (answer, event) = emulator.call(
        0,
        start(json!([{"channel": "whatsapp_interactive", "to": "447700900004"}])),
    );
    page.apply(Action::Remote(RemoteEvent::Call(event)));
    let id = started(&answer);
    let (_, event) = emulator.call(
        5,
        Call::Reply {
            request_id: id.to_string(),
            answer: "no".into(),
        },
    );
    page.apply(Action::Remote(RemoteEvent::Call(event)));
    assert_eq!(callbacks(&page), emulator.callbacks);
    assert!(!page.v2.is_empty());
    // Past the retention after its end: the engine forgets the request, and the lists
    // its items headed empty, as /_sim/callbacks and /_sim/deliveries do.
    emulator.advance(3600 * SECOND);
    clock(&mut page, 3600);
    assert!(emulator.engine.v2_request(id).is_none(), "forgotten there");
    assert!(page.v2.is_empty(), "and here: {:?}", page.v2);
}

#[test]
fn the_v2_phones_answer_goes_to_the_emulator_as_a_reply() {
    let session = hello(None, 0, &[]);
    let mut emulator = Emulator::new(&session);
    let mut page = connected(session);
    let (answer, event) = emulator.call(
        0,
        start(json!([{"channel": "whatsapp_interactive", "to": "447700900005"}])),
    );
    page.apply(Action::Remote(RemoteEvent::Call(event)));
    let id = started(&answer);
    assert!(verify_playground_state::v2_mirror::V2Mirror::can_answer(
        &page.session.engine,
        id
    ));
    page.apply(Action::V2Reply(id, "yes"));
    assert!(
        page.v2.callbacks.len() == emulator.callbacks.len(),
        "nothing changes here until the emulator says so"
    );
    let outbox = page.outbox().to_vec();
    assert_eq!(outbox.len(), 1);
    assert_eq!(outbox[0].path(), "/_sim/reply");
    let body: Value = serde_json::from_str(&outbox[0].body()).unwrap();
    assert_eq!(
        body,
        json!({ "request_id": id.to_string(), "answer": "yes" })
    );
    // The emulator takes it; its stream brings the reply back, and the question closes.
    let Outgoing::Call(reply) = &outbox[0] else {
        panic!("a call")
    };
    let (_, event) = emulator.call(2, (**reply).clone());
    page.apply(Action::Remote(RemoteEvent::Call(event)));
    assert_eq!(callbacks(&page), emulator.callbacks);
    assert!(!verify_playground_state::v2_mirror::V2Mirror::can_answer(
        &page.session.engine,
        id
    ));
}

/// An emulator and a page connected to it, after the emulator set a phone fault on
/// 447700900001 (`fault`, A8's name) at 0:00 and started a v2 request on `workflow` at
/// 0:00.001; the page has had both calls from the stream.
fn with_fault(fault: &str, workflow: Value) -> (Emulator, Playground) {
    use verify_engine::faults::{FaultSpec, FaultStep};
    let empty = hello(None, 0, &[]);
    let mut emulator = Emulator::new(&empty);
    let mut page = connected(empty);
    let spec = FaultSpec::from_json(&json!({ "fault": fault, "number": "447700900001" }))
        .expect("a fault");
    let (_, set) = emulator.call(0, Call::Fault(FaultStep::Set(spec)));
    let (answer, started_event) = emulator.call(1, start(workflow));
    started(&answer);
    for event in [set, started_event] {
        page.apply(Action::Remote(RemoteEvent::Call(event)));
    }
    (emulator, page)
}

#[test]
fn a_v2_sms_a_fault_lost_on_the_emulator_is_not_on_the_page_phone() {
    let (mut emulator, mut page) = with_fault(
        "sms-lost",
        json!([{"channel": "sms", "to": "447700900001"},
               {"channel": "voice", "to": "447700900001"}]),
    );
    assert!(
        emulator
            .deliveries
            .iter()
            .any(|d| d.channel == Channel::Sms && d.lost),
        "the emulator lost the SMS: {:?}",
        emulator.deliveries
    );
    assert!(
        page.v2.reached.phone.is_empty(),
        "a lost SMS never reached the phone: {:?}",
        page.v2.reached.phone
    );
    // The voice step, 180 s on, rings as usual.
    emulator.advance(181 * SECOND);
    clock(&mut page, 181);
    let channels: Vec<Channel> = page_deliveries(&page).0.iter().map(|d| d.channel).collect();
    assert_eq!(channels, [Channel::Voice]);
}

#[test]
fn a_v2_sms_a_fault_delays_on_the_emulator_reaches_the_page_phone_at_its_time() {
    let (_, mut page) = with_fault(
        "sms-delay:20",
        json!([{"channel": "sms", "to": "447700900001"}]),
    );
    assert!(
        page.v2.reached.phone.is_empty(),
        "not on the phone before its time"
    );
    clock(&mut page, 10);
    assert!(page.v2.reached.phone.is_empty(), "still on its way at 0:10");
    clock(&mut page, 30);
    let (delivered, _) = page_deliveries(&page);
    assert_eq!(delivered.len(), 1, "{:?}", page.v2.reached.phone);
    assert_eq!(
        (delivered[0].channel, delivered[0].at),
        (Channel::Sms, 21 * SECOND)
    );
}
