//! The playground's state: one value, changed only by [`Action`]s through the reducer.
//!
//! The reducer adapts; the engine decides. Every Verify rule (validation, timings, PINs,
//! status codes, texts, explanations) comes from `verify_engine`; this module only makes
//! calls, keeps the API log, sorts deliveries onto phones and tracks what is selected.
//! Side effects (timers, storage, speech, the URL) live in hooks and `platform`, never here.

pub mod export;
pub mod form;
pub mod phones;
pub mod saved;
pub mod timeline;

use std::rc::Rc;

use verify_engine::scenario::{parse, Placeholders, Step};
use verify_engine::{
    Call, CheckParams, ControlParams, Engine, EventId, Happening, Millis, RequestId, Response,
    SECOND,
};
use yew::Reducible;

use crate::format;
use form::{Field, FormValues};
use phones::{CallState, Phones};

/// The clock speeds offered: simulated seconds per real second.
pub const SPEEDS: [u32; 3] = [1, 10, 60];

/// The longest real time one tick may stand for, so that a tab the browser stopped
/// ticking for a while does not leap ahead when it wakes up.
const MAX_TICK_MS: f64 = 1000.0;

/// How many phone announcements the live region keeps.
const KEPT_ANNOUNCEMENTS: usize = 4;

/// One call in the API log.
#[derive(Clone, PartialEq, Eq, Debug)]
pub struct LogEntry {
    /// When it was made (simulated).
    pub at: Millis,
    /// The call as sent.
    pub call: Call,
    /// The engine's answer.
    pub response: Response,
    /// The answer as the real API's pretty-printed JSON.
    pub json: String,
    /// Made by an imported scenario rather than by a button.
    pub from_scenario: bool,
}

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

/// An imported scenario being replayed on the playground's clock.
#[derive(Clone, PartialEq, Debug)]
pub struct Import {
    /// The file as imported (kept so that a reload can continue it).
    pub text: Rc<str>,
    /// Its parsed steps.
    pub steps: Rc<Vec<Step>>,
    /// The next step to run.
    pub next: usize,
}

impl Import {
    /// When the next step is due, if any is left.
    pub fn next_at(&self) -> Option<Millis> {
        self.steps.get(self.next).map(|s| s.at)
    }
}

/// Everything the page shows.
#[derive(Clone, Debug)]
pub struct Playground {
    /// The engine's seed: a saved session is rebuilt from it and the call log.
    pub seed: u64,
    /// The simulator.
    pub engine: Engine,
    placeholders: Placeholders,
    /// Every call, oldest first.
    pub log: Rc<Vec<Rc<LogEntry>>>,
    /// The handsets.
    pub phones: Phones,
    /// The request the status, phone and timeline follow.
    pub selected: Option<RequestId>,
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
    /// The latest phone events, for the aria-live region: (id, words).
    pub announcements: Vec<(u32, String)>,
    /// A scenario being replayed.
    pub import: Option<Import>,
    /// Why the last import failed (`line 7: ...`).
    pub import_error: Option<String>,
    /// When the next thing is scheduled (engine or scenario), for "Skip to next event".
    pub next_due: Option<Millis>,
    /// Bumped by every change a saved session keeps (besides the time).
    pub revision: u64,
    /// Compact layout for iframes; such sessions are not saved.
    pub embed: bool,
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
    /// `/verify/json` with the form's values.
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
    /// Answer or decline a call.
    SetCall(EventId, CallState),
    /// Replace the session by a scenario's replay.
    Import(String),
    /// Start a new, empty session with this seed (the form and the clock's settings stay).
    Reset(u64),
    /// Remove a notice.
    Dismiss(u32),
}

impl Reducible for Playground {
    type Action = Action;

    fn reduce(self: Rc<Self>, action: Action) -> Rc<Self> {
        if matches!(action, Action::Tick(_)) && !self.running {
            return self;
        }
        let mut next = (*self).clone();
        next.apply(action);
        Rc::new(next)
    }
}

impl Playground {
    /// An empty session at time 0, clock playing at 1x.
    pub fn new(seed: u64) -> Playground {
        let mut engine = Engine::new(seed);
        let next_due = engine.next_due();
        Playground {
            seed,
            engine,
            placeholders: Placeholders::default(),
            log: Rc::default(),
            phones: Phones::default(),
            selected: None,
            running: true,
            speed: 1,
            form: FormValues::default(),
            pin: String::new(),
            notices: Vec::new(),
            next_notice: 0,
            announcements: Vec::new(),
            import: None,
            import_error: None,
            next_due,
            revision: 0,
            embed: false,
        }
    }

    /// The simulated time.
    pub fn now(&self) -> Millis {
        self.engine.now()
    }

    /// The selected request.
    pub fn selected_request(&self) -> Option<&verify_engine::Request> {
        self.engine.request(self.selected?)
    }

    /// Applies one action.
    pub fn apply(&mut self, action: Action) {
        match action {
            Action::Tick(real_ms) => {
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
            Action::SkipToNext => match self.next_due {
                Some(at) => self.advance(at),
                None => self.notify("Nothing is scheduled: no request is in progress.", false),
            },
            Action::SkipBy(span) => self.advance(self.now() + span),
            Action::Edit(field, value) => {
                self.form.set(field, value);
                self.revision += 1;
            }
            Action::EditPin(pin) => self.pin = pin,
            Action::Send => self.make_call(Call::Verify(self.form.to_params()), false),
            Action::Check => {
                let params = CheckParams {
                    request_id: self.selected.map(|id| id.to_string()),
                    code: (!self.pin.is_empty()).then(|| self.pin.clone()),
                    ..CheckParams::default()
                };
                self.make_call(Call::Check(params), false);
            }
            Action::Cancel => self.control("cancel"),
            Action::TriggerNext => self.control("trigger_next_event"),
            Action::Select(id) => self.select(id),
            Action::ShowPhone(number) => {
                self.phones.show(&number);
                let latest = self.engine.requests().iter().rev();
                if let Some(id) = latest
                    .clone()
                    .find(|r| r.number() == number)
                    .map(|r| r.id())
                {
                    self.selected = Some(id);
                }
                self.revision += 1;
            }
            Action::SetCall(event, state) => {
                if self.phones.set_call(event, state) {
                    self.revision += 1;
                }
            }
            Action::Import(text) => self.import(text),
            Action::Reset(seed) => {
                let mut fresh = Playground::new(seed);
                fresh.form = std::mem::take(&mut self.form);
                fresh.speed = self.speed;
                fresh.running = self.running;
                fresh.embed = self.embed;
                fresh.revision = self.revision + 1;
                fresh.next_notice = self.next_notice;
                *self = fresh;
                self.notify("Started a new session.", false);
            }
            Action::Dismiss(id) => self.notices.retain(|n| n.id != id),
        }
        self.next_due = self.compute_next_due();
    }

    fn compute_next_due(&mut self) -> Option<Millis> {
        let engine = self.engine.next_due();
        let scenario = self.import.as_ref().and_then(Import::next_at);
        match (engine, scenario) {
            (Some(a), Some(b)) => Some(a.min(b)),
            (a, b) => a.or(b),
        }
    }

    fn select(&mut self, id: RequestId) {
        if let Some(request) = self.engine.request(id) {
            let number = request.number().to_owned();
            self.selected = Some(id);
            self.phones.show(&number);
            self.revision += 1;
        }
    }

    fn control(&mut self, cmd: &str) {
        let params = ControlParams {
            request_id: self.selected.map(|id| id.to_string()),
            cmd: Some(cmd.to_owned()),
            ..ControlParams::default()
        };
        self.make_call(Call::Control(params), false);
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

    /// Moves the clock to `to`, running the scenario's steps that fall due on the way.
    fn advance(&mut self, to: Millis) {
        while let Some(at) = self.import.as_ref().and_then(Import::next_at) {
            if at > to {
                break;
            }
            self.run_until(at);
            self.run_import_step();
        }
        self.run_until(to);
    }

    /// Moves the engine's clock, without scenario steps (also used to rebuild sessions).
    fn run_until(&mut self, to: Millis) {
        let mut happened = Vec::new();
        self.engine.advance_to(to, &mut happened);
        self.absorb(happened);
    }

    fn run_import_step(&mut self) {
        let Some(import) = self.import.as_mut() else {
            return;
        };
        let steps = import.steps.clone();
        let step = &steps[import.next];
        import.next += 1;
        self.revision += 1;
        let Some(raw) = &step.call else {
            return;
        };
        match self.placeholders.resolve(&self.engine, raw) {
            Ok(call) => self.make_call(call, true),
            Err(reason) => {
                let text = format!("line {}: {reason}", step.line);
                self.notify(format!("The scenario stopped at {text}"), true);
                self.import_error = Some(text);
                self.import = None;
            }
        }
    }

    /// Makes a call now: the engine answers, the log records it, phones get what it sent.
    fn make_call(&mut self, call: Call, from_scenario: bool) {
        let mut happened = Vec::new();
        let response = self.engine.call(&call, &mut happened);
        self.placeholders.observe(&response);
        let started = match &response {
            Response::Verify(Ok(id)) => Some(*id),
            _ => None,
        };
        let json = serde_json::to_string_pretty(&response.body(&call)).unwrap_or_default();
        Rc::make_mut(&mut self.log).push(Rc::new(LogEntry {
            at: self.engine.now(),
            call,
            response,
            json,
            from_scenario,
        }));
        self.absorb(happened);
        if let Some(id) = started {
            self.select(id);
        }
        self.revision += 1;
    }

    /// Sorts what the engine reports onto phones and into announcements.
    fn absorb(&mut self, happened: Vec<Happening>) {
        for happening in happened {
            match happening {
                Happening::Delivered(delivery) => {
                    let words = self.phones.deliver(&delivery);
                    self.announce(words);
                }
                Happening::PinRegenerated { .. } => {}
                Happening::Ended {
                    at,
                    request_id,
                    status,
                } => {
                    self.phones.end_request(request_id);
                    self.announce(format!(
                        "{}: request {} ended: {}",
                        format::clock(at),
                        format::short_id(request_id),
                        status.as_str()
                    ));
                }
            }
        }
    }

    fn announce(&mut self, words: String) {
        let id = self.announcements.last().map_or(1, |(id, _)| id + 1);
        self.announcements.push((id, words));
        let excess = self.announcements.len().saturating_sub(KEPT_ANNOUNCEMENTS);
        self.announcements.drain(..excess);
    }

    /// Replaces the session by a scenario: a fresh engine (seed 0, as `verify-sim`
    /// defaults to, so ids and PINs match its output) whose clock runs the steps.
    fn import(&mut self, text: String) {
        let steps = match parse(&text) {
            Ok(steps) => steps,
            Err(error) => {
                self.import_error = Some(error.to_string());
                return;
            }
        };
        let count = steps.len();
        let mut fresh = Playground::new(0);
        fresh.form = std::mem::take(&mut self.form);
        fresh.speed = self.speed;
        fresh.running = self.running;
        fresh.embed = self.embed;
        fresh.revision = self.revision + 1;
        fresh.next_notice = self.next_notice;
        fresh.import = Some(Import {
            text: text.into(),
            steps: Rc::new(steps),
            next: 0,
        });
        *self = fresh;
        self.notify(
            format!(
                "Scenario imported: {count} steps replay on the clock from 0:00 \
                 (press Play, or Skip to next event to go step by step)."
            ),
            false,
        );
        self.advance(0);
    }
}

/// How far "Skip 30 seconds" jumps.
pub const SKIP_SPAN: Millis = 30 * SECOND;
