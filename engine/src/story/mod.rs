//! Guided stories for teaching: each workflow told moment by moment (the SMS arrives with
//! its PIN; nobody checks, so a call repeats it; the PIN dies, so the next call carries a
//! new one; the request expires), a story of an SMS that never arrives (a phone fault,
//! Part A8: Verify does not know, and its next event reaches the user), and a last story
//! comparing the workflows for kinds of user. Every time and every word about the rules
//! comes from the engine itself (its plan and what it delivers when the story's calls
//! run), never from hand-timed text that could drift from the rules.
//!
//! - [`workflows`]: one story per workflow.
//! - [`sms_lost`]: "When the SMS never arrives".
//! - [`comparison`]: the workflows side by side.

mod comparison;
mod sms_lost;
#[cfg(feature = "v2")]
pub mod v2;
mod v2_list;
mod workflows;

use crate::params::{Call, Endpoint};
use crate::time::Millis;
use crate::workflow::{Channel, Workflow};

use comparison::{comparison, comparison_title};
use workflows::{workflow_story, workflow_title};

pub use sms_lost::SMS_LOST;
pub use v2_list::{is_v2_story, V2_STORIES};

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
    /// Its name in the address (`workflow-1`, `sms-never-arrives`, `which-workflow`).
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

/// Every story: one per workflow, the lost SMS, then the comparison.
pub fn stories() -> Vec<Story> {
    let mut all: Vec<Story> = Workflow::ALL.into_iter().map(workflow_story).collect();
    all.push(sms_lost::story());
    all.push(comparison());
    all
}

/// The story with this key.
pub fn story(key: &str) -> Option<Story> {
    match key {
        COMPARISON => Some(comparison()),
        SMS_LOST => Some(sms_lost::story()),
        _ => {
            let index = KEYS.iter().position(|k| *k == key)?;
            Some(workflow_story(Workflow::ALL[index]))
        }
    }
}

/// Every story's key and title, without telling them (for a list of stories).
pub fn titles() -> Vec<(&'static str, String)> {
    let mut list: Vec<(&'static str, String)> = Workflow::ALL
        .into_iter()
        .map(|w| (KEYS[usize::from(w.id()) - 1], workflow_title(w)))
        .collect();
    list.push((SMS_LOST, sms_lost::title()));
    list.push((COMPARISON, comparison_title()));
    list
}

fn channel_name(channel: Channel) -> &'static str {
    match channel {
        Channel::Sms => "an SMS",
        Channel::Tts => "a voice call",
    }
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::workflow::Timings;

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
        assert_eq!(titles().len(), 9);
        assert_eq!(titles()[7].0, SMS_LOST);
        for (key, title) in titles() {
            assert_eq!(story(key).map(|s| s.title), Some(title), "{key}");
        }
        assert_eq!(
            titles()[2],
            ("workflow-3", "Workflow 3: call, then call".to_owned())
        );
        assert!(story("workflow-9").is_none());
    }
}
