//! "Your app": the `/verify/json` request form, validated live with the engine's rules.

use verify_engine::{Workflow, LANG_CODES, TRANSLATED};
use yew::prelude::*;

use super::field::{Control, Field as FormField, FieldError};
use crate::state::form::{Field, FormValues};
use crate::state::Action;

/// Properties of [`RequestForm`].
#[derive(Properties, PartialEq)]
pub struct RequestFormProps {
    /// The form's values.
    pub values: FormValues,
    /// Where edits and "Send verification" go.
    pub dispatch: Callback<Action>,
}

fn text(numeric: bool, placeholder: &'static str) -> Control {
    Control::Text {
        numeric,
        placeholder: placeholder.into(),
    }
}

/// The request form. Each field shows, as the user types, the error the real API would
/// answer and what it means; sending anyway still goes to the engine, so the API log
/// shows the real error response.
#[function_component]
pub fn RequestForm(props: &RequestFormProps) -> Html {
    let values = &props.values;
    let errors = values.errors();
    let timings = values.timings(None, &errors);
    let error_for = |field: Field| {
        errors
            .iter()
            .find(|e| e.param() == Some(field.param()))
            .map(|e| FieldError {
                error_text: e.to_string(),
                explanation: e.explain(),
            })
    };
    let edit = |field: Field| {
        let dispatch = props.dispatch.clone();
        Callback::from(move |value: String| dispatch.emit(Action::Edit(field, value)))
    };
    let workflows: Vec<(AttrValue, AttrValue)> = Workflow::ALL
        .into_iter()
        .map(|w| {
            let label = format!(
                "{}: {}",
                w.id(),
                values.timings(Some(w), &errors).describe()
            );
            (w.id().to_string().into(), label.into())
        })
        .collect();
    let lengths = vec![
        ("4".into(), "4 digits".into()),
        ("6".into(), "6 digits".into()),
    ];
    let mut languages: Vec<(AttrValue, AttrValue)> = vec![("".into(), "Default (en-us)".into())];
    languages.extend(LANG_CODES.iter().map(|code| {
        let label = if TRANSLATED.contains(code) {
            code.to_string()
        } else {
            format!("{code} (English text)")
        };
        (AttrValue::from(*code), label.into())
    }));
    let onsubmit = {
        let dispatch = props.dispatch.clone();
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            dispatch.emit(Action::Send);
        })
    };
    let replaced = timings.pin_expiry_note().map(|note| {
        html! { <p class="explain" id="pin-expiry-fix">{ note }</p> }
    });
    html! {
        <form class="request-form" {onsubmit} novalidate=true>
            <FormField id="number" label="Phone number" value={values.number.clone()}
                control={text(true, "e.g. 447700900001")} error={error_for(Field::Number)}
                onchange={edit(Field::Number)} />
            <FormField id="brand" label="Brand" value={values.brand.clone()}
                control={text(false, "")} error={error_for(Field::Brand)}
                hint="Named in every message (at most 18 characters)."
                onchange={edit(Field::Brand)} />
            <FormField id="workflow" label="Workflow" value={values.workflow_id.clone()}
                control={Control::Select(workflows)} error={error_for(Field::Workflow)}
                onchange={edit(Field::Workflow)} />
            <div class="field-row">
                <FormField id="next-event-wait" label="Next event wait"
                    value={values.next_event_wait.clone()} control={text(true, "default")}
                    hint="Seconds, 60-900." error={error_for(Field::NextEventWait)}
                    onchange={edit(Field::NextEventWait)} />
                <FormField id="pin-expiry" label="PIN expiry" value={values.pin_expiry.clone()}
                    control={text(true, "300")} hint="Seconds, 60-3600."
                    error={error_for(Field::PinExpiry)} onchange={edit(Field::PinExpiry)} />
            </div>
            { for replaced }
            <div class="field-row">
                <FormField id="code-length" label="Code length" value={values.code_length.clone()}
                    control={Control::Select(lengths)} error={error_for(Field::CodeLength)}
                    onchange={edit(Field::CodeLength)} />
                <FormField id="lg" label="Language" value={values.lg.clone()}
                    control={Control::Select(languages)} error={error_for(Field::Lang)}
                    onchange={edit(Field::Lang)} />
            </div>
            <div class="field-row">
                <FormField id="country" label="Country" value={values.country.clone()}
                    control={text(false, "optional")} hint="Two letters, e.g. GB."
                    error={error_for(Field::Country)} onchange={edit(Field::Country)} />
                <FormField id="sender-id" label="Sender ID" value={values.sender_id.clone()}
                    control={text(false, "verify")} hint="At most 11 characters."
                    error={error_for(Field::SenderId)} onchange={edit(Field::SenderId)} />
            </div>
            <p class="schedule">
                <span class="label">{ "Schedule: " }</span>
                <code>{ timings.describe() }</code>
            </p>
            <button type="submit" class="primary">{ "Send verification" }</button>
        </form>
    }
}
