//! Faults in v2 (Part A9, C6, C7): only `throttled` answers v2 calls (429: start after
//! the field and sender checks and before the 409; check after 404 and 422; cancel and
//! next_workflow after 404; never the silent-auth hop or a reply), and
//! `network-blocked` skips sms and voice steps at their turn. Phone faults mark v2
//! deliveries as v1's.

use super::body::Channel;
use super::problem::{Problem, ProblemKind};
use super::request::{Status, StepStatus};
use crate::engine::Engine;
use crate::faults::FaultedCall;
use crate::request::Happening;

impl Engine {
    /// The 429 a standing `throttled` fault answers a v2 call with (counted), for a
    /// call carrying `numbers` (a start's phone recipients; none for the others).
    pub(super) fn v2_throttled(&mut self, numbers: &[&str]) -> Result<(), Problem> {
        if self.faults.is_empty() || self.faults.answer(FaultedCall::V2, numbers).is_none() {
            return Ok(());
        }
        Err(self.problem(ProblemKind::Throttled))
    }

    /// Skips step `index` if a network block is in force for it at its turn (an sms or
    /// voice step of a request with fraud_check): it ends `blocked` at once, naming the
    /// network, with no delivery and no event, and the next step starts now (none
    /// left: the request ends `blocked`). Whether it was skipped.
    pub(super) fn v2_blocked(&mut self, slot: u32, index: usize, out: &mut Vec<Happening>) -> bool {
        if self.faults.is_empty() {
            return false;
        }
        let request = self.v2.held(slot);
        let step = &request.steps[index];
        if !request.fraud_check || !matches!(step.spec.channel, Channel::Sms | Channel::Voice) {
            return false;
        }
        let to = step.spec.to.as_str().to_owned();
        let Some(network) = self.faults.block(&to) else {
            return false;
        };
        let now = self.now;
        let request = self.v2.held_mut(slot);
        request.current = index;
        request.generation += 1;
        let step = &mut request.steps[index];
        step.started = Some(now);
        step.status = StepStatus::Blocked;
        step.blocked_on = Some(network.into());
        self.move_on(slot, Status::Blocked, out);
        true
    }
}
