//! The playground's state: one value, changed only by [`Action`]s through
//! [`Playground::apply`].
//!
//! The reducer adapts; the engine decides. Every Verify rule (validation, timings, PINs,
//! status codes, texts, explanations) comes from `verify_engine`; this module only makes
//! calls, keeps the API log, sorts deliveries onto phones and tracks what is selected and
//! shown. Side effects (timers, storage, speech, the URL) live in hooks and `platform`,
//! never here.
//!
//! The state is changed in place (see `hooks::use_store`), and every action costs what it
//! changes, not what the session holds: the log and the request list are shown a page at
//! a time, phones are indexed by number, and nothing is copied per action or per tick.

pub mod address;
mod calls;
pub mod codec;
pub mod export;
pub mod find;
mod force;
pub mod form;
pub mod format;
mod late;
pub mod log;
pub mod pages;
pub mod phones;
pub mod remote;
pub mod requests;
pub mod saved;
mod scenario;
mod session;
pub mod share;
pub mod signal;
pub mod timeline;
/// Verify v2's view (`#v2`): its own state and reducer.
#[cfg(feature = "v2")]
pub mod v2;
/// What Verify v2 calls did on the emulator's page (its v2 phone, inbox, callbacks).
#[cfg(feature = "v2")]
pub mod v2_mirror;

pub use log::LogEntry;
pub use scenario::Import;
pub use session::Session;

use std::rc::Rc;

use verify_engine::{
    Call, CheckParams, ControlParams, EventId, Millis, RequestId, SessionConfig, SECOND,
};

use form::{Field, FormValues};
use pages::Pages;
use phones::{Announcement, CallState, THREAD_PAGE};
use remote::{Outgoing, Remote, RemoteEvent};

/// The clock speeds offered: simulated seconds per real second.
pub const SPEEDS: [u32; 3] = [1, 10, 60];

/// The longest real time one tick may stand for, so that a tab the browser stopped
/// ticking for a while does not leap ahead when it wakes up.
const MAX_TICK_MS: f64 = 1000.0;

/// How many phone announcements the live region keeps.
pub(crate) const KEPT_ANNOUNCEMENTS: usize = 4;

/// How far "Skip 30 seconds" jumps.
pub const SKIP_SPAN: Millis = 30 * SECOND;

/// A message at the top of the page (restored session, unreadable data, import...).
#[derive(Clone, PartialEq, Eq, Debug)]
pub struct Notice {
    /// For dismissing it.
    pub id: u32,
    /// What to say.
    pub text: String,
    /// Something went wrong (rather than just information).
    pub warning: bool,
}

/// Everything the page shows: the session, the clock, what is on screen (pages, the
/// form, notices), what saving needs to know, and the emulator when mirroring one.
#[derive(Debug)]
pub struct Playground {
    /// The session itself: the engine and what its calls and deliveries became.
    pub session: Session,
    /// The page of the log on screen, and its filter.
    pub log_pages: Pages,
    /// The page of the request list on screen, and its search.
    pub request_pages: Pages,
    /// How many items of the shown phone's thread are on screen.
    pub thread_shown: usize,
    /// Whether the clock is playing.
    pub running: bool,
    /// Simulated seconds per real second.
    pub speed: u32,
    /// The request form.
    pub form: FormValues,
    /// The PIN typed for a check.
    pub pin: String,
    /// Messages at the top of the page.
    pub notices: Vec<Notice>,
    next_notice: u32,
    /// The latest phone events, for the aria-live region: (id, what happened).
    pub announcements: Vec<(u32, Announcement)>,
    /// Why the last import failed (`line 7: ...`).
    pub import_error: Option<String>,
    /// The session as a scenario file, made when asked for.
    pub exported: Option<Rc<str>>,
    /// Bumped by every change a saved session keeps (besides the time).
    pub revision: u64,
    /// Bumped whenever the calls are replaced as a whole (a new session, an import), so
    /// that saving knows to write everything again.
    pub generation: u64,
    /// Why the session is not being kept in this browser, while it is not.
    pub storage_problem: Option<String>,
    /// Compact layout for iframes; such sessions are not saved.
    pub embed: bool,
    /// The emulator this page mirrors, when served by `verify-server`: read it with
    /// [`Playground::remote`].
    remote: Option<Remote>,
    /// A shared session waiting for the user's word (it would replace this session).
    pub offered: Option<share::SharedSession>,
    /// "Force the next answer": a request fault's name, given as the `__example` of the
    /// next call it applies to; empty for none.
    pub force: String,
    /// What the session's Verify v2 calls produced (a mirrored emulator's session may
    /// hold them): the v2 phone, the inbox and the callbacks.
    #[cfg(feature = "v2")]
    pub v2: v2_mirror::V2Mirror,
}

/// Everything that can happen to the state.
#[derive(Clone, PartialEq, Debug)]
pub enum Action {
    /// Real time passed while the clock plays (milliseconds).
    Tick(f64),
    /// Play or pause.
    SetRunning(bool),
    /// One of [`SPEEDS`].
    SetSpeed(u32),
    /// Jump to the next delivery, PIN death, expiry or scenario step.
    SkipToNext,
    /// Jump ahead by this much simulated time.
    SkipBy(Millis),
    /// A form field changed.
    Edit(Field, String),
    /// The PIN field changed.
    EditPin(String),
    /// `/verify/json` with the form's values (`/verify/psd2/json` for a PSD2 payment).
    Send,
    /// `/verify/check/json` for the selected request with the typed PIN.
    Check,
    /// `/verify/control/json` `cancel` for the selected request.
    Cancel,
    /// `/verify/control/json` `trigger_next_event` for the selected request.
    TriggerNext,
    /// Follow another request.
    Select(RequestId),
    /// Show another phone (and follow its latest request).
    ShowPhone(String),
    /// Search the phone numbers.
    FindPhone(String),
    /// Show more of the shown phone's earlier messages.
    ShowEarlier,
    /// Answer or decline a call.
    SetCall(EventId, CallState),
    /// Filter the API log by request id or number.
    FilterLog(String),
    /// Show the log's page this many pages back from the newest.
    LogPage(usize),
    /// Search the requests by id or number.
    FindRequest(String),
    /// Show the request list's page this many pages back from the newest.
    RequestPage(usize),
    /// Replace the session by a scenario's replay.
    Import(String),
    /// Write the session as a scenario file.
    Export,
    /// Start a new, empty session with this seed (the form and the clock's settings stay).
    Reset(u64),
    /// Remove a notice.
    Dismiss(u32),
    /// Saving the session failed (`Some(why)`), or works again (`None`).
    StorageProblem(Option<String>),
    /// The emulator's stream said something (connected pages).
    Remote(RemoteEvent),
    /// A shared session's JSON, read from a link: opened at once, or offered when this
    /// browser holds a session of its own.
    OfferShared(String),
    /// Open the offered shared session (this browser's session is replaced).
    OpenShared,
    /// Keep this browser's session; forget the offered one.
    KeepMine,
    /// Something to tell the user, in words (a link that cannot be read...).
    Tell(String),
    /// A phone's "Signal" menu: set the phone fault of this number.
    SetSignal(String, signal::Signal),
    /// "Force the next answer": this request fault's name answers the next call it
    /// applies to (as its `__example`); empty for none.
    Force(String),
    /// The v2 phone answered a request's WhatsApp question: `yes` or `no` (on the
    /// emulator's page, `POST /_sim/reply` to it).
    #[cfg(feature = "v2")]
    V2Reply(verify_engine::Uuid, &'static str),
}

impl Playground {
    /// An empty session at time 0, clock playing at 1x.
    pub fn new(seed: u64) -> Playground {
        Playground {
            session: Session::new(SessionConfig::new(seed)),
            log_pages: Pages::new(log::LOG_PAGE),
            request_pages: Pages::new(requests::REQUEST_PAGE),
            thread_shown: THREAD_PAGE,
            running: true,
            speed: 1,
            form: FormValues::default(),
            pin: String::new(),
            notices: Vec::new(),
            next_notice: 0,
            announcements: Vec::new(),
            import_error: None,
            exported: None,
            revision: 0,
            generation: 0,
            storage_problem: None,
            embed: false,
            remote: None,
            offered: None,
            force: String::new(),
            #[cfg(feature = "v2")]
            v2: v2_mirror::V2Mirror::default(),
        }
    }

    /// The simulated time.
    pub fn now(&self) -> Millis {
        self.session.engine.now()
    }

    /// The selected request.
    pub fn selected_request(&self) -> Option<&verify_engine::Request> {
        self.session.engine.request(self.session.selected?)
    }

    /// Applies one action.
    pub fn apply(&mut self, action: Action) {
        // A connected page's session and clock are the emulator's: what would change them
        // becomes a request to it (`remote.rs`); the rest is applied here as anywhere.
        let action = match self.remote() {
            Some(_) => match self.mirror(action) {
                Some(action) => action,
                None => return,
            },
            None => action,
        };
        match action {
            Action::Tick(real_ms) => {
                if !self.running {
                    return;
                }
                let real = real_ms.clamp(0.0, MAX_TICK_MS);
                let step = (real * f64::from(self.speed)) as Millis;
                self.advance(self.now() + step);
            }
            Action::SetRunning(running) => {
                self.running = running;
                self.revision += 1;
            }
            Action::SetSpeed(speed) => {
                if SPEEDS.contains(&speed) {
                    self.speed = speed;
                    self.revision += 1;
                }
            }
            Action::SkipToNext => match self.session.next_due {
                Some(at) => self.advance(at),
                None => self.notify("Nothing is scheduled: no request is in progress.", false),
            },
            Action::SkipBy(span) => self.advance(self.now() + span),
            Action::Edit(field, value) => {
                self.form.set(field, value);
                self.revision += 1;
            }
            Action::EditPin(pin) => self.pin = pin,
            Action::Send => self.call(self.form.to_call()),
            Action::Check => {
                let params = CheckParams {
                    request_id: self.session.selected.map(|id| id.to_string()),
                    code: (!self.pin.is_empty()).then(|| self.pin.clone()),
                    ..CheckParams::default()
                };
                self.call(Call::Check(params));
            }
            Action::Cancel => self.control("cancel"),
            Action::TriggerNext => self.control("trigger_next_event"),
            Action::Select(id) => self.select(id),
            Action::ShowPhone(number) => self.show_phone(&number),
            Action::FindPhone(query) => self.session.phones.search(&query),
            Action::ShowEarlier => self.thread_shown += THREAD_PAGE,
            Action::SetCall(event, state) => {
                if self.session.phones.set_call(event, state) {
                    self.revision += 1;
                }
            }
            Action::FilterLog(text) => {
                let log = &self.session.log;
                self.log_pages
                    .set_filter(&text, log.len(), |i, needle| log[i].mentions(needle));
            }
            Action::LogPage(page) => self.log_pages.set_page(page),
            Action::FindRequest(text) => {
                let requests = self.session.engine.requests();
                self.request_pages
                    .set_filter(&text, requests.len(), |i, needle| {
                        requests::mentions(&requests[i], needle)
                    });
            }
            Action::RequestPage(page) => self.request_pages.set_page(page),
            Action::Import(text) => self.import(text),
            Action::Export => self.exported = Some(self.export().into()),
            Action::Reset(seed) => {
                *self = self.fresh_session(seed);
                self.notify("Started a new session.", false);
            }
            Action::Dismiss(id) => self.notices.retain(|n| n.id != id),
            Action::StorageProblem(problem) => self.storage_problem = problem,
            #[cfg(feature = "emulator")]
            Action::Remote(event) => self.remote_event(event),
            // Only the emulator's page has a stream to hear from.
            #[cfg(not(feature = "emulator"))]
            Action::Remote(_) => {}
            Action::OfferShared(text) => match share::parse(&text) {
                Ok(shared) if self.session.log.is_empty() => self.open_shared(shared),
                Ok(shared) => self.offered = Some(shared),
                Err(error) => self.notify(error.explain(), true),
            },
            Action::OpenShared => {
                if let Some(shared) = self.offered.take() {
                    self.open_shared(shared);
                }
            }
            Action::KeepMine => self.offered = None,
            Action::Tell(text) => self.notify(text, true),
            Action::SetSignal(number, signal) => self.set_signal(&number, signal),
            Action::Force(name) => self.force = name,
            #[cfg(feature = "v2")]
            Action::V2Reply(id, answer) => self.call(Call::Reply {
                request_id: id.to_string(),
                answer: answer.to_owned(),
            }),
        }
        self.session.next_due = self.compute_next_due();
    }

    fn compute_next_due(&mut self) -> Option<Millis> {
        let engine = self.session.engine.next_due();
        let scenario = self.session.import.as_ref().and_then(Import::next_at);
        let late = self.next_late();
        [engine, scenario, late].into_iter().flatten().min()
    }

    fn select(&mut self, id: RequestId) {
        if let Some(request) = self.session.engine.request(id) {
            let number = request.number().to_owned();
            self.session.selected = Some(id);
            self.show_number(&number);
            self.revision += 1;
        }
    }

    /// Shows the phone of `number` and follows the request that last reached it.
    fn show_phone(&mut self, number: &str) {
        if let Some(phone) = self.session.phones.get(number) {
            self.session.selected = Some(phone.latest_request);
            self.show_number(number);
            self.revision += 1;
        }
    }

    fn show_number(&mut self, number: &str) {
        let before = self.session.phones.current().map(|p| p.number);
        self.session.phones.show(number);
        if self.session.phones.current().map(|p| p.number) != before {
            self.thread_shown = THREAD_PAGE;
        }
    }

    fn control(&mut self, cmd: &str) {
        let params = ControlParams {
            request_id: self.session.selected.map(|id| id.to_string()),
            cmd: Some(cmd.to_owned()),
            ..ControlParams::default()
        };
        self.call(Call::Control(params));
    }

    /// A call a button makes: to the engine now, or to the emulator for a connected page
    /// (it comes back through the emulator's stream).
    fn call(&mut self, mut call: Call) {
        self.force_answer(&mut call);
        if self.is_connected() {
            self.send_remote(Outgoing::Call(Box::new(call)));
        } else {
            self.make_call(call, false);
        }
    }

    /// An empty session on a new engine that keeps what is not the session's: the form,
    /// the clock's speed and play/pause, the layout, the storage state and the notice
    /// counter.
    fn fresh_session(&mut self, seed: u64) -> Playground {
        let mut fresh = Playground::new(seed);
        fresh.running = self.running;
        self.carry_into(&mut fresh);
        fresh
    }

    /// Moves into `next`, the session about to replace this one, what is not the
    /// session's: the form, the clock's speed, the layout, the storage state, the
    /// emulator's link, and the counters that tell saving and notices it is new.
    fn carry_into(&mut self, next: &mut Playground) {
        next.form = std::mem::take(&mut self.form);
        next.speed = self.speed;
        next.embed = self.embed;
        next.storage_problem = self.storage_problem.take();
        next.remote = self.remote.take();
        next.revision = self.revision + 1;
        next.generation = self.generation + 1;
        next.next_notice = self.next_notice;
    }

    /// Adds a notice at the top of the page.
    pub fn notify(&mut self, text: impl Into<String>, warning: bool) {
        self.next_notice += 1;
        self.notices.push(Notice {
            id: self.next_notice,
            text: text.into(),
            warning,
        });
    }
}
