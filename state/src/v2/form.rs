//! The v2 form's values, text as typed, turned into `POST /v2/verify`'s JSON body on
//! demand. Its checks are the engine's: [`V2Form::errors`] asks `verify_engine::v2::
//! parse_start` about the body the form would send and puts each `invalid_parameters`
//! entry next to the field that made it, word for word.

use serde_json::{Map, Value};
use verify_engine::v2::{hop_outcome, parse_start, BodyError, Channel};

/// One field of the v2 form.
#[derive(Clone, Copy, PartialEq, Eq, Hash, Debug)]
pub enum V2Field {
    /// `brand`
    Brand,
    /// Every step's `to`, but email's.
    Phone,
    /// An email step's `to`.
    Email,
    /// Step 1's channel.
    Channel1,
    /// Step 2's channel (or none).
    Channel2,
    /// Step 3's channel (or none).
    Channel3,
    /// `channel_timeout`
    ChannelTimeout,
    /// `code_length`
    CodeLength,
    /// `code` (empty: a random code)
    Code,
    /// `locale`
    Locale,
    /// `client_ref` (empty: none)
    ClientRef,
}

impl V2Field {
    /// Every field, in the form's order.
    pub const ALL: [V2Field; 11] = [
        V2Field::Brand,
        V2Field::Phone,
        V2Field::Email,
        V2Field::Channel1,
        V2Field::Channel2,
        V2Field::Channel3,
        V2Field::ChannelTimeout,
        V2Field::CodeLength,
        V2Field::Code,
        V2Field::Locale,
        V2Field::ClientRef,
    ];

    /// The label the page shows (the field's accessible name).
    pub fn label(self) -> &'static str {
        match self {
            V2Field::Brand => "Brand",
            V2Field::Phone => "Phone number",
            V2Field::Email => "Email address",
            V2Field::Channel1 => "Channel 1",
            V2Field::Channel2 => "Channel 2",
            V2Field::Channel3 => "Channel 3",
            V2Field::ChannelTimeout => "Channel timeout (s)",
            V2Field::CodeLength => "Code length",
            V2Field::Code => "Custom code",
            V2Field::Locale => "Locale",
            V2Field::ClientRef => "Client reference",
        }
    }

    /// Its short name: the element id on the page and its key in the page's address.
    pub fn key(self) -> &'static str {
        match self {
            V2Field::Brand => "brand",
            V2Field::Phone => "to",
            V2Field::Email => "email",
            V2Field::Channel1 => "channel1",
            V2Field::Channel2 => "channel2",
            V2Field::Channel3 => "channel3",
            V2Field::ChannelTimeout => "channel_timeout",
            V2Field::CodeLength => "code_length",
            V2Field::Code => "code",
            V2Field::Locale => "locale",
            V2Field::ClientRef => "client_ref",
        }
    }

    /// The field with this [`V2Field::key`].
    pub fn from_key(key: &str) -> Option<V2Field> {
        V2Field::ALL.into_iter().find(|f| f.key() == key)
    }

    /// Whether it is one of the three channel choices.
    pub fn is_channel(self) -> bool {
        matches!(
            self,
            V2Field::Channel1 | V2Field::Channel2 | V2Field::Channel3
        )
    }
}

/// The channel fields, in step order.
const CHANNELS: [V2Field; 3] = [V2Field::Channel1, V2Field::Channel2, V2Field::Channel3];

/// What a channel choice holds for "none" (steps 2 and 3 only).
pub const NO_CHANNEL: &str = "";

/// The form as typed. Channels hold the API's names (`sms`, `voice`...) or
/// [`NO_CHANNEL`].
#[derive(Clone, PartialEq, Eq, Debug)]
pub struct V2Form {
    values: [String; 11],
}

impl Default for V2Form {
    /// sms then voice to a number whose silent-auth sandbox outcome is `completed`, the
    /// API's defaults for the rest.
    fn default() -> V2Form {
        let mut form = V2Form {
            values: Default::default(),
        };
        for (field, value) in [
            (V2Field::Brand, "Acme"),
            (V2Field::Phone, "447700900002"),
            (V2Field::Email, "alex@example.com"),
            (V2Field::Channel1, "sms"),
            (V2Field::Channel2, "voice"),
            (V2Field::Channel3, NO_CHANNEL),
            (V2Field::ChannelTimeout, "180"),
            (V2Field::CodeLength, "4"),
            (V2Field::Locale, "en-us"),
        ] {
            form.set(field, value.to_owned());
        }
        form
    }
}

impl V2Form {
    fn slot(field: V2Field) -> usize {
        V2Field::ALL.iter().position(|f| *f == field).unwrap_or(0)
    }

    /// The field's text.
    pub fn get(&self, field: V2Field) -> &str {
        &self.values[V2Form::slot(field)]
    }

    /// Sets the field's text.
    pub fn set(&mut self, field: V2Field, value: String) {
        self.values[V2Form::slot(field)] = value;
    }

    /// The channel fields that hold a channel, each with its channel, in step order
    /// (none skipped: step k of the body is the k-th of these).
    fn steps(&self) -> Vec<(V2Field, Channel)> {
        CHANNELS
            .into_iter()
            .filter_map(|field| Channel::parse(self.get(field)).map(|c| (field, c)))
            .collect()
    }

    /// `POST /v2/verify`'s body: the workflow of the chosen channels (email steps to the
    /// email address, the others to the phone number), the numbers as JSON integers when
    /// they read as one (else as typed, for the engine to refuse), empty optional fields
    /// left out.
    pub fn body(&self) -> Value {
        let mut body = Map::new();
        body.insert("brand".into(), self.get(V2Field::Brand).into());
        let workflow: Vec<Value> = self
            .steps()
            .into_iter()
            .map(|(_, channel)| {
                let to = match channel {
                    Channel::Email => self.get(V2Field::Email),
                    _ => self.get(V2Field::Phone),
                };
                let mut step = Map::new();
                step.insert("channel".into(), channel.as_str().into());
                step.insert("to".into(), to.into());
                Value::Object(step)
            })
            .collect();
        body.insert("workflow".into(), Value::Array(workflow));
        for field in [V2Field::ChannelTimeout, V2Field::CodeLength] {
            let text = self.get(field).trim();
            if text.is_empty() {
                continue;
            }
            let value = match text.parse::<i64>() {
                Ok(n) => Value::from(n),
                Err(_) => Value::from(text),
            };
            body.insert(field.key().into(), value);
        }
        for field in [V2Field::Code, V2Field::Locale, V2Field::ClientRef] {
            let text = self.get(field);
            if !text.is_empty() {
                body.insert(field.key().into(), text.into());
            }
        }
        Value::Object(body)
    }

    /// What the engine refuses in [`V2Form::body`], each reason next to its field: a
    /// step's `to` on the phone number or the email address, its other reasons on its
    /// channel, `workflow` on Channel 1. Empty when the start would be accepted.
    pub fn errors(&self) -> Vec<(V2Field, &'static str)> {
        let list = match parse_start(&self.body()) {
            Ok(_) => return Vec::new(),
            Err(BodyError::Invalid(list)) => list,
            // The form sends no `from`: the sender check cannot fail.
            Err(BodyError::Sender) => return Vec::new(),
        };
        let steps = self.steps();
        list.into_iter()
            .map(|param| {
                let field = match param.name.as_ref() {
                    "brand" => V2Field::Brand,
                    "workflow" => V2Field::Channel1,
                    "locale" => V2Field::Locale,
                    "channel_timeout" => V2Field::ChannelTimeout,
                    "code_length" => V2Field::CodeLength,
                    "code" => V2Field::Code,
                    "client_ref" => V2Field::ClientRef,
                    name => step_field(name, &steps, param.reason),
                };
                (field, param.reason)
            })
            .collect()
    }

    /// What the silent-auth sandbox will answer the device's hop (`completed`,
    /// `failed`, `user_rejected`), when the form is valid and its first step is
    /// silent_auth: the engine's number table, applied to the number as the engine reads it.
    pub fn sandbox_outcome(&self) -> Option<&'static str> {
        let start = parse_start(&self.body()).ok()?;
        let first = start.steps.first()?;
        (first.channel == Channel::SilentAuth).then(|| hop_outcome(first.to.as_str()).as_str())
    }

    /// The engine's reason for `field`, if it refuses it.
    pub fn error(&self, field: V2Field) -> Option<&'static str> {
        self.errors()
            .into_iter()
            .find(|(f, _)| *f == field)
            .map(|(_, reason)| reason)
    }

    /// The form as `key=value` pairs for the page's address: the fields that differ from
    /// the defaults, in the form's order (values percent-encoded by the caller).
    pub fn changed(&self) -> Vec<(&'static str, &str)> {
        let defaults = V2Form::default();
        V2Field::ALL
            .into_iter()
            .filter(|f| self.get(*f) != defaults.get(*f))
            .map(|f| (f.key(), self.get(f)))
            .collect()
    }
}

/// The field a `workflow[i]` entry belongs on.
fn step_field(name: &str, steps: &[(V2Field, Channel)], reason: &str) -> V2Field {
    if reason.contains("Email address") {
        return V2Field::Email;
    }
    if reason.contains("Phone number") {
        return V2Field::Phone;
    }
    let index = name
        .strip_prefix("workflow[")
        .and_then(|rest| rest.strip_suffix(']'))
        .and_then(|i| i.parse::<usize>().ok());
    index
        .and_then(|i| steps.get(i))
        .map_or(V2Field::Channel1, |(field, _)| *field)
}
