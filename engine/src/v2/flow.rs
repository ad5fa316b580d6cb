//! The v2 calls and the schedule (Part C2-C5, C7): start, check, cancel, next_workflow,
//! the device's silent-auth hop and the WhatsApp reply, and each step's timeout.

use std::borrow::Cow;
use std::sync::Arc;

use serde_json::Value;

use super::answers::{hop_outcome, Answer, Completed, Hop, Started};
use super::body::{parse_start, BodyError, Channel, InvalidParam, StartRequest};
use super::callback::{Callback, CallbackBody, Event, EventStatus, StepReport, Summary};
use super::code::Code;
use super::problem::{Problem, ProblemKind};
use super::request::{Delivery, Request, Status, Step, StepStatus};
use crate::engine::{Engine, Timer, TimerKind};
use crate::ids::Uuid;
use crate::request::Happening;
/// The third wrong code ends the request (choice: v1's three, counted per request).
use crate::v1::MAX_WRONG_CODES;

impl Engine {
    /// A problem answer with a fresh `instance` from the seed.
    pub(super) fn problem(&mut self, kind: ProblemKind) -> Problem {
        Problem {
            kind,
            instance: Uuid::from_random(self.rng.u128(..)),
        }
    }

    /// The running request `given_id` names, or the 404.
    fn v2_active(&mut self, given_id: &str) -> Result<u32, Problem> {
        match self.v2.active(given_id) {
            Some(slot) => Ok(slot),
            None => Err(self.problem(ProblemKind::NotFound(given_id.to_owned()))),
        }
    }

    /// `POST /v2/verify`: validates the body (every failing field, then the sender),
    /// refuses a recipient in use (409), else starts step 1 now.
    pub fn verify2(&mut self, body: &Value, out: &mut Vec<Happening>) -> Result<Started, Problem> {
        let start = match parse_start(body) {
            Ok(start) => start,
            Err(BodyError::Invalid(list)) => {
                return Err(self.problem(ProblemKind::InvalidParams(list)))
            }
            Err(BodyError::Sender) => return Err(self.problem(ProblemKind::InvalidSender)),
        };
        // Request faults (A8: throttled's 429) answer here, before the 409.
        let numbers: Vec<&str> = start
            .steps
            .iter()
            .filter(|step| !step.to.is_email())
            .map(|step| step.to.as_str())
            .collect();
        self.v2_throttled(&numbers)?;
        let running = start
            .steps
            .iter()
            .filter_map(|step| self.v2.busy.get(&step.to.key()).copied())
            .min();
        if let Some(slot) = running {
            let id = self.v2.held(slot).id;
            return Err(self.problem(ProblemKind::Concurrent(id)));
        }
        Ok(self.start_v2(start, out))
    }

    /// Starts a valid request whose keys are free.
    fn start_v2(&mut self, start: StartRequest, out: &mut Vec<Happening>) -> Started {
        let id = loop {
            let id = Uuid::from_random(self.rng.u128(..));
            if !self.v2.by_id.contains_key(&id) {
                break id;
            }
        };
        let code = match start.code {
            Some(code) => code,
            None => Code::random(&mut self.rng, start.code_length),
        };
        let slot = u32::try_from(self.v2_request_count())
            .unwrap_or_else(|_| panic!("more than 2^32 v2 requests in one engine"));
        let order = self.created;
        self.created += 1;
        let check_url = (start.steps[0].channel == Channel::SilentAuth).then(|| {
            Arc::from(format!(
                "{}/v2/verify/{id}/silent-auth/redirect",
                self.v2.origin
            ))
        });
        for step in &start.steps {
            self.v2.busy.insert(step.to.key(), slot);
        }
        self.v2.requests.push(Request {
            id,
            order,
            brand: start.brand,
            lang: start.lang,
            channel_timeout: start.channel_timeout,
            code,
            client_ref: start.client_ref,
            fraud_check: start.fraud_check,
            steps: start
                .steps
                .into_iter()
                .map(|spec| Step {
                    spec,
                    started: None,
                    status: StepStatus::Unused,
                    blocked_on: None,
                })
                .collect(),
            submitted: self.now,
            status: Status::InProgress,
            finalized: None,
            current: 0,
            generation: 0,
            wrong_codes: 0,
            hopped: false,
            check_url: check_url.clone(),
            forgotten: false,
        });
        self.v2.by_id.insert(id, slot);
        self.begin_step(slot, 0, out);
        Started {
            request_id: id,
            check_url,
        }
    }

    /// `POST /v2/verify/{id}`: 404, 422, 409 (no code in this step), then the code.
    pub fn check2(
        &mut self,
        request_id: &str,
        body: &Value,
        out: &mut Vec<Happening>,
    ) -> Result<Completed, Problem> {
        let slot = self.v2_active(request_id)?;
        let Some(code) = body.get("code").and_then(Value::as_str) else {
            let required = vec![InvalidParam {
                name: Cow::Borrowed("code"),
                reason: "Code is required",
            }];
            return Err(self.problem(ProblemKind::InvalidParams(required)));
        };
        // Request faults (A9: throttled's 429) answer here.
        self.v2_throttled(&[])?;
        let request = self.v2.held_mut(slot);
        let channel = request.steps[request.current].spec.channel;
        let takes_code = match channel {
            Channel::WhatsappInteractive => false,
            Channel::SilentAuth => request.hopped,
            _ => true,
        };
        if !takes_code {
            return Err(self.problem(ProblemKind::CodeNotSupported));
        }
        let id = request.id;
        if request.code.matches(code) {
            self.end_step(slot, StepStatus::Completed, out);
            self.finish_v2(slot, Status::Completed, out);
            return Ok(Completed { request_id: id });
        }
        request.wrong_codes += 1;
        if request.wrong_codes >= MAX_WRONG_CODES {
            self.end_step(slot, StepStatus::Failed, out);
            self.finish_v2(slot, Status::Failed, out);
            Err(self.problem(ProblemKind::TooManyWrong))
        } else {
            Err(self.problem(ProblemKind::WrongCode))
        }
    }

    /// `DELETE /v2/verify/{id}`: a request in progress is cancelled (204, no callback).
    pub fn cancel2(&mut self, request_id: &str, out: &mut Vec<Happening>) -> Result<(), Problem> {
        let slot = self.v2_active(request_id)?;
        self.v2_throttled(&[])?;
        let request = self.v2.held_mut(slot);
        let current = request.current;
        request.steps[current].status = StepStatus::Cancelled;
        self.finish_v2(slot, Status::Cancelled, out);
        Ok(())
    }

    /// `POST /v2/verify/{id}/next_workflow`: the current step expires and the next starts
    /// now with a full channel_timeout; on the last step 409 and nothing changes.
    pub fn next2(&mut self, request_id: &str, out: &mut Vec<Happening>) -> Result<(), Problem> {
        let slot = self.v2_active(request_id)?;
        self.v2_throttled(&[])?;
        let request = self.v2.held(slot);
        if request.current + 1 >= request.steps.len() {
            return Err(self.problem(ProblemKind::NoMoreEvents));
        }
        let next = request.current + 1;
        self.end_step(slot, StepStatus::Expired, out);
        self.begin_step(slot, next, out);
        Ok(())
    }

    /// `GET /v2/verify/{id}/silent-auth/redirect`, the device's hop: decided by the
    /// step's number (Part C5). Outside a running silent_auth step: 404.
    pub fn silent_auth(
        &mut self,
        request_id: &str,
        out: &mut Vec<Happening>,
    ) -> Result<Hop, Problem> {
        let slot = self.v2.active(request_id).filter(|&slot| {
            let request = self.v2.held(slot);
            request.steps[request.current].spec.channel == Channel::SilentAuth
        });
        let Some(slot) = slot else {
            return Err(self.problem(ProblemKind::NotFound(request_id.to_owned())));
        };
        let request = self.v2.held_mut(slot);
        let step = &request.steps[request.current];
        let outcome = if request.hopped {
            StepStatus::Completed
        } else {
            hop_outcome(step.spec.to.as_str())
        };
        let id = request.id;
        let code = request.code;
        if outcome == StepStatus::Completed {
            let answer = match &step.spec.redirect_url {
                Some(url) => Hop::Redirect {
                    location: format!("{url}#request_id={id}&code={code}"),
                },
                None => Hop::Code {
                    request_id: id,
                    code,
                },
            };
            request.hopped = true;
            return Ok(answer);
        }
        let end = if outcome == StepStatus::Failed {
            Status::Failed
        } else {
            Status::UserRejected
        };
        self.end_step(slot, outcome, out);
        self.move_on(slot, end, out);
        Ok(Hop::Outcome {
            request_id: id,
            status: end,
        })
    }

    /// The phone answering a whatsapp_interactive step: Yes completes the request, No
    /// ends the step `user_rejected`. 404 when no such step is running, then 422 when the
    /// answer is not `yes` or `no` (any case; choice).
    pub fn reply(
        &mut self,
        request_id: &str,
        answer: &str,
        out: &mut Vec<Happening>,
    ) -> Result<(), Problem> {
        let slot = self.v2.active(request_id).filter(|&slot| {
            let request = self.v2.held(slot);
            request.steps[request.current].spec.channel == Channel::WhatsappInteractive
        });
        let Some(slot) = slot else {
            return Err(self.problem(ProblemKind::NotFound(request_id.to_owned())));
        };
        match Answer::parse(answer) {
            Some(Answer::Yes) => {
                self.end_step(slot, StepStatus::Completed, out);
                self.finish_v2(slot, Status::Completed, out);
            }
            Some(Answer::No) => {
                self.end_step(slot, StepStatus::UserRejected, out);
                self.move_on(slot, Status::UserRejected, out);
            }
            None => {
                let invalid = vec![InvalidParam {
                    name: Cow::Borrowed("answer"),
                    reason: "answer must be yes or no",
                }];
                return Err(self.problem(ProblemKind::InvalidParams(invalid)));
            }
        }
        Ok(())
    }

    /// The current step's timer ran out: it expires and the next starts (or the
    /// request expires).
    pub(crate) fn v2_step_times_out(&mut self, slot: u32, out: &mut Vec<Happening>) {
        self.end_step(slot, StepStatus::Expired, out);
        self.move_on(slot, Status::Expired, out);
    }

    /// Starts step `index` now: its message (or silent_auth's action_pending event) and
    /// its timeout.
    fn begin_step(&mut self, slot: u32, index: usize, out: &mut Vec<Happening>) {
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
    fn end_step(&mut self, slot: u32, status: StepStatus, out: &mut Vec<Happening>) {
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
    fn finish_v2(&mut self, slot: u32, status: Status, out: &mut Vec<Happening>) {
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
