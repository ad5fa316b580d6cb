//! The emulator's page's "Verify v2" part: what Verify v2 calls made to the emulator (by
//! any client, over HTTP) produced in its session, drawn with the `#v2` view's own
//! components: the v2 phone (named "Verify v2 phone", beside v1's "Phone"), the "Inbox"
//! and the "Callbacks" with each one's exact JSON, the very callbacks the emulator POSTs
//! (and lists under `/_sim/callbacks`). The v2 phone's Yes and No answer a WhatsApp
//! question at the emulator (`/_sim/reply`), like any button of this page.
//!
//! Only the emulator's module (the `emulator` feature, which turns on `v2`) has it, and
//! only a page connected to an emulator shows it: the playground's module never carries it.

use std::rc::Rc;

use verify_engine::Millis;
use yew::prelude::*;
use yew::virtual_dom::VNode;

use crate::hooks::StoreHandle;
use crate::platform::{Clipboard, Platform};
use crate::state::v2::V2Action;
use crate::state::v2_mirror::V2Mirror;
use crate::state::{Action, Playground};
use crate::v2::callbacks::{callbacks_region, use_copy_curl};
use crate::v2::phone::{inbox_region, phone_region};

/// `view` (the playground's `<main>`) with the "Verify v2" part before its last panel (the
/// session's), when the page mirrors an emulator; `view` unchanged otherwise.
pub fn with_v2_mirror(
    mut view: Html,
    store: &StoreHandle<Playground>,
    platform: &Platform,
) -> Html {
    let part = {
        let state = store.borrow();
        if !state.is_connected() {
            return view;
        }
        let v2 = &state.v2;
        let seen = (
            state.now(),
            state.session.log.len(),
            v2.reached.phone.len(),
            v2.reached.inbox.len(),
            v2.callbacks.len(),
        );
        html! { <V2Part store={store.clone()} clipboard={platform.clipboard.clone()} {seen} /> }
    };
    if let VNode::VTag(main) = &mut view {
        if let Some(children) = Rc::make_mut(main).children_mut() {
            let list = children.to_vlist_mut();
            let before_last = list.len().saturating_sub(1);
            list.insert(before_last, part);
            return view;
        }
    }
    html! { <>{ view }{ part }</> }
}

/// Properties of [`V2Part`]: the page's store, the clipboard for "Copy as curl", and what
/// the part shows changed when this did (the time and the calls, which decide whether a
/// WhatsApp question is open, and the lists' lengths).
#[derive(Properties)]
struct V2PartProps {
    store: StoreHandle<Playground>,
    clipboard: Rc<dyn Clipboard>,
    seen: (Millis, usize, usize, usize, usize),
}

impl PartialEq for V2PartProps {
    fn eq(&self, other: &Self) -> bool {
        self.seen == other.seen && Rc::ptr_eq(&self.clipboard, &other.clipboard)
    }
}

/// The part itself: a component for its own "Copied" mark.
#[function_component]
fn V2Part(props: &V2PartProps) -> Html {
    let (copy, copied) = use_copy_curl(props.clipboard.clone(), {
        let store = props.store.clone();
        move |index| store.borrow().v2.callbacks.get(index).map(|c| c.curl())
    });
    // The v2 phone's only action here is an answer, which goes to the emulator.
    let dispatch = {
        let dispatch = props.store.dispatcher();
        Callback::from(move |action: V2Action| {
            if let V2Action::Reply(id, answer) = action {
                dispatch.emit(Action::V2Reply(id, answer));
            }
        })
    };
    let state = props.store.borrow();
    let engine = &state.session.engine;
    let v2 = &state.v2;
    html! {
        <section class="v2-mirror" aria-labelledby="v2-mirror-title">
            <h2 id="v2-mirror-title">{ "Verify v2" }</h2>
            if v2.is_empty() {
                <p class="empty">{ "No Verify v2 request yet: what a client's POST /v2/verify to this emulator sends shows here (the phone, the inbox, the callbacks)." }</p>
            } else {
                <p class="hint">{ "The Verify v2 requests made to this emulator: what reached the phone and the inbox, and each callback exactly as the emulator POSTs it to --callback-url (and lists at /_sim/callbacks)." }</p>
                <div class="grid v2-grid">
                    { phone_region("Verify v2 phone", &v2.reached.phone, &|id| V2Mirror::can_answer(engine, id), &dispatch) }
                    { inbox_region(&v2.reached.inbox) }
                    { callbacks_region(&v2.callbacks, &copy, copied) }
                </div>
            }
        </section>
    }
}
