use std::ops::Range;
use std::rc::Rc;

use verify_engine::SECOND;
use yew::prelude::*;

use super::StoreHandle;
use crate::platform::{Location, Storage};
use crate::state::address;
use crate::state::saved::{self, chunks, Written};
use crate::state::{form::FormValues, Action, Playground};

/// Saves the session whenever something it keeps changes, and at most once per simulated
/// second while the clock runs (embedded pages and the emulator's keep nothing). Saving is an effect, never
/// part of the reducer, and writes only what changed since the last save
/// ([`saved::plan`]). When a save fails (storage full, blocked, private mode) the state
/// hears of it ([`Action::StorageProblem`]) and the page says so; it is tried again at the
/// next change (a failing try stops at its first write, so it costs little), and the
/// notice goes once a save succeeds.
///
/// Another tab may keep its own session under the same keys: each save first checks that
/// the session kept is still the one this page wrote ([`still_ours`]), and writes it whole
/// if not, so tabs saving one after the other keep one tab's session, not a mix of two;
/// and a page whose session has not changed since the other tab saved leaves it kept
/// ([`leave_to_other_tab`]).
#[hook]
pub fn use_persist(store: StoreHandle<Playground>, storage: Rc<dyn Storage>) {
    let written = use_mut_ref(|| None::<Written>);
    let saved_revision = use_mut_ref(|| None::<u64>);
    let page = use_memo((), |()| page_token());
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
        let known = *written.borrow();
        let before = still_ours(&*storage, saved::STORAGE_KEY, &page, known);
        let revision = store.borrow().revision;
        if leave_to_other_tab(known, before, revision, *saved_revision.borrow()) {
            return;
        }
        let (result, plan, problem) = {
            let state = store.borrow();
            let plan = saved::plan(&state, before);
            let result = save_session(&*storage, &state, &plan, &page);
            (result, plan, state.storage_problem.clone())
        };
        *written.borrow_mut() = plan.written_after(before, result.is_ok());
        *saved_revision.borrow_mut() = Some(revision);
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

/// A token naming this page (this tab, this load) among the pages of the browser that
/// keep a session under the same keys: written beside the session by every save
/// ([`ChunkedSave::page`]).
pub fn page_token() -> String {
    format!("{:x}", crate::components::random_seed())
}

/// The key beside the session kept under `base` naming the page that last wrote it.
fn writer_key(base: &str) -> String {
    format!("{base}.writer")
}

/// What storage holds of the session this page (`page`) keeps under `base`: `written`,
/// as long as no other page (another tab) has written there since. If one has, nothing
/// is known, and the next save writes this page's session whole: writing only its newest
/// chunks over the other tab's would keep a mix of the two.
pub fn still_ours(
    storage: &dyn Storage,
    base: &str,
    page: &str,
    written: Option<Written>,
) -> Option<Written> {
    let writer = storage.load(&writer_key(base)).ok().flatten();
    written.filter(|_| writer.as_deref() == Some(page))
}

/// Whether a save is better left undone: another tab has saved its session since this
/// page did (this page had `known` what storage held, and it is no longer
/// [`still_ours`], `before`), and this page's session has not changed since its last save
/// (`revision` is the `saved` one): only its clock moved. The other tab's session stays
/// kept until this page's changes, rather than two tabs with running clocks writing
/// their whole sessions in turn every second.
pub fn leave_to_other_tab(
    known: Option<Written>,
    before: Option<Written>,
    revision: u64,
    saved: Option<u64>,
) -> bool {
    known.is_some() && before.is_none() && saved == Some(revision)
}

/// One save of a session kept in chunks (`state::saved::chunks`): v1's and `#v2`'s.
pub struct ChunkedSave<'a> {
    /// The header's key; chunk `k` is under `BASE.calls.k`.
    pub base: &'a str,
    /// The page saving ([`page_token`]), written beside the session before its chunks.
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
/// beside it (so that a half-written session is never read as the old one); then the
/// page saving is named (so that another tab's next save sees it, [`still_ours`]), then
/// the chunks, the texts beside them and the header, each text made just before it is
/// written, then the old session's chunks past the new count. Stops at the first write
/// the browser refuses, saying why.
pub fn write_chunked(
    storage: &dyn Storage,
    save: &ChunkedSave<'_>,
    chunk_text: &dyn Fn(usize) -> String,
    header_text: &dyn Fn() -> String,
) -> Result<(), String> {
    if save.full {
        storage.remove(save.base);
        for (key, _) in save.beside {
            storage.remove(key);
        }
    }
    let writer = writer_key(save.base);
    storage.save(&writer, save.page)?;
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::platform::storage::MemoryStorage;
    use wasm_bindgen_test::wasm_bindgen_test;

    /// Saves `calls` calls of a session of `generation` by `page`, each chunk's text
    /// `PAGE:CHUNK`, as the hooks do: returns what storage then holds.
    fn save(
        storage: &MemoryStorage,
        page: &str,
        generation: u64,
        calls: usize,
        written: Option<Written>,
    ) -> Option<Written> {
        let before = still_ours(storage, "s", page, written);
        let plan = chunks::plan(generation, calls, before);
        let save = ChunkedSave {
            base: "s",
            page,
            full: plan.full,
            chunks: plan.chunks.clone(),
            beside: &[],
        };
        let result = write_chunked(storage, &save, &|k| format!("{page}:{k}"), &|| {
            format!("{page}:{calls}")
        });
        plan.written_after(before, result.is_ok())
    }

    /// The kept chunks' texts, in order, and the header.
    fn kept(storage: &MemoryStorage) -> (Vec<String>, Option<String>) {
        let chunks = (0..)
            .map_while(|k| storage.get(&chunks::chunk_key("s", k)))
            .collect();
        (chunks, storage.get("s"))
    }

    #[wasm_bindgen_test]
    fn a_tab_saving_after_another_tab_keeps_its_whole_session_not_a_mix() {
        let storage = MemoryStorage::default();
        // Tab A keeps 1,200 calls; tab B then saves its own 600 over them.
        let a = save(&storage, "a", 1, 1_200, None);
        let b = save(&storage, "b", 1, 600, None);
        assert_eq!(kept(&storage).0, ["b:0", "b:1"]);
        // A adds a call: its newest chunk alone over B's first two would be a mix. It
        // writes its session whole instead.
        let a = save(&storage, "a", 1, 1_201, a);
        assert_eq!(
            kept(&storage),
            (
                vec!["a:0".into(), "a:1".into(), "a:2".into()],
                Some("a:1201".into())
            )
        );
        // A's next save is an update again: the open chunk and the header only.
        storage
            .save(&chunks::chunk_key("s", 0), "untouched")
            .unwrap();
        save(&storage, "a", 1, 1_202, a);
        assert_eq!(kept(&storage).0, ["untouched", "a:1", "a:2"]);
        // And B, in turn, writes its whole session.
        save(&storage, "b", 1, 601, b);
        assert_eq!(
            kept(&storage),
            (vec!["b:0".into(), "b:1".into()], Some("b:601".into()))
        );
    }

    #[wasm_bindgen_test]
    fn a_page_whose_clock_alone_moved_leaves_the_other_tabs_session_kept() {
        let storage = MemoryStorage::default();
        let a = save(&storage, "a", 1, 10, None);
        save(&storage, "b", 1, 20, None);
        let before = still_ours(&storage, "s", "a", a);
        assert_eq!(before, None, "B saved since");
        assert!(
            leave_to_other_tab(a, before, 5, Some(5)),
            "only A's clock moved"
        );
        assert!(
            !leave_to_other_tab(a, before, 6, Some(5)),
            "A's session changed"
        );
        assert!(!leave_to_other_tab(None, None, 5, Some(5)), "a first save");
        let ours = still_ours(
            &storage,
            "s",
            "b",
            Some(Written {
                generation: 1,
                calls: 20,
            }),
        );
        assert!(!leave_to_other_tab(ours, ours, 5, Some(5)), "B's own keys");
    }
}
