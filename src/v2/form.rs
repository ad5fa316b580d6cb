//! The v2 request form: every field labelled as the issue names it, each with the
//! engine's refusal next to it as it is typed.

use verify_engine::v2::Channel;
use yew::prelude::*;

use crate::components::field::{field, Control, FieldError, FieldProps};
use crate::state::v2::form::{V2Field, V2Form, NO_CHANNEL};
use crate::state::v2::V2Action;

/// How a channel reads in the menus (its API name follows).
fn channel_label(channel: Channel) -> &'static str {
    match channel {
        Channel::Sms => "SMS",
        Channel::Voice => "Voice call",
        Channel::Whatsapp => "WhatsApp",
        Channel::WhatsappInteractive => "WhatsApp interactive (Yes / No)",
        Channel::Email => "Email",
        Channel::Rcs => "RCS",
        Channel::SilentAuth => "Silent authentication",
    }
}

/// The menu of a channel field: the seven channels, and "None" for steps 2 and 3.
fn channel_options(optional: bool) -> Vec<(AttrValue, AttrValue)> {
    let none = optional.then(|| (AttrValue::from(NO_CHANNEL), AttrValue::from("None")));
    none.into_iter()
        .chain(Channel::ALL.into_iter().map(|c| {
            (
                AttrValue::from(c.as_str()),
                AttrValue::from(format!("{} ({})", channel_label(c), c.as_str())),
            )
        }))
        .collect()
}

/// A short help under some fields; the number's, with silent authentication first, says
/// what the sandbox will answer the device (the engine's table).
fn hint(field: V2Field, form: &V2Form) -> Option<AttrValue> {
    match field {
        V2Field::Phone => Some(match form.sandbox_outcome() {
            Some(outcome) => format!("Every step but email goes here. The silent authentication sandbox answers this number: {outcome}.").into(),
            None => "Every step but email goes here.".into(),
        }),
        V2Field::Email => Some("Email steps go here.".into()),
        V2Field::Code => Some("Empty: a random code of Code length digits.".into()),
        _ => None,
    }
}

/// The form, with each field's live error.
pub fn v2_form(form: &V2Form, dispatch: &Callback<V2Action>) -> Html {
    let errors = form.errors();
    html! {
        <form class="v2-form" aria-label="Verify v2 request" onsubmit={Callback::from(|e: SubmitEvent| e.prevent_default())}>
            { for V2Field::ALL.into_iter().map(|f| {
                let control = if f.is_channel() {
                    Control::Select(channel_options(f != V2Field::Channel1))
                } else {
                    Control::Text {
                        numeric: matches!(f, V2Field::ChannelTimeout | V2Field::CodeLength),
                        placeholder: AttrValue::default(),
                    }
                };
                let error = errors.iter().find(|(field, _)| *field == f).map(|(_, reason)| FieldError {
                    error_text: (*reason).to_owned(),
                    explanation: "The API would refuse the start with this (422 Invalid params).".to_owned(),
                });
                let dispatch = dispatch.clone();
                field(&FieldProps {
                    id: AttrValue::from(format!("v2-{}", f.key())),
                    label: AttrValue::from(f.label()),
                    value: AttrValue::from(form.get(f).to_owned()),
                    control,
                    error,
                    hint: hint(f, form),
                    onchange: Callback::from(move |value: String| dispatch.emit(V2Action::Edit(f, value))),
                })
            }) }
        </form>
    }
}
