//! Verify v1's calls on the engine: `/verify/json` (start), `/verify/check/json` and
//! `/verify/control/json` (cancel, trigger_next_event), and what a v1 request's timers do
//! when they fall due (the workflow's next event, expiry). Part A's rules; the engine's
//! clock and queue are `engine.rs`'s.

use crate::engine::{Engine, Timer, TimerKind};
use crate::errors::{CheckError, ControlError, VerifyError};
use crate::ids::{EventId, RequestId};
use crate::messages::Pin;
use std::sync::Arc;

use crate::faults::FaultedCall;
use crate::params::{given, CheckParams, ControlParams, Psd2Params, VerifyParams};
use crate::price::MessagesPrice;
use crate::psd2::validate_psd2;
use crate::request::{CheckRecord, Delivery, DeliveryRecord, Happening, Request, RequestStatus};
use crate::time::{Millis, SECOND};
use crate::validate::{normalise_number, validate, ValidRequest};

/// Cancelling is refused before this much time has passed.
const CANCEL_AFTER: Millis = 30 * SECOND;
/// The third wrong code for one PIN ends the request (and v2's third for one request).
pub(crate) const MAX_WRONG_CODES: u8 = 3;

/// A successful check: the request is verified.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Verified {
    /// The request verified.
    pub request_id: RequestId,
    /// The last delivery before the check.
    pub event_id: EventId,
    /// What the request's deliveries cost, all of them sent before the check.
    pub messages_price: MessagesPrice,
}

impl Verified {
    /// What the successful check means, with what the request cost, in plain words.
    pub fn explain(&self) -> String {
        format!(
            "The PIN was right: the request is verified. A verification is charged when it \
             succeeds ({} EUR, the response's price); the SMS and calls sent for it cost an \
             estimated {} EUR more (its estimated_price_messages_sent).",
            crate::price::PRICE.trim_end_matches('0'),
            self.messages_price
        )
    }
}

/// A control command that was carried out.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Command {
    /// The request was cancelled.
    Cancel,
    /// The next event was run now.
    TriggerNextEvent,
}

impl Command {
    /// The `cmd` value.
    pub fn as_str(self) -> &'static str {
        match self {
            Command::Cancel => "cancel",
            Command::TriggerNextEvent => "trigger_next_event",
        }
    }
}

impl Engine {
    /// `/verify/json`: starts a verification and sends its first PIN now.
    pub fn verify(
        &mut self,
        params: &VerifyParams,
        out: &mut Vec<Happening>,
    ) -> Result<RequestId, VerifyError> {
        let checked = validate(params);
        // A request fault answers after the status 2 and 3 checks, before 20 and 10.
        if matches!(&checked, Ok(_) | Err(VerifyError::PinCodeNotSupported)) {
            let number = normalise_number(params.number.as_deref().unwrap_or_default());
            self.fault_or(FaultedCall::Verify, &number, given(&params.example))?;
        }
        self.start(checked?, None, out)
    }

    /// Answers with the request fault that applies to a `/verify` or PSD2 call to
    /// `number` now, if any.
    fn fault_or(
        &mut self,
        call: FaultedCall,
        number: &str,
        example: Option<&str>,
    ) -> Result<(), VerifyError> {
        match self.fault_answer(call, Some(number), example) {
            Some(answer) => Err(VerifyError::Fault(answer)),
            None => Ok(()),
        }
    }

    /// `/verify/psd2/json`: starts a payment's verification (Part A7), an ordinary
    /// request from then on, and sends its first PIN now.
    pub fn psd2(
        &mut self,
        params: &Psd2Params,
        out: &mut Vec<Happening>,
    ) -> Result<RequestId, VerifyError> {
        let valid = validate_psd2(params)?;
        self.fault_or(
            FaultedCall::Psd2,
            &valid.request.number,
            given(&params.example),
        )?;
        self.start(valid.request, Some(valid.amount), out)
    }

    /// Starts a request that passed its checks, unless its number is busy (status 10).
    fn start(
        &mut self,
        valid: ValidRequest,
        amount: Option<Arc<str>>,
        out: &mut Vec<Happening>,
    ) -> Result<RequestId, VerifyError> {
        if let Some(&busy) = self.busy_numbers.get(&valid.number) {
            return Err(VerifyError::Concurrent(self.held(busy).id));
        }
        let id = loop {
            let id = RequestId(self.rng.u128(..));
            if !self.by_id.contains_key(&id) {
                break id;
            }
        };
        let index = u32::try_from(self.request_count())
            .unwrap_or_else(|_| panic!("more than 2^32 requests in one engine"));
        let brand = match &self.last_brand {
            Some(last) if **last == *valid.brand => last.clone(),
            _ => valid.brand,
        };
        self.last_brand = Some(brand.clone());
        let channels = valid.timings.workflow.channels().len();
        let pin = self.new_pin(valid.code_length);
        let order = self.created;
        self.created += 1;
        self.requests.push(Request {
            id,
            order,
            number: valid.number,
            brand,
            sender_id: valid.sender_id,
            account_id: valid.account_id,
            lang: valid.lang,
            code_length: valid.code_length,
            timings: valid.timings,
            submitted: self.now,
            status: RequestStatus::InProgress,
            finalized: None,
            next_event: 0,
            next_at: self.now,
            generation: 0,
            pin,
            pin_born: self.now,
            wrong_codes: 0,
            deliveries: Vec::with_capacity(channels),
            checks: Vec::new(),
            forgotten: false,
        });
        self.by_id.insert(id, index);
        if let Some(amount) = amount {
            self.payments.insert(index, amount);
        }
        self.busy_numbers.insert(valid.number, index);
        self.run_event(index, out);
        Ok(id)
    }

    /// `/verify/check/json`: compares a code with the current PIN.
    pub fn check(
        &mut self,
        params: &CheckParams,
        out: &mut Vec<Happening>,
    ) -> Result<Verified, CheckError> {
        let given_id = given(&params.request_id).ok_or(CheckError::Missing("request_id"))?;
        let code = given(&params.code).ok_or(CheckError::Missing("code"))?;
        if !code.bytes().all(|b| b.is_ascii_digit()) {
            return Err(CheckError::InvalidCode);
        }
        if let Some(answer) = self.fault_answer(FaultedCall::Check, None, given(&params.example)) {
            return Err(CheckError::Fault(answer));
        }
        let index = self
            .active(given_id)
            .ok_or_else(|| CheckError::NotFound(given_id.to_owned()))?;
        let now = self.now;
        let request = self.held_mut(index);
        let valid = request.pin_alive_at(now) && request.pin.matches(code);
        request.checks.push(CheckRecord {
            at: now,
            code: code.to_owned(),
            valid,
        });
        let id = request.id;
        if valid {
            let event_id = request
                .deliveries
                .last()
                .map(|d| d.event_id)
                .expect("a request in progress has delivered its first PIN");
            let messages_price = request.messages_price();
            self.finish(index, RequestStatus::Success, out);
            return Ok(Verified {
                request_id: id,
                event_id,
                messages_price,
            });
        }
        request.wrong_codes += 1;
        if request.wrong_codes >= MAX_WRONG_CODES {
            self.finish(index, RequestStatus::Failed, out);
            Err(CheckError::TooManyWrong(id))
        } else {
            Err(CheckError::Mismatch(id))
        }
    }

    /// `/verify/control/json`: cancels a request or runs its next event now.
    pub fn control(
        &mut self,
        params: &ControlParams,
        out: &mut Vec<Happening>,
    ) -> Result<Command, ControlError> {
        let given_id = given(&params.request_id).ok_or(ControlError::Missing("request_id"))?;
        let command = match given(&params.cmd).ok_or(ControlError::Missing("cmd"))? {
            "cancel" => Command::Cancel,
            "trigger_next_event" => Command::TriggerNextEvent,
            _ => return Err(ControlError::InvalidCmd),
        };
        if let Some(answer) = self.fault_answer(FaultedCall::Control, None, given(&params.example))
        {
            return Err(ControlError::Fault(answer));
        }
        let index = self
            .active(given_id)
            .ok_or_else(|| ControlError::NotActive(given_id.to_owned()))?;
        let request = self.held(index);
        match command {
            Command::Cancel => {
                if self.now < request.submitted + CANCEL_AFTER {
                    return Err(ControlError::CancelTooEarly(request.id));
                }
                if request.next_event >= 2 {
                    return Err(ControlError::CancelTooLate(request.id));
                }
                self.finish(index, RequestStatus::Cancelled, out);
            }
            Command::TriggerNextEvent => {
                if !request.has_next_event() {
                    return Err(ControlError::NoMoreEvents(request.id));
                }
                self.run_event(index, out);
            }
        }
        Ok(command)
    }

    /// The index of the request in progress that `given_id` names.
    fn active(&self, given_id: &str) -> Option<u32> {
        let index = *self.by_id.get(&RequestId::parse(given_id)?)?;
        (self.held(index).status == RequestStatus::InProgress).then_some(index)
    }

    fn new_pin(&mut self, code_length: u8) -> Pin {
        Pin::new(
            self.rng.u32(..10u32.pow(u32::from(code_length))),
            code_length,
        )
    }

    /// Runs the request's next event now: a new PIN if the current one has died, the
    /// delivery, and the timer for what follows.
    pub(crate) fn run_event(&mut self, index: u32, out: &mut Vec<Happening>) {
        let now = self.now;
        let request = self.held(index);
        let new_pin = !request.pin_alive_at(now);
        if new_pin {
            let pin = self.new_pin(request.code_length);
            let request = self.held_mut(index);
            request.pin = pin;
            request.pin_born = now;
            request.wrong_codes = 0;
            out.push(Happening::PinRegenerated {
                at: now,
                request_id: request.id,
            });
        }
        let event_id = EventId::from_random(self.rng.u128(..));
        let request = self.held(index);
        let channel = request.timings.workflow.channels()[usize::from(request.next_event)];
        let number = request.number;
        let mark = self.phone_mark(channel.as_str(), &number);
        // The field itself, not `held_mut`: the timers are borrowed beside it below.
        let request = &mut self.requests[index as usize - self.dropped];
        let step = usize::from(request.next_event);
        request.deliveries.push(DeliveryRecord {
            at: now,
            channel,
            event_id,
            pin: request.pin,
            new_pin,
        });
        out.push(Happening::Delivered(Delivery {
            at: now,
            request_id: request.id,
            event_id,
            to: request.number,
            channel,
            pin: request.pin,
            brand: request.brand.clone(),
            amount: self.payments.get(&index).cloned(),
            lang: request.lang,
            pin_expiry: request.timings.pin_expiry,
            lost: mark.lost,
            delivered_at: mark.delivered_at,
        }));
        request.next_event += 1;
        request.next_at = now + request.timings.wait_after(step);
        request.generation += 1;
        let kind = if usize::from(request.next_event) < request.timings.workflow.channels().len() {
            TimerKind::Event
        } else {
            TimerKind::Expire
        };
        let timer = Timer::new(request.next_at, request.order, kind, index);
        // A timer set earlier for the same moment is stale: the newest generation wins.
        self.timers.insert(timer, request.generation);
        // A PIN dying at or after the next timer needs no stop of its own: that timer
        // either runs an event (which looks again) or ends the request.
        if request.pin_dies() < request.next_at {
            let death = Timer::new(request.pin_dies(), request.order, TimerKind::PinDies, index);
            self.timers.insert(death, request.generation);
        }
    }

    /// Ends a request: nothing more is sent, and its number is free again.
    pub(crate) fn finish(&mut self, index: u32, status: RequestStatus, out: &mut Vec<Happening>) {
        let now = self.now;
        let request = self.held_mut(index);
        request.status = status;
        request.finalized = Some(now);
        request.generation += 1;
        let number = request.number;
        let request_id = request.id;
        self.busy_numbers.remove(&number);
        if let Some(retention) = self.retention {
            self.forget.push_back((now + retention, index));
        }
        out.push(Happening::Ended {
            at: now,
            request_id,
            status,
        });
    }
}
