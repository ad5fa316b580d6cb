//! The population model: who can receive what, how fast people act, how often they slip,
//! how long they wait, and what each delivery costs. Plus the presets the lab offers.

use serde::{Deserialize, Serialize};

use crate::params::VerifyParams;
use crate::price::MessagesPrice;
use crate::validate::validate;
use crate::workflow::{Channel, Timings, Workflow};

pub(crate) use super::delay::Delay;
use super::LabError;

/// The spread (σ of the logarithm) of a user's patience: fixed, so that the model has one
/// patience knob, its median.
pub const PATIENCE_SPREAD: f64 = 0.5;

/// Seconds from picking up a call to the code being typed in: the call says the code
/// twice, then the user types it.
pub const CALL_LISTEN_S: f64 = 12.0;

/// The longest delay the model produces, in seconds (one day): anything later can no
/// longer matter to a request, whose workflow is over within about three hours.
pub const MAX_DELAY_S: f64 = 86_400.0;

/// How a population of users receives and acts on PINs. Plain data, serde-friendly.
///
/// Delays are log-normal: `median` seconds, with `spread` the standard deviation of
/// their logarithm (0 = everyone takes exactly the median; 1 = a tenth of people take
/// under a quarter of it and a tenth over 3.6 times it).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct Population {
    /// Share of users (0-1) whose phone receives SMS at all. The rest have no coverage,
    /// a landline, or a filter: their SMS are sent (and paid for) but never read.
    pub sms_reach: f64,
    /// Median seconds from an SMS arriving to its code being typed in (reading included).
    pub sms_read_median_s: f64,
    /// Spread of the SMS reading delay (σ of its logarithm).
    pub sms_read_spread: f64,
    /// Share of users (0-1) who answer a verification call at all.
    pub call_answer: f64,
    /// Median seconds from a call starting to the user picking up. The code is typed in
    /// [`CALL_LISTEN_S`] later (the call says it twice).
    pub call_answer_median_s: f64,
    /// Spread of the pick-up delay (σ of its logarithm).
    pub call_answer_spread: f64,
    /// Seconds a call rings: a user who would take longer to pick up misses that call
    /// (and may catch the next one).
    pub call_ring_s: f64,
    /// Chance (0-1) that a code typed in is mistyped. Each try is independent.
    pub mistype: f64,
    /// Seconds a user takes to type the code again after being told it is wrong.
    pub retype_s: f64,
    /// Median seconds a user waits for a code before giving up (log-normal with spread
    /// [`PATIENCE_SPREAD`]); `None`: nobody gives up. Once a user has typed a code they
    /// no longer give up.
    pub patience_median_s: Option<f64>,
    /// The request's `next_event_wait` in seconds; `None`: the workflow's defaults.
    pub next_event_wait: Option<u32>,
    /// The request's `pin_expiry` in seconds; `None`: the default (300 s).
    pub pin_expiry: Option<u32>,
    /// Price of one SMS, in EUR. Defaults to what the engine charges one
    /// (`MessagesPrice::of`, Part A4), so the lab and the playground's answers agree.
    pub price_sms: f64,
    /// Price of one call, in EUR. Defaults to what the engine charges one.
    pub price_call: f64,
    /// Share of users (0-1) who read WhatsApp on their number (v2's `whatsapp` steps).
    pub whatsapp_reach: f64,
    /// Median seconds from a WhatsApp message arriving to its code being typed in.
    pub whatsapp_read_median_s: f64,
    /// Spread of the WhatsApp reading delay (σ of its logarithm).
    pub whatsapp_read_spread: f64,
    /// Share of users (0-1) whose email reaches an inbox they read (v2's `email` steps).
    pub email_reach: f64,
    /// Median seconds from an email arriving to its code being typed in.
    pub email_read_median_s: f64,
    /// Spread of the email reading delay (σ of its logarithm).
    pub email_read_spread: f64,
    /// Share of users (0-1) whose device passes silent authentication. The lab gives the
    /// others a number the sandbox fails (Part C5), so the engine decides the outcome.
    pub silent_auth_success: f64,
    /// Seconds from a silent_auth step starting to the device's hop to `check_url`.
    pub silent_auth_s: f64,
    /// The v2 requests' `channel_timeout` in seconds; `None`: Part C2's default (180).
    pub channel_timeout: Option<u32>,
    /// Price of one WhatsApp message, in EUR: the reader's own figure (the engine has no
    /// per-message v2 price), 0 by default.
    pub price_whatsapp: f64,
    /// Price of one email, in EUR: the reader's own figure, 0 by default.
    pub price_email: f64,
    /// Price of one silent authentication, in EUR: the reader's own figure, 0 by default.
    pub price_silent_auth: f64,
}

impl Default for Population {
    /// The neutral preset, "Mixed audience".
    fn default() -> Self {
        Population {
            sms_reach: 0.93,
            sms_read_median_s: 25.0,
            sms_read_spread: 1.0,
            call_answer: 0.55,
            call_answer_median_s: 12.0,
            call_answer_spread: 0.6,
            call_ring_s: 40.0,
            mistype: 0.05,
            retype_s: 8.0,
            patience_median_s: Some(300.0),
            next_event_wait: None,
            pin_expiry: None,
            price_sms: MessagesPrice::of(Channel::Sms).euros(),
            price_call: MessagesPrice::of(Channel::Tts).euros(),
            whatsapp_reach: 0.7,
            whatsapp_read_median_s: 20.0,
            whatsapp_read_spread: 1.0,
            email_reach: 0.85,
            email_read_median_s: 90.0,
            email_read_spread: 1.0,
            silent_auth_success: 0.8,
            silent_auth_s: 3.0,
            channel_timeout: None,
            price_whatsapp: 0.0,
            price_email: 0.0,
            price_silent_auth: 0.0,
        }
    }
}

impl Population {
    /// Checks every field, naming the first bad one; the request timings are checked by
    /// the engine's own validation, so a timing the API refuses is refused here with the
    /// API's own words.
    pub fn validate(&self) -> Result<(), LabError> {
        let shares = [
            ("sms_reach", self.sms_reach),
            ("call_answer", self.call_answer),
            ("mistype", self.mistype),
        ];
        for (field, value) in shares {
            if !(0.0..=1.0).contains(&value) {
                return Err(LabError::Invalid {
                    field,
                    rule: "a share between 0 and 1",
                });
            }
        }
        let seconds = [
            ("sms_read_median_s", self.sms_read_median_s),
            ("call_answer_median_s", self.call_answer_median_s),
            ("call_ring_s", self.call_ring_s),
            ("retype_s", self.retype_s),
            ("patience_median_s", self.patience_median_s.unwrap_or(0.0)),
        ];
        for (field, value) in seconds {
            if !(0.0..=MAX_DELAY_S).contains(&value) {
                return Err(LabError::Invalid {
                    field,
                    rule: "seconds between 0 and 86400",
                });
            }
        }
        for (field, value) in [
            ("sms_read_spread", self.sms_read_spread),
            ("call_answer_spread", self.call_answer_spread),
        ] {
            if !(0.0..=3.0).contains(&value) {
                return Err(LabError::Invalid {
                    field,
                    rule: "a spread between 0 and 3",
                });
            }
        }
        for (field, value) in [
            ("price_sms", self.price_sms),
            ("price_call", self.price_call),
        ] {
            if !(0.0..=1000.0).contains(&value) {
                return Err(LabError::Invalid {
                    field,
                    rule: "a price between 0 and 1000",
                });
            }
        }
        for workflow in Workflow::ALL {
            validate(&self.verify_params(workflow)).map_err(LabError::Request)?;
        }
        self.validate_v2()
    }

    /// The request the lab sends for `workflow` (without its number).
    pub fn verify_params(&self, workflow: Workflow) -> VerifyParams {
        VerifyParams {
            number: Some("447700900000".into()),
            brand: Some("Reach lab".into()),
            workflow_id: Some(workflow.id().to_string()),
            next_event_wait: self.next_event_wait.map(|s| s.to_string()),
            pin_expiry: self.pin_expiry.map(|s| s.to_string()),
            ..VerifyParams::default()
        }
    }

    /// The timings a request of `workflow` runs with under this model, after the API's
    /// defaults and silent fixes.
    pub fn timings(&self, workflow: Workflow) -> Timings {
        Timings::new(workflow, self.next_event_wait, self.pin_expiry)
    }
}

/// A named population with a one-line explanation.
#[derive(Clone, Debug, PartialEq)]
pub struct Preset {
    /// A short stable key, e.g. `sms-first`.
    pub key: &'static str,
    /// The name shown in the preset list.
    pub name: &'static str,
    /// What kind of audience it stands for, in one line.
    pub explanation: &'static str,
    /// The model.
    pub population: Population,
}

impl Preset {
    /// Every preset, the neutral default first.
    pub fn all() -> Vec<Preset> {
        let base = Population::default();
        vec![
            Preset {
                key: "mixed",
                name: "Mixed audience (default)",
                explanation: "Most people get SMS and read them within a minute; about half \
                              would pick up a call.",
                population: base.clone(),
            },
            Preset {
                key: "sms-first",
                name: "SMS-first market",
                explanation: "Almost everyone is on a mobile and reads SMS at once; few pick \
                              up calls from unknown numbers.",
                population: Population {
                    sms_reach: 0.99,
                    sms_read_median_s: 12.0,
                    sms_read_spread: 0.8,
                    call_answer: 0.3,
                    mistype: 0.03,
                    patience_median_s: Some(240.0),
                    ..base.clone()
                },
            },
            Preset {
                key: "landline-heavy",
                name: "Landline-heavy",
                explanation: "Many numbers are landlines or old phones that never see an SMS, \
                              but people answer the phone.",
                population: Population {
                    sms_reach: 0.55,
                    sms_read_median_s: 40.0,
                    call_answer: 0.85,
                    call_answer_median_s: 10.0,
                    patience_median_s: Some(420.0),
                    ..base.clone()
                },
            },
            Preset {
                key: "call-averse",
                name: "Call averse",
                explanation: "SMS arrive but are read slowly, and hardly anyone answers a call \
                              from a number they do not know.",
                population: Population {
                    sms_reach: 0.9,
                    sms_read_median_s: 90.0,
                    sms_read_spread: 1.2,
                    call_answer: 0.1,
                    call_answer_median_s: 20.0,
                    call_answer_spread: 0.8,
                    mistype: 0.06,
                    ..base
                },
            },
        ]
    }

    /// The preset with this key.
    pub fn find(key: &str) -> Option<Preset> {
        Preset::all().into_iter().find(|p| p.key == key)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn presets_are_valid_and_distinct() {
        let presets = Preset::all();
        assert_eq!(presets.len(), 4);
        for p in &presets {
            p.population.validate().unwrap();
            assert!(!p.explanation.contains("  "), "{}", p.key);
        }
        assert_eq!(presets[0].population, Population::default());
        assert_eq!(Preset::find("call-averse").unwrap().name, "Call averse");
    }

    #[test]
    fn refuses_bad_values_with_the_field_and_the_api_words() {
        let bad = Population {
            mistype: 1.5,
            ..Population::default()
        };
        assert!(matches!(
            bad.validate(),
            Err(LabError::Invalid {
                field: "mistype",
                ..
            })
        ));
        let bad = Population {
            sms_read_median_s: f64::NAN,
            ..Population::default()
        };
        assert!(bad.validate().is_err());
        let bad = Population {
            next_event_wait: Some(30),
            ..Population::default()
        };
        assert_eq!(
            bad.validate().unwrap_err().to_string(),
            "Invalid value for param: next_event_wait"
        );
    }
}
