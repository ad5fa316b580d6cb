//! The last story: the seven workflows side by side for kinds of user, read from their
//! plans.

use super::{verify, Moment, Story, COMPARISON};
use crate::params::Call;
use crate::time::{clock, Millis};
use crate::workflow::{Channel, Timings, Workflow};

pub(super) fn comparison_title() -> String {
    "Which workflow for whom?".to_owned()
}

/// The seven workflows side by side, for kinds of user, from their plans.
pub(super) fn comparison() -> Story {
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
