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

/// A delivery as `/_sim/deliveries` lists it.
#[derive(Debug, Serialize)]
pub struct DeliveryView {
    /// When it was sent.
    pub at: Seconds,
    /// The normalised number.
    pub number: String,
    /// `sms` or `tts`.
    pub channel: &'static str,
    /// The request that sent it.
    pub request_id: String,
    /// Its id.
    pub event_id: String,
    /// The SMS text or the call's transcript.
    pub text: String,
    /// The PIN it carries.
    pub pin: String,
}

/// `/_sim/deliveries`' answer.
#[derive(Debug, Serialize)]
pub struct Deliveries {
    /// Oldest first.
    pub deliveries: Vec<DeliveryView>,
}
