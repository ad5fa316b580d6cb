//! Playing a scenario: placeholders, the engine, and the output in time order.

use std::io::{self, BufRead, Write};

use std::fmt;

#[cfg(feature = "v2")]
use serde_json::Map;

use super::parse::LineReader;
use super::{OutputLine, RawCall, RawValue, ScenarioError, Step};
use crate::engine::Engine;
use crate::ids::RequestId;
#[cfg(feature = "v2")]
use crate::ids::Uuid;
use crate::params::Call;
use crate::request::Happening;
use crate::response::Response;

/// What placeholders stand for: the requests started so far. Kept beside an engine by
/// whoever replays steps (the runner, the playground's import).
#[derive(Clone, Debug, Default)]
pub struct Placeholders {
    started: Vec<StartedId>,
}

/// A started request's id, v1 or v2: `$request_id` counts both.
#[derive(Clone, Copy, Debug)]
enum StartedId {
    V1(RequestId),
    #[cfg(feature = "v2")]
    V2(Uuid),
}

impl fmt::Display for StartedId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            StartedId::V1(id) => id.fmt(f),
            #[cfg(feature = "v2")]
            StartedId::V2(id) => id.fmt(f),
        }
    }
}

impl Placeholders {
    /// Notes a response, so that `$request_id` follows successful `verify` calls and
    /// `verify2` calls answered 202, in order.
    pub fn observe(&mut self, response: &Response) {
        match response {
            Response::Verify(Ok(id)) => self.started.push(StartedId::V1(*id)),
            #[cfg(feature = "v2")]
            Response::Verify2(Ok(started)) => self.started.push(StartedId::V2(started.request_id)),
            _ => {}
        }
    }

    /// Turns a written call into a real one, replacing `$request_id`, `$request_id.N`,
    /// `$pin` and `$wrong` in every string parameter whose whole value is one of them. The reason is returned when a
    /// placeholder has no value.
    pub fn resolve(&self, engine: &Engine, raw: &RawCall) -> Result<Call, String> {
        if let Some(call) = raw.json_call() {
            return call.map_err(|e| e.to_string());
        }
        // `$pin` and `$wrong` follow the step's own request_id, so it is resolved first.
        let target = raw
            .params
            .iter()
            .find(|(name, _)| name == "request_id")
            .and_then(|(_, v)| match v {
                RawValue::Text(text) => Some(text),
                RawValue::List(_) | RawValue::Json(_) => None,
            })
            .map(|text| self.substitute(text, None))
            .transpose()?;
        let pin = |wrong: bool| -> Result<String, String> {
            let id = target
                .as_deref()
                .ok_or("$pin and $wrong need the step's request_id")?;
            let v1 = RequestId::parse(id).and_then(|id| engine.request(id));
            if let Some(request) = v1 {
                let pin = request.current_pin();
                return Ok(if wrong { pin.wrong() } else { pin }.to_string());
            }
            // A v2 request: the code its steps deliver.
            #[cfg(feature = "v2")]
            if let Some(request) = Uuid::parse(id).and_then(|id| engine.v2_request(id)) {
                let code = request.code();
                return Ok(if wrong { code.wrong() } else { code }.to_string());
            }
            Err(format!("$pin: request_id \"{id}\" names no request"))
        };
        #[cfg(feature = "v2")]
        if raw.endpoint.is_v2() {
            let mut fields = Map::new();
            for (name, value) in &raw.params {
                let value = match value {
                    RawValue::Text(text) => self.substitute(text, Some(&pin))?.into(),
                    RawValue::List(items) => items.clone().into(),
                    RawValue::Json(value) => value.clone(),
                };
                fields.insert(name.clone(), value);
            }
            return Ok(Call::from_v2_fields(raw.endpoint, fields));
        }
        let mut pairs: Vec<(&str, String)> = Vec::new();
        for (name, value) in &raw.params {
            match value {
                RawValue::Text(text) => pairs.push((name, self.substitute(text, Some(&pin))?)),
                RawValue::List(items) => {
                    for item in items {
                        pairs.push((name, self.substitute(item, Some(&pin))?));
                    }
                }
                // Only v2 steps hold JSON values (parse refuses them elsewhere).
                RawValue::Json(_) => {}
            }
        }
        Ok(Call::from_pairs(
            raw.endpoint,
            pairs.iter().map(|(n, v)| (*n, v.as_str())),
        ))
    }

    /// A parameter's value with its placeholder replaced, when the whole value is one
    /// (`"$pin"`); any other text, `"$pin0"` or `"x$pin"` included, is literal.
    fn substitute(
        &self,
        text: &str,
        pin: Option<&dyn Fn(bool) -> Result<String, String>>,
    ) -> Result<String, String> {
        match text {
            "$request_id" => Ok(self
                .started
                .last()
                .ok_or("$request_id: no verify call has succeeded yet")?
                .to_string()),
            "$pin" | "$wrong" => {
                let pin = pin.ok_or_else(|| format!("{text} cannot stand in request_id"))?;
                pin(text == "$wrong")
            }
            _ => match text.strip_prefix("$request_id.").and_then(position) {
                Some(n) => Ok(n
                    .checked_sub(1)
                    .and_then(|i| self.started.get(i))
                    .ok_or_else(|| {
                        format!("$request_id.{n}: fewer than {n} successful verify calls so far")
                    })?
                    .to_string()),
                None => Ok(text.to_owned()),
            },
        }
    }
}

/// `N` of `$request_id.N`: ASCII digits only (a number too large for any session still
/// counts, and names no request).
fn position(digits: &str) -> Option<usize> {
    (!digits.is_empty() && digits.bytes().all(|b| b.is_ascii_digit()))
        .then(|| digits.parse().unwrap_or(usize::MAX))
}

/// Plays steps against an engine, one at a time.
#[derive(Clone, Debug)]
pub struct Runner {
    engine: Engine,
    placeholders: Placeholders,
    happened: Vec<Happening>,
}

impl Runner {
    /// A runner over a fresh engine.
    pub fn new(engine: Engine) -> Runner {
        Runner {
            engine,
            placeholders: Placeholders::default(),
            happened: Vec::new(),
        }
    }

    /// The engine, as the steps so far have left it.
    pub fn engine(&self) -> &Engine {
        &self.engine
    }

    /// Runs one step: first what is due by its time, then its call and what the call
    /// causes. Each output line goes to `emit`, in order.
    pub fn step(
        &mut self,
        step: &Step,
        mut emit: impl FnMut(OutputLine),
    ) -> Result<(), ScenarioError> {
        self.engine.advance_to(step.at, &mut self.happened);
        self.happened
            .drain(..)
            .map(OutputLine::Happened)
            .for_each(&mut emit);
        let Some(raw) = &step.call else {
            return Ok(());
        };
        let call = self
            .placeholders
            .resolve(&self.engine, raw)
            .map_err(|reason| ScenarioError::new(step.line, reason))?;
        // An `__example` naming no request fault is refused, as the emulator does (A9).
        if let Some(error) = call.example_error() {
            return Err(ScenarioError::new(step.line, error.to_string()));
        }
        let response = self.engine.call(&call, &mut self.happened);
        self.placeholders.observe(&response);
        emit(OutputLine::Call {
            at: self.engine.now(),
            call: Box::new(call),
            response,
        });
        self.happened
            .drain(..)
            .map(OutputLine::Happened)
            .for_each(&mut emit);
        Ok(())
    }
}

/// Why a run stopped early.
#[derive(Debug, thiserror::Error)]
pub enum RunError {
    /// A malformed line or an unresolvable placeholder.
    #[error(transparent)]
    Scenario(#[from] ScenarioError),
    /// The output could not be written.
    #[error("cannot write the output: {0}")]
    Io(#[from] io::Error),
    /// The scenario could not be read.
    #[error("cannot read the scenario: {0}")]
    Read(io::Error),
}

/// Plays a scenario as it is read, one line at a time: each step runs and its output is
/// written and flushed before the next line is read, so the lines before a malformed one
/// have run and been printed when the run stops on it.
pub fn run(input: impl BufRead, engine: Engine, out: &mut impl Write) -> Result<(), RunError> {
    let mut reader = LineReader::default();
    let mut runner = Runner::new(engine);
    let mut write_error = None;
    for (index, line) in input.lines().enumerate() {
        let number = index + 1;
        let line = line.map_err(|e| match e.kind() {
            io::ErrorKind::InvalidData => {
                RunError::Scenario(ScenarioError::new(number, "not valid UTF-8"))
            }
            _ => RunError::Read(e),
        })?;
        let Some(step) = reader.line(number, &line)? else {
            continue;
        };
        runner.step(&step, |line| {
            if write_error.is_none() {
                if let Err(e) = writeln!(out, "{}", line.to_json()) {
                    write_error = Some(e);
                }
            }
        })?;
        if let Some(e) = write_error.take() {
            return Err(e.into());
        }
        out.flush()?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::scenario::parse;

    /// The check a scenario's second line makes, after a verify at time 0.
    fn check_with(code: &str) -> Result<Call, String> {
        let text = format!(
            "{{\"at\": 0, \"verify\": {{\"number\": \"447700900001\", \"brand\": \"Acme\"}}}}\n\
             {{\"at\": 1, \"check\": {{\"request_id\": \"$request_id\", \"code\": \"{code}\"}}}}"
        );
        let steps = parse(&text).unwrap();
        let mut runner = Runner::new(Engine::new(3));
        runner.step(&steps[0], |_| {}).unwrap();
        runner
            .placeholders
            .resolve(&runner.engine, steps[1].call.as_ref().unwrap())
    }

    fn code(call: &Call) -> &str {
        match call {
            Call::Check(p) => p.code.as_deref().unwrap_or_default(),
            _ => panic!("a check"),
        }
    }

    #[test]
    fn a_placeholder_is_replaced_only_as_a_whole_value() {
        let pin = check_with("$pin").unwrap();
        assert_eq!(code(&pin).len(), 4);
        assert!(code(&pin).bytes().all(|b| b.is_ascii_digit()));
        let wrong = check_with("$wrong").unwrap();
        assert_ne!(code(&wrong), code(&pin));
        for literal in [
            "$pin0",
            "x$pin",
            "$wrong$pin",
            "$request_idx",
            "$request_id.1x",
            "$",
        ] {
            assert_eq!(code(&check_with(literal).unwrap()), literal, "{literal}");
        }
        match check_with("$pin").unwrap() {
            Call::Check(p) => assert_eq!(p.request_id.unwrap().len(), 32),
            _ => unreachable!(),
        }
    }

    #[test]
    fn a_literal_pin_text_is_a_wrong_code_not_one_built_from_the_pin() {
        let mut engine = Engine::new(3);
        let text = "{\"at\": 0, \"verify\": {\"number\": \"447700900001\", \"brand\": \"Acme\"}}\n\
                    {\"at\": 1, \"check\": {\"request_id\": \"$request_id\", \"code\": \"$pin0\"}}\n";
        let mut out = Vec::new();
        run(
            text.as_bytes(),
            std::mem::replace(&mut engine, Engine::new(0)),
            &mut out,
        )
        .unwrap();
        let out = String::from_utf8(out).unwrap();
        assert!(
            out.contains(
                "\"status\":\"3\",\"error_text\":\"The code contains invalid characters\""
            ),
            "{out}"
        );
    }

    #[test]
    fn request_id_n_counts_successful_verify_calls() {
        let placeholders = Placeholders::default();
        assert_eq!(
            placeholders.substitute("$request_id.1", None),
            Err("$request_id.1: fewer than 1 successful verify calls so far".into())
        );
        assert_eq!(
            placeholders.substitute("$request_id.99999999999999999999999", None),
            Err(format!(
                "$request_id.{}: fewer than {} successful verify calls so far",
                usize::MAX,
                usize::MAX
            ))
        );
    }
}
