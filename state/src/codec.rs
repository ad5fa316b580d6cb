//! Calls written compactly, for saved sessions and share links.
//!
//! A call is a JSON array `[at, endpoint, params]`, with a fourth element `1` when an
//! imported scenario made it: `[30000,"check",{"code":"1234","request_id":0}]`. A request
//! id of the session is written as a number, its position in the order requests were
//! started (ids are 32 characters; positions are a few digits), and turned back into the
//! id when the call is replayed, on an engine with the same seed that has started the same
//! requests by then. Parameter values are otherwise strings, so a number can only mean a
//! position.

use std::fmt;

use serde_json::{Map, Value};
use verify_engine::{json, Call, Endpoint, Engine, Millis, RequestId, V2LeftOut};

/// A call as kept: replayable once the requests it names exist.
#[derive(Clone, PartialEq, Eq, Debug)]
pub struct KeptCall {
    /// When it was made (simulated).
    pub at: Millis,
    /// Which endpoint.
    pub endpoint: Endpoint,
    /// The parameters, in order; `request_ids` once per value.
    pub params: Vec<(String, KeptValue)>,
    /// Made by an imported scenario.
    pub from_scenario: bool,
    /// A fault call's step, or an unblock's body: JSON kept as it is (no parameters).
    pub body: Option<Value>,
}

/// A parameter's value as kept.
#[derive(Clone, PartialEq, Eq, Debug)]
pub enum KeptValue {
    /// The value as sent.
    Text(String),
    /// The id of the session's request at this position.
    Request(usize),
}

/// Writes a call. `index_of` gives the position of a request of the session.
pub fn encode(at: Millis, call: &Call, from_scenario: bool, engine: &Engine) -> Value {
    if let Some(body) = call.json_body() {
        // A fault step or an unblock body: `[at, "fault", {"fault": "sms-lost", ...}]`.
        let mut array: Vec<Value> = vec![at.into(), call.endpoint().name().into(), body];
        if from_scenario {
            array.push(1.into());
        }
        return array.into();
    }
    let position = |value: &str| RequestId::parse(value).and_then(|id| engine.index_of(id));
    let mut params = Map::new();
    let mut ids = Vec::new();
    for (name, value) in call.pairs() {
        let kept = match name {
            "request_id" | "request_ids" => {
                position(value).map_or_else(|| value.into(), Value::from)
            }
            _ => Value::from(value),
        };
        if name == "request_ids" {
            ids.push(kept);
        } else {
            params.insert(name.to_owned(), kept);
        }
    }
    if !ids.is_empty() {
        params.insert("request_ids".into(), ids.into());
    }
    let mut array: Vec<Value> = vec![at.into(), call.endpoint().name().into(), params.into()];
    if from_scenario {
        array.push(1.into());
    }
    array.into()
}

/// Why a kept call cannot be read.
#[derive(Clone, PartialEq, Eq, Debug)]
pub enum DecodeError {
    /// Not a call as [`encode`] writes one (cut short, or altered).
    Malformed(String),
    /// A Verify v2 call, and this build leaves v2 out: refused by name, never dropped.
    LeftOut(V2LeftOut),
}

impl fmt::Display for DecodeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            DecodeError::Malformed(why) => f.write_str(why),
            DecodeError::LeftOut(left_out) => left_out.fmt(f),
        }
    }
}

/// Reads a call written by [`encode`].
pub fn decode(value: &Value) -> Result<KeptCall, DecodeError> {
    let bad = || DecodeError::Malformed(format!("not a saved call: {}", json::write(value)));
    let items = value.as_array().ok_or_else(bad)?;
    let at = items.first().and_then(Value::as_u64).ok_or_else(bad)?;
    let name = items.get(1).and_then(Value::as_str).ok_or_else(bad)?;
    if let Some(left_out) = V2LeftOut::named(name) {
        return Err(DecodeError::LeftOut(left_out));
    }
    let object = items.get(2).and_then(Value::as_object).ok_or_else(bad)?;
    let from_scenario = items.get(3).and_then(Value::as_u64) == Some(1);
    if let Some(endpoint) = [Endpoint::Fault, Endpoint::Unblock]
        .into_iter()
        .find(|e| e.name() == name)
    {
        return Ok(KeptCall {
            at,
            endpoint,
            params: Vec::new(),
            from_scenario,
            body: Some(object.clone().into()),
        });
    }
    let endpoint = Endpoint::from_name(name).ok_or_else(bad)?;
    let one = |value: &Value| match value {
        Value::String(text) => Some(KeptValue::Text(text.clone())),
        Value::Number(n) => n.as_u64().map(|p| KeptValue::Request(p as usize)),
        _ => None,
    };
    let mut params = Vec::new();
    for (name, value) in object {
        match value {
            Value::Array(list) => {
                for item in list {
                    params.push((name.clone(), one(item).ok_or_else(bad)?));
                }
            }
            other => params.push((name.clone(), one(other).ok_or_else(bad)?)),
        }
    }
    Ok(KeptCall {
        at,
        endpoint,
        params,
        from_scenario,
        body: None,
    })
}

impl KeptCall {
    /// The call itself, with positions turned back into the ids `engine` gave.
    pub fn resolve(&self, engine: &Engine) -> Result<Call, String> {
        if let Some(body) = &self.body {
            return Call::from_json_body(self.endpoint, body.clone()).map_err(|e| e.to_string());
        }
        let mut pairs: Vec<(&str, String)> = Vec::with_capacity(self.params.len());
        for (name, value) in &self.params {
            let text = match value {
                KeptValue::Text(text) => text.clone(),
                KeptValue::Request(position) => engine
                    .request_at(*position)
                    .ok_or_else(|| {
                        format!("a call names request {position}, which was never started")
                    })?
                    .id()
                    .to_string(),
            };
            pairs.push((name, text));
        }
        Ok(Call::from_pairs(
            self.endpoint,
            pairs.iter().map(|(n, v)| (*n, v.as_str())),
        ))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Where the engine leaves Verify v2 out, a kept v2 call is refused by name; where it
    /// has v2, the codec still keeps no v2 call (a `verify2` body is not written), so the
    /// call is not one it reads.
    #[test]
    fn a_v2_call_is_refused_by_name_where_v2_is_left_out() {
        let value = serde_json::json!([0, "verify2", {}]);
        let error = decode(&value).unwrap_err();
        if V2LeftOut::named("verify2").is_some() {
            assert_eq!(
                error.to_string(),
                "`verify2` needs Verify v2, which this build leaves out"
            );
            assert!(matches!(error, DecodeError::LeftOut(_)));
        } else {
            assert_eq!(
                error,
                DecodeError::Malformed(format!("not a saved call: {}", json::write(&value)))
            );
        }
        assert!(decode(&serde_json::json!([0, "verify", {}])).is_ok());
    }
}
