//! Verify v2's channel sequences the lab compares with v1's workflows, on the same users:
//! plain data, so that a page built without the engine's `v2` feature can name them (the
//! simulation itself runs in the worker, through the engine's v2 API).

use serde::{Deserialize, Serialize};

use crate::time::{Millis, SECOND};

use super::model::Population;
use super::LabError;

/// Part C2's default `channel_timeout`, in seconds, used when the model gives none.
pub const DEFAULT_CHANNEL_TIMEOUT: u32 = 180;

/// How long a silent_auth step lasts whatever the channel_timeout (Part C3), in seconds.
pub const SILENT_AUTH_STEP_S: u32 = 60;

/// A channel of a v2 sequence, as the lab uses them.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum LabChannel {
    /// An SMS with the code.
    Sms,
    /// A call saying the code.
    Voice,
    /// A WhatsApp message with the code.
    Whatsapp,
    /// An email with the code.
    Email,
    /// The device checking itself (the sandbox decides by the number, Part C5).
    SilentAuth,
}

impl LabChannel {
    /// The channel's name in a v2 request's `workflow`.
    pub fn as_str(self) -> &'static str {
        match self {
            LabChannel::Sms => "sms",
            LabChannel::Voice => "voice",
            LabChannel::Whatsapp => "whatsapp",
            LabChannel::Email => "email",
            LabChannel::SilentAuth => "silent_auth",
        }
    }
}

/// One v2 `workflow`: its channels in order.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Sequence {
    /// The steps, in order.
    pub channels: &'static [LabChannel],
}

use LabChannel::{Email, SilentAuth, Sms, Voice, Whatsapp};

/// The sequences the lab runs, in table order (index = [`SequenceResult::sequence`]).
///
/// [`SequenceResult::sequence`]: super::SequenceResult::sequence
pub const SEQUENCES: [Sequence; 6] = [
    Sequence {
        channels: &[Sms, Voice],
    },
    Sequence {
        channels: &[Sms, Voice, Voice],
    },
    Sequence {
        channels: &[Whatsapp, Sms],
    },
    Sequence {
        channels: &[Whatsapp, Voice],
    },
    Sequence {
        channels: &[Email, Sms],
    },
    Sequence {
        channels: &[SilentAuth, Sms],
    },
];

impl Sequence {
    /// The sequence at `index` in [`SEQUENCES`].
    pub fn at(index: u8) -> Option<Sequence> {
        SEQUENCES.get(usize::from(index)).copied()
    }

    /// Its name as the table shows it: `whatsapp → sms`.
    pub fn name(self) -> String {
        let names: Vec<&str> = self.channels.iter().map(|c| c.as_str()).collect();
        names.join(" → ")
    }

    /// Its schedule under `channel_timeout` (s): `whatsapp → 180 s → sms → 180 s → end`.
    pub fn describe(self, channel_timeout: u32) -> String {
        let mut text = String::new();
        for channel in self.channels {
            text.push_str(channel.as_str());
            text.push_str(&format!(" → {} s → ", step_s(*channel, channel_timeout)));
        }
        text.push_str("end");
        text
    }

    /// How long the whole sequence lasts when no step converts, in ms.
    pub fn span_ms(self, channel_timeout: u32) -> Millis {
        self.channels
            .iter()
            .map(|&c| Millis::from(step_s(c, channel_timeout)) * SECOND)
            .sum()
    }
}

/// Seconds a step of `channel` lasts under `channel_timeout`.
fn step_s(channel: LabChannel, channel_timeout: u32) -> u32 {
    match channel {
        LabChannel::SilentAuth => SILENT_AUTH_STEP_S,
        _ => channel_timeout,
    }
}

impl Population {
    /// The `channel_timeout` the v2 requests are sent with (Part C2's default if none).
    pub fn channel_timeout_s(&self) -> u32 {
        self.channel_timeout.unwrap_or(DEFAULT_CHANNEL_TIMEOUT)
    }

    /// Checks the fields only v2's channels use, naming the first bad one.
    pub(super) fn validate_v2(&self) -> Result<(), LabError> {
        let invalid = |field, rule| Err(LabError::Invalid { field, rule });
        for (field, value) in [
            ("whatsapp_reach", self.whatsapp_reach),
            ("email_reach", self.email_reach),
            ("silent_auth_success", self.silent_auth_success),
        ] {
            if !(0.0..=1.0).contains(&value) {
                return invalid(field, "a share between 0 and 1");
            }
        }
        for (field, value) in [
            ("whatsapp_read_median_s", self.whatsapp_read_median_s),
            ("email_read_median_s", self.email_read_median_s),
            ("silent_auth_s", self.silent_auth_s),
        ] {
            if !(0.0..=super::MAX_DELAY_S).contains(&value) {
                return invalid(field, "seconds between 0 and 86400");
            }
        }
        for (field, value) in [
            ("whatsapp_read_spread", self.whatsapp_read_spread),
            ("email_read_spread", self.email_read_spread),
        ] {
            if !(0.0..=3.0).contains(&value) {
                return invalid(field, "a spread between 0 and 3");
            }
        }
        for (field, value) in [
            ("price_whatsapp", self.price_whatsapp),
            ("price_email", self.price_email),
            ("price_silent_auth", self.price_silent_auth),
        ] {
            if !(0.0..=1000.0).contains(&value) {
                return invalid(field, "a price between 0 and 1000");
            }
        }
        if !(15..=900).contains(&self.channel_timeout_s()) {
            // Part C2's rule, in its words.
            return invalid("channel_timeout", "between 15 and 900");
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sequences_are_named_and_timed() {
        let seq = Sequence::at(5).unwrap();
        assert_eq!(seq.name(), "silent_auth → sms");
        assert_eq!(seq.describe(120), "silent_auth → 60 s → sms → 120 s → end");
        assert_eq!(seq.span_ms(120), 180_000);
        assert!(Sequence::at(6).is_none());
    }
}
