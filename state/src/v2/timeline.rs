//! The selected request's steps as windows on the clock: when each started (or will, if
//! nothing interrupts), when it ended (or will time out: its channel_timeout, 60 s for
//! silent_auth), and how it stands, from the engine's request and plan; and the marks on
//! it: when the code arrived and by which channel, the WhatsApp question, the device's
//! silent-auth check.

use verify_engine::v2::{Channel, Request, StepStatus};
use verify_engine::{clock, Millis};

use super::phone::{Delivered, PhoneItem, Reached};

/// One step's window.
#[derive(Clone, PartialEq, Eq, Debug)]
pub struct Window {
    /// The step's channel.
    pub channel: Channel,
    /// When it started or is planned to.
    pub from: Millis,
    /// When it ended or will end.
    pub to: Millis,
    /// Its status word (`active`, `expired`, `unused`...).
    pub status: &'static str,
    /// Not started yet: the window is the plan, not what happened.
    pub planned: bool,
}

/// Each step's window, in order. A step that never started and never will (the request
/// ended first) has none.
pub fn windows(request: &Request) -> Vec<Window> {
    let plan = request.plan();
    let steps = request.steps();
    let mut rows = Vec::with_capacity(steps.len());
    for (i, step) in steps.iter().enumerate() {
        let duration = step.duration(request.channel_timeout());
        let row = match step.started {
            Some(from) => {
                let to = if step.status == StepStatus::Active {
                    from + duration
                } else {
                    steps
                        .get(i + 1)
                        .and_then(|next| next.started)
                        .or(request.finalized())
                        .unwrap_or(from + duration)
                };
                Window {
                    channel: step.spec.channel,
                    from,
                    to,
                    status: step.status.as_str(),
                    planned: false,
                }
            }
            None => {
                // The plan lists the current step and the later ones, in order.
                let planned = i
                    .checked_sub(request.current())
                    .and_then(|k| plan.steps.get(k));
                let Some(&(channel, from)) = planned else {
                    continue;
                };
                Window {
                    channel,
                    from,
                    to: from + duration,
                    status: step.status.as_str(),
                    planned: true,
                }
            }
        };
        rows.push(row);
    }
    rows
}

/// Something that reached the person (or their device) at one instant of the request.
#[derive(Clone, PartialEq, Eq, Debug)]
pub struct Mark {
    /// When it happened (simulated).
    pub at: Millis,
    /// The channel it came by (`silent_auth` for the device's check).
    pub channel: Channel,
    /// What it was, as read aloud: `0:00 code 2407 by sms`, `0:00 WhatsApp question`,
    /// `0:05 device check completed` (the view shows it and gives it to screen readers).
    pub text: String,
}

/// The marks of `request`: every delivery it made (the code and its channel, or the
/// WhatsApp question) and the device's silent-auth check, oldest first, from what
/// reached the phone and the inbox.
pub fn marks(request: &Request, reached: &Reached) -> Vec<Mark> {
    let id = request.id();
    let code = request.code();
    let delivered = |d: &Delivered| {
        let text = match d.channel {
            Channel::WhatsappInteractive => format!("{} WhatsApp question", clock(d.at)),
            channel => format!("{} code {} by {}", clock(d.at), code, channel.as_str()),
        };
        Mark {
            at: d.at,
            channel: d.channel,
            text,
        }
    };
    let mut rows: Vec<Mark> = reached
        .phone
        .iter()
        .filter_map(|item| match item {
            PhoneItem::Delivered(d) if d.request_id == id => Some(delivered(d)),
            PhoneItem::DeviceCheck(check) if check.request_id == id => Some(Mark {
                at: check.at,
                channel: Channel::SilentAuth,
                text: format!("{} device check {}", clock(check.at), check.outcome),
            }),
            _ => None,
        })
        .chain(
            reached
                .inbox
                .iter()
                .filter(|d| d.request_id == id)
                .map(delivered),
        )
        .collect();
    // Stable: at one instant the phone's order (as it arrived) is kept.
    rows.sort_by_key(|mark| mark.at);
    rows
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::v2::form::V2Field;
    use crate::v2::{V2Action, V2Playground};
    use verify_engine::SECOND;

    fn texts(p: &V2Playground) -> Vec<String> {
        let request = p.request().expect("a request");
        marks(request, &p.reached)
            .into_iter()
            .map(|m| m.text)
            .collect()
    }

    #[test]
    fn the_same_code_is_marked_by_sms_then_by_voice_at_the_channel_timeout() {
        let mut p = V2Playground::new(7);
        p.apply(V2Action::Start);
        let code = p.request().expect("started").code().to_string();
        assert_eq!(texts(&p), [format!("0:00 code {code} by sms")]);
        p.advance(180 * SECOND);
        assert_eq!(
            texts(&p),
            [
                format!("0:00 code {code} by sms"),
                format!("3:00 code {code} by voice")
            ]
        );
        // Another request's deliveries are not this one's.
        p.apply(V2Action::Cancel);
        p.apply(V2Action::Edit(V2Field::Phone, "447700900002".into()));
        p.apply(V2Action::Start);
        assert_eq!(texts(&p).len(), 1);
        assert!(texts(&p)[0].starts_with("3:00 code "), "{:?}", texts(&p));
    }

    #[test]
    fn the_device_check_and_the_whatsapp_question_are_marked() {
        let mut p = V2Playground::new(7);
        p.apply(V2Action::Edit(V2Field::Channel1, "silent_auth".into()));
        p.apply(V2Action::Edit(V2Field::Phone, "447700900024".into()));
        p.apply(V2Action::Start);
        assert_eq!(texts(&p), ["0:00 device check completed"]);

        let mut p = V2Playground::new(7);
        p.apply(V2Action::Edit(
            V2Field::Channel1,
            "whatsapp_interactive".into(),
        ));
        p.apply(V2Action::Start);
        assert_eq!(texts(&p)[0], "0:00 WhatsApp question");
    }
}
