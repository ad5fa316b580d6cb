//! The population model: who can receive what, how fast people act, how often they slip,
//! how long they wait, and what each delivery costs. Plus the presets the lab offers.

use serde::{Deserialize, Serialize};

use crate::params::VerifyParams;
use crate::price::MessagesPrice;
use crate::validate::validate;
use crate::workflow::{Channel, Timings, Workflow};

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

/// Knots of a tabulated delay distribution: quantiles at `(i + 0.5) / KNOTS`.
const KNOTS: usize = 1025;

/// A log-normal delay distribution, tabulated once so that a draw is one random number
/// and an interpolation (no logarithm, no exponential): `median_s · e^(spread · z)` with
/// `z` standard normal, in milliseconds, capped at [`MAX_DELAY_S`]. The table's middle
/// knot is the median exactly; a spread of 0 gives the median every time. Tails are cut
/// at about 3.3 σ, which no model here can tell apart.
#[derive(Clone, Debug)]
pub(crate) struct Delay {
    knots: Box<[u32]>,
}

impl Delay {
    /// The distribution with this median (seconds) and spread (σ of its logarithm).
    pub(crate) fn lognormal(median_s: f64, spread: f64) -> Delay {
        let knots = (0..KNOTS)
            .map(|i| {
                let p = (i as f64 + 0.5) / KNOTS as f64;
                let seconds = if spread == 0.0 {
                    median_s
                } else {
                    median_s * (spread * normal_quantile(p)).exp()
                };
                // `as` saturates and maps NaN to 0; validation keeps inputs finite.
                (seconds.clamp(0.0, MAX_DELAY_S) * 1000.0).round() as u32
            })
            .collect();
        Delay { knots }
    }

    /// One draw, in milliseconds.
    pub(crate) fn sample(&self, rng: &mut fastrand::Rng) -> u64 {
        const FRACTION_BITS: u32 = 22; // 32 bits: 10 pick the knot, 22 interpolate
        let u = rng.u32(..);
        let i = (u >> FRACTION_BITS) as usize;
        let fraction = u64::from(u & ((1 << FRACTION_BITS) - 1));
        match (self.knots.get(i), self.knots.get(i + 1)) {
            (Some(&a), Some(&b)) => {
                u64::from(a) + ((u64::from(b.saturating_sub(a)) * fraction) >> FRACTION_BITS)
            }
            (Some(&a), None) => u64::from(a),
            _ => 0,
        }
    }
}

/// The standard normal quantile function (Acklam's rational approximation, relative
/// error under 1.2e-9), for `p` in (0, 1). Exactly 0 at 0.5.
fn normal_quantile(p: f64) -> f64 {
    const A: [f64; 6] = [
        -3.969_683_028_665_376e1,
        2.209_460_984_245_205e2,
        -2.759_285_104_469_687e2,
        1.383_577_518_672_69e2,
        -3.066_479_806_614_716e1,
        2.506_628_277_459_239,
    ];
    const B: [f64; 5] = [
        -5.447_609_879_822_406e1,
        1.615_858_368_580_409e2,
        -1.556_989_798_598_866e2,
        6.680_131_188_771_972e1,
        -1.328_068_155_288_572e1,
    ];
    const C: [f64; 6] = [
        -7.784_894_002_430_293e-3,
        -3.223_964_580_411_365e-1,
        -2.400_758_277_161_838,
        -2.549_732_539_343_734,
        4.374_664_141_464_968,
        2.938_163_982_698_783,
    ];
    const D: [f64; 4] = [
        7.784_695_709_041_462e-3,
        3.224_671_290_700_398e-1,
        2.445_134_137_142_996,
        3.754_408_661_907_416,
    ];
    const P_LOW: f64 = 0.02425;
    let tail = |q: f64| {
        (((((C[0] * q + C[1]) * q + C[2]) * q + C[3]) * q + C[4]) * q + C[5])
            / ((((D[0] * q + D[1]) * q + D[2]) * q + D[3]) * q + 1.0)
    };
    if p < P_LOW {
        tail((-2.0 * p.ln()).sqrt())
    } else if p <= 1.0 - P_LOW {
        let q = p - 0.5;
        let r = q * q;
        (((((A[0] * r + A[1]) * r + A[2]) * r + A[3]) * r + A[4]) * r + A[5]) * q
            / (((((B[0] * r + B[1]) * r + B[2]) * r + B[3]) * r + B[4]) * r + 1.0)
    } else {
        -tail((-2.0 * (1.0 - p).ln()).sqrt())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn normal_quantiles_are_right() {
        assert_eq!(normal_quantile(0.5), 0.0);
        assert!((normal_quantile(0.975) - 1.959_964).abs() < 1e-6);
        assert!((normal_quantile(0.001) + 3.090_232).abs() < 1e-6);
        assert!((normal_quantile(0.9) - 1.281_552).abs() < 1e-6);
    }

    #[test]
    fn lognormal_delays_have_the_asked_median_and_spread() {
        let mut rng = fastrand::Rng::with_seed(3);
        let delay = Delay::lognormal(20.0, 1.0);
        let mut draws: Vec<u64> = (0..40_001).map(|_| delay.sample(&mut rng)).collect();
        draws.sort_unstable();
        let at = |q: f64| draws[(q * 40_000.0) as usize] as f64 / 1000.0;
        assert!((at(0.5) - 20.0).abs() < 0.8, "median {}", at(0.5));
        // e^1.2816 = 3.60: the 90th percentile is 3.6 times the median.
        assert!((at(0.9) / 20.0 - 3.6).abs() < 0.2, "p90 {}", at(0.9));
        assert!((at(0.1) * 3.6 / 20.0 - 1.0).abs() < 0.06, "p10 {}", at(0.1));
        assert!(draws.iter().all(|&d| d <= 86_400_000));
        let fixed = Delay::lognormal(7.5, 0.0);
        assert!((0..100).all(|_| fixed.sample(&mut rng) == 7500));
        let huge = Delay::lognormal(86_400.0, 3.0);
        assert!((0..1000).all(|_| huge.sample(&mut rng) <= 86_400_000));
    }

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
