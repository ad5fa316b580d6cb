//! Keeping a session across reloads.
//!
//! The engine is not saved (its internals may change); what the user did is: the seed,
//! every call with the simulated time it was made at, the time now, the calls answered or
//! declined, the selection, the clock, the form, and an imported scenario still running.
//! Loading rebuilds the engine by replaying the calls at their times on a fresh engine
//! with the same seed: the engine is deterministic, so the rebuilt session (ids, PINs,
//! deliveries, statuses, the API log) is the one that was left.
//!
//! Calls are kept compactly ([`super::codec`]) in chunks of [`CHUNK`] calls, each under a
//! key of its own, and a small header says how many there are. Saving writes only what
//! changed (the last chunk and the header), so a save costs the same with ten calls or
//! fifteen thousand. An imported scenario's text is written once, under its own key.
//!
//! The header sits in a versioned envelope, `{"version": 2, "session": {...}}`; version 1
//! (a single key holding every call) is still read, by `v1.rs`. Data that cannot be read
//! is dropped with a notice: the page starts fresh and never panics or stays blank.

use std::ops::Range;
use std::rc::Rc;

use serde_json::{Map, Value};
use verify_engine::journal::{Journal, Replay, Replayable};
use verify_engine::scenario::parse;
use verify_engine::{Call, Engine, Millis, RequestId, SessionConfig};

pub mod chunks;
mod v1;

use super::codec::{self, KeptCall};
use super::form::{Field, FormValues};
use super::phones::CallState;
use super::{Import, Playground, SPEEDS};

/// The version written now.
pub const VERSION: u32 = 2;

/// The key of the header (and, in version 1, of the whole session).
pub const STORAGE_KEY: &str = "verify-playground.session";

pub use chunks::{Written, CHUNK};

/// The key of chunk `k` of the calls.
pub fn chunk_key(k: usize) -> String {
    chunks::chunk_key(STORAGE_KEY, k)
}

/// The key of the imported scenario's text.
pub const IMPORT_KEY: &str = "verify-playground.session.import";

/// Whether `key` is one of the saved session's keys.
pub fn is_session_key(key: &str) -> bool {
    chunks::is_session_key(STORAGE_KEY, key)
}

/// A session as saved.
#[derive(Clone, PartialEq, Debug)]
pub struct Saved {
    /// What the calls replay on: the seed, the start date (search dates) and how long
    /// finished requests stay known (a session mirrored from the emulator).
    pub config: SessionConfig,
    /// The simulated time when saved.
    pub now: Millis,
    /// Clock playing.
    pub running: bool,
    /// Clock speed.
    pub speed: u32,
    /// The request form.
    pub form: FormValues,
    /// Every call, in order.
    pub calls: Vec<KeptCall>,
    /// Calls answered or declined: (event id, state).
    pub choices: Vec<(String, CallState)>,
    /// The selected request's id.
    pub selected: Option<String>,
    /// A scenario still replaying: its text and the index of its next step.
    pub import: Option<(String, usize)>,
}

/// What stored data turned out to be.
#[derive(Clone, PartialEq, Debug)]
pub enum Loaded {
    /// Nothing was stored.
    Nothing,
    /// A session this version can rebuild.
    Session(Box<Saved>),
    /// Data written by another version of the playground.
    OtherVersion(u64),
    /// Not a saved session at all.
    Unreadable(String),
    /// The browser does not let the page read its storage.
    Blocked(String),
}

/// Reads whatever is stored under `key` (a seam over the browser's storage).
pub type Read<'a> = &'a dyn Fn(&str) -> Result<Option<String>, String>;

/// Reads the saved session: the header, then as many chunks as it names.
pub fn load(read: Read<'_>) -> Loaded {
    let text = match read(STORAGE_KEY) {
        Err(reason) => return Loaded::Blocked(reason),
        Ok(None) => return Loaded::Nothing,
        Ok(Some(text)) => text,
    };
    let value = match verify_engine::json::read(&text) {
        Ok(value) => value,
        Err(e) => return Loaded::Unreadable(format!("not JSON: {e}")),
    };
    match value.get("version").and_then(Value::as_u64) {
        Some(2) => match load_v2(value, read) {
            Ok(saved) => Loaded::Session(Box::new(saved)),
            Err(reason) => Loaded::Unreadable(reason),
        },
        Some(1) => match v1::load(&value) {
            Ok(saved) => Loaded::Session(Box::new(saved)),
            Err(reason) => Loaded::Unreadable(reason),
        },
        Some(v) => Loaded::OtherVersion(v),
        None => Loaded::Unreadable("no version".into()),
    }
}

/// What replays a session besides its calls, as a saved header and a share link both
/// write it: the engine's config ([`SessionConfig::write_json`]) and the clock's time.
pub(super) fn read_replay(object: &Value) -> Result<(SessionConfig, Millis), String> {
    let config = SessionConfig::from_json(object).map_err(|e| e.to_string())?;
    let now = object
        .get("now")
        .ok_or("no now")?
        .as_u64()
        .ok_or("now is not a number")?;
    Ok((config, now))
}

/// Writes what [`read_replay`] reads into `object`.
pub(super) fn write_replay(p: &Playground, object: &mut Value) {
    if let Some(object) = object.as_object_mut() {
        SessionConfig::of(&p.session.engine, p.session.seed).write_json(object);
        object.insert("now".into(), p.now().into());
    }
}

/// Reads the header's `{"version": 2, "session": {...}}` field by field (written by
/// [`header_text`]): direct reads of the JSON value cost the download far less than a
/// derived deserializer.
fn load_v2(value: Value, read: Read<'_>) -> Result<Saved, String> {
    let header = value.get("session").ok_or("no session")?;
    let field = |name: &str| header.get(name).ok_or(format!("no {name}"));
    let number = |name: &str| {
        field(name)?
            .as_u64()
            .ok_or(format!("{name} is not a number"))
    };
    let text = |name: &str| header.get(name).and_then(Value::as_str);
    let count = number("calls")? as usize;
    let missing = || "a part of it is missing".to_owned();
    let mut calls = Vec::with_capacity(count);
    chunks::read_chunks(read, STORAGE_KEY, count, &mut |value| {
        calls.push(codec::decode(value).map_err(|e| e.to_string())?);
        Ok(())
    })?;
    let import = match header.get("import_next").and_then(Value::as_u64) {
        Some(next) => Some((read(IMPORT_KEY)?.ok_or_else(missing)?, next as usize)),
        None => None,
    };
    let choices = field("choices")?
        .as_array()
        .ok_or("choices is not a list")?
        .iter()
        .map(|pair| {
            let id = pair.get(0).and_then(Value::as_str);
            let state = pair
                .get(1)
                .and_then(Value::as_str)
                .and_then(CallState::from_key);
            id.zip(state)
                .map(|(id, state)| (id.to_owned(), state))
                .ok_or_else(|| format!("not a call choice: {}", verify_engine::json::write(pair)))
        })
        .collect::<Result<_, _>>()?;
    let (config, now) = read_replay(header)?;
    Ok(Saved {
        config,
        now,
        running: field("running")?
            .as_bool()
            .ok_or("running is not true or false")?,
        speed: number("speed")? as u32,
        form: FormValues::from_json(field("form")?),
        calls,
        choices,
        selected: text("selected").map(str::to_owned),
        import,
    })
}

/// What one save writes, in order: chunks, the imported scenario, then the header. The
/// texts are made one at a time as they are written ([`chunk_text`], [`header_text`]), so
/// a save that fails early costs little.
#[derive(Clone, PartialEq, Eq, Debug)]
pub struct SavePlan {
    /// A new session: the old one's keys go first (so that a half-written new session is
    /// never read as the old one), and chunks past the new count are removed after.
    pub full: bool,
    /// The chunks to write: the one holding the first unwritten call, and those after it.
    pub chunks: Range<usize>,
    /// Whether to write the imported scenario's text.
    pub import: bool,
    /// What storage holds once every write succeeded.
    pub after: Written,
}

impl SavePlan {
    /// What storage holds once this save ended (`ok` or not): [`chunks::written_after`].
    pub fn written_after(&self, before: Option<Written>, ok: bool) -> Option<Written> {
        chunks::written_after(self.full, self.after, before, ok)
    }

    /// The keys written, in order.
    pub fn keys(&self) -> Vec<String> {
        let mut keys: Vec<String> = self.chunks.clone().map(chunk_key).collect();
        if self.import {
            keys.push(IMPORT_KEY.to_owned());
        }
        keys.push(STORAGE_KEY.to_owned());
        keys
    }
}

/// Plans the save of `p`, given what storage already holds.
/// (The chunks as [`chunks::plan`] decides, the session's generation being
/// [`Playground::generation`].)
pub fn plan(p: &Playground, written: Option<Written>) -> SavePlan {
    let chunks::ChunkPlan {
        full,
        chunks,
        after,
    } = chunks::plan(p.generation, p.session.log.len(), written);
    SavePlan {
        full,
        chunks,
        import: full && p.session.import.is_some(),
        after,
    }
}

/// The calls the user answered or declined, as saved sessions and share links keep them:
/// `[["<event id>", "answered"], ...]`.
pub(crate) fn choices_json(p: &Playground) -> Value {
    let pair = |(id, state): &(verify_engine::EventId, CallState)| {
        Value::from(vec![Value::from(id.to_string()), Value::from(state.key())])
    };
    p.session
        .phones
        .call_choices()
        .iter()
        .map(pair)
        .collect::<Vec<_>>()
        .into()
}

/// The text of chunk `k` of `p`'s calls.
pub fn chunk_text(p: &Playground, k: usize) -> String {
    let calls: Vec<Value> = p.session.log[chunks::chunk_range(k, p.session.log.len())]
        .iter()
        .map(|e| codec::encode(e.at, &e.call, e.from_scenario, &p.session.engine))
        .collect();
    verify_engine::json::write(&Value::from(calls))
}

/// The header's text: everything but the calls.
pub fn header_text(p: &Playground) -> String {
    // Built field by field, not with `json!`: the macro turns each value through
    // `to_value(..).unwrap()`, whose failure message (never shown) would bring
    // serde_json's error formatting and Rust's string escaping into the download.
    let mut session = Map::new();
    session.insert("running".into(), p.running.into());
    session.insert("speed".into(), p.speed.into());
    session.insert("form".into(), p.form.to_json());
    session.insert("calls".into(), p.session.log.len().into());
    session.insert("choices".into(), choices_json(p));
    session.insert(
        "selected".into(),
        p.session.selected.map(|id| id.to_string()).into(),
    );
    session.insert(
        "import_next".into(),
        p.session.import.as_ref().map(|i| i.next).into(),
    );
    let mut session = Value::Object(session);
    write_replay(p, &mut session);
    // The version first, as every saved session has it.
    let session = verify_engine::json::write(&session);
    format!("{{\"version\":{VERSION},\"session\":{session}}}")
}

impl Replayable for KeptCall {
    fn resolve(&self, engine: &Engine) -> Result<Call, String> {
        KeptCall::resolve(self, engine)
    }
}

impl Replay<KeptCall> for Playground {
    fn engine(&self) -> &Engine {
        &self.session.engine
    }

    fn advance_to(&mut self, at: Millis) {
        self.run_until(at);
    }

    fn call(&mut self, call: Call, kept: &KeptCall) {
        self.make_call(call, kept.from_scenario);
    }
}

impl Playground {
    /// Rebuilds a saved session by replaying its calls on a fresh engine.
    pub fn restore(saved: Saved) -> Result<Playground, String> {
        let mut playground = Playground::new(saved.config.seed);
        playground.session.engine = saved.config.engine();
        let mut journal = Journal::new(saved.config);
        for kept in saved.calls {
            if kept.at > saved.now {
                return Err("calls out of time order".into());
            }
            journal
                .push(kept.at, kept)
                .map_err(|_| "calls out of time order".to_owned())?;
        }
        journal.replay(&mut playground).map_err(|e| e.to_string())?;
        playground.run_until(saved.now);
        if let Some((text, next)) = saved.import {
            let steps = parse(&text).map_err(|e| format!("saved scenario: {e}"))?;
            if next > steps.len() {
                return Err("saved scenario position out of range".into());
            }
            playground.session.import = Some(Import {
                text: text.into(),
                steps: Rc::new(steps),
                next,
            });
        }
        for (id, state) in &saved.choices {
            if let Some(event) = verify_engine::EventId::parse(id) {
                playground.session.phones.set_call(event, *state);
            }
        }
        if let Some(id) = saved.selected.as_deref().and_then(RequestId::parse) {
            playground.select(id);
        }
        playground.running = saved.running;
        playground.speed = if SPEEDS.contains(&saved.speed) {
            saved.speed
        } else {
            1
        };
        playground.form = saved.form;
        playground.announcements.clear();
        playground.session.next_due = playground.compute_next_due();
        Ok(playground)
    }
}

/// What the page's address asks for.
#[derive(Clone, PartialEq, Eq, Debug, Default)]
pub struct UrlSettings {
    /// Form fields to pre-fill.
    pub form: Vec<(Field, String)>,
    /// `?embed`: compact layout, session not saved.
    pub embed: bool,
    /// `?scenario=...`: a scenario to replay.
    pub scenario: Option<String>,
    /// `?ns=...`: the emulator's namespace to mirror.
    pub namespace: Option<String>,
    /// `?signal=sms-lost` (a Signal menu value): the form's phone starts with that
    /// signal, as the Reach lab's rows open the playground on one such user.
    pub signal: Option<crate::signal::Signal>,
}

/// The state a page the emulator serves starts with: empty until the emulator's session
/// arrives, with the URL's form settings.
pub fn boot_connected(url: &UrlSettings, seed: u64, address: String) -> Playground {
    let mut playground = Playground::connected(seed, address, url.namespace.clone());
    for (field, value) in &url.form {
        playground.form.set(*field, value.clone());
    }
    playground.embed = url.embed;
    playground
}

/// The state the page starts with: the stored session if it can be rebuilt (unless
/// embedded), then the URL's form settings and scenario on top.
pub fn boot(stored: Loaded, url: &UrlSettings, seed: u64) -> Playground {
    let mut notices = Vec::new();
    let mut storage_problem = None;
    let mut playground = None;
    if !url.embed {
        match stored {
            Loaded::Nothing => {}
            Loaded::Blocked(reason) => storage_problem = Some(reason),
            Loaded::Session(saved) => match Playground::restore(*saved) {
                Ok(restored) => playground = Some(restored),
                Err(reason) => notices.push(format!(
                    "The saved session could not be rebuilt ({reason}), so a fresh one has started."
                )),
            },
            Loaded::OtherVersion(v) => notices.push(format!(
                "The saved session came from another version of the playground (format {v}), so a fresh one has started."
            )),
            Loaded::Unreadable(reason) => notices.push(format!(
                "The saved session could not be read ({reason}), so a fresh one has started."
            )),
        }
    }
    let restored = playground.is_some();
    let mut playground = playground.unwrap_or_else(|| Playground::new(seed));
    playground.storage_problem = storage_problem;
    for text in notices {
        playground.notify(text, true);
    }
    if restored && !playground.session.log.is_empty() {
        playground.notify(
            format!(
                "Your previous session is back: {} calls replayed up to {}.",
                crate::format::count(playground.session.log.len() as u64),
                crate::format::clock(playground.now())
            ),
            false,
        );
    }
    for (field, value) in &url.form {
        playground.form.set(*field, value.clone());
    }
    playground.embed = url.embed;
    if let Some(signal) = url.signal {
        let number = playground.form.number.clone();
        playground.set_signal(&number, signal);
    }
    if let Some(text) = &url.scenario {
        playground.apply(super::Action::Import(text.clone()));
    }
    playground
}
