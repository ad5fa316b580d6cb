//! The test double: an engine, what it made happen, and short ways to call and read it.

use serde_json::{json, Value};
use verify_engine::v2::Status;
use verify_engine::{Call, Engine, Happening, Response, Uuid, SECOND};

pub struct Sim {
    pub engine: Engine,
    pub happened: Vec<Happening>,
}

impl Sim {
    pub fn new() -> Sim {
        Sim {
            engine: Engine::new(21),
            happened: Vec::new(),
        }
    }

    pub fn at(&mut self, seconds: u64) -> &mut Sim {
        self.engine.advance_to(seconds * SECOND, &mut self.happened);
        self
    }

    pub fn call(&mut self, call: &Call) -> Response {
        self.engine.call(call, &mut self.happened)
    }

    /// The HTTP status and the body exactly as sent, the problem's `instance` (checked to
    /// be a v4 UUID) written `<uuid>`.
    pub fn answer(&mut self, call: Call) -> (u16, Option<String>) {
        let response = self.call(&call);
        let body = response.json(&call).map(|text| {
            let value: Value = serde_json::from_str(&text).expect("JSON");
            match value.get("instance").and_then(Value::as_str) {
                Some(instance) => {
                    let uuid = Uuid::parse(instance).expect("a lowercase dashed UUID");
                    assert_eq!(&instance[14..15], "4", "version 4: {instance}");
                    assert_eq!(uuid.to_string(), instance);
                    text_replace(&text)
                }
                None => text,
            }
        });
        (response.http_status(), body)
    }

    pub fn start(&mut self, body: Value) -> String {
        match self.call(&Call::Verify2(body)) {
            Response::Verify2(Ok(started)) => started.request_id.to_string(),
            other => panic!("not started: {other:?}"),
        }
    }

    pub fn code(&self, id: &str) -> String {
        let id = Uuid::parse(id).expect("an id");
        self.engine
            .v2_request(id)
            .expect("known")
            .code()
            .to_string()
    }

    pub fn status(&self, id: &str) -> Status {
        let id = Uuid::parse(id).expect("an id");
        self.engine.v2_request(id).expect("known").status()
    }

    /// What happened since the last look, as short lines: `at channel to text`,
    /// `at status word`, `at callback {json}`.
    pub fn drain(&mut self) -> Vec<String> {
        self.happened
            .drain(..)
            .map(|h| match h {
                Happening::V2Delivered(d) => format!(
                    "{} {} {} {}",
                    d.at / SECOND,
                    d.channel.as_str(),
                    d.to.as_str(),
                    d.text()
                ),
                Happening::V2Ended { at, status, .. } => {
                    format!("{} status {}", at / SECOND, status.as_str())
                }
                Happening::Callback(c) => format!("{} callback {}", c.at / SECOND, c.json()),
                Happening::Ended { at, status, .. } => {
                    format!("{} v1 status {}", at / SECOND, status.as_str())
                }
                Happening::Delivered(d) => format!("{} v1 {}", d.at / SECOND, d.channel.as_str()),
                Happening::PinRegenerated { at, .. } => format!("{} v1 pin", at / SECOND),
            })
            .collect()
    }
}

/// Replaces the `instance` value in a serialized problem by `<uuid>`.
pub fn text_replace(text: &str) -> String {
    let start = text.find("\"instance\":\"").expect("an instance") + 12;
    format!("{}<uuid>{}", &text[..start], &text[start + 36..])
}

pub fn check(id: &str, code: Value) -> Call {
    Call::Check2 {
        request_id: id.to_owned(),
        body: json!({ "code": code }),
    }
}

pub fn sms(to: &str) -> Value {
    json!({"channel": "sms", "to": to})
}

pub const INVALID: &str = r#"{"type":"https://www.nexmo.com/messages/Errors#InvalidParams","title":"Invalid params","detail":"The value of one or more parameters is invalid","instance":"<uuid>","invalid_parameters":"#;

/// The `invalid_parameters` of a start body, as `name: reason` lines.
pub fn invalid(body: Value) -> Vec<String> {
    let mut sim = Sim::new();
    let (http, text) = sim.answer(Call::Verify2(body));
    assert_eq!(http, 422);
    let text = text.expect("a body");
    assert!(text.starts_with(INVALID), "{text}");
    let value: Value = serde_json::from_str(&text).unwrap();
    assert!(sim.engine.v2_requests().is_empty(), "nothing is created");
    value["invalid_parameters"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| {
            format!(
                "{}: {}",
                p["name"].as_str().unwrap(),
                p["reason"].as_str().unwrap()
            )
        })
        .collect()
}
