//! The lab's own state: the form as typed, the goal, and the run (idle, running with its
//! progress, or done with its results). A pure reducer: the run itself is driven by the
//! component, which only reports progress here.

use std::rc::Rc;

use verify_engine::lab::{
    Goal, LabConfig, LabError, LabResults, Population, Preset, Progress,
    DEFAULT_USERS_PER_WORKFLOW, MAX_USERS_PER_WORKFLOW,
};
use verify_engine::Workflow;
use yew::prelude::*;

use super::fields::{parse, Field, FormError, Parsed};

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
        /// Of it, the time spent simulating (the rest went to the browser between
        /// slices), in ms.
        busy_ms: f64,
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

    /// The configuration the form describes, or every error in it.
    pub fn config(&self) -> Result<LabConfig, Vec<FormError>> {
        let mut errors = Vec::new();
        let mut p = Population::default();
        for field in Field::ALL {
            let parsed = match parse(field.kind(), self.value(field)) {
                Ok(parsed) => parsed,
                Err(message) => {
                    errors.push((field.key().to_owned(), message));
                    continue;
                }
            };
            let number = |default: f64| match parsed {
                Parsed::Number(v) => v,
                _ => default,
            };
            match field {
                Field::SmsReach => p.sms_reach = number(0.0) / 100.0,
                Field::SmsReadMedian => p.sms_read_median_s = number(0.0),
                Field::SmsReadSpread => p.sms_read_spread = number(0.0),
                Field::CallAnswer => p.call_answer = number(0.0) / 100.0,
                Field::CallAnswerMedian => p.call_answer_median_s = number(0.0),
                Field::CallAnswerSpread => p.call_answer_spread = number(0.0),
                Field::CallRing => p.call_ring_s = number(0.0),
                Field::Mistype => p.mistype = number(0.0) / 100.0,
                Field::Retype => p.retype_s = number(0.0),
                Field::Patience => {
                    p.patience_median_s = match parsed {
                        Parsed::Number(v) => Some(v),
                        _ => None,
                    }
                }
                Field::NextEventWait | Field::PinExpiry => {
                    let value = match parsed {
                        Parsed::Whole(v) => Some(v),
                        _ => None,
                    };
                    if field == Field::NextEventWait {
                        p.next_event_wait = value;
                    } else {
                        p.pin_expiry = value;
                    }
                }
                Field::PriceSms => p.price_sms = number(0.0),
                Field::PriceCall => p.price_call = number(0.0),
                Field::WhatsappReach => p.whatsapp_reach = number(0.0) / 100.0,
                Field::WhatsappReadMedian => p.whatsapp_read_median_s = number(0.0),
                Field::WhatsappReadSpread => p.whatsapp_read_spread = number(0.0),
                Field::EmailReach => p.email_reach = number(0.0) / 100.0,
                Field::EmailReadSpread => p.email_read_spread = number(0.0),
                Field::SilentAuthTime => p.silent_auth_s = number(0.0),
                Field::EmailReadMedian => p.email_read_median_s = number(0.0),
                Field::SilentAuthSuccess => p.silent_auth_success = number(0.0) / 100.0,
                Field::ChannelTimeout => {
                    p.channel_timeout = match parsed {
                        Parsed::Whole(v) => Some(v),
                        _ => None,
                    }
                }
                Field::PriceWhatsapp => p.price_whatsapp = number(0.0),
                Field::PriceEmail => p.price_email = number(0.0),
                Field::PriceSilentAuth => p.price_silent_auth = number(0.0),
            }
        }
        let seed = self.seed.trim().parse::<u64>();
        if seed.is_err() {
            errors.push((
                "seed".into(),
                "Enter a whole number from 0 to 18446744073709551615.".into(),
            ));
        }
        let users = self
            .users
            .trim()
            .parse::<u32>()
            .ok()
            .filter(|u| (1..=MAX_USERS_PER_WORKFLOW).contains(u));
        if users.is_none() {
            errors.push((
                "users".into(),
                format!("Enter a whole number from 1 to {MAX_USERS_PER_WORKFLOW}."),
            ));
        }
        if !errors.is_empty() {
            return Err(errors);
        }
        let config = LabConfig {
            population: p,
            users_per_workflow: users.unwrap_or(DEFAULT_USERS_PER_WORKFLOW),
            seed: seed.unwrap_or(1),
        };
        config
            .validate()
            .map(|()| config)
            .map_err(|e| vec![lab_error(&e)])
    }

    /// A note when the API would silently replace the `pin_expiry` typed in.
    pub fn pin_expiry_note(&self) -> Option<String> {
        let wait = self
            .value(Field::NextEventWait)
            .trim()
            .parse::<u32>()
            .ok()?;
        let asked = self.value(Field::PinExpiry).trim().parse::<u32>().ok()?;
        let timings = verify_engine::Timings::new(Workflow::DEFAULT, Some(wait), Some(asked));
        timings.pin_expiry_replaced.map(|asked| {
            format!(
                "{asked} is not a multiple of next_event_wait: the API silently uses {} instead.",
                timings.pin_expiry
            )
        })
    }
}

/// An engine error, shown under the field it names.
fn lab_error(error: &LabError) -> FormError {
    let message = match error {
        LabError::Request(api) => format!("{api} ({})", api.explain()),
        other => other.to_string(),
    };
    (error.field().to_owned(), message)
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
        /// Time spent simulating, ms.
        busy_ms: f64,
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
            } if generation == self.generation && self.running() => {
                let users = results.workflows.first().map_or(0, |w| w.users as u32);
                next.run = RunState::Done {
                    results,
                    elapsed_ms,
                    busy_ms,
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
    fn the_default_form_is_the_default_model() {
        let state = LabState::new(1000, 9);
        let config = state.config().expect("the defaults are valid");
        assert_eq!(config.population, Population::default());
        assert_eq!((config.users_per_workflow, config.seed), (1000, 9));
        assert_eq!(state.value(Field::SmsReach), "93");
        assert_eq!(state.value(Field::PriceSms), "0.04675");
        assert_eq!(state.value(Field::PriceCall), "0.035");
    }

    #[wasm_bindgen_test]
    fn errors_name_their_fields() {
        let state = Rc::new(LabState::new(1000, 9));
        let state = state.reduce(Action::Edit(Field::Mistype, "120".into()));
        let state = state.reduce(Action::Seed("-1".into()));
        assert_eq!(state.preset, CUSTOM);
        let errors = state.config().unwrap_err();
        let keys: Vec<&str> = errors.iter().map(|(k, _)| k.as_str()).collect();
        assert_eq!(keys, ["mistype", "seed"]);
        let state =
            Rc::new(LabState::new(1000, 9)).reduce(Action::Edit(Field::NextEventWait, "30".into()));
        let errors = state.config().unwrap_err();
        assert_eq!(errors[0].0, "next_event_wait");
        assert!(errors[0]
            .1
            .starts_with("Invalid value for param: next_event_wait"));
    }

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
