//! Sharing a whole session by a link, and the stories' addresses.
// Browser tests: they run in headless Chromium (wasm32 only); a native `cargo test`
// from the workspace root compiles them to nothing.
#![cfg(target_arch = "wasm32")]

use verify_engine::SECOND;
use verify_playground::learn::route;
use verify_playground::platform::share::{compress, decompress};
use verify_playground::state::form::Field;
use verify_playground::state::phones::CallState;
use verify_playground::state::share::{fragment, payload, Fragment};
use verify_playground::state::{Action, Playground};
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

fn session() -> Playground {
    let mut p = Playground::new(77);
    p.running = false;
    for action in [
        Action::Edit(Field::Workflow, "3".into()),
        Action::Send,
        Action::SkipBy(20 * SECOND),
        Action::Edit(Field::Number, "447700900002".into()),
        Action::Edit(Field::Workflow, "1".into()),
        Action::Send,
        Action::SkipToNext,
    ] {
        p.apply(action);
    }
    let call = p.session.phones.list()[0]
        .ringing()
        .expect("a call rings")
        .event_id();
    p.apply(Action::SetCall(call, CallState::Answered));
    let first = p.session.engine.requests()[0].id();
    p.apply(Action::Select(first));
    p
}

#[wasm_bindgen_test]
fn a_shared_session_opens_as_it_was() {
    let before = session();
    let mut after = Playground::new(1);
    after.running = false;
    after.apply(Action::OfferShared(payload(&before)));
    assert_eq!(after.session.seed, 77);
    assert_eq!(
        after.session.log, before.session.log,
        "the same calls, ids and answers"
    );
    assert_eq!(
        after.session.phones, before.session.phones,
        "the same phones, the call answered"
    );
    assert_eq!(after.session.selected, before.session.selected);
    assert_eq!(after.now(), before.now());
    assert!(!after.running, "paused on the shared moment");
    assert!(after
        .notices
        .iter()
        .any(|n| n.text.contains("A shared session is open: 2 calls")));
}

#[wasm_bindgen_test]
fn a_session_here_is_not_replaced_without_asking() {
    let shared = payload(&session());
    let mut mine = Playground::new(5);
    mine.apply(Action::Send);
    mine.apply(Action::OfferShared(shared.clone()));
    assert_eq!(mine.session.seed, 5, "not yet");
    assert_eq!(mine.offered.as_ref().map(|o| o.calls()), Some(2));
    mine.apply(Action::KeepMine);
    assert!(mine.offered.is_none());
    assert_eq!(mine.session.log.len(), 1);
    mine.apply(Action::OfferShared(shared));
    mine.apply(Action::OpenShared);
    assert_eq!((mine.session.seed, mine.session.log.len()), (77, 2));
}

#[wasm_bindgen_test]
fn broken_and_foreign_links_are_explained() {
    let mut p = Playground::new(5);
    p.apply(Action::OfferShared("{\"v\":9}".into()));
    assert!(p.notices[0].text.contains("format 9"));
    p.apply(Action::OfferShared(
        "{\"v\":1,\"seed\":1,\"calls\":[[0]]}".into(),
    ));
    assert!(p.notices[1].text.contains("cannot be read"));
    assert!(p.session.log.is_empty());
    assert_eq!(
        fragment("share=1.abc_-"),
        Fragment::Share {
            version: 1,
            code: "abc_-".into()
        }
    );
    assert_eq!(fragment("lab"), Fragment::None);
}

#[wasm_bindgen_test]
async fn the_browser_compresses_and_restores_the_text() {
    let text = payload(&session());
    let code = compress(&text).await.expect("compressed");
    assert!(code.len() < text.len(), "{} < {}", code.len(), text.len());
    assert!(code
        .bytes()
        .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_'));
    assert_eq!(decompress(&code).await.expect("restored"), text);
    assert!(decompress("AAAA").await.is_err());
    assert!(decompress("!!").await.is_err());
}

#[wasm_bindgen_test]
fn story_addresses_name_a_story_and_a_step() {
    assert_eq!(route("learn"), ("workflow-1".into(), 1));
    assert_eq!(route("learn/workflow-5"), ("workflow-5".into(), 1));
    assert_eq!(
        route("learn/which-workflow/3"),
        ("which-workflow".into(), 3)
    );
    assert_eq!(route("learn/workflow-2/0"), ("workflow-2".into(), 1));
}
