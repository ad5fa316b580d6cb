//! The seven workflows, their waits, and how custom timings change them (Part A1).

use std::fmt;

use serde::Serialize;

use crate::time::{Millis, SECOND};

/// How a PIN reaches the phone.
#[derive(Clone, Copy, PartialEq, Eq, Hash, Debug, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Channel {
    /// A text message.
    Sms,
    /// A text-to-speech phone call.
    Tts,
}

impl Channel {
    /// The word the search endpoint uses (`sms`, `tts`).
    pub fn as_str(self) -> &'static str {
        match self {
            Channel::Sms => "sms",
            Channel::Tts => "tts",
        }
    }

    /// The name people use for it (`SMS`, `TTS`).
    pub fn label(self) -> &'static str {
        match self {
            Channel::Sms => "SMS",
            Channel::Tts => "TTS",
        }
    }
}

/// A `workflow_id`: which channels are tried, in which order, with which default waits.
#[derive(Clone, Copy, PartialEq, Eq, Hash, Debug)]
pub struct Workflow(u8);

/// The default PIN lifetime in seconds.
pub const DEFAULT_PIN_EXPIRY: u32 = 300;

const SMS: Channel = Channel::Sms;
const TTS: Channel = Channel::Tts;

impl Workflow {
    /// All seven workflows, in id order.
    pub const ALL: [Workflow; 7] = [
        Workflow(1),
        Workflow(2),
        Workflow(3),
        Workflow(4),
        Workflow(5),
        Workflow(6),
        Workflow(7),
    ];

    /// Workflow 1, used when `workflow_id` is not given.
    pub const DEFAULT: Workflow = Workflow(1);

    /// The workflow with this id, if there is one.
    pub fn from_id(id: u8) -> Option<Workflow> {
        (1..=7).contains(&id).then_some(Workflow(id))
    }

    /// The `workflow_id`.
    pub fn id(self) -> u8 {
        self.0
    }

    /// The channels tried, one per event.
    pub fn channels(self) -> &'static [Channel] {
        match self.0 {
            1 => &[SMS, TTS, TTS],
            2 => &[SMS, SMS, TTS],
            3 => &[TTS, TTS],
            4 => &[SMS, SMS],
            5 => &[SMS, TTS],
            6 => &[SMS],
            _ => &[TTS],
        }
    }

    /// The seed's default wait after each event, in seconds; `None` for workflows 6 and 7,
    /// whose only wait is the PIN's lifetime.
    fn default_waits(self) -> Option<&'static [u32]> {
        match self.0 {
            1 | 2 => Some(&[125, 180, 300]),
            3 => Some(&[150, 150]),
            4 => Some(&[120, 180]),
            5 => Some(&[125, 300]),
            _ => None,
        }
    }
}

impl fmt::Display for Workflow {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let names: Vec<&str> = self.channels().iter().map(|c| c.label()).collect();
        write!(f, "{}", names.join(" -> "))
    }
}

/// The timings a request really runs with, after the API's defaults and silent fixes.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub struct Timings {
    /// The workflow whose channels are tried.
    pub workflow: Workflow,
    /// Seconds waited after each event (the last one leads to expiry).
    waits: [u32; 3],
    /// Seconds a PIN lives from its generation.
    pub pin_expiry: u32,
    /// The `pin_expiry` asked for, when the API replaced it because it was not a multiple
    /// of `next_event_wait`: the playground explains this, the real API says nothing.
    pub pin_expiry_replaced: Option<u32>,
}

impl Timings {
    /// Applies Part A1: `next_event_wait` replaces every wait of workflows 1-5, and a
    /// `pin_expiry` that is not a multiple of it silently becomes it.
    pub fn new(
        workflow: Workflow,
        next_event_wait: Option<u32>,
        pin_expiry: Option<u32>,
    ) -> Timings {
        let mut pin = pin_expiry.unwrap_or(DEFAULT_PIN_EXPIRY);
        let mut replaced = None;
        if let (Some(wait), Some(asked)) = (next_event_wait, pin_expiry) {
            if asked % wait != 0 {
                pin = wait;
                replaced = Some(asked);
            }
        }
        let mut waits = [0; 3];
        let count = workflow.channels().len();
        match (workflow.default_waits(), next_event_wait) {
            (Some(_), Some(wait)) => waits[..count].fill(wait),
            (Some(defaults), None) => waits[..count].copy_from_slice(defaults),
            (None, _) => waits[..count].fill(pin),
        }
        Timings {
            workflow,
            waits,
            pin_expiry: pin,
            pin_expiry_replaced: replaced,
        }
    }

    /// What the API silently changed, in plain words, when it replaced the PIN expiry
    /// asked for: the real API says nothing, which is exactly what confuses people.
    pub fn pin_expiry_note(&self) -> Option<String> {
        self.pin_expiry_replaced.map(|asked| {
            format!(
                "The API will quietly use a PIN expiry of {} s instead of {asked} s: a PIN \
                 expiry that is not a multiple of the next event wait is replaced by the wait, \
                 without an error.",
                self.pin_expiry
            )
        })
    }

    /// Seconds waited after each event, one per channel.
    pub fn waits(&self) -> &[u32] {
        &self.waits[..self.workflow.channels().len()]
    }

    /// The wait after event `index`, in milliseconds.
    pub(crate) fn wait_after(&self, index: usize) -> Millis {
        Millis::from(self.waits[index]) * SECOND
    }

    /// A PIN's lifetime in milliseconds.
    pub(crate) fn pin_lifetime(&self) -> Millis {
        Millis::from(self.pin_expiry) * SECOND
    }

    /// The schedule as people draw it: `SMS -> 125 s -> TTS -> 180 s -> TTS -> 300 s -> end`.
    pub fn describe(&self) -> String {
        let mut text = String::new();
        for (channel, wait) in self.workflow.channels().iter().zip(self.waits()) {
            text.push_str(channel.label());
            text.push_str(&format!(" -> {wait} s -> "));
        }
        text.push_str("end");
        text
    }

    /// What happens when nothing interrupts a request sent at `start`: every event, which
    /// of them carry a new PIN, and when the request expires.
    pub fn plan(&self, start: Millis) -> Plan {
        Plan::project(self, 0, start, start)
    }
}

/// One event still to come.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub struct PlannedEvent {
    /// When it is due.
    pub at: Millis,
    /// Which channel it uses.
    pub channel: Channel,
    /// Whether the PIN will have died by then, so that this event brings a new one.
    pub new_pin: bool,
}

/// A request's future as things stand: the events left and when it expires.
#[derive(Clone, PartialEq, Eq, Debug, Default)]
pub struct Plan {
    /// Events still to come, in order.
    pub events: Vec<PlannedEvent>,
    /// When the request expires if nobody checks the right code or cancels it.
    pub end: Millis,
}

impl Plan {
    /// Projects the schedule from event `next` (due at `next_at`), with the current PIN
    /// born at `pin_born`.
    pub(crate) fn project(
        timings: &Timings,
        next: usize,
        next_at: Millis,
        mut pin_born: Millis,
    ) -> Plan {
        let channels = timings.workflow.channels();
        let mut at = next_at;
        let mut events = Vec::with_capacity(channels.len().saturating_sub(next));
        for (index, &channel) in channels.iter().enumerate().skip(next) {
            let new_pin = at >= pin_born + timings.pin_lifetime();
            if new_pin {
                pin_born = at;
            }
            events.push(PlannedEvent {
                at,
                channel,
                new_pin,
            });
            at += timings.wait_after(index);
        }
        Plan { events, end: at }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn times(plan: &Plan) -> Vec<(u64, bool)> {
        plan.events
            .iter()
            .map(|e| (e.at / 1000, e.new_pin))
            .collect()
    }

    #[test]
    fn default_timings_follow_the_seed() {
        type Expected = (u8, &'static [(u64, bool)], u64);
        let expected: [Expected; 7] = [
            (1, &[(0, false), (125, false), (305, true)], 605),
            (2, &[(0, false), (125, false), (305, true)], 605),
            (3, &[(0, false), (150, false)], 300),
            (4, &[(0, false), (120, false)], 300),
            (5, &[(0, false), (125, false)], 425),
            (6, &[(0, false)], 300),
            (7, &[(0, false)], 300),
        ];
        for (id, events, end) in expected {
            let timings = Timings::new(Workflow::from_id(id).unwrap(), None, None);
            let plan = timings.plan(0);
            assert_eq!(times(&plan), events, "workflow {id}");
            assert_eq!(plan.end, end * 1000, "workflow {id}");
        }
    }

    #[test]
    fn pin_expiry_examples_from_the_rules() {
        let wf1 = Workflow::DEFAULT;
        let new_pins = |p| {
            let plan = Timings::new(wf1, Some(120), Some(p)).plan(0);
            plan.events.iter().map(|e| e.new_pin).collect::<Vec<_>>()
        };
        assert_eq!(new_pins(360), [false, false, false]);
        assert_eq!(new_pins(240), [false, false, true]);
        assert_eq!(new_pins(120), [false, true, true]);
        assert_eq!(new_pins(200), [false, true, true]);
        let coerced = Timings::new(wf1, Some(120), Some(200));
        assert_eq!(coerced.pin_expiry, 120);
        assert_eq!(coerced.pin_expiry_replaced, Some(200));
        assert_eq!(Timings::new(wf1, Some(120), None).pin_expiry, 300);
        assert_eq!(
            coerced.pin_expiry_note().as_deref(),
            Some("The API will quietly use a PIN expiry of 120 s instead of 200 s: a PIN expiry that is not a multiple of the next event wait is replaced by the wait, without an error.")
        );
        assert_eq!(
            Timings::new(wf1, Some(120), Some(240)).pin_expiry_note(),
            None
        );
    }

    #[test]
    fn next_event_wait_replaces_every_wait_but_not_for_single_event_workflows() {
        let t = Timings::new(Workflow::from_id(5).unwrap(), Some(90), None);
        assert_eq!(t.waits(), [90, 90]);
        let t = Timings::new(Workflow::from_id(6).unwrap(), Some(90), None);
        assert_eq!(t.waits(), [300]);
        let t = Timings::new(Workflow::from_id(7).unwrap(), Some(100), Some(250));
        assert_eq!((t.waits(), t.pin_expiry), (&[100][..], 100));
        let t = Timings::new(Workflow::from_id(6).unwrap(), None, Some(600));
        assert_eq!(t.waits(), [600]);
    }

    #[test]
    fn describes_the_schedule() {
        let t = Timings::new(Workflow::DEFAULT, None, None);
        assert_eq!(
            t.describe(),
            "SMS -> 125 s -> TTS -> 180 s -> TTS -> 300 s -> end"
        );
        assert_eq!(
            Workflow::from_id(2).unwrap().to_string(),
            "SMS -> SMS -> TTS"
        );
        assert_eq!(Workflow::from_id(0), None);
        assert_eq!(Workflow::from_id(8), None);
    }
}
