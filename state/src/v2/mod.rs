//! Verify v2 in the playground (`#v2`): its own state and reducer, beside v1's
//! [`crate::Playground`], built only with the crate's `v2` feature (so the v1 views never
//! carry it).
//!
//! The reducer adapts; the engine decides. A start, check, cancel or next_workflow is a
//! [`Call`] made on the engine at the simulated clock's time and kept in the session's
//! [`Journal`] (the one idea every replay goes through: a reload or a shared link rebuilds
//! the session by [`Journal::replay`] into a [`V2Playground`]); the answer is filed in the
//! API log, deliveries on the phone or in the inbox, callbacks with their exact JSON.
//!
//! - [`form`]: the form's values, the body they make, the engine's refusals per field.
//! - [`log`]: the API log's entries.
//! - [`phone`]: what reaches the phone and the inbox.
//! - [`callbacks`]: what the app's webhook receives.
//! - [`export`]: the session as a scenario file.
//! - [`import`]: a scenario file of v2 calls as the session.
//! - [`address`]: the form in the page's address.
//! - [`saved`]: the session kept in the browser, replayed on reload.
//! - [`shown`]: long lists a page at a time.
//! - [`timeline`]: the selected request's step windows.

pub mod address;
pub mod callbacks;
pub mod export;
pub mod form;
pub mod import;
pub mod log;
pub mod phone;
pub mod saved;
pub mod shown;
pub mod timeline;

use serde_json::Value;
use verify_engine::journal::Replay;
use verify_engine::{Call, Engine, Happening, Journal, Millis, Response, SessionConfig, Uuid};

use callbacks::V2Callback;
use form::{V2Field, V2Form};
use log::V2LogEntry;
use phone::{DeviceCheck, PhoneItem, Reached};

pub use crate::SPEEDS;

/// The longest real time one tick may stand for (as on v1's clock).
const MAX_TICK_MS: f64 = 1000.0;

/// Everything the v2 view shows and the session it is.
#[derive(Debug)]
pub struct V2Playground {
    /// The session's calls at their times, from its config.
    pub journal: Journal<Call>,
    /// The engine the calls were made on.
    pub engine: Engine,
    /// The form.
    pub form: V2Form,
    /// What is typed in "Code".
    pub code: String,
    /// Whether the clock is playing.
    pub running: bool,
    /// Simulated seconds per real second (one of [`SPEEDS`]).
    pub speed: u32,
    /// Every call and its answer, oldest first.
    pub log: Vec<V2LogEntry>,
    /// What reached the phone and the inbox.
    pub reached: Reached,
    /// Every callback sent, oldest first.
    pub callbacks: Vec<V2Callback>,
    /// The request the buttons act on: the last one started.
    pub current: Option<Uuid>,
    /// Something to tell the reader (nothing scheduled, a call refused by the page).
    pub notice: Option<String>,
    /// Bumped by every change a saved session keeps.
    pub revision: u64,
    /// Bumped whenever the session is replaced (new, shared, imported): its kept calls
    /// are then written whole, not added to.
    pub generation: u64,
    /// Why the last "Import scenario" was refused (its line and reason), shown by it.
    pub import_error: Option<String>,
    /// When the engine's next timer is due, as of the last action (for the clock bar).
    pub next_due: Option<Millis>,
}

/// Everything that can happen to the v2 view.
#[derive(Clone, PartialEq, Debug)]
pub enum V2Action {
    /// A form field was edited.
    Edit(V2Field, String),
    /// "Code" was edited.
    EditCode(String),
    /// "Start verification".
    Start,
    /// "Check code", with the code typed.
    Check,
    /// "Cancel".
    Cancel,
    /// "Next workflow".
    Next,
    /// The phone answered a request's WhatsApp question: `yes` or `no`.
    Reply(Uuid, &'static str),
    /// Real milliseconds passed while the clock plays.
    Tick(f64),
    /// Play or pause.
    SetRunning(bool),
    /// One of [`SPEEDS`].
    SetSpeed(u32),
    /// "Skip to next event".
    SkipToNext,
    /// A new, empty session with this seed.
    Reset(u64),
    /// A shared link's session (what [`saved::save`] wrote) replaces this one.
    OpenShared(String),
    /// Something to tell the reader (a link that could not be read).
    Tell(String),
    /// "Import scenario": the file, as the on-demand import module read and replayed it
    /// ([`import::answer`], [`import::decode`]): the session in [`saved::save`]'s format,
    /// which replaces this one, or why it cannot, which changes nothing. The reducer does
    /// not read the file, so that no module replaying v2 sessions (`#v2` itself, v2's
    /// stories, the emulator's phone) carries the engine's scenario parser.
    Import(Result<String, import::ImportError>),
}

impl V2Playground {
    /// An empty session with `seed`, the clock paused at 0.
    pub fn new(seed: u64) -> V2Playground {
        let config = SessionConfig::new(seed);
        V2Playground {
            journal: Journal::new(config),
            engine: config.engine(),
            form: V2Form::default(),
            code: String::new(),
            running: false,
            speed: 1,
            log: Vec::new(),
            reached: Reached::default(),
            callbacks: Vec::new(),
            current: None,
            notice: None,
            revision: 0,
            generation: 0,
            import_error: None,
            next_due: None,
        }
    }

    /// Rebuilds a session from its journal (a reload, a shared link): the same calls at
    /// the same times give the same ids, codes, deliveries and callbacks; then the clock
    /// moves on to `now`.
    pub fn restore(
        journal: Journal<Call>,
        now: Millis,
    ) -> Result<V2Playground, verify_engine::journal::JournalError> {
        let mut playground = V2Playground::new(journal.config().seed);
        // The journal's start date and retention, not only its seed.
        playground.engine = journal.config().engine();
        journal.replay(&mut playground)?;
        playground.journal = journal;
        playground.advance(now);
        playground.next_due = playground.engine.next_due();
        Ok(playground)
    }

    /// Simulated time.
    pub fn now(&self) -> Millis {
        self.engine.now()
    }

    /// The request the buttons act on, unless forgotten.
    pub fn request(&self) -> Option<&verify_engine::v2::Request> {
        self.current.and_then(|id| self.engine.v2_request(id))
    }

    /// The session as a scenario file (JSON Lines, the format's v2 steps) that
    /// `verify-sim` replays to the same answers: its first line names the options
    /// (seed, start) to replay it with; its last moves the clock to now.
    pub fn export(&self) -> String {
        export::scenario(&self.journal, self.now())
    }

    /// Whether the phone can answer a WhatsApp question of `request_id` now: its
    /// request is running a whatsapp_interactive step.
    pub fn can_answer(&self, request_id: Uuid) -> bool {
        self.engine
            .v2_request(request_id)
            .is_some_and(|request| request.awaits_reply())
    }

    /// Applies one action. Pure: no storage, timers or DOM.
    pub fn apply(&mut self, action: V2Action) {
        self.act(action);
        self.next_due = self.engine.next_due();
    }

    fn act(&mut self, action: V2Action) {
        match action {
            V2Action::Edit(field, value) => {
                self.form.set(field, value);
                self.revision += 1;
            }
            V2Action::EditCode(code) => self.code = code,
            V2Action::Start => self.start(),
            V2Action::Check => {
                if let Some(id) = self.current {
                    let mut body = serde_json::Map::new();
                    body.insert("code".into(), self.code.clone().into());
                    let body = Value::Object(body);
                    self.record(Call::Check2 {
                        request_id: id.to_string(),
                        body,
                    });
                }
            }
            V2Action::Cancel => self.on_current(|request_id| Call::Cancel2 { request_id }),
            V2Action::Next => self.on_current(|request_id| Call::Next2 { request_id }),
            V2Action::Reply(id, answer) => {
                self.record(Call::Reply {
                    request_id: id.to_string(),
                    answer: answer.to_owned(),
                });
            }
            V2Action::Tick(real_ms) => {
                if self.running {
                    let real = real_ms.clamp(0.0, MAX_TICK_MS);
                    let step = (real * f64::from(self.speed)) as Millis;
                    self.advance(self.now() + step);
                }
            }
            V2Action::SetRunning(running) => self.running = running,
            V2Action::SetSpeed(speed) => {
                if SPEEDS.contains(&speed) {
                    self.speed = speed;
                }
            }
            V2Action::SkipToNext => match self.engine.next_due() {
                Some(at) => {
                    self.notice = None;
                    self.advance(at);
                }
                None => {
                    self.notice = Some("Nothing is scheduled: no request is in progress.".into())
                }
            },
            V2Action::OpenShared(text) => match saved::load(&text) {
                Ok(mut opened) => {
                    // "Replaced" only where there was something to replace (an embedded
                    // page, say, opens with no calls).
                    opened.notice = Some(if self.log.is_empty() {
                        "This is the shared session.".into()
                    } else {
                        "This is the shared session: yours was replaced.".into()
                    });
                    self.replace_with(opened);
                }
                Err(why) => {
                    self.notice = Some(format!(
                        "The shared link could not be opened: {}.",
                        why.why()
                    ))
                }
            },
            V2Action::Tell(text) => self.notice = Some(text),
            V2Action::Reset(seed) => {
                let mut fresh = V2Playground::new(seed);
                fresh.form = std::mem::take(&mut self.form);
                self.replace_with(fresh);
            }
            V2Action::Import(read) => self.import(read),
        }
    }

    /// Replaces the session with `other`, as a new generation of what is kept.
    fn replace_with(&mut self, mut other: V2Playground) {
        other.revision = self.revision + 1;
        other.generation = self.generation + 1;
        *self = other;
    }

    /// "Import scenario": the file's calls replayed as the session, the form kept; a file
    /// that cannot be imported changes nothing but the error shown.
    fn import(&mut self, read: Result<String, import::ImportError>) {
        let opened = read.and_then(|session| {
            saved::load(&session).map_err(|e| import::ImportError {
                line: 0,
                reason: format!("its session does not open: {}", e.why()),
            })
        });
        match opened {
            Ok(mut imported) => {
                imported.form = std::mem::take(&mut self.form);
                imported.notice = Some(format!(
                    "Imported the scenario: {} calls replayed up to {}.",
                    imported.journal.entries().len(),
                    verify_engine::clock(imported.now())
                ));
                self.replace_with(imported);
            }
            Err(error) => {
                self.import_error = Some(format!("This file cannot be imported: {error}."))
            }
        }
    }

    /// Makes a call on the request the buttons act on.
    fn on_current(&mut self, call: impl FnOnce(String) -> Call) {
        if let Some(id) = self.current {
            self.record(call(id.to_string()));
        }
    }

    /// "Start verification": the form's body; a silent_auth first step has the device
    /// open its `check_url` at once, as a phone on the network does.
    fn start(&mut self) {
        let response = self.record(Call::Verify2(self.form.body()));
        if let Response::Verify2(Ok(started)) = &response {
            if started.check_url.is_some() {
                self.record(Call::SilentAuth {
                    request_id: started.request_id.to_string(),
                });
            }
        }
    }

    /// Makes `call` now, keeps it in the journal, files what it did.
    fn record(&mut self, call: Call) -> Response {
        let now = self.now();
        let response = self.make(call.clone());
        // Calls are made at the engine's time, which never goes back.
        if self.journal.push(now, call).is_err() {
            self.notice = Some("This session's record is out of order: reload the page.".into());
        }
        self.revision += 1;
        response
    }

    /// Makes `call` now and files its answer and what it caused (no journal: replay uses
    /// this too).
    fn make(&mut self, call: Call) -> Response {
        let now = self.now();
        let mut happenings = Vec::new();
        let response = self.engine.call(&call, &mut happenings);
        self.log.push(V2LogEntry::new(now, &call, &response));
        match (&call, &response) {
            (Call::Verify2(_), Response::Verify2(Ok(started))) => {
                self.current = Some(started.request_id);
                self.code.clear();
            }
            (Call::SilentAuth { request_id }, _) => {
                let id = Uuid::parse(request_id);
                let to = id
                    .and_then(|id| self.engine.v2_request(id))
                    .and_then(|request| request.steps().first())
                    .map(|step| step.spec.to.as_str().to_owned())
                    .unwrap_or_default();
                if let Some(id) = id {
                    let check = DeviceCheck::new(now, id, &to, &response);
                    self.reached.phone.push(PhoneItem::DeviceCheck(check));
                }
            }
            _ => {}
        }
        self.file(&happenings);
        response
    }

    /// Runs the engine up to `to`, filing what happens on the way.
    pub fn advance(&mut self, to: Millis) {
        if to <= self.now() {
            return;
        }
        let mut happenings = Vec::new();
        self.engine.advance_to(to, &mut happenings);
        self.file(&happenings);
    }

    /// Sorts happenings: deliveries to the phone or inbox, callbacks to their list.
    fn file(&mut self, happenings: &[Happening]) {
        for happening in happenings {
            match happening {
                Happening::V2Delivered(delivery) => self.reached.deliver(delivery),
                Happening::Callback(callback) => self.callbacks.push(V2Callback::new(callback)),
                _ => {}
            }
        }
    }
}

impl Replay<Call> for V2Playground {
    fn engine(&self) -> &Engine {
        &self.engine
    }

    fn advance_to(&mut self, at: Millis) {
        self.advance(at);
    }

    fn call(&mut self, call: Call, _kept: &Call) {
        self.make(call);
    }
}
