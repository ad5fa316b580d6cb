//! One cohort of simulated users on one Verify v2 channel sequence, through the engine's
//! v2 API: the users are v1's (same coverage, answering and patience, drawn from the same
//! stream), plus WhatsApp, email and silent-auth traits drawn after those. The engine
//! starts each step when its turn comes; the model decides when each user reads its code
//! and types it; silent authentication's outcome is the sandbox's (Part C5), decided by a
//! number the lab gives each user from their trait.

use std::cmp::Reverse;
use std::collections::BinaryHeap;
use std::ops::Range;
use std::sync::Arc;

use rustc_hash::FxHashMap;
use serde_json::{json, Value};

use crate::engine::Engine;
use crate::ids::Uuid;
use crate::number::PhoneNumber;
use crate::request::Happening;
use crate::time::Millis;
use crate::v2::{
    parse_start, CallbackBody, Channel, Code, EventStatus, Hop, ProblemKind, Recipient,
    StartRequest, Status,
};

use super::cohort::{mix, push_number, seconds_to_ms, Model, COHORT};
use super::model::Delay;
use super::results::percentile;
use super::sequence::Sequence;
use super::{LabConfig, Population};

/// The v2 traits of the model, made ready for drawing.
#[derive(Debug)]
pub(super) struct ModelV2 {
    whatsapp_reach: f64,
    whatsapp_read: Delay,
    email_reach: f64,
    email_read: Delay,
    silent_auth_success: f64,
    silent_auth_ms: Millis,
}

impl ModelV2 {
    pub(super) fn new(p: &Population) -> ModelV2 {
        ModelV2 {
            whatsapp_reach: p.whatsapp_reach,
            whatsapp_read: Delay::lognormal(p.whatsapp_read_median_s, p.whatsapp_read_spread),
            email_reach: p.email_reach,
            email_read: Delay::lognormal(p.email_read_median_s, p.email_read_spread),
            silent_auth_success: p.silent_auth_success,
            silent_auth_ms: seconds_to_ms(p.silent_auth_s),
        }
    }
}

/// What a sequence's cohorts have found so far.
#[derive(Debug, Default)]
pub(super) struct TallyV2 {
    pub(super) verified: u64,
    pub(super) verified_first_event: u64,
    pub(super) failed: u64,
    pub(super) expired: u64,
    pub(super) gave_up: u64,
    /// Steps started per channel: sms, voice, whatsapp, email, silent_auth.
    pub(super) steps: [u64; 5],
    pub(super) wrong_checks: u64,
    pub(super) times: Vec<Millis>,
}

impl TallyV2 {
    /// The median and 90th percentile of the times to verify.
    pub(super) fn percentiles(&mut self) -> (Option<Millis>, Option<Millis>) {
        (
            percentile(&mut self.times, 50),
            percentile(&mut self.times, 90),
        )
    }
}

/// One simulated person.
#[derive(Debug)]
struct User {
    rng: fastrand::Rng,
    has_sms: bool,
    answers_calls: bool,
    has_whatsapp: bool,
    has_email: bool,
    give_up_at: Millis,
    engaged: bool,
    /// The code they know (a v2 request has one code for every step).
    known: Option<Code>,
    /// Their request id as the API writes it, once started.
    id: Option<String>,
    ended: bool,
}

/// What a user does at a moment, ordered by time, then user, then creation.
#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Debug)]
struct Action {
    at: Millis,
    user: u32,
    /// An index into the cohort's codes read, or [`RETYPE`] or [`HOP`].
    what: u32,
}

/// [`Action::what`] of typing again after a wrong code.
const RETYPE: u32 = u32::MAX;
/// [`Action::what`] of the device's silent-auth hop.
const HOP: u32 = u32::MAX - 1;

/// Simulates the users numbered `users` (all in one cohort) on sequence `index`.
pub(super) fn run_cohort(
    model: &Model,
    v2: &ModelV2,
    config: &LabConfig,
    index: u8,
    users: Range<u32>,
    tally: &mut TallyV2,
) {
    let Some(sequence) = Sequence::at(index) else {
        return;
    };
    let seed = config.seed;
    let cohort = u64::from(users.start / COHORT);
    let mut engine = Engine::new(mix(seed ^ mix(u64::from(100 + index) << 32 | cohort)));
    let mut sim = Sim {
        users: Vec::with_capacity(users.len()),
        by_request: FxHashMap::default(),
        actions: BinaryHeap::new(),
        codes: Vec::new(),
        out: Vec::new(),
        check: json!({ "code": String::with_capacity(16) }),
    };
    // Validated once: each user's start is this one with their own recipients.
    let template = parse_start(&start_body(sequence, config.population.channel_timeout_s())).ok();
    let mut scratch = String::with_capacity(40);
    for (offset, user_index) in users.enumerate() {
        // The same stream and draws as the user's v1 self, then the v2 traits.
        let mut rng = fastrand::Rng::with_seed(mix(seed.wrapping_add(mix(u64::from(user_index)))));
        let has_sms = rng.f64() < model.sms_reach;
        let answers_calls = rng.f64() < model.call_answer;
        let give_up_at = match &model.patience {
            Some(patience) => patience.sample(&mut rng),
            None => Millis::MAX,
        };
        let has_whatsapp = rng.f64() < v2.whatsapp_reach;
        let has_email = rng.f64() < v2.email_reach;
        let silent_ok = rng.f64() < v2.silent_auth_success;
        let start = template
            .as_ref()
            .and_then(|start| addressed(start, sequence, user_index, silent_ok, &mut scratch));
        let id = match start.map(|start| engine.verify2_request(start, &mut sim.out)) {
            Some(Ok(started)) => {
                sim.by_request.insert(started.request_id, offset as u32);
                Some(started.request_id.to_string())
            }
            // Cannot happen: the body is valid and every number distinct. Counted expired.
            _ => None,
        };
        sim.users.push(User {
            rng,
            has_sms,
            answers_calls,
            has_whatsapp,
            has_email,
            give_up_at,
            engaged: false,
            known: None,
            id,
            ended: false,
        });
        sim.take_happenings(model, v2, tally);
    }
    loop {
        let mine = sim.actions.peek().map(|Reverse(a)| a.at);
        match (engine.next_due(), mine) {
            (None, None) => break,
            (Some(due), mine) if mine.is_none_or(|m| due <= m) => {
                engine.advance_to(due, &mut sim.out);
                sim.take_happenings(model, v2, tally);
            }
            _ => {
                let Some(Reverse(action)) = sim.actions.pop() else {
                    break;
                };
                engine.advance_to(action.at, &mut sim.out);
                sim.take_happenings(model, v2, tally);
                sim.act(&mut engine, action, model, tally);
                sim.take_happenings(model, v2, tally);
            }
        }
    }
    // A request that never sent its summary (it could not start): expired.
    tally.expired += sim.users.iter().filter(|u| !u.ended).count() as u64;
}

/// The start body of `sequence`, its recipients to be filled in per user by
/// [`addressed`]: parsed by the engine once per cohort, as the API would parse it.
fn start_body(sequence: Sequence, timeout: u32) -> Value {
    let steps: Vec<Value> = sequence
        .channels
        .iter()
        .map(|channel| {
            let to = match channel {
                super::LabChannel::Email => "user@reach-lab.example",
                _ => "447000000000",
            };
            json!({ "channel": channel.as_str(), "to": to })
        })
        .collect();
    json!({ "brand": "Reach lab", "channel_timeout": timeout, "workflow": steps })
}

/// `start` pointed at user `index`: every phone step to one number whose last two digits
/// tell the sandbox the user's silent-auth outcome (`02` completes, `00` fails), the email
/// step to an address of their own. `None` if a number could not be made (it always can).
fn addressed(
    start: &StartRequest,
    sequence: Sequence,
    index: u32,
    silent_ok: bool,
    scratch: &mut String,
) -> Option<StartRequest> {
    let mut start = start.clone();
    for (step, channel) in start.steps.iter_mut().zip(sequence.channels) {
        scratch.clear();
        if *channel == super::LabChannel::Email {
            scratch.push_str("user");
            push_number(scratch, index);
            scratch.push_str("@reach-lab.example");
            step.to = Recipient::Email(Arc::from(scratch.as_str()));
        } else {
            push_number(scratch, index);
            scratch.push_str(if silent_ok { "02" } else { "00" });
            step.to = Recipient::Phone(PhoneNumber::new(scratch)?);
        }
    }
    Some(start)
}

/// A cohort's state.
struct Sim {
    users: Vec<User>,
    by_request: FxHashMap<Uuid, u32>,
    actions: BinaryHeap<Reverse<Action>>,
    codes: Vec<Code>,
    out: Vec<Happening>,
    /// The check body, its code rewritten for each check.
    check: Value,
}

impl Sim {
    /// Turns what the engine sent into users' actions, and ends into the tally.
    fn take_happenings(&mut self, model: &Model, v2: &ModelV2, tally: &mut TallyV2) {
        // Taken and given back, so that its buffer is kept.
        let mut out = std::mem::take(&mut self.out);
        for happening in out.drain(..) {
            let (request_id, at) = match &happening {
                Happening::V2Delivered(d) => (d.request_id, d.at),
                Happening::Callback(c) => (c.request_id, c.at),
                _ => continue,
            };
            let Some(&offset) = self.by_request.get(&request_id) else {
                continue;
            };
            let Some(user) = self.users.get_mut(offset as usize) else {
                continue;
            };
            let (delay, what) = match happening {
                Happening::V2Delivered(delivery) => {
                    let Some(code) = delivery.code else { continue };
                    let delay = match delivery.channel {
                        Channel::Sms if user.has_sms => model.sms_read.sample(&mut user.rng),
                        Channel::Whatsapp if user.has_whatsapp => {
                            v2.whatsapp_read.sample(&mut user.rng)
                        }
                        Channel::Email if user.has_email => v2.email_read.sample(&mut user.rng),
                        Channel::Voice if user.answers_calls => {
                            let pick_up = model.call_delay.sample(&mut user.rng);
                            if pick_up > model.ring_ms {
                                continue; // missed
                            }
                            pick_up + model.listen_ms
                        }
                        _ => continue,
                    };
                    self.codes.push(code);
                    (delay, self.codes.len() as u32 - 1)
                }
                Happening::Callback(callback) => match callback.body {
                    CallbackBody::Event(event) if event.status == EventStatus::ActionPending => {
                        (v2.silent_auth_ms, HOP)
                    }
                    CallbackBody::Summary(summary) => {
                        user.ended = true;
                        for step in summary.workflow.iter().filter(|s| s.initiated.is_some()) {
                            let slot = match step.channel {
                                Channel::Sms => 0,
                                Channel::Voice => 1,
                                Channel::Whatsapp => 2,
                                Channel::Email => 3,
                                _ => 4,
                            };
                            tally.steps[slot] += 1;
                        }
                        match summary.status {
                            Status::Completed => {
                                tally.verified += 1;
                                let started =
                                    summary.workflow.iter().filter(|s| s.initiated.is_some());
                                tally.verified_first_event += u64::from(started.count() == 1);
                                tally.times.push(at - summary.submitted);
                            }
                            Status::Failed => tally.failed += 1,
                            _ if !user.engaged && user.give_up_at < at => tally.gave_up += 1,
                            _ => tally.expired += 1,
                        }
                        continue;
                    }
                    _ => continue,
                },
                _ => continue,
            };
            let when = at.saturating_add(delay);
            if what != HOP && !user.engaged && when > user.give_up_at {
                continue; // they had stopped waiting
            }
            self.actions.push(Reverse(Action {
                at: when,
                user: offset,
                what,
            }));
        }
        self.out = out;
    }

    /// A user types the code they know (or the device hops and the app checks its code).
    fn act(&mut self, engine: &mut Engine, action: Action, model: &Model, tally: &mut TallyV2) {
        let Some(user) = self.users.get_mut(action.user as usize) else {
            return;
        };
        let Some(id) = user.id.as_deref() else {
            return;
        };
        if user.ended {
            return;
        }
        let typed = if action.what == HOP {
            match engine.silent_auth(id, &mut self.out) {
                // The app checks the code the hop gave it: no typing, no slip.
                Ok(Hop::Code { code, .. }) => code,
                _ => return,
            }
        } else {
            if let Some(&code) = self.codes.get(action.what as usize) {
                user.known = Some(code);
            }
            let Some(code) = user.known else {
                return;
            };
            user.engaged = true;
            if user.rng.f64() < model.mistype {
                code.wrong()
            } else {
                code
            }
        };
        if let Some(Value::String(code)) = self.check.get_mut("code") {
            code.clear();
            code.push_str(typed.as_str());
        }
        match engine.check2(id, &self.check, &mut self.out) {
            Err(problem) if problem.kind == ProblemKind::WrongCode => {
                tally.wrong_checks += 1;
                self.actions.push(Reverse(Action {
                    at: action.at.saturating_add(model.retype_ms),
                    user: action.user,
                    what: RETYPE,
                }));
            }
            Err(problem) if problem.kind == ProblemKind::TooManyWrong => tally.wrong_checks += 1,
            _ => {}
        }
    }
}
