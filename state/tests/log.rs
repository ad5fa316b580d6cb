//! The API log's badge: v1's `status N`, and for the calls that have no v1 status (a
//! fault call, `POST /_sim/faults`, as the page and the emulator's mirror make them; the
//! network unblock) what they did, never a meaningless `status 0`.

use verify_playground_state::signal::Signal;
use verify_playground_state::{Action, LogEntry, Playground};

const NUMBER: &str = "447700900001";

fn badges(p: &Playground) -> Vec<(String, bool)> {
    p.session
        .log
        .iter()
        .map(|e: &std::rc::Rc<LogEntry>| {
            let badge = e.badge();
            (badge.text, badge.ok)
        })
        .collect()
}

fn owned(list: &[(&str, bool)]) -> Vec<(String, bool)> {
    list.iter().map(|(t, ok)| ((*t).to_owned(), *ok)).collect()
}

#[test]
fn a_fault_call_says_what_it_did() {
    let mut p = Playground::new(7);
    p.running = false;
    p.apply(Action::SetSignal(NUMBER.into(), Signal::SmsLost));
    p.apply(Action::Send);
    p.apply(Action::SetSignal(NUMBER.into(), Signal::Good));
    assert_eq!(
        badges(&p),
        owned(&[
            ("fault set", true),
            ("status 0", true),
            ("fault removed", true)
        ])
    );
}

#[test]
fn clears_removals_unblocks_and_errors_in_an_imported_scenario() {
    let mut p = Playground::new(7);
    p.running = false;
    let scenario = [
        r#"{"at":0,"fault":{"fault":"throttled","times":1}}"#,
        r#"{"at":0,"verify":{"number":"447700900001","brand":"Acme"}}"#,
        r#"{"at":0,"fault":{"fault":"network-blocked"}}"#,
        r#"{"at":0,"unblock":{"network":"23410"}}"#,
        r#"{"at":0,"unblock":{"network":"23410"}}"#,
        r#"{"at":0,"fault":{"remove":"f9"}}"#,
        r#"{"at":0,"fault":{"clear":true}}"#,
    ]
    .join("\n");
    p.apply(Action::Import(scenario));
    assert_eq!(
        badges(&p),
        owned(&[
            ("fault set", true),
            ("status 1", false),
            ("fault set", true),
            ("HTTP 202", true),
            ("HTTP 404", false),
            ("no such fault", false),
            ("faults cleared", true),
        ])
    );
}

#[test]
fn calls_sent_with_a_json_body_show_it_and_parameter_calls_do_not() {
    let mut p = Playground::new(7);
    p.running = false;
    let scenario = [
        r#"{"at":0,"fault":{"fault":"throttled","times":1}}"#,
        r#"{"at":0,"verify":{"number":"447700900001","brand":"Acme"}}"#,
        r#"{"at":0,"unblock":{"network":"23410"}}"#,
        r#"{"at":0,"fault":{"clear":true}}"#,
    ]
    .join("\n");
    p.apply(Action::Import(scenario));
    let bodies: Vec<Option<String>> = p.session.log.iter().map(|e| e.request_body()).collect();
    assert_eq!(
        bodies,
        [
            Some(r#"{"fault":"throttled","times":1}"#.to_owned()),
            None,
            Some(r#"{"network":"23410"}"#.to_owned()),
            Some(r#"{"clear":true}"#.to_owned()),
        ]
    );
    // The page's own fault call (the phone's Signal menu) is logged with its body too.
    let mut p = Playground::new(7);
    p.running = false;
    p.apply(Action::SetSignal(NUMBER.into(), Signal::SmsLost));
    let body = p.session.log[0]
        .request_body()
        .expect("a fault step's body");
    assert!(body.contains(r#""fault":"sms-lost""#), "{body}");
    assert!(body.contains(NUMBER), "{body}");
}
