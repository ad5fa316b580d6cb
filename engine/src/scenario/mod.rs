//! Scenario files: timed API calls as JSON Lines, replayed in virtual time, and the JSON
//! Lines of what happened (`shared/docs/scenario-format.md` is the contract).
//!
//! [`parse`] reads a whole script (the playground's import); [`run`] plays one as it is
//! read, line by line (the `verify-sim` runner); [`Runner`] plays steps one at a time,
//! resolving placeholders such as `$pin` against what the engine has done so far.

mod output;
mod params;
mod parse;
mod run;

use thiserror::Error;

pub use output::{format_at, step_line, OutputLine};
pub use parse::{parse, step_from_value, LineReader};
pub use run::{run, Placeholders, RunError, Runner};

use crate::params::{Call, Endpoint};
use crate::time::Millis;

/// One line of a scenario: a moment, and at most one call to make then.
#[derive(Clone, Debug, PartialEq)]
pub struct Step {
    /// The 1-based line number in the file, for error messages.
    pub line: usize,
    /// When the step runs, in simulated milliseconds.
    pub at: Millis,
    /// The call, if the line has one (a line with only `at` just moves the clock).
    pub call: Option<RawCall>,
}

/// A call as written in the file, placeholders not yet resolved.
#[derive(Clone, Debug, PartialEq)]
pub struct RawCall {
    /// Which endpoint.
    pub endpoint: Endpoint,
    /// The parameters in the file's order, numbers already turned into their text.
    pub params: Vec<(String, RawValue)>,
}

impl RawCall {
    /// The call exactly as written, no placeholder replaced: a recorded call, whose `$`
    /// signs (if any) were the caller's own.
    pub fn literal(&self) -> Call {
        if let Some(call) = self.json_call() {
            // The reader checked the fault step; one made by hand that is none changes
            // nothing (a removal of `f0`, an id no fault has).
            return call.unwrap_or(Call::Fault(crate::faults::FaultStep::Remove(
                crate::faults::FaultId(0),
            )));
        }
        #[cfg(feature = "v2")]
        if self.endpoint.is_v2() {
            let fields = self.params.iter().map(|(name, value)| {
                let value = match value {
                    RawValue::Text(text) => text.as_str().into(),
                    RawValue::List(items) => items.clone().into(),
                    RawValue::Json(value) => value.clone(),
                };
                (name.clone(), value)
            });
            return Call::from_v2_fields(self.endpoint, fields.collect());
        }
        let pairs = self.params.iter().flat_map(|(name, value)| {
            let values: Vec<&str> = match value {
                RawValue::Text(text) => vec![text.as_str()],
                RawValue::List(items) => items.iter().map(String::as_str).collect(),
                // Only v2 steps hold JSON values.
                RawValue::Json(_) => Vec::new(),
            };
            values.into_iter().map(move |v| (name.as_str(), v))
        });
        Call::from_pairs(self.endpoint, pairs)
    }
}

impl RawCall {
    /// An `unblock` or `fault` step's call, from its JSON fields (no placeholders apply);
    /// `None` for the other steps.
    pub fn json_call(&self) -> Option<Result<Call, crate::faults::FaultError>> {
        if !matches!(self.endpoint, Endpoint::Unblock | Endpoint::Fault) {
            return None;
        }
        // Inserted one by one, not collected: collecting into the map sorts first, and
        // that sort's code would be in the playground's download for this alone.
        let mut fields = serde_json::Map::new();
        for (name, value) in &self.params {
            let value = match value {
                RawValue::Text(text) => text.as_str().into(),
                RawValue::List(items) => items.clone().into(),
                RawValue::Json(value) => value.clone(),
            };
            fields.insert(name.clone(), value);
        }
        let body = serde_json::Value::Object(fields);
        Some(Call::from_json_body(self.endpoint, body))
    }
}

/// A parameter's value as written.
#[derive(Clone, Debug, PartialEq)]
pub enum RawValue {
    /// A string, or a number taken as the text it prints as.
    Text(String),
    /// An array (`request_ids`).
    List(Vec<String>),
    /// Any other JSON value of a v2 step's field, kept as JSON (a `verify2` workflow, a
    /// `check2` code given as a number).
    Json(serde_json::Value),
}

/// Why a scenario cannot run: the runner stops with exit status 2.
#[derive(Clone, Debug, Error, PartialEq, Eq)]
#[error("line {line}: {reason}")]
pub struct ScenarioError {
    /// The 1-based line number.
    pub line: usize,
    /// What is wrong, in words.
    pub reason: String,
}

impl ScenarioError {
    pub(crate) fn new(line: usize, reason: impl Into<String>) -> ScenarioError {
        ScenarioError {
            line,
            reason: reason.into(),
        }
    }
}
