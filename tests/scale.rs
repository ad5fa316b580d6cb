//! Sessions with many requests: phones reached by search, the log and the request list a
//! page at a time, saves that write only what changed, and a full storage said out loud.
// Browser tests: they run in headless Chromium (wasm32 only); a native `cargo test`
// from the workspace root compiles them to nothing.
#![cfg(target_arch = "wasm32")]

use verify_engine::SECOND;
use verify_playground::hooks::{load_session, save_session};
use verify_playground::platform::storage::{MemoryStorage, Storage};
use verify_playground::state::form::Field;
use verify_playground::state::pages::Pages;
use verify_playground::state::phones::{CallState, SWITCHER_SIZE};
use verify_playground::state::saved::{self, boot, UrlSettings, CHUNK};
use verify_playground::state::{Action, Playground};
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

/// A paused session with `n` requests to distinct numbers `4477009{i:05}`.
fn crowd(n: usize) -> Playground {
    let mut p = Playground::new(5);
    p.running = false;
    for i in 0..n {
        p.apply(Action::Edit(Field::Number, format!("4477009{i:05}")));
        p.apply(Action::Send);
    }
    p
}

#[wasm_bindgen_test]
fn pages_count_back_from_the_newest_and_searches_narrow_them() {
    let mut pages = Pages::new(3);
    let page = pages.page(7, |i| i);
    assert_eq!((page.items, page.total, page.pages), (vec![6, 5, 4], 7, 3));
    pages.set_page(2);
    assert_eq!(pages.page(7, |i| i).items, [0]);
    pages.set_page(9);
    assert_eq!(pages.page(7, |i| i).page, 2, "clamped to the oldest page");
    let even = |i: usize, _: &str| i.is_multiple_of(2);
    pages.set_filter(" x ", 7, even);
    assert_eq!(pages.filter(), "x");
    assert_eq!(pages.page(7, |i| i).items, [6, 4, 2]);
    pages.observe(7, |_| false);
    pages.observe(8, |_| true);
    let page = pages.page(9, |i| i);
    assert_eq!((page.items, page.total, page.all), (vec![8, 6, 4], 5, 9));
    assert_eq!(Pages::new(3).page(0, |i| i).pages, 1);
}

#[wasm_bindgen_test]
fn the_switcher_offers_recent_numbers_and_finds_any_other() {
    let mut p = crowd(40);
    assert_eq!(p.session.phones.list().len(), 40);
    let offered: Vec<String> = p
        .session
        .phones
        .choices()
        .iter()
        .map(|c| c.number.to_string())
        .collect();
    assert_eq!(offered.len(), SWITCHER_SIZE);
    assert_eq!(offered[0], "447700900039", "the most recent first");
    // Every new request was selected, so its phone was on screen: nothing is unread.
    assert_eq!(p.session.phones.unread_elsewhere(), 0);
    p.apply(Action::FindPhone("+44 77009 00003".into()));
    let found: Vec<String> = p
        .session
        .phones
        .choices()
        .iter()
        .map(|c| c.number.to_string())
        .collect();
    assert_eq!(found, ["447700900003"]);
    p.apply(Action::ShowPhone("447700900003".into()));
    assert_eq!(
        p.selected_request().unwrap().number(),
        "447700900003",
        "showing a phone follows its latest request"
    );
    // At 125 s every request rings its number: 39 phones get a call while not shown.
    p.apply(Action::SkipToNext);
    assert_eq!(p.session.phones.unread_elsewhere(), 39);
    let shown = p.session.phones.current().unwrap();
    let ringing = shown.ringing().expect("the shown phone rings").event_id();
    p.apply(Action::SetCall(ringing, CallState::Declined));
    assert!(p.session.phones.current().unwrap().ringing().is_none());
    p.apply(Action::FindPhone(String::new()));
    assert_eq!(p.session.phones.choices()[0].unread, 1);
}

#[wasm_bindgen_test]
fn the_log_is_paged_and_filtered_by_request_or_number() {
    let mut p = crowd(45);
    let page = p.log_page();
    assert_eq!((page.items.len(), page.all, page.pages), (10, 45, 5));
    assert_eq!(page.items[0].0, 45, "newest first");
    p.apply(Action::LogPage(4));
    let page = p.log_page();
    assert_eq!(
        page.items.iter().map(|(n, _)| *n).collect::<Vec<_>>(),
        (1..=5).rev().collect::<Vec<_>>()
    );
    p.apply(Action::FilterLog("447700900007".into()));
    let page = p.log_page();
    assert_eq!((page.total, page.page), (1, 0));
    let id = p.session.engine.requests()[7].id().to_string();
    p.apply(Action::Select(p.session.engine.requests()[7].id()));
    p.apply(Action::EditPin("0".into()));
    p.apply(Action::Check);
    p.apply(Action::FilterLog(id[..12].into()));
    let page = p.log_page();
    assert_eq!(page.total, 2, "the verify that started it and the check");
    assert_eq!(page.items[0].0, 46);
}

#[wasm_bindgen_test]
fn the_request_list_is_paged_and_searchable() {
    let mut p = crowd(20);
    let page = p.request_page();
    assert_eq!((page.items.len(), page.all), (8, 20));
    assert_eq!(page.items[0].as_ref().unwrap().number_in_session, 20);
    p.apply(Action::RequestPage(1));
    assert_eq!(
        p.request_page().items[0]
            .as_ref()
            .unwrap()
            .number_in_session,
        12
    );
    p.apply(Action::FindRequest("900013".into()));
    let page = p.request_page();
    assert_eq!(page.total, 1);
    assert_eq!(page.items[0].as_ref().unwrap().to, "447700900013");
}

#[wasm_bindgen_test]
fn saving_writes_only_what_changed() {
    let mut p = crowd(CHUNK + 10);
    let storage = MemoryStorage::default();
    let first = saved::plan(&p, None);
    assert!(first.full);
    assert_eq!(first.keys().len(), 3, "two chunks and the header");
    save_session(&storage, &p, &first, "test").unwrap();
    p.apply(Action::SkipBy(SECOND));
    let time_only = saved::plan(&p, Some(first.after));
    assert_eq!(
        time_only.keys(),
        [saved::chunk_key(1), saved::STORAGE_KEY.to_owned()],
        "the open chunk and the header, not the whole session"
    );
    p.apply(Action::Edit(Field::Number, "447700999999".into()));
    p.apply(Action::Send);
    let next = saved::plan(&p, Some(first.after));
    save_session(&storage, &p, &next, "test").unwrap();
    let back = boot(load_session(&storage), &UrlSettings::default(), 1);
    assert_eq!(back.session.log, p.session.log);
    assert_eq!(back.now(), p.now());
    // A new session rewrites everything and drops the old chunks.
    p.apply(Action::Reset(3));
    p.apply(Action::Send);
    let fresh = saved::plan(&p, Some(next.after));
    assert!(fresh.full);
    save_session(&storage, &p, &fresh, "test").unwrap();
    assert!(storage.load(&saved::chunk_key(1)).unwrap().is_none());
    let back = boot(load_session(&storage), &UrlSettings::default(), 1);
    assert_eq!((back.session.seed, back.session.log.len()), (3, 1));
}

#[wasm_bindgen_test]
fn ten_thousand_requests_fit_well_within_five_megabytes() {
    let mut p = crowd(2_000);
    for i in 0..1_000 {
        p.apply(Action::Select(p.session.engine.requests()[i].id()));
        p.apply(Action::EditPin("1234".into()));
        p.apply(Action::Check);
    }
    let storage = MemoryStorage::default();
    save_session(&storage, &p, &saved::plan(&p, None), "test").unwrap();
    let size: usize = storage
        .items
        .borrow()
        .iter()
        .map(|(k, v)| k.len() + v.len())
        .sum();
    // 3,000 calls; 10,000 requests and 5,000 checks are five times as many.
    assert!(size * 5 < 1_500_000, "{size} characters for 3,000 calls");
}

#[wasm_bindgen_test]
fn a_full_storage_is_reported_and_nothing_is_lost_in_the_page() {
    let storage = MemoryStorage {
        quota: Some(300),
        ..MemoryStorage::default()
    };
    let p = crowd(3);
    let error = save_session(&storage, &p, &saved::plan(&p, None), "test").unwrap_err();
    assert!(error.contains("full"), "{error}");
    let mut p = p;
    p.apply(Action::StorageProblem(Some(error)));
    assert!(p.storage_problem.is_some());
    p.apply(Action::Export);
    let exported = p.exported.clone().expect("the export offered instead");
    assert_eq!(
        exported
            .lines()
            .filter(|l| l.contains("\"verify\""))
            .count(),
        3
    );
}
