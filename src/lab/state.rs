//! The lab's own state: the form as typed, the goal, and the run (idle, running with its
//! progress, or done with its results). A pure reducer: the run itself is driven by the
//! component, which only reports progress here. What the form means as a run's
//! configuration is [`super::config`]'s.

use std::rc::Rc;

use verify_engine::lab::{Goal, LabResults, Preset, Progress};
use yew::prelude::*;

use super::fields::{Field, FormError};

/// The preset key shown once the user has edited a value.
pub const CUSTOM: &str = "custom";

/// Where the run stands.
#[derive(Clone, PartialEq, Debug)]
pub enum RunState {
    /// Nothing run yet (or the last run was stopped).
    Idle {
        /// Why the last run ended early, if it did.
        note: Option<String>,
    },
    /// Simulating.
    Running {
        /// How far it has got.
        progress: Progress,
    },
    /// Finished.
    Done {
        /// What it found.
        results: Rc<LabResults>,
        /// Wall time from the click to the results, in ms.
        elapsed_ms: f64,
        /// Of it, the busiest worker's time spent simulating (the rest went to loading
        /// the workers and drawing), in ms.
        busy_ms: f64,
        /// How many workers shared the run (one per core, at most one per row).
        workers: usize,
        /// Users per workflow it ran.
        users: u32,
    },
}

/// The whole state of one lab panel.
#[derive(Clone, PartialEq, Debug)]
pub struct LabState {
    values: Vec<String>,
    /// The preset chosen, or [`CUSTOM`] once a value was edited.
    pub preset: String,
    /// The seed as typed.
    pub seed: String,
    /// Users per workflow as typed.
    pub users: String,
    /// What "best" means.
    pub goal: Goal,
    /// Errors from the last attempt to run.
    pub errors: Vec<FormError>,
    /// The run.
    pub run: RunState,
    /// The run that progress reports must belong to; older runs' reports are ignored.
    pub generation: u32,
}

impl LabState {
    /// The default preset, `users` per workflow and `seed`.
    pub fn new(users: u32, seed: u64) -> LabState {
        let preset = Preset::all().remove(0);
        LabState {
            values: Field::ALL
                .iter()
                .map(|f| f.show(&preset.population))
                .collect(),
            preset: preset.key.into(),
            seed: seed.to_string(),
            users: users.to_string(),
            goal: Goal::default(),
            errors: Vec::new(),
            run: RunState::Idle { note: None },
            generation: 0,
        }
    }

    /// The text of a field.
    pub fn value(&self, field: Field) -> &str {
        self.values
            .get(field.index())
            .map(String::as_str)
            .unwrap_or("")
    }

    /// The error shown under the element with this key.
    pub fn error(&self, key: &str) -> Option<&str> {
        self.errors
            .iter()
            .find(|(k, _)| k == key)
            .map(|(_, m)| m.as_str())
    }

    /// Whether a run is in progress.
    pub fn running(&self) -> bool {
        matches!(self.run, RunState::Running { .. })
    }
}

/// What can happen to the lab.
#[derive(Clone, Debug)]
pub enum Action {
    /// A model field was edited.
    Edit(Field, String),
    /// The seed was edited.
    Seed(String),
    /// Users per workflow was edited.
    Users(String),
    /// A preset was chosen.
    Preset(String),
    /// A goal was chosen.
    Goal(Goal),
    /// The form could not be run.
    Invalid(Vec<FormError>),
    /// Run `generation` started.
    Started {
        /// Which run.
        generation: u32,
        /// Where it starts.
        progress: Progress,
    },
    /// Run `generation` got further.
    Progressed {
        /// Which run.
        generation: u32,
        /// How far.
        progress: Progress,
    },
    /// Run `generation` finished.
    Finished {
        /// Which run.
        generation: u32,
        /// What it found.
        results: Rc<LabResults>,
        /// Wall time, ms.
        elapsed_ms: f64,
        /// The busiest worker's time spent simulating, ms.
        busy_ms: f64,
        /// How many workers shared the run.
        workers: usize,
    },
    /// The run in progress was stopped.
    Stopped,
}

impl Reducible for LabState {
    type Action = Action;

    fn reduce(self: Rc<Self>, action: Action) -> Rc<Self> {
        let mut next = (*self).clone();
        match action {
            Action::Edit(field, text) => {
                if let Some(value) = next.values.get_mut(field.index()) {
                    *value = text;
                }
                next.preset = CUSTOM.into();
                next.errors.retain(|(k, _)| k != field.key());
            }
            Action::Seed(text) => {
                next.seed = text;
                next.errors.retain(|(k, _)| k != "seed");
            }
            Action::Users(text) => {
                next.users = text;
                next.errors.retain(|(k, _)| k != "users");
            }
            Action::Preset(key) => {
                if let Some(preset) = Preset::find(&key) {
                    next.values = Field::ALL
                        .iter()
                        .map(|f| f.show(&preset.population))
                        .collect();
                    next.errors.clear();
                }
                next.preset = key;
            }
            Action::Goal(goal) => next.goal = goal,
            Action::Invalid(errors) => next.errors = errors,
            Action::Started {
                generation,
                progress,
            } => {
                next.generation = generation;
                next.errors.clear();
                next.run = RunState::Running { progress };
            }
            Action::Progressed {
                generation,
                progress,
            } if generation == self.generation && self.running() => {
                next.run = RunState::Running { progress };
            }
            Action::Finished {
                generation,
                results,
                elapsed_ms,
                busy_ms,
                workers,
            } if generation == self.generation && self.running() => {
                let users = results.workflows.first().map_or(0, |w| w.users as u32);
                next.run = RunState::Done {
                    results,
                    elapsed_ms,
                    busy_ms,
                    workers,
                    users,
                };
            }
            Action::Stopped if self.running() => {
                next.generation += 1;
                next.run = RunState::Idle {
                    note: Some("Stopped before the end: no results.".into()),
                };
            }
            Action::Progressed { .. } | Action::Finished { .. } | Action::Stopped => return self,
        }
        Rc::new(next)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::format::count;
    use crate::lab::fields::number;
    use crate::lab::format::duration;
    use wasm_bindgen_test::wasm_bindgen_test;

    #[wasm_bindgen_test]
    fn stale_runs_are_ignored() {
        let progress = |done| Progress {
            users_done: done,
            users_total: 70,
        };
        let state = Rc::new(LabState::new(10, 1)).reduce(Action::Started {
            generation: 2,
            progress: progress(0),
        });
        let same = state.clone().reduce(Action::Progressed {
            generation: 1,
            progress: progress(10),
        });
        assert_eq!(
            same.run,
            RunState::Running {
                progress: progress(0)
            }
        );
        let state = state.reduce(Action::Progressed {
            generation: 2,
            progress: progress(10),
        });
        assert_eq!(
            state.run,
            RunState::Running {
                progress: progress(10)
            }
        );
    }

    #[wasm_bindgen_test]
    fn formats() {
        assert_eq!(count(700_000), "700,000");
        assert_eq!(count(12), "12");
        assert_eq!(number(0.93 * 100.0), "93");
        assert_eq!(number(0.015), "0.015");
        assert_eq!(duration(125_400), "2 min 05 s");
        assert_eq!(duration(44_600), "45 s");
        // The call hint says 12 s.
        assert_eq!(verify_engine::lab::CALL_LISTEN_S, 12.0);
    }
}
