//! A step's parameters as the file writes them: a v1 call's flat values, and the JSON
//! steps (`fault`, `unblock`) checked as they are read.

use serde_json::{Map, Value};

use super::{RawCall, RawValue};
use crate::faults::{FaultStep, UnblockRequest};
use crate::params::Endpoint;

/// A `fault` step (read into a typed fault step: an unknown name, key or value is
/// malformed) or an `unblock` step (its body, refused when the API would answer 422).
pub(super) fn parse_json_step(endpoint: Endpoint, value: &Value) -> Result<RawCall, String> {
    let name = endpoint.name();
    let Value::Object(fields) = value else {
        return Err(format!("\"{name}\" must be an object"));
    };
    if endpoint == Endpoint::Fault {
        FaultStep::from_json(value).map_err(|e| format!("\"fault\": {e}"))?;
    } else if UnblockRequest::from_json(value).is_none() {
        return Err(
            "\"unblock\" needs \"network\", and a duration (unblock_duration or \
                    duration), if any, of whole seconds from 0 to 86400"
                .into(),
        );
    }
    let params = fields
        .iter()
        .map(|(name, value)| (name.clone(), RawValue::Json(value.clone())))
        .collect();
    Ok(RawCall { endpoint, params })
}

pub(super) fn parse_params(params: &Map<String, Value>) -> Result<Vec<(String, RawValue)>, String> {
    params
        .iter()
        .map(|(name, value)| {
            let raw =
                if name == "request_ids" {
                    let Value::Array(items) = value else {
                        return Err("\"request_ids\" must be an array of strings or numbers".into());
                    };
                    let texts = items.iter().map(text).collect::<Option<Vec<_>>>().ok_or(
                        "\"request_ids\" must be an array of strings or numbers".to_string(),
                    )?;
                    RawValue::List(texts)
                } else {
                    RawValue::Text(text(value).ok_or_else(|| {
                        format!("parameter \"{name}\" must be a string or a number")
                    })?)
                };
            Ok((name.clone(), raw))
        })
        .collect()
}

/// A parameter value's text: strings as they are, numbers as they print (`2.0` stays `2.0`).
pub(super) fn text(value: &Value) -> Option<String> {
    match value {
        Value::String(s) => Some(s.clone()),
        Value::Number(n) => Some(n.to_string()),
        _ => None,
    }
}
