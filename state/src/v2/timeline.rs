//! The selected request's steps as windows on the clock: when each started (or will, if
//! nothing interrupts), when it ended (or will time out: its channel_timeout, 60 s for
//! silent_auth), and how it stands, from the engine's request and plan.

use verify_engine::v2::{Channel, Request, StepStatus};
use verify_engine::Millis;

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
