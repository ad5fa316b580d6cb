//! What the lab's form means: the [`LabConfig`] its fields describe (or every error in
//! them, each under its field), and the note when the API would replace the `pin_expiry`
//! typed in. Apart from [`super::state`], which holds the form as typed and reduces the
//! page's actions.

use verify_engine::lab::{
    LabConfig, LabError, Population, DEFAULT_USERS_PER_WORKFLOW, MAX_USERS_PER_WORKFLOW,
};
use verify_engine::Workflow;

use super::fields::{parse, Field, FormError, Parsed};
use super::state::LabState;

impl LabState {
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

#[cfg(test)]
mod tests {
    use std::rc::Rc;

    use super::*;
    use crate::lab::state::{Action, CUSTOM};
    use wasm_bindgen_test::wasm_bindgen_test;
    use yew::prelude::*;

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
}
