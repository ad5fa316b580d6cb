//! "Export scenario": the v2 session as a scenario file (JSON Lines, the format's v2
//! steps, [`crate::state::v2::V2Playground::export`]) shown and offered to download, which
//! the real `verify-sim` replays to the same answers.

use std::rc::Rc;

use yew::prelude::*;

use crate::hooks::StoreHandle;
use crate::platform::download::DownloadUrl;
use crate::state::v2::V2Playground;

/// The file name the v2 export is offered under.
pub const EXPORT_FILE: &str = "verify-v2-session.jsonl";

/// The session as exported at the last click: its text and, if the browser allows it,
/// the address that downloads it (forgotten with it).
pub struct Exported {
    /// The scenario file.
    pub text: Rc<str>,
    /// A `blob:` URL serving it.
    pub url: Option<DownloadUrl>,
}

/// The button, then the exported text and its download link.
pub fn export_panel(
    store: &StoreHandle<V2Playground>,
    exported: &UseStateHandle<Option<Rc<Exported>>>,
) -> Html {
    let onclick = {
        let (store, exported) = (store.clone(), exported.clone());
        Callback::from(move |_: MouseEvent| {
            // Made at the click: the journal is written out once, not at every render.
            let text = store.borrow().export();
            let url = DownloadUrl::new(&text);
            exported.set(Some(Rc::new(Exported {
                text: text.into(),
                url,
            })));
        })
    };
    html! {
        <div class="v2-export">
            <button type="button" {onclick}>{ "Export scenario" }</button>
            if let Some(made) = &**exported {
                <label for="v2-export-text">{ "Exported scenario" }</label>
                <textarea id="v2-export-text" readonly=true rows="6" value={AttrValue::from(made.text.clone())} />
                { match &made.url {
                    Some(url) => html! {
                        <a href={url.href().to_owned()} download={EXPORT_FILE}>{ format!("Download {EXPORT_FILE}") }</a>
                    },
                    None => html! {
                        <span class="hint">{ "This browser cannot offer the file: copy the text instead." }</span>
                    },
                } }
            }
        </div>
    }
}
