//! The Monte Carlo driver: simulated users going through the engine's real API, in
//! cohorts, with a work budget per step so that a browser can run it in chunks.

use crate::time::Millis;
use crate::workflow::Workflow;

use super::cohort::{Cohort, Model, Tally, COHORT};
use super::model::Population;
use super::results::{percentile, Histogram, LabResults, WorkflowResult};
use super::rows::SequenceRows;
use super::{LabConfig, LabError};

/// The most buckets a time-to-verify histogram has.
pub const HISTOGRAM_BUCKETS: usize = 40;

/// How far a run has got.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Progress {
    /// Users whose lifecycle is complete, over every workflow.
    pub users_done: u64,
    /// Users to simulate in all (users per workflow × the run's rows: 7 workflows, and
    /// the v2 sequences when the engine has v2, unless the run takes only some).
    pub users_total: u64,
}

impl Progress {
    /// Whether every user has been simulated.
    pub fn is_finished(self) -> bool {
        self.users_done >= self.users_total
    }

    /// Done so far, 0-1.
    pub fn fraction(self) -> f64 {
        if self.users_total == 0 {
            1.0
        } else {
            self.users_done as f64 / self.users_total as f64
        }
    }
}

/// How many rows a run has: the seven workflows, then (with the engine's `v2` feature)
/// the v2 channel sequences. Row `i` is `Workflow::ALL[i]` for `i < 7`, else sequence
/// `i - 7` of [`super::SEQUENCES`].
pub const ROWS: usize = Workflow::ALL.len() + SequenceRows::COUNT;

/// A lab run in progress: the seven workflows one after the other, then (with the
/// engine's `v2` feature) the v2 channel sequences, each as `users_per_workflow` users in
/// cohorts of [`COHORT`].
///
/// A run can also take only some of the rows ([`LabRun::for_rows`]): each row's users
/// draw from the seed, the row and their number alone, so runs of disjoint rows (in
/// parallel workers, say) merge ([`LabResults::merge`]) into exactly the whole run.
///
/// ```
/// use verify_engine::lab::{LabConfig, LabRun};
///
/// let config = LabConfig { users_per_workflow: 500, ..LabConfig::default() };
/// let mut run = LabRun::new(config).expect("the default model is valid");
/// while !run.step(1_000).is_finished() {}
/// let results = run.results().expect("finished");
/// assert_eq!(results.workflows.len(), 7);
/// ```
#[derive(Debug)]
pub struct LabRun {
    config: LabConfig,
    /// The rows this run simulates, in order (see [`ROWS`]).
    rows: Vec<usize>,
    /// Index into `rows` of the row being simulated.
    position: usize,
    /// Users of that row already simulated.
    users_done_in_row: u32,
    tally: Tally,
    done: Vec<WorkflowResult>,
    span_ms: Millis,
    model: Model,
    sim: Cohort,
    sequences: SequenceRows,
}

impl LabRun {
    /// Checks the configuration and prepares a run of every row.
    pub fn new(config: LabConfig) -> Result<LabRun, LabError> {
        LabRun::for_rows(config, 0..ROWS)
    }

    /// Checks the configuration and prepares a run of `rows` only (indices below
    /// [`ROWS`]; order and repeats do not matter): its results hold those rows, in
    /// order. [`LabError::NoSuchRow`] names a row the run does not have.
    pub fn for_rows(
        config: LabConfig,
        rows: impl IntoIterator<Item = usize>,
    ) -> Result<LabRun, LabError> {
        config.validate()?;
        let mut rows: Vec<usize> = rows.into_iter().collect();
        rows.sort_unstable();
        rows.dedup();
        if let Some(&row) = rows.iter().find(|&&row| row >= ROWS) {
            return Err(LabError::NoSuchRow { row, rows: ROWS });
        }
        let span_ms = Workflow::ALL
            .iter()
            .map(|&w| config.population.timings(w).plan(0).end)
            .max()
            .unwrap_or(0);
        Ok(LabRun {
            model: Model::new(&config.population),
            sequences: SequenceRows::new(&config.population),
            config,
            rows,
            position: 0,
            users_done_in_row: 0,
            tally: Tally::default(),
            done: Vec::with_capacity(Workflow::ALL.len()),
            span_ms,
            sim: Cohort::default(),
        })
    }

    /// The configuration being run.
    pub fn config(&self) -> &LabConfig {
        &self.config
    }

    /// How far the run has got.
    pub fn progress(&self) -> Progress {
        let per = u64::from(self.config.users_per_workflow);
        Progress {
            users_done: self.position as u64 * per + u64::from(self.users_done_in_row),
            users_total: self.rows.len() as u64 * per,
        }
    }

    /// Simulates whole cohorts until at least `max_users` more users are done (or the
    /// run is finished); at least one cohort runs whatever the budget.
    pub fn step(&mut self, max_users: u32) -> Progress {
        let per = self.config.users_per_workflow;
        let mut budget = i64::from(max_users);
        while let Some(&row) = self.rows.get(self.position) {
            let first = self.users_done_in_row;
            let count = COHORT.min(per - first);
            let users = first..first + count;
            let workflow = Workflow::ALL.get(row).copied();
            let sequence = row.saturating_sub(Workflow::ALL.len());
            match workflow {
                Some(workflow) => {
                    self.sim
                        .run(&self.model, &self.config, workflow, users, &mut self.tally)
                }
                None => self
                    .sequences
                    .run(&self.model, &self.config, sequence, users),
            }
            self.users_done_in_row += count;
            budget -= i64::from(count);
            if self.users_done_in_row >= per {
                let population = &self.config.population;
                match workflow {
                    Some(workflow) => {
                        let tally = std::mem::take(&mut self.tally);
                        self.done
                            .push(tally.finish(workflow, per, population, self.span_ms));
                    }
                    None => self.sequences.finish_row(sequence, per, population),
                }
                self.position += 1;
                self.users_done_in_row = 0;
            }
            if budget <= 0 {
                break;
            }
        }
        self.progress()
    }

    /// The workflows finished so far, in id order.
    pub fn finished_workflows(&self) -> &[WorkflowResult] {
        &self.done
    }

    /// The results, once every row has run.
    pub fn results(&self) -> Option<LabResults> {
        self.progress().is_finished().then(|| LabResults {
            seed: self.config.seed,
            population: self.config.population.clone(),
            workflows: self.done.clone(),
            sequences: self.sequences.done().to_vec(),
        })
    }

    /// Runs to the end and returns the results.
    pub fn finish(mut self) -> LabResults {
        while !self.step(u32::MAX).is_finished() {}
        LabResults {
            seed: self.config.seed,
            population: self.config.population,
            workflows: self.done,
            sequences: self.sequences.into_done(),
        }
    }
}

impl Tally {
    fn finish(
        mut self,
        workflow: Workflow,
        users: u32,
        population: &Population,
        span_ms: Millis,
    ) -> WorkflowResult {
        let median_ms = percentile(&mut self.times, 50);
        let p90_ms = percentile(&mut self.times, 90);
        let mut histogram = Histogram::covering(span_ms, HISTOGRAM_BUCKETS);
        for &t in &self.times {
            histogram.add(t);
        }
        WorkflowResult {
            workflow: workflow.id(),
            users: u64::from(users),
            verified: self.verified,
            verified_first_event: self.verified_first_event,
            failed_wrong_codes: self.failed,
            expired: self.expired,
            gave_up: self.gave_up,
            sms_sent: self.sms,
            calls_sent: self.calls,
            wrong_checks: self.wrong_checks,
            median_ms,
            p90_ms,
            histogram,
            price_sms: population.price_sms,
            price_call: population.price_call,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cohorts_do_not_depend_on_the_step_budget() {
        let config = LabConfig {
            users_per_workflow: COHORT + 10,
            ..LabConfig::default()
        };
        let mut small = LabRun::new(config.clone()).unwrap();
        let mut big = LabRun::new(config).unwrap();
        assert_eq!(small.step(1).users_done, u64::from(COHORT));
        assert_eq!(small.step(1).users_done, u64::from(COHORT) + 10);
        assert_eq!(big.step(3 * COHORT).users_done, 3 * u64::from(COHORT) + 20);
        while !small.step(1).is_finished() {}
        while !big.step(COHORT * 5).is_finished() {}
        assert_eq!(small.results(), big.results());
    }

    #[test]
    fn runs_of_disjoint_rows_merge_into_the_whole_run() {
        let config = LabConfig {
            users_per_workflow: COHORT + 10,
            ..LabConfig::default()
        };
        let whole = LabRun::new(config.clone()).unwrap().finish();
        for parts in [2, 3, ROWS] {
            let runs = (0..parts).map(|part| {
                let rows = (0..ROWS).filter(|row| row % parts == part);
                LabRun::for_rows(config.clone(), rows).unwrap().finish()
            });
            // Merged in any order: the last part first.
            let runs: Vec<LabResults> = runs.rev().collect();
            assert_eq!(
                LabResults::merge(runs).as_ref(),
                Some(&whole),
                "{parts} parts"
            );
        }
        assert_eq!(LabResults::merge(Vec::new()), None);
    }

    #[test]
    fn a_run_of_some_rows_counts_only_their_users() {
        let config = LabConfig {
            users_per_workflow: 100,
            ..LabConfig::default()
        };
        let mut run = LabRun::for_rows(config.clone(), [3, 1, 3]).unwrap();
        assert_eq!(run.progress().users_total, 200);
        while !run.step(1).is_finished() {}
        let results = run.results().unwrap();
        let ids: Vec<u8> = results.workflows.iter().map(|w| w.workflow).collect();
        assert_eq!(ids, [2, 4]);
        assert!(results.sequences.is_empty());
        assert_eq!(
            LabRun::for_rows(config, [ROWS]).err(),
            Some(LabError::NoSuchRow {
                row: ROWS,
                rows: ROWS
            })
        );
    }
}
