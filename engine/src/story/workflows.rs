//! One story per workflow: the request from its start to its end, nobody checking a
//! code, each moment captioned from what the engine delivered and its timings.

use super::{channel_name, verify, Moment, Story, KEYS, STORY_SEED};
use crate::engine::Engine;
use crate::request::{Happening, Request};
use crate::time::{clock, Millis, SECOND};
use crate::workflow::{Channel, Timings, Workflow};

pub(super) fn workflow_title(workflow: Workflow) -> String {
    let names: Vec<&str> = workflow
        .channels()
        .iter()
        .map(|c| match c {
            Channel::Sms => "SMS",
            Channel::Tts => "call",
        })
        .collect();
    format!("Workflow {}: {}", workflow.id(), names.join(", then "))
}

/// One workflow from the request to its end, nobody checking a code.
pub(super) fn workflow_story(workflow: Workflow) -> Story {
    let number = format!("4477009001{:02}", workflow.id());
    let call = verify(&number, workflow);
    let timings = Timings::new(workflow, None, None);
    let mut engine = Engine::new(STORY_SEED);
    let mut happened = Vec::new();
    engine.call(&call, &mut happened);
    let mut moments = Vec::new();
    let mut previous_event: Option<Millis> = None;
    let moment = |engine: &Engine, happened: &[Happening], previous: &mut Option<Millis>| {
        let request = &engine.requests()[0];
        let at = engine.now();
        let caption = caption(request, &timings, at, happened, *previous);
        if happened
            .iter()
            .any(|h| matches!(h, Happening::Delivered(_)))
        {
            *previous = Some(at);
        }
        Moment { at, caption }
    };
    moments.push(moment(&engine, &happened, &mut previous_event));
    while let Some(at) = engine.next_due() {
        happened.clear();
        engine.advance_to(at, &mut happened);
        moments.push(moment(&engine, &happened, &mut previous_event));
    }
    Story {
        key: KEYS[usize::from(workflow.id()) - 1],
        title: workflow_title(workflow),
        intro: format!(
            "Your backend asks for workflow {} ({}) and then nobody types a code: watch each \
             event the API runs, when each PIN lives and dies, and when the request ends.",
            workflow.id(),
            timings.describe()
        ),
        calls: vec![(0, call)],
        moments,
    }
}

/// What happened to the story's request at `at`, and why, from what the engine did.
fn caption(
    request: &Request,
    timings: &Timings,
    at: Millis,
    happened: &[Happening],
    previous_event: Option<Millis>,
) -> String {
    let lifetime = timings.pin_expiry;
    let delivered = happened.iter().find_map(|h| match h {
        Happening::Delivered(d) => Some(d),
        _ => None,
    });
    let new_pin = happened
        .iter()
        .any(|h| matches!(h, Happening::PinRegenerated { .. }));
    let ended = happened.iter().find_map(|h| match h {
        Happening::Ended { status, .. } => Some(*status),
        _ => None,
    });
    if let Some(d) = delivered {
        let what = channel_name(d.channel);
        let dies = clock(request.pin_dies());
        return match previous_event {
            None => format!(
                "{}: your backend calls /verify/json. The API sends {what} at once, with PIN {}. \
                 A PIN lives {lifetime} s: this one until {dies}.",
                clock(at),
                d.pin
            ),
            Some(before) if new_pin => format!(
                "{}: {} s after the last event, still no right code, so the next event runs: \
                 {what}. The PIN had died, so this one carries a new PIN, {}, alive until \
                 {dies}, with three fresh tries.",
                clock(at),
                (at - before) / SECOND,
                d.pin
            ),
            Some(before) => format!(
                "{}: {} s after the last event and still no right code, so the next event \
                 runs: {what} with the same PIN, {}, alive until {dies}.",
                clock(at),
                (at - before) / SECOND,
                d.pin
            ),
        };
    }
    if let Some(status) = ended {
        let last = previous_event.unwrap_or(0);
        return format!(
            "{}: {} s after the last event, the request ends {}: nothing more is sent, and a \
             check now answers status 6.",
            clock(at),
            (at - last) / SECOND,
            status.as_str()
        );
    }
    format!(
        "{}: PIN {} dies, {lifetime} s after it was made. A check with it now counts as a \
         wrong code; the next event, if any, will bring a new PIN.",
        clock(at),
        request.current_pin()
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::story::story;

    #[test]
    fn workflow_1_is_told_as_the_rules_say() {
        let story = story("workflow-1").unwrap();
        let times: Vec<u64> = story.moments.iter().map(|m| m.at / SECOND).collect();
        assert_eq!(times, [0, 125, 300, 305, 605]);
        let captions: Vec<&str> = story.moments.iter().map(|m| m.caption.as_str()).collect();
        assert!(captions[0].starts_with(
            "0:00: your backend calls /verify/json. The API sends an SMS at once, with PIN "
        ));
        assert!(captions[0].ends_with("A PIN lives 300 s: this one until 5:00."));
        assert!(captions[1].contains("125 s after the last event"));
        assert!(captions[1].contains("a voice call with the same PIN"));
        assert!(captions[2].starts_with("5:00: PIN "));
        assert!(captions[3].contains("180 s after the last event"));
        assert!(captions[3].contains("carries a new PIN"));
        assert!(captions[3].contains("alive until 10:05"));
        assert!(
            captions[4].starts_with("10:05: 300 s after the last event, the request ends EXPIRED")
        );
    }
}
