//! The JSON the emulator and the playground exchange about a session, defined once: the
//! clock (`GET /_sim/clock`, the stream's `clock` event), a change of it (`POST
//! /_sim/clock`), and the event stream's `call` and `hello` events. The emulator writes
//! and reads them with these functions; the playground mirroring it reads and writes the
//! same. Written by hand, not derived: the playground pays for every derived
//! (de)serializer in download size.

use serde::{Serialize, Serializer};
use serde_json::{Map, Value};
use thiserror::Error;

use super::SessionConfig;
use crate::engine::Engine;
use crate::params::Call;
use crate::scenario::{step_from_value, step_line};
use crate::time::{Millis, SECOND};
#[cfg(feature = "v2")]
use crate::v2::DEFAULT_ORIGIN;

/// Where `check_url`s point by default (v2's constant; the wire carries an origin either
/// way, so a build without v2 reads the same `hello`).
#[cfg(not(feature = "v2"))]
const DEFAULT_ORIGIN: &str = "http://localhost:8080";

/// Why a message cannot be read.
#[derive(Clone, Debug, Error, PartialEq, Eq)]
#[error("{0}")]
pub struct WireError(pub String);

fn bad(text: impl Into<String>) -> WireError {
    WireError(text.into())
}

/// Seconds as JSON carries them (`125`, `12.5`) into milliseconds, rounded.
fn millis(value: &Value) -> Option<Millis> {
    let seconds = value.as_f64()?;
    (0.0..9e12)
        .contains(&seconds)
        .then(|| (seconds * SECOND as f64).round() as Millis)
}

fn seconds(at: Millis) -> Value {
    if at.is_multiple_of(SECOND) {
        (at / SECOND).into()
    } else {
        (at as f64 / SECOND as f64).into()
    }
}

/// The clock as `/_sim/clock` shows it: `{"now", "speed", "paused", "next"}`, times in
/// simulated seconds. (Its serializer is derived: only the emulator writes it.)
#[derive(Clone, Copy, Debug, PartialEq, Serialize)]
pub struct ClockView {
    /// Simulated time.
    #[serde(serialize_with = "serialize_seconds")]
    pub now: Millis,
    /// Simulated seconds per real second.
    pub speed: f64,
    /// Time moves only when a client says so.
    pub paused: bool,
    /// When the next scheduled thing falls due.
    #[serde(serialize_with = "serialize_next")]
    pub next: Option<Millis>,
}

fn serialize_seconds<S: Serializer>(at: &Millis, s: S) -> Result<S::Ok, S::Error> {
    seconds(*at).serialize(s)
}

fn serialize_next<S: Serializer>(next: &Option<Millis>, s: S) -> Result<S::Ok, S::Error> {
    next.map(seconds).serialize(s)
}

impl ClockView {
    /// Reads what its serializer writes.
    pub fn from_json(value: &Value) -> Result<ClockView, WireError> {
        let field = |name: &str| value.get(name).ok_or_else(|| bad(format!("no {name}")));
        Ok(ClockView {
            now: millis(field("now")?).ok_or_else(|| bad("now is not a time"))?,
            speed: field("speed")?
                .as_f64()
                .ok_or_else(|| bad("speed is not a number"))?,
            paused: field("paused")?
                .as_bool()
                .ok_or_else(|| bad("paused is not true or false"))?,
            next: match value.get("next") {
                None | Some(Value::Null) => None,
                Some(next) => Some(millis(next).ok_or_else(|| bad("next is not a time"))?),
            },
        })
    }
}

/// A change of the clock, as `POST /_sim/clock` takes it: any of `{"advance": S,
/// "to_next": true, "speed": X, "paused": B}`. Applied in that order by the emulator:
/// speed, pause, then the jump.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct ClockChange {
    /// Run everything due up to now + this many simulated milliseconds.
    pub advance: Option<Millis>,
    /// Run up to the next scheduled thing.
    pub to_next: bool,
    /// Simulated seconds per real second from now on (the emulator checks its range).
    pub speed: Option<f64>,
    /// Pause or resume.
    pub paused: Option<bool>,
}

/// The longest jump one clock change may ask for, in seconds (about 31,700 years).
const MAX_ADVANCE_SECONDS: f64 = 1e12;

impl ClockChange {
    /// The request body, with only the fields that are set.
    pub fn to_json(&self) -> String {
        let mut object = Map::new();
        if let Some(advance) = self.advance {
            object.insert("advance".into(), seconds(advance));
        }
        if self.to_next {
            object.insert("to_next".into(), true.into());
        }
        if let Some(speed) = self.speed {
            object.insert("speed".into(), speed.into());
        }
        if let Some(paused) = self.paused {
            object.insert("paused".into(), paused.into());
        }
        Value::Object(object).to_string()
    }

    /// Reads a request body's object, refusing unknown fields and wrong types by name.
    /// `speed` is only checked to be a number here: its range is the emulator's.
    pub fn from_json(object: &Map<String, Value>) -> Result<ClockChange, WireError> {
        let mut change = ClockChange::default();
        for (key, value) in object {
            match key.as_str() {
                "advance" => {
                    let seconds = value
                        .as_f64()
                        .filter(|s| s.is_finite() && (0.0..=MAX_ADVANCE_SECONDS).contains(s))
                        .ok_or_else(|| bad("\"advance\" must be a number of seconds, 0 or more"))?;
                    change.advance = Some((seconds * SECOND as f64).round() as Millis);
                }
                "to_next" => {
                    change.to_next = value
                        .as_bool()
                        .ok_or_else(|| bad("\"to_next\" must be true or false"))?;
                }
                "speed" => {
                    change.speed = Some(value.as_f64().ok_or_else(|| {
                        bad("\"speed\" must be a number (simulated seconds per real second)")
                    })?);
                }
                "paused" => {
                    change.paused = Some(
                        value
                            .as_bool()
                            .ok_or_else(|| bad("\"paused\" must be true or false"))?,
                    );
                }
                other => {
                    return Err(bad(format!(
                        "unknown field {other:?}: expected advance, to_next, speed or paused"
                    )))
                }
            }
        }
        Ok(change)
    }
}

/// A call as the event stream carries it: the engine's status (so that a mirror can tell
/// it drifted) and the scenario line that replays it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CallEvent {
    /// When it was made.
    pub at: Millis,
    /// The call.
    pub call: Call,
    /// The status the emulator's engine answered with.
    pub status: u8,
}

impl CallEvent {
    /// `{"status":"0","step":{...}}`.
    pub fn to_json(&self) -> String {
        format!(
            "{{\"status\":\"{}\",\"step\":{}}}",
            self.status,
            step_line(self.at, &self.call)
        )
    }

    /// Reads what [`CallEvent::to_json`] writes.
    pub fn from_json(value: &Value) -> Result<CallEvent, WireError> {
        let step = value.get("step").ok_or_else(|| bad("no step"))?;
        let step = step_from_value(0, step).map_err(|e| bad(e.reason))?;
        let call = step.call.ok_or_else(|| bad("the step makes no call"))?;
        let status = value
            .get("status")
            .and_then(Value::as_str)
            .and_then(|s| s.parse().ok())
            .ok_or_else(|| bad("status is not a status code"))?;
        Ok(CallEvent {
            at: step.at,
            call: call.literal(),
            status,
        })
    }
}

/// The stream's `hello`: everything a watcher needs to rebuild the session.
#[derive(Clone, Debug, PartialEq)]
pub struct Hello {
    /// What the calls replay on.
    pub config: SessionConfig,
    /// Where the session's v2 `check_url`s point (the emulator's own origin, under
    /// `/ns/NAME` for a named namespace): the watcher's engine must build the same ones.
    /// Read as [`DEFAULT_ORIGIN`] when a `hello` does not carry it.
    pub origin: String,
    /// The clock.
    pub clock: ClockView,
    /// False when the emulator holds too many calls to send (the session cannot be
    /// rebuilt until it is idle or reset).
    pub complete: bool,
    /// The calls since the engine was last idle, oldest first.
    pub calls: Vec<CallEvent>,
}

impl Hello {
    /// `{"seed","start","retention","origin","clock","complete","calls"}`.
    pub fn to_json(&self) -> String {
        let mut object = Map::new();
        self.config.write_json(&mut object);
        object.insert("origin".into(), self.origin.clone().into());
        let mut text = Value::Object(object).to_string();
        text.pop(); // the closing brace: the calls are written as they are.
        let calls: Vec<String> = self.calls.iter().map(CallEvent::to_json).collect();
        text.push_str(&format!(
            ",\"clock\":{},\"complete\":{},\"calls\":[{}]}}",
            serde_json::to_string(&self.clock).unwrap_or_default(),
            self.complete,
            calls.join(",")
        ));
        text
    }

    /// A fresh engine at time 0 to replay the calls on: the config's, its `check_url`s
    /// at the session's origin.
    pub fn engine(&self) -> Engine {
        #[cfg_attr(not(feature = "v2"), allow(unused_mut))]
        let mut engine = self.config.engine();
        #[cfg(feature = "v2")]
        engine.set_origin(&self.origin);
        engine
    }

    /// Reads what [`Hello::to_json`] writes (`origin` may be absent, as older emulators
    /// sent it: [`DEFAULT_ORIGIN`]).
    pub fn from_json(value: &Value) -> Result<Hello, WireError> {
        let config = SessionConfig::from_json(value).map_err(|e| bad(e.to_string()))?;
        let clock = ClockView::from_json(value.get("clock").ok_or_else(|| bad("no clock"))?)?;
        let calls = value
            .get("calls")
            .and_then(Value::as_array)
            .ok_or_else(|| bad("no calls"))?
            .iter()
            .map(CallEvent::from_json)
            .collect::<Result<_, _>>()?;
        let origin = match value.get("origin") {
            None | Some(Value::Null) => DEFAULT_ORIGIN.to_owned(),
            Some(origin) => origin
                .as_str()
                .filter(|o| o.starts_with("http://") || o.starts_with("https://"))
                .ok_or_else(|| bad("origin is not an http(s) URL"))?
                .to_owned(),
        };
        Ok(Hello {
            config,
            origin,
            clock,
            complete: value.get("complete").and_then(Value::as_bool) != Some(false),
            calls,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::params::Endpoint;
    use crate::time::StartDate;

    #[test]
    fn a_hello_goes_through_json_unchanged() {
        let hello = Hello {
            config: SessionConfig {
                seed: 5,
                start: StartDate::parse("2026-03-01 08:00:00").unwrap(),
                retention: None,
            },
            origin: "http://127.0.0.1:9/ns/suite%201".into(),
            clock: ClockView {
                now: 12_500,
                speed: 60.0,
                paused: false,
                next: Some(125_000),
            },
            complete: true,
            calls: vec![CallEvent {
                at: 1_250,
                call: Call::from_pairs(
                    Endpoint::Verify,
                    [("number", "447700900001"), ("brand", "Acme")],
                ),
                status: 0,
            }],
        };
        let text = hello.to_json();
        assert!(text.contains("\"retention\":null"), "{text}");
        assert!(text.contains("\"clock\":{"), "{text}");
        assert!(
            text.contains("\"origin\":\"http://127.0.0.1:9/ns/suite%201\""),
            "{text}"
        );
        let value: Value = serde_json::from_str(&text).unwrap();
        assert_eq!(Hello::from_json(&value), Ok(hello));
    }

    #[test]
    fn a_hello_without_origin_is_the_default_and_a_bad_one_is_refused() {
        let read = |origin: &str| {
            let text = format!(
                r#"{{"seed":1,"retention":null,{origin}"clock":{{"now":0,"speed":1,"paused":true,"next":null}},"complete":true,"calls":[]}}"#
            );
            Hello::from_json(&serde_json::from_str(&text).unwrap())
        };
        assert_eq!(read("").unwrap().origin, DEFAULT_ORIGIN);
        assert_eq!(
            read(r#""origin":"https://h:1","#).unwrap().origin,
            "https://h:1"
        );
        assert_eq!(
            read(r#""origin":7,"#),
            Err(WireError("origin is not an http(s) URL".into()))
        );
    }

    #[cfg(feature = "v2")]
    #[test]
    fn a_hellos_engine_builds_check_urls_at_its_origin() {
        let text = r#"{"seed":1,"origin":"http://h:1/ns/a","clock":{"now":0,"speed":1,"paused":true,"next":null},"complete":true,"calls":[]}"#;
        let hello = Hello::from_json(&serde_json::from_str(text).unwrap()).unwrap();
        assert_eq!(hello.engine().origin(), "http://h:1/ns/a");
    }

    #[test]
    fn a_clock_change_goes_through_json_and_refuses_by_name() {
        let change = ClockChange {
            advance: Some(30_500),
            to_next: true,
            speed: Some(10.0),
            paused: Some(false),
        };
        let value: Value = serde_json::from_str(&change.to_json()).unwrap();
        assert_eq!(
            ClockChange::from_json(value.as_object().unwrap()),
            Ok(change)
        );
        let read = |text: &str| {
            let value: Value = serde_json::from_str(text).unwrap();
            ClockChange::from_json(value.as_object().unwrap()).map_err(|e| e.0)
        };
        assert!(read(r#"{"advance": -1}"#).unwrap_err().contains("advance"));
        assert!(read(r#"{"advance": 1e300}"#)
            .unwrap_err()
            .contains("advance"));
        assert!(read(r#"{"speed": "fast"}"#).unwrap_err().contains("speed"));
        assert!(read(r#"{"pace": 1}"#)
            .unwrap_err()
            .contains("unknown field"));
        assert_eq!(read("{}"), Ok(ClockChange::default()));
    }

    #[test]
    fn a_call_event_says_what_is_wrong() {
        let read = |text: &str| {
            CallEvent::from_json(&serde_json::from_str(text).unwrap()).map_err(|e| e.0)
        };
        assert_eq!(read(r#"{"status":"0"}"#), Err("no step".into()));
        assert_eq!(
            read(r#"{"status":"x","step":{"at":1,"check":{}}}"#),
            Err("status is not a status code".into())
        );
        assert_eq!(
            read(r#"{"status":"0","step":{"at":1}}"#),
            Err("the step makes no call".into())
        );
    }
}
