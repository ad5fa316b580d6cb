//! A labelled form field with its live error (the API's text and its meaning) under it.

use web_sys::{HtmlInputElement, HtmlSelectElement};
use yew::prelude::*;

use super::class_list;

/// An error to show under a field: the API's exact `error_text` and what it means.
#[derive(Clone, PartialEq, Eq, Debug)]
pub struct FieldError {
    /// The real API's `error_text`.
    pub error_text: String,
    /// Plain words, from the engine.
    pub explanation: String,
}

/// A text input or a select.
#[derive(Clone, PartialEq)]
pub enum Control {
    /// Free text; `numeric` brings up the number pad on phones.
    Text {
        /// Ask for the numeric keyboard.
        numeric: bool,
        /// Placeholder text.
        placeholder: AttrValue,
    },
    /// A fixed list of (value, label).
    Select(Vec<(AttrValue, AttrValue)>),
    /// A tick box: its value is `1` when ticked, empty when not.
    Checkbox,
}

/// What [`field`] draws.
pub struct FieldProps {
    /// The element id (also names the error and hint elements).
    pub id: AttrValue,
    /// The label: the field's accessible name, exactly.
    pub label: AttrValue,
    /// Current value.
    pub value: AttrValue,
    /// Input or select.
    pub control: Control,
    /// What the API would say about the value.
    pub error: Option<FieldError>,
    /// A short help text.
    pub hint: Option<AttrValue>,
    /// The new value on every change.
    pub onchange: Callback<String>,
}

/// A labelled field; errors are tied to it with `aria-describedby` and `aria-invalid`.
pub fn field(props: &FieldProps) -> Html {
    let error_id = format!("{}-error", props.id);
    let hint_id = format!("{}-hint", props.id);
    let mut described = Vec::new();
    if props.hint.is_some() {
        described.push(hint_id.clone());
    }
    if props.error.is_some() {
        described.push(error_id.clone());
    }
    let described = (!described.is_empty()).then(|| described.join(" "));
    let invalid = props.error.as_ref().map(|_| "true");
    let control = match &props.control {
        Control::Text {
            numeric,
            placeholder,
        } => {
            let onchange = props.onchange.clone();
            let oninput = Callback::from(move |e: InputEvent| {
                onchange.emit(e.target_unchecked_into::<HtmlInputElement>().value())
            });
            html! {
                <input id={props.id.clone()} type="text" value={props.value.clone()}
                    inputmode={numeric.then_some("numeric")}
                    placeholder={placeholder.clone()} autocomplete="off"
                    aria-invalid={invalid} aria-describedby={described.clone()} {oninput} />
            }
        }
        Control::Select(options) => {
            let onchange = props.onchange.clone();
            let onchange = Callback::from(move |e: Event| {
                onchange.emit(e.target_unchecked_into::<HtmlSelectElement>().value())
            });
            html! {
                <select id={props.id.clone()} aria-invalid={invalid}
                    aria-describedby={described.clone()} {onchange}>
                    if !options.iter().any(|(value, _)| *value == props.value) {
                        // A value from the address bar that the list does not offer.
                        <option value={props.value.clone()} selected=true>
                            { format!("{} (not offered)", props.value) }
                        </option>
                    }
                    { for options.iter().map(|(value, label)| html! {
                        <option value={value.clone()} selected={*value == props.value}>
                            { label.clone() }
                        </option>
                    }) }
                </select>
            }
        }
        Control::Checkbox => {
            let onchange = props.onchange.clone();
            let onchange = Callback::from(move |e: Event| {
                let ticked = e.target_unchecked_into::<HtmlInputElement>().checked();
                onchange.emit(if ticked { "1" } else { "" }.to_owned())
            });
            html! {
                <input id={props.id.clone()} type="checkbox" checked={!props.value.is_empty()}
                    aria-describedby={described.clone()} {onchange} />
            }
        }
    };
    let checkbox = matches!(props.control, Control::Checkbox);
    html! {
        <div ~className={class_list(&[Some("field"), checkbox.then_some("tick"), props.error.is_some().then_some("has-error")])}>
            if checkbox {
                { control }
                <label for={props.id.clone()}>{ props.label.clone() }</label>
            } else {
                <label for={props.id.clone()}>{ props.label.clone() }</label>
                { control }
            }
            if let Some(hint) = &props.hint {
                <p class="hint" id={hint_id}>{ hint.clone() }</p>
            }
            if let Some(error) = &props.error {
                <p class="field-error" id={error_id}>
                    <code>{ &error.error_text }</code>
                    <span>{ &error.explanation }</span>
                </p>
            }
        </div>
    }
}
