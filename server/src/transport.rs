//! Transport faults (issue 18): the emulator's own, for a client's timeouts and retries.
//! `http:<status>` answers that status with an empty body, `delay:<ms>` the normal answer
//! that much later in real time, `drop` closes the connection without an answer; each
//! for the next `times` API requests (or until cleared), to every API path or to one.
//!
//! They are not Verify's: the engine never sees them and the session's journal does not
//! record them (a replay of `/_sim/scenario` holds the calls a delayed request made, and
//! nothing of a request answered `http:` or dropped, which the engine never got). Each
//! session keeps its own ([`TransportFaults`]), so namespaces do not disturb each other.
//! The request faults and phone faults of A8 are the engine's (`/_sim/faults` sends
//! them there).

use std::fmt;
use std::time::Duration;

use serde::Serialize;
use serde_json::{Map, Value};

/// The longest `delay:<ms>` (five minutes), so a forgotten fault cannot hold connections
/// for ever.
pub const MAX_DELAY_MS: u64 = 300_000;

/// What a transport fault does to a request.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum TransportFault {
    /// Answer this HTTP status with an empty body; the engine never sees the request.
    Status(u16),
    /// Answer normally, this much later in real time.
    Delay(Duration),
    /// Close the connection without an answer; the engine never sees the request.
    Drop,
}

impl TransportFault {
    /// Whether `name` is a transport fault's name (`http:...`, `delay:...`, `drop`), well
    /// formed or not: such a name is never sent to the engine.
    pub fn is_transport(name: &str) -> bool {
        name == "drop" || name.starts_with("http:") || name.starts_with("delay:")
    }

    /// Reads `http:<status>` (200-599), `delay:<ms>` (1-[`MAX_DELAY_MS`]) or `drop`.
    pub fn parse(name: &str) -> Result<TransportFault, BadTransportFault> {
        let digits = |text: &str| -> Option<u64> {
            if text.is_empty() || text.len() > 9 || !text.bytes().all(|b| b.is_ascii_digit()) {
                return None;
            }
            text.parse().ok()
        };
        if name == "drop" {
            return Ok(TransportFault::Drop);
        }
        if let Some(status) = name.strip_prefix("http:") {
            return match digits(status) {
                Some(status @ 200..=599) => Ok(TransportFault::Status(status as u16)),
                _ => Err(BadTransportFault::Status(name.to_owned())),
            };
        }
        if let Some(ms) = name.strip_prefix("delay:") {
            return match digits(ms) {
                Some(ms @ 1..=MAX_DELAY_MS) => Ok(TransportFault::Delay(Duration::from_millis(ms))),
                _ => Err(BadTransportFault::Delay(name.to_owned())),
            };
        }
        Err(BadTransportFault::Name(name.to_owned()))
    }
}

impl fmt::Display for TransportFault {
    /// The fault's name as it is set: `http:503`, `delay:3000`, `drop`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            TransportFault::Status(status) => write!(f, "http:{status}"),
            TransportFault::Delay(delay) => write!(f, "delay:{}", delay.as_millis()),
            TransportFault::Drop => f.write_str("drop"),
        }
    }
}

/// Why a transport fault cannot be set; each says, in one sentence, what is accepted.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum BadTransportFault {
    /// Not `http:`, `delay:` nor `drop`.
    Name(String),
    /// `http:` without a status from 200 to 599.
    Status(String),
    /// `delay:` without a whole number of milliseconds from 1 to [`MAX_DELAY_MS`].
    Delay(String),
    /// `times` is not a whole number from 1 to 4294967295.
    Times,
    /// `path` is not an API path.
    Path,
    /// A key a transport fault does not take.
    UnknownKey(String),
}

impl fmt::Display for BadTransportFault {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            BadTransportFault::Name(name) => write!(
                f,
                "{name:?} is not a transport fault: the accepted ones are http:<status>, \
                 delay:<ms> and drop."
            ),
            BadTransportFault::Status(name) => write!(
                f,
                "{name:?} is not accepted: http:<status> takes an HTTP status from 200 to 599, \
                 such as http:503."
            ),
            BadTransportFault::Delay(name) => write!(
                f,
                "{name:?} is not accepted: delay:<ms> takes a whole number of milliseconds \
                 from 1 to {MAX_DELAY_MS}, such as delay:3000."
            ),
            BadTransportFault::Times => f.write_str(
                "\"times\" must be a whole number from 1 to 4294967295 (leave it out for \
                 every request until cleared).",
            ),
            BadTransportFault::Path => f.write_str(
                "\"path\" must be an API path starting with /verify or /v2/verify, such as \
                 /verify/check/json, or a prefix ending in *, such as /v2/verify/*.",
            ),
            BadTransportFault::UnknownKey(key) => write!(
                f,
                "{key:?} is not accepted: a transport fault takes \"fault\", \"times\" and \
                 \"path\" only."
            ),
        }
    }
}

impl std::error::Error for BadTransportFault {}

/// Which requests a fault applies to: one path exactly, or every path under a prefix
/// (written with a trailing `*`).
#[derive(Clone, Debug, PartialEq, Eq)]
enum PathMatch {
    Exact(String),
    Prefix(String),
}

impl PathMatch {
    fn parse(text: &str) -> Result<PathMatch, BadTransportFault> {
        let api = text.starts_with("/verify") || text.starts_with("/v2/verify");
        if !api || text.len() > 200 || text.chars().any(|c| c.is_whitespace() || c == '?') {
            return Err(BadTransportFault::Path);
        }
        Ok(match text.strip_suffix('*') {
            Some(prefix) => PathMatch::Prefix(prefix.to_owned()),
            None => PathMatch::Exact(text.to_owned()),
        })
    }

    fn matches(&self, path: &str) -> bool {
        match self {
            PathMatch::Exact(exact) => path == exact,
            PathMatch::Prefix(prefix) => path.starts_with(prefix.as_str()),
        }
    }
}

impl fmt::Display for PathMatch {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            PathMatch::Exact(exact) => f.write_str(exact),
            PathMatch::Prefix(prefix) => write!(f, "{prefix}*"),
        }
    }
}

/// A transport fault to set, as `POST /_sim/faults` gives it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TransportSpec {
    fault: TransportFault,
    times: Option<u32>,
    path: Option<PathMatch>,
}

impl TransportSpec {
    /// Reads `{"fault", "times"?, "path"?}` (`null` is absent); any other key is refused.
    pub fn from_json(object: &Map<String, Value>) -> Result<TransportSpec, BadTransportFault> {
        let (mut fault, mut times, mut path) = (None, None, None);
        for (key, value) in object {
            match (key.as_str(), value) {
                (_, Value::Null) => {}
                ("fault", Value::String(name)) => fault = Some(TransportFault::parse(name)?),
                ("fault", other) => return Err(BadTransportFault::Name(other.to_string())),
                ("times", value) => {
                    let n = value.as_u64().and_then(|n| u32::try_from(n).ok());
                    times = Some(n.filter(|&n| n > 0).ok_or(BadTransportFault::Times)?);
                }
                ("path", Value::String(text)) => path = Some(PathMatch::parse(text)?),
                ("path", _) => return Err(BadTransportFault::Path),
                (other, _) => return Err(BadTransportFault::UnknownKey(other.to_owned())),
            }
        }
        let fault = fault.ok_or_else(|| BadTransportFault::Name(String::new()))?;
        Ok(TransportSpec { fault, times, path })
    }
}

/// A transport fault as `GET /_sim/faults` lists it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct TransportView {
    /// `t1`, `t2`...: never an engine fault's id.
    pub id: String,
    /// Its name as set (`http:503`, `delay:3000`, `drop`).
    pub fault: String,
    /// How many more requests it answers; absent: until cleared.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub times_left: Option<u32>,
    /// The path it applies to; absent: every API path.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub path: Option<String>,
}

/// A fault that is set.
#[derive(Clone, Debug)]
struct Rule {
    number: u64,
    spec: TransportSpec,
}

impl Rule {
    fn view(&self) -> TransportView {
        TransportView {
            id: format!("t{}", self.number),
            fault: self.spec.fault.to_string(),
            times_left: self.spec.times,
            path: self.spec.path.as_ref().map(PathMatch::to_string),
        }
    }
}

/// The most transport faults a session holds at once (more is refused with 400).
pub const MAX_RULES: usize = 1_000;

/// One session's transport faults, in the order they were set.
#[derive(Clone, Debug, Default)]
pub struct TransportFaults {
    rules: Vec<Rule>,
    /// The number of the last one set (ids are never reused within a session).
    last: u64,
}

impl TransportFaults {
    /// Sets a fault; returns it as listed, or `None` when [`MAX_RULES`] are set already.
    pub fn add(&mut self, spec: TransportSpec) -> Option<TransportView> {
        if self.rules.len() >= MAX_RULES {
            return None;
        }
        self.last += 1;
        let rule = Rule {
            number: self.last,
            spec,
        };
        let view = rule.view();
        self.rules.push(rule);
        Some(view)
    }

    /// The fault that answers a request to `path`: the earliest set that applies, counted
    /// down (and gone at 0). `None`: the request goes on as usual.
    pub fn take(&mut self, path: &str) -> Option<TransportFault> {
        let index = self.rules.iter().position(|rule| {
            rule.spec
                .path
                .as_ref()
                .is_none_or(|pattern| pattern.matches(path))
        })?;
        let rule = &mut self.rules[index];
        let fault = rule.spec.fault;
        if let Some(times) = &mut rule.spec.times {
            *times -= 1;
            if *times == 0 {
                self.rules.remove(index);
            }
        }
        Some(fault)
    }

    /// Removes the fault with `id` (`t<n>`); whether there was one.
    pub fn remove(&mut self, id: &str) -> bool {
        let before = self.rules.len();
        self.rules.retain(|rule| format!("t{}", rule.number) != id);
        self.rules.len() != before
    }

    /// Removes every one.
    pub fn clear(&mut self) {
        self.rules.clear();
    }

    /// The faults set, oldest first.
    pub fn list(&self) -> Vec<TransportView> {
        self.rules.iter().map(Rule::view).collect()
    }

    /// Whether `id` names a transport fault (set or not): `t` and digits.
    pub fn is_transport_id(id: &str) -> bool {
        id.strip_prefix('t')
            .is_some_and(|n| !n.is_empty() && n.bytes().all(|b| b.is_ascii_digit()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn spec(value: Value) -> Result<TransportSpec, BadTransportFault> {
        match value {
            Value::Object(object) => TransportSpec::from_json(&object),
            _ => unreachable!("tests give objects"),
        }
    }

    #[test]
    fn names_are_read_and_written_back() {
        for name in [
            "http:503",
            "http:200",
            "http:599",
            "delay:1",
            "delay:300000",
            "drop",
        ] {
            assert_eq!(TransportFault::parse(name).unwrap().to_string(), name);
        }
        for name in ["http:199", "http:600", "http:", "http:5O3", "http:+503"] {
            assert!(matches!(
                TransportFault::parse(name),
                Err(BadTransportFault::Status(_))
            ));
        }
        for name in ["delay:0", "delay:300001", "delay:1.5", "delay:-1", "delay:"] {
            assert!(matches!(
                TransportFault::parse(name),
                Err(BadTransportFault::Delay(_))
            ));
        }
        assert!(TransportFault::is_transport("drop") && TransportFault::is_transport("http:x"));
        assert!(!TransportFault::is_transport("throttled"));
    }

    #[test]
    fn bad_specs_say_what_is_accepted() {
        let refused = |value| spec(value).unwrap_err().to_string();
        assert!(refused(json!({"fault": "drop", "times": 0})).contains("from 1"));
        assert!(refused(json!({"fault": "drop", "times": "2"})).contains("whole number"));
        assert!(refused(json!({"fault": "drop", "path": "/_sim/clock"})).contains("/verify"));
        assert!(refused(json!({"fault": "drop", "number": "447700900001"}))
            .contains("\"fault\", \"times\" and \"path\" only"));
        let ok = spec(json!({"fault": "drop", "times": null, "path": "/v2/verify/*"})).unwrap();
        assert_eq!(ok.times, None);
        assert_eq!(ok.path, Some(PathMatch::Prefix("/v2/verify/".into())));
    }

    #[test]
    fn the_earliest_that_applies_answers_and_counts_down() {
        let mut faults = TransportFaults::default();
        let check = faults
            .add(
                spec(json!({"fault": "http:503", "times": 2, "path": "/verify/check/json"}))
                    .unwrap(),
            )
            .unwrap();
        assert_eq!(check.id, "t1");
        faults.add(spec(json!({"fault": "drop", "times": 1})).unwrap());
        assert_eq!(faults.take("/verify/json"), Some(TransportFault::Drop));
        assert_eq!(faults.take("/verify/json"), None);
        assert_eq!(
            faults.take("/verify/check/json"),
            Some(TransportFault::Status(503))
        );
        assert_eq!(faults.list()[0].times_left, Some(1));
        assert_eq!(
            faults.take("/verify/check/json"),
            Some(TransportFault::Status(503))
        );
        assert!(faults.list().is_empty());
        // Ids are not reused; remove and clear.
        let t3 = faults
            .add(spec(json!({"fault": "delay:10"})).unwrap())
            .unwrap();
        assert_eq!(t3.id, "t3");
        assert!(!faults.remove("t1"));
        assert!(faults.remove("t3"));
        faults.add(spec(json!({"fault": "delay:10"})).unwrap());
        faults.clear();
        assert_eq!(faults.take("/verify/json"), None);
        assert!(TransportFaults::is_transport_id("t12") && !TransportFaults::is_transport_id("f1"));
    }
}
