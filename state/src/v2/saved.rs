//! The v2 session as the browser keeps it, so a reload opens it whole: its config (seed,
//! start date, retention), the simulated time, the form, and its calls with their times
//! (`[at, name, request_id, body]`, the six calls the view makes written by hand: the
//! scenario reader would cost the view's download a fifth more). Loading replays the
//! calls through [`V2Playground::restore`]: the engine is deterministic, so the same ids,
//! codes, deliveries and callbacks come back.
//!
//! Two forms of the same fields. In localStorage (version 2), the calls sit in chunks
//! beside a small header ([`crate::saved::chunks`], as v1's saved session): an action
//! writes the open chunk and the header ([`plan`], [`chunk_text`], [`header_text`]), so
//! a save costs the same at ten requests or ten thousand. A share link carries the whole
//! session as one text (version 1, [`save`] and [`load`]), which is also how sessions
//! kept before chunking are still opened.

use serde_json::{Map, Value};
use verify_engine::journal::{ConfigError, JournalError};
use verify_engine::{Call, Journal, Millis, SessionConfig};

use super::form::V2Field;
use super::V2Playground;
use crate::saved::chunks::{self, ChunkPlan, Written};
use crate::saved::Read;

/// The localStorage key the v2 view keeps its session's header under (its chunks under
/// `verify-playground-v2.calls.K`).
pub const STORAGE_KEY: &str = "verify-playground-v2";

/// The `version` of a session written whole, as a share link carries it (and as the
/// browser kept it before chunking).
pub const VERSION: u64 = 1;

/// The `version` of the header kept in localStorage, its calls in chunks.
pub const CHUNKED_VERSION: u64 = 2;

/// Why a saved v2 session cannot be opened.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum SavedError {
    /// Not JSON, or not the v2 view's object.
    Unreadable,
    /// Written by another version of the page.
    OtherVersion(u64),
    /// Its seed, start or retention.
    Config(ConfigError),
    /// A call that is not one the view makes (its position, from 1).
    Call(usize),
    /// Its calls do not replay.
    Replay(JournalError),
    /// A chunk of its calls is missing or unreadable (why).
    Part(String),
    /// The browser does not let the page read its storage (why).
    Blocked(String),
}

impl SavedError {
    /// Why, in plain words.
    pub fn why(&self) -> String {
        match self {
            SavedError::Unreadable => "it is not a saved Verify v2 session".to_owned(),
            SavedError::OtherVersion(v) => format!("it was saved by another version ({v})"),
            SavedError::Config(e) => e.to_string(),
            SavedError::Call(n) => format!("call {n} is not one this page makes"),
            SavedError::Replay(e) => e.to_string(),
            SavedError::Part(why) => format!("its calls are damaged ({why})"),
            SavedError::Blocked(why) => why.clone(),
        }
    }

    /// The page's notice when the session kept in this browser cannot be opened.
    pub fn explain(&self) -> String {
        format!(
            "The session saved in this browser could not be opened: {}. A new one was started.",
            self.why()
        )
    }
}

/// The fields every form of the session has: version, config, time and form.
fn header(playground: &V2Playground, version: u64) -> Map<String, Value> {
    let mut object = Map::new();
    object.insert("version".into(), version.into());
    playground.journal.config().write_json(&mut object);
    object.insert("now".into(), playground.now().into());
    let form: Map<String, Value> = playground
        .form
        .changed()
        .into_iter()
        .map(|(key, value)| (key.to_owned(), value.into()))
        .collect();
    object.insert("form".into(), Value::Object(form));
    object
}

/// The session as one text: what a share link carries.
pub fn save(playground: &V2Playground) -> String {
    let mut object = header(playground, VERSION);
    let calls: Vec<Value> = playground
        .journal
        .entries()
        .iter()
        .filter_map(|entry| write_call(entry.at, &entry.call))
        .collect();
    object.insert("calls".into(), Value::Array(calls));
    Value::Object(object).to_string()
}

/// Opens a session [`save`] wrote, the clock paused.
pub fn load(text: &str) -> Result<V2Playground, SavedError> {
    let value = verify_engine::json::read(text).map_err(|_| SavedError::Unreadable)?;
    check_version(&value, VERSION)?;
    let calls = value
        .get("calls")
        .and_then(Value::as_array)
        .ok_or(SavedError::Unreadable)?;
    let mut journal = journal_of(&value)?;
    for (i, kept) in calls.iter().enumerate() {
        push_call(&mut journal, i, kept)?;
    }
    open(&value, journal)
}

/// An empty journal on the config `fields` hold.
fn journal_of(fields: &Value) -> Result<Journal<Call>, SavedError> {
    let config = SessionConfig::from_json(fields).map_err(SavedError::Config)?;
    Ok(Journal::new(config))
}

/// Adds call `i` (from 0) as [`write_call`] wrote it.
fn push_call(journal: &mut Journal<Call>, i: usize, kept: &Value) -> Result<(), SavedError> {
    let (at, call) = read_call(kept).ok_or(SavedError::Call(i + 1))?;
    journal.push(at, call).map_err(SavedError::Replay)?;
    Ok(())
}

/// Refuses a session whose `version` is not `expected`.
fn check_version(value: &Value, expected: u64) -> Result<(), SavedError> {
    match value.get("version").and_then(Value::as_u64) {
        Some(version) if version == expected => Ok(()),
        Some(other) => Err(SavedError::OtherVersion(other)),
        None => Err(SavedError::Unreadable),
    }
}

/// Replays `journal`, moves the clock to the `now` of `fields` and sets their form.
fn open(fields: &Value, journal: Journal<Call>) -> Result<V2Playground, SavedError> {
    let now: Millis = fields
        .get("now")
        .and_then(Value::as_u64)
        .ok_or(SavedError::Unreadable)?;
    let mut playground = V2Playground::restore(journal, now).map_err(SavedError::Replay)?;
    if let Some(form) = fields.get("form").and_then(Value::as_object) {
        for (key, value) in form {
            if let (Some(field), Some(text)) = (V2Field::from_key(key), value.as_str()) {
                playground.form.set(field, text.to_owned());
            }
        }
    }
    Ok(playground)
}

/// Opens the session kept in localStorage (`read` a seam over it): `Ok(None)` when there
/// is none; a session kept whole (before chunking) is opened too.
pub fn load_kept(read: Read<'_>) -> Result<Option<V2Playground>, SavedError> {
    let Some(text) = read(STORAGE_KEY).map_err(SavedError::Blocked)? else {
        return Ok(None);
    };
    let value = verify_engine::json::read(&text).map_err(|_| SavedError::Unreadable)?;
    if value.get("version").and_then(Value::as_u64) == Some(VERSION) {
        return load(&text).map(Some);
    }
    check_version(&value, CHUNKED_VERSION)?;
    let count = value
        .get("calls")
        .and_then(Value::as_u64)
        .ok_or(SavedError::Unreadable)? as usize;
    let mut journal = journal_of(&value)?;
    let mut refused = None;
    let mut i = 0;
    chunks::read_chunks(read, STORAGE_KEY, count, &mut |call| {
        push_call(&mut journal, i, call).map_err(|e| {
            let why = e.why();
            refused = Some(e);
            why
        })?;
        i += 1;
        Ok(())
    })
    .map_err(|why| refused.take().unwrap_or(SavedError::Part(why)))?;
    open(&value, journal).map(Some)
}

/// What the next save of `playground` writes, given what storage holds.
pub fn plan(playground: &V2Playground, written: Option<Written>) -> ChunkPlan {
    chunks::plan(
        playground.generation,
        playground.journal.entries().len(),
        written,
    )
}

/// The header kept under [`STORAGE_KEY`]: everything but the calls, and their count.
pub fn header_text(playground: &V2Playground) -> String {
    let mut object = header(playground, CHUNKED_VERSION);
    object.insert("calls".into(), playground.journal.entries().len().into());
    Value::Object(object).to_string()
}

/// The text of chunk `k` of the session's calls.
pub fn chunk_text(playground: &V2Playground, k: usize) -> String {
    let entries = playground.journal.entries();
    let calls: Vec<Value> = entries[chunks::chunk_range(k, entries.len())]
        .iter()
        .map(|entry| write_call(entry.at, &entry.call).unwrap_or(Value::Null))
        .collect();
    Value::Array(calls).to_string()
}

/// `[at, name, request_id, body]`: the body a start's or a check's JSON, a reply's
/// answer; `None` for a call the view never makes.
fn write_call(at: Millis, call: &Call) -> Option<Value> {
    let (name, id, body) = match call {
        Call::Verify2(body) => ("verify2", "", body.clone()),
        Call::Check2 { request_id, body } => ("check2", request_id.as_str(), body.clone()),
        Call::Cancel2 { request_id } => ("cancel2", request_id.as_str(), Value::Null),
        Call::Next2 { request_id } => ("next2", request_id.as_str(), Value::Null),
        Call::SilentAuth { request_id } => ("silent_auth", request_id.as_str(), Value::Null),
        Call::Reply { request_id, answer } => {
            ("reply", request_id.as_str(), answer.as_str().into())
        }
        _ => return None,
    };
    Some(Value::Array(vec![at.into(), name.into(), id.into(), body]))
}

/// Reads what [`write_call`] wrote.
fn read_call(kept: &Value) -> Option<(Millis, Call)> {
    let [at, name, id, body] = kept.as_array()?.as_slice() else {
        return None;
    };
    let request_id = id.as_str()?.to_owned();
    let call = match name.as_str()? {
        "verify2" => Call::Verify2(body.clone()),
        "check2" => Call::Check2 {
            request_id,
            body: body.clone(),
        },
        "cancel2" => Call::Cancel2 { request_id },
        "next2" => Call::Next2 { request_id },
        "silent_auth" => Call::SilentAuth { request_id },
        "reply" => Call::Reply {
            request_id,
            answer: body.as_str()?.to_owned(),
        },
        _ => return None,
    };
    Some((at.as_u64()?, call))
}
