//! The schedule (Part C4, C7): each step's message and timeout, moving on to the next
//! step, and the request's end with its summary callback.

use super::body::Channel;
use super::callback::{Callback, CallbackBody, Event, EventStatus, StepReport, Summary};
use super::request::{Delivery, Request, Status, StepStatus};
use crate::engine::{Engine, Timer, TimerKind};
use crate::request::Happening;

impl Engine {
    /// The current step's timer ran out: it expires and the next starts (or the
    /// request expires).
    pub(crate) fn v2_step_times_out(&mut self, slot: u32, out: &mut Vec<Happening>) {
        self.end_step(slot, StepStatus::Expired, out);
        self.move_on(slot, Status::Expired, out);
    }

    /// Starts step `index` now: its message (or silent_auth's action_pending event) and
    /// its timeout.
    pub(super) fn begin_step(&mut self, slot: u32, index: usize, out: &mut Vec<Happening>) {
        // A network block (A8) skips an sms or voice step here, at its turn.
        if self.v2_blocked(slot, index, out) {
            return;
        }
        let step = &self.v2.held(slot).steps[index].spec;
        let (channel, to) = (step.channel.as_str(), String::from(step.to.as_str()));
        let mark = self.phone_mark(channel, &to);
        let now = self.now;
        let start = self.start;
        let request = self.v2.held_mut(slot);
        request.current = index;
        request.hopped = false;
        request.generation += 1;
        let step = &mut request.steps[index];
        step.started = Some(now);
        step.status = StepStatus::Active;
        let timer = Timer::new(
            now + step.duration(request.channel_timeout),
            request.order,
            TimerKind::Step,
            slot,
        );
        let channel = step.spec.channel;
        let happening = match channel {
            Channel::SilentAuth => Happening::Callback(Callback {
                at: now,
                request_id: request.id,
                start,
                body: CallbackBody::Event(Event {
                    channel,
                    triggered: now,
                    status: EventStatus::ActionPending,
                    finalized: None,
                    check_url: request.check_url.clone(),
                    client_ref: request.client_ref.clone(),
                }),
            }),
            _ => Happening::V2Delivered(Delivery {
                at: now,
                request_id: request.id,
                channel,
                to: step.spec.to.clone(),
                code: channel.carries_code().then_some(request.code),
                brand: request.brand.clone(),
                lang: request.lang,
                channel_timeout: request.channel_timeout,
                lost: mark.lost,
                delivered_at: mark.delivered_at,
            }),
        };
        let generation = request.generation;
        self.timers.insert(timer, generation);
        out.push(happening);
    }

    /// Ends the current step with `status`; a codeless step reports it in an event.
    pub(super) fn end_step(&mut self, slot: u32, status: StepStatus, out: &mut Vec<Happening>) {
        let now = self.now;
        let start = self.start;
        let request = self.v2.held_mut(slot);
        request.generation += 1;
        let step = &mut request.steps[request.current];
        step.status = status;
        if !step.spec.channel.carries_code() {
            out.push(Happening::Callback(Callback {
                at: now,
                request_id: request.id,
                start,
                body: CallbackBody::Event(Event {
                    channel: step.spec.channel,
                    triggered: step.started.unwrap_or(now),
                    status: EventStatus::Ended(status),
                    finalized: Some(now),
                    check_url: None,
                    client_ref: request.client_ref.clone(),
                }),
            }));
        }
    }

    /// After a step ended unconverted: the next step starts now, or, with none left, the
    /// request ends with `status`.
    pub(super) fn move_on(&mut self, slot: u32, status: Status, out: &mut Vec<Happening>) {
        let request = self.v2.held(slot);
        let next = request.current + 1;
        if next < request.steps.len() {
            self.begin_step(slot, next, out);
        } else {
            self.finish_v2(slot, status, out);
        }
    }

    /// Ends a request: its keys are free, its status is reported, then its summary
    /// (none when cancelled).
    pub(super) fn finish_v2(&mut self, slot: u32, status: Status, out: &mut Vec<Happening>) {
        let now = self.now;
        let start = self.start;
        let retention = self.retention;
        let book = &mut self.v2;
        let request = &mut book.requests[slot as usize - book.dropped];
        request.status = status;
        request.finalized = Some(now);
        request.generation += 1;
        for step in &request.steps {
            let key = step.spec.to.key();
            if book.busy.get(&key) == Some(&slot) {
                book.busy.remove(&key);
            }
        }
        if let Some(retention) = retention {
            book.forget.push_back((now + retention, slot));
        }
        out.push(Happening::V2Ended {
            at: now,
            request_id: request.id,
            status,
        });
        if status != Status::Cancelled {
            out.push(Happening::Callback(Callback {
                at: now,
                request_id: request.id,
                start,
                body: CallbackBody::Summary(summary(request, status)),
            }));
        }
    }
}

/// A finished request's summary.
fn summary(request: &Request, status: Status) -> Summary {
    Summary {
        submitted: request.submitted,
        status,
        channel_timeout: request.channel_timeout,
        workflow: request
            .steps
            .iter()
            .map(|step| StepReport {
                channel: step.spec.channel,
                initiated: step.started,
                status: step.status,
                blocked_on: step.blocked_on.clone(),
            })
            .collect(),
        client_ref: request.client_ref.clone(),
    }
}
