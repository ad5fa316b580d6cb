//! One emulated account: the engine and its clock, what reached the phones, the calls
//! recorded for replay, and the stream of events the playground mirrors the session by.
//!
//! The playground does not receive deliveries: it replays the recorded calls at their
//! times on an engine of its own with the same seed, and the engine being deterministic,
//! sees the same ids, PINs and deliveries. The stream carries calls (numbered, so a client
//! resumes after a drop without missing or repeating one) and the clock.

use std::sync::Arc;
use std::time::Instant;

use serde_json::value::RawValue;
use tokio::sync::broadcast;
use verify_engine::journal::wire::{CallEvent, ClockChange, ClockView, Hello};
use verify_engine::journal::{Journal, Replayable};
use verify_engine::scenario::OutputLine;
use verify_engine::v2::{self, Key};
use verify_engine::{Call, Engine, Happening, Response};

pub use verify_engine::SessionConfig;

use crate::callbacks::Outbox;
use crate::clock::SimClock;
use crate::limits::{LimitHit, RecordedShare};
use crate::received::Received;
use crate::transport::TransportFaults;
use crate::views::{Callbacks, ClockChanged, Deliveries};

/// What sessions take from the server around them: the origin `check_url` points at,
/// and where callbacks go.
#[derive(Clone, Debug)]
pub struct Surroundings {
    /// The emulator's own origin (`http://127.0.0.1:8080`), for silent auth's `check_url`.
    pub origin: Arc<str>,
    /// The callback queue, with `--callback-url`.
    pub outbox: Option<Outbox>,
}

impl Default for Surroundings {
    fn default() -> Surroundings {
        Surroundings {
            origin: Arc::from(v2::DEFAULT_ORIGIN),
            outbox: None,
        }
    }
}

/// The most calls a recording keeps between two moments the engine was idle. Past it,
/// the session can no longer be replayed (nor mirrored) until it is idle or reset: the
/// memory a run can take stays bounded.
pub const MAX_RECORDED: usize = 200_000;

/// How many stream messages a slow subscriber may fall behind before it is dropped (it
/// then reconnects and resumes from its last event id).
const STREAM_BUFFER: usize = 4096;

/// One message of the event stream.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Message {
    /// The SSE event name: `hello`, `call` or `clock`.
    pub event: &'static str,
    /// The SSE id (`EPOCH.N`: N calls applied), for `hello` and `call`.
    pub id: Option<String>,
    /// The JSON data.
    pub data: String,
}

/// A recorded call: the call and the status the engine answered it with (which the event
/// stream carries, so that a mirror can tell it drifted).
#[derive(Clone, Debug)]
struct Answered {
    call: Call,
    status: u8,
}

impl Replayable for Answered {
    fn resolve(&self, _engine: &Engine) -> Result<Call, String> {
        Ok(self.call.clone())
    }
}

impl AsRef<Call> for Answered {
    fn as_ref(&self) -> &Call {
        &self.call
    }
}

/// One emulated account.
pub struct Session {
    /// What a reset starts from (its seed is the one `/_sim/reset` last set).
    config: SessionConfig,
    engine: Engine,
    clock: SimClock,
    /// The calls since the engine was last idle, numbered for the stream; its config is
    /// the engine's at that moment.
    journal: Journal<Answered>,
    /// More than [`MAX_RECORDED`] calls since the engine was last idle: the journal no
    /// longer holds them, and the session cannot be replayed until it is idle or reset.
    overflowed: bool,
    /// What reached phones and inboxes, and the callbacks, of the requests still known.
    received: Received,
    /// The origin and the callback queue.
    surroundings: Surroundings,
    /// Changes when the session is reset (and differs between server runs), so that a
    /// client resuming from an old id starts over.
    epoch: u64,
    stream: broadcast::Sender<Arc<Message>>,
    /// This session's part of the server-wide bound on recorded calls.
    share: RecordedShare,
    /// The transport faults set for its API requests (never the engine's, never recorded).
    transport: TransportFaults,
}

/// A fresh engine for `config`, its `check_url`s naming the emulator's origin.
fn engine(config: &SessionConfig, surroundings: &Surroundings) -> Engine {
    let mut engine = config.engine();
    engine.set_origin(&surroundings.origin);
    engine
}

/// A JSON text already written, kept as it is.
pub(crate) fn raw(text: String) -> Box<RawValue> {
    // Every text given here was written by serde_json.
    RawValue::from_string(text).unwrap_or_else(|_| RawValue::NULL.to_owned())
}

impl Session {
    /// A fresh session whose clock starts now; `share` counts its recorded calls against
    /// the server's bound.
    pub fn new(
        config: SessionConfig,
        clock: SimClock,
        epoch: u64,
        share: RecordedShare,
        surroundings: Surroundings,
    ) -> Session {
        let (stream, _) = broadcast::channel(STREAM_BUFFER);
        Session {
            engine: engine(&config, &surroundings),
            received: Received::default(),
            surroundings,
            journal: Journal::new(config),
            overflowed: false,
            config,
            clock,
            epoch,
            stream,
            share,
            transport: TransportFaults::default(),
        }
    }

    /// Runs everything due by the clock's time now. Returns what happened.
    pub fn sync(&mut self, real: Instant) -> Vec<Happening> {
        let mut happened = Vec::new();
        self.engine.advance_to(self.clock.now(real), &mut happened);
        self.absorb(&happened);
        happened
    }

    fn absorb(&mut self, happened: &[Happening]) {
        let outbox = self.surroundings.outbox.as_ref();
        self.received.absorb(happened, &self.engine, outbox);
    }

    /// Every callback of the requests still known, oldest first, and how sending went.
    pub fn callbacks(&mut self, real: Instant) -> Callbacks {
        self.sync(real);
        let url = self.surroundings.outbox.as_ref().map(|o| o.url());
        self.received.callbacks(url)
    }

    /// Runs `replay` with callbacks kept (listed, `delivered: false`) but not sent: an
    /// imported session's calls were made, and their callbacks sent, by the run that
    /// recorded them; POSTing them again would tell the app twice.
    pub fn without_sending<T>(&mut self, replay: impl FnOnce(&mut Session) -> T) -> T {
        let outbox = self.surroundings.outbox.take();
        let result = replay(self);
        self.surroundings.outbox = outbox;
        result
    }

    /// The transport faults set for this session's API requests.
    pub fn transport_faults(&mut self) -> &mut TransportFaults {
        &mut self.transport
    }

    /// The engine, as the calls and the clock have left it (an import replays into it).
    pub fn engine(&self) -> &Engine {
        &self.engine
    }

    /// The origin `check_url` points at.
    pub fn origin(&self) -> &str {
        self.engine.origin()
    }

    /// Makes a call at the clock's time now, records it and tells the stream.
    pub fn call(&mut self, call: &Call, real: Instant) -> Response {
        self.sync(real);
        if self.journal.checkpoint(&self.engine) {
            self.overflowed = false;
        }
        let mut happened = Vec::new();
        let response = self.engine.call(call, &mut happened);
        self.absorb(&happened);
        let at = self.engine.now();
        let status = response.status();
        let answered = Answered {
            call: call.clone(),
            status,
        };
        // The engine's time never goes back, so the journal takes every call.
        let number = self
            .journal
            .push(at, answered)
            .unwrap_or_else(|_| self.journal.last_number());
        if self.overflowed || self.journal.len() > MAX_RECORDED {
            self.journal.forget();
            self.overflowed = true;
        }
        self.share.set(self.journal.len());
        if self.stream.receiver_count() > 0 {
            let event = CallEvent {
                at,
                call: call.clone(),
                status,
            };
            self.send(Message {
                event: "call",
                id: Some(format!("{}.{number}", self.epoch)),
                data: event.to_json(),
            });
        }
        response
    }

    /// Whether a call made now may be recorded within the server-wide bound (the journal
    /// empties first if the engine is idle; an overflowed journal records nothing).
    pub fn room_to_record(&mut self, real: Instant) -> Result<(), LimitHit> {
        self.sync(real);
        if self.journal.checkpoint(&self.engine) {
            self.overflowed = false;
        }
        self.share.set(self.journal.len());
        if self.overflowed {
            return Ok(());
        }
        self.share.room_for_one()
    }

    fn send(&self, message: Message) {
        // No receiver is not an error: nobody is watching.
        let _ = self.stream.send(Arc::new(message));
    }

    /// The clock as `/_sim/clock` shows it.
    pub fn clock_view(&mut self, real: Instant) -> ClockView {
        self.sync(real);
        ClockView {
            now: self.engine.now(),
            speed: self.clock.speed(),
            paused: self.clock.paused(),
            next: self.engine.next_due(),
        }
    }

    /// Changes the clock (speed, pause, then a jump) and runs what falls due. Returns the
    /// new clock and what happened meanwhile, as `verify-sim` prints it.
    pub fn change_clock(&mut self, change: ClockChange, real: Instant) -> ClockChanged {
        let mut happened = self.sync(real);
        if let Some(speed) = change.speed {
            self.clock.set_speed(speed, real);
        }
        if let Some(paused) = change.paused {
            self.clock.set_paused(paused, real);
        }
        if let Some(advance) = change.advance {
            self.clock
                .jump_to(self.engine.now().saturating_add(advance), real);
        }
        if change.to_next {
            if let Some(next) = self.engine.next_due() {
                self.clock.jump_to(next, real);
            }
        }
        happened.extend(self.sync(real));
        let changed = ClockChanged {
            clock: self.clock_view(real),
            happened: happened
                .into_iter()
                .map(|h| raw(OutputLine::Happened(h).to_json()))
                .collect(),
        };
        self.send_clock(real);
        changed
    }

    /// Tells the stream the time (sent often while the clock runs).
    pub fn send_clock(&mut self, real: Instant) {
        if self.stream.receiver_count() > 0 {
            let data = serde_json::to_string(&self.clock_view(real)).unwrap_or_default();
            self.send(Message {
                event: "clock",
                id: None,
                data,
            });
        }
    }

    /// Whether a playground is watching.
    pub fn watched(&self) -> bool {
        self.stream.receiver_count() > 0
    }

    /// Whether the clock runs by itself.
    pub fn running(&self) -> bool {
        !self.clock.paused()
    }

    /// When the next scheduled thing falls due on the wall clock (`None`: nothing, or
    /// paused).
    pub fn next_wake(&mut self, real: Instant) -> Option<Instant> {
        let next = self.engine.next_due()?;
        self.clock.real_at(next, real)
    }

    /// The date the clock shows now, for the `Date` header.
    pub fn date(&self, real: Instant) -> i64 {
        self.config.start.at(self.clock.now(real)).unix_seconds()
    }

    /// Deliveries still known, oldest first, to `to` if given (a number's digits, or an
    /// address lowercased: [`Key`]).
    pub fn deliveries(&mut self, to: Option<Key>, real: Instant) -> Deliveries {
        self.sync(real);
        self.received.deliveries(to)
    }

    /// The session since the engine was last idle, as a scenario file that `verify-sim`
    /// replays to the same responses (its first lines say with which options).
    pub fn scenario(&mut self, real: Instant) -> Result<String, String> {
        self.sync(real);
        if self.overflowed {
            return Err(format!(
                "more than {MAX_RECORDED} calls since the emulator was last idle: the session \
                 can no longer be written as a scenario (POST /_sim/reset starts over)"
            ));
        }
        let text = self.journal.to_scenario(self.engine.now(), "verify-server");
        // The first line says how to replay: with v2 calls, `--origin` too.
        let plain = format!("verify-sim {} FILE", self.journal.config().replay_options());
        let full = format!("verify-sim {} FILE", self.replay_options());
        Ok(text.replacen(&plain, &full, 1))
    }

    /// The `verify-sim` options that replay the recording (with `--origin` when it
    /// holds v2 calls, whose `check_url` names this emulator).
    pub fn replay_options(&self) -> String {
        let options = self.journal.config().replay_options();
        let v2 = self
            .journal
            .entries()
            .iter()
            .any(|entry| entry.call.call.endpoint().is_v2());
        if v2 {
            format!("{options} --origin {}", self.engine.origin())
        } else {
            options
        }
    }

    /// Subscribes to the stream. A client that already applied calls up to
    /// `last_event_id` gets the ones after it; any other (new, from another epoch, or too
    /// far behind) gets a `hello` with everything it needs to rebuild the session.
    pub fn subscribe(
        &mut self,
        last_event_id: Option<&str>,
        real: Instant,
    ) -> (Vec<Arc<Message>>, broadcast::Receiver<Arc<Message>>) {
        let resume = last_event_id
            .and_then(|id| id.split_once('.'))
            .and_then(|(epoch, n)| Some((epoch.parse::<u64>().ok()?, n.parse::<u64>().ok()?)))
            .filter(|&(epoch, _)| epoch == self.epoch && !self.overflowed)
            .and_then(|(_, seen)| Some((seen, self.journal.since(seen)?)));
        let backlog = match resume {
            Some((seen, entries)) => entries
                .iter()
                .zip(seen + 1..)
                .map(|(entry, number)| {
                    let event = CallEvent {
                        at: entry.at,
                        call: entry.call.call.clone(),
                        status: entry.call.status,
                    };
                    Arc::new(Message {
                        event: "call",
                        id: Some(format!("{}.{number}", self.epoch)),
                        data: event.to_json(),
                    })
                })
                .collect(),
            None => vec![Arc::new(self.hello(real))],
        };
        (backlog, self.stream.subscribe())
    }

    /// Everything a client needs to rebuild the session: the seed and options, the clock,
    /// and the calls since the engine was last idle.
    fn hello(&mut self, real: Instant) -> Message {
        let hello = Hello {
            config: *self.journal.config(),
            origin: self.engine.origin().to_owned(),
            clock: self.clock_view(real),
            complete: !self.overflowed,
            calls: self
                .journal
                .entries()
                .iter()
                .map(|entry| CallEvent {
                    at: entry.at,
                    call: entry.call.call.clone(),
                    status: entry.call.status,
                })
                .collect(),
        };
        Message {
            event: "hello",
            id: Some(format!("{}.{}", self.epoch, self.journal.last_number())),
            data: hello.to_json(),
        }
    }

    /// A fresh engine (with `seed`, or the session's own), nothing kept; the clock goes
    /// back to 0 and watchers start over.
    pub fn reset(&mut self, seed: Option<u64>, real: Instant) {
        if let Some(seed) = seed {
            self.config.seed = seed;
        }
        self.engine = engine(&self.config, &self.surroundings);
        self.journal = Journal::new(self.config);
        self.overflowed = false;
        self.share.set(0);
        self.received = Received::default();
        self.transport.clear();
        self.clock.restart(real);
        self.epoch += 1;
        if self.watched() {
            let hello = self.hello(real);
            self.send(hello);
        }
    }

    /// The seed fresh engines get.
    pub fn seed(&self) -> u64 {
        self.config.seed
    }
}
