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

/// The preset key shown once the user has edited a value.
pub const CUSTOM: &str = "custom";

/// How a model field is typed in.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum Kind {
    /// A share, typed as a percentage 0-100.
    Percent,
    /// Seconds, 0-86400.
    Seconds,
    /// Seconds, or empty for "never".
    OptionalSeconds,
    /// A spread (σ of the logarithm), 0-3.
    Spread,
    /// Whole seconds for the request, or empty for the API's default.
    Timing,
    /// A price in EUR.
    Price,
}

/// One editable field of the population model.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum Field {
    /// [`Population::sms_reach`]
    SmsReach,
    /// [`Population::sms_read_median_s`]
    SmsReadMedian,
    /// [`Population::sms_read_spread`]
    SmsReadSpread,
    /// [`Population::call_answer`]
    CallAnswer,
    /// [`Population::call_answer_median_s`]
    CallAnswerMedian,
    /// [`Population::call_answer_spread`]
    CallAnswerSpread,
    /// [`Population::call_ring_s`]
    CallRing,
    /// [`Population::mistype`]
    Mistype,
    /// [`Population::retype_s`]
    Retype,
    /// [`Population::patience_median_s`]
    Patience,
    /// [`Population::next_event_wait`]
    NextEventWait,
    /// [`Population::pin_expiry`]
    PinExpiry,
    /// [`Population::price_sms`]
    PriceSms,
    /// [`Population::price_call`]
    PriceCall,
}

impl Field {
    /// Every field, in form order.
    pub const ALL: [Field; 14] = [
        Field::SmsReach,
        Field::SmsReadMedian,
        Field::SmsReadSpread,
        Field::CallAnswer,
        Field::CallAnswerMedian,
        Field::CallAnswerSpread,
        Field::CallRing,
        Field::Mistype,
        Field::Retype,
        Field::Patience,
        Field::NextEventWait,
        Field::PinExpiry,
        Field::PriceSms,
        Field::PriceCall,
    ];

    /// The [`Population`] field name, which engine errors name too.
    pub fn key(self) -> &'static str {
        match self {
            Field::SmsReach => "sms_reach",
            Field::SmsReadMedian => "sms_read_median_s",
            Field::SmsReadSpread => "sms_read_spread",
            Field::CallAnswer => "call_answer",
            Field::CallAnswerMedian => "call_answer_median_s",
            Field::CallAnswerSpread => "call_answer_spread",
            Field::CallRing => "call_ring_s",
            Field::Mistype => "mistype",
            Field::Retype => "retype_s",
            Field::Patience => "patience_median_s",
            Field::NextEventWait => "next_event_wait",
            Field::PinExpiry => "pin_expiry",
            Field::PriceSms => "price_sms",
            Field::PriceCall => "price_call",
        }
    }

    /// The label, the field's accessible name.
    pub fn label(self) -> &'static str {
        match self {
            Field::SmsReach => "Users who receive SMS (%)",
            Field::SmsReadMedian => "SMS read and typed: median delay (s)",
            Field::SmsReadSpread => "SMS delay spread (σ)",
            Field::CallAnswer => "Users who answer calls (%)",
            Field::CallAnswerMedian => "Call picked up: median delay (s)",
            Field::CallAnswerSpread => "Pick-up delay spread (σ)",
            Field::CallRing => "A call rings for (s)",
            Field::Mistype => "Chance of mistyping a PIN (%)",
            Field::Retype => "Time to retype after a wrong code (s)",
            Field::Patience => "Patience: median wait before giving up (s)",
            Field::NextEventWait => "next_event_wait (s)",
            Field::PinExpiry => "pin_expiry (s)",
            Field::PriceSms => "Price per SMS (EUR, illustrative)",
            Field::PriceCall => "Price per call (EUR, illustrative)",
        }
    }

    /// A short help text, if the label is not enough.
    pub fn hint(self) -> Option<&'static str> {
        Some(match self {
            Field::SmsReach => "The others have no coverage, a landline or a filter: their SMS are paid for but never read.",
            Field::SmsReadSpread | Field::CallAnswerSpread => {
                "Log-normal: 0 = everyone takes the median; 1 = a tenth take under a quarter of it, a tenth over 3.6 times it."
            }
            Field::CallAnswerMedian => "The code is typed 12 s after picking up: the call says it twice.",
            Field::CallRing => "Users slower to pick up miss that call, and may catch the next one.",
            Field::Patience => "Empty: nobody gives up. Once a user has typed a code they keep going.",
            Field::NextEventWait => "Empty: the workflow's own waits. 60-900.",
            Field::PinExpiry => "Empty: 300. 60-3600.",
            Field::PriceSms | Field::PriceCall => "Illustrative defaults, not Vonage's prices.",
            _ => return None,
        })
    }

    /// How it is typed in.
    pub fn kind(self) -> Kind {
        match self {
            Field::SmsReach | Field::CallAnswer | Field::Mistype => Kind::Percent,
            Field::SmsReadMedian | Field::CallAnswerMedian | Field::CallRing | Field::Retype => {
                Kind::Seconds
            }
            Field::Patience => Kind::OptionalSeconds,
            Field::SmsReadSpread | Field::CallAnswerSpread => Kind::Spread,
            Field::NextEventWait | Field::PinExpiry => Kind::Timing,
            Field::PriceSms | Field::PriceCall => Kind::Price,
        }
    }

    /// The element id.
    pub fn id(self) -> String {
        format!("lab-{}", self.key().replace('_', "-"))
    }

    fn index(self) -> usize {
        Field::ALL.iter().position(|f| *f == self).unwrap_or(0)
    }

    /// The value as the form shows it.
    fn show(self, p: &Population) -> String {
        let percent = |v: f64| number(v * 100.0);
        match self {
            Field::SmsReach => percent(p.sms_reach),
            Field::SmsReadMedian => number(p.sms_read_median_s),
            Field::SmsReadSpread => number(p.sms_read_spread),
            Field::CallAnswer => percent(p.call_answer),
            Field::CallAnswerMedian => number(p.call_answer_median_s),
            Field::CallAnswerSpread => number(p.call_answer_spread),
            Field::CallRing => number(p.call_ring_s),
            Field::Mistype => percent(p.mistype),
            Field::Retype => number(p.retype_s),
            Field::Patience => p.patience_median_s.map(number).unwrap_or_default(),
            Field::NextEventWait => p.next_event_wait.map(|s| s.to_string()).unwrap_or_default(),
            Field::PinExpiry => p.pin_expiry.map(|s| s.to_string()).unwrap_or_default(),
            Field::PriceSms => number(p.price_sms),
            Field::PriceCall => number(p.price_call),
        }
    }
}

/// A number as a person would type it: at most four decimals, no trailing zeros.
pub fn number(value: f64) -> String {
    let text = format!("{value:.4}");
    let text = text.trim_end_matches('0').trim_end_matches('.');
    if text == "-0" {
        "0".into()
    } else {
        text.into()
    }
}

/// A parsed field value.
enum Parsed {
    Number(f64),
    Nothing,
    Whole(u32),
}

fn parse(kind: Kind, text: &str) -> Result<Parsed, String> {
    let text = text.trim();
    let ranged = |min: f64, max: f64, what: &str| -> Result<Parsed, String> {
        match text.parse::<f64>() {
            Ok(v) if v.is_finite() && (min..=max).contains(&v) => Ok(Parsed::Number(v)),
            _ => Err(format!("Enter {what}.")),
        }
    };
    match kind {
        Kind::Percent => ranged(0.0, 100.0, "a percentage from 0 to 100"),
        Kind::Seconds => ranged(0.0, 86_400.0, "seconds from 0 to 86400"),
        Kind::OptionalSeconds if text.is_empty() => Ok(Parsed::Nothing),
        Kind::OptionalSeconds => ranged(0.0, 86_400.0, "seconds from 0 to 86400, or nothing"),
        Kind::Spread => ranged(0.0, 3.0, "a spread from 0 to 3"),
        Kind::Price => ranged(0.0, 1000.0, "a price from 0 to 1000"),
        Kind::Timing if text.is_empty() => Ok(Parsed::Nothing),
        Kind::Timing => text
            .parse::<u32>()
            .map(Parsed::Whole)
            .map_err(|_| "Enter whole seconds, or nothing for the default.".into()),
    }
}

/// An error shown under a field: its element key (a [`Field::key`], `seed` or `users`)
/// and the message.
pub type FormError = (String, String);

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

/// `1234567` as `1,234,567`.
pub fn grouped(n: u64) -> String {
    let digits = n.to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

/// A share 0-1 as a percentage with one decimal: `93.1 %`.
pub fn percent(share: f64) -> String {
    format!("{:.1} %", share * 100.0)
}

/// Milliseconds as seconds with one decimal.
pub fn seconds(ms: u64) -> String {
    format!("{:.1}", ms as f64 / 1000.0)
}

/// Milliseconds as people read a wait: `45 s`, `2 min 05 s`.
pub fn duration(ms: u64) -> String {
    let s = (ms + 500) / 1000;
    if s < 120 {
        format!("{s} s")
    } else {
        format!("{} min {:02} s", s / 60, s % 60)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use wasm_bindgen_test::wasm_bindgen_test;

    #[wasm_bindgen_test]
    fn the_default_form_is_the_default_model() {
        let state = LabState::new(1000, 9);
        let config = state.config().expect("the defaults are valid");
        assert_eq!(config.population, Population::default());
        assert_eq!((config.users_per_workflow, config.seed), (1000, 9));
        assert_eq!(state.value(Field::SmsReach), "93");
        assert_eq!(state.value(Field::PriceSms), "0.007");
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
        assert_eq!(grouped(700_000), "700,000");
        assert_eq!(grouped(12), "12");
        assert_eq!(number(0.93 * 100.0), "93");
        assert_eq!(number(0.015), "0.015");
        assert_eq!(duration(125_400), "2 min 05 s");
        assert_eq!(duration(44_600), "45 s");
        // The call hint says 12 s.
        assert_eq!(verify_engine::lab::CALL_LISTEN_S, 12.0);
    }
}
