//! The Reach lab: a Monte Carlo comparison of the seven workflows on a population of
//! simulated users, run through the engine's real API.
//!
//! Each user asks for a code from their own number ([`Engine::verify`]); the engine sends
//! SMS and calls as [`Happening`]s in virtual time; the [`Population`] model decides for
//! each delivery whether and when that user reads or answers it, and whether they type
//! its code right; the user then checks it ([`Engine::check`]), typing again after a wrong
//! code. Nothing is computed by formula: what the lab reports is what the engine did,
//! read back from its requests.
//!
//! Beside them, with the engine's `v2` feature, the same users go through Verify v2's
//! channel sequences ([`SEQUENCES`]) through the engine's v2 API: WhatsApp, email and
//! silent authentication are model parameters like SMS and calls.
//!
//! Runs are deterministic: the same [`LabConfig`] (model, users, seed) always gives the
//! same [`LabResults`], however the run is chunked with [`LabRun::step`].
//!
//! ```
//! use verify_engine::lab::{run, Goal, LabConfig};
//!
//! let results = run(LabConfig { users_per_workflow: 1_000, ..LabConfig::default() }).unwrap();
//! let best = results.best(Goal::HighestRate).unwrap();
//! assert!((1..=7).contains(&best));
//! ```
//!
//! [`Engine::verify`]: crate::Engine::verify
//! [`Engine::check`]: crate::Engine::check
//! [`Happening`]: crate::Happening

mod cohort;
#[cfg(feature = "v2")]
mod cohort_v2;
mod delay;
mod model;
mod outcomes;
mod results;
mod results_v2;
mod rows;
mod run;
mod sequence;

use serde::{Deserialize, Serialize};
use thiserror::Error;

use crate::errors::VerifyError;

pub use cohort::COHORT;
pub use model::{Population, Preset, CALL_LISTEN_S, MAX_DELAY_S, PATIENCE_SPREAD};
pub use outcomes::{best_row, Counts, Outcomes};
pub use results::{best_of, Goal, Histogram, LabResults, WorkflowResult};
pub use results_v2::SequenceResult;
pub use run::{LabRun, Progress, HISTOGRAM_BUCKETS, ROWS};
pub use sequence::{LabChannel, Sequence, DEFAULT_CHANNEL_TIMEOUT, SEQUENCES, SILENT_AUTH_STEP_S};

/// The most users per workflow a run accepts (seven million lifecycles in all).
pub const MAX_USERS_PER_WORKFLOW: u32 = 1_000_000;

/// The users per workflow the lab runs by default.
pub const DEFAULT_USERS_PER_WORKFLOW: u32 = 100_000;

/// Everything a run depends on.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct LabConfig {
    /// The population model.
    pub population: Population,
    /// Users simulated for each of the seven workflows.
    pub users_per_workflow: u32,
    /// The seed every random choice derives from.
    pub seed: u64,
}

impl Default for LabConfig {
    fn default() -> Self {
        LabConfig {
            population: Population::default(),
            users_per_workflow: DEFAULT_USERS_PER_WORKFLOW,
            seed: 1,
        }
    }
}

impl LabConfig {
    /// Checks the model and the number of users.
    pub fn validate(&self) -> Result<(), LabError> {
        if !(1..=MAX_USERS_PER_WORKFLOW).contains(&self.users_per_workflow) {
            return Err(LabError::Invalid {
                field: "users_per_workflow",
                rule: "between 1 and 1000000 users",
            });
        }
        self.population.validate()
    }
}

/// Why a lab run cannot start.
#[derive(Clone, Debug, Error, PartialEq)]
pub enum LabError {
    /// A model field is out of its range.
    #[error("{field} must be {rule}")]
    Invalid {
        /// The field at fault.
        field: &'static str,
        /// What it must be.
        rule: &'static str,
    },
    /// A run was asked for a row it does not have (see [`ROWS`]).
    #[error("there is no row {row}: a run has {rows} (workflows, then v2 sequences)")]
    NoSuchRow {
        /// The row asked for.
        row: usize,
        /// How many rows a run has.
        rows: usize,
    },
    /// The API refuses the request timings; the error has its exact words.
    #[error("{0}")]
    Request(VerifyError),
}

impl LabError {
    /// The model field at fault, so that a form can show the error next to it.
    pub fn field(&self) -> &'static str {
        match self {
            LabError::Invalid { field, .. } => field,
            LabError::NoSuchRow { .. } => "population",
            LabError::Request(error) => error.param().unwrap_or("population"),
        }
    }
}

/// Runs a whole lab at once.
pub fn run(config: LabConfig) -> Result<LabResults, LabError> {
    Ok(LabRun::new(config)?.finish())
}
