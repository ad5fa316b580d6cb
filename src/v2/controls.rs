//! The app's calls: "Start verification", and on the request started last "Check code"
//! (with its "Code"), "Cancel" and "Next workflow".

use web_sys::HtmlInputElement;
use yew::prelude::*;

use crate::state::v2::{V2Action, V2Playground};

fn send(dispatch: &Callback<V2Action>, action: V2Action) -> Callback<MouseEvent> {
    let dispatch = dispatch.clone();
    Callback::from(move |_| dispatch.emit(action.clone()))
}

/// The buttons and the code field.
pub fn v2_controls(state: &V2Playground, dispatch: &Callback<V2Action>) -> Html {
    let request = state.request();
    let oninput = {
        let dispatch = dispatch.clone();
        Callback::from(move |e: InputEvent| {
            dispatch.emit(V2Action::EditCode(
                e.target_unchecked_into::<HtmlInputElement>().value(),
            ))
        })
    };
    let onsubmit = {
        let dispatch = dispatch.clone();
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            dispatch.emit(V2Action::Check);
        })
    };
    html! {
        <div class="v2-controls">
            <button type="button" class="primary" onclick={send(dispatch, V2Action::Start)}>
                { "Start verification" }
            </button>
            if let Some(request) = request {
                <p class="v2-current" aria-live="polite">
                    { "Request " }<code>{ request.id().to_string() }</code>
                    { ": " }<strong class={format!("status-{}", request.status().as_str())}>{ request.status().as_str() }</strong>
                    { format!(", step {} of {} ({})", request.current() + 1, request.steps().len(),
                        request.steps()[request.current()].spec.channel.as_str()) }
                </p>
                <form class="v2-check" {onsubmit}>
                    <label for="v2-code-typed">{ "Code" }</label>
                    <input id="v2-code-typed" type="text" autocomplete="one-time-code"
                        value={state.code.clone()} {oninput} />
                    <button type="submit">{ "Check code" }</button>
                </form>
                <div class="v2-buttons">
                    <button type="button" onclick={send(dispatch, V2Action::Cancel)}>{ "Cancel" }</button>
                    <button type="button" onclick={send(dispatch, V2Action::Next)}>{ "Next workflow" }</button>
                </div>
            }
        </div>
    }
}
