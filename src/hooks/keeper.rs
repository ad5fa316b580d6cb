//! What a page knows of the session it keeps in this browser, shared by v1's saving
//! (`use_persist`) and `#v2`'s (`v2::keep`): both keep their sessions in chunks, and
//! another tab of the same view keeps its own under the same keys.

use crate::platform::Storage;
use crate::state::saved::chunks::Written;

/// The page's side of a session kept under one key: which page this is (a token written
/// beside every new session it saves), what storage holds of its session, and which of
/// its revisions it last saved. Each [`Keeper::save`] first checks that the session kept
/// is still the one this page wrote, so tabs saving one after the other keep one tab's
/// whole session, never one tab's newest chunks over the other's first.
pub struct Keeper {
    base: &'static str,
    page: String,
    written: Option<Written>,
    saved: Option<u64>,
}

impl Keeper {
    /// A keeper for the session under `base`, for this page (this tab, this load): named
    /// by a random token among the pages of the browser.
    pub fn new(base: &'static str) -> Keeper {
        Keeper::for_page(base, format!("{:x}", crate::components::random_seed()))
    }

    /// A keeper for the session under `base` for the page named `page`.
    pub fn for_page(base: &'static str, page: String) -> Keeper {
        Keeper {
            base,
            page,
            written: None,
            saved: None,
        }
    }

    /// Saves `revision` of the session with `write`, which is given what storage holds of
    /// it (`None`: nothing this page can build on, so it writes the session whole) and
    /// this page's token, and returns what storage holds after, and whether the browser
    /// took the writes. Returns `None` when the save is better left undone: another tab
    /// has saved its session since this page did, and this page's session has not changed
    /// since (only its clock moved). The other tab's session stays kept until this page's
    /// changes, rather than two tabs with running clocks writing their whole sessions in
    /// turn every second.
    pub fn save(
        &mut self,
        storage: &dyn Storage,
        revision: u64,
        write: impl FnOnce(Option<Written>, &str) -> (Option<Written>, Result<(), String>),
    ) -> Option<Result<(), String>> {
        let writer = storage.load(&writer_key(self.base)).ok().flatten();
        let before = self
            .written
            .filter(|_| writer.as_deref() == Some(&*self.page));
        let another_tab_saved = self.written.is_some() && before.is_none();
        if another_tab_saved && self.saved == Some(revision) {
            return None;
        }
        let (written, result) = write(before, &self.page);
        self.written = written;
        self.saved = Some(revision);
        Some(result)
    }
}

/// The key beside the session kept under `base` naming the page that last wrote it whole.
pub fn writer_key(base: &str) -> String {
    format!("{base}.writer")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::hooks::{write_chunked, ChunkedSave};
    use crate::platform::storage::MemoryStorage;
    use crate::state::saved::chunks;
    use wasm_bindgen_test::wasm_bindgen_test;

    /// Saves `revision` of a session of `calls` calls by `keeper`, each chunk's text
    /// `PAGE:CHUNK` and the header's `PAGE:CALLS`, through the real write path: `None`
    /// if the keeper left it undone.
    fn save(
        storage: &dyn Storage,
        keeper: &mut Keeper,
        revision: u64,
        calls: usize,
    ) -> Option<Result<(), String>> {
        keeper.save(storage, revision, |before, page| {
            let plan = chunks::plan(1, calls, before);
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
            (plan.written_after(before, result.is_ok()), result)
        })
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
        let (mut a, mut b) = (
            Keeper::for_page("s", "a".into()),
            Keeper::for_page("s", "b".into()),
        );
        // Tab A keeps 1,200 calls; tab B then saves its own 600 over them.
        assert_eq!(save(&storage, &mut a, 1, 1_200), Some(Ok(())));
        assert_eq!(save(&storage, &mut b, 1, 600), Some(Ok(())));
        assert_eq!(kept(&storage).0, ["b:0", "b:1"]);
        // A adds a call: its newest chunk alone over B's first two would be a mix. It
        // writes its session whole instead.
        assert_eq!(save(&storage, &mut a, 2, 1_201), Some(Ok(())));
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
        save(&storage, &mut a, 3, 1_202);
        assert_eq!(kept(&storage).0, ["untouched", "a:1", "a:2"]);
        // And B, in turn, writes its whole session.
        save(&storage, &mut b, 2, 601);
        assert_eq!(
            kept(&storage),
            (vec!["b:0".into(), "b:1".into()], Some("b:601".into()))
        );
    }

    #[wasm_bindgen_test]
    fn a_page_whose_clock_alone_moved_leaves_the_other_tabs_session_kept() {
        let storage = MemoryStorage::default();
        let (mut a, mut b) = (
            Keeper::for_page("s", "a".into()),
            Keeper::for_page("s", "b".into()),
        );
        save(&storage, &mut a, 5, 10);
        save(&storage, &mut b, 1, 20);
        // Only A's clock moved (the same revision): B's session stays kept.
        assert_eq!(save(&storage, &mut a, 5, 10), None);
        assert_eq!(kept(&storage).1.as_deref(), Some("b:20"));
        // B saves its own session as often as it likes.
        assert_eq!(save(&storage, &mut b, 1, 20), Some(Ok(())));
        // A's session changed: it is written whole.
        assert_eq!(save(&storage, &mut a, 6, 11), Some(Ok(())));
        assert_eq!(kept(&storage), (vec!["a:0".into()], Some("a:11".into())));
    }

    /// Storage that notes every key written, in order.
    #[derive(Default)]
    struct Noting {
        inner: MemoryStorage,
        written: std::cell::RefCell<Vec<String>>,
    }

    impl Storage for Noting {
        fn load(&self, key: &str) -> Result<Option<String>, String> {
            self.inner.load(key)
        }
        fn save(&self, key: &str, text: &str) -> Result<(), String> {
            self.written.borrow_mut().push(key.to_owned());
            self.inner.save(key, text)
        }
        fn remove(&self, key: &str) {
            self.inner.remove(key);
        }
        fn keys(&self) -> Vec<String> {
            self.inner.keys()
        }
    }

    #[wasm_bindgen_test]
    fn the_writer_is_named_by_a_whole_save_and_an_update_writes_only_its_chunk_and_header() {
        let storage = Noting::default();
        let mut a = Keeper::for_page("s", "a".into());
        let mut save = |revision, calls| {
            storage.written.borrow_mut().clear();
            save(&storage, &mut a, revision, calls);
            storage.written.take()
        };
        assert_eq!(save(1, 501), ["s.writer", "s.calls.0", "s.calls.1", "s"]);
        assert_eq!(save(2, 502), ["s.calls.1", "s"]);
    }

    #[wasm_bindgen_test]
    fn a_refused_save_is_made_whole_at_the_next_try_even_if_nothing_changed() {
        let mut storage = MemoryStorage {
            quota: Some(0),
            ..MemoryStorage::default()
        };
        let mut a = Keeper::for_page("s", "a".into());
        assert!(matches!(save(&storage, &mut a, 1, 10), Some(Err(_))));
        // Room again (another tab freed some): the same revision is saved, not left.
        storage.quota = None;
        assert_eq!(save(&storage, &mut a, 1, 10), Some(Ok(())));
        assert_eq!(kept(&storage), (vec!["a:0".into()], Some("a:10".into())));
    }
}
