//! The v2 session as the browser keeps it, so a reload opens it whole: its config (seed,
//! start date, retention), the simulated time, the form, and its calls with their times
//! (`[at, name, request_id, body]`, the six calls the view makes written by hand: the
//! scenario reader would cost the view's download a fifth more). Loading replays the
//! calls through [`V2Playground::restore`]: the engine is deterministic, so the same ids,
//! codes, deliveries and callbacks come back.

use serde_json::{Map, Value};
use verify_engine::journal::{ConfigError, JournalError};
use verify_engine::{Call, Journal, Millis, SessionConfig};

use super::form::V2Field;
use super::V2Playground;

/// The localStorage key the v2 view keeps its session under.
pub const STORAGE_KEY: &str = "verify-playground-v2";

/// What a saved session's `version` must be.
pub const VERSION: u64 = 1;

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

/// The session as text to keep.
pub fn save(playground: &V2Playground) -> String {
    let mut object = Map::new();
    object.insert("version".into(), VERSION.into());
    playground.journal.config().write_json(&mut object);
    object.insert("now".into(), playground.now().into());
    let form: Map<String, Value> = playground
        .form
        .changed()
        .into_iter()
        .map(|(key, value)| (key.to_owned(), value.into()))
        .collect();
    object.insert("form".into(), Value::Object(form));
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
    let value: Value = serde_json::from_str(text).map_err(|_| SavedError::Unreadable)?;
    match value.get("version").and_then(Value::as_u64) {
        Some(VERSION) => {}
        Some(other) => return Err(SavedError::OtherVersion(other)),
        None => return Err(SavedError::Unreadable),
    }
    let config = SessionConfig::from_json(&value).map_err(SavedError::Config)?;
    let now: Millis = value
        .get("now")
        .and_then(Value::as_u64)
        .ok_or(SavedError::Unreadable)?;
    let calls = value
        .get("calls")
        .and_then(Value::as_array)
        .ok_or(SavedError::Unreadable)?;
    let mut journal = Journal::new(config);
    for (i, kept) in calls.iter().enumerate() {
        let (at, call) = read_call(kept).ok_or(SavedError::Call(i + 1))?;
        journal.push(at, call).map_err(SavedError::Replay)?;
    }
    let mut playground = V2Playground::restore(journal, now).map_err(SavedError::Replay)?;
    if let Some(form) = value.get("form").and_then(Value::as_object) {
        for (key, value) in form {
            if let (Some(field), Some(text)) = (V2Field::from_key(key), value.as_str()) {
                playground.form.set(field, text.to_owned());
            }
        }
    }
    Ok(playground)
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
