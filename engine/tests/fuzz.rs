//! Arbitrary text in every parameter of every endpoint: the engine always answers with a
//! JSON body that has a status, and never panics. Arbitrary scenario text never panics
//! the parser either.

use proptest::prelude::*;
use verify_engine::{scenario, Call, Endpoint, Engine};

const PARAMS: [&str; 19] = [
    "number",
    "country",
    "brand",
    "sender_id",
    "code_length",
    "lg",
    "pin_expiry",
    "next_event_wait",
    "workflow_id",
    "pin_code",
    "api_key",
    "request_id",
    "request_ids",
    "code",
    "cmd",
    "api_secret",
    "payee",
    "amount",
    "__example",
];

/// Mostly plausible values, with arbitrary Unicode mixed in.
fn value() -> impl Strategy<Value = String> {
    prop_oneof![
        any::<String>(),
        "[0-9+ ()-]{0,20}",
        "[a-z_]{0,12}",
        Just("447700900001".to_string()),
        Just("cancel".to_string()),
        Just("trigger_next_event".to_string()),
        Just("throttled".to_string()),
        Just("network-blocked".to_string()),
        "-?[0-9]{1,12}",
        "[0-9a-f]{32}",
    ]
}

fn assert_answers(engine: &mut Engine, call: &Call) -> Result<(), TestCaseError> {
    let mut out = Vec::new();
    let response = engine.call(call, &mut out);
    let json = serde_json::to_value(response.body(call))
        .map_err(|e| TestCaseError::fail(e.to_string()))?;
    let has_status = |v: &serde_json::Value| v.get("status").is_some_and(|s| s.is_string());
    let ok = has_status(&json)
        || json
            .get("verification_requests")
            .and_then(|list| list.as_array())
            .is_some_and(|list| list.iter().all(has_status));
    prop_assert!(ok, "no status in {json}");
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(3000))]

    #[test]
    fn any_parameters_get_an_answer(
        endpoint in 0usize..5,
        pairs in proptest::collection::vec((0usize..PARAMS.len(), value()), 0..12),
        advance in 0u64..1_000_000,
    ) {
        let endpoints = [Endpoint::Verify, Endpoint::Check, Endpoint::Control, Endpoint::Search, Endpoint::Psd2];
        let mut engine = Engine::new(3);
        let mut out = Vec::new();
        // A live request, so that ids and numbers can collide with real state.
        let start = Call::from_pairs(Endpoint::Verify, [("number", "447700900001"), ("brand", "Acme")]);
        engine.call(&start, &mut out);
        engine.advance_to(advance, &mut out);
        let pairs: Vec<(&str, &str)> = pairs.iter().map(|(i, v)| (PARAMS[*i], v.as_str())).collect();
        let call = Call::from_pairs(endpoints[endpoint], pairs);
        assert_answers(&mut engine, &call)?;
    }

    #[test]
    fn any_fault_or_unblock_body_is_read_or_refused_and_answered(
        keys in proptest::collection::vec(
            (prop_oneof![Just("fault".to_string()), Just("number".to_string()), Just("times".to_string()), Just("network".to_string()),
                Just("clear".to_string()), Just("remove".to_string()), Just("duration".to_string()), Just("unblock_duration".to_string()), "[a-z]{1,6}"],
             prop_oneof![value().prop_map(serde_json::Value::from), any::<i64>().prop_map(serde_json::Value::from),
                any::<bool>().prop_map(serde_json::Value::from), Just(serde_json::Value::Null),
                Just(serde_json::Value::from("sms-delay:1.5")), Just(serde_json::Value::from("f1"))]),
            0..5),
    ) {
        let body: serde_json::Map<String, serde_json::Value> =
            keys.into_iter().collect();
        let body = serde_json::Value::Object(body);
        let mut engine = Engine::new(1);
        if let Ok(step) = verify_engine::faults::FaultStep::from_json(&body) {
            // What is read writes back to itself.
            prop_assert_eq!(verify_engine::faults::FaultStep::from_json(&step.to_json()), Ok(step.clone()));
            let response = engine.call(&Call::Fault(step), &mut Vec::new());
            prop_assert!(matches!(response.http_status(), 200 | 404));
        }
        let response = engine.call(&Call::Unblock(body), &mut Vec::new());
        prop_assert!(matches!(response.http_status(), 202 | 404 | 422));
    }

    #[test]
    fn any_scenario_text_is_parsed_or_refused(text in any::<String>()) {
        let _ = scenario::parse(&text);
    }

    #[test]
    fn any_scenario_line_runs_or_stops_cleanly(
        at in 0u32..2000,
        endpoint in prop_oneof![Just("verify"), Just("check"), Just("control"), Just("search"), Just("psd2")],
        pairs in proptest::collection::vec((0usize..PARAMS.len(), prop_oneof![value(), Just("$pin".to_string()), Just("$request_id.2".to_string())]), 0..8),
    ) {
        let params: serde_json::Map<String, serde_json::Value> = pairs
            .into_iter()
            .map(|(i, v)| {
                let v = if PARAMS[i] == "request_ids" { serde_json::json!([v]) } else { v.into() };
                (PARAMS[i].to_string(), v)
            })
            .collect();
        let text = format!(
            "{{\"at\":0,\"verify\":{{\"number\":\"447700900001\",\"brand\":\"Acme\"}}}}\n{}\n",
            serde_json::json!({ "at": at, endpoint: params })
        );
        let mut out = Vec::new();
        let _ = scenario::run(text.as_bytes(), Engine::new(0), &mut out);
        for line in String::from_utf8_lossy(&out).lines() {
            prop_assert!(serde_json::from_str::<serde_json::Value>(line).is_ok());
        }
    }
}
