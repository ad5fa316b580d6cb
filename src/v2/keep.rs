//! The v2 session kept in this browser (`state::v2::saved`): opened when the view starts,
//! saved after every change in chunks as v1's is ([`write_chunked`]), so an action writes
//! the open chunk and a small header, not the whole session. A kept session that cannot
//! be opened, or a save the browser refuses, is said on the page; an embedded page
//! (`#v2?…&embed`) keeps nothing and opens nothing kept.

use yew::prelude::*;

use crate::components::random_seed;
use crate::hooks::{
    leave_to_other_tab, page_token, still_ours, write_chunked, ChunkedSave, StoreHandle,
};
use crate::platform::storage::{LocalStorage, Storage};
use crate::state::saved::chunks::Written;
use crate::state::v2::address::form_from_fragment;
use crate::state::v2::saved::{self, STORAGE_KEY};
use crate::state::v2::V2Playground;

/// The session to open: the one kept in this browser unless `embed` (or a new one,
/// saying why the kept one could not be opened), with the form the address asks for
/// (`fragment`), if it asks.
pub fn opening(fragment: &str, embed: bool) -> V2Playground {
    let kept = if embed {
        Ok(None)
    } else {
        saved::load_kept(&|key| LocalStorage.load(key))
    };
    let mut playground = match kept {
        Ok(Some(kept)) => kept,
        Ok(None) => V2Playground::new(random_seed()),
        Err(why) => {
            let mut fresh = V2Playground::new(random_seed());
            fresh.notice = Some(why.explain());
            fresh
        }
    };
    if fragment.contains('?') {
        playground.form = form_from_fragment(fragment);
    }
    playground
}

/// Saves the session after every change, and as the clock moves (every 30 simulated
/// seconds), writing only what changed since the last save; says why when the browser
/// refuses (the next change tries again, whole if the last try failed). A save after
/// another tab's writes this tab's session whole ([`still_ours`]), once this tab's session
/// changes ([`leave_to_other_tab`]).
#[hook]
pub fn use_keep(store: &StoreHandle<V2Playground>, embed: bool) -> Option<String> {
    let refused = use_state(|| None::<String>);
    let written = use_mut_ref(|| None::<Written>);
    let saved_revision = use_mut_ref(|| None::<u64>);
    let page = use_memo((), |()| page_token());
    let key = {
        let state = store.borrow();
        (
            state.revision,
            state.generation,
            state.now() / (30 * verify_engine::SECOND),
            state.running,
        )
    };
    {
        let (store, refused) = (store.clone(), refused.clone());
        use_effect_with(key, move |_| {
            if embed {
                return;
            }
            let state = store.borrow();
            let known = *written.borrow();
            let before = still_ours(&LocalStorage, STORAGE_KEY, &page, known);
            if leave_to_other_tab(known, before, state.revision, *saved_revision.borrow()) {
                return;
            }
            let plan = saved::plan(&state, before);
            let save = ChunkedSave {
                base: STORAGE_KEY,
                page: &page,
                full: plan.full,
                chunks: plan.chunks.clone(),
                beside: &[],
            };
            let result = write_chunked(
                &LocalStorage,
                &save,
                &|k| saved::chunk_text(&state, k),
                &|| saved::header_text(&state),
            );
            *written.borrow_mut() = plan.written_after(before, result.is_ok());
            *saved_revision.borrow_mut() = Some(state.revision);
            let outcome = result.err();
            if *refused != outcome {
                refused.set(outcome);
            }
        });
    }
    (*refused).clone()
}
