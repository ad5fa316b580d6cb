//! The selected request's status, and the calls a backend makes about it: check a PIN,
//! cancel, trigger the next event. The latest call's result is shown in plain words.

use verify_engine::{Command, Response};
use yew::prelude::*;

use super::{class_list, markup, send};
use crate::format;
use crate::state::{Action, LogEntry};

/// Status (the page's one `role="status"` element), the PIN field with "Check", "Cancel
/// request", "Trigger next event", and the latest result.
pub fn controls(
    selected: Option<(String, &'static str)>,
    pin: &str,
    last: Option<&LogEntry>,
    dispatch: &Callback<Action>,
) -> Html {
    let oninput = {
        let dispatch = dispatch.clone();
        Callback::from(move |e: InputEvent| {
            let value = e
                .target_unchecked_into::<web_sys::HtmlInputElement>()
                .value();
            dispatch.emit(Action::EditPin(value));
        })
    };
    let onsubmit = {
        let dispatch = dispatch.clone();
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            dispatch.emit(Action::Check);
        })
    };
    let (label, word) = match &selected {
        Some((id, word)) => (format!("Request {id}"), *word),
        None => ("No request yet".to_owned(), "NONE"),
    };
    html! {
        <div class="controls">
            <p class="selected">
                <span class="label">{ label }</span>{ " " }
                <span role="status" ~className={class_list(&[Some("word"), Some(&format::status_class(word))])}>
                    { word }
                </span>
            </p>
            <form class="check-form" {onsubmit}>
                <div class="field">
                    { markup(r#"<label for="pin">PIN</label>"#) }
                    <input id="pin" type="text" inputmode="numeric" autocomplete="one-time-code"
                        value={pin.to_owned()} {oninput} />
                </div>
                { markup(r#"<button type="submit" class="primary">Check</button>"#) }
            </form>
            <div class="button-row">
                <button type="button" onclick={send(dispatch, Action::Cancel)}>
                    { "Cancel request" }
                </button>
                <button type="button" onclick={send(dispatch, Action::TriggerNext)}>
                    { "Trigger next event" }
                </button>
            </div>
            <div class="last-result" aria-live="polite">
                { for last.map(result) }
            </div>
        </div>
    }
}

/// The result of one call: status code, error text and the engine's explanation.
fn result(entry: &LogEntry) -> Html {
    let endpoint = entry.call.endpoint();
    let heading = format!(
        "{} {} at {}: status {}",
        endpoint.method(),
        endpoint.path(),
        format::clock(entry.at),
        entry.response.status()
    );
    match entry.response.failure() {
        Some(failure) => html! {
            <div class="result error">
                <p class="result-head">{ heading }</p>
                <p><code>{ failure.error_text }</code></p>
                <p class="explain">{ failure.explanation }</p>
            </div>
        },
        None => html! {
            <div class="result ok">
                <p class="result-head">{ heading }</p>
                <p class="explain">{ success_words(&entry.response) }</p>
            </div>
        },
    }
}

/// What a successful call did, in words.
fn success_words(response: &Response) -> String {
    match response {
        Response::Verify(Ok(id)) => format!(
            "Request {} started: the first PIN is on its way to the phone.",
            format::short_id(*id)
        ),
        Response::Check(Ok(verified)) => verified.explain(),
        Response::Control(Ok(Command::Cancel)) => {
            "The request is cancelled: nothing more will be sent.".into()
        }
        Response::Control(Ok(Command::TriggerNextEvent)) => {
            "The next event ran now, and the rest of the schedule moved with it.".into()
        }
        _ => "Done.".into(),
    }
}
