//! "Import scenario" in `#v2`: a scenario file of Verify v2 calls (what "Export scenario"
//! writes, [`super::export`], or one written by hand) becomes the session.
//!
//! The engine's scenario parser reads the lines (the format's rules and its errors, each
//! naming its line); the steps are played once on a fresh engine of the file's config,
//! resolving placeholders (`$request_id`, `$pin`) with the engine's [`Placeholders`] as
//! `verify-sim` does; the calls so made, at their times, are a [`Journal`] that
//! [`V2Playground::restore`] replays into the view, so the page shows the answers and
//! callbacks `verify-sim` prints for the same file. The config is the file's first
//! `Replay: verify-sim --seed N --start "..." [--retention S]` comment (as exports write
//! it); a file without one runs with seed 0 and the default start date, as `verify-sim`
//! does without options. Calls this view does not make (v1's, PSD2's, faults) are refused
//! by their line: the v1 playground imports those.
//!
//! The parser is not in `#v2`'s first load: the on-demand module `verify-import`
//! (`src/bin/verify-import.rs`) runs [`answer`] and hands the view its text, which the
//! view reads with [`decode`] (the session as [`super::saved::save`] writes it, or the
//! refusal); both sides share this one definition of that text.

use std::fmt;

use serde_json::{json, Value};
use verify_engine::scenario::{parse, Placeholders, ScenarioError};
use verify_engine::{Call, Journal, Millis, SessionConfig};

use super::{saved, V2Playground};

/// Why a file cannot be imported: its line (from 1; 0 for the file as a whole) and the
/// reason.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ImportError {
    /// The line at fault.
    pub line: usize,
    /// What is wrong with it, in words.
    pub reason: String,
}

impl fmt::Display for ImportError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.line {
            0 => f.write_str(&self.reason),
            line => write!(f, "line {line}: {}", self.reason),
        }
    }
}

impl std::error::Error for ImportError {}

impl From<ScenarioError> for ImportError {
    fn from(error: ScenarioError) -> ImportError {
        ImportError {
            line: error.line,
            reason: error.reason,
        }
    }
}

/// A file read and played through once: the calls to replay and where its clock ends.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Imported {
    /// The calls, placeholders resolved, at their simulated times, on the file's config.
    pub journal: Journal<Call>,
    /// The last line's time.
    pub now: Millis,
}

impl Imported {
    /// The session the file describes, replayed into a playground, its clock paused.
    pub fn open(self) -> Result<V2Playground, ImportError> {
        let calls = self.journal.entries().len();
        V2Playground::restore(self.journal, self.now).map_err(|e| ImportError {
            line: 0,
            reason: format!("its {calls} calls do not replay: {e}"),
        })
    }
}

/// Reads a scenario's text and plays it once on a fresh engine.
pub fn read(text: &str) -> Result<Imported, ImportError> {
    let default = SessionConfig::new(0);
    let config = SessionConfig::from_replay_comment(text, default.start)
        .transpose()?
        .unwrap_or(default);
    let steps = parse(text)?;
    let Some(last) = steps.last() else {
        return Err(ImportError {
            line: text.lines().count().max(1),
            reason: "the file has no step: a scenario has a JSON line per call".into(),
        });
    };
    let now = last.at;
    let mut engine = config.engine();
    let mut placeholders = Placeholders::default();
    let mut journal = Journal::new(config);
    let mut happened = Vec::new();
    for step in &steps {
        let at_fault = |reason: String| ImportError {
            line: step.line,
            reason,
        };
        engine.advance_to(step.at, &mut happened);
        happened.clear();
        let Some(raw) = &step.call else {
            continue;
        };
        if !raw.endpoint.is_v2() {
            return Err(at_fault(format!(
                "`{}` is not a Verify v2 call: this view makes verify2, check2, cancel2, \
                 next2, silent_auth and reply (the v1 playground imports the others)",
                raw.endpoint.name()
            )));
        }
        let call = placeholders.resolve(&engine, raw).map_err(at_fault)?;
        let response = engine.call(&call, &mut happened);
        happened.clear();
        placeholders.observe(&response);
        // The parser refuses lines that go back in time, so every call is taken.
        journal
            .push(step.at, call)
            .map_err(|e| at_fault(e.to_string()))?;
    }
    Ok(Imported { journal, now })
}

/// What the import module answers for a file: [`read`], opened, as one text that
/// [`decode`] reads back (see [`encode`]).
pub fn answer(text: &str) -> String {
    encode(&read(text).and_then(Imported::open).map(|p| saved::save(&p)))
}

/// The import module's answer as text: `{"session": TEXT}`, the session in the saved
/// format (what [`saved::load`] opens), or `{"refused": {"line": N, "reason": TEXT}}`.
/// JSON, since both modules already carry serde_json.
pub fn encode(answer: &Result<String, ImportError>) -> String {
    match answer {
        Ok(session) => json!({ "session": session }),
        Err(error) => json!({ "refused": { "line": error.line, "reason": error.reason } }),
    }
    .to_string()
}

/// The import module answered something [`encode`] does not write (a module of another
/// build, say): the file was not read.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct UnreadableAnswer;

impl fmt::Display for UnreadableAnswer {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("the importer's answer could not be read")
    }
}

impl std::error::Error for UnreadableAnswer {}

/// Reads what [`encode`] wrote: the saved session's text, or why the file was refused.
pub fn decode(text: &str) -> Result<Result<String, ImportError>, UnreadableAnswer> {
    let value = verify_engine::json::read(text).map_err(|_| UnreadableAnswer)?;
    if let Some(session) = value.get("session").and_then(Value::as_str) {
        return Ok(Ok(session.to_owned()));
    }
    let refused = value.get("refused").ok_or(UnreadableAnswer)?;
    let line = refused
        .get("line")
        .and_then(Value::as_u64)
        .and_then(|line| usize::try_from(line).ok())
        .ok_or(UnreadableAnswer)?;
    let reason = refused
        .get("reason")
        .and_then(Value::as_str)
        .ok_or(UnreadableAnswer)?;
    Ok(Err(ImportError {
        line,
        reason: reason.to_owned(),
    }))
}
