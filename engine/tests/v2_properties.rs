//! Property tests for Verify v2: random sequences of v2 calls (with some v1 ones on the
//! same clock) and clock advances, checked against the rules that must hold whatever
//! happens, as `properties.rs` does for v1.

// Verify v2 is the engine's `v2` feature (on by default).
#![cfg(feature = "v2")]

use std::collections::HashMap;

use proptest::prelude::*;
use serde_json::{json, Value};
use verify_engine::v2::{CallbackBody, Key, ProblemKind, Status};
use verify_engine::{Call, Engine, Happening, Response, Uuid};

const CHANNELS: [&str; 7] = [
    "sms",
    "voice",
    "whatsapp",
    "whatsapp_interactive",
    "email",
    "rcs",
    "silent_auth",
];
/// Numbers ending 00 (hop failed), odd (rejected), even (completed); two spellings of
/// one email key.
const PHONES: [&str; 4] = [
    "447700900000",
    "447700900001",
    "+447700900002",
    "447700900004",
];
const EMAILS: [&str; 2] = ["ann@example.com", "Ann@Example.COM"];

#[derive(Clone, Debug)]
enum Op {
    Advance(u64),
    Start {
        steps: Vec<(usize, usize)>,
        timeout: Option<u32>,
        custom: bool,
    },
    StartV1(u8),
    Check {
        request: usize,
        right: bool,
    },
    Cancel(usize),
    Next(usize),
    Hop(usize),
    Reply(usize, bool),
}

fn op() -> impl Strategy<Value = Op> {
    prop_oneof![
        3 => (0u64..300_000).prop_map(Op::Advance),
        3 => (
            proptest::collection::vec((0usize..7, 0usize..6), 1..=3),
            proptest::option::of(15u32..=900),
            any::<bool>()
        )
            .prop_map(|(steps, timeout, custom)| Op::Start { steps, timeout, custom }),
        1 => (0u8..4).prop_map(Op::StartV1),
        3 => (0usize..8, any::<bool>()).prop_map(|(request, right)| Op::Check { request, right }),
        1 => (0usize..8).prop_map(Op::Cancel),
        1 => (0usize..8).prop_map(Op::Next),
        1 => (0usize..8).prop_map(Op::Hop),
        1 => (0usize..8, any::<bool>()).prop_map(|(r, yes)| Op::Reply(r, yes)),
    ]
}

fn body(steps: &[(usize, usize)], timeout: Option<u32>, custom: bool) -> Value {
    let workflow: Vec<Value> = steps
        .iter()
        .map(|&(channel, to)| {
            let channel = CHANNELS[channel];
            let to = if channel == "email" {
                EMAILS[to % 2]
            } else {
                PHONES[to % 4]
            };
            json!({"channel": channel, "to": to})
        })
        .collect();
    let mut body = json!({"brand": "Acme", "workflow": workflow});
    if let Some(timeout) = timeout {
        body["channel_timeout"] = timeout.into();
    }
    if custom {
        body["code"] = "Zz9aB".into();
    }
    body
}

/// What the test remembers of each v2 request, to check the rules from outside.
#[derive(Default)]
struct Seen {
    wrong: u32,
    ended: u32,
    ended_at: Option<u64>,
    status: Option<Status>,
    summaries: u32,
}

struct World {
    engine: Engine,
    out: Vec<Happening>,
    ids: Vec<Uuid>,
    seen: HashMap<Uuid, Seen>,
    last_at: u64,
    log: Vec<Happening>,
}

impl World {
    fn observe(&mut self) -> Result<(), TestCaseError> {
        for happening in self.out.drain(..) {
            prop_assert!(
                happening.at() >= self.last_at,
                "time went back: {happening:?}"
            );
            self.last_at = happening.at();
            self.log.push(happening.clone());
            let Some(id) = happening.v2_request_id() else {
                continue;
            };
            let entry = self.seen.entry(id).or_default();
            match &happening {
                Happening::V2Delivered(d) => {
                    prop_assert!(entry.ended_at.is_none(), "delivered after the end: {d:?}");
                }
                Happening::V2Ended { at, status, .. } => {
                    entry.ended += 1;
                    prop_assert_eq!(entry.ended, 1, "ended twice");
                    entry.ended_at = Some(*at);
                    entry.status = Some(*status);
                }
                Happening::Callback(c) => match &c.body {
                    CallbackBody::Summary(s) => {
                        entry.summaries += 1;
                        prop_assert_eq!(entry.ended_at, Some(c.at), "a summary at the end");
                        prop_assert_eq!(Some(s.status), entry.status);
                        prop_assert_eq!(entry.summaries, 1);
                        prop_assert!(serde_json::from_str::<Value>(&c.json()).is_ok());
                    }
                    CallbackBody::Event(_) => {
                        prop_assert!(entry.ended_at.is_none(), "an event after the end");
                    }
                },
                _ => {}
            }
        }
        Ok(())
    }

    fn pick(&self, i: usize) -> Option<Uuid> {
        self.ids.get(i % self.ids.len().max(1)).copied()
    }

    fn apply(&mut self, op: &Op) -> Result<(), TestCaseError> {
        match op {
            Op::Advance(ms) => {
                let to = self.engine.now() + ms;
                self.engine.advance_to(to, &mut self.out);
            }
            Op::Start {
                steps,
                timeout,
                custom,
            } => {
                let call = Call::Verify2(body(steps, *timeout, *custom));
                match self.engine.call(&call, &mut self.out) {
                    Response::Verify2(Ok(started)) => {
                        prop_assert!(!self.ids.contains(&started.request_id), "ids are unique");
                        self.ids.push(started.request_id);
                    }
                    Response::Verify2(Err(p)) => match p.kind {
                        ProblemKind::Concurrent(running) => {
                            let r = self.engine.v2_request(running);
                            prop_assert!(r.is_some_and(|r| r.status() == Status::InProgress));
                        }
                        // Only silent_auth out of first place is invalid here.
                        ProblemKind::InvalidParams(_) => {
                            prop_assert!(steps.iter().skip(1).any(|s| s.0 == 6));
                        }
                        other => prop_assert!(false, "unexpected {other:?}"),
                    },
                    other => prop_assert!(false, "not a v2 answer: {other:?}"),
                }
            }
            Op::StartV1(n) => {
                let number = format!("44770090000{n}");
                let call = Call::from_pairs(
                    verify_engine::Endpoint::Verify,
                    [
                        ("number", number.as_str()),
                        ("brand", "Acme"),
                        ("workflow_id", "6"),
                    ],
                );
                self.engine.call(&call, &mut self.out);
            }
            Op::Check { request, right } => {
                let Some(id) = self.pick(*request) else {
                    return Ok(());
                };
                let code = self.engine.v2_request(id).map(|r| r.code());
                let code = code.map(|c| if *right { c } else { c.wrong() }.to_string());
                let call = Call::Check2 {
                    request_id: id.to_string(),
                    body: json!({ "code": code }),
                };
                let response = self.engine.call(&call, &mut self.out);
                self.observe()?;
                let entry = self.seen.entry(id).or_default();
                match response {
                    Response::Check2(Ok(_)) => prop_assert!(*right, "only the code completes"),
                    Response::Check2(Err(p)) => match p.kind {
                        ProblemKind::WrongCode => {
                            entry.wrong += 1;
                            prop_assert!(entry.wrong < 3 && !*right);
                        }
                        ProblemKind::TooManyWrong => {
                            entry.wrong += 1;
                            prop_assert_eq!(entry.wrong, 3, "410 on the third wrong code");
                        }
                        ProblemKind::NotFound(_) => prop_assert!(entry.ended == 1),
                        ProblemKind::CodeNotSupported => {}
                        other => prop_assert!(false, "unexpected {other:?}"),
                    },
                    other => prop_assert!(false, "not a check answer: {other:?}"),
                }
            }
            Op::Cancel(i) | Op::Next(i) | Op::Hop(i) | Op::Reply(i, _) => {
                let Some(id) = self.pick(*i) else {
                    return Ok(());
                };
                let request_id = id.to_string();
                let call = match op {
                    Op::Cancel(_) => Call::Cancel2 { request_id },
                    Op::Next(_) => Call::Next2 { request_id },
                    Op::Hop(_) => Call::SilentAuth { request_id },
                    Op::Reply(_, yes) => Call::Reply {
                        request_id,
                        answer: if *yes { "yes" } else { "no" }.into(),
                    },
                    _ => unreachable!(),
                };
                let in_progress = self
                    .engine
                    .v2_request(id)
                    .is_some_and(|r| r.status() == Status::InProgress);
                let response = self.engine.call(&call, &mut self.out);
                if !in_progress {
                    prop_assert_eq!(response.http_status(), 404, "an ended request: 404");
                }
            }
        }
        self.observe()?;
        // One request in progress per key.
        let mut holders: HashMap<Key, Uuid> = HashMap::new();
        for request in self.engine.v2_requests() {
            if request.status() != Status::InProgress {
                continue;
            }
            for step in request.steps() {
                let holder = holders.entry(step.spec.to.key()).or_insert(request.id());
                prop_assert_eq!(
                    *holder,
                    request.id(),
                    "two requests in progress for one key"
                );
            }
        }
        Ok(())
    }
}

fn run(ops: &[Op]) -> Result<Vec<Happening>, TestCaseError> {
    let mut world = World {
        engine: Engine::new(9),
        out: Vec::new(),
        ids: Vec::new(),
        seen: HashMap::new(),
        last_at: 0,
        log: Vec::new(),
    };
    for op in ops {
        world.apply(op)?;
    }
    // Run out the clock: every request ends, exactly once, with its summary unless
    // cancelled.
    while let Some(next) = world.engine.next_due() {
        world.engine.advance_to(next, &mut world.out);
        world.observe()?;
    }
    for request in world.engine.v2_requests() {
        let seen = &world.seen[&request.id()];
        prop_assert!(request.status() != Status::InProgress);
        prop_assert_eq!(seen.ended, 1);
        prop_assert_eq!(request.finalized(), seen.ended_at);
        let summaries = u32::from(request.status() != Status::Cancelled);
        prop_assert_eq!(seen.summaries, summaries);
        prop_assert!(request.wrong_codes() <= 3);
    }
    Ok(world.log)
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(3000))]

    #[test]
    fn the_rules_hold_for_any_sequence_of_v2_calls(ops in proptest::collection::vec(op(), 0..60)) {
        let first = run(&ops)?;
        // The same calls at the same times give the same happenings.
        prop_assert_eq!(run(&ops)?, first);
    }

    /// Left alone, a request follows its plan: each step starts when planned (its
    /// message, or silent_auth's action_pending), and it expires at the planned end.
    #[test]
    fn untouched_requests_follow_their_plan(
        steps in proptest::collection::vec((0usize..6, 0usize..6), 1..=3),
        silent_first in any::<bool>(),
        timeout in proptest::option::of(15u32..=900),
        start in 0u64..100_000,
    ) {
        let mut steps = steps;
        if silent_first {
            steps[0].0 = 6;
        }
        let mut engine = Engine::new(1);
        let mut out = Vec::new();
        engine.advance_to(start, &mut out);
        let call = Call::Verify2(body(&steps, timeout, false));
        let Response::Verify2(Ok(started)) = engine.call(&call, &mut out) else {
            return Err(TestCaseError::fail("not started"));
        };
        let id = started.request_id;
        let plan = engine.v2_request(id).map(|r| r.plan()).unwrap_or_default();
        while let Some(next) = engine.next_due() {
            engine.advance_to(next, &mut out);
        }
        let starts: Vec<_> = out.iter().filter_map(|h| match h {
            Happening::V2Delivered(d) => Some((d.channel, d.at)),
            Happening::Callback(c) => match &c.body {
                CallbackBody::Event(e) if e.finalized.is_none() => Some((e.channel, c.at)),
                _ => None,
            },
            _ => None,
        }).collect();
        prop_assert_eq!(starts, plan.steps);
        let request = engine.v2_request(id).ok_or_else(|| TestCaseError::fail("kept"))?;
        prop_assert_eq!(request.finalized(), Some(plan.end));
        prop_assert_eq!(request.status(), Status::Expired);
    }
}
