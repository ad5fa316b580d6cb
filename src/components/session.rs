//! Keeping and sharing: export the session as a scenario file, import one to replay it,
//! or start over.

use web_sys::HtmlTextAreaElement;
use yew::prelude::*;

use super::random_seed;
use crate::format;
use crate::state::{Action, Import};

/// Properties of [`Session`].
#[derive(Properties, PartialEq)]
pub struct SessionProps {
    /// Builds the export when asked (the session changes as the clock runs).
    pub export: Callback<(), String>,
    /// A scenario being replayed.
    pub import: Option<Import>,
    /// Why the last import failed.
    pub import_error: Option<String>,
    /// Where actions go.
    pub dispatch: Callback<Action>,
}

/// The "Session" panel.
#[function_component]
pub fn Session(props: &SessionProps) -> Html {
    let exported = use_state(|| None::<String>);
    let draft = use_state(String::new);
    let on_export = {
        let (export, exported) = (props.export.clone(), exported.clone());
        Callback::from(move |_: MouseEvent| exported.set(Some(export.emit(()))))
    };
    let on_draft = {
        let draft = draft.clone();
        Callback::from(move |e: InputEvent| {
            draft.set(e.target_unchecked_into::<HtmlTextAreaElement>().value())
        })
    };
    let on_import = {
        let (dispatch, draft) = (props.dispatch.clone(), draft.clone());
        Callback::from(move |_: MouseEvent| dispatch.emit(Action::Import((*draft).clone())))
    };
    let on_reset = {
        let dispatch = props.dispatch.clone();
        Callback::from(move |_: MouseEvent| dispatch.emit(Action::Reset(random_seed())))
    };
    let progress = props.import.as_ref().map(|import| {
        let total = import.steps.len();
        match import.next_at() {
            Some(at) => format!(
                "Replaying the imported scenario: {} of {total} steps done, the next at {}.",
                import.next,
                format::clock(at)
            ),
            None => format!("The imported scenario has run all {total} steps."),
        }
    });
    let download = exported.as_ref().map(|text| {
        format!(
            "data:text/plain;charset=utf-8,{}",
            String::from(js_sys::encode_uri_component(text))
        )
    });
    html! {
        <section class="panel session" aria-labelledby="session-title">
            <h2 id="session-title">{ "Session" }</h2>
            <p class="hint">{ "The session is kept in this browser and comes back after a reload. A scenario file (JSON Lines, one timed call per line) replays it anywhere: here, in the tests, or with verify-sim." }</p>
            <div class="button-row">
                <button type="button" onclick={on_export}>{ "Export scenario" }</button>
                <button type="button" onclick={on_reset}>{ "Start a new session" }</button>
            </div>
            if let (Some(text), Some(href)) = (exported.as_ref(), download) {
                <div class="field">
                    <label for="export-text">{ "Exported scenario" }</label>
                    <textarea id="export-text" readonly=true rows="6" value={text.clone()} />
                    <a href={href} download="verify-session.jsonl">{ "Download verify-session.jsonl" }</a>
                </div>
            }
            <div class="field">
                <label for="import-text">{ "Scenario to import" }</label>
                <textarea id="import-text" rows="6" value={(*draft).clone()} oninput={on_draft}
                    placeholder={r#"{"at": 0, "verify": {"number": "447700900001", "brand": "Acme"}}"#}
                    aria-describedby={props.import_error.as_ref().map(|_| "import-error")}
                    aria-invalid={props.import_error.as_ref().map(|_| "true")} />
                if let Some(error) = &props.import_error {
                    <p class="field-error" id="import-error" role="alert"><code>{ error }</code></p>
                }
            </div>
            <button type="button" onclick={on_import}>{ "Import scenario" }</button>
            if let Some(progress) = progress {
                <p class="progress">{ progress }</p>
            }
        </section>
    }
}
