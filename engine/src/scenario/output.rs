//! The runner's output lines, and scenario lines written back out (for export).

use serde::Serialize;

use crate::params::{Call, Endpoint};
use crate::request::{Happening, RequestStatus};
use crate::response::{Body, Response};
use crate::time::{Millis, SECOND};

/// One line of a run's output: a call and its response, or something that happened.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum OutputLine {
    /// A call made at `at`.
    Call {
        /// When.
        at: Millis,
        /// The call, placeholders resolved.
        call: Box<Call>,
        /// Its answer.
        response: Response,
    },
    /// A delivery, a new PIN or a request ending.
    Happened(Happening),
}

/// `at` as the output writes it: whole seconds as an integer, otherwise a decimal.
#[derive(Clone, Copy, Debug)]
struct At(Millis);

impl Serialize for At {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        if self.0.is_multiple_of(SECOND) {
            s.serialize_u64(self.0 / SECOND)
        } else {
            s.serialize_f64(self.0 as f64 / SECOND as f64)
        }
    }
}

/// Seconds as scenarios write them: `125`, `12.5`.
pub fn format_at(at: Millis) -> String {
    serde_json::to_string(&At(at)).unwrap_or_default()
}

#[derive(Serialize)]
#[serde(untagged)]
enum Line<'a> {
    Call {
        at: At,
        call: &'static str,
        response: Body,
    },
    Delivery {
        at: At,
        event: &'static str,
        to: &'a str,
        request_id: String,
        event_id: String,
        text: String,
        /// A phone fault's mark (A9), the line's last key.
        #[serde(skip_serializing_if = "Option::is_none")]
        lost: Option<bool>,
        #[serde(skip_serializing_if = "Option::is_none")]
        delivered_at: Option<At>,
    },
    /// The network unblock: its HTTP status and body, as v2 calls are written.
    Http {
        at: At,
        call: &'static str,
        http: u16,
        response: Body,
    },
    Pin {
        at: At,
        event: &'static str,
        request_id: String,
    },
    Status {
        at: At,
        event: &'static str,
        request_id: String,
        status: RequestStatus,
    },
    /// v2 calls: the HTTP status, the body when there is one, the 302's `location`.
    #[cfg(feature = "v2")]
    Call2 {
        at: At,
        call: &'static str,
        http: u16,
        #[serde(skip_serializing_if = "Option::is_none")]
        response: Option<Body>,
        #[serde(skip_serializing_if = "Option::is_none")]
        location: Option<&'a str>,
    },
    /// v2 deliveries: no event_id; email adds its subject.
    #[cfg(feature = "v2")]
    Delivery2 {
        at: At,
        event: &'static str,
        to: &'a str,
        request_id: String,
        #[serde(skip_serializing_if = "Option::is_none")]
        subject: Option<String>,
        text: String,
        /// A phone fault's mark (A9), the line's last key.
        #[serde(skip_serializing_if = "Option::is_none")]
        lost: Option<bool>,
        #[serde(skip_serializing_if = "Option::is_none")]
        delivered_at: Option<At>,
    },
    /// v2 ends, in v2's words.
    #[cfg(feature = "v2")]
    Status2 {
        at: At,
        event: &'static str,
        request_id: String,
        status: &'static str,
    },
}

impl OutputLine {
    /// The line as JSON, without the newline.
    pub fn to_json(&self) -> String {
        let line = match self {
            #[cfg(feature = "v2")]
            OutputLine::Call { at, call, response } if call.endpoint().is_v2() => Line::Call2 {
                at: At(*at),
                call: call.endpoint().name(),
                http: response.http_status(),
                response: response.has_body().then(|| response.body(call)),
                location: response.location(),
            },
            // A fault step is written back as its object (A9: as given).
            OutputLine::Call { at, call, .. } if call.endpoint() == Endpoint::Fault => {
                return step_line(*at, call);
            }
            OutputLine::Call { at, call, response } if call.endpoint() == Endpoint::Unblock => {
                Line::Http {
                    at: At(*at),
                    call: call.endpoint().name(),
                    http: response.http_status(),
                    response: response.body(call),
                }
            }
            OutputLine::Call { at, call, response } => Line::Call {
                at: At(*at),
                call: call.endpoint().name(),
                response: response.body(call),
            },
            OutputLine::Happened(Happening::Delivered(d)) => Line::Delivery {
                at: At(d.at),
                event: d.channel.as_str(),
                to: &d.to,
                request_id: d.request_id.to_string(),
                event_id: d.event_id.to_string(),
                text: d.text(),
                lost: d.lost.then_some(true),
                delivered_at: d.delivered_at.map(At),
            },
            OutputLine::Happened(Happening::PinRegenerated { at, request_id }) => Line::Pin {
                at: At(*at),
                event: "pin",
                request_id: request_id.to_string(),
            },
            OutputLine::Happened(Happening::Ended {
                at,
                request_id,
                status,
            }) => Line::Status {
                at: At(*at),
                event: "status",
                request_id: request_id.to_string(),
                status: *status,
            },
            #[cfg(feature = "v2")]
            OutputLine::Happened(Happening::V2Delivered(d)) => Line::Delivery2 {
                at: At(d.at),
                event: d.channel.as_str(),
                to: d.to.as_str(),
                request_id: d.request_id.to_string(),
                subject: d.subject(),
                text: d.text(),
                lost: d.lost.then_some(true),
                delivered_at: d.delivered_at.map(At),
            },
            #[cfg(feature = "v2")]
            OutputLine::Happened(Happening::V2Ended {
                at,
                request_id,
                status,
            }) => Line::Status2 {
                at: At(*at),
                event: "status",
                request_id: request_id.to_string(),
                status: status.as_str(),
            },
            // The body is JSON already, written as the callback sends it.
            #[cfg(feature = "v2")]
            OutputLine::Happened(Happening::Callback(c)) => {
                return format!("{{\"at\":{},\"callback\":{}}}", format_at(c.at), c.json());
            }
        };
        // Only strings, numbers and plain structs: serializing cannot fail.
        serde_json::to_string(&line).unwrap_or_default()
    }
}

/// A scenario line that makes `call` at `at`: how the playground exports a session.
pub fn step_line(at: Millis, call: &Call) -> String {
    if let Some(body) = call.json_body() {
        return format!(
            "{{\"at\":{},\"{}\":{}}}",
            format_at(at),
            call.endpoint().name(),
            crate::json::write(&body)
        );
    }
    #[cfg(feature = "v2")]
    if let Some(fields) = call.v2_fields() {
        return format!(
            "{{\"at\":{},\"{}\":{}}}",
            format_at(at),
            call.endpoint().name(),
            crate::json::write(&serde_json::Value::Object(fields))
        );
    }
    let mut params = serde_json::Map::new();
    let mut ids = Vec::new();
    for (name, value) in call.pairs() {
        if name == "request_ids" {
            ids.push(serde_json::Value::from(value));
        } else {
            params.insert(name.to_owned(), value.into());
        }
    }
    if matches!(call, Call::Search(_)) && !ids.is_empty() {
        params.insert("request_ids".into(), ids.into());
    }
    format!(
        "{{\"at\":{},\"{}\":{}}}",
        format_at(at),
        call.endpoint().name(),
        crate::json::write(&serde_json::Value::Object(params))
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::params::Endpoint;

    #[test]
    fn at_is_an_integer_when_whole() {
        assert_eq!(format_at(125_000), "125");
        assert_eq!(format_at(12_500), "12.5");
        assert_eq!(format_at(1), "0.001");
        assert_eq!(format_at(1_926_950), "1926.95");
    }

    #[test]
    fn times_are_whole_milliseconds_with_at_most_three_decimals() {
        // Every millisecond of the first hour and a spread of later ones: printed with at
        // most three decimals, no trailing zero, and read back to the same millisecond.
        let later = (0..20_000u64).map(|i| i * 7_919_993 + 3);
        for at in (0..3_600_000u64).chain(later) {
            let text = format_at(at);
            if let Some((_, decimals)) = text.split_once('.') {
                assert!(
                    decimals.len() <= 3 && !decimals.ends_with('0'),
                    "{at}: {text}"
                );
            }
            let line = format!("{{\"at\": {text}}}");
            assert_eq!(super::super::parse(&line).unwrap()[0].at, at, "{text}");
        }
        let rounded = super::super::parse("{\"at\": 1926.9499999999998}").unwrap();
        assert_eq!(
            rounded[0].at, 1_926_950,
            "input rounds to the nearest millisecond"
        );
    }

    #[test]
    fn exported_steps_parse_back_to_the_same_call() {
        let call = Call::from_pairs(
            Endpoint::Search,
            [("request_ids", "a\"b"), ("request_ids", "c")],
        );
        let line = step_line(1500, &call);
        assert_eq!(line, r#"{"at":1.5,"search":{"request_ids":["a\"b","c"]}}"#);
        let steps = super::super::parse(&line).unwrap();
        let resolved = super::super::Placeholders::default()
            .resolve(&crate::Engine::new(0), steps[0].call.as_ref().unwrap())
            .unwrap();
        assert_eq!(resolved, call);
    }

    #[cfg(feature = "v2")]
    #[test]
    fn exported_v2_steps_parse_back_to_the_same_call() {
        let body = serde_json::json!({"brand": "A", "workflow": [{"channel": "sms", "to": "447700900001"}], "code_length": 6});
        for call in [
            Call::Verify2(body),
            Call::Check2 {
                request_id: "r".into(),
                body: serde_json::json!({"code": 12}),
            },
            Call::Check2 {
                request_id: "r".into(),
                body: serde_json::json!({}),
            },
            Call::Cancel2 {
                request_id: "r".into(),
            },
            Call::Next2 {
                request_id: "r".into(),
            },
            Call::SilentAuth {
                request_id: "r".into(),
            },
            Call::Reply {
                request_id: "r".into(),
                answer: "No".into(),
            },
        ] {
            let line = step_line(2000, &call);
            let steps = super::super::parse(&line).unwrap();
            let raw = steps[0].call.as_ref().unwrap();
            assert_eq!(raw.literal(), call, "{line}");
            let resolved = super::super::Placeholders::default()
                .resolve(&crate::Engine::new(0), raw)
                .unwrap();
            assert_eq!(resolved, call, "{line}");
        }
    }
}
