//! The v2 calls (Part C2-C5, C7): start, check, cancel and next_workflow. The device's
//! own answers are in `device`, the schedule each call sets going in `steps`.

use std::borrow::Cow;
use std::sync::Arc;

use serde_json::Value;

use super::answers::{Completed, Started};
use super::body::{parse_start, BodyError, Channel, InvalidParam, StartRequest};
use super::code::Code;
use super::problem::{Problem, ProblemKind};
use super::request::{Request, Status, Step, StepStatus};
use crate::engine::Engine;
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
        self.verify2_request(start, out)
    }

    /// `POST /v2/verify` of a body already validated ([`parse_start`]): the request faults'
    /// 429, the 409 of a recipient in use, else the start. The typed entry for a caller
    /// that starts many requests of one shape (the Reach lab parses its body once per
    /// cohort, not per user).
    pub fn verify2_request(
        &mut self,
        start: StartRequest,
        out: &mut Vec<Happening>,
    ) -> Result<Started, Problem> {
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
}
