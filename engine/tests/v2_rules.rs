//! Part C's rules (Verify v2), one test each, stated independently of the golden files.

// Verify v2 is the engine's `v2` feature (on by default).
#![cfg(feature = "v2")]

use serde_json::{json, Value};
use verify_engine::v2::{Channel, Status};
use verify_engine::{Call, Engine, Happening, Response, Uuid, SECOND};

struct Sim {
    engine: Engine,
    happened: Vec<Happening>,
}

impl Sim {
    fn new() -> Sim {
        Sim {
            engine: Engine::new(21),
            happened: Vec::new(),
        }
    }

    fn at(&mut self, seconds: u64) -> &mut Sim {
        self.engine.advance_to(seconds * SECOND, &mut self.happened);
        self
    }

    fn call(&mut self, call: &Call) -> Response {
        self.engine.call(call, &mut self.happened)
    }

    /// The HTTP status and the body exactly as sent, the problem's `instance` (checked to
    /// be a v4 UUID) written `<uuid>`.
    fn answer(&mut self, call: Call) -> (u16, Option<String>) {
        let response = self.call(&call);
        let body = response.json(&call).map(|text| {
            let value: Value = serde_json::from_str(&text).expect("JSON");
            match value.get("instance").and_then(Value::as_str) {
                Some(instance) => {
                    let uuid = Uuid::parse(instance).expect("a lowercase dashed UUID");
                    assert_eq!(&instance[14..15], "4", "version 4: {instance}");
                    assert_eq!(uuid.to_string(), instance);
                    text_replace(&text)
                }
                None => text,
            }
        });
        (response.http_status(), body)
    }

    fn start(&mut self, body: Value) -> String {
        match self.call(&Call::Verify2(body)) {
            Response::Verify2(Ok(started)) => started.request_id.to_string(),
            other => panic!("not started: {other:?}"),
        }
    }

    fn code(&self, id: &str) -> String {
        let id = Uuid::parse(id).expect("an id");
        self.engine
            .v2_request(id)
            .expect("known")
            .code()
            .to_string()
    }

    fn status(&self, id: &str) -> Status {
        let id = Uuid::parse(id).expect("an id");
        self.engine.v2_request(id).expect("known").status()
    }

    /// What happened since the last look, as short lines: `at channel to text`,
    /// `at status word`, `at callback {json}`.
    fn drain(&mut self) -> Vec<String> {
        self.happened
            .drain(..)
            .map(|h| match h {
                Happening::V2Delivered(d) => format!(
                    "{} {} {} {}",
                    d.at / SECOND,
                    d.channel.as_str(),
                    d.to.as_str(),
                    d.text()
                ),
                Happening::V2Ended { at, status, .. } => {
                    format!("{} status {}", at / SECOND, status.as_str())
                }
                Happening::Callback(c) => format!("{} callback {}", c.at / SECOND, c.json()),
                Happening::Ended { at, status, .. } => {
                    format!("{} v1 status {}", at / SECOND, status.as_str())
                }
                Happening::Delivered(d) => format!("{} v1 {}", d.at / SECOND, d.channel.as_str()),
                Happening::PinRegenerated { at, .. } => format!("{} v1 pin", at / SECOND),
            })
            .collect()
    }
}

/// Replaces the `instance` value in a serialized problem by `<uuid>`.
fn text_replace(text: &str) -> String {
    let start = text.find("\"instance\":\"").expect("an instance") + 12;
    format!("{}<uuid>{}", &text[..start], &text[start + 36..])
}

fn check(id: &str, code: Value) -> Call {
    Call::Check2 {
        request_id: id.to_owned(),
        body: json!({ "code": code }),
    }
}

fn sms(to: &str) -> Value {
    json!({"channel": "sms", "to": to})
}

const INVALID: &str = r#"{"type":"https://www.nexmo.com/messages/Errors#InvalidParams","title":"Invalid params","detail":"The value of one or more parameters is invalid","instance":"<uuid>","invalid_parameters":"#;

/// The `invalid_parameters` of a start body, as `name: reason` lines.
fn invalid(body: Value) -> Vec<String> {
    let mut sim = Sim::new();
    let (http, text) = sim.answer(Call::Verify2(body));
    assert_eq!(http, 422);
    let text = text.expect("a body");
    assert!(text.starts_with(INVALID), "{text}");
    let value: Value = serde_json::from_str(&text).unwrap();
    assert!(sim.engine.v2_requests().is_empty(), "nothing is created");
    value["invalid_parameters"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| {
            format!(
                "{}: {}",
                p["name"].as_str().unwrap(),
                p["reason"].as_str().unwrap()
            )
        })
        .collect()
}

#[test]
fn every_failing_field_is_listed_once_in_the_rules_order() {
    let body = json!({
        "fraud_check": "yes", "client_ref": "", "code": "ab", "code_length": 11,
        "channel_timeout": 14, "locale": "EN-US",
        "workflow": [
            {"channel": "fax", "to": "x"}, {"channel": "email", "to": "ann@example"},
            {"channel": "voice", "to": "0447700900001"}, {"channel": "silent_auth", "to": "447700900001"},
            {"channel": "sms", "to": "447700900001", "app_hash": "short"},
        ],
        "brand": "a/b",
    });
    assert_eq!(
        invalid(body),
        [
            "brand: Brand is invalid",
            "workflow: Workflow must contain at most 3 channels",
            "workflow[0]: `channel` is invalid",
            "workflow[1]: `to` Email address is invalid",
            "workflow[2]: `to` Phone number is invalid",
            "workflow[3]: `silent_auth` must be the first channel",
            "workflow[4]: `app_hash` must be 11 characters",
            "locale: Locale is invalid",
            "channel_timeout: channel_timeout must be between 15 and 900",
            "code_length: code_length must be between 4 and 10",
            "code: code must be 4-10 alphanumeric characters",
            "client_ref: client_ref must be 1-40 characters",
            "fraud_check: fraud_check must be a boolean",
        ]
    );
}

#[test]
fn brand_rules() {
    let with = |brand: Value| invalid(json!({"brand": brand, "workflow": [sms("447700900001")]}));
    for brand in [Value::Null, json!("")] {
        assert_eq!(with(brand), ["brand: Brand is required"]);
    }
    assert_eq!(
        invalid(json!({"workflow": [sms("447700900001")]})),
        ["brand: Brand is required"]
    );
    for brand in [
        json!(5),
        json!("a".repeat(19)),
        json!("a\\b"),
        json!("a{b"),
        json!("a}b"),
        json!("a:b"),
        json!("a$b"),
    ] {
        assert_eq!(with(brand), ["brand: Brand is invalid"]);
    }
    // 18 code points, not bytes.
    let mut sim = Sim::new();
    sim.start(json!({"brand": "é".repeat(18), "workflow": [sms("447700900001")]}));
}

#[test]
fn workflow_and_step_rules() {
    let with = |workflow: Value| invalid(json!({"brand": "Acme", "workflow": workflow}));
    for workflow in [Value::Null, json!([]), json!("sms"), json!({})] {
        assert_eq!(with(workflow), ["workflow: Workflow is required"]);
    }
    let four = json!([
        sms("447700900001"),
        sms("447700900001"),
        sms("447700900001"),
        7
    ]);
    assert_eq!(
        with(four),
        [
            "workflow: Workflow must contain at most 3 channels",
            "workflow[3]: `channel` is invalid"
        ]
    );
    let steps = json!([
        "sms", {"to": "447700900001"}, {"channel": 1, "to": "447700900001"},
        {"channel": "fax", "to": "no"},
    ]);
    assert_eq!(
        with(steps),
        [
            "workflow: Workflow must contain at most 3 channels",
            "workflow[0]: `channel` is invalid",
            "workflow[1]: `channel` is invalid",
            "workflow[2]: `channel` is invalid",
            "workflow[3]: `channel` is invalid",
        ]
    );
    for to in [
        json!(null),
        json!("+0447700900001"),
        json!("44 7700 900001"),
        json!("123456"),
        json!("1234567890123456"),
        json!(447700900001u64),
        json!("++447700900001"),
    ] {
        assert_eq!(
            with(json!([{"channel": "voice", "to": to}])),
            ["workflow[0]: `to` Phone number is invalid"],
            "{to}"
        );
    }
    for to in [
        json!(null),
        json!("ann@example"),
        json!("ann example@x.com"),
        json!("@x.com"),
        json!("a@b@c.d"),
        json!("a@.com"),
        json!("a@x."),
    ] {
        assert_eq!(
            with(json!([{"channel": "email", "to": to}])),
            ["workflow[0]: `to` Email address is invalid"],
            "{to}"
        );
    }
    // The first failing rule only: a silent_auth in second place with a bad number.
    assert_eq!(
        with(json!([sms("447700900001"), {"channel": "silent_auth", "to": "x"}])),
        ["workflow[1]: `to` Phone number is invalid"]
    );
    assert_eq!(
        with(json!([{"channel": "sms", "to": "447700900001", "app_hash": 12345678901u64}])),
        ["workflow[0]: `app_hash` must be 11 characters"]
    );
    // app_hash is an sms rule only; 11 code points pass; `+` and 7 or 15 digits pass.
    let mut sim = Sim::new();
    sim.start(json!({"brand": "A", "workflow": [
        {"channel": "voice", "to": "+1234567", "app_hash": "x"},
        {"channel": "sms", "to": "123456789012345", "app_hash": "ééééééééééé"},
        {"channel": "email", "to": "Ann.Lee@Example.co.uk"},
    ]}));
}

#[test]
fn the_other_fields_rules() {
    let with = |extra: Value| {
        let mut body = json!({"brand": "Acme", "workflow": [sms("447700900001")]});
        for (k, v) in extra.as_object().unwrap() {
            body[k] = v.clone();
        }
        invalid(body)
    };
    for locale in ["EN-US", "", "en_us", "english", "e-us", "engl-us", "en-usa"] {
        assert_eq!(
            with(json!({"locale": locale})),
            ["locale: Locale is invalid"]
        );
    }
    for timeout in [
        json!(14),
        json!(901),
        json!(180.0),
        json!("180"),
        json!(true),
        json!(-1),
    ] {
        assert_eq!(
            with(json!({"channel_timeout": timeout})),
            ["channel_timeout: channel_timeout must be between 15 and 900"]
        );
    }
    for length in [json!(3), json!(11), json!(4.0), json!("6")] {
        assert_eq!(
            with(json!({"code_length": length})),
            ["code_length: code_length must be between 4 and 10"]
        );
    }
    // With a code, code_length is still validated.
    assert_eq!(
        with(json!({"code_length": 3, "code": "abcd"})),
        ["code_length: code_length must be between 4 and 10"]
    );
    for code in [
        json!("abc"),
        json!(""),
        json!("ab-12"),
        json!(1234),
        json!("abcdefghijk"),
    ] {
        assert_eq!(
            with(json!({"code": code})),
            ["code: code must be 4-10 alphanumeric characters"]
        );
    }
    for client_ref in [json!(""), json!("x".repeat(41)), json!(5)] {
        assert_eq!(
            with(json!({"client_ref": client_ref})),
            ["client_ref: client_ref must be 1-40 characters"]
        );
    }
    for fraud_check in [json!("false"), json!(0)] {
        assert_eq!(
            with(json!({"fraud_check": fraud_check})),
            ["fraud_check: fraud_check must be a boolean"]
        );
    }
    // null is absent; unknown fields and template_id are ignored; limits pass.
    let mut sim = Sim::new();
    sim.start(json!({
        "brand": "Acme", "workflow": [sms("447700900001")], "locale": null, "code": null,
        "channel_timeout": 900, "code_length": 10, "client_ref": "x".repeat(40),
        "fraud_check": false, "template_id": 5, "whatever": [1],
    }));
    // A body that is not an object has no fields.
    assert_eq!(
        invalid(json!([1, 2])),
        ["brand: Brand is required", "workflow: Workflow is required"]
    );
}

#[test]
fn an_invalid_sender_answers_once_and_only_after_the_fields() {
    let sender = r#"{"type":"https://developer.nexmo.com/api-errors#invalid-param","title":"Invalid sender","detail":"The `from` parameter is invalid.","instance":"<uuid>"}"#;
    for from in [
        json!("12"),
        json!("+4477009000"),
        json!("abcdefghijkl"),
        json!("1234567890123456"),
        json!(12345678),
    ] {
        let mut sim = Sim::new();
        let body = json!({"brand": "Acme", "workflow": [
            {"channel": "sms", "to": "447700900001", "from": from},
            {"channel": "whatsapp", "to": "447700900001", "from": "1"},
        ]});
        assert_eq!(
            sim.answer(Call::Verify2(body)),
            (422, Some(sender.into())),
            "{from}"
        );
    }
    // A field error wins over a bad sender.
    let body = json!({"brand": "Acme", "locale": "x", "workflow": [
        {"channel": "rcs", "to": "447700900001", "from": "1"}]});
    assert_eq!(invalid(body), ["locale: Locale is invalid"]);
    // Valid senders, and `from` not checked on email or voice.
    let mut sim = Sim::new();
    sim.start(json!({"brand": "Acme", "workflow": [
        {"channel": "sms", "to": "447700900001", "from": "1234567"},
        {"channel": "rcs", "to": "447700900002", "from": "Acme2"},
        {"channel": "email", "to": "a@b.co", "from": "not a sender!"},
    ]}));
    sim.start(json!({"brand": "Acme", "workflow": [
        {"channel": "voice", "to": "447700900003", "from": "!"},
        {"channel": "whatsapp", "to": "447700900003", "from": "123456789012345"},
    ]}));
}

#[test]
fn a_key_in_use_answers_409_with_the_earliest_running_request() {
    let mut sim = Sim::new();
    let first = sim.start(json!({"brand": "A", "workflow": [sms("447700900001"),
        {"channel": "email", "to": "Ann@Example.com"}]}));
    let second = sim.start(json!({"brand": "A", "workflow": [sms("447700900002")]}));
    let conflict = |running: &str| {
        format!(
            r#"{{"type":"https://www.developer.vonage.com/api-errors/verify#conflict","title":"Conflict","detail":"Concurrent verifications to the same number are not allowed.","instance":"<uuid>","request_id":"{running}"}}"#
        )
    };
    // Both keys in use: the earliest-created request is named.
    let body = json!({"brand": "A", "workflow": [sms("+447700900002"), {"channel": "voice", "to": "447700900001"}]});
    assert_eq!(
        sim.answer(Call::Verify2(body)),
        (409, Some(conflict(&first)))
    );
    // A later step's key counts; email compares lowercased.
    let body = json!({"brand": "A", "workflow": [sms("447700900009"), {"channel": "email", "to": "ann@EXAMPLE.com"}]});
    assert_eq!(
        sim.answer(Call::Verify2(body)),
        (409, Some(conflict(&first)))
    );
    // A v1 request does not block v2 (choice), nor v2 v1.
    let v1 = Call::from_pairs(
        verify_engine::Endpoint::Verify,
        [("number", "447700900002"), ("brand", "A")],
    );
    assert_eq!(sim.call(&v1).status(), 0);
    // A request may repeat its own key; a free key starts.
    sim.start(json!({"brand": "A", "workflow": [sms("447700900003"), {"channel": "voice", "to": "+447700900003"}]}));
    // Once ended, the keys are free.
    sim.answer(Call::Cancel2 {
        request_id: second.clone(),
    });
    sim.start(json!({"brand": "A", "workflow": [sms("447700900002")]}));
}

#[test]
fn a_start_answers_202_with_a_v4_id_and_check_url_for_silent_auth() {
    let mut sim = Sim::new();
    let (http, body) = sim.answer(Call::Verify2(
        json!({"brand": "A", "workflow": [sms("447700900001")]}),
    ));
    assert_eq!(http, 202);
    let body: Value = serde_json::from_str(&body.unwrap()).unwrap();
    let id = body["request_id"].as_str().unwrap();
    assert_eq!(body.as_object().unwrap().len(), 1);
    assert_eq!(Uuid::parse(id).map(|u| u.to_string()).as_deref(), Some(id));
    assert_eq!(&id[14..15], "4");

    sim.engine.set_origin("http://emu.test:9000/");
    let call = Call::Verify2(
        json!({"brand": "A", "workflow": [{"channel": "silent_auth", "to": "447700900002"}, sms("447700900002")]}),
    );
    let response = sim.call(&call);
    let text = response.json(&call).unwrap();
    let Response::Verify2(Ok(started)) = &response else {
        panic!()
    };
    let id = started.request_id;
    assert_eq!(
        text,
        format!(
            r#"{{"request_id":"{id}","check_url":"http://emu.test:9000/v2/verify/{id}/silent-auth/redirect"}}"#
        )
    );
}

#[test]
fn steps_run_one_after_another_each_for_channel_timeout_with_one_code() {
    let mut sim = Sim::new();
    let id = sim.start(
        json!({"brand": "Acme", "channel_timeout": 90, "code_length": 6, "workflow": [
        sms("447700900001"), {"channel": "voice", "to": "447700900001"},
        {"channel": "email", "to": "Ann@Example.com"}]}),
    );
    let code = sim.code(&id);
    assert_eq!(code.len(), 6);
    let spoken = code
        .chars()
        .map(String::from)
        .collect::<Vec<_>>()
        .join(", ");
    sim.at(89);
    assert_eq!(
        sim.drain(),
        [format!(
            "0 sms 447700900001 Your Acme verification code is {code}. Valid for 90 seconds."
        )]
    );
    sim.at(400);
    let summary = format!(
        r#"270 callback {{"request_id":"{id}","submitted_at":"2026-01-01T00:00:00.000Z","status":"expired","type":"summary","channel_timeout":90,"workflow":[{{"channel":"sms","initiated_at":"2026-01-01T00:00:00.000Z","status":"expired"}},{{"channel":"voice","initiated_at":"2026-01-01T00:01:30.000Z","status":"expired"}},{{"channel":"email","initiated_at":"2026-01-01T00:03:00.000Z","status":"expired"}}],"price":"0"}}"#
    );
    assert_eq!(
        sim.drain(),
        [
            format!("90 voice 447700900001 Your Acme verification code is {spoken}. I repeat: {spoken}."),
            format!("180 email Ann@Example.com Your Acme verification code is {code}. Valid for 90 seconds."),
            "270 status expired".into(),
            summary,
        ]
    );
    assert_eq!(sim.status(&id), Status::Expired);
}

#[test]
fn a_silent_auth_step_lasts_60_seconds_and_a_custom_code_is_used_as_given() {
    let mut sim = Sim::new();
    let id = sim.start(json!({"brand": "Acme", "code": "Ab12", "code_length": 8, "workflow": [
        {"channel": "silent_auth", "to": "447700900002"}, {"channel": "voice", "to": "447700900002"}]}));
    assert_eq!(sim.code(&id), "Ab12");
    sim.at(59).drain();
    sim.at(60);
    let lines = sim.drain();
    assert!(
        lines[0].starts_with("60 callback ") && lines[0].contains(r#""status":"expired""#),
        "{lines:?}"
    );
    assert_eq!(
        lines[1],
        "60 voice 447700900002 Your Acme verification code is A, b, 1, 2. I repeat: A, b, 1, 2."
    );
    // Case-sensitive.
    assert_eq!(sim.answer(check(&id, json!("ab12"))).0, 400);
    assert_eq!(sim.answer(check(&id, json!("Ab12"))).0, 200);
}

#[test]
fn texts_follow_the_locale_and_the_lifetime_units() {
    let cases = [
        (
            None,
            60,
            "Your Acme verification code is 1234. Valid for 1 minute.",
        ),
        (
            Some("en-gb"),
            120,
            "Your Acme verification code is 1234. Valid for 2 minutes.",
        ),
        (
            Some("es-mx"),
            90,
            "Your Acme verification code is 1234. Valid for 90 seconds.",
        ),
        (
            Some("es-es"),
            120,
            "Tu código de verificación de Acme es 1234. Válido durante 2 minutos.",
        ),
        (
            Some("fr-fr"),
            60,
            "Votre code de vérification Acme est 1234. Valable 1 minute.",
        ),
        (
            Some("de-de"),
            45,
            "Ihr Acme Bestätigungscode lautet 1234. Gültig für 45 Sekunden.",
        ),
    ];
    for (locale, timeout, text) in cases {
        let mut sim = Sim::new();
        let mut body = json!({"brand": "Acme", "code": "1234", "channel_timeout": timeout, "workflow": [
            sms("447700900001"), {"channel": "whatsapp", "to": "447700900001"}, {"channel": "rcs", "to": "447700900001"}]});
        if let Some(locale) = locale {
            body["locale"] = locale.into();
        }
        sim.start(body);
        sim.at(3 * timeout);
        let texts: Vec<String> = sim
            .happened
            .iter()
            .filter_map(|h| match h {
                Happening::V2Delivered(d) => Some(d.text()),
                _ => None,
            })
            .collect();
        assert_eq!(texts, [text; 3]);
    }
    let mut sim = Sim::new();
    sim.start(
        json!({"brand": "Acme", "code": "1234", "locale": "de-de", "workflow": [
        {"channel": "email", "to": "a@b.de"}, {"channel": "voice", "to": "447700900001"},
        {"channel": "whatsapp_interactive", "to": "447700900001"}]}),
    );
    sim.at(360);
    let delivered: Vec<(Channel, Option<String>, String, Option<String>)> = sim
        .happened
        .iter()
        .filter_map(|h| match h {
            Happening::V2Delivered(d) => Some((
                d.channel,
                d.subject(),
                d.text(),
                d.code.map(|c| c.to_string()),
            )),
            _ => None,
        })
        .collect();
    assert_eq!(
        delivered,
        [
            (
                Channel::Email,
                Some("Ihr Acme Bestätigungscode".into()),
                "Ihr Acme Bestätigungscode lautet 1234. Gültig für 3 Minuten.".into(),
                Some("1234".into())
            ),
            (
                Channel::Voice,
                None,
                "Ihr Acme Bestätigungscode lautet 1, 2, 3, 4. Ich wiederhole: 1, 2, 3, 4.".into(),
                Some("1234".into())
            ),
            (
                Channel::WhatsappInteractive,
                None,
                "Acme: Versuchen Sie gerade, sich anzumelden?".into(),
                None
            ),
        ]
    );
    let mut sim = Sim::new();
    sim.start(json!({"brand": "Acme", "workflow": [{"channel": "email", "to": "a@b.de"}, {"channel": "whatsapp_interactive", "to": "447700900001"}]}));
    sim.at(180);
    let english: Vec<_> = sim
        .happened
        .iter()
        .filter_map(|h| match h {
            Happening::V2Delivered(d) => Some((d.subject(), d.answers())),
            _ => None,
        })
        .collect();
    assert_eq!(
        english,
        [
            (Some("Your Acme verification code".into()), None),
            (None, Some(["Yes", "No"]))
        ]
    );
    assert!(sim.drain()[1].ends_with("Acme: is this you trying to sign in?"));
}

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

#[test]
fn at_one_instant_v1_and_v2_run_in_creation_order() {
    let mut sim = Sim::new();
    let v1 = Call::from_pairs(
        verify_engine::Endpoint::Verify,
        [
            ("number", "447700900001"),
            ("brand", "A"),
            ("workflow_id", "6"),
        ],
    );
    sim.call(&v1);
    sim.start(json!({"brand": "A", "channel_timeout": 300, "workflow": [sms("447700900001")]}));
    sim.call(&Call::from_pairs(
        verify_engine::Endpoint::Verify,
        [
            ("number", "447700900003"),
            ("brand", "A"),
            ("workflow_id", "6"),
        ],
    ));
    sim.drain();
    sim.at(300);
    let lines = sim.drain();
    assert_eq!(lines[0], "300 v1 status EXPIRED");
    assert_eq!(lines[1], "300 status expired");
    assert!(lines[2].starts_with("300 callback "));
    assert_eq!(lines[3], "300 v1 status EXPIRED");
}

#[test]
fn problems_draw_their_instance_from_the_seed() {
    let run = || {
        let mut sim = Sim::new();
        let a = sim.call(&Call::Verify2(json!({})));
        let b = sim.call(&Call::Cancel2 {
            request_id: "x".into(),
        });
        (a.problem().unwrap().instance, b.problem().unwrap().instance)
    };
    let (a, b) = run();
    assert_ne!(a, b);
    assert_eq!(run(), (a, b));
}

#[test]
fn finished_v2_requests_are_forgotten_after_the_retention() {
    let mut sim = Sim::new();
    sim.engine.set_retention(Some(10 * SECOND));
    let id = sim.start(json!({"brand": "A", "workflow": [sms("447700900001")]}));
    assert_eq!(sim.engine.idle_seed(), None, "a running request matters");
    sim.at(5);
    sim.answer(Call::Cancel2 {
        request_id: id.clone(),
    });
    sim.at(14);
    assert!(sim.engine.v2_request(Uuid::parse(&id).unwrap()).is_some());
    sim.at(15);
    assert!(sim.engine.v2_request(Uuid::parse(&id).unwrap()).is_none());
    assert!(
        sim.engine.idle_seed().is_some(),
        "nothing left that matters"
    );
    assert_eq!(sim.answer(check(&id, json!("1234"))).0, 404);
}
