//! # Verify v2 (`#v2`)
//!
//! The playground for Verify v2, a module of its own (`src/bin/verify-v2.rs`, built
//! with the `v2` feature), so the v1 playground never downloads it: the form checked by
//! the engine as it is typed, the calls (start, check, cancel, next_workflow), the phone
//! showing each channel as a person sees it, the inbox, the callbacks the app's webhook
//! receives, the API log, the clock and the timeline. Its state is
//! [`crate::state::v2::V2Playground`]; every rule, text and JSON is the engine's. The
//! session is kept in localStorage and replayed on reload; the address follows the form.
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
//! - [`stories`]: v2's stories (`#learn/v2-...`), told with these components (a module
//!   of their own, `verify-v2-stories`).

pub mod api_log;
pub mod callbacks;
pub mod clock;
pub mod controls;
pub mod export;
pub mod form;
pub mod phone;
pub mod share;
pub mod stories;
pub mod timeline;

use yew::prelude::*;

use crate::components::header::{header, View};
use crate::components::random_seed;
use crate::hooks::{use_store, Apply, StoreHandle};
use crate::platform::clipboard::{BrowserClipboard, Clipboard};
use crate::platform::storage::{LocalStorage, Storage};
use crate::platform::url::BrowserLocation;
use crate::platform::Location;
use crate::state::v2::address::{form_fragment, form_from_fragment};
use crate::state::v2::saved::{self, STORAGE_KEY};
use crate::state::v2::{V2Action, V2Playground};

impl Apply for V2Playground {
    type Action = V2Action;

    fn apply(&mut self, action: V2Action) {
        V2Playground::apply(self, action);
    }
}

/// The session to open: the one kept in this browser (or a new one, saying why the kept
/// one could not be opened), with the form the address asks for, if it asks.
fn opening() -> V2Playground {
    let mut playground = match LocalStorage.load(STORAGE_KEY) {
        Ok(Some(text)) => saved::load(&text).unwrap_or_else(|why| {
            let mut fresh = V2Playground::new(random_seed());
            fresh.notice = Some(why.explain());
            fresh
        }),
        _ => V2Playground::new(random_seed()),
    };
    let fragment = BrowserLocation.hash();
    if fragment.contains('?') {
        playground.form = form_from_fragment(&fragment);
    }
    playground
}

/// Keeps the session in this browser after every change, and as the clock moves (every
/// 30 simulated seconds); says so when the browser refuses.
#[hook]
fn use_keep(store: &StoreHandle<V2Playground>) -> Option<String> {
    let refused = use_state(|| None::<String>);
    let key = {
        let state = store.borrow();
        (
            state.revision,
            state.now() / (30 * verify_engine::SECOND),
            state.running,
        )
    };
    {
        let (store, refused) = (store.clone(), refused.clone());
        use_effect_with(key, move |_| {
            let text = saved::save(&store.borrow());
            let outcome = LocalStorage.save(STORAGE_KEY, &text).err();
            if *refused != outcome {
                refused.set(outcome);
            }
        });
    }
    (*refused).clone()
}

/// The v2 view's page: the header, the clock, and the panels.
#[function_component]
pub fn V2Root() -> Html {
    let store = use_store(opening);
    let dispatch = store.dispatcher();
    let copied = use_state(|| None::<usize>);
    let running = store.borrow().running;
    clock::use_v2_clock(running, dispatch.clone());
    let refused = use_keep(&store);
    // Read before the address is made the form's.
    share::use_open_shared(dispatch.clone());
    let link = use_state(|| None::<String>);
    let exported = use_state(|| None::<std::rc::Rc<export::Exported>>);
    // The address follows the form.
    let fragment = form_fragment(&store.borrow().form);
    use_effect_with(fragment, |fragment| BrowserLocation.replace_hash(fragment));
    let copy = {
        let (store, copied) = (store.clone(), copied.clone());
        Callback::from(move |index: usize| {
            let Some(text) = store.borrow().callbacks.get(index).map(|c| c.curl()) else {
                return;
            };
            let copied = copied.clone();
            BrowserClipboard.copy(
                text,
                Callback::from(move |done: bool| copied.set(done.then_some(index))),
            );
        })
    };
    let new_session = {
        let dispatch = dispatch.clone();
        Callback::from(move |_: MouseEvent| dispatch.emit(V2Action::Reset(random_seed())))
    };
    let state = store.borrow();
    html! {
        <div class="page v2-page">
            { header(View::V2) }
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
                    </section>
                    <div class="column">
                        { phone::v2_phone(&state, &dispatch) }
                        { phone::v2_inbox(&state) }
                    </div>
                    <div class="column">
                        { timeline::v2_timeline(&state) }
                        { callbacks::v2_callbacks(&state, &copy, *copied) }
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
