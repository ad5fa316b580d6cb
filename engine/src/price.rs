//! What Verify charges: the price of a verified request, and what a request's deliveries
//! cost (the `estimated_price_messages_sent` that a successful check and every search
//! record carry, Part A4).

use std::fmt;

use serde::{Serialize, Serializer};

use crate::workflow::Channel;

/// The price of a verified request: what a successful check and a verified request's
/// search record say it cost (Part A4).
pub const PRICE: &str = "0.05000000";

/// The currency of every price.
pub const CURRENCY: &str = "EUR";

/// Hundred-thousandths of a euro in one euro: the API prints five decimals.
const UNITS_PER_EURO: u64 = 100_000;

/// An estimate of what the SMS and calls sent so far cost, in EUR. Kept as an integer
/// number of 0.00001 EUR so that sums are exact and print as the API prints them
/// (`0.09350`).
#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Debug, Default)]
pub struct MessagesPrice(u64);

impl MessagesPrice {
    /// Nothing sent yet.
    pub const ZERO: MessagesPrice = MessagesPrice(0);

    /// The price of one delivery on `channel`: 0.04675 EUR per SMS, the figure in
    /// Vonage's 2024 response captures, and 0.03500 EUR per call (illustrative: no capture
    /// shows one).
    pub fn of(channel: Channel) -> MessagesPrice {
        MessagesPrice(match channel {
            Channel::Sms => 4_675,
            Channel::Tts => 3_500,
        })
    }

    /// The price of every delivery in `channels`.
    pub fn sum(channels: impl IntoIterator<Item = Channel>) -> MessagesPrice {
        MessagesPrice(channels.into_iter().map(|c| MessagesPrice::of(c).0).sum())
    }

    /// The price in hundred-thousandths of a euro.
    pub fn units(self) -> u64 {
        self.0
    }

    /// The price in euros, for arithmetic on estimates (the Reach lab's costs); exact
    /// to the five decimals the API prints.
    pub fn euros(self) -> f64 {
        self.0 as f64 / UNITS_PER_EURO as f64
    }
}

impl fmt::Display for MessagesPrice {
    /// Five decimals, as the API writes it: `0.04675`, `0.12850`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{}.{:05}",
            self.0 / UNITS_PER_EURO,
            self.0 % UNITS_PER_EURO
        )
    }
}

impl Serialize for MessagesPrice {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(self)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn prints_five_decimals_as_the_captures_do() {
        assert_eq!(MessagesPrice::ZERO.to_string(), "0.00000");
        assert_eq!(MessagesPrice::of(Channel::Sms).to_string(), "0.04675");
        assert_eq!(
            MessagesPrice::sum([Channel::Sms, Channel::Sms]).to_string(),
            "0.09350"
        );
        assert_eq!(
            MessagesPrice::sum([Channel::Sms, Channel::Sms, Channel::Tts]).to_string(),
            "0.12850"
        );
        assert_eq!(MessagesPrice(1_234_567).to_string(), "12.34567");
    }
}
