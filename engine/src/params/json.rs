//! Calls whose parameters are JSON rather than flat text: v2's (a body, or the id in
//! the path and a small body), the network unblock's body and fault steps. How they are
//! built from a scenario's or a request's fields, and written back.

use serde_json::Value;

use super::{Call, Endpoint};
use crate::faults::{FaultError, FaultId, FaultStep};

impl Call {
    /// `unblock` and `fault` from HTTP-style pairs: the unblock's body of the pairs as
    /// strings; the fault step read from them (`times` as a number when it is digits).
    /// Read a fault from JSON with [`FaultStep::from_json`], which says what is wrong:
    /// here pairs that are no fault step give a `remove` of `f0`, an id no fault has, so
    /// the call changes nothing.
    pub(super) fn json_from_pairs<'a>(
        endpoint: Endpoint,
        pairs: impl IntoIterator<Item = (&'a str, &'a str)>,
    ) -> Call {
        let mut fields = serde_json::Map::new();
        for (name, value) in pairs {
            let digits = !value.is_empty() && value.bytes().all(|b| b.is_ascii_digit());
            let value = match value.parse::<u64>() {
                Ok(number) if digits && name == "times" => Value::from(number),
                _ => Value::from(value),
            };
            fields.insert(name.to_owned(), value);
        }
        Call::from_json_body(endpoint, Value::Object(fields))
            .unwrap_or(Call::Fault(FaultStep::Remove(FaultId(0))))
    }

    /// An `unblock` (any body: the engine answers a bad one 422) or a `fault` (read by
    /// [`FaultStep::from_json`], which can refuse it) from its JSON. Any other endpoint
    /// is taken as `unblock`.
    pub fn from_json_body(endpoint: Endpoint, body: Value) -> Result<Call, FaultError> {
        match endpoint {
            Endpoint::Fault => FaultStep::from_json(&body).map(Call::Fault),
            _ => Ok(Call::Unblock(body)),
        }
    }

    /// An `unblock` or `fault` call's JSON as a scenario step writes it: the unblock's
    /// body, the fault step's object. `None` for the other calls.
    pub fn json_body(&self) -> Option<Value> {
        match self {
            Call::Unblock(body) => Some(body.clone()),
            Call::Fault(step) => Some(step.to_json()),
            _ => None,
        }
    }

    #[cfg(feature = "v2")]
    pub(super) fn v2_from_pairs<'a>(
        endpoint: Endpoint,
        pairs: impl IntoIterator<Item = (&'a str, &'a str)>,
    ) -> Call {
        let fields = pairs
            .into_iter()
            .map(|(name, value)| (name.to_owned(), Value::from(value)))
            .collect();
        Call::from_v2_fields(endpoint, fields)
    }

    /// A v2 call from a step's JSON fields (a scenario line's object): `verify2`'s body
    /// as is; for the others `request_id` (a string), and `code` (check2, any JSON, so a
    /// number stays one) or `answer` (reply). A v1 endpoint gives an empty v2 start.
    #[cfg(feature = "v2")]
    pub fn from_v2_fields(endpoint: Endpoint, mut fields: serde_json::Map<String, Value>) -> Call {
        if !endpoint.is_v2() || endpoint == Endpoint::Verify2 {
            return Call::Verify2(Value::Object(fields));
        }
        let mut text = |name: &str| match fields.remove(name) {
            Some(Value::String(s)) => s,
            _ => String::new(),
        };
        let request_id = text("request_id");
        match endpoint {
            Endpoint::Check2 => {
                let mut body = serde_json::Map::new();
                if let Some(code) = fields.remove("code") {
                    body.insert("code".into(), code);
                }
                Call::Check2 {
                    request_id,
                    body: Value::Object(body),
                }
            }
            Endpoint::Cancel2 => Call::Cancel2 { request_id },
            Endpoint::Next2 => Call::Next2 { request_id },
            Endpoint::SilentAuth => Call::SilentAuth { request_id },
            Endpoint::Reply => Call::Reply {
                request_id,
                answer: text("answer"),
            },
            _ => Call::Verify2(Value::Object(fields)),
        }
    }

    /// A v2 call's fields as a scenario step writes them (the inverse of
    /// [`Call::from_v2_fields`]): `verify2`'s body; `request_id`, and `code` (check2,
    /// as given) or `answer` (reply). `None` for a v1 call.
    #[cfg(feature = "v2")]
    pub fn v2_fields(&self) -> Option<serde_json::Map<String, Value>> {
        let mut fields = serde_json::Map::new();
        let request_id = match self {
            Call::Verify2(body) => {
                return Some(match body {
                    Value::Object(map) => map.clone(),
                    _ => fields,
                })
            }
            Call::Check2 { request_id, body } => {
                if let Some(code) = body.get("code") {
                    fields.insert("code".into(), code.clone());
                }
                request_id
            }
            Call::Reply { request_id, answer } => {
                fields.insert("answer".into(), answer.as_str().into());
                request_id
            }
            Call::Cancel2 { request_id }
            | Call::Next2 { request_id }
            | Call::SilentAuth { request_id } => request_id,
            _ => return None,
        };
        fields.insert("request_id".into(), request_id.as_str().into());
        Some(fields)
    }
}
