//! PSD2 payments in the playground (Part A7): the form's "PSD2 payment" makes a
//! `/verify/psd2/json` call whose texts name the payee and the amount, its live errors
//! are the engine's, and the address, saved sessions, share links and exports carry it.

use std::collections::HashMap;

use verify_engine::{Call, Engine, Response, SECOND};
use verify_playground_state::address::{parse_query, settings_query};
use verify_playground_state::form::{Field, FormValues};
use verify_playground_state::saved::{self, Loaded};
use verify_playground_state::{share, Action, Playground};

fn payment(payee: &str, amount: &str) -> Playground {
    let mut p = Playground::new(42);
    p.running = false;
    for (field, value) in [
        (Field::Psd2, "1"),
        (Field::Payee, payee),
        (Field::Amount, amount),
    ] {
        p.apply(Action::Edit(field, value.into()));
    }
    p
}

fn texts(p: &Playground) -> Vec<String> {
    let phone = p.session.phones.current().expect("a phone");
    phone.items.iter().map(|item| item.text()).collect()
}

fn log_json(p: &Playground) -> Vec<String> {
    p.session.log.iter().map(|e| e.json()).collect()
}

#[test]
fn a_payment_goes_to_psd2_and_its_texts_name_payee_and_amount() {
    let mut p = payment("Bookshop Ltd", "48");
    assert!(p.form.errors().is_empty(), "{:?}", p.form.errors());
    p.apply(Action::Send);
    let entry = p.session.log.last().expect("a call");
    assert_eq!(entry.call.endpoint().path(), "/verify/psd2/json");
    assert!(matches!(&entry.call, Call::Psd2(params)
        if params.payee.as_deref() == Some("Bookshop Ltd") && params.amount.as_deref() == Some("48")));
    assert!(
        entry.json().starts_with(r#"{"request_id":""#),
        "{}",
        entry.json()
    );
    let pin = p.session.phones.current().expect("a phone").items[0].pin();
    assert_eq!(
        texts(&p),
        [format!(
            "Your code {pin} is for payment to Bookshop Ltd in the amount of 48.00€. Valid for 5 minutes."
        )]
    );
    // Workflow 1's call at 125 s speaks the same payment.
    p.apply(Action::SkipBy(125 * SECOND));
    let spoken: String = pin.chars().map(String::from).collect::<Vec<_>>().join(", ");
    assert_eq!(
        texts(&p)[1],
        format!("Your code for the payment of 48.00 euros to Bookshop Ltd is {spoken}. I repeat: {spoken}.")
    );
    p.apply(Action::EditPin(pin));
    p.apply(Action::Check);
    assert_eq!(
        p.session.log.last().expect("the check").response.status(),
        0
    );
    assert_eq!(
        p.selected_request().expect("selected").status().as_str(),
        "SUCCESS"
    );
}

#[test]
fn unticking_psd2_sends_an_ordinary_request_again() {
    let mut p = payment("Bookshop", "1");
    p.apply(Action::Edit(Field::Psd2, String::new()));
    p.apply(Action::Send);
    assert_eq!(
        p.session.log[0].call.endpoint().path(),
        "/verify/json",
        "brand, not payee"
    );
    assert!(texts(&p)[0].starts_with("Acme code: "));
}

#[test]
fn live_errors_are_shown_by_field() {
    let form = |edits: &[(Field, &str)]| {
        let mut form = FormValues::default();
        form.set(Field::Psd2, "1".into());
        for (field, value) in edits {
            form.set(*field, (*value).into());
        }
        form.errors()
            .into_iter()
            .map(|e| (e.param().unwrap_or_default(), e.to_string()))
            .collect::<Vec<_>>()
    };
    assert_eq!(
        form(&[(Field::Amount, "-3")]),
        [("amount", "Invalid value for param: amount".to_owned())]
    );
    assert_eq!(
        form(&[(Field::Payee, "A payee far too long"), (Field::Amount, "")]),
        [
            (
                "payee",
                "Invalid value for param: payee. Parameter is too long.".to_owned()
            ),
            (
                "amount",
                "Your request is incomplete and missing the mandatory parameter: amount".to_owned()
            ),
        ]
    );
    // PSD2's language list, not /verify's: ja-jp is refused, en-us and bg-bg taken.
    assert_eq!(
        form(&[(Field::Lang, "ja-jp")]),
        [("lg", "Invalid value for param: lg".to_owned())]
    );
    assert!(form(&[(Field::Lang, "bg-bg")]).is_empty());
    // Brand and sender ID are not PSD2's: their values do not matter.
    assert!(form(&[
        (Field::Brand, ""),
        (Field::SenderId, "far too long a sender")
    ])
    .is_empty());
    // Ordinary requests keep /verify's rules.
    let mut verify = FormValues::default();
    verify.set(Field::Amount, "-3".into());
    assert!(verify.errors().is_empty());
}

/// The form's live errors are the engine's: whatever the engine refuses, the form shows
/// next to that field, and a form without errors is accepted.
#[test]
fn psd2_errors_agree_with_the_engine() {
    let values: &[(Field, &[&str])] = &[
        (
            Field::Number,
            &["", "12", "447700900001", "+44 7700 900001"],
        ),
        (
            Field::Payee,
            &["", "Shop", "exactly 18 letters", "nineteen characters"],
        ),
        (
            Field::Amount,
            &["", "0", "0.001", "12.345", "1,5", "1.", ".5", "1e3"],
        ),
        (Field::Country, &["", "GB", "G"]),
        (Field::CodeLength, &["4", "6", "5", "x"]),
        (Field::Lang, &["", "en-us", "de-de", "ja-jp", "EN-GB"]),
        (Field::PinExpiry, &["", "59", "60", "3600"]),
        (Field::NextEventWait, &["", "60", "901"]),
        (Field::Workflow, &["1", "7", "8", "0"]),
    ];
    let mut tried = 0;
    for (field, choices) in values {
        for value in *choices {
            let mut form = FormValues::default();
            form.set(Field::Psd2, "1".into());
            form.set(*field, (*value).into());
            let errors = form.errors();
            let mut engine = Engine::new(1);
            let answer = engine.call(&form.to_call(), &mut Vec::new());
            match answer {
                Response::Verify(Ok(_)) => {
                    assert!(errors.is_empty(), "{field:?}={value}: {errors:?}")
                }
                Response::Verify(Err(e)) => assert!(
                    errors.contains(&e),
                    "{field:?}={value}: the engine says {e}, the form {errors:?}"
                ),
                other => panic!("{other:?}"),
            }
            tried += 1;
        }
    }
    assert_eq!(tried, 39);
}

#[test]
fn the_address_keeps_a_payment() {
    let settings = parse_query("psd2=1&payee=Caf%C3%A9%20%26%20Co&amount=9.99&workflow_id=6");
    let mut form = FormValues::default();
    for (field, value) in settings.form {
        form.set(field, value);
    }
    assert!(form.is_psd2());
    assert_eq!(form.get(Field::Payee), "Café & Co");
    assert_eq!(
        settings_query(&form, false, None),
        "psd2=1&payee=Caf%C3%A9%20%26%20Co&amount=9.99&workflow_id=6"
    );
    assert_eq!(FormValues::from_json(&form.to_json()), form);
}

/// A session with a payment: sent, a wrong PIN, the call at 125 s.
fn session() -> Playground {
    let mut p = payment("Bookshop", "12.5");
    p.apply(Action::Send);
    p.apply(Action::SkipBy(40 * SECOND));
    p.apply(Action::EditPin("0000".into()));
    p.apply(Action::Check);
    p.apply(Action::SkipBy(100 * SECOND));
    p
}

#[test]
fn saved_sessions_share_links_and_exports_replay_a_payment() {
    let p = session();
    assert_eq!(texts(&p).len(), 2);

    // Saved: the header and the one chunk, read back and replayed.
    let mut stored = HashMap::new();
    stored.insert(saved::STORAGE_KEY.to_owned(), saved::header_text(&p));
    stored.insert(saved::chunk_key(0), saved::chunk_text(&p, 0));
    let Loaded::Session(kept) = saved::load(&|key: &str| Ok(stored.get(key).cloned())) else {
        panic!("a saved session")
    };
    assert!(kept.form.is_psd2());
    let restored = Playground::restore(*kept).expect("replayed");
    assert_eq!(log_json(&restored), log_json(&p));
    assert_eq!(texts(&restored), texts(&p));

    // Shared: a fresh page opens the link's session.
    let mut opened = Playground::new(7);
    opened.apply(Action::OfferShared(share::payload(&p)));
    assert_eq!(log_json(&opened), log_json(&p));
    assert_eq!(texts(&opened), texts(&p));
    assert_eq!(opened.session.log[0].call, p.session.log[0].call);

    // Exported as a scenario, imported: the psd2 step runs again.
    let text = p.export();
    assert!(text.contains(r#""psd2":{"#), "{text}");
    let mut imported = Playground::new(7);
    imported.apply(Action::Import(text));
    assert_eq!(imported.import_error, None);
    assert_eq!(
        imported.session.log[0].call.endpoint().path(),
        "/verify/psd2/json"
    );
    assert!(texts(&imported)[0].contains("in the amount of 12.50€"));
}

/// The page as the emulator's phone: its payment goes to the emulator's
/// `/verify/psd2/json`, and a payment another client made there reaches this phone.
#[cfg(feature = "emulator")]
#[test]
fn the_emulators_phone_sends_and_mirrors_payments() {
    use serde_json::{json, Value};
    use verify_engine::scenario::step_line;
    use verify_playground_state::remote::RemoteEvent;

    let mut p = Playground::connected(0, "127.0.0.1:8080".into(), None);
    for (field, value) in [
        (Field::Psd2, "1"),
        (Field::Payee, "Shop"),
        (Field::Amount, "3"),
    ] {
        p.apply(Action::Edit(field, value.into()));
    }
    p.apply(Action::Send);
    let outgoing = &p.outbox()[0];
    assert_eq!(outgoing.path(), "/verify/psd2/json");
    let body: Value = serde_json::from_str(&outgoing.body()).expect("JSON");
    assert_eq!(body["payee"], "Shop");
    assert_eq!(body["amount"], "3");

    let mut server = Engine::new(9);
    let call = p.form.to_call();
    let status = server.call(&call, &mut Vec::new()).status();
    let step: Value = serde_json::from_str(&step_line(0, &call)).expect("a step");
    let hello = json!({
        "seed": 9,
        "start": "2026-05-01 09:00:00",
        "retention": 3600,
        "clock": { "now": 1, "speed": 1.0, "paused": true, "next": 125 },
        "complete": true,
        "calls": [{ "status": status.to_string(), "step": step }],
    });
    p.apply(Action::Remote(RemoteEvent::Hello(hello)));
    assert_eq!(p.session.log[0].call, call);
    let pin = server.requests()[0].current_pin().to_string();
    assert_eq!(
        texts(&p),
        [format!(
            "Your code {pin} is for payment to Shop in the amount of 3.00€. Valid for 5 minutes."
        )]
    );
}
