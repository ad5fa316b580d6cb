//! The model's form fields: what each is called, how it is typed in, and how its text
//! becomes a value of the population model.

use verify_engine::lab::Population;

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
    /// [`Population::whatsapp_reach`]
    WhatsappReach,
    /// [`Population::whatsapp_read_median_s`]
    WhatsappReadMedian,
    /// [`Population::whatsapp_read_spread`]
    WhatsappReadSpread,
    /// [`Population::email_reach`]
    EmailReach,
    /// [`Population::email_read_median_s`]
    EmailReadMedian,
    /// [`Population::email_read_spread`]
    EmailReadSpread,
    /// [`Population::silent_auth_success`]
    SilentAuthSuccess,
    /// [`Population::silent_auth_s`]
    SilentAuthTime,
    /// [`Population::channel_timeout`]
    ChannelTimeout,
    /// [`Population::price_whatsapp`]
    PriceWhatsapp,
    /// [`Population::price_email`]
    PriceEmail,
    /// [`Population::price_silent_auth`]
    PriceSilentAuth,
}

impl Field {
    /// Every field, in form order.
    pub const ALL: [Field; 26] = [
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
        Field::WhatsappReach,
        Field::WhatsappReadMedian,
        Field::WhatsappReadSpread,
        Field::EmailReach,
        Field::EmailReadMedian,
        Field::EmailReadSpread,
        Field::SilentAuthSuccess,
        Field::SilentAuthTime,
        Field::ChannelTimeout,
        Field::PriceWhatsapp,
        Field::PriceEmail,
        Field::PriceSilentAuth,
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
            Field::WhatsappReach => "whatsapp_reach",
            Field::WhatsappReadMedian => "whatsapp_read_median_s",
            Field::WhatsappReadSpread => "whatsapp_read_spread",
            Field::EmailReach => "email_reach",
            Field::EmailReadSpread => "email_read_spread",
            Field::SilentAuthTime => "silent_auth_s",
            Field::EmailReadMedian => "email_read_median_s",
            Field::SilentAuthSuccess => "silent_auth_success",
            Field::ChannelTimeout => "channel_timeout",
            Field::PriceWhatsapp => "price_whatsapp",
            Field::PriceEmail => "price_email",
            Field::PriceSilentAuth => "price_silent_auth",
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
            Field::PriceSms => "Price per SMS (EUR)",
            Field::PriceCall => "Price per call (EUR)",
            Field::WhatsappReach => "WhatsApp reach (%)",
            Field::WhatsappReadMedian => "WhatsApp read and typed: median delay (s)",
            Field::WhatsappReadSpread => "WhatsApp delay spread (σ)",
            Field::EmailReach => "Email reach (%)",
            Field::EmailReadSpread => "Email delay spread (σ)",
            Field::SilentAuthTime => "Silent authentication takes (s)",
            Field::EmailReadMedian => "Email read and typed: median delay (s)",
            Field::SilentAuthSuccess => "Silent authentication succeeds (%)",
            Field::ChannelTimeout => "channel_timeout (s)",
            Field::PriceWhatsapp => "Price per WhatsApp message (EUR, your figure)",
            Field::PriceEmail => "Price per email (EUR, your figure)",
            Field::PriceSilentAuth => "Price per silent authentication (EUR, your figure)",
        }
    }

    /// A short help text, if the label is not enough.
    pub fn hint(self) -> Option<&'static str> {
        Some(match self {
            Field::SmsReach => "The others have no coverage, a landline or a filter: their SMS are paid for but never read.",
            Field::SmsReadSpread
            | Field::CallAnswerSpread
            | Field::WhatsappReadSpread
            | Field::EmailReadSpread => {
                "Log-normal: 0 = everyone takes the median; 1 = a tenth take under a quarter of it, a tenth over 3.6 times it."
            }
            Field::CallAnswerMedian => "The code is typed 12 s after picking up: the call says it twice.",
            Field::CallRing => "Users slower to pick up miss that call, and may catch the next one.",
            Field::Patience => "Empty: nobody gives up. Once a user has typed a code they keep going.",
            Field::NextEventWait => "Empty: the workflow's own waits. 60-900.",
            Field::PinExpiry => "Empty: 300. 60-3600.",
            Field::PriceSms | Field::PriceCall => "Defaults: what the playground's answers charge (estimated_price_messages_sent).",
            Field::WhatsappReach => "Users who read WhatsApp on their number; the others never see a WhatsApp step's code.",
            Field::EmailReach => "Users whose email reaches an inbox they read.",
            Field::SilentAuthSuccess => "The others' devices fail the check (the sandbox's failing number), and the next step starts at once.",
            Field::SilentAuthTime => "From the step's start to the device's check; the app then checks the code at once.",
            Field::ChannelTimeout => "Verify v2 only. Empty: 180. 15-900. A silent_auth step lasts 60 s.",
            Field::PriceWhatsapp | Field::PriceEmail | Field::PriceSilentAuth => {
                "The engine has no price for this channel: 0 unless you enter your own."
            }
            _ => return None,
        })
    }

    /// How it is typed in.
    pub fn kind(self) -> Kind {
        match self {
            Field::SmsReach
            | Field::CallAnswer
            | Field::Mistype
            | Field::WhatsappReach
            | Field::EmailReach
            | Field::SilentAuthSuccess => Kind::Percent,
            Field::SmsReadMedian
            | Field::CallAnswerMedian
            | Field::CallRing
            | Field::Retype
            | Field::WhatsappReadMedian
            | Field::EmailReadMedian
            | Field::SilentAuthTime => Kind::Seconds,
            Field::Patience => Kind::OptionalSeconds,
            Field::SmsReadSpread
            | Field::CallAnswerSpread
            | Field::WhatsappReadSpread
            | Field::EmailReadSpread => Kind::Spread,
            Field::NextEventWait | Field::PinExpiry | Field::ChannelTimeout => Kind::Timing,
            Field::PriceSms
            | Field::PriceCall
            | Field::PriceWhatsapp
            | Field::PriceEmail
            | Field::PriceSilentAuth => Kind::Price,
        }
    }

    /// The element id.
    pub fn id(self) -> String {
        format!("lab-{}", self.key().replace('_', "-"))
    }

    pub(super) fn index(self) -> usize {
        Field::ALL.iter().position(|f| *f == self).unwrap_or(0)
    }

    /// The value as the form shows it.
    pub(super) fn show(self, p: &Population) -> String {
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
            Field::WhatsappReach => percent(p.whatsapp_reach),
            Field::WhatsappReadMedian => number(p.whatsapp_read_median_s),
            Field::WhatsappReadSpread => number(p.whatsapp_read_spread),
            Field::EmailReach => percent(p.email_reach),
            Field::EmailReadSpread => number(p.email_read_spread),
            Field::SilentAuthTime => number(p.silent_auth_s),
            Field::EmailReadMedian => number(p.email_read_median_s),
            Field::SilentAuthSuccess => percent(p.silent_auth_success),
            Field::ChannelTimeout => p.channel_timeout.map(|s| s.to_string()).unwrap_or_default(),
            Field::PriceWhatsapp => number(p.price_whatsapp),
            Field::PriceEmail => number(p.price_email),
            Field::PriceSilentAuth => number(p.price_silent_auth),
        }
    }
}

/// A number as a person would type it: at most five decimals (a price's, `0.04675`), no
/// trailing zeros.
pub fn number(value: f64) -> String {
    let text = format!("{value:.5}");
    let text = text.trim_end_matches('0').trim_end_matches('.');
    if text == "-0" {
        "0".into()
    } else {
        text.into()
    }
}

/// A parsed field value.
pub(super) enum Parsed {
    Number(f64),
    Nothing,
    Whole(u32),
}

pub(super) fn parse(kind: Kind, text: &str) -> Result<Parsed, String> {
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
