//! Keeping and sharing: export the session as a scenario file, import one to replay it,
//! share it by a link or embed it, or start over.

use std::rc::Rc;

use yew::prelude::*;

use super::markup;
use super::share::share_controls;
use super::ui::Made;
use super::{random_seed, send};
use crate::state::Action;

/// The file name exports are offered under.
pub const EXPORT_FILE: &str = "verify-session.jsonl";

/// What the "Session" panel shows, and what its buttons do.
pub struct SessionView<'a> {
    /// The session as a scenario file, once exported, and the address that downloads it.
    pub exported: Option<(Rc<str>, Option<String>)>,
    /// How far an imported scenario has replayed, in words.
    pub progress: Option<String>,
    /// Why the last import failed.
    pub import_error: Option<&'a str>,
    /// The page mirrors the emulator's session.
    pub connected: bool,
    /// The share link or embed code last made.
    pub made: Option<&'a Made>,
    /// "Share session".
    pub on_share: Callback<MouseEvent>,
    /// "Copy embed code".
    pub on_embed: Callback<MouseEvent>,
    /// The scenario text area (read when "Import scenario" is pressed).
    pub import_text: NodeRef,
    /// Where actions go.
    pub dispatch: &'a Callback<Action>,
}

/// The "Session" panel.
pub fn session(view: SessionView<'_>) -> Html {
    let on_import = {
        let (dispatch, text) = (view.dispatch.clone(), view.import_text.clone());
        Callback::from(move |_: MouseEvent| {
            let draft = text
                .cast::<web_sys::HtmlTextAreaElement>()
                .map(|area| area.value())
                .unwrap_or_default();
            dispatch.emit(Action::Import(draft));
        })
    };
    let on_reset = {
        let dispatch = view.dispatch.clone();
        Callback::from(move |_: MouseEvent| dispatch.emit(Action::Reset(random_seed())))
    };
    html! {
        <section class="panel session" aria-labelledby="session-title">
            { markup(r#"<h2 id="session-title">Session</h2>"#) }
            if view.connected {
                <p class="hint">{ "This page shows the emulator's session: every client's calls, its clock. \"Start a new session\" resets the emulator; the export is the session so far as a scenario file (also at /_sim/scenario)." }</p>
            } else {
                { markup(r#"<p class="hint">The session is kept in this browser and comes back after a reload. A scenario file (JSON Lines, one timed call per line) replays it anywhere: here, in the tests, or with verify-sim.</p>"#) }
            }
            <div class="button-row">
                <button type="button" onclick={send(view.dispatch, Action::Export)}>{ "Export scenario" }</button>
                <button type="button" onclick={on_reset}>{ "Start a new session" }</button>
            </div>
            { share_controls(view.made, view.on_share, view.on_embed) }
            if let Some((text, href)) = &view.exported {
                <div class="field">
                    { markup(r#"<label for="export-text">Exported scenario</label>"#) }
                    <textarea id="export-text" readonly=true rows="6" value={AttrValue::from(text.clone())} />
                    { match href {
                        Some(href) => html! {
                            <a href={href.clone()} download={EXPORT_FILE}>{ format!("Download {EXPORT_FILE}") }</a>
                        },
                        None => html! {
                            { markup(r#"<span class="hint">This browser cannot offer the file: copy the text instead.</span>"#) }
                        },
                    } }
                </div>
            }
            <div class="field">
                { markup(r#"<label for="import-text">Scenario to import</label>"#) }
                <textarea id="import-text" rows="6" ref={view.import_text}
                    placeholder={r#"{"at": 0, "verify": {"number": "447700900001", "brand": "Acme"}}"#}
                    aria-describedby={view.import_error.map(|_| "import-error")}
                    aria-invalid={view.import_error.map(|_| "true")} />
                if let Some(error) = view.import_error {
                    <p class="field-error" id="import-error" role="alert"><code>{ error }</code></p>
                }
            </div>
            <button type="button" onclick={on_import}>{ "Import scenario" }</button>
            if let Some(progress) = view.progress {
                <p class="progress">{ progress }</p>
            }
        </section>
    }
}
