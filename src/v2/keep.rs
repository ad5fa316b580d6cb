//! The v2 session kept in this browser (`state::v2::saved`): opened when the view starts,
//! saved after every change in chunks as v1's is ([`write_chunked`]), so an action writes
//! the open chunk and a small header, not the whole session. A kept session that cannot
//! be opened, or a save the browser refuses, is said on the page; an embedded page
//! (`#v2?…&embed`) keeps nothing and opens nothing kept.

use yew::prelude::*;

use crate::components::random_seed;
use crate::hooks::{write_chunked, ChunkedSave, Keeper, StoreHandle};
use crate::platform::storage::{LocalStorage, Storage};
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
/// refuses (the next change tries again, whole if the last try failed). Another tab's
/// session kept since is left alone until this tab's changes, then replaced whole
/// ([`Keeper`]).
#[hook]
pub fn use_keep(store: &StoreHandle<V2Playground>, embed: bool) -> Option<String> {
    let refused = use_state(|| None::<String>);
    let keeper = use_mut_ref(|| Keeper::new(STORAGE_KEY));
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
            let saved = keeper
                .borrow_mut()
                .save(&LocalStorage, state.revision, |before, page| {
                    let plan = saved::plan(&state, before);
                    let save = ChunkedSave {
                        base: STORAGE_KEY,
                        page,
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
                    (plan.written_after(before, result.is_ok()), result)
                });
            let Some(result) = saved else {
                return;
            };
            let outcome = result.err();
            if *refused != outcome {
                refused.set(outcome);
            }
        });
    }
    (*refused).clone()
}
