//! Guided stories for teaching: each workflow told moment by moment (the SMS arrives with
//! its PIN; nobody checks, so a call repeats it; the PIN dies, so the next call carries a
//! new one; the request expires), and a last story comparing the workflows for kinds of
//! user. Every time and every word about the rules comes from the engine itself (its plan
//! and what it delivers when the story's calls run), never from hand-timed text that could
//! drift from the rules.

use crate::engine::Engine;
use crate::params::{Call, Endpoint};
use crate::request::{Happening, Request};
use crate::time::{clock, Millis, SECOND};
use crate::workflow::{Channel, Timings, Workflow};

/// The seed stories run with: the same PINs every time a story is told, and the seed the
/// playground imports scenarios with (and `verify-sim` defaults to), so a story replays
/// there as it was told.
pub const STORY_SEED: u64 = 0;

/// One moment of a story and what it teaches.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Moment {
    /// When (simulated time).
    pub at: Millis,
    /// What happens then, and why.
    pub caption: String,
}

/// A story: the calls that play it and its moments.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Story {
    /// Its name in the address (`workflow-1`, `which-workflow`).
    pub key: &'static str,
    /// Its title.
    pub title: String,
    /// What it is about, in a sentence or two.
    pub intro: String,
    /// The calls that play it, with their times.
    pub calls: Vec<(Millis, Call)>,
    /// Its moments, in time order.
    pub moments: Vec<Moment>,
}

const KEYS: [&str; 7] = [
    "workflow-1",
    "workflow-2",
    "workflow-3",
    "workflow-4",
    "workflow-5",
    "workflow-6",
    "workflow-7",
];

/// The key of the story that compares the workflows.
pub const COMPARISON: &str = "which-workflow";

/// Every story: one per workflow, then the comparison.
pub fn stories() -> Vec<Story> {
    let mut all: Vec<Story> = Workflow::ALL.into_iter().map(workflow_story).collect();
    all.push(comparison());
    all
}

/// The story with this key.
pub fn story(key: &str) -> Option<Story> {
    if key == COMPARISON {
        return Some(comparison());
    }
    let index = KEYS.iter().position(|k| *k == key)?;
    Some(workflow_story(Workflow::ALL[index]))
}

/// Every story's key and title, without telling them (for a list of stories).
pub fn titles() -> Vec<(&'static str, String)> {
    let mut list: Vec<(&'static str, String)> = Workflow::ALL
        .into_iter()
        .map(|w| (KEYS[usize::from(w.id()) - 1], workflow_title(w)))
        .collect();
    list.push((COMPARISON, comparison_title()));
    list
}

fn channel_name(channel: Channel) -> &'static str {
    match channel {
        Channel::Sms => "an SMS",
        Channel::Tts => "a voice call",
    }
}

fn workflow_title(workflow: Workflow) -> String {
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

fn verify(number: &str, workflow: Workflow) -> Call {
    let id = workflow.id().to_string();
    Call::from_pairs(
        Endpoint::Verify,
        [
            ("number", number),
            ("brand", "Acme"),
            ("workflow_id", id.as_str()),
        ],
    )
}

/// One workflow from the request to its end, nobody checking a code.
fn workflow_story(workflow: Workflow) -> Story {
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

fn comparison_title() -> String {
    "Which workflow for whom?".to_owned()
}

/// The seven workflows side by side, for kinds of user, from their plans.
fn comparison() -> Story {
    let plans: Vec<(Workflow, crate::workflow::Plan)> = Workflow::ALL
        .into_iter()
        .map(|w| (w, Timings::new(w, None, None).plan(0)))
        .collect();
    let calls: Vec<(Millis, Call)> = Workflow::ALL
        .into_iter()
        .map(|w| (0, verify(&format!("4477009002{:02}", w.id()), w)))
        .collect();
    let first = |channel: Channel| -> Vec<(u8, Option<Millis>)> {
        plans
            .iter()
            .map(|(w, plan)| {
                let at = plan
                    .events
                    .iter()
                    .find(|e| e.channel == channel)
                    .map(|e| e.at);
                (w.id(), at)
            })
            .collect()
    };
    let list = |items: Vec<String>| items.join(", ");
    let sms_now: Vec<String> = first(Channel::Sms)
        .into_iter()
        .filter(|(_, at)| *at == Some(0))
        .map(|(id, _)| id.to_string())
        .collect();
    let calls_first: Vec<String> = first(Channel::Tts)
        .into_iter()
        .filter(|(_, at)| *at == Some(0))
        .map(|(id, _)| id.to_string())
        .collect();
    let call_times: Vec<String> = first(Channel::Tts)
        .into_iter()
        .map(|(id, at)| match at {
            Some(at) => format!("{id} at {}", clock(at)),
            None => format!("{id} never"),
        })
        .collect();
    let sms_counts: Vec<String> = plans
        .iter()
        .map(|(w, plan)| {
            let sms = plan
                .events
                .iter()
                .filter(|e| e.channel == Channel::Sms)
                .count();
            format!("{} sends {sms}", w.id())
        })
        .collect();
    let ends: Vec<String> = plans
        .iter()
        .map(|(w, plan)| format!("{} at {}", w.id(), clock(plan.end)))
        .collect();
    let mut end_times: Vec<Millis> = plans.iter().map(|(_, p)| p.end).collect();
    end_times.sort_unstable();
    let first_call = plans
        .iter()
        .flat_map(|(_, p)| p.events.iter())
        .filter(|e| e.channel == Channel::Tts && e.at > 0)
        .map(|e| e.at)
        .min()
        .unwrap_or(0);
    let moments = vec![
        Moment {
            at: 0,
            caption: format!(
                "0:00: seven requests, one per workflow, to seven phones. A user who reads SMS \
                 at once is verified now by workflows {} (they start with an SMS); with {} the \
                 user waits for the phone to ring.",
                list(sms_now),
                list(calls_first)
            ),
        },
        Moment {
            at: first_call,
            caption: format!(
                "{}: a user whose phone cannot get SMS (a landline) needs a call. The first \
                 call comes for workflow {}. Workflows without a call can never verify this \
                 user.",
                clock(first_call),
                list(call_times)
            ),
        },
        Moment {
            at: end_times[end_times.len() - 1],
            caption: format!(
                "{}: a user who never answers calls gets SMS only: workflow {} SMS. A slow \
                 user has until each request ends: workflow {}. Which is best depends on your \
                 users: the Reach lab compares the workflows on a whole population.",
                clock(end_times[end_times.len() - 1]),
                list(sms_counts),
                list(ends)
            ),
        },
    ];
    Story {
        key: COMPARISON,
        title: comparison_title(),
        intro: "The same question, seven answers: who does each workflow reach, how fast, and \
                with how many messages? Each moment reads the workflows' own schedules."
            .to_owned(),
        calls,
        moments,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

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

    #[test]
    fn every_story_follows_its_workflows_plan() {
        for story in stories() {
            assert!(!story.moments.is_empty(), "{}", story.key);
            assert!(story.moments.windows(2).all(|w| w[0].at <= w[1].at));
        }
        for workflow in Workflow::ALL {
            let plan = Timings::new(workflow, None, None).plan(0);
            let told = workflow_story(workflow);
            assert_eq!(
                told.moments.last().unwrap().at,
                plan.end,
                "workflow {}",
                workflow.id()
            );
            for event in &plan.events {
                assert!(told.moments.iter().any(|m| m.at == event.at));
            }
        }
        assert_eq!(titles().len(), 8);
        assert_eq!(
            titles()[2],
            ("workflow-3", "Workflow 3: call, then call".to_owned())
        );
        assert!(story("workflow-9").is_none());
    }

    #[test]
    fn the_comparison_reads_the_plans() {
        let story = comparison();
        assert_eq!(story.calls.len(), 7);
        assert!(story.moments[0].caption.contains("workflows 1, 2, 4, 5, 6"));
        assert!(story.moments[0].caption.contains("with 3, 7 the"));
        assert!(story.moments[1].caption.contains("4 never"));
        assert!(story.moments[1].caption.contains("1 at 2:05"));
        assert!(story.moments[2].caption.contains("2 sends 2"));
        assert!(story.moments[2].caption.contains("1 at 10:05"));
    }
}
