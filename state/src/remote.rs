//! The playground as the emulator's phone: served by `verify-server`, the page mirrors
//! the emulator's session instead of running its own.
//!
//! The engine is deterministic, so the page rebuilds the session exactly by replaying the
//! emulator's calls at their times on an engine with its seed; the emulator's event stream
//! carries only calls and the clock (`server/src/events.rs` documents it). The page's own
//! buttons do not change its state: they become requests to the emulator
//! ([`Outgoing`]), which come back through the stream like any client's calls.
//!
//! Only the `emulator` build of the app (the `verify-emulator` module) reads the stream,
//! so the others leave the replaying code out.
#![cfg_attr(not(feature = "emulator"), allow(dead_code))]

use serde_json::Value;
use verify_engine::journal::wire::{CallEvent, ClockChange, ClockView, Hello};
use verify_engine::journal::{Journal, Replay, Replayable};
use verify_engine::{Call, Engine, Millis};

use super::{Action, Playground, SPEEDS};

/// A request the page asks the hook to send to the emulator.
#[derive(Clone, PartialEq, Debug)]
pub enum Outgoing {
    /// An API call, to its path (boxed: a call is far larger than the other requests).
    Call(Box<Call>),
    /// `POST /_sim/clock` with this change.
    Clock(ClockChange),
    /// `POST /_sim/reset`.
    Reset,
}

impl Outgoing {
    /// Where the request goes: the call's API path, or the `/_sim/` helper.
    pub fn path(&self) -> &'static str {
        match self {
            Outgoing::Call(call) => call.endpoint().path(),
            Outgoing::Clock(_) => "/_sim/clock",
            Outgoing::Reset => "/_sim/reset",
        }
    }

    /// The JSON body: the call's parameters (`request_ids` as a list; a fault call's
    /// step), the clock change, or `{}`.
    pub fn body(&self) -> String {
        match self {
            Outgoing::Call(call) if call.json_body().is_some() => {
                call.json_body().unwrap_or_default().to_string()
            }
            Outgoing::Call(call) => {
                let mut params = serde_json::Map::new();
                let mut ids = Vec::new();
                for (name, value) in call.pairs() {
                    if name == "request_ids" {
                        ids.push(Value::from(value));
                    } else {
                        params.insert(name.to_owned(), value.into());
                    }
                }
                if !ids.is_empty() {
                    params.insert("request_ids".into(), ids.into());
                }
                Value::from(params).to_string()
            }
            Outgoing::Clock(change) => change.to_json(),
            Outgoing::Reset => "{}".to_owned(),
        }
    }
}

/// How the connection to the emulator stands.
#[derive(Clone, PartialEq, Eq, Debug)]
pub enum Link {
    /// Waiting for the emulator's first answer.
    Connecting,
    /// Mirroring the emulator's session.
    Connected,
    /// The connection dropped; the browser is trying again.
    Lost,
}

/// The emulator the page mirrors.
#[derive(Clone, PartialEq, Debug)]
pub struct Remote {
    /// Where the emulator is (the page's own origin), for the badge.
    pub address: String,
    /// The namespace mirrored (`?ns=`), if any.
    pub namespace: Option<String>,
    /// The connection.
    pub link: Link,
    /// Requests waiting to be sent.
    pub outbox: Vec<Outgoing>,
    /// Calls applied, to check the stream's numbering.
    pub calls: u64,
}

/// Something the emulator's stream said.
#[derive(Clone, PartialEq, Debug)]
pub enum RemoteEvent {
    /// The stream opened.
    Open,
    /// The stream dropped.
    Lost,
    /// `hello`: the session to rebuild.
    Hello(Value),
    /// `call`: one more call.
    Call(Value),
    /// `clock`: the time.
    Clock(Value),
    /// The first this many requests of the outbox were handed to the emulator's client.
    Sent(usize),
    /// A request to the emulator failed.
    SendFailed(String),
}

impl RemoteEvent {
    /// What the stream's event `kind` with JSON `data` says (`hello`, `call`, `clock`);
    /// data that is not JSON, or an event of another name, is said as a problem.
    pub fn from_stream(kind: &str, data: &str) -> RemoteEvent {
        let make = match kind {
            "hello" => RemoteEvent::Hello,
            "call" => RemoteEvent::Call,
            "clock" => RemoteEvent::Clock,
            other => {
                return RemoteEvent::SendFailed(format!(
                    "the emulator sent an event this page does not know ({other})"
                ))
            }
        };
        match serde_json::from_str(data) {
            Ok(value) => make(value),
            Err(e) => {
                RemoteEvent::SendFailed(format!("the emulator's {kind} event is not JSON ({e})"))
            }
        }
    }
}

/// A mirrored call, replayed: the emulator's status beside it, to tell a drift.
struct Mirrored(CallEvent);

impl Replayable for Mirrored {
    fn resolve(&self, _engine: &Engine) -> Result<Call, String> {
        Ok(self.0.call.clone())
    }
}

impl Replay<Mirrored> for Playground {
    fn engine(&self) -> &Engine {
        &self.session.engine
    }

    fn advance_to(&mut self, at: Millis) {
        self.advance(at);
    }

    fn call(&mut self, call: Call, kept: &Mirrored) {
        self.make_call(call, false);
        let status = kept.0.status;
        let here = self.session.log.last().map(|e| e.response.status());
        if here != Some(status) {
            self.notify(
                format!(
                    "This page's copy of the emulator's session has drifted (a call answered \
                     {status} there, {} here): reload the page.",
                    here.unwrap_or_default()
                ),
                true,
            );
        }
    }
}

impl Playground {
    /// A page that mirrors the emulator at `address`: empty until its `hello` arrives.
    pub fn connected(seed: u64, address: String, namespace: Option<String>) -> Playground {
        let mut playground = Playground::new(seed);
        playground.running = false;
        playground.remote = Some(Remote {
            address,
            namespace,
            link: Link::Connecting,
            outbox: Vec::new(),
            calls: 0,
        });
        playground
    }

    /// Whether the page mirrors an emulator.
    pub fn is_connected(&self) -> bool {
        self.remote().is_some()
    }

    /// The emulator this page mirrors, if any. Never one in a build without the
    /// `emulator` feature (only the emulator's own page connects): saying so here lets the
    /// compiler leave everything only a mirror does out of the other pages' download.
    pub fn remote(&self) -> Option<&Remote> {
        self.remote.as_ref().filter(|_| cfg!(feature = "emulator"))
    }

    fn remote_mut(&mut self) -> Option<&mut Remote> {
        self.remote.as_mut().filter(|_| cfg!(feature = "emulator"))
    }

    /// Queues a request for the emulator (connected pages only).
    pub(super) fn send_remote(&mut self, outgoing: Outgoing) {
        if let Some(remote) = self.remote_mut() {
            remote.outbox.push(outgoing);
        }
    }

    /// The requests waiting to be sent, oldest first. The hook that sends them says so
    /// with [`RemoteEvent::Sent`], so that the outbox changes through `apply` like
    /// everything else.
    pub fn outbox(&self) -> &[Outgoing] {
        self.remote().map_or(&[], |r| &r.outbox)
    }

    /// Applies what the emulator's stream said.
    pub(super) fn remote_event(&mut self, event: RemoteEvent) {
        let Some(remote) = self.remote_mut() else {
            return;
        };
        match event {
            RemoteEvent::Open => {}
            RemoteEvent::Sent(count) => {
                remote.outbox.drain(..count.min(remote.outbox.len()));
            }
            RemoteEvent::Lost => {
                if remote.link != Link::Lost {
                    remote.link = Link::Lost;
                    self.notify(
                        "Lost the connection to the emulator (stopped or restarted?). Trying \
                         again; the page shows its session again as soon as it answers.",
                        true,
                    );
                }
            }
            RemoteEvent::SendFailed(reason) => self.notify(
                format!("The emulator did not take the request: {reason}"),
                true,
            ),
            RemoteEvent::Hello(data) => match Hello::from_json(&data) {
                Ok(hello) => self.rebuild(hello),
                Err(e) => self.notify(
                    format!("The emulator sent a session this page cannot read ({e})."),
                    true,
                ),
            },
            RemoteEvent::Call(data) => match CallEvent::from_json(&data) {
                Ok(event) => {
                    remote.calls += 1;
                    // One more entry of the emulator's journal, replayed as the whole
                    // journal is in `rebuild`.
                    <Self as Replay<Mirrored>>::advance_to(self, event.at);
                    let call = event.call.clone();
                    Replay::call(self, call, &Mirrored(event));
                }
                Err(e) => self.notify(
                    format!("The emulator sent a call this page cannot read ({e})."),
                    true,
                ),
            },
            RemoteEvent::Clock(data) => {
                if let Ok(clock) = ClockView::from_json(&data) {
                    self.follow_clock(&clock);
                }
            }
        }
    }

    fn follow_clock(&mut self, clock: &ClockView) {
        self.advance(clock.now);
        self.running = !clock.paused;
        let speed = clock.speed.round().clamp(1.0, f64::from(u32::MAX)) as u32;
        self.speed = speed;
    }

    /// Rebuilds the session from a `hello`: a fresh engine with the emulator's config,
    /// the calls replayed at their times, then the clock.
    fn rebuild(&mut self, hello: Hello) {
        let was_lost = self.remote().is_some_and(|r| r.link == Link::Lost);
        let mut fresh = self.fresh_session(hello.config.seed);
        // The emulator's origin too: its `check_url`s are built the same here.
        fresh.session.engine = hello.engine();
        if let Some(remote) = &mut fresh.remote {
            remote.link = Link::Connected;
            remote.calls = hello.calls.len() as u64;
        }
        *self = fresh;
        let mut journal = Journal::new(hello.config);
        for event in hello.calls {
            if journal.push(event.at, Mirrored(event)).is_err() {
                self.notify("The emulator sent its calls out of time order.", true);
                break;
            }
        }
        if let Err(e) = journal.replay(self) {
            self.notify(
                format!("The emulator's session cannot be replayed: {e}."),
                true,
            );
        }
        self.follow_clock(&hello.clock);
        if !hello.complete {
            self.notify(
                "The emulator's session is too long to show here (too many calls since it was \
                 last idle). Reset it to watch from a fresh start.",
                true,
            );
        } else if was_lost {
            self.notify(
                format!(
                    "Connected to the emulator again: its session is shown ({} calls).",
                    crate::format::count(self.session.log.len() as u64)
                ),
                false,
            );
        }
    }

    /// What `action` does on a connected page, whose session and clock are the
    /// emulator's: the clock's buttons and a reset become requests to the emulator, an
    /// import or a shared link is refused in words, the clock's ticks are ignored (the
    /// stream moves time). Anything else comes back, to be applied as on any page (the
    /// buttons that make calls queue them for the emulator in `call`).
    pub(super) fn mirror(&mut self, action: Action) -> Option<Action> {
        let clock = |change: ClockChange| Outgoing::Clock(change);
        let request = match action {
            Action::Tick(_) => return None,
            Action::SetRunning(running) => clock(ClockChange {
                paused: Some(!running),
                ..ClockChange::default()
            }),
            Action::SetSpeed(speed) => clock(ClockChange {
                speed: Some(f64::from(speed)),
                ..ClockChange::default()
            }),
            Action::SkipToNext => clock(ClockChange {
                to_next: true,
                ..ClockChange::default()
            }),
            Action::SkipBy(span) => clock(ClockChange {
                advance: Some(span),
                ..ClockChange::default()
            }),
            Action::Reset(_) => Outgoing::Reset,
            Action::Import(_) => {
                self.import_error = Some(
                    "This page shows the emulator's session: replay a scenario against the \
                     emulator with your own client, or run it with verify-sim."
                        .into(),
                );
                return None;
            }
            Action::OfferShared(_) => {
                self.notify(
                    "This page shows the emulator's session, so it cannot open a shared one: \
                     open the link where the playground is not served by the emulator.",
                    true,
                );
                return None;
            }
            other => return Some(other),
        };
        self.send_remote(request);
        None
    }

    /// The speeds the clock offers: the usual ones, and the emulator's if it is another.
    pub fn speeds(&self) -> Vec<u32> {
        let mut speeds = SPEEDS.to_vec();
        if !speeds.contains(&self.speed) {
            let at = speeds.partition_point(|&s| s < self.speed);
            speeds.insert(at, self.speed);
        }
        speeds
    }
}
