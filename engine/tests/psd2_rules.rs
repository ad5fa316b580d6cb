//! Part A7 and A9's PSD2 rules, one test each, stated independently of the golden files.

use verify_engine::{
    Call, Channel, Endpoint, Engine, Happening, Response, SearchResult, PSD2_LANG_CODES, SECOND,
};

struct Sim {
    engine: Engine,
    happened: Vec<Happening>,
}

const NUMBER: &str = "447700900001";

impl Sim {
    fn new() -> Sim {
        Sim {
            engine: Engine::new(5),
            happened: Vec::new(),
        }
    }

    fn call(&mut self, endpoint: Endpoint, pairs: &[(&str, &str)]) -> (Call, Response) {
        let call = Call::from_pairs(endpoint, pairs.iter().copied());
        let response = self.engine.call(&call, &mut self.happened);
        (call, response)
    }

    /// The body of a PSD2 call to NUMBER with `payee` Acme, `amount` 12.34 and `extra`
    /// (an empty value drops a default), exactly as sent.
    fn psd2(&mut self, extra: &[(&str, &str)]) -> String {
        let mut pairs = vec![("number", NUMBER), ("payee", "Acme"), ("amount", "12.34")];
        for (name, value) in extra {
            pairs.retain(|(n, _)| n != name);
            pairs.push((name, value));
        }
        let (call, response) = self.call(Endpoint::Psd2, &pairs);
        serde_json::to_string(&response.body(&call)).expect("bodies serialize")
    }

    fn started(&mut self, extra: &[(&str, &str)]) -> String {
        let body = self.psd2(extra);
        let value: serde_json::Value = serde_json::from_str(&body).expect("JSON");
        assert_eq!(value["status"], "0", "{body}");
        value["request_id"].as_str().expect("an id").to_owned()
    }

    fn texts(&self) -> Vec<(Channel, String)> {
        self.happened
            .iter()
            .filter_map(|h| match h {
                Happening::Delivered(d) => Some((d.channel, d.text())),
                _ => None,
            })
            .collect()
    }
}

fn error(status: u8, text: &str) -> String {
    format!("{{\"request_id\":\"\",\"status\":\"{status}\",\"error_text\":\"{text}\"}}")
}

#[test]
fn missing_parameters_in_order_number_payee_amount() {
    let mut sim = Sim::new();
    let missing = |name: &str| {
        error(
            2,
            &format!("Your request is incomplete and missing the mandatory parameter: {name}"),
        )
    };
    assert_eq!(
        sim.psd2(&[("number", ""), ("payee", ""), ("amount", "")]),
        missing("number")
    );
    assert_eq!(sim.psd2(&[("payee", ""), ("amount", "")]), missing("payee"));
    assert_eq!(
        sim.psd2(&[("amount", "x"), ("payee", "")]),
        missing("payee")
    );
    assert_eq!(sim.psd2(&[("amount", "")]), missing("amount"));
    // No brand is needed, and brand, sender_id and pin_code are ignored.
    let body = sim.psd2(&[
        ("brand", "ABCDEFGHIJKLMNOPQRSTUVWXYZ"),
        ("sender_id", "ABCDEFGHIJKLMNOP"),
        ("pin_code", "1234"),
    ]);
    assert!(body.ends_with("\"status\":\"0\"}"), "{body}");
}

#[test]
fn invalid_values_in_a7_order() {
    let invalid = |name: &str| error(3, &format!("Invalid value for param: {name}"));
    let all_bad: [(&str, &str); 9] = [
        ("number", "12"),
        ("country", "GBR"),
        ("payee", "ABCDEFGHIJKLMNOPQRS"),
        ("amount", "0"),
        ("code_length", "x"),
        ("lg", "ja-jp"),
        ("pin_expiry", "59"),
        ("next_event_wait", "901"),
        ("workflow_id", "8"),
    ];
    for first in 0..all_bad.len() {
        let mut sim = Sim::new();
        let expected = match all_bad[first].0 {
            "payee" => error(3, "Invalid value for param: payee. Parameter is too long."),
            name => invalid(name),
        };
        assert_eq!(sim.psd2(&all_bad[first..]), expected, "from {first}");
    }
    let mut sim = Sim::new();
    assert_eq!(
        sim.psd2(&[("code_length", "5")]),
        error(
            3,
            "Invalid value for param: code_length. The allowed values are 4 and 6."
        )
    );
}

#[test]
fn payee_counts_characters_and_is_otherwise_free() {
    let mut sim = Sim::new();
    sim.started(&[("payee", "ÅÅÅÅÅÅÅÅÅÅÅÅÅÅÅÅÅÅ")]);
    let mut sim = Sim::new();
    sim.started(&[("payee", ":) {}\"$ / ok")]);
    assert!(sim.texts()[0].1.contains("payment to :) {}\"$ / ok in"));
}

#[test]
fn amounts_are_digits_with_an_optional_fraction_above_zero() {
    for ok in [
        "1",
        "0.01",
        "0.001",
        "12.5",
        "00012",
        "99999999999999999999.999",
    ] {
        Sim::new().started(&[("amount", ok)]);
    }
    for bad in [
        "0", "0.0", "-1", "+1", "1.", ".5", "1,50", "1e3", "€5", " 5", "5 ",
    ] {
        assert_eq!(
            Sim::new().psd2(&[("amount", bad)]),
            error(3, "Invalid value for param: amount"),
            "{bad}"
        );
    }
}

#[test]
fn lg_takes_the_psd2_list_plus_en_us_and_texts_stay_english() {
    assert_eq!(PSD2_LANG_CODES.len(), 22);
    for lg in PSD2_LANG_CODES {
        let mut sim = Sim::new();
        sim.started(&[("lg", lg)]);
        assert!(sim.texts()[0].1.starts_with("Your code "), "{lg}");
    }
    // Codes /verify accepts but PSD2 does not, and case matters.
    for lg in ["ja-jp", "en-au", "EN-GB", "pt-pt"] {
        assert_eq!(
            Sim::new().psd2(&[("lg", lg)]),
            error(3, "Invalid value for param: lg"),
            "{lg}"
        );
    }
}

#[test]
fn sms_and_call_name_the_payee_and_the_rounded_amount() {
    let mut sim = Sim::new();
    let id = sim.started(&[
        ("amount", "999.995"),
        ("payee", "Acme Inc."),
        ("pin_expiry", "180"),
        ("next_event_wait", "90"),
        ("workflow_id", "1"),
    ]);
    sim.engine.advance_to(90 * SECOND, &mut sim.happened);
    let pin = sim
        .engine
        .request(verify_engine::RequestId::parse(&id).expect("an id"))
        .expect("known")
        .current_pin()
        .to_string();
    let spoken: Vec<String> = pin.chars().map(String::from).collect();
    let spoken = spoken.join(", ");
    let texts = sim.texts();
    assert_eq!(
        texts[0],
        (
            Channel::Sms,
            format!(
                "Your code {pin} is for payment to Acme Inc. in the amount of 1000.00€. Valid for 3 minutes."
            )
        )
    );
    assert_eq!(
        texts[1],
        (
            Channel::Tts,
            format!(
                "Your code for the payment of 1000.00 euros to Acme Inc. is {spoken}. I repeat: {spoken}."
            )
        )
    );
}

#[test]
fn a_psd2_request_is_an_ordinary_request_afterwards() {
    let mut sim = Sim::new();
    let id = sim.started(&[("api_key", "key1")]);
    // Concurrency is shared with /verify, both ways, and names the running request.
    let (_, again) = sim.call(Endpoint::Verify, &[("number", NUMBER), ("brand", "A")]);
    assert_eq!(again, {
        let parsed = verify_engine::RequestId::parse(&id).expect("an id");
        Response::Verify(Err(verify_engine::VerifyError::Concurrent(parsed)))
    });
    let body = sim.psd2(&[("number", "+44 7700 900001")]);
    assert_eq!(
        body,
        format!(
            "{{\"request_id\":\"{id}\",\"status\":\"10\",\"error_text\":\"Concurrent verifications to the same number are not allowed\"}}"
        )
    );
    // Search shows sender_id `verify`, the account, and the usual fields.
    let (_, found) = sim.call(Endpoint::Search, &[("request_id", &id)]);
    let Response::Search(Ok(SearchResult::One(record))) = found else {
        panic!("found: {found:?}")
    };
    let record = serde_json::to_value(&record).expect("records serialize");
    assert_eq!(record["sender_id"], "verify");
    assert_eq!(record["account_id"], "key1");
    assert_eq!(record["status"], "IN PROGRESS");
    // Checked with the right PIN, it succeeds like any request.
    let pin = sim
        .engine
        .request(verify_engine::RequestId::parse(&id).expect("an id"))
        .expect("known")
        .current_pin()
        .to_string();
    let (_, checked) = sim.call(Endpoint::Check, &[("request_id", &id), ("code", &pin)]);
    assert_eq!(checked.status(), 0);
    let (_, verify) = sim.call(Endpoint::Verify, &[("number", NUMBER), ("brand", "A")]);
    assert_eq!(verify.status(), 0);
    let busy = sim.psd2(&[]);
    assert!(busy.contains("\"status\":\"10\""), "{busy}");
}

#[test]
fn a_refused_psd2_call_draws_nothing_from_the_seed() {
    let mut refused = Sim::new();
    refused.psd2(&[("amount", "0")]);
    let a = refused.started(&[]);
    let b = Sim::new().started(&[]);
    assert_eq!(a, b);
}

#[test]
fn psd2_calls_survive_export_and_parse_back() {
    let call = Call::from_pairs(
        Endpoint::Psd2,
        [
            ("number", NUMBER),
            ("payee", "Acme"),
            ("amount", "5"),
            ("brand", "ignored"),
            ("lg", "ga-ie"),
        ],
    );
    let line = verify_engine::scenario::step_line(1000, &call);
    assert_eq!(
        line,
        r#"{"at":1,"psd2":{"amount":"5","lg":"ga-ie","number":"447700900001","payee":"Acme"}}"#
    );
    let steps = verify_engine::scenario::parse(&line).expect("parses");
    assert_eq!(steps[0].call.as_ref().expect("a call").literal(), call);
}
