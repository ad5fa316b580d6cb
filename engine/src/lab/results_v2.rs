//! What a lab run found for each v2 channel sequence: the same figures as a v1
//! workflow's, with every channel's messages and their prices.

use serde::{Deserialize, Serialize};

use crate::time::Millis;

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

    fn share(&self, count: u64) -> f64 {
        if self.users == 0 {
            0.0
        } else {
            count as f64 / self.users as f64
        }
    }

    fn per_verified(&self, count: f64) -> Option<f64> {
        (self.verified > 0).then(|| count / self.verified as f64)
    }

    /// Share of users verified, 0-1.
    pub fn verification_rate(&self) -> f64 {
        self.share(self.verified)
    }

    /// Share of users whose request failed by wrong codes, 0-1.
    pub fn failed_share(&self) -> f64 {
        self.share(self.failed_wrong_codes)
    }

    /// Share of users whose request expired while they were still waiting, 0-1.
    pub fn expired_share(&self) -> f64 {
        self.share(self.expired)
    }

    /// Share of users who gave up, 0-1.
    pub fn gave_up_share(&self) -> f64 {
        self.share(self.gave_up)
    }

    /// SMS sent per verified user.
    pub fn sms_per_verified(&self) -> Option<f64> {
        self.per_verified(self.sms_sent as f64)
    }

    /// Calls made per verified user.
    pub fn calls_per_verified(&self) -> Option<f64> {
        self.per_verified(self.calls_sent as f64)
    }

    /// WhatsApp messages and emails sent per verified user.
    pub fn whatsapp_email_per_verified(&self) -> Option<f64> {
        self.per_verified((self.whatsapp_sent + self.emails_sent) as f64)
    }

    /// What every step cost, in EUR.
    pub fn total_cost(&self) -> f64 {
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

    /// Total cost divided by verified users, in EUR.
    pub fn cost_per_verified(&self) -> Option<f64> {
        self.per_verified(self.total_cost())
    }
}
