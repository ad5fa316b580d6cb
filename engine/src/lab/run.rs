//! The Monte Carlo driver: simulated users going through the engine's real API, in
//! cohorts, with a work budget per step so that a browser can run it in chunks.

use std::cmp::Reverse;
use std::collections::{BinaryHeap, HashMap};
use std::fmt::Write;
use std::hash::{BuildHasherDefault, Hasher};
use std::ops::Range;

use crate::engine::Engine;
use crate::errors::CheckError;
use crate::messages::Pin;
use crate::params::{CheckParams, VerifyParams};
use crate::request::{Happening, RequestStatus};
use crate::time::Millis;
use crate::workflow::{Channel, Workflow};

use super::model::{Delay, Population, CALL_LISTEN_S, PATIENCE_SPREAD};
use super::results::{percentile, Histogram, LabResults, WorkflowResult};
use super::{LabConfig, LabError};

/// Users simulated together in one engine. Cohort boundaries are fixed (they never depend
/// on the step budget), so results never depend on how a run is chunked.
pub const COHORT: u32 = 2048;

/// The most buckets a time-to-verify histogram has.
pub const HISTOGRAM_BUCKETS: usize = 40;

/// How far a run has got.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Progress {
    /// Users whose lifecycle is complete, over every workflow.
    pub users_done: u64,
    /// Users to simulate in all (users per workflow × 7).
    pub users_total: u64,
}

impl Progress {
    /// Whether every user has been simulated.
    pub fn is_finished(self) -> bool {
        self.users_done >= self.users_total
    }

    /// Done so far, 0-1.
    pub fn fraction(self) -> f64 {
        if self.users_total == 0 {
            1.0
        } else {
            self.users_done as f64 / self.users_total as f64
        }
    }
}

/// A lab run in progress: the seven workflows one after the other, each as
/// `users_per_workflow` users in cohorts of [`COHORT`].
///
/// ```
/// use verify_engine::lab::{LabConfig, LabRun};
///
/// let config = LabConfig { users_per_workflow: 500, ..LabConfig::default() };
/// let mut run = LabRun::new(config).expect("the default model is valid");
/// while !run.step(1_000).is_finished() {}
/// let results = run.results().expect("finished");
/// assert_eq!(results.workflows.len(), 7);
/// ```
#[derive(Debug)]
pub struct LabRun {
    config: LabConfig,
    /// Index into `Workflow::ALL` of the workflow being simulated.
    workflow: usize,
    /// Users of that workflow already simulated.
    users_done_in_workflow: u32,
    tally: Tally,
    done: Vec<WorkflowResult>,
    span_ms: Millis,
    model: Model,
    sim: Cohort,
}

/// What a workflow's cohorts have found so far.
#[derive(Debug, Default)]
struct Tally {
    verified: u64,
    verified_first_event: u64,
    failed: u64,
    expired: u64,
    gave_up: u64,
    sms: u64,
    calls: u64,
    wrong_checks: u64,
    times: Vec<Millis>,
}

impl LabRun {
    /// Checks the configuration and prepares a run.
    pub fn new(config: LabConfig) -> Result<LabRun, LabError> {
        config.validate()?;
        let span_ms = Workflow::ALL
            .iter()
            .map(|&w| config.population.timings(w).plan(0).end)
            .max()
            .unwrap_or(0);
        Ok(LabRun {
            model: Model::new(&config.population),
            config,
            workflow: 0,
            users_done_in_workflow: 0,
            tally: Tally::default(),
            done: Vec::with_capacity(Workflow::ALL.len()),
            span_ms,
            sim: Cohort::default(),
        })
    }

    /// The configuration being run.
    pub fn config(&self) -> &LabConfig {
        &self.config
    }

    /// How far the run has got.
    pub fn progress(&self) -> Progress {
        let per = u64::from(self.config.users_per_workflow);
        Progress {
            users_done: self.workflow as u64 * per + u64::from(self.users_done_in_workflow),
            users_total: Workflow::ALL.len() as u64 * per,
        }
    }

    /// Simulates whole cohorts until at least `max_users` more users are done (or the
    /// run is finished); at least one cohort runs whatever the budget.
    pub fn step(&mut self, max_users: u32) -> Progress {
        let mut budget = i64::from(max_users);
        while let Some(&workflow) = Workflow::ALL.get(self.workflow) {
            let first = self.users_done_in_workflow;
            let count = COHORT.min(self.config.users_per_workflow - first);
            self.sim.run(
                &self.model,
                &self.config,
                workflow,
                first..first + count,
                &mut self.tally,
            );
            self.users_done_in_workflow += count;
            budget -= i64::from(count);
            if self.users_done_in_workflow >= self.config.users_per_workflow {
                let tally = std::mem::take(&mut self.tally);
                self.done.push(tally.finish(
                    workflow,
                    self.config.users_per_workflow,
                    &self.config.population,
                    self.span_ms,
                ));
                self.workflow += 1;
                self.users_done_in_workflow = 0;
            }
            if budget <= 0 {
                break;
            }
        }
        self.progress()
    }

    /// The workflows finished so far, in id order.
    pub fn finished_workflows(&self) -> &[WorkflowResult] {
        &self.done
    }

    /// The results, once every workflow has run.
    pub fn results(&self) -> Option<LabResults> {
        self.progress().is_finished().then(|| LabResults {
            seed: self.config.seed,
            population: self.config.population.clone(),
            workflows: self.done.clone(),
        })
    }

    /// Runs to the end and returns the results.
    pub fn finish(mut self) -> LabResults {
        while !self.step(u32::MAX).is_finished() {}
        LabResults {
            seed: self.config.seed,
            population: self.config.population,
            workflows: self.done,
        }
    }
}

impl Tally {
    fn finish(
        mut self,
        workflow: Workflow,
        users: u32,
        population: &Population,
        span_ms: Millis,
    ) -> WorkflowResult {
        let median_ms = percentile(&mut self.times, 50);
        let p90_ms = percentile(&mut self.times, 90);
        let mut histogram = Histogram::covering(span_ms, HISTOGRAM_BUCKETS);
        for &t in &self.times {
            histogram.add(t);
        }
        WorkflowResult {
            workflow: workflow.id(),
            users: u64::from(users),
            verified: self.verified,
            verified_first_event: self.verified_first_event,
            failed_wrong_codes: self.failed,
            expired: self.expired,
            gave_up: self.gave_up,
            sms_sent: self.sms,
            calls_sent: self.calls,
            wrong_checks: self.wrong_checks,
            median_ms,
            p90_ms,
            histogram,
            price_sms: population.price_sms,
            price_call: population.price_call,
        }
    }
}

/// SplitMix64's finaliser: spreads a counter into well-mixed seed bits.
fn mix(mut z: u64) -> u64 {
    z = z.wrapping_add(0x9E37_79B9_7F4A_7C15);
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    z ^ (z >> 31)
}

/// A hasher for request ids, which are already uniformly random: it just folds them.
#[derive(Default)]
struct IdHasher(u64);

impl Hasher for IdHasher {
    fn write(&mut self, bytes: &[u8]) {
        for &b in bytes {
            self.0 = self.0.rotate_left(8) ^ u64::from(b);
        }
    }
    fn write_u128(&mut self, n: u128) {
        self.0 = (n as u64) ^ ((n >> 64) as u64);
    }
    fn finish(&self) -> u64 {
        self.0
    }
}

/// The population model, made ready for drawing: delays tabulated, times in ms.
#[derive(Debug)]
struct Model {
    sms_reach: f64,
    sms_read: Delay,
    call_answer: f64,
    call_delay: Delay,
    ring_ms: Millis,
    listen_ms: Millis,
    mistype: f64,
    retype_ms: Millis,
    patience: Option<Delay>,
}

impl Model {
    fn new(p: &Population) -> Model {
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
fn seconds_to_ms(seconds: f64) -> Millis {
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
struct Cohort {
    users: Vec<User>,
    by_request: HashMap<u128, u32, BuildHasherDefault<IdHasher>>,
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
    fn run(
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
            push_hex(request_id, id.0);
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

/// Appends `value` as 32 lowercase hex digits, as a request id is written. (Shifting a
/// `u128` is a library call in WebAssembly: the halves are shifted as `u64`s.)
fn push_hex(text: &mut String, value: u128) {
    const HEX: &[u8; 16] = b"0123456789abcdef";
    let mut digits = [0u8; 32];
    let halves = [(value >> 64) as u64, value as u64];
    for (chunk, half) in digits.chunks_exact_mut(16).zip(halves) {
        for (i, digit) in chunk.iter_mut().enumerate() {
            *digit = HEX[(half >> ((15 - i) * 4)) as usize & 0xf];
        }
    }
    push_ascii(text, &digits);
}

/// Appends the lab's number for user `index`: `447` and nine digits.
fn push_number(text: &mut String, index: u32) {
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
    use crate::ids::RequestId;
    use crate::lab::MAX_USERS_PER_WORKFLOW;

    #[test]
    fn hex_is_written_as_request_ids_are() {
        for value in [0, 1, 0xc503_7cb8_b474_4915_8ed6_611a_fde5_8990, u128::MAX] {
            let mut text = String::new();
            push_hex(&mut text, value);
            assert_eq!(text, RequestId(value).to_string());
        }
    }

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

    #[test]
    fn cohorts_do_not_depend_on_the_step_budget() {
        let config = LabConfig {
            users_per_workflow: COHORT + 10,
            ..LabConfig::default()
        };
        let mut small = LabRun::new(config.clone()).unwrap();
        let mut big = LabRun::new(config).unwrap();
        assert_eq!(small.step(1).users_done, u64::from(COHORT));
        assert_eq!(small.step(1).users_done, u64::from(COHORT) + 10);
        assert_eq!(big.step(3 * COHORT).users_done, 3 * u64::from(COHORT) + 20);
        while !small.step(1).is_finished() {}
        while !big.step(COHORT * 5).is_finished() {}
        assert_eq!(small.results(), big.results());
    }
}
