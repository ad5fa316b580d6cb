//! What a lab run found for each v2 channel sequence: the same figures as a v1
//! workflow's, with every channel's messages and their prices.

use serde::{Deserialize, Serialize};

use crate::time::Millis;

use super::outcomes::{Counts, Outcomes};
use super::results::Histogram;
use super::sequence::Sequence;

/// One v2 sequence's results.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct SequenceResult {
    /// Its index in [`super::SEQUENCES`].
    pub sequence: u8,
    /// Simulated users.
    pub users: u64,
    /// Requests that ended `completed`.
    pub verified: u64,
    /// Of them, requests completed in their first step.
    pub verified_first_event: u64,
    /// Requests that ended `failed`: the third wrong code.
    pub failed_wrong_codes: u64,
    /// Requests that ended unconverted while the user was still willing.
    pub expired: u64,
    /// Requests that ended unconverted after the user had given up waiting.
    pub gave_up: u64,
    /// SMS steps started (each sends the code once).
    pub sms_sent: u64,
    /// Voice steps started.
    pub calls_sent: u64,
    /// WhatsApp steps started.
    pub whatsapp_sent: u64,
    /// Email steps started.
    pub emails_sent: u64,
    /// Silent authentication steps started.
    pub silent_auths: u64,
    /// Checks made with a wrong code (400 or 410).
    pub wrong_checks: u64,
    /// Median time from request to `completed`, in ms (nearest rank).
    pub median_ms: Option<Millis>,
    /// 90th percentile of the time to verify, in ms (nearest rank).
    pub p90_ms: Option<Millis>,
    /// Time to verify, in buckets shared by every sequence of the run.
    pub histogram: Histogram,
    /// The prices the costs use, in EUR: SMS, call, WhatsApp, email, silent auth.
    pub prices: [f64; 5],
}

impl SequenceResult {
    /// The sequence.
    pub fn sequence(&self) -> Option<Sequence> {
        Sequence::at(self.sequence)
    }

    /// WhatsApp messages and emails sent per verified user.
    pub fn whatsapp_email_per_verified(&self) -> Option<f64> {
        self.per_verified((self.whatsapp_sent + self.emails_sent) as f64)
    }
}

impl Outcomes for SequenceResult {
    fn counts(&self) -> Counts {
        Counts {
            users: self.users,
            verified: self.verified,
            verified_first_event: self.verified_first_event,
            failed_wrong_codes: self.failed_wrong_codes,
            expired: self.expired,
            gave_up: self.gave_up,
            sms_sent: self.sms_sent,
            calls_sent: self.calls_sent,
        }
    }

    fn median(&self) -> Option<Millis> {
        self.median_ms
    }

    fn p90(&self) -> Option<Millis> {
        self.p90_ms
    }

    fn times(&self) -> &Histogram {
        &self.histogram
    }

    fn total_cost(&self) -> f64 {
        let counts = [
            self.sms_sent,
            self.calls_sent,
            self.whatsapp_sent,
            self.emails_sent,
            self.silent_auths,
        ];
        counts
            .iter()
            .zip(self.prices)
            .map(|(&n, price)| n as f64 * price)
            .sum()
    }
}
