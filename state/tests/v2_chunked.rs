//! The #v2 session kept in chunks (as v1's): an action writes the open chunk and the
//! header, not the whole session; what is kept reopens whole; a damaged part is said.
//! And the address both views read with one reader, `embed` included.
#![cfg(feature = "v2")]

use std::cell::RefCell;
use std::collections::BTreeMap;

use verify_playground_state::saved::chunks::{chunk_key, Written, CHUNK};
use verify_playground_state::v2::address::{embedded, form_fragment_for, form_from_fragment};
use verify_playground_state::v2::form::V2Field;
use verify_playground_state::v2::saved::{
    chunk_text, header_text, load_kept, plan, save, SavedError, STORAGE_KEY,
};
use verify_playground_state::v2::{V2Action, V2Playground};

/// localStorage as a map, counting the bytes written.
#[derive(Default)]
struct Store {
    kept: RefCell<BTreeMap<String, String>>,
    bytes: RefCell<usize>,
}

impl Store {
    /// Carries out a save's plan as the page does: chunks, then the header.
    fn save(&self, p: &V2Playground, written: Option<Written>) -> (Written, Vec<String>) {
        let plan = plan(p, written);
        let mut keys = Vec::new();
        for k in plan.chunks.clone() {
            keys.push(chunk_key(STORAGE_KEY, k));
            self.put(&chunk_key(STORAGE_KEY, k), chunk_text(p, k));
        }
        keys.push(STORAGE_KEY.to_owned());
        self.put(STORAGE_KEY, header_text(p));
        (plan.after, keys)
    }

    fn put(&self, key: &str, text: String) {
        *self.bytes.borrow_mut() += text.len();
        self.kept.borrow_mut().insert(key.to_owned(), text);
    }

    fn load(&self) -> Result<Option<V2Playground>, SavedError> {
        load_kept(&|key| Ok(self.kept.borrow().get(key).cloned()))
    }
}

/// A session of `starts` requests started (each on the same number: the later ones
/// answer 409, a call all the same).
fn session(starts: usize) -> V2Playground {
    let mut p = V2Playground::new(5);
    p.apply(V2Action::Edit(V2Field::Channel2, "voice".into()));
    for _ in 0..starts {
        p.apply(V2Action::Start);
    }
    p
}

#[test]
fn an_action_writes_the_open_chunk_and_the_header_only() {
    let store = Store::default();
    let mut p = session(CHUNK * 2 + 10);
    let (written, keys) = store.save(&p, None);
    assert_eq!(keys.len(), 4, "three chunks and the header: {keys:?}");
    let whole = *store.bytes.borrow();

    *store.bytes.borrow_mut() = 0;
    p.apply(V2Action::EditCode("1234".into()));
    p.apply(V2Action::Check);
    let (written, keys) = store.save(&p, Some(written));
    assert_eq!(keys, [chunk_key(STORAGE_KEY, 2), STORAGE_KEY.to_owned()]);
    let one_action = *store.bytes.borrow();
    assert!(
        one_action * 10 < whole,
        "an action wrote {one_action} bytes of {whole}"
    );

    p.apply(V2Action::SkipToNext);
    let (_, keys) = store.save(&p, Some(written));
    assert_eq!(
        keys,
        [chunk_key(STORAGE_KEY, 2), STORAGE_KEY.to_owned()],
        "the clock alone: the open chunk (as v1 writes it) and the header"
    );

    let again = store.load().expect("opens").expect("kept");
    assert_eq!(again.log, p.log);
    assert_eq!(again.reached, p.reached);
    assert_eq!(again.callbacks, p.callbacks);
    assert_eq!(again.now(), p.now());
    assert_eq!(again.form, p.form);
}

#[test]
fn a_replaced_session_is_written_whole() {
    let store = Store::default();
    let mut p = session(3);
    let (written, _) = store.save(&p, None);
    p.apply(V2Action::Reset(8));
    let (_, keys) = store.save(&p, Some(written));
    assert_eq!(keys, [STORAGE_KEY], "no calls: the header alone");
    let again = store.load().expect("opens").expect("kept");
    assert!(again.log.is_empty(), "the old session's calls are not read");
}

#[test]
fn damaged_or_missing_parts_are_said_and_old_sessions_still_open() {
    let store = Store::default();
    let p = session(CHUNK + 1);
    store.save(&p, None);
    store
        .kept
        .borrow_mut()
        .insert(chunk_key(STORAGE_KEY, 1), "[[0,\"verify2\"".into());
    let error = store.load().expect_err("refused");
    assert!(matches!(error, SavedError::Part(_)), "{error:?}");
    assert!(
        error.explain().contains("its calls are damaged"),
        "{}",
        error.explain()
    );

    store.kept.borrow_mut().remove(&chunk_key(STORAGE_KEY, 1));
    let error = store.load().expect_err("refused");
    assert_eq!(error, SavedError::Part("a part of it is missing".into()));

    store.kept.borrow_mut().clear();
    assert!(store.load().expect("nothing").is_none());
    store.put(STORAGE_KEY, save(&p));
    let old = store.load().expect("a whole-text session").expect("kept");
    assert_eq!(old.log, p.log);
}

#[test]
fn the_v2_address_asks_for_the_embedded_page_as_v1_does() {
    let mut p = V2Playground::new(1);
    p.apply(V2Action::Edit(V2Field::Brand, "A & B".into()));
    let fragment = form_fragment_for(&p.form, true);
    assert_eq!(fragment, "v2?brand=A%20%26%20B&embed");
    assert!(embedded(&fragment));
    assert_eq!(form_from_fragment(&fragment), p.form);
    assert_eq!(form_fragment_for(&Default::default(), true), "v2?embed");
    assert!(embedded("#v2?embed=1"));
    assert!(!embedded("#v2?embed=0") && !embedded("#v2?embed=false"));
    assert!(!embedded("#v2?brand=embed"));
}

#[test]
fn a_refused_update_is_retried_as_an_update_not_a_full_save() {
    use verify_playground_state::saved::chunks::written_after;
    let mut p = V2Playground::new(4);
    p.apply(V2Action::Start);
    let before = Some(Written {
        generation: p.generation,
        calls: 1,
    });
    p.apply(V2Action::Cancel);
    let update = plan(&p, before);
    assert!(!update.full);
    // Refused (storage full): storage still holds what it held, so the retry is the
    // same update, which never removes the kept session first.
    let kept = update.written_after(before, false);
    assert_eq!(kept, before);
    assert_eq!(plan(&p, kept), update);
    assert_eq!(update.written_after(before, true), Some(update.after));
    // A refused full save leaves nothing known: the next is full again.
    let full = plan(&p, None);
    assert!(full.full);
    assert_eq!(full.written_after(None, false), None);
    assert_eq!(
        written_after(true, full.after, before, false),
        None,
        "a full save that failed half-way removed what was kept"
    );
}
