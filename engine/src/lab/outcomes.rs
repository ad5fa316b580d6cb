//! What every lab row says alike, a v1 workflow's or a v2 sequence's: the shares of its
//! users by outcome, messages and cost per verified user, and which row is best for a
//! goal. Written once here so that both kinds of row compute them the same way.

use crate::time::Millis;

use super::results::{Goal, Histogram};

/// The outcome and message counts of one row, which its shares and per-verified figures
/// derive from.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Counts {
    /// Simulated users.
    pub users: u64,
    /// Users verified.
    pub verified: u64,
    /// Of them, users verified with the first delivery (v1's first event, v2's first
    /// step).
    pub verified_first_event: u64,
    /// Requests that failed on the third wrong code.
    pub failed_wrong_codes: u64,
    /// Requests that ran out while the user was still willing.
    pub expired: u64,
    /// Requests that ran out after the user had given up waiting.
    pub gave_up: u64,
    /// SMS sent.
    pub sms_sent: u64,
    /// Calls made.
    pub calls_sent: u64,
}

/// A lab row's figures: each row says what it counted, how long its users took and what
/// it cost; the shares and per-verified figures follow the same way for every row.
pub trait Outcomes {
    /// The row's counts.
    fn counts(&self) -> Counts;

    /// Median time to verify, in ms; `None` if nobody was verified.
    fn median(&self) -> Option<Millis>;

    /// 90th percentile of the time to verify, in ms; `None` if nobody was verified.
    fn p90(&self) -> Option<Millis>;

    /// Time to verify, in the run's buckets.
    fn times(&self) -> &Histogram;

    /// What every message (and silent authentication) cost, in EUR.
    fn total_cost(&self) -> f64;

    /// `count` as a share of the row's users, 0-1 (0 for a row without users).
    fn share(&self, count: u64) -> f64 {
        let users = self.counts().users;
        if users == 0 {
            0.0
        } else {
            count as f64 / users as f64
        }
    }

    /// `amount` per verified user; `None` if nobody was verified.
    fn per_verified(&self, amount: f64) -> Option<f64> {
        let verified = self.counts().verified;
        (verified > 0).then(|| amount / verified as f64)
    }

    /// Share of users verified, 0-1.
    fn verification_rate(&self) -> f64 {
        self.share(self.counts().verified)
    }

    /// Share of users whose request failed by wrong codes, 0-1.
    fn failed_share(&self) -> f64 {
        self.share(self.counts().failed_wrong_codes)
    }

    /// Share of users whose request expired while they were still waiting, 0-1.
    fn expired_share(&self) -> f64 {
        self.share(self.counts().expired)
    }

    /// Share of users who gave up, 0-1.
    fn gave_up_share(&self) -> f64 {
        self.share(self.counts().gave_up)
    }

    /// SMS sent per verified user.
    fn sms_per_verified(&self) -> Option<f64> {
        self.per_verified(self.counts().sms_sent as f64)
    }

    /// Calls made per verified user.
    fn calls_per_verified(&self) -> Option<f64> {
        self.per_verified(self.counts().calls_sent as f64)
    }

    /// Total cost divided by verified users, in EUR: the price of one verified user.
    fn cost_per_verified(&self) -> Option<f64> {
        self.per_verified(self.total_cost())
    }
}

/// The index of the row of `rows` best for `goal`, if any qualifies (for speed and cost:
/// one that verifies anyone). Ties go to the higher rate, then the earlier row.
pub fn best_row<R: Outcomes>(rows: &[R], goal: Goal) -> Option<usize> {
    let mut best: Option<(usize, f64, f64)> = None;
    for (index, row) in rows.iter().enumerate() {
        let rate = row.verification_rate();
        // Lower score is better.
        let score = match goal {
            Goal::HighestRate => -rate,
            Goal::FastestMedian => match row.median() {
                Some(ms) => ms as f64,
                None => continue,
            },
            Goal::LowestCost => match row.cost_per_verified() {
                Some(cost) => cost,
                None => continue,
            },
        };
        let better = match best {
            None => true,
            Some((_, best_score, best_rate)) => {
                score < best_score || (score == best_score && rate > best_rate)
            }
        };
        if better {
            best = Some((index, score, rate));
        }
    }
    best.map(|(index, _, _)| index)
}
