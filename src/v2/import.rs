//! "Import scenario": a scenario file of Verify v2 calls, pasted as text (what "Export
//! scenario" writes, or `verify-sim`'s own files), replaces the session
//! ([`crate::state::v2::V2Action::Import`]); a file that cannot be imported is refused
//! next to the control, naming its line and the reason, and the session is kept.
//!
//! The file is read by the on-demand module `verify-import` (the engine's scenario
//! parser, kept out of `#v2`'s first load), downloaded on the first import; while it
//! loads the button says "Importing…". If it cannot be loaded (offline, the server
//! gone) the panel says so and nothing is lost: the text stays to try again.

use yew::prelude::*;

use crate::platform::modules;
use crate::state::v2::{import, V2Action};

/// The module that reads scenario files, and its function.
const MODULE: (&str, &str) = ("verify-import", "read_v2");

/// What the import panel is given.
#[derive(Properties, PartialEq)]
pub struct ImportProps {
    /// Why the last import was refused (the reducer's).
    pub error: Option<AttrValue>,
    /// The text area, kept by the view.
    pub text: NodeRef,
    /// Where the file's session (or refusal) goes.
    pub dispatch: Callback<V2Action>,
}

/// The text area, the button, and why the last import was refused or could not run.
#[function_component(ImportPanel)]
pub fn import_panel(props: &ImportProps) -> Html {
    let busy = use_state(|| false);
    let trouble = use_state(|| None::<String>);
    let onclick = {
        let (dispatch, text) = (props.dispatch.clone(), props.text.clone());
        let (busy, trouble) = (busy.clone(), trouble.clone());
        Callback::from(move |_: MouseEvent| {
            if *busy {
                return;
            }
            let draft = text
                .cast::<web_sys::HtmlTextAreaElement>()
                .map(|area| area.value())
                .unwrap_or_default();
            busy.set(true);
            trouble.set(None);
            let (dispatch, busy, trouble) = (dispatch.clone(), busy.clone(), trouble.clone());
            yew::platform::spawn_local(async move {
                let answer = modules::call_text(MODULE.0, MODULE.1, &draft).await;
                busy.set(false);
                let read = answer
                    .map_err(|e| e.to_string())
                    .and_then(|text| import::decode(&text).map_err(|e| e.to_string()));
                match read {
                    Ok(read) => dispatch.emit(V2Action::Import(read)),
                    Err(why) => trouble.set(Some(format!(
                        "The file could not be imported: {why}. Your session and the text \
                         are kept: check the connection and try again."
                    ))),
                }
            });
        })
    };
    // The latest first: a failed load is cleared by the next click, a refusal by the next
    // session; neither is shown while a new import runs.
    let error = (!*busy)
        .then(|| {
            (*trouble)
                .clone()
                .or_else(|| props.error.as_ref().map(|e| e.to_string()))
        })
        .flatten();
    html! {
        <div class="v2-import">
            <label for="v2-import-text">{ "Scenario to import" }</label>
            <textarea id="v2-import-text" rows="4" ref={props.text.clone()}
                placeholder="{\"at\": 0, \"verify2\": {...}}"
                aria-describedby={error.as_ref().map(|_| "v2-import-error")}
                aria-invalid={error.as_ref().map(|_| "true")} />
            if let Some(error) = error {
                <p class="field-error" id="v2-import-error" role="alert"><code>{ error }</code></p>
            }
            <button type="button" {onclick} disabled={*busy} aria-busy={busy.then_some("true")}>
                { if *busy { "Importing…" } else { "Import scenario" } }
            </button>
        </div>
    }
}
