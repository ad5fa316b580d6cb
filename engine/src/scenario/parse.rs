//! Reading a scenario file into steps, refusing anything the format does not allow.

use serde_json::Value;

use super::params::{parse_json_step, parse_params};
#[cfg(any(feature = "v2", test))]
use super::RawValue;
use super::{RawCall, ScenarioError, Step};
use crate::params::Endpoint;
use crate::time::Millis;

/// Reads a whole scenario. Blank lines and `#` comments are skipped; the first malformed
/// line is an error naming it.
pub fn parse(text: &str) -> Result<Vec<Step>, ScenarioError> {
    let mut reader = LineReader::default();
    let mut steps = Vec::new();
    for (index, line) in text.lines().enumerate() {
        if let Some(step) = reader.line(index + 1, line)? {
            steps.push(step);
        }
    }
    Ok(steps)
}

/// Reads a scenario one line at a time, for a runner that plays each step as soon as it
/// is read (a test driving `verify-sim -` as a coprocess). Remembers the previous step's
/// time, since lines must not go back in time.
#[derive(Clone, Debug, Default)]
pub struct LineReader {
    previous: Option<(usize, Millis)>,
}

impl LineReader {
    /// Reads line `number` (1-based): a step, `None` for a blank line or a comment, or
    /// the error that stops the run.
    pub fn line(&mut self, number: usize, line: &str) -> Result<Option<Step>, ScenarioError> {
        let trimmed = line.trim();
        if trimmed.is_empty() || trimmed.starts_with('#') {
            return Ok(None);
        }
        let step = parse_line(number, trimmed)?;
        if let Some((line, at)) = self.previous {
            if step.at < at {
                return Err(ScenarioError::new(
                    number,
                    format!(
                        "\"at\" goes back in time (line {line} was at {})",
                        super::format_at(at)
                    ),
                ));
            }
        }
        self.previous = Some((number, step.at));
        Ok(Some(step))
    }
}

fn parse_line(line: usize, text: &str) -> Result<Step, ScenarioError> {
    let value = strict_json(text).map_err(|e| ScenarioError::new(line, e))?;
    step_from_value(line, &value)
}

/// Parses a line as JSON, refusing a key given twice in any object: a plain parse keeps
/// the last one silently, and a scenario must mean one thing.
fn strict_json(text: &str) -> Result<Value, String> {
    crate::json::read(text).map_err(|e| match e.problem() {
        // Our own refusal: the reason alone, without the position.
        problem @ crate::json::Problem::KeyTwice(_) => problem.to_string(),
        crate::json::Problem::Syntax(_) => format!("not valid JSON ({e})"),
    })
}

/// Reads one step from a scenario line already parsed as JSON (a recorded call that an
/// emulator sends the playground, for instance). `line` names it in errors.
pub fn step_from_value(line: usize, value: &Value) -> Result<Step, ScenarioError> {
    let err = |reason: String| ScenarioError::new(line, reason);
    let Value::Object(object) = value else {
        return Err(err("expected a JSON object".into()));
    };
    let at = parse_at(object.get("at")).map_err(err)?;
    let mut call = None;
    for (key, value) in object {
        if key == "at" {
            continue;
        }
        // A build without Verify v2 refuses its steps by name (never as unknown keys).
        if let Some(left_out) = crate::V2LeftOut::named(key) {
            return Err(err(left_out.to_string()));
        }
        if let Some(endpoint) = [Endpoint::Fault, Endpoint::Unblock]
            .into_iter()
            .find(|e| e.name() == key)
        {
            if call.is_some() {
                return Err(err("more than one call on one line".into()));
            }
            call = Some(parse_json_step(endpoint, value).map_err(err)?);
            continue;
        }
        let endpoint = Endpoint::from_name(key);
        #[cfg(feature = "v2")]
        let endpoint = endpoint.or_else(|| Endpoint::from_v2_name(key));
        let endpoint = endpoint.ok_or_else(|| {
                err(format!(
                    "unknown key \"{key}\" (expected \"at\" and one of verify, check, control, \
                     search, psd2, fault, unblock, verify2, check2, cancel2, next2, silent_auth, reply)"
                ))
            })?;
        if call.is_some() {
            return Err(err("more than one call on one line".into()));
        }
        let Value::Object(params) = value else {
            return Err(err(format!("\"{key}\" must be an object of parameters")));
        };
        #[cfg(feature = "v2")]
        let params = if endpoint.is_v2() {
            parse_v2_params(endpoint, params)
        } else {
            parse_params(params)
        };
        #[cfg(not(feature = "v2"))]
        let params = parse_params(params);
        call = Some(RawCall {
            endpoint,
            params: params.map_err(err)?,
        });
    }
    Ok(Step { line, at, call })
}

fn parse_at(value: Option<&Value>) -> Result<Millis, String> {
    let value = value.ok_or("\"at\" is missing")?;
    let seconds = value
        .as_f64()
        .filter(|_| value.is_number())
        .ok_or("\"at\" must be a number of seconds")?;
    if seconds < 0.0 {
        return Err("\"at\" must not be negative".into());
    }
    let millis = (seconds * 1000.0).round();
    if millis >= 2f64.powi(53) {
        return Err("\"at\" is too large".into());
    }
    Ok(millis as Millis)
}

/// A v2 step's fields: strings as text (placeholders apply), anything else as JSON.
/// `verify2` is the body as is; the others need a string `request_id`, and `reply` an
/// `answer` of `yes` or `no` in any case.
#[cfg(feature = "v2")]
fn parse_v2_params(
    endpoint: Endpoint,
    params: &serde_json::Map<String, Value>,
) -> Result<Vec<(String, RawValue)>, String> {
    let name = endpoint.name();
    if endpoint != Endpoint::Verify2 {
        match params.get("request_id") {
            Some(Value::String(_)) => {}
            Some(_) => return Err(format!("\"{name}\": \"request_id\" must be a string")),
            None => return Err(format!("\"{name}\" needs a \"request_id\"")),
        }
    }
    if endpoint == Endpoint::Reply {
        let answer = params.get("answer").and_then(Value::as_str);
        if answer.and_then(crate::v2::Answer::parse).is_none() {
            return Err("\"reply\": \"answer\" must be \"yes\" or \"no\"".into());
        }
    }
    Ok(params
        .iter()
        .map(|(name, value)| {
            let raw = match value {
                Value::String(text) => RawValue::Text(text.clone()),
                other => RawValue::Json(other.clone()),
            };
            (name.clone(), raw)
        })
        .collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn error(text: &str) -> String {
        parse(text).unwrap_err().to_string()
    }

    #[test]
    fn reads_calls_clock_lines_comments_and_numbers() {
        let steps = parse(
            "# a comment\n\n{\"at\": 0, \"verify\": {\"number\": 447700900001, \"workflow_id\": 2.0}}\n{\"at\": 1.5}\n",
        )
        .unwrap();
        assert_eq!(steps.len(), 2);
        assert_eq!((steps[0].line, steps[0].at), (3, 0));
        let call = steps[0].call.as_ref().unwrap();
        assert_eq!(call.endpoint, Endpoint::Verify);
        assert!(call
            .params
            .contains(&("workflow_id".into(), RawValue::Text("2.0".into()))));
        assert!(call
            .params
            .contains(&("number".into(), RawValue::Text("447700900001".into()))));
        assert_eq!((steps[1].at, steps[1].call.is_none()), (1500, true));
    }

    #[cfg(feature = "v2")]
    #[test]
    fn reads_v2_steps_and_refuses_malformed_ones() {
        let steps = parse(
            "{\"at\": 0, \"verify2\": {\"brand\": \"A\", \"workflow\": [{\"channel\": \"sms\"}]}}\n\
             {\"at\": 1, \"check2\": {\"request_id\": \"$request_id\", \"code\": 12}}\n\
             {\"at\": 2, \"reply\": {\"request_id\": \"x\", \"answer\": \"YES\"}}",
        )
        .unwrap();
        let verify2 = steps[0].call.as_ref().unwrap();
        assert_eq!(verify2.endpoint, Endpoint::Verify2);
        assert!(matches!(verify2.params[1], (ref n, RawValue::Json(_)) if n == "workflow"));
        let check2 = steps[1].call.as_ref().unwrap();
        assert!(check2
            .params
            .contains(&("code".into(), RawValue::Json(12.into()))));
        assert_eq!(
            error("{\"at\": 0, \"verify2\": [1]}"),
            "line 1: \"verify2\" must be an object of parameters"
        );
        assert_eq!(
            error("{\"at\": 0, \"next2\": {}}"),
            "line 1: \"next2\" needs a \"request_id\""
        );
        assert_eq!(
            error("{\"at\": 0, \"cancel2\": {\"request_id\": 5}}"),
            "line 1: \"cancel2\": \"request_id\" must be a string"
        );
        assert_eq!(
            error("{\"at\": 0, \"reply\": {\"request_id\": \"x\", \"answer\": \"maybe\"}}"),
            "line 1: \"reply\": \"answer\" must be \"yes\" or \"no\""
        );
    }

    #[cfg(not(feature = "v2"))]
    #[test]
    fn a_build_without_v2_refuses_v2_steps_by_name() {
        assert_eq!(
            error(
                "{\"at\": 0, \"verify\": {\"number\": \"447700900001\", \"brand\": \"A\"}}\n\
                 {\"at\": 1, \"verify2\": {\"brand\": \"A\", \"workflow\": []}}"
            ),
            "line 2: `verify2` needs Verify v2, which this build leaves out"
        );
        assert_eq!(
            error("{\"at\": 0, \"reply\": {\"request_id\": \"x\", \"answer\": \"yes\"}}"),
            "line 1: `reply` needs Verify v2, which this build leaves out"
        );
    }

    #[test]
    fn names_the_line_and_the_problem() {
        assert_eq!(
            error("{\"at\": 1}\n{\"verify\": {}}"),
            "line 2: \"at\" is missing"
        );
        assert_eq!(error("{\"at\": -1}"), "line 1: \"at\" must not be negative");
        assert_eq!(
            error("{\"at\": \"1\"}"),
            "line 1: \"at\" must be a number of seconds"
        );
        assert_eq!(
            error("{\"at\": 5}\n\n{\"at\": 4}"),
            "line 3: \"at\" goes back in time (line 1 was at 5)"
        );
        assert_eq!(
            error("{\"at\": 0, \"check\": {}, \"search\": {}}"),
            "line 1: more than one call on one line"
        );
        assert!(error("{\"at\": 0, \"psd3\": {}}").starts_with("line 1: unknown key \"psd3\""));
        assert_eq!(
            error("{\"at\": 0, \"check\": {\"code\": [1]}}"),
            "line 1: parameter \"code\" must be a string or a number"
        );
        assert_eq!(
            error("{\"at\": 0, \"search\": {\"request_ids\": \"x\"}}"),
            "line 1: \"request_ids\" must be an array of strings or numbers"
        );
        assert_eq!(
            error("{\"at\": 0, \"check\": \"x\"}"),
            "line 1: \"check\" must be an object of parameters"
        );
        assert!(error("{\"at\": 0").starts_with("line 1: not valid JSON"));
        assert_eq!(error("[1]"), "line 1: expected a JSON object");
        assert!(error("{\"at\": 0} x").starts_with("line 1: not valid JSON"));
    }

    #[test]
    fn a_key_given_twice_is_malformed() {
        assert_eq!(
            error("{\"at\": 0, \"at\": 1}"),
            "line 1: key \"at\" is given twice"
        );
        assert_eq!(
            error("{\"at\": 0, \"check\": {\"code\": \"1\", \"code\": \"2\"}}"),
            "line 1: key \"code\" is given twice"
        );
        assert_eq!(
            error("{\"at\": 0, \"verify\": {}, \"verify\": {}}"),
            "line 1: key \"verify\" is given twice"
        );
    }
}
