//! "Your app": the `/verify/json` request form (or `/verify/psd2/json`'s, for a PSD2
//! payment), validated live with the engine's rules.

use verify_engine::faults::RequestFault;
use verify_engine::{Workflow, LANG_CODES, PSD2_LANG_CODES, TRANSLATED};
use yew::prelude::*;

use super::field::{field, Control, FieldError, FieldProps};
use super::markup;
use crate::state::form::{Field, FormValues};
use crate::state::Action;

fn text(numeric: bool, placeholder: &'static str) -> Control {
    Control::Text {
        numeric,
        placeholder: placeholder.into(),
    }
}

/// The request form. Each field shows, as the user types, the error the real API would
/// answer and what it means; sending anyway still goes to the engine, so the API log
/// shows the real error response. `force` is "Force the next answer"'s choice (a request
/// fault's name, or empty).
pub fn request_form(values: &FormValues, force: &str, dispatch: &Callback<Action>) -> Html {
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
        let dispatch = dispatch.clone();
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
    let psd2 = values.is_psd2();
    // PSD2 takes its own list of codes, and its texts are English for each (A7).
    let mut languages: Vec<(AttrValue, AttrValue)> = vec![("".into(), "Default (en-us)".into())];
    languages.extend(
        if psd2 {
            &PSD2_LANG_CODES[..]
        } else {
            &LANG_CODES[..]
        }
        .iter()
        .map(|code| {
            let label = if TRANSLATED.contains(code) && !psd2 {
                code.to_string()
            } else {
                format!("{code} (English text)")
            };
            (AttrValue::from(*code), label.into())
        }),
    );
    let onsubmit = {
        let dispatch = dispatch.clone();
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            dispatch.emit(Action::Send);
        })
    };
    let replaced = timings.pin_expiry_note().map(|note| {
        html! { <p class="explain" id="pin-expiry-fix">{ note }</p> }
    });
    // One labelled field per parameter: its id, label, control and hint.
    let input = |id: &'static str,
                 label: &'static str,
                 param: Field,
                 control: Control,
                 hint: Option<&'static str>| {
        field(&FieldProps {
            id: id.into(),
            label: label.into(),
            value: values.get(param).to_owned().into(),
            control,
            error: error_for(param),
            hint: hint.map(AttrValue::from),
            onchange: edit(param),
        })
    };
    html! {
        <form class="request-form" {onsubmit} novalidate=true>
            { input("number", "Phone number", Field::Number, text(true, "e.g. 447700900001"), None) }
            { input("psd2", "PSD2 payment", Field::Psd2, Control::Checkbox, Some("Confirm a payment: /verify/psd2/json, its texts naming the payee and the amount.")) }
            if psd2 {
                <div class="field-row">
                    { input("payee", "Payee", Field::Payee, text(false, ""), Some("At most 18 characters.")) }
                    { input("amount", "Amount (EUR)", Field::Amount, text(false, "12.34"), Some("Rounded to cents in the texts.")) }
                </div>
                { markup(r#"<p class="explain" id="psd2-note">The shape of PSD2's texts rests on one published screenshot (2020).</p>"#) }
            } else {
                { input("brand", "Brand", Field::Brand, text(false, ""), Some("Named in every message (at most 18 characters).")) }
            }
            { input("workflow", "Workflow", Field::Workflow, Control::Select(workflows), None) }
            <div class="field-row">
                { input("next-event-wait", "Next event wait", Field::NextEventWait, text(true, "default"), Some("Seconds, 60-900.")) }
                { input("pin-expiry", "PIN expiry", Field::PinExpiry, text(true, "300"), Some("Seconds, 60-3600.")) }
            </div>
            { for replaced }
            <div class="field-row">
                { input("code-length", "Code length", Field::CodeLength, Control::Select(lengths), None) }
                { input("lg", "Language", Field::Lang, Control::Select(languages), None) }
            </div>
            <div class="field-row">
                { input("country", "Country", Field::Country, text(false, "optional"), Some("Two letters, e.g. GB.")) }
                if !psd2 {
                    { input("sender-id", "Sender ID", Field::SenderId, text(false, "verify"), Some("At most 11 characters.")) }
                }
            </div>
            <p class="schedule">
                { markup(r#"<span class="label">Schedule: </span>"#) }
                <code>{ timings.describe() }</code>
            </p>
            { force_menu(force, dispatch) }
            { markup(r#"<button type="submit" class="primary">Send verification</button>"#) }
        </form>
    }
}

/// "Force the next answer": None, or one of A8's request faults by name and status,
/// given as the `__example` of the next call it answers.
fn force_menu(force: &str, dispatch: &Callback<Action>) -> Html {
    let edit = {
        let dispatch = dispatch.clone();
        Callback::from(move |value: String| dispatch.emit(Action::Force(value)))
    };
    let mut options: Vec<(AttrValue, AttrValue)> = vec![("".into(), "None".into())];
    options.extend(RequestFault::ALL.iter().map(|f| {
        let label = format!("{} (status {})", f.name(), f.status());
        (AttrValue::from(f.name()), label.into())
    }));
    field(&FieldProps {
        id: "force".into(),
        label: "Force the next answer".into(),
        value: force.to_owned().into(),
        control: Control::Select(options),
        error: None,
        hint: Some("Sent as __example with the next call it answers.".into()),
        onchange: edit,
    })
}
