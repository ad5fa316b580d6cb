//! A start's refusals (C3, C7): each field's rule, their order, the sender, the key in use.

use serde_json::{json, Value};
use verify_engine::Call;

use crate::sim::*;

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
