//! Verify v2's stories (Part C): one per common channel sequence (sms -> voice, whatsapp
//! -> sms, silent_auth -> sms, email), "v1 or v2?" (workflow 1 beside sms -> voice ->
//! voice) and "what my webhook receives". As for v1's stories, every time, code, status
//! and JSON in a caption is read from the engine as the story's calls run (its answers,
//! deliveries, callbacks and the request's plan), never written by hand.
//!
//! - [`patterns`]: the four channel sequences and the webhook's story.
//! - [`compare`]: "v1 or v2?".
//!
//! Their keys and titles are in [`super::v2_list`], which the `#learn` index reads
//! without this feature.

mod compare;
mod patterns;

use serde_json::{Map, Value};

use super::{Moment, Story, STORY_SEED};
use crate::journal::SessionConfig;
use crate::time::{clock, Millis, SECOND};
use crate::v2::{CallbackBody, Channel, Code, Hop, Request, Status};
use crate::{Call, Engine, Happening, Response, Uuid, VerifyParams};

pub use compare::{side_by_side, Sent};

/// The story with this key (one of [`super::V2_STORIES`]), told with the default
/// channel timeout.
pub fn story(key: &str) -> Option<Story> {
    match key {
        patterns::SMS_VOICE => Some(patterns::sms_voice(180)),
        patterns::WHATSAPP_SMS => Some(patterns::whatsapp_sms(180)),
        patterns::SILENT_AUTH_SMS => Some(patterns::silent_auth_sms()),
        patterns::EMAIL => Some(patterns::email()),
        compare::V1_OR_V2 => Some(compare::v1_or_v2(180)),
        patterns::WEBHOOK => Some(patterns::webhook()),
        _ => None,
    }
}

/// Every v2 story, in the index's order.
pub fn stories() -> Vec<Story> {
    super::V2_STORIES
        .iter()
        .filter_map(|(key, _)| story(key))
        .collect()
}

/// A call of a story's script: the ones that name the request get its id when they run.
#[derive(Clone, Debug)]
pub(super) enum Act {
    /// `POST /v2/verify` with this body.
    Start(Value),
    /// Workflow `id` of v1, to this number.
    StartV1(String, crate::Workflow),
    /// `POST /v2/verify/{id}` with the request's own code.
    CheckRight,
    /// The device opens the silent_auth step's `check_url`.
    Hop,
    /// The phone answers the WhatsApp question: `yes` or `no`.
    Reply(&'static str),
}

/// What happened at one instant of a story: the calls made then and what came of them.
#[derive(Debug, Default)]
pub(super) struct Instant {
    /// When.
    pub at: Millis,
    /// The calls made, with their answers.
    pub calls: Vec<(Call, Response)>,
    /// What the engine did (its timers and the calls').
    pub happened: Vec<Happening>,
}

/// Plays `acts` (in time order) on a fresh story engine, then runs it to its end;
/// `tell` captions each instant (`None`: nothing worth a moment), reading the engine then. The
/// calls are kept with their times, so that a view replays the story exactly.
pub(super) fn play(
    acts: Vec<(Millis, Act)>,
    tell: &mut dyn FnMut(&Engine, &Instant) -> Option<String>,
) -> (Vec<(Millis, Call)>, Vec<Moment>) {
    let mut engine = SessionConfig::new(STORY_SEED).engine();
    let mut calls = Vec::new();
    let mut moments = Vec::new();
    let mut id: Option<Uuid> = None;
    let mut acts = acts.into_iter().peekable();
    loop {
        let due = engine.next_due();
        let act_at = acts.peek().map(|(at, _)| *at);
        let at = match (due, act_at) {
            (Some(d), Some(a)) => d.min(a),
            (Some(d), None) => d,
            (None, Some(a)) => a,
            (None, None) => break,
        };
        let mut instant = Instant {
            at,
            ..Instant::default()
        };
        engine.advance_to(at, &mut instant.happened);
        while acts.peek().is_some_and(|(a, _)| *a == at) {
            let Some((_, act)) = acts.next() else { break };
            let request = id.map(|id| id.to_string()).unwrap_or_default();
            let call = match act {
                Act::Start(body) => Call::Verify2(body),
                // Built directly, as `super::verify` would from pairs: the pairs' parser
                // (every endpoint's, v2's bodies too) would cost the v2 module kilobytes.
                Act::StartV1(number, workflow) => Call::Verify(VerifyParams {
                    number: Some(number),
                    brand: Some("Acme".to_owned()),
                    workflow_id: Some(workflow.id().to_string()),
                    ..VerifyParams::default()
                }),
                Act::CheckRight => {
                    let code = id
                        .and_then(|id| engine.v2_request(id))
                        .map(|r| r.code().to_string())
                        .unwrap_or_default();
                    Call::Check2 {
                        request_id: request,
                        body: object(&[("code", Value::from(code))]),
                    }
                }
                Act::Hop => Call::SilentAuth {
                    request_id: request,
                },
                Act::Reply(answer) => Call::Reply {
                    request_id: request,
                    answer: answer.to_owned(),
                },
            };
            let response = engine.call(&call, &mut instant.happened);
            if let Response::Verify2(Ok(started)) = &response {
                id = Some(started.request_id);
            }
            calls.push((at, call.clone()));
            instant.calls.push((call, response));
        }
        if let Some(caption) = tell(&engine, &instant) {
            moments.push(Moment { at, caption });
        }
    }
    (calls, moments)
}

/// A JSON object of these fields (built by hand: `json!` costs the v2 module code per
/// use).
fn object(fields: &[(&str, Value)]) -> Value {
    let mut map = Map::new();
    for (name, value) in fields {
        map.insert((*name).to_owned(), value.clone());
    }
    Value::Object(map)
}

/// A start body: brand Acme, a step per `(channel, to)`, this channel_timeout, and a
/// client_ref if given.
pub(super) fn start_body(steps: &[(&str, &str)], timeout: u32, client_ref: Option<&str>) -> Value {
    let workflow = steps
        .iter()
        .map(|(channel, to)| {
            object(&[("channel", Value::from(*channel)), ("to", Value::from(*to))])
        })
        .collect();
    let mut fields = vec![
        ("brand", Value::from("Acme")),
        ("workflow", Value::Array(workflow)),
        ("channel_timeout", Value::from(timeout)),
    ];
    if let Some(reference) = client_ref {
        fields.push(("client_ref", Value::from(reference)));
    }
    object(&fields)
}

/// What a channel sends, for captions (`SMS`, `voice call`).
pub(super) fn name(channel: Channel) -> &'static str {
    match channel {
        Channel::Sms => "SMS",
        Channel::Voice => "voice call",
        Channel::Whatsapp => "WhatsApp message",
        Channel::WhatsappInteractive => "WhatsApp question",
        Channel::Email => "email",
        Channel::Rcs => "RCS message",
        Channel::SilentAuth => "silent network check",
    }
}

/// How a channel reaches the user, for captions (`an SMS`, `a voice call`).
pub(super) fn reaches(channel: Channel) -> String {
    let name = name(channel);
    let article = if matches!(channel, Channel::Sms | Channel::Email | Channel::Rcs) {
        "an"
    } else {
        "a"
    };
    format!("{article} {name}")
}

/// Remembers what a story's v2 request delivered, to say "the same code" or not.
#[derive(Default)]
pub(super) struct Told {
    first: Option<(Channel, Code)>,
}

impl Told {
    /// The sentences for what the v2 calls answered and the v2 happenings of `instant`,
    /// then what the request's plan says comes next.
    pub(super) fn v2(&mut self, engine: &Engine, instant: &Instant, json: bool) -> String {
        let mut said: Vec<String> = Vec::new();
        let mut request: Option<&Request> = None;
        for (call, response) in &instant.calls {
            match response {
                Response::Verify2(Ok(started)) => {
                    request = engine.v2_request(started.request_id);
                    let workflow = request.map(workflow_names).unwrap_or_default();
                    let timeout = request.map_or(0, Request::channel_timeout);
                    said.push(format!(
                        "your backend POSTs /v2/verify with the workflow {workflow} and a \
                         channel_timeout of {timeout} s; the API answers 202 with the \
                         request_id{}.",
                        if started.check_url.is_some() {
                            " and a check_url for the device to open"
                        } else {
                            ""
                        }
                    ));
                }
                Response::Check2(Ok(_)) => {
                    if let Call::Check2 { body, .. } = call {
                        said.push(format!(
                            "your backend POSTs the code the user typed, {}: 200, status \
                             completed.",
                            body["code"].as_str().unwrap_or_default()
                        ));
                    }
                }
                Response::SilentAuth(Ok(Hop::Outcome { status, request_id })) => {
                    let to = engine
                        .v2_request(*request_id)
                        .and_then(|r| r.steps().first())
                        .map(|s| s.spec.to.as_str().to_owned())
                        .unwrap_or_default();
                    said.push(format!(
                        "the device opens check_url; the network cannot vouch for {to} (the \
                         sandbox answers {} for a number ending {}), so the step ends there.",
                        status.as_str(),
                        &to[to.len().saturating_sub(2)..]
                    ));
                }
                Response::SilentAuth(Ok(_)) => {
                    said.push("the device opens check_url and the network vouches for it.".into())
                }
                Response::Reply(Ok(())) => {
                    if let Call::Reply { answer, .. } = call {
                        said.push(format!("the user taps {}.", capitalised(answer)));
                    }
                }
                _ => {}
            }
        }
        for happening in &instant.happened {
            match happening {
                Happening::V2Delivered(d) => {
                    request = engine.v2_request(d.request_id).or(request);
                    said.push(self.delivered(d.channel, d.code.as_ref()));
                }
                Happening::Callback(c) => {
                    let (kind, status) = match &c.body {
                        CallbackBody::Event(e) => ("event", e.status.as_str()),
                        CallbackBody::Summary(s) => ("summary", s.status.as_str()),
                    };
                    let mut sentence =
                        format!("your webhook receives the {kind} callback, status {status}");
                    if json {
                        sentence.push_str(&format!(": {}", c.json()));
                    }
                    sentence.push('.');
                    said.push(sentence);
                }
                Happening::V2Ended { status, .. } if *status != Status::Completed => {
                    said.push(format!("the request ends {}.", status.as_str()));
                }
                _ => {}
            }
        }
        if let Some(plan) = request.filter(|r| r.status() == Status::InProgress) {
            said.push(next(plan));
        }
        said.iter()
            .map(|sentence| capitalised(sentence))
            .collect::<Vec<_>>()
            .join(" ")
    }

    fn delivered(&mut self, channel: Channel, code: Option<&Code>) -> String {
        let Some(code) = code else {
            return format!(
                "{} reaches the phone: no code, just Yes and No.",
                capitalised(&reaches(channel))
            );
        };
        let what = capitalised(&reaches(channel));
        match &self.first {
            None => {
                self.first = Some((channel, *code));
                format!("{what} brings the code {code}.")
            }
            Some((first, same)) if same == code => format!(
                "{what} brings the same code, {code}, as the {}: v2 makes one code per request.",
                name(*first)
            ),
            Some(_) => format!("{what} brings a new code, {code}."),
        }
    }
}

/// What the request's plan says comes next, unless the user acts first.
fn next(request: &Request) -> String {
    let plan = request.plan();
    match (plan.steps.first(), plan.steps.get(1)) {
        (Some((now, began)), Some((channel, at))) => format!(
            "If {} in this step's {} s, the next step, {}, starts at {}.",
            if now.carries_code() {
                "no right code comes"
            } else {
                "nothing settles it"
            },
            (at - began) / SECOND,
            reaches(*channel),
            clock(*at)
        ),
        _ => format!(
            "This is the last step: without a right code the request expires at {}.",
            clock(plan.end)
        ),
    }
}

/// `sms -> voice`: the request's channels in order.
pub(super) fn workflow_names(request: &Request) -> String {
    request
        .steps()
        .iter()
        .map(|s| s.spec.channel.as_str())
        .collect::<Vec<_>>()
        .join(" -> ")
}

fn capitalised(text: &str) -> String {
    let mut chars = text.chars();
    match chars.next() {
        // ASCII only (every sentence starts with an English word): Unicode's case tables
        // would cost the v2 module kilobytes.
        Some(first) => std::iter::once(first.to_ascii_uppercase())
            .chain(chars)
            .collect(),
        None => String::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_v2_story_is_listed_told_and_in_time_order() {
        assert_eq!(stories().len(), super::super::V2_STORIES.len());
        for (key, title) in super::super::V2_STORIES {
            let told = story(key).unwrap();
            assert_eq!(told.title, title);
            assert_eq!(told.key, key);
            assert!(told.moments.len() >= 2, "{key}");
            assert!(told.moments.windows(2).all(|w| w[0].at < w[1].at), "{key}");
            assert!(told.calls.windows(2).all(|w| w[0].0 <= w[1].0), "{key}");
        }
        assert!(story("v2-nothing").is_none());
    }

    #[test]
    fn a_start_body_is_the_json_a_backend_sends() {
        assert_eq!(
            start_body(&[("sms", "1"), ("voice", "1")], 120, Some("r")),
            serde_json::json!({
                "brand": "Acme",
                "workflow": [{ "channel": "sms", "to": "1" }, { "channel": "voice", "to": "1" }],
                "channel_timeout": 120,
                "client_ref": "r"
            })
        );
    }
}
