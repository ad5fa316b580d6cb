//! Keeping and sharing: export the session as a scenario file, import one to replay it,
//! or start over.

use std::rc::Rc;

use web_sys::HtmlTextAreaElement;
use yew::prelude::*;

use super::download::DownloadLink;
use super::share::Share;
use super::{random_seed, send};
use crate::state::Action;

/// The file name exports are offered under.
pub const EXPORT_FILE: &str = "verify-session.jsonl";

/// Properties of [`Session`].
#[derive(Properties, PartialEq)]
pub struct SessionProps {
    /// The session as a scenario file, once exported.
    pub exported: Option<Rc<str>>,
    /// How far an imported scenario has replayed, in words.
    pub progress: Option<AttrValue>,
    /// Why the last import failed.
    pub import_error: Option<String>,
    /// The page mirrors the emulator's session.
    #[prop_or_default]
    pub connected: bool,
    /// Writes the session's share-link data when asked (`None`: nothing to share).
    pub share: Callback<(), Option<String>>,
    /// The page's address with its settings, for links.
    pub address: AttrValue,
    /// The same, embedded.
    pub embed_address: AttrValue,
    /// Where actions go.
    pub dispatch: Callback<Action>,
}

/// The "Session" panel.
#[function_component]
pub fn Session(props: &SessionProps) -> Html {
    let draft = use_state(String::new);
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
    html! {
        <section class="panel session" aria-labelledby="session-title">
            <h2 id="session-title">{ "Session" }</h2>
            if props.connected {
                <p class="hint">{ "This page shows the emulator's session: every client's calls, its clock. \"Start a new session\" resets the emulator; the export is the session so far as a scenario file (also at /_sim/scenario)." }</p>
            } else {
                <p class="hint">{ "The session is kept in this browser and comes back after a reload. A scenario file (JSON Lines, one timed call per line) replays it anywhere: here, in the tests, or with verify-sim." }</p>
            }
            <div class="button-row">
                <button type="button" onclick={send(&props.dispatch, Action::Export)}>{ "Export scenario" }</button>
                <button type="button" onclick={on_reset}>{ "Start a new session" }</button>
            </div>
            <Share payload={props.share.clone()} address={props.address.clone()}
                embed_address={props.embed_address.clone()} />
            if let Some(text) = &props.exported {
                <div class="field">
                    <label for="export-text">{ "Exported scenario" }</label>
                    <textarea id="export-text" readonly=true rows="6" value={AttrValue::from(text.clone())} />
                    <DownloadLink text={text.clone()} file={EXPORT_FILE} />
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
            if let Some(progress) = &props.progress {
                <p class="progress">{ progress.clone() }</p>
            }
        </section>
    }
}
