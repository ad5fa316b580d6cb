//! The simulator: requests in virtual time, driven by a timer queue. The v1 calls'
//! rules are in `v1.rs`, v2's in `v2/`; this file holds what both run on: the clock, the
//! queue, the requests held and their retention.

use std::collections::VecDeque;
use std::sync::Arc;

use rustc_hash::FxHashMap;

use crate::ids::RequestId;
use crate::number::PhoneNumber;
use crate::request::{Happening, Request, RequestStatus};
use crate::time::{Millis, StartDate};
use crate::timers::TimerQueue;

/// The whole Verify API, simulated. Time only moves when [`Engine::advance_to`] says so,
/// and every random choice (ids, PINs) comes from the seed: the same calls at the same
/// times always give the same answers.
#[derive(Clone, Debug)]
pub struct Engine {
    pub(crate) now: Millis,
    pub(crate) start: StartDate,
    pub(crate) rng: fastrand::Rng,
    /// The requests held, oldest first: `requests[0]` is the request at position
    /// `dropped` (positions count every request ever started).
    pub(crate) requests: Vec<Request>,
    /// Forgotten requests no longer held at the front of `requests`.
    pub(crate) dropped: usize,
    /// Positions of the requests that can be looked up (forgotten ones are not).
    pub(crate) by_id: FxHashMap<RequestId, u32>,
    /// Numbers with a request in progress, for the one-at-a-time rule.
    pub(crate) busy_numbers: FxHashMap<PhoneNumber, u32>,
    /// The brand of the latest request, shared with the next one when it is the same.
    pub(crate) last_brand: Option<Arc<str>>,
    /// Everything due, in order, with the schedule generation it was set under.
    pub(crate) timers: TimerQueue,
    /// How long a finished request stays known; `None`: for ever.
    pub(crate) retention: Option<Millis>,
    /// Finished requests to forget, by the time they are forgotten (in order, since
    /// requests finish as time goes on).
    pub(crate) forget: VecDeque<(Millis, u32)>,
    /// Requests ever started, v1 and v2: the next one's creation order.
    pub(crate) created: u32,
    /// PSD2 requests' amounts (rounded, as their texts show them), by position: kept
    /// beside the requests so that a `/verify` request costs nothing more.
    pub(crate) payments: FxHashMap<u32, Arc<str>>,
    /// The faults in force (Part A8); empty unless a fault call set one.
    pub(crate) faults: crate::faults::Faults,
    /// The Verify v2 requests, beside the v1 ones on the same clock and timer queue.
    #[cfg(feature = "v2")]
    pub(crate) v2: crate::v2::Book,
}

/// Forgotten requests are dropped from the front once at least this many (and half of
/// those held) are forgotten: the memory comes back in batches, amortised O(1).
const DROP_BATCH: usize = 256;

/// Something due at a moment. Ordered by time, then by the request's creation order
/// among every request, v1 and v2 (Part A's ties, C7), as the rules order simultaneous
/// things.
#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Debug)]
pub(crate) struct Timer {
    pub(crate) at: Millis,
    /// The request's creation order, v1 and v2 counted together.
    pub(crate) order: u32,
    /// The kind in the top two bits (so one request's timers at one moment keep the
    /// kinds' order), and below them the request's position among its own kind: v1
    /// requests for the v1 kinds, v2 requests for [`TimerKind::Step`]. Packed so that a
    /// timer stays 16 bytes, as before v2: the queue stays as small.
    packed: u32,
}

/// Bits of [`Timer::packed`] that hold the request's position.
const SLOT_BITS: u32 = 30;

impl Timer {
    pub(crate) fn new(at: Millis, order: u32, kind: TimerKind, slot: u32) -> Timer {
        assert!(
            slot < 1 << SLOT_BITS,
            "more than 2^30 requests of one API in one engine"
        );
        Timer {
            at,
            order,
            packed: (kind as u32) << SLOT_BITS | slot,
        }
    }

    pub(crate) fn kind(self) -> TimerKind {
        match self.packed >> SLOT_BITS {
            0 => TimerKind::PinDies,
            1 => TimerKind::Event,
            #[cfg(feature = "v2")]
            3 => TimerKind::Step,
            _ => TimerKind::Expire,
        }
    }

    pub(crate) fn slot(self) -> u32 {
        self.packed & ((1 << SLOT_BITS) - 1)
    }
}

#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Debug)]
pub(crate) enum TimerKind {
    /// The current PIN dies. Changes nothing by itself (checks compare times) but is a
    /// moment worth skipping to.
    PinDies = 0,
    /// The next event of the workflow.
    Event = 1,
    /// The workflow is over: the request expires.
    Expire = 2,
    /// A v2 request's current step times out.
    #[cfg(feature = "v2")]
    Step = 3,
}

impl Engine {
    /// An engine at time 0 whose dates start at the default start date.
    pub fn new(seed: u64) -> Engine {
        Engine::with_start(seed, StartDate::default())
    }

    /// An engine at time 0 whose search dates count from `start`.
    pub fn with_start(seed: u64, start: StartDate) -> Engine {
        Engine {
            now: 0,
            start,
            rng: fastrand::Rng::with_seed(seed),
            requests: Vec::new(),
            dropped: 0,
            by_id: FxHashMap::default(),
            busy_numbers: FxHashMap::default(),
            last_brand: None,
            timers: TimerQueue::default(),
            retention: None,
            forget: VecDeque::new(),
            created: 0,
            payments: FxHashMap::default(),
            faults: crate::faults::Faults::default(),
            #[cfg(feature = "v2")]
            v2: crate::v2::Book::default(),
        }
    }

    /// Forgets finished requests `retention` after they end: their ids then answer as
    /// unknown (search 101, check and control 6), as the real API does for old requests,
    /// and their memory is given back. For a long-running server; `None` (the default)
    /// keeps every request. Set it before the first call: requests that ended earlier
    /// are kept.
    pub fn set_retention(&mut self, retention: Option<Millis>) {
        self.retention = retention;
    }

    /// How long finished requests are kept, if not for ever.
    pub fn retention(&self) -> Option<Millis> {
        self.retention
    }

    /// The seed that makes a fresh engine carry on exactly as this one from now, when
    /// this one holds nothing that could matter any more (every request it started is
    /// forgotten, or none was started, and no fault is in force): replaying the calls made from now on, on
    /// `Engine::with_start(seed, start_date)`, gives the same answers. `None` otherwise.
    pub fn idle_seed(&self) -> Option<u64> {
        // A fault in force is part of the session: the calls that set it must be kept.
        (self.by_id.is_empty() && self.v2_is_idle() && self.faults.is_empty())
            .then(|| self.rng.get_seed())
    }

    /// Whether no v2 request can matter any more (every one forgotten, or none started).
    #[cfg(feature = "v2")]
    fn v2_is_idle(&self) -> bool {
        self.v2.is_idle()
    }

    /// A build without Verify v2 has no v2 request to matter.
    #[cfg(not(feature = "v2"))]
    fn v2_is_idle(&self) -> bool {
        true
    }

    /// The current simulated time.
    pub fn now(&self) -> Millis {
        self.now
    }

    /// The date that simulated time 0 stands for.
    pub fn start_date(&self) -> StartDate {
        self.start
    }

    /// The requests held, oldest first: every request, unless a retention is set
    /// ([`Engine::set_retention`]), in which case the oldest forgotten ones are gone (and
    /// a few forgotten ones may still be held until their memory is given back in a
    /// batch; [`Engine::request`] does not find them).
    pub fn requests(&self) -> &[Request] {
        &self.requests
    }

    /// How many requests were ever started: one more than the newest one's position.
    pub fn request_count(&self) -> usize {
        self.dropped + self.requests.len()
    }

    /// The request at `position` (its order of creation, from 0), unless forgotten.
    pub fn request_at(&self, position: usize) -> Option<&Request> {
        let request = self.requests.get(position.checked_sub(self.dropped)?)?;
        (!request.forgotten).then_some(request)
    }

    /// The request with this id, unless it was forgotten.
    pub fn request(&self, id: RequestId) -> Option<&Request> {
        self.by_id.get(&id).map(|&index| self.held(index))
    }

    /// A PSD2 request's amount as its messages show it (`12.34`); `None` for a request
    /// made with `/verify`, or one forgotten.
    pub fn amount(&self, id: RequestId) -> Option<&str> {
        let index = self.by_id.get(&id)?;
        self.payments.get(index).map(|a| &**a)
    }

    /// The position of the request with this id: its order of creation, from 0.
    pub fn index_of(&self, id: RequestId) -> Option<usize> {
        self.by_id.get(&id).map(|&index| index as usize)
    }

    pub(crate) fn held(&self, index: u32) -> &Request {
        &self.requests[index as usize - self.dropped]
    }

    pub(crate) fn held_mut(&mut self, index: u32) -> &mut Request {
        &mut self.requests[index as usize - self.dropped]
    }

    /// Moves time forward to `to`, running everything due until then (and at `to` itself)
    /// in time order. Time never goes back: an earlier `to` changes nothing.
    pub fn advance_to(&mut self, to: Millis, out: &mut Vec<Happening>) {
        while let Some((timer, generation)) = self.timers.first() {
            if timer.at > to {
                break;
            }
            self.timers.pop_first();
            self.now = self.now.max(timer.at);
            if !self.is_live(&timer, generation) {
                continue;
            }
            match timer.kind() {
                TimerKind::PinDies => {}
                TimerKind::Event => self.run_event(timer.slot(), out),
                TimerKind::Expire => self.finish(timer.slot(), RequestStatus::Expired, out),
                #[cfg(feature = "v2")]
                TimerKind::Step => self.v2_step_times_out(timer.slot(), out),
            }
        }
        self.now = self.now.max(to);
        self.forget_due();
    }

    /// Forgets the requests whose retention has run out by now, and gives back the
    /// memory of those at the front.
    fn forget_due(&mut self) {
        while let Some(&(at, index)) = self.forget.front() {
            if at > self.now {
                break;
            }
            self.forget.pop_front();
            let request = self.held_mut(index);
            request.forgotten = true;
            request.deliveries = Vec::new();
            request.checks = Vec::new();
            let id = request.id;
            self.by_id.remove(&id);
            self.payments.remove(&index);
        }
        let forgotten = self.requests.iter().take_while(|r| r.forgotten).count();
        if forgotten >= DROP_BATCH && forgotten * 2 >= self.requests.len() {
            self.requests.drain(..forgotten);
            self.dropped += forgotten;
        }
        #[cfg(feature = "v2")]
        self.v2.forget_due(self.now);
    }

    /// When something is next due (a delivery, a PIN dying, a request expiring), if
    /// anything is.
    pub fn next_due(&mut self) -> Option<Millis> {
        while let Some((timer, generation)) = self.timers.first() {
            if self.is_live(&timer, generation) {
                return Some(timer.at);
            }
            self.timers.pop_first();
        }
        None
    }

    fn is_live(&self, timer: &Timer, generation: u32) -> bool {
        let kind = timer.kind();
        #[cfg(feature = "v2")]
        if kind == TimerKind::Step {
            return self.v2.is_live(timer.slot(), generation);
        }
        if (timer.slot() as usize) < self.dropped {
            return false;
        }
        let request = self.held(timer.slot());
        request.status == RequestStatus::InProgress
            && match kind {
                TimerKind::PinDies => request.pin_dies() == timer.at,
                // (A v2 step's timer was answered above.)
                _ => request.generation == generation,
            }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::params::{Call, ControlParams, Endpoint};
    use crate::time::SECOND;
    use crate::v1::Command;

    fn send(engine: &mut Engine, pairs: &[(&str, &str)]) -> RequestId {
        let call = Call::from_pairs(Endpoint::Verify, pairs.iter().copied());
        match engine.call(&call, &mut Vec::new()) {
            crate::Response::Verify(Ok(id)) => id,
            other => panic!("not started: {other:?}"),
        }
    }

    /// The queue and the requests are what 100,000 requests in flight walk through:
    /// v2's creation order did not make either bigger.
    #[test]
    #[cfg(target_pointer_width = "64")]
    fn timers_and_requests_keep_their_size() {
        assert_eq!(std::mem::size_of::<Timer>(), 16);
        assert!(std::mem::size_of::<Request>() <= 240);
    }

    #[test]
    fn numbers_differing_in_leading_zeros_are_different_numbers() {
        let mut engine = Engine::new(0);
        send(
            &mut engine,
            &[("number", "07700900001"), ("brand", "A"), ("country", "GB")],
        );
        send(&mut engine, &[("number", "7700900001"), ("brand", "A")]);
        let again = Call::from_pairs(
            Endpoint::Verify,
            [
                ("number", "0 7700 900001"),
                ("brand", "A"),
                ("country", "gb"),
            ],
        );
        assert_eq!(engine.call(&again, &mut Vec::new()).status(), 10);
    }

    #[test]
    fn next_due_stops_at_deliveries_pin_deaths_and_expiry() {
        let mut engine = Engine::new(0);
        send(&mut engine, &[("number", "447700900001"), ("brand", "A")]);
        let mut stops = Vec::new();
        while let Some(at) = engine.next_due() {
            stops.push(at / SECOND);
            engine.advance_to(at, &mut Vec::new());
        }
        // Workflow 1: TTS at 125, the first PIN dies at 300, TTS with a new PIN at 305,
        // expiry at 605 (the second PIN would die at 605 too).
        assert_eq!(stops, [125, 300, 305, 605]);
    }

    #[test]
    fn triggering_moves_the_schedule_and_the_pin_death_stays_a_stop() {
        let mut engine = Engine::new(0);
        let id = send(&mut engine, &[("number", "447700900001"), ("brand", "A")]);
        engine.advance_to(10 * SECOND, &mut Vec::new());
        let trigger = ControlParams {
            request_id: Some(id.to_string()),
            cmd: Some("trigger_next_event".into()),
            ..ControlParams::default()
        };
        assert_eq!(
            engine.control(&trigger, &mut Vec::new()),
            Ok(Command::TriggerNextEvent)
        );
        let mut stops = Vec::new();
        while let Some(at) = engine.next_due() {
            stops.push(at / SECOND);
            engine.advance_to(at, &mut Vec::new());
        }
        assert_eq!(stops, [190, 300, 490]);
    }
}
