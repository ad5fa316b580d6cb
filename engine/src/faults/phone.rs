//! Phone faults marking deliveries (A8, A9): Verify does not know a message was lost,
//! so the schedule, `events[]`, prices and `$pin` stay as they are; only what reaches
//! the phone changes. A fault set at T does not touch deliveries due at T: those ran
//! before the call that set it.

use super::name::PhoneFault;
use crate::engine::Engine;
use crate::time::Millis;

/// What a phone fault did to one delivery.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Mark {
    /// Nothing reached the phone (sms-lost, call-unanswered, phone-off).
    pub lost: bool,
    /// It reached the phone at this time, later than sent (sms-delay).
    pub delivered_at: Option<Millis>,
}

impl Engine {
    /// The mark of a delivery sent now on `channel` (its scenario name) to `to` (digits),
    /// counting the phone fault that hits it; unmarked when none does.
    pub(crate) fn phone_mark(&mut self, channel: &str, to: &str) -> Mark {
        if self.faults.is_empty() {
            return Mark::default();
        }
        match self.faults.phone(channel, to) {
            None => Mark::default(),
            Some(PhoneFault::SmsDelay(delay)) => Mark {
                lost: false,
                delivered_at: Some(self.now + delay),
            },
            Some(_) => Mark {
                lost: true,
                delivered_at: None,
            },
        }
    }
}
