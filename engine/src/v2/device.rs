//! What the phone does by itself (Part C5): silent authentication's hop and the answer
//! to a WhatsApp question.

use std::borrow::Cow;

use super::answers::{hop_outcome, Answer, Hop};
use super::body::{Channel, InvalidParam};
use super::problem::{Problem, ProblemKind};
use super::request::{Status, StepStatus};
use crate::engine::Engine;
use crate::request::Happening;

impl Engine {
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
        let slot = self
            .v2
            .active(request_id)
            .filter(|&slot| self.v2.held(slot).awaits_reply());
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
}
