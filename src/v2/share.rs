//! A v2 session in a link: "Share session" compresses what the browser keeps
//! (`state::v2::saved`) into `#v2/share=CODE` and copies it; opening such a link offers
//! the session to the state, which replays it whole. "Copy embed code" gives the
//! `<iframe>` of the embedded view for documentation pages, the compact page without the
//! header: with the session once it has calls (`#v2/share=CODE?embed`), as v1's embed
//! carries its own, else (or when it is too big for a link) the form (`#v2?brand=…&embed`).

use yew::prelude::*;

use crate::components::share::iframe;
use crate::hooks::StoreHandle;
use crate::platform::clipboard::{BrowserClipboard, Clipboard};
use crate::platform::share::{compress, decompress};
use crate::platform::url::BrowserLocation;
use crate::platform::Location;
use crate::state::share::MAX_LINK;
use crate::state::v2::address::{
    embed_share_fragment, form_fragment_for, share_fragment, shared_code,
};
use crate::state::v2::{saved, V2Action, V2Playground};

/// The page's address without its fragment.
fn page_address() -> String {
    let href = web_sys::window()
        .and_then(|w| w.location().href().ok())
        .unwrap_or_default();
    href.split('#').next().unwrap_or_default().to_owned()
}

/// Opens the shared session the address names, once, when the view starts (its
/// fragment read at the first render, before the address is made the form's).
#[hook]
pub fn use_open_shared(dispatch: Callback<V2Action>) {
    let code = use_state(|| shared_code(&BrowserLocation.hash()).map(str::to_owned));
    use_effect_with((), move |_| {
        if let Some(code) = (*code).clone() {
            yew::platform::spawn_local(async move {
                match decompress(&code).await {
                    Ok(text) => dispatch.emit(V2Action::OpenShared(text)),
                    Err(why) => dispatch.emit(V2Action::Tell(format!(
                        "The shared link could not be opened: {why}."
                    ))),
                }
            });
        }
    });
}

/// What "Share session" or "Copy embed code" made last.
#[derive(Clone, PartialEq, Eq, Debug)]
pub enum Made {
    /// The share link.
    Link(String),
    /// The embed code.
    Embed(String),
}

/// "Share session" (makes the link, shows it and copies it) and "Copy embed code" (the
/// iframe of the embedded view with this session or form, shown and copied).
pub fn share_panel(store: &StoreHandle<V2Playground>, link: &UseStateHandle<Option<Made>>) -> Html {
    let on_embed = {
        let (store, link) = (store.clone(), link.clone());
        Callback::from(move |_: MouseEvent| {
            // With calls, the session goes in the address as v1's embed carries its own;
            // one too big for a link is embedded with its form only.
            let (form_only, session) = {
                let state = store.borrow();
                let form = format!(
                    "{}#{}",
                    page_address(),
                    form_fragment_for(&state.form, true)
                );
                (form, (!state.log.is_empty()).then(|| saved::save(&state)))
            };
            let link = link.clone();
            yew::platform::spawn_local(async move {
                let address = match session {
                    Some(text) => match compress(&text).await {
                        Ok(code) if embed_share_fragment(&code).len() <= MAX_LINK => {
                            format!("{}#{}", page_address(), embed_share_fragment(&code))
                        }
                        _ => form_only,
                    },
                    None => form_only,
                };
                let code = iframe(&address);
                BrowserClipboard.copy(code.clone(), Callback::noop());
                link.set(Some(Made::Embed(code)));
            });
        })
    };
    let onclick = {
        let (store, link) = (store.clone(), link.clone());
        Callback::from(move |_: MouseEvent| {
            // Made at the click: the session is written out once, not at every render.
            let text = saved::save(&store.borrow());
            let link = link.clone();
            yew::platform::spawn_local(async move {
                let made = match compress(&text).await {
                    Ok(code) => format!("{}#{}", page_address(), share_fragment(&code)),
                    Err(why) => format!("No link: {why}"),
                };
                BrowserClipboard.copy(made.clone(), Callback::noop());
                link.set(Some(Made::Link(made)));
            });
        })
    };
    html! {
        <div class="v2-share">
            <button type="button" {onclick}>{ "Share session" }</button>
            <button type="button" onclick={on_embed}>{ "Copy embed code" }</button>
            { match &**link {
                Some(Made::Link(made)) => html! { <>
                    <label for="v2-share-link">{ "Share link" }</label>
                    <input id="v2-share-link" type="text" readonly=true value={made.clone()} />
                </> },
                Some(Made::Embed(code)) => html! { <>
                    <label for="v2-embed-code">{ "Embed code" }</label>
                    <textarea id="v2-embed-code" readonly=true rows="3" value={code.clone()} />
                </> },
                None => html! {},
            } }
        </div>
    }
}
