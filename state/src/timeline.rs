//! What the timeline draws for one request, taken from the engine's record and plan: the
//! events sent and still planned, each PIN's life, the checks, the end, and the words that
//! explain them.

use verify_engine::{Channel, Millis, Request, RequestStatus, SECOND};

use crate::format;
use crate::signal::{Fate, Fates, Signal};

/// A delivery, done or planned.
#[derive(Clone, PartialEq, Eq, Debug)]
pub struct EventMark {
    /// When.
    pub at: Millis,
    /// `SMS` or `TTS`.
    pub channel: &'static str,
    /// Whether it carries a new PIN (the previous one having died).
    pub new_pin: bool,
    /// Still to come.
    pub planned: bool,
    /// What a phone fault did to it (lost, missed, late), if one touched it.
    pub fate: Option<Fate>,
}

/// A PIN's life.
#[derive(Clone, PartialEq, Eq, Debug)]
pub struct PinBar {
    /// The digits, or `next` for one not generated yet.
    pub label: String,
    /// When it was (or will be) generated.
    pub born: Millis,
    /// When it dies.
    pub dies: Millis,
    /// Not generated yet.
    pub planned: bool,
}

/// A check that counted.
#[derive(Clone, PartialEq, Eq, Debug)]
pub struct CheckMark {
    /// When.
    pub at: Millis,
    /// The code given.
    pub code: String,
    /// Right or wrong.
    pub valid: bool,
}

/// One line of the written explanation under the chart.
#[derive(Clone, PartialEq, Eq, Debug)]
pub struct Note {
    /// When.
    pub at: Millis,
    /// What happens then.
    pub text: String,
    /// Still to come.
    pub planned: bool,
}

/// Everything the timeline of one request shows.
#[derive(Clone, PartialEq, Eq, Debug)]
pub struct TimelineModel {
    /// The request's short id.
    pub label: String,
    /// Its schedule, e.g. `SMS -> 125 s -> TTS -> ...`.
    pub schedule: String,
    /// What its deliveries so far cost, e.g. `2 SMS and 1 call: an estimated 0.12850 EUR`.
    pub cost: String,
    /// When it was sent.
    pub start: Millis,
    /// When it ended, or will expire.
    pub end: Millis,
    /// How it ended; `None` while in progress (then `end` is the planned expiry).
    pub ended: Option<RequestStatus>,
    /// The right edge of the drawing: the end of the workflow's whole schedule as planned
    /// when it was sent (never before `end`). A request that ended early, or whose events
    /// a trigger brought forward, is drawn on its plan's scale, so the early end shows.
    pub horizon: Millis,
    /// The simulated time now.
    pub now: Millis,
    /// Deliveries, done then planned.
    pub events: Vec<EventMark>,
    /// PIN lives, generated then planned.
    pub pins: Vec<PinBar>,
    /// Checks.
    pub checks: Vec<CheckMark>,
    /// The story in words, in time order.
    pub notes: Vec<Note>,
}

/// Builds the timeline of `request` at time `now`; `fates` says what phone faults did
/// to its deliveries, `signal` what its phone lets through now.
pub fn model(request: &Request, now: Millis, fates: &Fates, signal: Signal) -> TimelineModel {
    let plan = request.plan();
    let expiry = Millis::from(request.timings().pin_expiry) * SECOND;
    let ended = request.finalized().map(|_| request.status());
    let end = request.finalized().unwrap_or(plan.end);
    let lifetime = format::seconds(expiry);
    let mut notes = Vec::new();

    let mut events = Vec::new();
    let mut pins: Vec<PinBar> = Vec::new();
    let deliveries = request.deliveries();
    for (index, delivery) in deliveries.iter().enumerate() {
        let what = channel_words(delivery.channel);
        let pin = delivery.pin.to_string();
        let fate = fates.of(delivery.event_id);
        let mut text = if index == 0 {
            format!("{what} with PIN {pin}; the PIN lives {lifetime}.")
        } else if delivery.new_pin {
            let died = pins.last().map_or(0, |p| p.dies);
            format!(
                "{what} with a new PIN, {pin}: the previous PIN died at {}.",
                format::clock(died)
            )
        } else {
            let dies = pins.last().map_or(0, |p| p.dies);
            format!(
                "{what} with the same PIN, {pin}: it is alive until {}.",
                format::clock(dies)
            )
        };
        if let Some(fate) = fate {
            // What reaches the user instead: the next delivery that got through, or the
            // next one planned.
            let unreached = |e| matches!(fates.of(e), Some(Fate::Lost | Fate::Missed));
            let next = deliveries[index + 1..]
                .iter()
                .find(|d| !unreached(d.event_id))
                .map(|d| (d.at, d.channel, d.new_pin))
                .or_else(|| {
                    let planned = plan.events.iter().find(|e| !signal.blocks(e.channel))?;
                    Some((planned.at, planned.channel, planned.new_pin))
                });
            text.push(' ');
            text.push_str(&fate_words(fate, next, end));
        }
        add(
            &mut notes,
            Note {
                at: delivery.at,
                text,
                planned: false,
            },
        );
        if index == 0 || delivery.new_pin {
            let born = if index == 0 {
                request.submitted()
            } else {
                delivery.at
            };
            pins.push(PinBar {
                label: pin,
                born,
                dies: born + expiry,
                planned: false,
            });
        }
        events.push(EventMark {
            at: delivery.at,
            channel: delivery.channel.label(),
            new_pin: delivery.new_pin,
            planned: false,
            fate,
        });
    }
    for event in &plan.events {
        let what = channel_words(event.channel);
        let text = if event.new_pin {
            let died = pins.last().map_or(0, |p| p.dies);
            pins.push(PinBar {
                label: "next".into(),
                born: event.at,
                dies: event.at + expiry,
                planned: true,
            });
            format!(
                "{what} will carry a new PIN, because the current one dies at {}.",
                format::clock(died)
            )
        } else {
            format!("{what} will repeat the same PIN, still alive then.")
        };
        add(
            &mut notes,
            Note {
                at: event.at,
                text,
                planned: true,
            },
        );
        events.push(EventMark {
            at: event.at,
            channel: event.channel.label(),
            new_pin: event.new_pin,
            planned: true,
            fate: None,
        });
    }
    for pin in &pins {
        if pin.dies <= end && !pin.planned {
            add(
                &mut notes,
                Note {
                    at: pin.dies,
                    text: format!("PIN {} dies ({lifetime} after it was made).", pin.label),
                    planned: pin.dies > now,
                },
            );
        }
    }
    let checks: Vec<CheckMark> = request
        .checks()
        .iter()
        .map(|c| CheckMark {
            at: c.at,
            code: c.code.clone(),
            valid: c.valid,
        })
        .collect();
    for check in &checks {
        add(
            &mut notes,
            Note {
                at: check.at,
                text: format!(
                    "Check with code {}: {}.",
                    check.code,
                    if check.valid { "right" } else { "wrong" }
                ),
                planned: false,
            },
        );
    }
    add(
        &mut notes,
        match ended {
            Some(status) => Note {
                at: end,
                text: format!("The request ended: {}.", status.as_str()),
                planned: false,
            },
            None => Note {
                at: end,
                text: "The request expires unless the right PIN is checked first.".into(),
                planned: true,
            },
        },
    );
    TimelineModel {
        label: format::short_id(request.id()),
        schedule: request.timings().describe(),
        cost: cost(request),
        start: request.submitted(),
        end,
        ended,
        horizon: end.max(request.timings().plan(request.submitted()).end),
        now,
        events,
        pins,
        checks,
        notes,
    }
}

/// The deliveries so far and their estimated price, as `estimated_price_messages_sent`
/// reports it.
fn cost(request: &Request) -> String {
    let sms = request
        .deliveries()
        .iter()
        .filter(|d| d.channel == Channel::Sms)
        .count();
    let calls = request.deliveries().len() - sms;
    let plural =
        |n: usize, one: &str, many: &str| format!("{n} {}", if n == 1 { one } else { many });
    format!(
        "{} and {} so far: an estimated {} EUR",
        plural(sms, "SMS", "SMS"),
        plural(calls, "call", "calls"),
        request.messages_price()
    )
}

/// Adds a note in time order, after the notes of the same moment (a few notes: an
/// insertion costs less download than a sort).
fn add(notes: &mut Vec<Note>, note: Note) {
    let at = notes.partition_point(|n| n.at <= note.at);
    notes.insert(at, note);
}

/// What a phone fault did to a delivery, and what the user gets instead: `next` is the
/// next delivery that reaches the phone (when, which channel, whether with a new PIN);
/// `end` when the request ends or expires.
fn fate_words(fate: Fate, next: Option<(Millis, Channel, bool)>, end: Millis) -> String {
    let what = match fate {
        Fate::Late(at) => {
            return format!(
                "It reached the phone only at {}; the PIN's life counts from when it was made.",
                format::clock(at)
            )
        }
        Fate::Lost => "It never reached the phone.",
        Fate::Missed => "Nobody answered the call: no PIN was heard.",
    };
    let instead = match next {
        Some((at, channel, new_pin)) => format!(
            "{} at {} reaches the user instead, with {} PIN.",
            channel_words(channel),
            format::clock(at),
            if new_pin { "a new" } else { "the same" }
        ),
        None => format!(
            "No later event is planned: unless the user gets the PIN, the request ends at {}.",
            format::clock(end)
        ),
    };
    format!("{what} Verify does not know, and goes on with its schedule: {instead}")
}

fn channel_words(channel: Channel) -> &'static str {
    match channel {
        Channel::Sms => "SMS",
        Channel::Tts => "Voice call (TTS)",
    }
}
