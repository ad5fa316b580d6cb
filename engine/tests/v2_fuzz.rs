//! Arbitrary JSON in every v2 body and arbitrary text in every v2 id: the engine never
//! panics, answers with a status Part C lists, and every body it sends is JSON (a
//! problem with `type`, `title`, `detail` and `instance`).

// Verify v2 is the engine's `v2` feature (on by default).
#![cfg(feature = "v2")]

use proptest::prelude::*;
use serde_json::{json, Map, Value};
use verify_engine::{Call, Engine};

const FIELDS: [&str; 12] = [
    "brand",
    "workflow",
    "locale",
    "channel_timeout",
    "code_length",
    "code",
    "client_ref",
    "fraud_check",
    "channel",
    "to",
    "from",
    "app_hash",
];

/// Any JSON value, a few levels deep, with the API's own words and numbers mixed in.
fn value() -> impl Strategy<Value = Value> {
    let leaf = prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::from),
        any::<i64>().prop_map(Value::from),
        (0i64..1000).prop_map(Value::from),
        any::<f64>().prop_map(|f| json!(f)),
        any::<String>().prop_map(Value::from),
        prop_oneof![
            Just("sms"),
            Just("voice"),
            Just("email"),
            Just("silent_auth"),
            Just("whatsapp_interactive"),
            Just("447700900001"),
            Just("+447700900002"),
            Just("a@b.co"),
            Just("Acme"),
            Just("en-us"),
        ]
        .prop_map(Value::from),
    ];
    leaf.prop_recursive(3, 24, 6, |inner| {
        prop_oneof![
            proptest::collection::vec(inner.clone(), 0..5).prop_map(Value::from),
            proptest::collection::vec((0usize..FIELDS.len(), inner), 0..6).prop_map(|pairs| {
                let map: Map<String, Value> = pairs
                    .into_iter()
                    .map(|(i, v)| (FIELDS[i].to_string(), v))
                    .collect();
                Value::Object(map)
            }),
        ]
    })
}

fn assert_answers(engine: &mut Engine, call: &Call) -> Result<(), TestCaseError> {
    let mut out = Vec::new();
    let response = engine.call(call, &mut out);
    let status = response.http_status();
    prop_assert!(
        [200, 202, 204, 302, 400, 404, 409, 410, 422].contains(&status),
        "{status}"
    );
    if let Some(text) = response.json(call) {
        let body: Value =
            serde_json::from_str(&text).map_err(|e| TestCaseError::fail(e.to_string()))?;
        if status >= 400 {
            for field in ["type", "title", "detail", "instance"] {
                prop_assert!(body[field].is_string(), "no {field} in {text}");
            }
        }
    }
    for happening in &out {
        if let verify_engine::Happening::Callback(c) = happening {
            prop_assert!(serde_json::from_str::<Value>(&c.json()).is_ok());
        }
    }
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(3000))]

    #[test]
    fn any_start_body_gets_an_answer(body in value(), workflow in value(), advance in 0u64..1_000_000) {
        let mut engine = Engine::new(5);
        assert_answers(&mut engine, &Call::Verify2(body))?;
        // A plausible body with one arbitrary part.
        let start = Call::Verify2(json!({"brand": "Acme", "workflow": workflow, "code_length": 10}));
        assert_answers(&mut engine, &start)?;
        engine.advance_to(advance, &mut Vec::new());
    }

    #[test]
    fn any_id_or_check_body_gets_an_answer(
        id in prop_oneof![any::<String>(), Just(String::new())],
        body in value(),
        answer in any::<String>(),
        live in any::<bool>(),
    ) {
        let mut engine = Engine::new(6);
        let mut out = Vec::new();
        let start = Call::Verify2(json!({"brand": "Acme", "workflow": [
            {"channel": "silent_auth", "to": "447700900002"}, {"channel": "whatsapp_interactive", "to": "447700900002"}]}));
        let started = engine.call(&start, &mut out);
        let id = match (&started, live) {
            (verify_engine::Response::Verify2(Ok(s)), true) => s.request_id.to_string(),
            _ => id,
        };
        for call in [
            Call::Check2 { request_id: id.clone(), body },
            Call::SilentAuth { request_id: id.clone() },
            Call::Reply { request_id: id.clone(), answer },
            Call::Next2 { request_id: id.clone() },
            Call::Reply { request_id: id.clone(), answer: "no".into() },
            Call::Cancel2 { request_id: id },
        ] {
            assert_answers(&mut engine, &call)?;
        }
    }
}
