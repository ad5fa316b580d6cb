//! A fault step as the emulator and scenarios give it (`{"fault": name, "number",
//! "times", "network"}`, `{"clear": true}`, `{"remove": id}`), read into typed values;
//! anything else is a [`FaultError`] whose message names what is accepted.

use std::fmt;

use serde_json::{Map, Value};
use thiserror::Error;

use super::name::{Fault, ACCEPTED, ACCEPTED_EXAMPLES};
use crate::validate::normalise_number;

/// Why a fault step or an `__example` cannot be read: one plain sentence naming what
/// is accepted (the emulator answers it as a 400, the runner as a malformed line).
#[derive(Clone, Debug, Error, PartialEq, Eq)]
pub enum FaultError {
    /// No fault has this name.
    #[error("There is no fault \"{0}\": the faults are {ACCEPTED}.")]
    UnknownName(String),
    /// `sms-delay:<s>` with `s` not a number of seconds above zero.
    #[error("sms-delay takes a number of seconds above zero (digits with an optional fraction, such as sms-delay:5 or sms-delay:2.5), not \"{0}\".")]
    BadDelay(String),
    /// A key a fault step does not have.
    #[error("A fault has no key \"{0}\": give fault (its name) with optional number, times and network, or clear alone, or remove alone.")]
    UnknownKey(String),
    /// `fault` is missing or not a string.
    #[error("A fault needs \"fault\", its name as a string: one of {ACCEPTED}.")]
    MissingName,
    /// `number` is not a phone number.
    #[error("A fault's number is a phone number of 7 to 15 digits (spaces, dashes, brackets and one leading + are dropped).")]
    BadNumber,
    /// `times` is not a whole number from 1.
    #[error("A fault's times is a whole number from 1.")]
    BadTimes,
    /// `network` is not a non-empty string or number.
    #[error("A fault's network is a string or number, such as \"23410\".")]
    BadNetwork,
    /// `network` given for a fault that names none.
    #[error("Only blacklist and network-blocked take a network.")]
    NetworkNotTaken,
    /// `clear` is not `true`, or comes with other keys.
    #[error("Clearing the faults is {{\"clear\": true}} alone.")]
    BadClear,
    /// `remove` is not a fault's id, or comes with other keys.
    #[error("Removing a fault is {{\"remove\": \"<id>\"}} alone, with an id such as \"f1\".")]
    BadRemove,
    /// The step is not a JSON object.
    #[error("A fault is a JSON object: {{\"fault\": \"<name>\"}} with optional number, times and network, or {{\"clear\": true}}, or {{\"remove\": \"<id>\"}}.")]
    NotAnObject,
    /// An `__example` that is not a request fault's name.
    #[error("__example takes a request fault: {ACCEPTED_EXAMPLES}; \"{0}\" is not one.")]
    NotAnExample(String),
}

/// A fault's id in its session: `f1`, `f2`, ... in the order they were set (the count
/// starts again at `f1` once no fault is left).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct FaultId(pub u32);

impl FaultId {
    /// Reads `f<digits>`.
    pub fn parse(text: &str) -> Option<FaultId> {
        let digits = text.strip_prefix('f')?;
        if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) {
            return None;
        }
        digits.parse().ok().map(FaultId)
    }
}

impl fmt::Display for FaultId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "f{}", self.0)
    }
}

impl serde::Serialize for FaultId {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

/// A fault to set: what, for which number (all when `None`), how many times (until
/// cleared when `None`) and, for blacklist and network-blocked, on which network
/// (`23410` when `None`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FaultSpec {
    /// The fault.
    pub fault: Fault,
    /// The number it is for, normalised as v1 does; `None`: every number.
    pub number: Option<String>,
    /// How many matching calls (or deliveries) it answers; `None`: until cleared.
    pub times: Option<u32>,
    /// The network a blacklist or network-blocked names.
    pub network: Option<String>,
}

/// The network a blacklist or block names when none is given.
pub const DEFAULT_NETWORK: &str = "23410";

/// A fault call: set one, clear them all, or remove one.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum FaultStep {
    /// Sets a fault.
    Set(FaultSpec),
    /// Removes every fault, network blocks included.
    Clear,
    /// Removes one fault.
    Remove(FaultId),
}

impl FaultSpec {
    /// Reads `{"fault": name, "number"?, "times"?, "network"?}` (`null` is absent;
    /// number and network may be JSON numbers).
    pub fn from_json(value: &Value) -> Result<FaultSpec, FaultError> {
        let Value::Object(object) = value else {
            return Err(FaultError::NotAnObject);
        };
        if let Some(key) = object
            .keys()
            .find(|k| !matches!(k.as_str(), "fault" | "number" | "times" | "network"))
        {
            return Err(FaultError::UnknownKey(key.clone()));
        }
        let field = |name: &str| object.get(name).filter(|v| !v.is_null());
        let fault = match field("fault") {
            Some(Value::String(name)) => Fault::parse(name)?,
            _ => return Err(FaultError::MissingName),
        };
        let number = match field("number") {
            None => None,
            Some(value) => {
                let text = text_of(value).ok_or(FaultError::BadNumber)?;
                let digits = normalise_number(&text).into_owned();
                let ok =
                    (7..=15).contains(&digits.len()) && digits.bytes().all(|b| b.is_ascii_digit());
                Some(ok.then_some(digits).ok_or(FaultError::BadNumber)?)
            }
        };
        let times = match field("times") {
            None => None,
            Some(value) => Some(
                value
                    .as_u64()
                    .and_then(|t| u32::try_from(t).ok())
                    .filter(|&t| t >= 1)
                    .ok_or(FaultError::BadTimes)?,
            ),
        };
        let network = match field("network") {
            None => None,
            Some(value) => Some(
                text_of(value)
                    .filter(|n| !n.is_empty())
                    .ok_or(FaultError::BadNetwork)?,
            ),
        };
        let takes_network = matches!(fault, Fault::Request(f) if f.has_network());
        if network.is_some() && !takes_network {
            return Err(FaultError::NetworkNotTaken);
        }
        Ok(FaultSpec {
            fault,
            number,
            times,
            network,
        })
    }

    /// The object it is read from, keys in the order `fault`, `number`, `times`,
    /// `network` (absent ones left out).
    pub fn to_json(&self) -> Map<String, Value> {
        let mut object = Map::new();
        object.insert("fault".into(), self.fault.to_string().into());
        if let Some(number) = &self.number {
            object.insert("number".into(), number.as_str().into());
        }
        if let Some(times) = self.times {
            object.insert("times".into(), times.into());
        }
        if let Some(network) = &self.network {
            object.insert("network".into(), network.as_str().into());
        }
        object
    }
}

impl FaultStep {
    /// Reads a fault step: a fault to set (see [`FaultSpec::from_json`]),
    /// `{"clear": true}` or `{"remove": "<id>"}`.
    pub fn from_json(value: &Value) -> Result<FaultStep, FaultError> {
        let Value::Object(object) = value else {
            return Err(FaultError::NotAnObject);
        };
        if object.contains_key("clear") {
            return match (object.len(), &object["clear"]) {
                (1, Value::Bool(true)) => Ok(FaultStep::Clear),
                _ => Err(FaultError::BadClear),
            };
        }
        if let Some(id) = object.get("remove") {
            return match (object.len(), id.as_str().and_then(FaultId::parse)) {
                (1, Some(id)) => Ok(FaultStep::Remove(id)),
                _ => Err(FaultError::BadRemove),
            };
        }
        FaultSpec::from_json(value).map(FaultStep::Set)
    }

    /// The object it is read from: what journals and exported scenarios write.
    pub fn to_json(&self) -> Value {
        match self {
            FaultStep::Set(spec) => Value::Object(spec.to_json()),
            FaultStep::Clear => serde_json::json!({"clear": true}),
            FaultStep::Remove(id) => {
                let mut object = Map::new();
                object.insert("remove".into(), id.to_string().into());
                Value::Object(object)
            }
        }
    }
}

impl serde::Serialize for FaultStep {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        self.to_json().serialize(s)
    }
}

impl<'de> serde::Deserialize<'de> for FaultStep {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let value = Value::deserialize(d)?;
        FaultStep::from_json(&value).map_err(serde::de::Error::custom)
    }
}

/// A string as it is, a number as the text it prints as.
fn text_of(value: &Value) -> Option<String> {
    match value {
        Value::String(s) => Some(s.clone()),
        Value::Number(n) => Some(n.to_string()),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::faults::{PhoneFault, RequestFault};
    use serde_json::json;

    #[test]
    fn reads_every_form_and_writes_it_back() {
        for value in [
            json!({"fault": "sms-lost", "number": "447700900002", "times": 1}),
            json!({"fault": "network-blocked", "network": "23415"}),
            json!({"fault": "sms-delay:2.5"}),
            json!({"clear": true}),
            json!({"remove": "f12"}),
        ] {
            let step = FaultStep::from_json(&value).unwrap();
            assert_eq!(step.to_json(), value);
        }
        let step = FaultStep::from_json(
            &json!({"fault": "blacklist", "number": 447700900002u64, "network": 23410, "times": null}),
        )
        .unwrap();
        assert_eq!(
            step,
            FaultStep::Set(FaultSpec {
                fault: Fault::Request(RequestFault::Blacklist),
                number: Some("447700900002".into()),
                times: None,
                network: Some("23410".into()),
            })
        );
        let spec =
            FaultSpec::from_json(&json!({"fault": "phone-off", "number": "+44 7700-900002"}));
        assert_eq!(spec.unwrap().number.as_deref(), Some("447700900002"));
        assert_eq!(
            FaultSpec::from_json(&json!({"fault": "sms-delay:1"}))
                .unwrap()
                .fault,
            Fault::Phone(PhoneFault::SmsDelay(1000))
        );
    }

    #[test]
    fn refuses_what_is_not_a_fault_naming_what_is() {
        let error = |value: Value| FaultStep::from_json(&value).unwrap_err();
        assert_eq!(
            error(json!({"fault": "nope"})),
            FaultError::UnknownName("nope".into())
        );
        assert!(error(json!({"fault": "nope"}))
            .to_string()
            .contains("sms-delay:<seconds>"));
        assert_eq!(
            error(json!({"fault": "sms-lost", "count": 1})),
            FaultError::UnknownKey("count".into())
        );
        assert_eq!(
            error(json!({"number": "447700900002"})),
            FaultError::MissingName
        );
        assert_eq!(error(json!({"fault": 3})), FaultError::MissingName);
        assert_eq!(
            error(json!({"fault": "sms-lost", "number": "12"})),
            FaultError::BadNumber
        );
        assert_eq!(
            error(json!({"fault": "sms-lost", "number": true})),
            FaultError::BadNumber
        );
        for times in [json!(0), json!(-1), json!(1.5), json!("2")] {
            assert_eq!(
                error(json!({"fault": "sms-lost", "times": times})),
                FaultError::BadTimes
            );
        }
        assert_eq!(
            error(json!({"fault": "blacklist", "network": ""})),
            FaultError::BadNetwork
        );
        assert_eq!(
            error(json!({"fault": "throttled", "network": "1"})),
            FaultError::NetworkNotTaken
        );
        assert_eq!(error(json!({"clear": false})), FaultError::BadClear);
        assert_eq!(
            error(json!({"clear": true, "fault": "sms-lost"})),
            FaultError::BadClear
        );
        assert_eq!(error(json!({"remove": "x1"})), FaultError::BadRemove);
        assert_eq!(error(json!({"remove": 1})), FaultError::BadRemove);
        assert_eq!(error(json!(["sms-lost"])), FaultError::NotAnObject);
        assert_eq!(
            RequestFault::parse_example("sms-lost").unwrap_err().to_string(),
            "__example takes a request fault: throttled, invalid-creds, internal-error, quota-exceeded, blacklist, network-blocked, rejected and not-permitted; \"sms-lost\" is not one."
        );
    }
}
