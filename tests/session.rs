//! Saving and restoring sessions: the versioned envelope, rebuilding by replay, and
//! starting fresh (with a notice) from anything unreadable.
// Browser tests: they run in headless Chromium (wasm32 only); a native `cargo test`
// from the workspace root compiles them to nothing.
#![cfg(target_arch = "wasm32")]

use verify_engine::SECOND;
use verify_playground::state::form::Field;
use verify_playground::state::phones::CallState;
use verify_playground::state::saved::{boot, decode, encode, Loaded, UrlSettings};
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
    let call = p.phones.list[0]
        .ringing()
        .expect("the second call rings")
        .event_id;
    p.apply(Action::SetCall(call, CallState::Answered));
    p
}

#[wasm_bindgen_test]
fn a_saved_session_is_rebuilt_exactly() {
    let before = busy_session();
    let text = encode(&before);
    assert!(text.starts_with(r#"{"version":1,"session":"#));
    let after = boot(Ok(Some(text)), &UrlSettings::default(), 99);
    assert_eq!(after.seed, 7);
    assert_eq!(after.now(), before.now());
    assert_eq!(
        after.log, before.log,
        "same calls, same responses, same JSON"
    );
    assert_eq!(
        after.phones, before.phones,
        "same messages, calls and answers"
    );
    assert_eq!(after.selected, before.selected);
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
        let p = boot(Ok(Some(stored.into())), &UrlSettings::default(), 5);
        assert!(p.log.is_empty(), "{stored}");
        assert_eq!(p.seed, 5);
        assert_eq!(p.notices.len(), 1, "{stored}");
        assert!(p.notices[0].warning);
        assert!(p.notices[0].text.contains(words), "{}", p.notices[0].text);
    }
    assert!(matches!(decode("{}"), Loaded::Unreadable(_)));
    let blocked = boot(Err("denied".into()), &UrlSettings::default(), 5);
    assert!(blocked.notices[0].text.contains("denied"));
}

#[wasm_bindgen_test]
fn calls_out_of_time_order_are_refused() {
    let text = encode(&busy_session()).replace("\"at\":45000", "\"at\":999999999");
    let p = boot(Ok(Some(text)), &UrlSettings::default(), 5);
    assert!(p.log.is_empty());
    assert!(p.notices[0].text.contains("could not be rebuilt"));
}

#[wasm_bindgen_test]
fn the_url_prefills_the_form_and_embed_skips_storage() {
    let stored = encode(&busy_session());
    let url = UrlSettings {
        form: vec![
            (Field::Workflow, "5".into()),
            (Field::PinExpiry, "240".into()),
        ],
        embed: false,
        scenario: None,
    };
    let p = boot(Ok(Some(stored.clone())), &url, 1);
    assert_eq!(p.log.len(), 3, "restored");
    assert_eq!(p.form.workflow_id, "5");
    assert_eq!(p.form.pin_expiry, "240");
    let embedded = boot(Ok(Some(stored)), &UrlSettings { embed: true, ..url }, 1);
    assert!(embedded.embed);
    assert!(embedded.log.is_empty(), "an embed starts fresh");
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
    let mut p = boot(Ok(None), &url, 1);
    assert_eq!(p.log.len(), 1);
    assert_eq!(p.next_due, Some(20 * SECOND));
    let reloaded = boot(Ok(Some(encode(&p))), &UrlSettings::default(), 2);
    assert_eq!(reloaded.log, p.log);
    assert_eq!(
        reloaded.next_due,
        Some(20 * SECOND),
        "the rest still pending"
    );
    p.apply(Action::SkipToNext);
    assert_eq!(p.log.len(), 2);
    assert_eq!(p.log[1].response.status(), 19);
}
