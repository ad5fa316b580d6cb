//! The v2 channel sequences' rows of a run: simulated through the engine's v2 API when
//! the engine has it (the `v2` feature), absent otherwise (a build without v2 still reads
//! and shows results a v2 build made).

use std::ops::Range;

use super::cohort::Model;
use super::model::Population;
use super::results_v2::SequenceResult;
use super::LabConfig;

#[cfg(feature = "v2")]
use super::cohort_v2::{run_cohort, ModelV2, TallyV2};
#[cfg(feature = "v2")]
use super::results::Histogram;
#[cfg(feature = "v2")]
use super::sequence::SEQUENCES;

/// The sequence rows in progress.
#[derive(Debug)]
pub(super) struct SequenceRows {
    done: Vec<SequenceResult>,
    #[cfg(feature = "v2")]
    model: ModelV2,
    #[cfg(feature = "v2")]
    tally: TallyV2,
    #[cfg(feature = "v2")]
    span_ms: crate::time::Millis,
}

impl SequenceRows {
    /// How many sequence rows a run has.
    #[cfg(feature = "v2")]
    pub(super) const COUNT: usize = SEQUENCES.len();
    /// How many sequence rows a run has: none without v2.
    #[cfg(not(feature = "v2"))]
    pub(super) const COUNT: usize = 0;

    pub(super) fn new(population: &Population) -> SequenceRows {
        #[cfg(not(feature = "v2"))]
        let _ = population;
        SequenceRows {
            done: Vec::new(),
            #[cfg(feature = "v2")]
            model: ModelV2::new(population),
            #[cfg(feature = "v2")]
            tally: TallyV2::default(),
            #[cfg(feature = "v2")]
            span_ms: SEQUENCES
                .iter()
                .map(|s| s.span_ms(population.channel_timeout_s()))
                .max()
                .unwrap_or(0),
        }
    }

    /// Simulates one cohort of sequence `index` (the one whose row is open).
    pub(super) fn run(
        &mut self,
        model: &Model,
        config: &LabConfig,
        index: usize,
        users: Range<u32>,
    ) {
        #[cfg(feature = "v2")]
        run_cohort(
            model,
            &self.model,
            config,
            index as u8,
            users,
            &mut self.tally,
        );
        #[cfg(not(feature = "v2"))]
        let _ = (model, config, index, users);
    }

    /// Closes sequence `index`'s row.
    pub(super) fn finish_row(&mut self, index: usize, users: u32, population: &Population) {
        #[cfg(feature = "v2")]
        {
            let mut tally = std::mem::take(&mut self.tally);
            let (median_ms, p90_ms) = tally.percentiles();
            let mut histogram = Histogram::covering(self.span_ms, super::HISTOGRAM_BUCKETS);
            for &t in &tally.times {
                histogram.add(t);
            }
            let [sms_sent, calls_sent, whatsapp_sent, emails_sent, silent_auths] = tally.steps;
            self.done.push(SequenceResult {
                sequence: index as u8,
                users: u64::from(users),
                verified: tally.verified,
                verified_first_event: tally.verified_first_event,
                failed_wrong_codes: tally.failed,
                expired: tally.expired,
                gave_up: tally.gave_up,
                sms_sent,
                calls_sent,
                whatsapp_sent,
                emails_sent,
                silent_auths,
                wrong_checks: tally.wrong_checks,
                median_ms,
                p90_ms,
                histogram,
                prices: [
                    population.price_sms,
                    population.price_call,
                    population.price_whatsapp,
                    population.price_email,
                    population.price_silent_auth,
                ],
            });
        }
        #[cfg(not(feature = "v2"))]
        let _ = (index, users, population);
    }

    /// The sequences finished so far.
    pub(super) fn done(&self) -> &[SequenceResult] {
        &self.done
    }

    pub(super) fn into_done(self) -> Vec<SequenceResult> {
        self.done
    }
}
