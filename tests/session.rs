//! Saving and restoring sessions: the versioned envelope, rebuilding by replay, and
//! starting fresh (with a notice) from anything unreadable.
// Browser tests: they run in headless Chromium (wasm32 only); a native `cargo test`
// from the workspace root compiles them to nothing.
#![cfg(target_arch = "wasm32")]

use verify_engine::SECOND;
use verify_playground::hooks::{load_session, save_session};
use verify_playground::platform::storage::{MemoryStorage, Storage};
use verify_playground::state::form::Field;
use verify_playground::state::phones::CallState;
use verify_playground::state::saved::{self, boot, Loaded, UrlSettings};
use verify_playground::state::{Action, Playground};
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

fn busy_session() -> Playground {
    let mut p = Playground::new(7);
    p.running = false;
    for action in [
        Action::Edit(Field::Workflow, "3".into()),
        Action::SetSpeed(10),
        Action::Send,
        Action::SkipBy(45 * SECOND),
        Action::EditPin("9".into()),
        Action::Check,
        Action::Edit(Field::Number, "447700900002".into()),
        Action::Edit(Field::Workflow, "1".into()),
        Action::Send,
        Action::SkipToNext,
    ] {
        p.apply(action);
    }
    let call = p.session.phones.list()[0]
        .ringing()
        .expect("the second call rings")
        .event_id();
    p.apply(Action::SetCall(call, CallState::Answered));
    p
}

/// Saves `p` into fresh memory storage, as the page does.
fn stored(p: &Playground) -> MemoryStorage {
    let storage = MemoryStorage::default();
    save_session(&storage, p, &saved::plan(p, None), "test").expect("saved");
    storage
}

/// Loads what `storage` holds, as the page does at start.
fn reload(storage: &MemoryStorage, url: &UrlSettings, seed: u64) -> Playground {
    boot(load_session(storage), url, seed)
}

fn load_text(text: &str) -> Loaded {
    load_session(&MemoryStorage::holding(&[(saved::STORAGE_KEY, text)]))
}

#[wasm_bindgen_test]
fn a_saved_session_is_rebuilt_exactly() {
    let before = busy_session();
    let storage = stored(&before);
    let header = storage.get(saved::STORAGE_KEY).unwrap();
    assert!(header.starts_with(r#"{"version":2,"session":"#), "{header}");
    let after = reload(&storage, &UrlSettings::default(), 99);
    assert_eq!(after.session.seed, 7);
    assert_eq!(after.now(), before.now());
    assert_eq!(
        after.session.log, before.session.log,
        "same calls, same responses, same JSON"
    );
    assert_eq!(
        after.session.phones, before.session.phones,
        "same messages, calls and answers"
    );
    assert_eq!(after.session.selected, before.session.selected);
    assert_eq!(after.form, before.form);
    assert_eq!((after.speed, after.running), (10, false));
    assert!(after
        .notices
        .iter()
        .any(|n| n.text.contains("previous session is back")));
}

#[wasm_bindgen_test]
fn unreadable_or_old_data_starts_fresh_with_a_notice() {
    for (stored, words) in [
        ("{not json", "could not be read"),
        (r#"{"version":0,"session":{}}"#, "another version"),
        (
            r#"{"version":1,"session":{"seed":"x"}}"#,
            "could not be read",
        ),
        (r#"[1,2,3]"#, "could not be read"),
    ] {
        let p = boot(load_text(stored), &UrlSettings::default(), 5);
        assert!(p.session.log.is_empty(), "{stored}");
        assert_eq!(p.session.seed, 5);
        assert_eq!(p.notices.len(), 1, "{stored}");
        assert!(p.notices[0].warning);
        assert!(p.notices[0].text.contains(words), "{}", p.notices[0].text);
    }
    assert!(matches!(load_text("{}"), Loaded::Unreadable(_)));
    let blocked = boot(Loaded::Blocked("denied".into()), &UrlSettings::default(), 5);
    assert_eq!(blocked.storage_problem.as_deref(), Some("denied"));
}

#[wasm_bindgen_test]
fn calls_out_of_time_order_are_refused() {
    let storage = stored(&busy_session());
    let key = saved::chunk_key(0);
    let chunk = storage.load(&key).unwrap().unwrap();
    assert!(chunk.contains("[45000,\"check\""), "{chunk}");
    storage
        .save(&key, &chunk.replace("[45000,", "[999999999,"))
        .unwrap();
    let p = reload(&storage, &UrlSettings::default(), 5);
    assert!(p.session.log.is_empty());
    assert!(p.notices[0].text.contains("could not be rebuilt"));
}

#[wasm_bindgen_test]
fn a_missing_chunk_is_said_and_a_fresh_session_starts() {
    let storage = stored(&busy_session());
    storage.remove(&saved::chunk_key(0));
    let p = reload(&storage, &UrlSettings::default(), 5);
    assert!(p.session.log.is_empty());
    assert!(
        p.notices[0].text.contains("a part of it is missing"),
        "{}",
        p.notices[0].text
    );
}

#[wasm_bindgen_test]
fn a_version_1_session_is_still_read() {
    let v1 = r#"{"version":1,"session":{"seed":7,"now":50000,"running":false,"speed":10,
        "form":{"number":"447700900009","brand":"Old","workflow_id":"3","next_event_wait":"",
        "pin_expiry":"","code_length":"4","lg":"","country":"","sender_id":""},
        "calls":[{"at":0,"call":{"verify":{"number":"447700900009","country":null,"brand":"Old",
        "sender_id":null,"code_length":null,"lg":null,"pin_expiry":null,"next_event_wait":null,
        "workflow_id":"3","pin_code":null,"api_key":null,"api_secret":null}},"scenario":false}],
        "call_choices":[],"selected":null,"import":null}}"#;
    let p = boot(load_text(v1), &UrlSettings::default(), 5);
    assert_eq!(
        (p.session.seed, p.now(), p.session.log.len()),
        (7, 50 * SECOND, 1)
    );
    assert_eq!(p.session.log[0].response.status(), 0);
    assert_eq!(p.form.brand, "Old");
}

#[wasm_bindgen_test]
fn the_url_prefills_the_form_and_embed_skips_storage() {
    let storage = stored(&busy_session());
    let url = UrlSettings {
        form: vec![
            (Field::Workflow, "5".into()),
            (Field::PinExpiry, "240".into()),
        ],
        ..UrlSettings::default()
    };
    let p = reload(&storage, &url, 1);
    assert_eq!(p.session.log.len(), 3, "restored");
    assert_eq!(p.form.workflow_id, "5");
    assert_eq!(p.form.pin_expiry, "240");
    let embedded = boot(Loaded::Nothing, &UrlSettings { embed: true, ..url }, 1);
    assert!(embedded.embed);
    assert!(embedded.session.log.is_empty(), "an embed starts fresh");
    assert!(embedded.notices.is_empty());
}

#[wasm_bindgen_test]
fn a_scenario_in_the_url_is_imported_and_survives_a_reload() {
    let url = UrlSettings {
        scenario: Some(
            "{\"at\":0,\"verify\":{\"number\":\"447700900003\",\"brand\":\"Docs\"}}\n\
             {\"at\":20,\"control\":{\"request_id\":\"$request_id\",\"cmd\":\"cancel\"}}"
                .into(),
        ),
        ..UrlSettings::default()
    };
    let mut p = boot(Loaded::Nothing, &url, 1);
    assert_eq!(p.session.log.len(), 1);
    assert_eq!(p.session.next_due, Some(20 * SECOND));
    let reloaded = reload(&stored(&p), &UrlSettings::default(), 2);
    assert_eq!(reloaded.session.log, p.session.log);
    assert_eq!(
        reloaded.session.next_due,
        Some(20 * SECOND),
        "the rest still pending"
    );
    p.apply(Action::SkipToNext);
    assert_eq!(p.session.log.len(), 2);
    assert_eq!(p.session.log[1].response.status(), 19);
}
