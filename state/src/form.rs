//! The request form's values: text exactly as typed, turned into API parameters on demand.
//! Validation is the engine's (`field_errors`, `psd2_field_errors`); this
//! module only maps fields to parameters. With "PSD2 payment" ticked the form makes a
//! `/verify/psd2/json` call (Part A7) instead of `/verify/json`.

use serde_json::{Map, Value};
use verify_engine::{
    field_errors, psd2_field_errors, Call, Psd2Params, Timings, VerifyError, VerifyParams, Workflow,
};

/// One field of the request form.
#[derive(Clone, Copy, PartialEq, Eq, Hash, Debug)]
pub enum Field {
    /// `number`
    Number,
    /// Whether the request is a PSD2 payment's (`1`) or an ordinary one (empty); the
    /// page's own setting, `psd2` in its address.
    Psd2,
    /// `payee` (PSD2)
    Payee,
    /// `amount` (PSD2), in euros
    Amount,
    /// `brand`
    Brand,
    /// `workflow_id`
    Workflow,
    /// `next_event_wait`
    NextEventWait,
    /// `pin_expiry`
    PinExpiry,
    /// `code_length`
    CodeLength,
    /// `lg`
    Lang,
    /// `country`
    Country,
    /// `sender_id`
    SenderId,
}

impl Field {
    /// Every field, in the form's order.
    pub const ALL: [Field; 12] = [
        Field::Number,
        Field::Psd2,
        Field::Payee,
        Field::Amount,
        Field::Brand,
        Field::Workflow,
        Field::NextEventWait,
        Field::PinExpiry,
        Field::CodeLength,
        Field::Lang,
        Field::Country,
        Field::SenderId,
    ];

    /// The API parameter the field fills (also its name in the page's URL); `psd2` is
    /// the page's own, the kind of request.
    pub fn param(self) -> &'static str {
        match self {
            Field::Number => "number",
            Field::Psd2 => "psd2",
            Field::Payee => "payee",
            Field::Amount => "amount",
            Field::Brand => "brand",
            Field::Workflow => "workflow_id",
            Field::NextEventWait => "next_event_wait",
            Field::PinExpiry => "pin_expiry",
            Field::CodeLength => "code_length",
            Field::Lang => "lg",
            Field::Country => "country",
            Field::SenderId => "sender_id",
        }
    }

    /// The field for an API parameter name.
    pub fn from_param(name: &str) -> Option<Field> {
        Field::ALL.into_iter().find(|f| f.param() == name)
    }
}

/// What the form holds. Empty text means "not sent", as the API counts an empty value as
/// missing anyway.
#[derive(Clone, PartialEq, Eq, Debug)]
pub struct FormValues {
    /// Phone number.
    pub number: String,
    /// `1` for a PSD2 payment's request, empty for an ordinary one.
    pub psd2: String,
    /// Who is paid (PSD2).
    pub payee: String,
    /// How much, in euros (PSD2).
    pub amount: String,
    /// Brand named in the messages.
    pub brand: String,
    /// `1` to `7`.
    pub workflow_id: String,
    /// Seconds between events; empty for the workflow's defaults.
    pub next_event_wait: String,
    /// Seconds a PIN lives; empty for the default.
    pub pin_expiry: String,
    /// `4` or `6`.
    pub code_length: String,
    /// Language code; empty for the default.
    pub lg: String,
    /// Two-letter country code; empty when not sent.
    pub country: String,
    /// Sender shown by search; empty for the default.
    pub sender_id: String,
}

impl Default for FormValues {
    fn default() -> Self {
        FormValues {
            number: "447700900001".into(),
            psd2: String::new(),
            payee: "Acme".into(),
            amount: "12.34".into(),
            brand: "Acme".into(),
            workflow_id: "1".into(),
            next_event_wait: String::new(),
            pin_expiry: String::new(),
            code_length: "4".into(),
            lg: String::new(),
            country: String::new(),
            sender_id: String::new(),
        }
    }
}

impl FormValues {
    /// The text of one field.
    pub fn get(&self, field: Field) -> &str {
        match field {
            Field::Number => &self.number,
            Field::Psd2 => &self.psd2,
            Field::Payee => &self.payee,
            Field::Amount => &self.amount,
            Field::Brand => &self.brand,
            Field::Workflow => &self.workflow_id,
            Field::NextEventWait => &self.next_event_wait,
            Field::PinExpiry => &self.pin_expiry,
            Field::CodeLength => &self.code_length,
            Field::Lang => &self.lg,
            Field::Country => &self.country,
            Field::SenderId => &self.sender_id,
        }
    }

    /// Replaces the text of one field.
    pub fn set(&mut self, field: Field, value: String) {
        let slot = match field {
            Field::Number => &mut self.number,
            Field::Psd2 => &mut self.psd2,
            Field::Payee => &mut self.payee,
            Field::Amount => &mut self.amount,
            Field::Brand => &mut self.brand,
            Field::Workflow => &mut self.workflow_id,
            Field::NextEventWait => &mut self.next_event_wait,
            Field::PinExpiry => &mut self.pin_expiry,
            Field::CodeLength => &mut self.code_length,
            Field::Lang => &mut self.lg,
            Field::Country => &mut self.country,
            Field::SenderId => &mut self.sender_id,
        };
        *slot = value;
    }

    /// The form as saved sessions keep it: each field under its parameter's name.
    pub fn to_json(&self) -> Value {
        // Inserted one by one, not collected: collecting into the map sorts first, and
        // that sort's code would be in the playground's download for this alone.
        let mut fields = Map::new();
        for field in Field::ALL {
            fields.insert(field.param().to_owned(), self.get(field).into());
        }
        fields.into()
    }

    /// The form [`FormValues::to_json`] wrote; a field missing (or not text) keeps its
    /// default.
    pub fn from_json(value: &Value) -> FormValues {
        let mut form = FormValues::default();
        for field in Field::ALL {
            if let Some(text) = value.get(field.param()).and_then(Value::as_str) {
                form.set(field, text.to_owned());
            }
        }
        form
    }

    /// Whether the form makes a PSD2 payment's request.
    pub fn is_psd2(&self) -> bool {
        !self.psd2.is_empty()
    }

    /// The call "Send verification" makes: `/verify/psd2/json` for a payment,
    /// `/verify/json` otherwise.
    pub fn to_call(&self) -> Call {
        if self.is_psd2() {
            Call::Psd2(self.to_psd2_params())
        } else {
            Call::Verify(self.to_params())
        }
    }

    /// The `/verify/psd2/json` parameters the form sends: every non-empty field PSD2
    /// takes, as typed (brand and sender ID are not among them).
    pub fn to_psd2_params(&self) -> Psd2Params {
        let text = |value: &str| (!value.is_empty()).then(|| value.to_owned());
        Psd2Params {
            number: text(&self.number),
            payee: text(&self.payee),
            amount: text(&self.amount),
            country: text(&self.country),
            code_length: text(&self.code_length),
            lg: text(&self.lg),
            pin_expiry: text(&self.pin_expiry),
            next_event_wait: text(&self.next_event_wait),
            workflow_id: text(&self.workflow_id),
            ..Psd2Params::default()
        }
    }

    /// The `/verify/json` parameters the form sends: every non-empty field, as typed.
    pub fn to_params(&self) -> VerifyParams {
        let text = |value: &str| (!value.is_empty()).then(|| value.to_owned());
        VerifyParams {
            number: text(&self.number),
            brand: text(&self.brand),
            workflow_id: text(&self.workflow_id),
            next_event_wait: text(&self.next_event_wait),
            pin_expiry: text(&self.pin_expiry),
            code_length: text(&self.code_length),
            lg: text(&self.lg),
            country: text(&self.country),
            sender_id: text(&self.sender_id),
            ..VerifyParams::default()
        }
    }

    /// What the API would refuse, one error per field at most (the engine's rules).
    pub fn errors(&self) -> Vec<VerifyError> {
        if self.is_psd2() {
            psd2_field_errors(&self.to_psd2_params())
        } else {
            field_errors(&self.to_params())
        }
    }

    /// The schedule these settings give a workflow (`None`: the form's own workflow),
    /// using only the values the API would accept. `pin_expiry_replaced` tells when the
    /// API would silently change the PIN expiry.
    pub fn timings(&self, workflow: Option<Workflow>, errors: &[VerifyError]) -> Timings {
        let accepted = |field: Field| {
            let value = self.get(field);
            let refused = errors.iter().any(|e| e.param() == Some(field.param()));
            (!refused && !value.is_empty() && value.bytes().all(|b| b.is_ascii_digit()))
                .then(|| value.parse::<u32>().ok())
                .flatten()
        };
        let workflow = workflow
            .or_else(|| {
                accepted(Field::Workflow).and_then(|id| Workflow::from_id(u8::try_from(id).ok()?))
            })
            .unwrap_or(Workflow::DEFAULT);
        Timings::new(
            workflow,
            accepted(Field::NextEventWait),
            accepted(Field::PinExpiry),
        )
    }

    /// The fields that differ from the defaults, as URL parameters.
    pub fn changed(&self) -> Vec<(&'static str, &str)> {
        let defaults = FormValues::default();
        Field::ALL
            .into_iter()
            .filter(|f| self.get(*f) != defaults.get(*f))
            .map(|f| (f.param(), self.get(f)))
            .collect()
    }
}
