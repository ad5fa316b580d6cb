//! `POST /v2/verify`'s JSON body read into a typed [`StartRequest`], with Part C2's
//! validation in C7's order: every failing field in one list, then the sender.

use std::borrow::Cow;
use std::sync::Arc;

use serde::Serialize;
use serde_json::{Map, Value};

use super::code::Code;
use super::texts::TextLang;
use crate::number::PhoneNumber;

/// A v2 workflow step's channel.
#[derive(Clone, Copy, PartialEq, Eq, Hash, Debug, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Channel {
    /// A text message with the code.
    Sms,
    /// A call speaking the code.
    Voice,
    /// A WhatsApp message with the code.
    Whatsapp,
    /// A WhatsApp question answered Yes or No (no code).
    WhatsappInteractive,
    /// An email with the code.
    Email,
    /// An RCS message with the code.
    Rcs,
    /// The device's network check through `check_url` (no message).
    SilentAuth,
}

impl Channel {
    /// Every channel, in Part C2's order.
    pub const ALL: [Channel; 7] = [
        Channel::Sms,
        Channel::Voice,
        Channel::Whatsapp,
        Channel::WhatsappInteractive,
        Channel::Email,
        Channel::Rcs,
        Channel::SilentAuth,
    ];

    /// The API's name (`sms`, `voice`, `whatsapp`, `whatsapp_interactive`, `email`,
    /// `rcs`, `silent_auth`).
    pub fn as_str(self) -> &'static str {
        match self {
            Channel::Sms => "sms",
            Channel::Voice => "voice",
            Channel::Whatsapp => "whatsapp",
            Channel::WhatsappInteractive => "whatsapp_interactive",
            Channel::Email => "email",
            Channel::Rcs => "rcs",
            Channel::SilentAuth => "silent_auth",
        }
    }

    /// The channel with this API name.
    pub fn parse(name: &str) -> Option<Channel> {
        Channel::ALL.into_iter().find(|c| c.as_str() == name)
    }

    /// Whether the step sends the code (silent_auth and whatsapp_interactive do not).
    pub fn carries_code(self) -> bool {
        !matches!(self, Channel::SilentAuth | Channel::WhatsappInteractive)
    }

    /// Whether a `from` given on the step is checked (Part C7: sms, whatsapp, rcs).
    fn checks_sender(self) -> bool {
        matches!(self, Channel::Sms | Channel::Whatsapp | Channel::Rcs)
    }
}

/// Where a step goes: a phone number (digits, the `+` dropped) or an email address (as
/// given).
#[derive(Clone, PartialEq, Eq, Hash, Debug)]
pub enum Recipient {
    /// A phone number, every channel but email.
    Phone(PhoneNumber),
    /// An email address, shown as given.
    Email(Arc<str>),
}

impl Recipient {
    /// As shown: the digits, or the address as given.
    pub fn as_str(&self) -> &str {
        match self {
            Recipient::Phone(number) => number.as_str(),
            Recipient::Email(address) => address,
        }
    }

    /// Whether this is an email address.
    pub fn is_email(&self) -> bool {
        matches!(self, Recipient::Email(_))
    }

    /// The concurrency key (Part C2): the digits, or the address lowercased.
    pub fn key(&self) -> Key {
        match self {
            Recipient::Phone(number) => Key::Phone(*number),
            Recipient::Email(address) => Key::Email(address.to_lowercase().into()),
        }
    }
}

/// A concurrency key: two requests sharing one cannot run at once.
#[derive(Clone, PartialEq, Eq, Hash, Debug)]
pub enum Key {
    /// Phone digits.
    Phone(PhoneNumber),
    /// A lowercased email address.
    Email(Box<str>),
}

/// One validated workflow step.
#[derive(Clone, PartialEq, Eq, Debug)]
pub struct StepSpec {
    /// Its channel.
    pub channel: Channel,
    /// Where it goes.
    pub to: Recipient,
    /// The sender asked for (sms, whatsapp, rcs checked; email kept as given).
    pub from: Option<Box<str>>,
    /// silent_auth: where the device is sent after a completed hop.
    pub redirect_url: Option<Box<str>>,
}

/// A valid start: every field typed, defaults applied.
#[derive(Clone, PartialEq, Eq, Debug)]
pub struct StartRequest {
    /// The brand named in texts.
    pub brand: Arc<str>,
    /// 1 to 3 steps, tried in order.
    pub steps: Vec<StepSpec>,
    /// The texts' language (`locale`, default `en-us`).
    pub lang: TextLang,
    /// Seconds each step (but silent_auth) lasts: 15-900, default 180.
    pub channel_timeout: u32,
    /// The custom code, if given (then `code_length` is ignored).
    pub code: Option<Code>,
    /// Digits of a random code: 4-10, default 4.
    pub code_length: u8,
    /// Echoed in callbacks.
    pub client_ref: Option<Arc<str>>,
    /// `false` ignores network blocks (a later fault); default `true`.
    pub fraud_check: bool,
}

/// One entry of a 422's `invalid_parameters`.
#[derive(Clone, PartialEq, Eq, Debug, Serialize)]
pub struct InvalidParam {
    /// The field: `brand`, `workflow`, `workflow[0]`, `locale`...
    pub name: Cow<'static, str>,
    /// Part C2's exact text.
    pub reason: &'static str,
}

/// Why a body starts nothing, before any request state is looked at.
#[derive(Clone, PartialEq, Eq, Debug)]
pub enum BodyError {
    /// Failing fields, in Part C7's order (a 422 `Invalid params`).
    Invalid(Vec<InvalidParam>),
    /// A sms, whatsapp or rcs `from` is invalid (the 422 `Invalid sender`).
    Sender,
}

/// Reads and validates a start body (Part C2, C7). A body that is not a JSON object has
/// no fields (so `brand` and `workflow` are missing).
pub fn parse_start(body: &Value) -> Result<StartRequest, BodyError> {
    let empty = Map::new();
    let fields = body.as_object().unwrap_or(&empty);
    // `null` is absent (C7).
    let field = |name: &str| fields.get(name).filter(|v| !v.is_null());
    let mut invalid = Vec::new();
    let mut fail = |name: &'static str, reason: &'static str| {
        invalid.push(InvalidParam {
            name: Cow::Borrowed(name),
            reason,
        })
    };

    let brand = match field("brand") {
        None => {
            fail("brand", "Brand is required");
            None
        }
        Some(Value::String(s)) if s.is_empty() => {
            fail("brand", "Brand is required");
            None
        }
        Some(Value::String(s)) if brand_ok(s) => Some(s.as_str()),
        Some(_) => {
            fail("brand", "Brand is invalid");
            None
        }
    };

    let mut steps = Vec::new();
    let mut step_errors = Vec::new();
    match field("workflow").and_then(Value::as_array) {
        Some(list) if !list.is_empty() => {
            if list.len() > 3 {
                fail("workflow", "Workflow must contain at most 3 channels");
            }
            for (i, step) in list.iter().enumerate() {
                match parse_step(i, step) {
                    Ok(step) => steps.push(step),
                    Err(reason) => step_errors.push(InvalidParam {
                        name: Cow::Owned(format!("workflow[{i}]")),
                        reason,
                    }),
                }
            }
        }
        _ => fail("workflow", "Workflow is required"),
    }
    invalid.append(&mut step_errors);
    let mut fail = |name: &'static str, reason: &'static str| {
        invalid.push(InvalidParam {
            name: Cow::Borrowed(name),
            reason,
        })
    };

    let lang = match field("locale") {
        None => TextLang::English,
        Some(Value::String(s)) if locale_ok(s) => TextLang::for_locale(s),
        Some(_) => {
            fail("locale", "Locale is invalid");
            TextLang::English
        }
    };
    let channel_timeout = integer_in(field("channel_timeout"), 15, 900, 180).unwrap_or_else(|| {
        fail(
            "channel_timeout",
            "channel_timeout must be between 15 and 900",
        );
        180
    }) as u32;
    let code_length = integer_in(field("code_length"), 4, 10, 4).unwrap_or_else(|| {
        fail("code_length", "code_length must be between 4 and 10");
        4
    }) as u8;
    let code = match field("code") {
        None => None,
        Some(value) => {
            let code = value.as_str().and_then(Code::custom);
            if code.is_none() {
                fail("code", "code must be 4-10 alphanumeric characters");
            }
            code
        }
    };
    let client_ref = match field("client_ref") {
        None => None,
        Some(Value::String(s)) if (1..=40).contains(&s.chars().count()) => {
            Some(Arc::from(s.as_str()))
        }
        Some(_) => {
            fail("client_ref", "client_ref must be 1-40 characters");
            None
        }
    };
    let fraud_check = match field("fraud_check") {
        None => true,
        Some(Value::Bool(b)) => *b,
        Some(_) => {
            fail("fraud_check", "fraud_check must be a boolean");
            true
        }
    };

    let brand = match brand {
        Some(brand) if invalid.is_empty() => brand,
        _ => return Err(BodyError::Invalid(invalid)),
    };
    let bad_sender = |s: &StepSpec| s.from.as_deref().is_some_and(|f| !sender_ok(f));
    if steps
        .iter()
        .any(|s| s.channel.checks_sender() && bad_sender(s))
    {
        return Err(BodyError::Sender);
    }
    Ok(StartRequest {
        brand: Arc::from(brand),
        steps,
        lang,
        channel_timeout,
        code,
        code_length,
        client_ref,
        fraud_check,
    })
}

/// At most 18 code points, none of `\ / { } : $`.
fn brand_ok(brand: &str) -> bool {
    brand.chars().count() <= 18 && !brand.contains(['\\', '/', '{', '}', ':', '$'])
}

/// `^[a-z]{2,3}-[a-z]{2}$`.
fn locale_ok(locale: &str) -> bool {
    let Some((lang, region)) = locale.split_once('-') else {
        return false;
    };
    let lower = |s: &str| s.bytes().all(|b| b.is_ascii_lowercase());
    (2..=3).contains(&lang.len()) && region.len() == 2 && lower(lang) && lower(region)
}

/// A JSON integer (never `180.0`, `"180"` or `true`) in `min..=max`; `default` when
/// absent; `None` when invalid.
fn integer_in(value: Option<&Value>, min: i64, max: i64, default: i64) -> Option<i64> {
    match value {
        None => Some(default),
        Some(Value::Number(n)) => n.as_i64().filter(|v| (min..=max).contains(v)),
        Some(_) => None,
    }
}

/// One step, or the reason of its first failing rule: channel, `to`, silent_auth's
/// position, `app_hash` (C7).
fn parse_step(index: usize, step: &Value) -> Result<StepSpec, &'static str> {
    const BAD_CHANNEL: &str = "`channel` is invalid";
    let fields = step.as_object().ok_or(BAD_CHANNEL)?;
    let field = |name: &str| fields.get(name).filter(|v| !v.is_null());
    let channel = field("channel")
        .and_then(Value::as_str)
        .and_then(Channel::parse)
        .ok_or(BAD_CHANNEL)?;
    let to = field("to").and_then(Value::as_str);
    let to = if channel == Channel::Email {
        to.filter(|t| email_ok(t))
            .map(|t| Recipient::Email(Arc::from(t)))
            .ok_or("`to` Email address is invalid")?
    } else {
        to.and_then(phone)
            .map(Recipient::Phone)
            .ok_or("`to` Phone number is invalid")?
    };
    if channel == Channel::SilentAuth && index > 0 {
        return Err("`silent_auth` must be the first channel");
    }
    if channel == Channel::Sms {
        if let Some(hash) = field("app_hash") {
            if hash.as_str().is_none_or(|h| h.chars().count() != 11) {
                return Err("`app_hash` must be 11 characters");
            }
        }
    }
    let text = |name: &str| field(name).and_then(Value::as_str).map(Box::from);
    Ok(StepSpec {
        channel,
        to,
        // A `from` that is not a string is kept as an empty one: the sender check
        // (after every field) refuses it.
        from: field("from").map(|v| v.as_str().map(Box::from).unwrap_or_default()),
        redirect_url: if channel == Channel::SilentAuth {
            text("redirect_url")
        } else {
            None
        },
    })
}

/// `\+?[1-9][0-9]{6,14}`: the digits, without the `+`.
fn phone(to: &str) -> Option<PhoneNumber> {
    let digits = to.strip_prefix('+').unwrap_or(to);
    let bytes = digits.as_bytes();
    let ok =
        (7..=15).contains(&bytes.len()) && bytes.iter().all(u8::is_ascii_digit) && bytes[0] != b'0';
    ok.then(|| PhoneNumber::new(digits)).flatten()
}

/// `[^@\s]+@[^@\s]+\.[^@\s]+`, the whole text.
fn email_ok(to: &str) -> bool {
    let Some((local, domain)) = to.split_once('@') else {
        return false;
    };
    let clean = |s: &str| !s.is_empty() && !s.contains('@') && !s.contains(char::is_whitespace);
    // A dot with something before and after it, in a domain with no `@` or space.
    clean(local)
        && clean(domain)
        && domain
            .char_indices()
            .any(|(i, c)| c == '.' && i > 0 && i + 1 < domain.len())
}

/// `7-15 digits or 3-11 ASCII letters and digits, no +` (C7).
fn sender_ok(from: &str) -> bool {
    let bytes = from.as_bytes();
    (bytes.iter().all(u8::is_ascii_digit) && (7..=15).contains(&bytes.len()))
        || (bytes.iter().all(u8::is_ascii_alphanumeric) && (3..=11).contains(&bytes.len()))
}
