//! Property tests: random faults mixed into random sequences of v1, PSD2 and v2 calls
//! and clock advances. The rules that hold without faults still hold; a faulted call
//! answers a request fault's exact status and text and creates nothing; and phone faults
//! never change what Verify itself answers, schedules or charges.

// Verify v2 is the engine's `v2` feature (on by default).
#![cfg(feature = "v2")]

mod common;

use std::collections::HashMap;

use proptest::prelude::*;
use serde_json::json;
use verify_engine::faults::{FaultStep, RequestFault};
use verify_engine::{Call, Endpoint, Engine, Happening, RequestId, RequestStatus, Response};

const FAULTS: [&str; 12] = [
    "throttled",
    "invalid-creds",
    "internal-error",
    "quota-exceeded",
    "blacklist",
    "network-blocked",
    "rejected",
    "not-permitted",
    "sms-lost",
    "sms-delay:2.5",
    "call-unanswered",
    "phone-off",
];

#[derive(Clone, Debug)]
enum Op {
    Advance(u64),
    Verify {
        number: u8,
        workflow: u8,
        example: Option<usize>,
    },
    Psd2 {
        number: u8,
    },
    Verify2 {
        number: u8,
        fraud_check: bool,
    },
    Check {
        request: usize,
        right: bool,
        example: Option<usize>,
    },
    Cancel(usize),
    Search(usize),
    Fault {
        fault: usize,
        number: Option<u8>,
        times: Option<u8>,
    },
    Clear,
    Remove(u8),
    Unblock,
}

fn op(faults: std::ops::Range<usize>) -> impl Strategy<Value = Op> {
    let example = proptest::option::weighted(0.2, 0usize..8);
    prop_oneof![
        3 => (0u64..200_000).prop_map(Op::Advance),
        3 => (0u8..4, 1u8..=7, example.clone())
            .prop_map(|(number, workflow, example)| Op::Verify { number, workflow, example }),
        1 => (0u8..4).prop_map(|number| Op::Psd2 { number }),
        1 => (0u8..4, any::<bool>())
            .prop_map(|(number, fraud_check)| Op::Verify2 { number, fraud_check }),
        3 => (0usize..8, any::<bool>(), example)
            .prop_map(|(request, right, example)| Op::Check { request, right, example }),
        1 => (0usize..8).prop_map(Op::Cancel),
        1 => (0usize..8).prop_map(Op::Search),
        2 => (faults, proptest::option::of(0u8..4), proptest::option::of(1u8..4))
            .prop_map(|(fault, number, times)| Op::Fault { fault, number, times }),
        1 => Just(Op::Clear),
        1 => (1u8..5).prop_map(Op::Remove),
        1 => Just(Op::Unblock),
    ]
}

fn number(n: u8) -> String {
    format!("4477009000{n:02}")
}

/// The call an op makes on `engine`, if it makes one.
fn call_of(op: &Op, engine: &Engine, ids: &[RequestId]) -> Option<Call> {
    let pick = |i: &usize| ids.get(i % ids.len().max(1)).copied();
    let example = |e: &Option<usize>| e.map(|i| FAULTS[i]).unwrap_or_default();
    Some(match op {
        Op::Advance(_) => return None,
        Op::Verify {
            number: n,
            workflow,
            example: e,
        } => Call::from_pairs(
            Endpoint::Verify,
            [
                ("number", number(*n).as_str()),
                ("brand", "Acme"),
                ("workflow_id", workflow.to_string().as_str()),
                ("__example", example(e)),
            ],
        ),
        Op::Psd2 { number: n } => Call::from_pairs(
            Endpoint::Psd2,
            [
                ("number", number(*n).as_str()),
                ("payee", "Shop"),
                ("amount", "1.005"),
            ],
        ),
        Op::Verify2 {
            number: n,
            fraud_check,
        } => Call::Verify2(json!({
            "brand": "Acme", "fraud_check": fraud_check, "channel_timeout": 60,
            "workflow": [{"channel": "sms", "to": number(*n + 4)}, {"channel": "voice", "to": number(*n + 4)}]
        })),
        Op::Check {
            request,
            right,
            example: e,
        } => {
            let id = pick(request)?;
            let pin = engine.request(id)?.current_pin();
            let code = if *right { pin } else { pin.wrong() }.to_string();
            Call::from_pairs(
                Endpoint::Check,
                [
                    ("request_id", id.to_string().as_str()),
                    ("code", &code),
                    ("__example", example(e)),
                ],
            )
        }
        Op::Cancel(request) => Call::from_pairs(
            Endpoint::Control,
            [
                ("request_id", pick(request)?.to_string().as_str()),
                ("cmd", "cancel"),
            ],
        ),
        Op::Search(request) => Call::from_pairs(
            Endpoint::Search,
            [("request_id", pick(request)?.to_string().as_str())],
        ),
        Op::Fault {
            fault,
            number: n,
            times,
        } => {
            let mut spec = json!({"fault": FAULTS[*fault]});
            if let Some(n) = n {
                spec["number"] = number(*n).into();
            }
            if let Some(times) = times {
                spec["times"] = (*times).into();
            }
            Call::Fault(FaultStep::from_json(&spec).expect("a valid fault"))
        }
        Op::Clear => Call::Fault(FaultStep::Clear),
        Op::Remove(id) => Call::Fault(
            FaultStep::from_json(&json!({"remove": format!("f{id}")})).expect("a removal"),
        ),
        Op::Unblock => Call::Unblock(json!({"network": "23410"})),
    })
}

/// Runs the ops, checking the rules as it goes; gives every call's body and every
/// delivery as Verify sees it (marks left out), for comparing runs.
fn run(ops: &[Op]) -> Result<Vec<String>, TestCaseError> {
    let mut engine = Engine::new(5);
    let mut out = Vec::new();
    let mut ids: Vec<RequestId> = Vec::new();
    let mut ended: HashMap<RequestId, u32> = HashMap::new();
    let mut seen = Vec::new();
    let mut last_at = 0;
    let mut observe = |out: &mut Vec<Happening>, seen: &mut Vec<String>| {
        for happening in out.drain(..) {
            prop_assert!(happening.at() >= last_at, "time went back: {happening:?}");
            last_at = happening.at();
            match &happening {
                Happening::Delivered(d) => {
                    prop_assert!(!ended.contains_key(&d.request_id), "after the end: {d:?}");
                    prop_assert!(d.delivered_at.is_none_or(|t| t > d.at));
                    prop_assert!(!(d.lost && d.delivered_at.is_some()));
                    seen.push(format!(
                        "{} {} {} {}",
                        d.at,
                        d.to.as_str(),
                        d.event_id,
                        d.text()
                    ));
                }
                Happening::V2Delivered(d) => {
                    prop_assert!(d.delivered_at.is_none_or(|t| t > d.at));
                    seen.push(format!("{} {} {}", d.at, d.to.as_str(), d.text()));
                }
                Happening::Ended { request_id, .. } => {
                    *ended.entry(*request_id).or_default() += 1;
                    prop_assert_eq!(ended[request_id], 1, "ended twice");
                }
                Happening::Callback(c) => seen.push(format!("{} {}", c.at, c.json())),
                _ => {}
            }
        }
        Ok(())
    };
    for op in ops {
        if let Op::Advance(ms) = op {
            engine.advance_to(engine.now() + ms, &mut out);
        } else if let Some(call) = call_of(op, &engine, &ids) {
            let before = engine.request_count() + engine.v2_request_count();
            let response = engine.call(&call, &mut out);
            let failure = response.failure();
            if let Some(fault) = failure.as_ref().and_then(|f| {
                RequestFault::ALL
                    .into_iter()
                    .find(|r| r.status() == f.status && r.error_text() == f.error_text)
            }) {
                // A request fault's answer: nothing was created, nothing delivered.
                prop_assert!(!matches!(call, Call::Verify2(_)) || fault == RequestFault::Throttled);
                prop_assert_eq!(engine.request_count() + engine.v2_request_count(), before);
                prop_assert!(out.is_empty(), "a faulted call caused {out:?}");
            }
            if let Response::Verify(Ok(id)) = response {
                prop_assert!(!ids.contains(&id), "ids are unique");
                ids.push(id);
            }
            if !matches!(call, Call::Fault(_)) {
                seen.push(response.json(&call).unwrap_or_default());
            }
        }
        observe(&mut out, &mut seen)?;
        prop_assert!(
            common::at_most_one_in_progress_per_number(&engine),
            "two requests in progress for one number"
        );
        let faults = engine.faults();
        prop_assert!(
            faults.windows(2).all(|w| w[0].id < w[1].id),
            "ids in order: {faults:?}"
        );
        prop_assert!(faults.iter().all(|f| f.times_left != Some(0)));
    }
    while let Some(next) = engine.next_due() {
        engine.advance_to(next, &mut out);
        observe(&mut out, &mut seen)?;
    }
    for request in engine.requests() {
        prop_assert!(request.status() != RequestStatus::InProgress);
        prop_assert_eq!(ended.get(&request.id()).copied(), Some(1));
    }
    Ok(seen)
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(1500))]

    #[test]
    fn the_rules_hold_with_any_faults(ops in proptest::collection::vec(op(0..FAULTS.len()), 0..60)) {
        run(&ops)?;
    }

    /// Phone faults only mark deliveries: the same calls without them give the same
    /// answers, deliveries and callbacks (Verify does not know).
    #[test]
    fn phone_faults_change_nothing_verify_sees(ops in proptest::collection::vec(op(8..FAULTS.len()), 0..60)) {
        let without: Vec<Op> = ops
            .iter()
            .filter(|op| !matches!(op, Op::Fault { .. } | Op::Clear | Op::Remove(_)))
            .cloned()
            .collect();
        prop_assert_eq!(run(&ops)?, run(&without)?);
    }
}
