//! "When the SMS never arrives": workflow 1 to a phone whose SMS are lost (the phone
//! fault `sms-lost`, Part A8). Verify answers as usual and keeps its schedule, since it
//! does not know; the next event, a voice call, carries the same PIN, reaches the user,
//! and the user types that PIN. Every time comes from the engine's plan and what it
//! delivers; only the user's listening time is the story's own (the Reach lab's).

use super::{channel_name, verify, Moment, Story, STORY_SEED};
use crate::engine::Engine;
use crate::faults::{Fault, FaultSpec, FaultStep, PhoneFault};
use crate::lab::CALL_LISTEN_S;
use crate::params::{Call, Endpoint};
use crate::request::{Delivery, Happening};
use crate::response::Response;
use crate::time::{clock, Millis, SECOND};
use crate::workflow::{Channel, Plan, Timings, Workflow};

/// The story's key in the address (`#learn/sms-never-arrives`).
pub const SMS_LOST: &str = "sms-never-arrives";

/// The story's phone.
const NUMBER: &str = "447700900300";

/// How long the story's user takes from the call ringing to the code typed in: the Reach
/// lab's listening time (the call says the PIN twice).
const LISTEN: Millis = CALL_LISTEN_S as Millis * SECOND;

/// Its title.
pub(super) fn title() -> String {
    "When the SMS never arrives".to_owned()
}

/// The story, told by running its calls on an engine.
pub(super) fn story() -> Story {
    let workflow = Workflow::ALL[0];
    let timings = Timings::new(workflow, None, None);
    let plan = timings.plan(0);
    let fault = Call::Fault(FaultStep::Set(FaultSpec {
        fault: Fault::Phone(PhoneFault::SmsLost),
        number: Some(NUMBER.to_owned()),
        times: None,
        network: None,
    }));
    let request = verify(NUMBER, workflow);
    let mut engine = Engine::new(STORY_SEED);
    let mut happened = Vec::new();
    engine.call(&fault, &mut happened);
    engine.call(&request, &mut happened);
    let mut moments = Vec::new();
    let mut previous = None;
    if let Some(sms) = delivered(&happened) {
        moments.push(Moment {
            at: 0,
            caption: first_caption(sms, &engine, &plan),
        });
        previous = Some(sms.at);
    }
    // The events that follow, up to the first one that reaches the user.
    let mut reached = None;
    while let (None, Some(at)) = (&reached, engine.next_due()) {
        happened.clear();
        engine.advance_to(at, &mut happened);
        let Some(delivery) = delivered(&happened) else {
            continue;
        };
        let new_pin = happened
            .iter()
            .any(|h| matches!(h, Happening::PinRegenerated { .. }));
        moments.push(Moment {
            at,
            caption: event_caption(delivery, &engine, previous, new_pin),
        });
        previous = Some(at);
        if !delivery.lost {
            reached = Some(delivery.clone());
        }
    }
    let mut calls = vec![(0, fault), (0, request)];
    if let (Some(delivery), Some(request_id)) = (reached, engine.requests().first().map(|r| r.id()))
    {
        let at = delivery.at + LISTEN;
        happened.clear();
        engine.advance_to(at, &mut happened);
        let id = request_id.to_string();
        let pin = delivery.pin.to_string();
        let check = Call::from_pairs(
            Endpoint::Check,
            [("request_id", id.as_str()), ("code", pin.as_str())],
        );
        let response = engine.call(&check, &mut happened);
        moments.push(Moment {
            at,
            caption: check_caption(&delivery, &engine, &response),
        });
        calls.push((at, check));
    }
    Story {
        key: SMS_LOST,
        title: title(),
        intro: format!(
            "Workflow {} ({}) to a phone whose SMS never arrive: its Signal is \"SMS lost\". \
             Watch what Verify does when the user gets nothing, and which event reaches them \
             instead.",
            workflow.id(),
            timings.describe()
        ),
        calls,
        moments,
    }
}

/// The first delivery among `happened`.
fn delivered(happened: &[Happening]) -> Option<&Delivery> {
    happened.iter().find_map(|h| match h {
        Happening::Delivered(d) => Some(d),
        _ => None,
    })
}

/// When the request's current PIN dies, as a clock.
fn pin_dies(engine: &Engine) -> String {
    engine
        .requests()
        .first()
        .map_or_else(String::new, |r| clock(r.pin_dies()))
}

/// The request and its SMS that never arrives; what Verify plans next.
fn first_caption(sms: &Delivery, engine: &Engine, plan: &Plan) -> String {
    let next = plan.events.iter().find(|e| e.at > sms.at).map_or_else(
        || format!("the request's end at {}", clock(plan.end)),
        |e| format!("{} at {}", channel_name(e.channel), clock(e.at)),
    );
    let fate = if sms.lost {
        "but it never reaches the phone"
    } else {
        "and it reaches the phone"
    };
    format!(
        "{}: the phone's Signal is \"SMS lost\" (the phone fault sms-lost on its number), and \
         your backend calls /verify/json. The API answers status 0 and sends {} at once, with \
         PIN {}, alive until {}, {fate}. Verify does not know: its answer and its schedule \
         stay as they are, and its next event is {next}.",
        clock(sms.at),
        channel_name(sms.channel),
        sms.pin,
        pin_dies(engine)
    )
}

/// An event of the schedule: lost again, or the one that reaches the user.
fn event_caption(
    delivery: &Delivery,
    engine: &Engine,
    previous: Option<Millis>,
    new_pin: bool,
) -> String {
    let since = previous.map_or(delivery.at, |p| delivery.at - p) / SECOND;
    let pin = if new_pin { "a new PIN" } else { "the same PIN" };
    let fate = match (delivery.lost, delivery.channel) {
        (true, _) => "It never reaches the phone either.".to_owned(),
        (false, Channel::Tts) => format!(
            "This one reaches the user: the call reads out PIN {}, {}.",
            delivery.pin,
            if new_pin {
                "a new one, since the lost SMS's PIN had died"
            } else {
                "the one the lost SMS carried"
            }
        ),
        (false, Channel::Sms) => "This one reaches the phone.".to_owned(),
    };
    format!(
        "{}: {since} s after the last event and still no right code, so the next event runs: \
         {} with {pin}, {}, alive until {}. {fate}",
        clock(delivery.at),
        channel_name(delivery.channel),
        delivery.pin,
        pin_dies(engine)
    )
}

/// The user types the PIN the call gave.
fn check_caption(heard: &Delivery, engine: &Engine, response: &Response) -> String {
    let at = engine.now();
    let listened = (at - heard.at) / SECOND;
    let status = engine
        .requests()
        .first()
        .map_or("", |r| r.status().as_str());
    match response {
        Response::Check(Ok(verified)) => format!(
            "{}: {listened} s after the call rang, the user types the PIN it read out: \
             /verify/check/json answers status 0 and the request ends {status}. The call \
             rescued the verification and nothing more is sent; the lost SMS was sent all the \
             same and is in the price ({} EUR for the SMS and the call, the check's \
             estimated_price_messages_sent).",
            clock(at),
            verified.messages_price
        ),
        other => format!(
            "{}: {listened} s after the call rang, the user types the PIN it read out: \
             /verify/check/json answers status {}.",
            clock(at),
            other.status()
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_call_carries_the_lost_sms_pin_and_the_user_checks_it() {
        let told = story();
        assert_eq!(told.key, SMS_LOST);
        let times: Vec<Millis> = told.moments.iter().map(|m| m.at).collect();
        let plan = Timings::new(Workflow::ALL[0], None, None).plan(0);
        let call = plan.events[1];
        assert_eq!(call.channel, Channel::Tts);
        assert!(!call.new_pin, "workflow 1's call at 125 s repeats the PIN");
        assert_eq!(times, [0, call.at, call.at + LISTEN]);
        assert_eq!(times, [0, 125 * SECOND, 137 * SECOND], "A1's workflow 1");
        let captions: Vec<&str> = told.moments.iter().map(|m| m.caption.as_str()).collect();
        let pin = captions[0]
            .split("with PIN ")
            .nth(1)
            .and_then(|rest| rest.get(..4))
            .unwrap();
        assert!(pin.bytes().all(|b| b.is_ascii_digit()), "{}", captions[0]);
        assert!(captions[0].starts_with("0:00: the phone's Signal is \"SMS lost\""));
        assert!(captions[0].contains("alive until 5:00, but it never reaches the phone"));
        assert!(captions[0].ends_with("its next event is a voice call at 2:05."));
        assert!(captions[1].starts_with(&format!(
            "2:05: 125 s after the last event and still no right code, so the next event \
             runs: a voice call with the same PIN, {pin}, alive until 5:00. This one reaches \
             the user: the call reads out PIN {pin}, the one the lost SMS carried."
        )));
        assert!(captions[2].starts_with("2:17: 12 s after the call rang"));
        assert!(captions[2].contains("answers status 0 and the request ends SUCCESS"));
        // The SMS and the call are both charged: Verify sent the lost SMS all the same.
        let charged = crate::price::MessagesPrice::sum([Channel::Sms, Channel::Tts]);
        assert!(
            captions[2].contains(&format!("({charged} EUR")),
            "{}",
            captions[2]
        );
    }

    #[test]
    fn its_calls_replay_to_the_told_story() {
        let told = story();
        assert_eq!(told.calls.len(), 3);
        assert!(matches!(told.calls[0].1, Call::Fault(FaultStep::Set(_))));
        // Replayed on a fresh engine, the calls give the same lost SMS, call and success.
        let mut engine = Engine::new(STORY_SEED);
        let mut happened = Vec::new();
        let mut answers = Vec::new();
        for (at, call) in &told.calls {
            engine.advance_to(*at, &mut happened);
            answers.push(engine.call(call, &mut happened).status());
        }
        assert_eq!(answers, [0, 0, 0]);
        let deliveries: Vec<(Millis, Channel, bool)> = happened
            .iter()
            .filter_map(|h| match h {
                Happening::Delivered(d) => Some((d.at, d.channel, d.lost)),
                _ => None,
            })
            .collect();
        assert_eq!(
            deliveries,
            [(0, Channel::Sms, true), (125 * SECOND, Channel::Tts, false)]
        );
        assert_eq!(
            engine.requests()[0].status().as_str(),
            "SUCCESS",
            "the PIN from the call verifies"
        );
    }

    #[test]
    fn its_scenario_text_runs_as_told() {
        // The playground and verify-sim take the story as scenario lines.
        let told = story();
        let text: Vec<String> = told
            .calls
            .iter()
            .map(|(at, call)| crate::scenario::step_line(*at, call))
            .collect();
        assert!(text[0].contains(r#""fault":{"fault":"sms-lost","number":"447700900300"}"#));
        let mut out = Vec::new();
        crate::scenario::run(
            text.join("\n").as_bytes(),
            Engine::new(STORY_SEED),
            &mut out,
        )
        .unwrap();
        let out = String::from_utf8(out).unwrap();
        let lost: Vec<&str> = out
            .lines()
            .filter(|l| l.contains(r#""lost":true"#))
            .collect();
        assert_eq!(lost.len(), 1, "{out}");
        assert!(lost[0].starts_with(r#"{"at":0,"event":"sms""#), "{out}");
        assert!(out.contains(r#"{"at":125,"event":"tts""#), "{out}");
        assert!(out.contains(r#""at":137,"event":"status","#), "{out}");
        assert!(out.contains(r#""status":"SUCCESS"}"#), "{out}");
    }

    #[test]
    fn it_is_listed_and_found_by_its_key() {
        assert_eq!(super::super::story(SMS_LOST), Some(story()));
        assert!(super::super::titles()
            .iter()
            .any(|(key, title)| *key == SMS_LOST && title == "When the SMS never arrives"));
    }
}
