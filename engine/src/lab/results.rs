//! What a lab run found, per workflow: outcomes, time to verify, deliveries and cost,
//! and which workflow is best for a goal.

use serde::{Deserialize, Serialize};

use crate::time::Millis;
use crate::workflow::Workflow;

use super::model::Population;
use super::outcomes::{best_row, Counts, Outcomes};

/// What the lab optimises for when it names the best workflow.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Goal {
    /// The most users verified.
    #[default]
    HighestRate,
    /// The shortest median time to verify, among workflows that verify anyone.
    FastestMedian,
    /// The lowest cost per verified user, among workflows that verify anyone.
    LowestCost,
}

impl Goal {
    /// Every goal, in the order a form lists them.
    pub const ALL: [Goal; 3] = [Goal::HighestRate, Goal::FastestMedian, Goal::LowestCost];

    /// A short stable key (`highest-rate`, ...).
    pub fn key(self) -> &'static str {
        match self {
            Goal::HighestRate => "highest-rate",
            Goal::FastestMedian => "fastest-median",
            Goal::LowestCost => "lowest-cost",
        }
    }

    /// The goal with this key.
    pub fn from_key(key: &str) -> Option<Goal> {
        Goal::ALL.into_iter().find(|g| g.key() == key)
    }

    /// What people call it.
    pub fn label(self) -> &'static str {
        match self {
            Goal::HighestRate => "Highest verification rate",
            Goal::FastestMedian => "Fastest median time to verify",
            Goal::LowestCost => "Lowest cost per verified user",
        }
    }
}

/// Counts of verified users per time bucket: bucket `i` holds times in
/// `[i · bucket_ms, (i + 1) · bucket_ms)`; the last bucket also holds anything later.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Histogram {
    /// Width of one bucket in milliseconds.
    pub bucket_ms: Millis,
    /// Users per bucket.
    pub counts: Vec<u64>,
}

impl Histogram {
    /// Empty buckets of a "nice" width (10 s, 15 s, 20 s, 30 s, 1 min, ...) covering
    /// `0..span_ms` in at most `max_buckets` buckets.
    pub fn covering(span_ms: Millis, max_buckets: usize) -> Histogram {
        const NICE_S: [Millis; 12] = [1, 2, 5, 10, 15, 20, 30, 60, 120, 300, 600, 1800];
        let max = max_buckets.max(1) as Millis;
        let bucket_s = NICE_S
            .iter()
            .copied()
            .find(|w| span_ms.div_ceil(w * 1000) <= max)
            .unwrap_or_else(|| span_ms.div_ceil(max * 1000).max(1));
        let bucket_ms = bucket_s * 1000;
        let buckets = span_ms.div_ceil(bucket_ms).max(1);
        Histogram {
            bucket_ms,
            counts: vec![0; buckets as usize],
        }
    }

    /// Counts one time.
    pub fn add(&mut self, at: Millis) {
        let last = self.counts.len().saturating_sub(1);
        let index = usize::try_from(at / self.bucket_ms).map_or(last, |i| i.min(last));
        if let Some(count) = self.counts.get_mut(index) {
            *count += 1;
        }
    }

    /// The largest count, for scaling a plot.
    pub fn peak(&self) -> u64 {
        self.counts.iter().copied().max().unwrap_or(0)
    }
}

/// One workflow's results.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct WorkflowResult {
    /// The `workflow_id`, 1-7.
    pub workflow: u8,
    /// Simulated users.
    pub users: u64,
    /// Users whose request ended SUCCESS.
    pub verified: u64,
    /// Of them, users verified before the workflow's second event (with the first PIN
    /// delivery).
    pub verified_first_event: u64,
    /// Requests that ended FAILED: the third wrong code for one PIN (status 17).
    pub failed_wrong_codes: u64,
    /// Requests that ended EXPIRED while the user was still willing.
    pub expired: u64,
    /// Requests that ended EXPIRED after the user had given up waiting.
    pub gave_up: u64,
    /// SMS sent, whether read or not.
    pub sms_sent: u64,
    /// Calls made, whether answered or not.
    pub calls_sent: u64,
    /// Checks made with a wrong code (status 16 or 17).
    pub wrong_checks: u64,
    /// Median time from request to SUCCESS, in ms (nearest rank); `None` if nobody was
    /// verified.
    pub median_ms: Option<Millis>,
    /// 90th percentile of the time to verify, in ms (nearest rank).
    pub p90_ms: Option<Millis>,
    /// Time to verify, in buckets shared by every workflow of the run.
    pub histogram: Histogram,
    /// Price of an SMS used for the costs, in EUR.
    pub price_sms: f64,
    /// Price of a call used for the costs, in EUR.
    pub price_call: f64,
}

impl WorkflowResult {
    /// The workflow.
    pub fn workflow(&self) -> Option<Workflow> {
        Workflow::from_id(self.workflow)
    }
}

impl Outcomes for WorkflowResult {
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
        self.sms_sent as f64 * self.price_sms + self.calls_sent as f64 * self.price_call
    }
}

/// The results of a whole run.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct LabResults {
    /// The seed the run used.
    pub seed: u64,
    /// The model it ran.
    pub population: Population,
    /// One entry per workflow, in id order.
    pub workflows: Vec<WorkflowResult>,
    /// One entry per v2 sequence, in [`super::SEQUENCES`] order; empty when the engine
    /// that ran it had no v2.
    #[serde(default)]
    pub sequences: Vec<super::SequenceResult>,
}

impl LabResults {
    /// The workflow id best for `goal`, if any workflow qualifies (for speed and cost:
    /// one that verifies anyone). Ties go to the higher rate, then the lower id.
    pub fn best(&self, goal: Goal) -> Option<u8> {
        best_of(&self.workflows, goal)
    }

    /// The index in [`super::SEQUENCES`] of the v2 sequence best for `goal`, on the same
    /// terms as [`LabResults::best`]; `None` without sequences.
    pub fn best_sequence(&self, goal: Goal) -> Option<u8> {
        best_row(&self.sequences, goal)
            .and_then(|index| self.sequences.get(index))
            .map(|result| result.sequence)
    }

    /// One run's results from the results of runs of disjoint rows of the same
    /// configuration ([`super::LabRun::for_rows`]), in any order: rows in id order, as
    /// one run of them all gives. `None` without parts.
    pub fn merge(parts: impl IntoIterator<Item = LabResults>) -> Option<LabResults> {
        let mut parts = parts.into_iter();
        let mut whole = parts.next()?;
        for part in parts {
            whole.workflows.extend(part.workflows);
            whole.sequences.extend(part.sequences);
        }
        whole.workflows.sort_by_key(|row| row.workflow);
        whole.sequences.sort_by_key(|row| row.sequence);
        Some(whole)
    }
}

/// The best of `results` for `goal`; see [`LabResults::best`].
pub fn best_of(results: &[WorkflowResult], goal: Goal) -> Option<u8> {
    best_row(results, goal)
        .and_then(|index| results.get(index))
        .map(|result| result.workflow)
}

/// The nearest-rank percentile `p` (0-100) of unsorted `times`, reordering them.
pub(crate) fn percentile(times: &mut [Millis], p: u64) -> Option<Millis> {
    if times.is_empty() {
        return None;
    }
    let n = times.len() as u64;
    let rank = (p * n).div_ceil(100).clamp(1, n);
    let index = (rank - 1) as usize;
    let (_, value, _) = times.select_nth_unstable(index);
    Some(*value)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn nearest_rank_percentiles() {
        let mut times = vec![50, 10, 40, 20, 30];
        assert_eq!(percentile(&mut times, 50), Some(30));
        assert_eq!(percentile(&mut times, 90), Some(50));
        assert_eq!(percentile(&mut [7], 90), Some(7));
        assert_eq!(percentile(&mut [], 50), None);
        let mut ten: Vec<u64> = (1..=10).collect();
        assert_eq!(percentile(&mut ten, 50), Some(5));
        assert_eq!(percentile(&mut ten, 90), Some(9));
    }

    #[test]
    fn histograms_pick_nice_buckets() {
        let h = Histogram::covering(605_000, 40);
        assert_eq!((h.bucket_ms, h.counts.len()), (20_000, 31));
        let mut h = Histogram::covering(300_000, 30);
        assert_eq!(h.bucket_ms, 10_000);
        h.add(0);
        h.add(9_999);
        h.add(10_000);
        h.add(10_000_000);
        assert_eq!(h.counts[0], 2);
        assert_eq!(h.counts[1], 1);
        assert_eq!(h.counts[29], 1);
        assert_eq!(h.peak(), 2);
        let h = Histogram::covering(10_800_000, 40);
        assert_eq!(h.bucket_ms, 300_000);
    }

    #[test]
    fn goals_round_trip_their_keys() {
        for goal in Goal::ALL {
            assert_eq!(Goal::from_key(goal.key()), Some(goal));
        }
        assert_eq!(Goal::from_key("cheapest"), None);
    }
}
