//! # Verify v2 (`#v2`)
//!
//! The playground for Verify v2, a module of its own (`src/bin/verify-v2.rs`, built
//! with the `v2` feature), so the v1 playground never downloads it: the form checked by
//! the engine as it is typed, the calls (start, check, cancel, next_workflow), the phone
//! showing each channel as a person sees it, the inbox, the callbacks the app's webhook
//! receives, the API log, the clock and the timeline. Its state is
//! [`crate::state::v2::V2Playground`]; every rule, text and JSON is the engine's. The
//! session is kept in localStorage and replayed on reload; the address follows the form
//! (with `embed`, `#v2?…&embed`, the compact page without header, keeping nothing).
//!
//! - [`form`]: the request form with its live errors.
//! - [`controls`]: Start verification, Code, Check code, Cancel, Next workflow.
//! - [`phone`]: the "Phone" and "Inbox" regions.
//! - [`callbacks`]: the "Callbacks" region, with "Copy as curl".
//! - [`api_log`]: the "API log" region.
//! - [`clock`]: the simulated clock and its ticking hook.
//! - [`timeline`]: the request's step windows.
//! - [`share`]: the session in a link (`#v2/share=…`).
//! - [`export`]: the session as a scenario file.
//! - [`import`]: "Import scenario", a scenario file of v2 calls as the session.
//! - [`keep`]: the session kept in this browser, saved in chunks.
//! - [`stories`]: v2's stories (`#learn/v2-...`), told with these components (a module
//!   of their own, `verify-v2-stories`).

pub mod api_log;
pub mod callbacks;
pub mod clock;
pub mod controls;
pub mod export;
pub mod form;
pub mod import;
pub mod keep;
pub mod phone;
pub mod share;
pub mod stories;
pub mod timeline;

use yew::prelude::*;

use crate::components::header::{header, View};
use crate::components::random_seed;
use crate::hooks::{use_store, Apply};
use crate::platform::clipboard::BrowserClipboard;
use crate::platform::url::BrowserLocation;
use crate::platform::Location;
use crate::state::v2::address::{embedded, form_fragment_for};
use crate::state::v2::{V2Action, V2Playground};

impl Apply for V2Playground {
    type Action = V2Action;

    fn apply(&mut self, action: V2Action) {
        V2Playground::apply(self, action);
    }
}

/// The v2 view's page: the header, the clock, and the panels.
#[function_component]
pub fn V2Root() -> Html {
    // The address as the view opens: `embed` is read once, as v1 reads `?embed`.
    let embed = *use_state(|| embedded(&BrowserLocation.hash()));
    let store = use_store(move || keep::opening(&BrowserLocation.hash(), embed));
    let dispatch = store.dispatcher();
    let (copy, copied) = callbacks::use_copy_curl(BrowserClipboard, {
        let store = store.clone();
        move |index| store.borrow().callbacks.get(index).map(|c| c.curl())
    });
    let running = store.borrow().running;
    clock::use_v2_clock(running, dispatch.clone());
    let refused = keep::use_keep(&store, embed);
    // Read before the address is made the form's.
    share::use_open_shared(dispatch.clone());
    let link = use_state(|| None::<share::Made>);
    let exported = use_state(|| None::<std::rc::Rc<export::Exported>>);
    let import_text = use_node_ref();
    // The address follows the form.
    let fragment = form_fragment_for(&store.borrow().form, embed);
    use_effect_with(fragment, |fragment| BrowserLocation.replace_hash(fragment));
    let new_session = {
        let dispatch = dispatch.clone();
        Callback::from(move |_: MouseEvent| dispatch.emit(V2Action::Reset(random_seed())))
    };
    let state = store.borrow();
    html! {
        <div class={if embed { "page v2-page embed" } else { "page v2-page" }}>
            if !embed {
                { header(View::V2) }
            }
            <main id="main" class="v2">
                { clock::v2_clock(state.now(), state.running, state.speed, state.next_due, &dispatch) }
                if let Some(notice) = &state.notice {
                    <p class="notice" role="status">{ notice }</p>
                }
                if let Some(why) = &refused {
                    <p class="notice warning" role="alert">{ format!("This session is not kept in this browser: {why}.") }</p>
                }
                <div class="grid v2-grid">
                    <section class="panel app" aria-labelledby="v2-app-title">
                        <h2 id="v2-app-title">{ "Your app" }</h2>
                        { form::v2_form(&state.form, &dispatch) }
                        { controls::v2_controls(&state, &dispatch) }
                        <p class="v2-session">
                            <button type="button" onclick={new_session}>{ "Start a new session" }</button>
                        </p>
                        { share::share_panel(&store, &link) }
                        { export::export_panel(&store, &exported) }
                        <import::ImportPanel error={state.import_error.clone().map(AttrValue::from)} text={import_text.clone()} dispatch={dispatch.clone()} />
                    </section>
                    <div class="column">
                        { phone::v2_phone(&state, &dispatch) }
                        { phone::v2_inbox(&state) }
                    </div>
                    <div class="column">
                        { timeline::v2_timeline(&state) }
                        { callbacks::v2_callbacks(&state, &copy, copied) }
                        { api_log::v2_api_log(&state) }
                    </div>
                </div>
            </main>
        </div>
    }
}

/// Mounts the v2 view on the document's body.
pub fn start() {
    yew::Renderer::<V2Root>::new().render();
}
