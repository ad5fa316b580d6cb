//! Keeping a session across reloads.
//!
//! The engine cannot be serialized (and should not be: its internals may change). What is
//! saved is what the user did: the seed, every call with the simulated time it was made
//! at, the time now, the calls answered or declined, the selection, the clock and the
//! form, and an imported scenario still running. Loading rebuilds the engine by replaying
//! the calls at their times on a fresh engine with the same seed: the engine is
//! deterministic, so the rebuilt session (ids, PINs, deliveries, statuses, the API log) is
//! the one that was left. Import works the same way.
//!
//! The data sits in a versioned envelope, `{"version": 1, "session": {...}}`. Data that
//! cannot be read, or that an older version wrote, is dropped with a notice: the page
//! starts fresh and never panics or stays blank.

use std::rc::Rc;

use serde::{Deserialize, Serialize};
use verify_engine::scenario::parse;
use verify_engine::{Call, Millis, RequestId};

use super::form::{Field, FormValues};
use super::phones::CallState;
use super::{Import, Playground, SPEEDS};

/// The version written now; anything else is not loaded.
pub const VERSION: u32 = 1;

/// The localStorage key.
pub const STORAGE_KEY: &str = "verify-playground.session";

/// A session as saved.
#[derive(Clone, PartialEq, Debug, Serialize, Deserialize)]
pub struct Saved {
    /// The engine's seed.
    pub seed: u64,
    /// The simulated time when saved.
    pub now: Millis,
    /// Clock playing.
    pub running: bool,
    /// Clock speed.
    pub speed: u32,
    /// The request form.
    pub form: FormValues,
    /// Every call, in order.
    pub calls: Vec<SavedCall>,
    /// Calls answered or declined, by event id.
    pub call_choices: Vec<(String, CallState)>,
    /// The selected request's id.
    pub selected: Option<String>,
    /// A scenario still replaying.
    pub import: Option<SavedImport>,
}

/// One call and when it was made.
#[derive(Clone, PartialEq, Debug, Serialize, Deserialize)]
pub struct SavedCall {
    /// Simulated time.
    pub at: Millis,
    /// The call.
    pub call: Call,
    /// Made by a scenario.
    #[serde(default)]
    pub scenario: bool,
}

/// A scenario being replayed: its text and the next step.
#[derive(Clone, PartialEq, Debug, Serialize, Deserialize)]
pub struct SavedImport {
    /// The scenario file.
    pub text: String,
    /// The index of the next step.
    pub next: usize,
}

#[derive(Serialize, Deserialize)]
struct Envelope<T> {
    version: u32,
    session: T,
}

/// What a stored text turned out to be.
#[derive(Clone, PartialEq, Debug)]
pub enum Loaded {
    /// A session this version can rebuild.
    Session(Box<Saved>),
    /// Data written by another version of the playground.
    OtherVersion(u64),
    /// Not a saved session at all.
    Unreadable(String),
}

/// The text to store for a session.
pub fn encode(playground: &Playground) -> String {
    let saved = Saved {
        seed: playground.seed,
        now: playground.now(),
        running: playground.running,
        speed: playground.speed,
        form: playground.form.clone(),
        calls: playground
            .log
            .iter()
            .map(|e| SavedCall {
                at: e.at,
                call: e.call.clone(),
                scenario: e.from_scenario,
            })
            .collect(),
        call_choices: playground.phones.call_choices(),
        selected: playground.selected.map(|id| id.to_string()),
        import: playground.import.as_ref().map(|i| SavedImport {
            text: i.text.to_string(),
            next: i.next,
        }),
    };
    serde_json::to_string(&Envelope {
        version: VERSION,
        session: saved,
    })
    .unwrap_or_default()
}

/// Reads stored text.
pub fn decode(text: &str) -> Loaded {
    let value: serde_json::Value = match serde_json::from_str(text) {
        Ok(value) => value,
        Err(e) => return Loaded::Unreadable(format!("not JSON: {e}")),
    };
    match value.get("version").and_then(serde_json::Value::as_u64) {
        Some(v) if v == u64::from(VERSION) => {}
        Some(v) => return Loaded::OtherVersion(v),
        None => return Loaded::Unreadable("no version".into()),
    }
    match serde_json::from_value::<Envelope<Saved>>(value) {
        Ok(envelope) => Loaded::Session(Box::new(envelope.session)),
        Err(e) => Loaded::Unreadable(e.to_string()),
    }
}

impl Playground {
    /// Rebuilds a saved session by replaying its calls on a fresh engine.
    pub fn restore(saved: Saved) -> Result<Playground, String> {
        let mut playground = Playground::new(saved.seed);
        let mut last = 0;
        for call in &saved.calls {
            if call.at < last || call.at > saved.now {
                return Err("calls out of time order".into());
            }
            last = call.at;
            playground.run_until(call.at);
            playground.make_call(call.call.clone(), call.scenario);
        }
        playground.run_until(saved.now);
        if let Some(import) = saved.import {
            let steps = parse(&import.text).map_err(|e| format!("saved scenario: {e}"))?;
            if import.next > steps.len() {
                return Err("saved scenario position out of range".into());
            }
            playground.import = Some(Import {
                text: import.text.into(),
                steps: Rc::new(steps),
                next: import.next,
            });
        }
        playground.phones.apply_choices(&saved.call_choices);
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
        playground.next_due = playground.compute_next_due();
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
}

/// The state the page starts with: the stored session if it can be rebuilt (unless
/// embedded), then the URL's form settings and scenario on top.
pub fn boot(stored: Result<Option<String>, String>, url: &UrlSettings, seed: u64) -> Playground {
    let mut notices = Vec::new();
    let mut playground = None;
    if !url.embed {
        match stored {
            Err(reason) => notices.push(format!(
                "This browser does not let the page keep data ({reason}): the session will not survive a reload."
            )),
            Ok(None) => {}
            Ok(Some(text)) => match decode(&text) {
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
            },
        }
    }
    let restored = playground.is_some();
    let mut playground = playground.unwrap_or_else(|| Playground::new(seed));
    for text in notices {
        playground.notify(text, true);
    }
    if restored && !playground.log.is_empty() {
        playground.notify(
            format!(
                "Your previous session is back: {} calls replayed up to {}.",
                playground.log.len(),
                crate::format::clock(playground.now())
            ),
            false,
        );
    }
    for (field, value) in &url.form {
        playground.form.set(*field, value.clone());
    }
    playground.embed = url.embed;
    if let Some(text) = &url.scenario {
        playground.apply(super::Action::Import(text.clone()));
    }
    playground
}
