//! Property tests: random sequences of calls and clock advances, checked against the
//! rules that must hold whatever happens.

mod common;

use std::collections::HashMap;

use proptest::prelude::*;
use verify_engine::{
    CheckError, CheckParams, ControlParams, Engine, Happening, RequestId, RequestStatus,
    SearchParams, VerifyParams,
};

#[derive(Clone, Debug)]
enum Op {
    Advance(u64),
    Verify {
        number: u8,
        workflow: u8,
        next_event_wait: Option<u32>,
        pin_expiry: Option<u32>,
    },
    Check {
        request: usize,
        right: bool,
    },
    Cancel(usize),
    Trigger(usize),
    Search(usize),
}

fn op() -> impl Strategy<Value = Op> {
    prop_oneof![
        3 => (0u64..400_000).prop_map(Op::Advance),
        3 => (0u8..4, 1u8..=7, proptest::option::of(60u32..=900), proptest::option::of(60u32..=3600))
            .prop_map(|(number, workflow, next_event_wait, pin_expiry)| Op::Verify {
                number, workflow, next_event_wait, pin_expiry
            }),
        3 => (0usize..8, any::<bool>()).prop_map(|(request, right)| Op::Check { request, right }),
        1 => (0usize..8).prop_map(Op::Cancel),
        1 => (0usize..8).prop_map(Op::Trigger),
        1 => (0usize..8).prop_map(Op::Search),
    ]
}

/// What the test remembers of each request, to check the rules from outside.
#[derive(Default)]
struct Seen {
    wrong_on_current_pin: u32,
    ended: u32,
    ended_at: Option<u64>,
}

fn run(ops: &[Op]) -> Result<(), TestCaseError> {
    let mut engine = Engine::new(7);
    let mut out = Vec::new();
    let mut ids: Vec<RequestId> = Vec::new();
    let mut seen: HashMap<RequestId, Seen> = HashMap::new();
    let mut last_at = 0;
    let mut observe = |out: &mut Vec<Happening>, seen: &mut HashMap<RequestId, Seen>| {
        for happening in out.drain(..) {
            prop_assert!(happening.at() >= last_at, "time went back: {happening:?}");
            last_at = happening.at();
            let entry = seen.entry(happening.request_id()).or_default();
            match happening {
                Happening::Delivered(d) => {
                    prop_assert!(entry.ended_at.is_none(), "delivered after the end: {d:?}");
                }
                Happening::PinRegenerated { .. } => entry.wrong_on_current_pin = 0,
                Happening::Ended { at, .. } => {
                    entry.ended += 1;
                    entry.ended_at = Some(at);
                    prop_assert_eq!(entry.ended, 1, "ended twice");
                }
                other => prop_assert!(false, "only v1 calls here, yet {other:?}"),
            }
        }
        Ok(())
    };
    for op in ops {
        let pick = |i: &usize| ids.get(i % ids.len().max(1)).copied();
        match op {
            Op::Advance(ms) => engine.advance_to(engine.now() + ms, &mut out),
            Op::Verify {
                number,
                workflow,
                next_event_wait,
                pin_expiry,
            } => {
                let params = VerifyParams {
                    number: Some(format!("4477009000{number:02}")),
                    brand: Some("Acme".into()),
                    workflow_id: Some(workflow.to_string()),
                    next_event_wait: next_event_wait.map(|n| n.to_string()),
                    pin_expiry: pin_expiry.map(|n| n.to_string()),
                    ..VerifyParams::default()
                };
                if let Ok(id) = engine.verify(&params, &mut out) {
                    prop_assert!(!ids.contains(&id), "ids are unique");
                    ids.push(id);
                }
            }
            Op::Check { request, right } => {
                if let Some(id) = pick(request) {
                    let pin = engine.request(id).map(|r| r.current_pin());
                    let alive = engine
                        .request(id)
                        .is_some_and(|r| engine.now() < r.pin_dies());
                    let code = pin.map(|p| if *right { p } else { p.wrong() }.to_string());
                    let params = CheckParams {
                        request_id: Some(id.to_string()),
                        code,
                        ..CheckParams::default()
                    };
                    let result = engine.check(&params, &mut out);
                    observe(&mut out, &mut seen)?;
                    let entry = seen.entry(id).or_default();
                    match result {
                        Ok(_) => prop_assert!(*right && alive, "only the live PIN verifies"),
                        Err(CheckError::Mismatch(_)) => {
                            entry.wrong_on_current_pin += 1;
                            prop_assert!(entry.wrong_on_current_pin < 3);
                        }
                        Err(CheckError::TooManyWrong(_)) => {
                            entry.wrong_on_current_pin += 1;
                            prop_assert_eq!(
                                entry.wrong_on_current_pin,
                                3,
                                "17 comes on the third wrong code"
                            );
                        }
                        Err(CheckError::NotFound(_)) => prop_assert!(entry.ended == 1),
                        Err(other) => prop_assert!(false, "unexpected {other:?}"),
                    }
                }
            }
            Op::Cancel(request) | Op::Trigger(request) => {
                if let Some(id) = pick(request) {
                    let cmd = if matches!(op, Op::Cancel(_)) {
                        "cancel"
                    } else {
                        "trigger_next_event"
                    };
                    let params = ControlParams {
                        request_id: Some(id.to_string()),
                        cmd: Some(cmd.into()),
                        ..ControlParams::default()
                    };
                    let _ = engine.control(&params, &mut out);
                }
            }
            Op::Search(request) => {
                if let Some(id) = pick(request) {
                    let params = SearchParams {
                        request_id: Some(id.to_string()),
                        ..SearchParams::default()
                    };
                    prop_assert!(
                        engine.search(&params).is_ok(),
                        "every request stays searchable"
                    );
                }
            }
        }
        observe(&mut out, &mut seen)?;
        prop_assert!(
            common::at_most_one_in_progress_per_number(&engine),
            "two requests in progress for one number"
        );
    }
    // Run out the clock: every request ends, exactly once.
    while let Some(next) = engine.next_due() {
        engine.advance_to(next, &mut out);
        observe(&mut out, &mut seen)?;
    }
    for request in engine.requests() {
        prop_assert!(request.status() != RequestStatus::InProgress);
        prop_assert_eq!(seen.get(&request.id()).map(|s| s.ended), Some(1));
        prop_assert_eq!(request.finalized(), seen[&request.id()].ended_at);
        let checks_per_pin_ok =
            request.checks().iter().filter(|c| !c.valid).count() <= 3 * request.pins().len();
        prop_assert!(checks_per_pin_ok);
    }
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(4000))]

    #[test]
    fn the_rules_hold_for_any_sequence_of_calls(ops in proptest::collection::vec(op(), 0..60)) {
        run(&ops)?;
    }

    /// Left alone, a request follows its plan exactly: the projected events and end are
    /// what really happens.
    #[test]
    fn untouched_requests_follow_their_plan(
        workflow in 1u8..=7,
        next_event_wait in proptest::option::of(60u32..=900),
        pin_expiry in proptest::option::of(60u32..=3600),
        start in 0u64..100_000,
    ) {
        let mut engine = Engine::new(1);
        let mut out = Vec::new();
        engine.advance_to(start, &mut out);
        let params = VerifyParams {
            number: Some("447700900001".into()),
            brand: Some("Acme".into()),
            workflow_id: Some(workflow.to_string()),
            next_event_wait: next_event_wait.map(|n| n.to_string()),
            pin_expiry: pin_expiry.map(|n| n.to_string()),
            ..VerifyParams::default()
        };
        let id = engine.verify(&params, &mut out).map_err(|e| TestCaseError::fail(e.to_string()))?;
        let plan = engine.request(id).map(|r| r.timings().plan(start)).unwrap_or_default();
        while let Some(next) = engine.next_due() {
            engine.advance_to(next, &mut out);
        }
        let request = engine.request(id).ok_or_else(|| TestCaseError::fail("request kept"))?;
        let happened: Vec<_> = request.deliveries().iter().map(|d| (d.at, d.channel, d.new_pin)).collect();
        let planned: Vec<_> = plan.events.iter().map(|e| (e.at, e.channel, e.new_pin)).collect();
        prop_assert_eq!(happened, planned);
        prop_assert_eq!(request.finalized(), Some(plan.end));
        prop_assert_eq!(request.status(), RequestStatus::Expired);
    }
}
