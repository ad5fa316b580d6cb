//! The JSON the `/_sim/` helpers take and answer with (`sim.rs` serves them, the session
//! fills them in): a clock change's answer and the deliveries. The clock itself
//! and the event stream's messages are the engine's (`verify_engine::journal::wire`),
//! shared with the playground that reads them. Their fields are a
//! contract (the README's table lists them).

use serde::Serialize;
use serde_json::value::RawValue;
use verify_engine::journal::wire::ClockView;
use verify_engine::{Millis, SECOND};

/// Simulated milliseconds written as seconds: an integer when whole (`125`, `12.5`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Seconds(pub Millis);

impl Serialize for Seconds {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        if self.0.is_multiple_of(SECOND) {
            s.serialize_u64(self.0 / SECOND)
        } else {
            s.serialize_f64(self.0 as f64 / SECOND as f64)
        }
    }
}

/// A clock change's answer: the new clock and what happened meanwhile.
#[derive(Debug, Serialize)]
pub struct ClockChanged {
    /// The clock now.
    #[serde(flatten)]
    pub clock: ClockView,
    /// Deliveries, new PINs and ends, as `verify-sim` prints them.
    pub happened: Vec<Box<RawValue>>,
}

/// A delivery as `/_sim/deliveries` lists it: v1's SMS and calls (`number`, `event_id`,
/// `pin` always) and v2's steps (`subject` for email, `pin` absent when codeless).
#[derive(Debug, Serialize)]
pub struct DeliveryView {
    /// When it was sent.
    pub at: Seconds,
    /// v1: the normalised number (the same as `to`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub number: Option<String>,
    /// The recipient: a number's digits, or an email address as given.
    pub to: String,
    /// v1: `sms` or `tts`; v2: `sms`, `voice`, `whatsapp`, `rcs`, `email` or
    /// `whatsapp_interactive`.
    pub channel: &'static str,
    /// The request that sent it.
    pub request_id: String,
    /// v1: its id.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub event_id: Option<String>,
    /// v2 email: the subject.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub subject: Option<String>,
    /// The SMS text, the call's transcript, the email's body or the WhatsApp question.
    pub text: String,
    /// The PIN or code it carries; absent for the whatsapp_interactive question.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub pin: Option<String>,
    /// `true` when a phone fault kept it from the phone (A8: Verify sent it all the
    /// same); absent otherwise.
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub lost: bool,
    /// When it reached the phone, if a phone fault (`sms-delay`) made it late; absent
    /// otherwise.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub delivered_at: Option<Seconds>,
}

/// `/_sim/deliveries`' answer.
#[derive(Debug, Serialize)]
pub struct Deliveries {
    /// Oldest first.
    pub deliveries: Vec<DeliveryView>,
}

/// A v2 callback as `/_sim/callbacks` lists it.
#[derive(Debug, Serialize)]
pub struct CallbackView {
    /// When it was due, in simulated seconds.
    pub at: Seconds,
    /// Where it was sent: `--callback-url`, or `null` without one.
    pub url: Option<String>,
    /// The JSON object POSTed (the engine's, byte for byte).
    pub body: Box<RawValue>,
    /// `true`: the endpoint answered 2xx; `false`: it failed, timed out, was dropped, or
    /// there is no `--callback-url`; `null`: still queued or in flight.
    pub delivered: Option<bool>,
}

/// `/_sim/callbacks`' answer.
#[derive(Debug, Serialize)]
pub struct Callbacks {
    /// Oldest first.
    pub callbacks: Vec<CallbackView>,
}
