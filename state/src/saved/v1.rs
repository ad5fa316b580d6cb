//! Version 1 of the saved session, still read: everything under one key, each call with
//! its parameters as text. Nothing writes it any more.

use serde_json::Value;
use verify_engine::{Endpoint, SessionConfig};

use super::Saved;
use crate::codec::{KeptCall, KeptValue};
use crate::form::FormValues;
use crate::phones::CallState;

/// Version 1 kept everything under one key, each call as `{"at", "call": {"check":
/// {params, null when absent}}, "scenario"}`.
pub(super) fn load(value: &Value) -> Result<Saved, String> {
    let bad = |what: &str| format!("no {what}");
    let s = value.get("session").ok_or_else(|| bad("session"))?;
    let number = |name: &str| s.get(name).and_then(Value::as_u64).ok_or_else(|| bad(name));
    let mut calls = Vec::new();
    for entry in s
        .get("calls")
        .and_then(Value::as_array)
        .ok_or_else(|| bad("calls"))?
    {
        let at = entry
            .get("at")
            .and_then(Value::as_u64)
            .ok_or_else(|| bad("at"))?;
        let (name, params) = entry
            .get("call")
            .and_then(Value::as_object)
            .and_then(|o| o.iter().next())
            .ok_or_else(|| bad("call"))?;
        let endpoint = Endpoint::from_name(name).ok_or_else(|| bad("endpoint"))?;
        let mut kept = Vec::new();
        for (param, value) in params.as_object().ok_or_else(|| bad("parameters"))? {
            let values = match value {
                Value::String(text) => vec![text.clone()],
                Value::Array(list) => list
                    .iter()
                    .filter_map(|v| v.as_str().map(str::to_owned))
                    .collect(),
                _ => Vec::new(),
            };
            kept.extend(
                values
                    .into_iter()
                    .map(|v| (param.clone(), KeptValue::Text(v))),
            );
        }
        calls.push(KeptCall {
            at,
            endpoint,
            params: kept,
            from_scenario: entry.get("scenario").and_then(Value::as_bool) == Some(true),
            body: None,
        });
    }
    let choices = s
        .get("call_choices")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
        .filter_map(|pair| {
            let id = pair.get(0)?.as_str()?.to_owned();
            let state = CallState::from_key(&pair.get(1)?.as_str()?.to_ascii_lowercase())?;
            Some((id, state))
        })
        .collect();
    let import = s.get("import").and_then(|i| {
        Some((
            i.get("text")?.as_str()?.to_owned(),
            i.get("next")?.as_u64()? as usize,
        ))
    });
    Ok(Saved {
        config: SessionConfig::new(number("seed")?),
        now: number("now")?,
        running: s.get("running").and_then(Value::as_bool).unwrap_or(false),
        speed: number("speed")? as u32,
        form: s.get("form").map(FormValues::from_json).unwrap_or_default(),
        calls,
        choices,
        selected: s.get("selected").and_then(Value::as_str).map(str::to_owned),
        import,
    })
}
