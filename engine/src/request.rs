//! One verification request: what was asked, what was sent, and where it stands.

use std::borrow::Cow;
use std::sync::Arc;

use serde::Serialize;

#[cfg(feature = "v2")]
use crate::ids::Uuid;
use crate::ids::{EventId, RequestId};
use crate::messages::{Lang, Pin};
use crate::number::PhoneNumber;
use crate::price::MessagesPrice;
use crate::time::Millis;
use crate::workflow::{Channel, Plan, Timings};

/// The status words search reports.
#[derive(Clone, Copy, PartialEq, Eq, Hash, Debug, Serialize)]
pub enum RequestStatus {
    /// Still sending PINs and accepting checks.
    #[serde(rename = "IN PROGRESS")]
    InProgress,
    /// The right code was checked.
    #[serde(rename = "SUCCESS")]
    Success,
    /// Three wrong codes for one PIN.
    #[serde(rename = "FAILED")]
    Failed,
    /// The workflow ran out without a right code.
    #[serde(rename = "EXPIRED")]
    Expired,
    /// Cancelled with the control endpoint.
    #[serde(rename = "CANCELLED")]
    Cancelled,
}

impl RequestStatus {
    /// The word as the API writes it (`IN PROGRESS`, `SUCCESS`, ...).
    pub fn as_str(self) -> &'static str {
        match self {
            RequestStatus::InProgress => "IN PROGRESS",
            RequestStatus::Success => "SUCCESS",
            RequestStatus::Failed => "FAILED",
            RequestStatus::Expired => "EXPIRED",
            RequestStatus::Cancelled => "CANCELLED",
        }
    }
}

/// One SMS sent or call made, as kept for search and the timeline.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub struct DeliveryRecord {
    /// When it was sent.
    pub at: Millis,
    /// SMS or call.
    pub channel: Channel,
    /// Its id, as in search `events[]` and the check response.
    pub event_id: EventId,
    /// The PIN it carried.
    pub pin: Pin,
    /// Whether that PIN was generated for this delivery, the previous one having died.
    pub new_pin: bool,
}

/// One check that counted as an attempt.
#[derive(Clone, PartialEq, Eq, Debug)]
pub struct CheckRecord {
    /// When it was received.
    pub at: Millis,
    /// The code as given.
    pub code: String,
    /// Whether it was the right code.
    pub valid: bool,
}

/// A PIN's life, for drawing it.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub struct PinLife {
    /// The PIN.
    pub pin: Pin,
    /// When it was generated.
    pub born: Millis,
    /// When it dies (dead from this moment on), whether or not the request lasts that long.
    pub dies: Millis,
}

/// A verification request and everything that happened to it.
#[derive(Clone, Debug)]
pub struct Request {
    pub(crate) id: RequestId,
    /// Its place among every request the engine started, v1 and v2: timers due at one
    /// instant run in this order.
    pub(crate) order: u32,
    pub(crate) number: PhoneNumber,
    /// The brand named in messages; a PSD2 request's payee (its amount is kept beside
    /// it, in the engine's `payments`, so that requests stay 240 bytes).
    pub(crate) brand: Arc<str>,
    pub(crate) sender_id: Cow<'static, str>,
    pub(crate) account_id: Cow<'static, str>,
    pub(crate) lang: Lang,
    pub(crate) code_length: u8,
    pub(crate) timings: Timings,
    pub(crate) submitted: Millis,
    pub(crate) status: RequestStatus,
    pub(crate) finalized: Option<Millis>,
    /// Index of the next event of the workflow to run.
    /// (A `u8`: a workflow has at most three events, and the request stays 240 bytes.)
    pub(crate) next_event: u8,
    /// When the next event (or, with none left, the expiry) is due.
    pub(crate) next_at: Millis,
    /// Bumped whenever the schedule changes, so that stale timers are ignored.
    pub(crate) generation: u32,
    pub(crate) pin: Pin,
    pub(crate) pin_born: Millis,
    pub(crate) wrong_codes: u8,
    pub(crate) deliveries: Vec<DeliveryRecord>,
    pub(crate) checks: Vec<CheckRecord>,
    /// Its retention ran out: its id is no longer known, its history is gone.
    pub(crate) forgotten: bool,
}

impl Request {
    /// The request's id.
    pub fn id(&self) -> RequestId {
        self.id
    }
    /// The normalised phone number PINs go to.
    pub fn number(&self) -> &str {
        &self.number
    }
    /// The brand named in messages (a PSD2 request's payee).
    pub fn brand(&self) -> &str {
        &self.brand
    }
    /// The language of messages.
    pub fn lang(&self) -> Lang {
        self.lang
    }
    /// Workflow and effective timings.
    pub fn timings(&self) -> &Timings {
        &self.timings
    }
    /// When it was sent.
    pub fn submitted(&self) -> Millis {
        self.submitted
    }
    /// Where it stands.
    pub fn status(&self) -> RequestStatus {
        self.status
    }
    /// When it ended, if it has.
    pub fn finalized(&self) -> Option<Millis> {
        self.finalized
    }
    /// Every delivery so far, in order.
    pub fn deliveries(&self) -> &[DeliveryRecord] {
        &self.deliveries
    }
    /// Every check that counted as an attempt, in order.
    pub fn checks(&self) -> &[CheckRecord] {
        &self.checks
    }
    /// What the SMS and calls sent so far cost (`estimated_price_messages_sent`).
    pub fn messages_price(&self) -> MessagesPrice {
        MessagesPrice::sum(self.deliveries.iter().map(|d| d.channel))
    }
    /// The PIN last delivered (alive or not): what the user would type.
    pub fn current_pin(&self) -> Pin {
        self.pin
    }
    /// Wrong codes so far for the current PIN (the third ends the request).
    pub fn wrong_codes(&self) -> u8 {
        self.wrong_codes
    }
    /// When the current PIN dies.
    pub fn pin_dies(&self) -> Millis {
        self.pin_born + self.timings.pin_lifetime()
    }
    /// Whether another event is left to run (so `trigger_next_event` would succeed).
    pub fn has_next_event(&self) -> bool {
        self.status == RequestStatus::InProgress
            && usize::from(self.next_event) < self.timings.workflow.channels().len()
    }
    /// Every PIN this request has generated, in order.
    pub fn pins(&self) -> Vec<PinLife> {
        let lifetime = self.timings.pin_lifetime();
        self.deliveries
            .iter()
            .enumerate()
            .filter(|(i, d)| *i == 0 || d.new_pin)
            .map(|(i, d)| {
                let born = if i == 0 { self.submitted } else { d.at };
                PinLife {
                    pin: d.pin,
                    born,
                    dies: born + lifetime,
                }
            })
            .collect()
    }
    /// What is still to come if nothing interrupts it; empty once it has ended.
    pub fn plan(&self) -> Plan {
        match self.finalized {
            Some(end) => Plan {
                events: Vec::new(),
                end,
            },
            None => Plan::project(
                &self.timings,
                usize::from(self.next_event),
                self.next_at,
                self.pin_born,
            ),
        }
    }
    pub(crate) fn pin_alive_at(&self, at: Millis) -> bool {
        at < self.pin_dies()
    }
}

/// Something that happened to a phone or a request, for the shell to show.
///
/// Without the `v2` feature it has only v1's variants, and is `#[non_exhaustive]`: code
/// written for both builds (the playground's state, the tests) matches v2's with a
/// wildcard, which this keeps from being an unreachable pattern in the build without.
#[derive(Clone, Debug, PartialEq, Eq)]
#[cfg_attr(not(feature = "v2"), non_exhaustive)]
pub enum Happening {
    /// An SMS was sent or a call made.
    Delivered(Delivery),
    /// A running request's PIN died and a new one was generated, just before the
    /// delivery that carries it.
    PinRegenerated {
        /// When.
        at: Millis,
        /// Which request.
        request_id: RequestId,
    },
    /// A request reached SUCCESS, FAILED, EXPIRED or CANCELLED.
    Ended {
        /// When.
        at: Millis,
        /// Which request.
        request_id: RequestId,
        /// How it ended.
        status: RequestStatus,
    },
    /// A Verify v2 step sent its message: a code, or the WhatsApp question.
    #[cfg(feature = "v2")]
    V2Delivered(crate::v2::Delivery),
    /// A Verify v2 request ended (cancelled included), in v2's words.
    #[cfg(feature = "v2")]
    V2Ended {
        /// When.
        at: Millis,
        /// Which request.
        request_id: Uuid,
        /// How it ended.
        status: crate::v2::Status,
    },
    /// A Verify v2 callback was due: an event or a summary, with its JSON.
    #[cfg(feature = "v2")]
    Callback(crate::v2::Callback),
}

impl Happening {
    /// When it happened.
    pub fn at(&self) -> Millis {
        match self {
            Happening::Delivered(d) => d.at,
            Happening::PinRegenerated { at, .. } | Happening::Ended { at, .. } => *at,
            #[cfg(feature = "v2")]
            Happening::V2Ended { at, .. } => *at,
            #[cfg(feature = "v2")]
            Happening::V2Delivered(d) => d.at,
            #[cfg(feature = "v2")]
            Happening::Callback(c) => c.at,
        }
    }
    /// The request it belongs to. A v2 request's id is a [`Uuid`]: its 128 bits are
    /// given here as a [`RequestId`] (they name no v1 request); [`Happening::v2_request_id`]
    /// gives it as a UUID.
    pub fn request_id(&self) -> RequestId {
        match self {
            Happening::Delivered(d) => d.request_id,
            Happening::PinRegenerated { request_id, .. } | Happening::Ended { request_id, .. } => {
                *request_id
            }
            #[cfg(feature = "v2")]
            _ => RequestId(self.v2_request_id().map_or(0, |id| id.0)),
        }
    }
    /// The v2 request it belongs to; `None` for a v1 happening.
    #[cfg(feature = "v2")]
    pub fn v2_request_id(&self) -> Option<Uuid> {
        match self {
            Happening::V2Delivered(d) => Some(d.request_id),
            Happening::V2Ended { request_id, .. } => Some(*request_id),
            Happening::Callback(c) => Some(c.request_id),
            _ => None,
        }
    }
}

/// An SMS or call reaching a phone.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Delivery {
    /// When it was sent.
    pub at: Millis,
    /// The request it belongs to.
    pub request_id: RequestId,
    /// Its id.
    pub event_id: EventId,
    /// The normalised number it goes to.
    pub to: PhoneNumber,
    /// SMS or call.
    pub channel: Channel,
    /// The PIN it carries.
    pub pin: Pin,
    /// The brand named in it (a PSD2 request's payee).
    pub brand: Arc<str>,
    /// A PSD2 request's amount, rounded to two decimals: the texts then name a payment.
    pub amount: Option<Arc<str>>,
    /// Its language.
    pub lang: Lang,
    /// The PIN's lifetime in seconds, as the SMS states it.
    pub pin_expiry: u32,
    /// A phone fault kept it from the phone (A8): Verify sent it all the same.
    pub lost: bool,
    /// A phone fault delayed it (`sms-delay`): when it reached the phone.
    pub delivered_at: Option<Millis>,
}

impl Delivery {
    /// What the phone shows (SMS) or hears (call). Made on demand: the engine's hot path
    /// never formats text.
    pub fn text(&self) -> String {
        if let Some(amount) = &self.amount {
            let payment = crate::psd2::PaymentMessage {
                payee: &self.brand,
                amount,
                pin: self.pin,
                pin_expiry: self.pin_expiry,
            };
            return match self.channel {
                Channel::Sms => payment.sms(),
                Channel::Tts => payment.tts(),
            };
        }
        let message = crate::messages::Message {
            brand: &self.brand,
            pin: self.pin,
            pin_expiry: self.pin_expiry,
            lang: self.lang,
        };
        match self.channel {
            Channel::Sms => message.sms(),
            Channel::Tts => message.tts(),
        }
    }
}
