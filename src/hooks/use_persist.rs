use std::ops::Range;
use std::rc::Rc;

use verify_engine::SECOND;
use yew::prelude::*;

use super::keeper::{writer_key, Keeper};
use super::StoreHandle;
use crate::platform::{Location, Storage};
use crate::state::address;
use crate::state::saved::{self, chunks};
use crate::state::{form::FormValues, Action, Playground};

/// Saves the session whenever something it keeps changes, and at most once per simulated
/// second while the clock runs (embedded pages and the emulator's keep nothing). Saving is an effect, never
/// part of the reducer, and writes only what changed since the last save
/// ([`saved::plan`]). When a save fails (storage full, blocked, private mode) the state
/// hears of it ([`Action::StorageProblem`]) and the page says so; it is tried again at the
/// next change (a failing try stops at its first write, so it costs little), and the
/// notice goes once a save succeeds.
///
/// Another tab may keep its own session under the same keys: the [`Keeper`] sees to it
/// that tabs saving one after the other keep one tab's session, not a mix of two.
#[hook]
pub fn use_persist(store: StoreHandle<Playground>, storage: Rc<dyn Storage>) {
    let keeper = use_mut_ref(|| Keeper::new(saved::STORAGE_KEY));
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
        let state = store.borrow();
        let saved = keeper
            .borrow_mut()
            .save(&*storage, state.revision, |before, page| {
                let plan = saved::plan(&state, before);
                let result = save_session(&*storage, &state, &plan, page);
                (plan.written_after(before, result.is_ok()), result)
            });
        let problem = state.storage_problem.clone();
        drop(state);
        if let Some(result) = saved {
            let now = result.err();
            if now != problem {
                store.dispatcher().emit(Action::StorageProblem(now));
            }
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

/// Carries out a save plan for `p` by `page` ([`write_chunked`], the imported
/// scenario's text kept beside the chunks).
pub fn save_session(
    storage: &dyn Storage,
    p: &Playground,
    plan: &saved::SavePlan,
    page: &str,
) -> Result<(), String> {
    let import = match (plan.import, &p.session.import) {
        (true, Some(import)) => Some(&*import.text),
        _ => None,
    };
    let save = ChunkedSave {
        base: saved::STORAGE_KEY,
        page,
        full: plan.full,
        chunks: plan.chunks.clone(),
        beside: &[(saved::IMPORT_KEY, import)],
    };
    write_chunked(storage, &save, &|k| saved::chunk_text(p, k), &|| {
        saved::header_text(p)
    })
}

/// One save of a session kept in chunks (`state::saved::chunks`): v1's and `#v2`'s.
pub struct ChunkedSave<'a> {
    /// The header's key; chunk `k` is under `BASE.calls.k`.
    pub base: &'a str,
    /// The page saving ([`Keeper`]'s token), written beside a new session before its chunks.
    pub page: &'a str,
    /// A new session: its old keys go first, stale chunks after.
    pub full: bool,
    /// The chunks to write.
    pub chunks: Range<usize>,
    /// Keys kept beside the chunks (removed by a full save), each with the text to write
    /// after the chunks, if any.
    pub beside: &'a [(&'a str, Option<&'a str>)],
}

/// Carries out a chunked save: a new session first removes the old header and the keys
/// beside it (so that a half-written session is never read as the old one) and names the
/// page saving (so that another tab's next save sees it, [`Keeper`]; an update is made
/// only by the page the key already names); then the chunks, the texts beside them and the header, each text made just before it is
/// written, then the old session's chunks past the new count. Stops at the first write
/// the browser refuses, saying why.
pub fn write_chunked(
    storage: &dyn Storage,
    save: &ChunkedSave<'_>,
    chunk_text: &dyn Fn(usize) -> String,
    header_text: &dyn Fn() -> String,
) -> Result<(), String> {
    let writer = writer_key(save.base);
    if save.full {
        storage.remove(save.base);
        for (key, _) in save.beside {
            storage.remove(key);
        }
        storage.save(&writer, save.page)?;
    }
    for k in save.chunks.clone() {
        storage.save(&chunks::chunk_key(save.base, k), &chunk_text(k))?;
    }
    for (key, text) in save.beside {
        if let Some(text) = text {
            storage.save(key, text)?;
        }
    }
    storage.save(save.base, &header_text())?;
    if save.full {
        let keep: Vec<String> = (0..save.chunks.end)
            .map(|k| chunks::chunk_key(save.base, k))
            .collect();
        for key in storage.keys() {
            let chunk = chunks::is_session_key(save.base, &key)
                && key != save.base
                && key != writer
                && save.beside.iter().all(|(beside, _)| *beside != key);
            if chunk && !keep.contains(&key) {
                storage.remove(&key);
            }
        }
    }
    Ok(())
}
