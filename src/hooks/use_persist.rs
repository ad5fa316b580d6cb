use std::rc::Rc;

use verify_engine::SECOND;
use yew::prelude::*;

use super::StoreHandle;
use crate::platform::{Location, Storage};
use crate::state::address;
use crate::state::saved::{self, Written};
use crate::state::{form::FormValues, Action, Playground};

/// Saves the session whenever something it keeps changes, and at most once per simulated
/// second while the clock runs (embedded pages and the emulator's keep nothing). Saving is an effect, never
/// part of the reducer, and writes only what changed since the last save
/// ([`saved::plan`]). When a save fails (storage full, blocked, private mode) the state
/// hears of it ([`Action::StorageProblem`]) and the page says so; it is tried again at the
/// next change (a failing try stops at its first write, so it costs little), and the
/// notice goes once a save succeeds.
#[hook]
pub fn use_persist(store: StoreHandle<Playground>, storage: Rc<dyn Storage>) {
    let written = use_mut_ref(|| None::<Written>);
    let deps = {
        let state = store.borrow();
        (
            state.revision,
            state.now() / SECOND,
            state.embed,
            state.generation,
        )
    };
    use_effect_with(deps, move |(_, _, embed, _)| {
        if *embed {
            return;
        }
        let (result, plan, problem) = {
            let state = store.borrow();
            let plan = saved::plan(&state, *written.borrow());
            let result = save_session(&*storage, &state, &plan);
            (result, plan, state.storage_problem.clone())
        };
        *written.borrow_mut() = result.is_ok().then_some(plan.after);
        let now = result.err();
        if now != problem {
            store.dispatcher().emit(Action::StorageProblem(now));
        }
    });
}

/// Keeps the address bar's query equal to the form's settings, so the address can be
/// shared (`?workflow_id=3&pin_expiry=240`).
#[hook]
pub fn use_url_sync(
    form: FormValues,
    embed: bool,
    namespace: Option<String>,
    location: Rc<dyn Location>,
) {
    use_effect_with((form, embed, namespace), move |(form, embed, namespace)| {
        let query = address::settings_query(form, *embed, namespace.as_deref());
        if query != location.query() {
            location.replace_query(&query);
        }
    });
}

/// Reads the saved session (see [`saved::load`]).
pub fn load_session(storage: &dyn Storage) -> saved::Loaded {
    saved::load(&|key| storage.load(key))
}

/// Carries out a save plan for `p`: a new session first removes the old header (so that
/// a half-written session is never read as the old one), then the writes in order, each
/// text made just before it is written, then the old session's chunks past the new count.
pub fn save_session(
    storage: &dyn Storage,
    p: &Playground,
    plan: &saved::SavePlan,
) -> Result<(), String> {
    if plan.full {
        storage.remove(saved::STORAGE_KEY);
        storage.remove(saved::IMPORT_KEY);
    }
    for k in plan.chunks.clone() {
        storage.save(&saved::chunk_key(k), &saved::chunk_text(p, k))?;
    }
    if let (true, Some(import)) = (plan.import, &p.session.import) {
        storage.save(saved::IMPORT_KEY, &import.text)?;
    }
    storage.save(saved::STORAGE_KEY, &saved::header_text(p))?;
    if plan.full {
        let keep: Vec<String> = (0..plan.chunks.end).map(saved::chunk_key).collect();
        for key in storage.keys() {
            let chunk = saved::is_session_key(&key)
                && key != saved::STORAGE_KEY
                && key != saved::IMPORT_KEY;
            if chunk && !keep.contains(&key) {
                storage.remove(&key);
            }
        }
    }
    Ok(())
}
