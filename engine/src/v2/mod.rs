//! Verify v2 (`shared/docs/verify-api.md` Part C): requests with a `workflow` of channels,
//! one code, RFC 7807 problems and callbacks, beside v1's in one [`Engine`]: one clock,
//! one seed, one timer queue (things due at one instant run in creation order across
//! both), and neither blocks the other (choice).
//!
//! Typed values first: [`parse_start`] reads a start body into a [`StartRequest`], the
//! engine answers with typed outcomes or a [`Problem`], and what happens comes out as
//! [`crate::Happening`]s carrying a [`Delivery`], a [`Callback`] or an end. The JSON
//! (answers, problems, callbacks) is a serde skin on top.
//!
//! Faults (throttled, network-blocked) are a later piece of work: their places are
//! marked in `flow.rs` (a request fault answers after the field checks and before the
//! 409; a network block skips an sms or voice step when its turn comes).
//!
//! [`Engine`]: crate::Engine

mod answers;
mod body;
mod callback;
mod code;
mod device;
pub mod explain;
mod faults;
mod flow;
mod problem;
mod request;
mod steps;
mod texts;

use std::collections::VecDeque;
use std::sync::Arc;

use rustc_hash::FxHashMap;

pub use answers::{hop_outcome, Answer, Completed, Hop, Started};
pub use body::{
    parse_start, BodyError, Channel, InvalidParam, Key, Recipient, StartRequest, StepSpec,
};
pub use callback::{
    summary_price, timestamp, Callback, CallbackBody, Event, EventStatus, StepReport, Summary,
};
pub use code::Code;
pub use problem::{Problem, ProblemBody, ProblemKind};
pub use request::{Delivery, Plan, Request, Status, Step, StepStatus, SILENT_AUTH_STEP};
pub use texts::TextLang;

use crate::ids::Uuid;
use crate::time::Millis;

/// The origin `check_url` points at unless [`crate::Engine::set_origin`] says otherwise:
/// the emulator's default address.
pub const DEFAULT_ORIGIN: &str = "http://localhost:8080";

/// Forgotten requests are dropped from the front in batches, as v1's are.
const DROP_BATCH: usize = 256;

/// The engine's v2 requests and their indexes.
#[derive(Clone, Debug)]
pub(crate) struct Book {
    /// Oldest first: `requests[0]` is the v2 request at position `dropped`.
    pub(crate) requests: Vec<Request>,
    /// Forgotten requests no longer held at the front.
    pub(crate) dropped: usize,
    /// Positions of the requests that can be looked up.
    pub(crate) by_id: FxHashMap<Uuid, u32>,
    /// Concurrency keys in use by a request in progress (at most one each).
    pub(crate) busy: FxHashMap<Key, u32>,
    /// Finished requests to forget, by the time they are forgotten.
    pub(crate) forget: VecDeque<(Millis, u32)>,
    /// Where `check_url` points: the emulator's origin.
    pub(crate) origin: Arc<str>,
}

impl Default for Book {
    fn default() -> Book {
        Book {
            requests: Vec::new(),
            dropped: 0,
            by_id: FxHashMap::default(),
            busy: FxHashMap::default(),
            forget: VecDeque::new(),
            origin: Arc::from(DEFAULT_ORIGIN),
        }
    }
}

impl Book {
    /// Whether no request can matter any more (every one forgotten, or none started).
    pub(crate) fn is_idle(&self) -> bool {
        self.by_id.is_empty()
    }

    pub(crate) fn held(&self, slot: u32) -> &Request {
        &self.requests[slot as usize - self.dropped]
    }

    pub(crate) fn held_mut(&mut self, slot: u32) -> &mut Request {
        &mut self.requests[slot as usize - self.dropped]
    }

    /// Whether a step timer set under `generation` still applies.
    pub(crate) fn is_live(&self, slot: u32, generation: u32) -> bool {
        if (slot as usize) < self.dropped {
            return false;
        }
        let request = self.held(slot);
        request.in_progress() && request.generation == generation
    }

    /// The position of the request in progress that `given_id` names.
    pub(crate) fn active(&self, given_id: &str) -> Option<u32> {
        let slot = *self.by_id.get(&Uuid::parse(given_id)?)?;
        self.held(slot).in_progress().then_some(slot)
    }

    /// Forgets the requests whose retention has run out by `now`.
    pub(crate) fn forget_due(&mut self, now: Millis) {
        while let Some(&(at, slot)) = self.forget.front() {
            if at > now {
                break;
            }
            self.forget.pop_front();
            let request = self.held_mut(slot);
            request.forgotten = true;
            // Its history goes with it (a plan or summary of it is never asked again).
            request.steps = Vec::new();
            let id = request.id;
            self.by_id.remove(&id);
        }
        let forgotten = self.requests.iter().take_while(|r| r.forgotten).count();
        if forgotten >= DROP_BATCH && forgotten * 2 >= self.requests.len() {
            self.requests.drain(..forgotten);
            self.dropped += forgotten;
        }
    }
}

impl crate::Engine {
    /// Sets the origin `check_url` points at (the emulator's own address, or the runner's
    /// `--origin`), without a trailing slash. Default [`DEFAULT_ORIGIN`].
    pub fn set_origin(&mut self, origin: &str) {
        self.v2.origin = Arc::from(origin.trim_end_matches('/'));
    }

    /// The origin `check_url` points at.
    pub fn origin(&self) -> &str {
        &self.v2.origin
    }

    /// The v2 requests held, oldest first (forgotten ones may be missing, as for
    /// [`crate::Engine::requests`]).
    pub fn v2_requests(&self) -> &[Request] {
        &self.v2.requests
    }

    /// The v2 request with this id, unless it was forgotten.
    pub fn v2_request(&self, id: Uuid) -> Option<&Request> {
        self.v2.by_id.get(&id).map(|&slot| self.v2.held(slot))
    }

    /// How many v2 requests were ever started.
    pub fn v2_request_count(&self) -> usize {
        self.v2.dropped + self.v2.requests.len()
    }
}
