//! One cohort of simulated users in one engine: the population model decides, for each
//! SMS and call the engine sends, whether and when its user reads or answers it and types
//! the code; the user then checks it through the engine's real API.

use std::cmp::Reverse;
use std::collections::BinaryHeap;
use std::fmt::Write;
use std::ops::Range;

use rustc_hash::FxHashMap;

use crate::engine::Engine;
use crate::errors::CheckError;
use crate::messages::Pin;
use crate::params::{CheckParams, VerifyParams};
use crate::request::{Happening, RequestStatus};
use crate::time::Millis;
use crate::workflow::{Channel, Workflow};

use super::model::{Delay, Population, CALL_LISTEN_S, PATIENCE_SPREAD};
use super::LabConfig;

/// Users simulated together in one engine. Cohort boundaries are fixed (they never depend
/// on the step budget), so results never depend on how a run is chunked.
pub const COHORT: u32 = 2048;

/// What a workflow's cohorts have found so far.
#[derive(Debug, Default)]
pub(super) struct Tally {
    pub(super) verified: u64,
    pub(super) verified_first_event: u64,
    pub(super) failed: u64,
    pub(super) expired: u64,
    pub(super) gave_up: u64,
    pub(super) sms: u64,
    pub(super) calls: u64,
    pub(super) wrong_checks: u64,
    pub(super) times: Vec<Millis>,
}

/// SplitMix64's finaliser: spreads a counter into well-mixed seed bits.
pub(super) fn mix(mut z: u64) -> u64 {
    z = z.wrapping_add(0x9E37_79B9_7F4A_7C15);
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    z ^ (z >> 31)
}

/// The population model, made ready for drawing: delays tabulated, times in ms.
#[derive(Debug)]
pub(super) struct Model {
    pub(super) sms_reach: f64,
    pub(super) sms_read: Delay,
    pub(super) call_answer: f64,
    pub(super) call_delay: Delay,
    pub(super) ring_ms: Millis,
    pub(super) listen_ms: Millis,
    pub(super) mistype: f64,
    pub(super) retype_ms: Millis,
    pub(super) patience: Option<Delay>,
}

impl Model {
    pub(super) fn new(p: &Population) -> Model {
        Model {
            sms_reach: p.sms_reach,
            sms_read: Delay::lognormal(p.sms_read_median_s, p.sms_read_spread),
            call_answer: p.call_answer,
            call_delay: Delay::lognormal(p.call_answer_median_s, p.call_answer_spread),
            ring_ms: seconds_to_ms(p.call_ring_s),
            listen_ms: seconds_to_ms(CALL_LISTEN_S),
            mistype: p.mistype,
            // At least 1 ms: a retry is always later than the wrong code it follows.
            retype_ms: seconds_to_ms(p.retype_s).max(1),
            patience: p
                .patience_median_s
                .map(|median| Delay::lognormal(median, PATIENCE_SPREAD)),
        }
    }
}

/// Seconds (validated: finite, 0-86400) in whole milliseconds.
pub(super) fn seconds_to_ms(seconds: f64) -> Millis {
    (seconds * 1000.0).round() as Millis
}

/// One simulated person.
#[derive(Debug)]
struct User {
    /// Their own random stream, seeded from the lab seed and their number alone: the same
    /// user has the same traits (coverage, answering, patience) in every workflow.
    rng: fastrand::Rng,
    has_sms: bool,
    answers_calls: bool,
    /// When they stop waiting for a code (`Millis::MAX`: never).
    give_up_at: Millis,
    /// Whether they have typed a code (then they no longer give up).
    engaged: bool,
    /// The newest code they have seen, and when its delivery was sent.
    known: Option<(Millis, Pin)>,
    /// Their request's index in the engine's list, once sent.
    request: Option<u32>,
}

/// What a user does at a moment: type the newest code they know. Small and ordered by
/// plain integers, as it goes through a binary heap: by time, then user, then the order
/// the reads were made in.
#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Debug)]
struct Action {
    at: Millis,
    user: u32,
    /// The delivery just read or heard (an index into the cohort's `reads`), or
    /// [`RETYPE`] for typing again after a wrong code.
    read: u32,
}

/// [`Action::read`] of a retry after a wrong code.
const RETYPE: u32 = u32::MAX;

/// The reusable machinery of one cohort: its buffers live across cohorts.
#[derive(Debug, Default)]
pub(super) struct Cohort {
    users: Vec<User>,
    by_request: FxHashMap<u128, u32>,
    actions: BinaryHeap<Reverse<Action>>,
    /// Deliveries that reached a user: when they were sent, and their PIN.
    reads: Vec<(Millis, Pin)>,
    out: Vec<Happening>,
    verify: VerifyParams,
    check: CheckParams,
}

impl Cohort {
    /// Simulates the users numbered `users` (all in one cohort) on `workflow`, on a fresh
    /// engine, adding what happened to `tally`.
    pub(super) fn run(
        &mut self,
        model: &Model,
        config: &LabConfig,
        workflow: Workflow,
        users: Range<u32>,
        tally: &mut Tally,
    ) {
        let seed = config.seed;
        let cohort = u64::from(users.start / COHORT);
        let mut engine = Engine::new(mix(seed ^ mix(u64::from(workflow.id()) << 32 | cohort)));
        let count = users.len();
        self.users.clear();
        self.users.reserve(count);
        self.by_request.clear();
        self.by_request.reserve(count);
        self.actions.clear();
        self.reads.clear();
        self.out.clear();
        self.verify = config.population.verify_params(workflow);
        self.check = CheckParams {
            request_id: Some(String::with_capacity(32)),
            code: Some(String::with_capacity(8)),
            ..CheckParams::default()
        };
        let mut number = String::with_capacity(16);

        // Everyone asks for a code at time 0, each from their own number.
        for (offset, index) in users.enumerate() {
            let mut rng = fastrand::Rng::with_seed(mix(seed.wrapping_add(mix(u64::from(index)))));
            let has_sms = rng.f64() < model.sms_reach;
            let answers_calls = rng.f64() < model.call_answer;
            let give_up_at = match &model.patience {
                Some(patience) => patience.sample(&mut rng),
                None => Millis::MAX,
            };
            number.clear();
            push_number(&mut number, index);
            self.verify.number = Some(number);
            let position = engine.requests().len() as u32;
            let request = match engine.verify(&self.verify, &mut self.out) {
                Ok(id) => {
                    self.by_request.insert(id.0, offset as u32);
                    Some(position)
                }
                // Cannot happen: the model's timings were validated and every number is
                // distinct. Such a user would count as expired.
                Err(_) => None,
            };
            number = self.verify.number.take().unwrap_or_default();
            self.users.push(User {
                rng,
                has_sms,
                answers_calls,
                give_up_at,
                engaged: false,
                known: None,
                request,
            });
            self.take_happenings(model);
        }

        // Time moves to whichever comes first: the engine's next timer or a user's next
        // action. On a tie the engine goes first, as the rules order things due at T
        // before a call made at T.
        loop {
            let mine = self.actions.peek().map(|Reverse(a)| a.at);
            match (engine.next_due(), mine) {
                (None, None) => break,
                (Some(due), mine) if mine.is_none_or(|m| due <= m) => {
                    engine.advance_to(due, &mut self.out);
                    self.take_happenings(model);
                }
                _ => {
                    let Some(Reverse(action)) = self.actions.pop() else {
                        break;
                    };
                    engine.advance_to(action.at, &mut self.out);
                    self.take_happenings(model);
                    self.act(&mut engine, action, model, tally);
                }
            }
        }

        // Every request has ended: read the outcomes from the engine.
        let requests = engine.requests();
        for user in &self.users {
            let Some(request) = user.request.and_then(|i| requests.get(i as usize)) else {
                tally.expired += 1;
                continue;
            };
            for delivery in request.deliveries() {
                match delivery.channel {
                    Channel::Sms => tally.sms += 1,
                    Channel::Tts => tally.calls += 1,
                }
            }
            let ended = request.finalized().unwrap_or(Millis::MAX);
            match request.status() {
                RequestStatus::Success => {
                    tally.verified += 1;
                    tally.verified_first_event += u64::from(request.deliveries().len() == 1);
                    tally.times.push(ended - request.submitted());
                }
                RequestStatus::Failed => tally.failed += 1,
                _ if !user.engaged && user.give_up_at < ended => tally.gave_up += 1,
                _ => tally.expired += 1,
            }
        }
    }

    /// Turns the engine's deliveries into the moments users type their codes.
    fn take_happenings(&mut self, model: &Model) {
        for happening in self.out.drain(..) {
            let Happening::Delivered(delivery) = happening else {
                continue;
            };
            let Some(&offset) = self.by_request.get(&delivery.request_id.0) else {
                continue;
            };
            let Some(user) = self.users.get_mut(offset as usize) else {
                continue;
            };
            let delay = match delivery.channel {
                Channel::Sms if user.has_sms => model.sms_read.sample(&mut user.rng),
                Channel::Tts if user.answers_calls => {
                    let pick_up = model.call_delay.sample(&mut user.rng);
                    if pick_up > model.ring_ms {
                        continue; // the call stopped ringing first: missed
                    }
                    pick_up + model.listen_ms
                }
                _ => continue,
            };
            let at = delivery.at.saturating_add(delay);
            if !user.engaged && at > user.give_up_at {
                continue; // they had stopped waiting before this code reached them
            }
            let read = self.reads.len() as u32;
            self.reads.push((delivery.at, delivery.pin));
            self.actions.push(Reverse(Action {
                at,
                user: offset,
                read,
            }));
        }
    }

    /// A user types the newest code they know, possibly mistyped.
    fn act(&mut self, engine: &mut Engine, action: Action, model: &Model, tally: &mut Tally) {
        let Some(user) = self.users.get_mut(action.user as usize) else {
            return;
        };
        let Some(request) = user.request.and_then(|i| engine.requests().get(i as usize)) else {
            return;
        };
        if request.status() != RequestStatus::InProgress {
            return; // verified, failed or expired while they were reading
        }
        let id = request.id();
        if let Some(&(sent, pin)) = self.reads.get(action.read as usize) {
            if user.known.is_none_or(|(newest, _)| sent >= newest) {
                user.known = Some((sent, pin));
            }
        }
        let Some((_, pin)) = user.known else {
            return;
        };
        user.engaged = true;
        let typed = if user.rng.f64() < model.mistype {
            pin.wrong()
        } else {
            pin
        };
        if let (Some(request_id), Some(code)) = (&mut self.check.request_id, &mut self.check.code) {
            request_id.clear();
            id.push_to(request_id);
            code.clear();
            // Writing into a String cannot fail.
            let _ = write!(code, "{typed}");
        }
        match engine.check(&self.check, &mut self.out) {
            Ok(_) => {}
            Err(CheckError::Mismatch(_)) => {
                tally.wrong_checks += 1;
                self.actions.push(Reverse(Action {
                    at: action.at.saturating_add(model.retype_ms),
                    user: action.user,
                    read: RETYPE,
                }));
            }
            Err(CheckError::TooManyWrong(_)) => tally.wrong_checks += 1,
            Err(_) => {}
        }
        // A check sends nothing new: only the end of the request, which is read later.
        self.out.clear();
    }
}

/// Appends the lab's number for user `index`: `447` and nine digits.
pub(super) fn push_number(text: &mut String, index: u32) {
    let mut digits = *b"447000000000";
    let mut rest = index;
    for digit in digits[3..].iter_mut().rev() {
        *digit = b'0' + (rest % 10) as u8;
        rest /= 10;
    }
    push_ascii(text, &digits);
}

/// Appends ASCII bytes (anything else would be a bug, and is left out).
fn push_ascii(text: &mut String, bytes: &[u8]) {
    if let Ok(ascii) = std::str::from_utf8(bytes) {
        text.push_str(ascii);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::lab::MAX_USERS_PER_WORKFLOW;

    #[test]
    fn numbers_are_distinct_and_valid() {
        let mut text = String::new();
        push_number(&mut text, 123);
        assert_eq!(text, "447000000123");
        text.clear();
        push_number(&mut text, MAX_USERS_PER_WORKFLOW - 1);
        assert_eq!(text, "447000999999");
        assert_eq!(crate::normalise_number(&text), text);
    }
}
