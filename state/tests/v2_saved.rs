//! The v2 session kept in the browser and the form in the address: what a reload or a
//! link opens is the session and the form that were left.
#![cfg(feature = "v2")]

use verify_engine::SECOND;
use verify_playground_state::v2::address::{form_fragment, form_from_fragment};
use verify_playground_state::v2::form::{V2Field, V2Form};
use verify_playground_state::v2::saved::{load, save, SavedError};
use verify_playground_state::v2::{V2Action, V2Playground};

#[test]
fn a_saved_session_reopens_whole_every_channel_and_callback_included() {
    let mut p = V2Playground::new(42);
    p.apply(V2Action::Edit(
        V2Field::Channel1,
        "whatsapp_interactive".into(),
    ));
    p.apply(V2Action::Edit(V2Field::Channel2, "sms".into()));
    p.apply(V2Action::Edit(V2Field::ClientRef, "r 1&2".into()));
    p.apply(V2Action::Start);
    let first = p.current.expect("started");
    p.apply(V2Action::SetRunning(true));
    p.apply(V2Action::Tick(1000.0));
    p.apply(V2Action::Reply(first, "no"));
    p.apply(V2Action::EditCode("9999".into()));
    p.apply(V2Action::Check);
    p.apply(V2Action::Edit(V2Field::Channel1, "silent_auth".into()));
    p.apply(V2Action::Edit(V2Field::Phone, "447700900004".into()));
    p.apply(V2Action::Start);
    p.apply(V2Action::Tick(1000.0));

    let again = load(&save(&p)).expect("opens");
    assert_eq!(again.now(), 2 * SECOND);
    assert_eq!(again.log, p.log);
    assert_eq!(again.reached, p.reached);
    assert_eq!(again.callbacks, p.callbacks);
    assert_eq!(again.current, p.current);
    assert_eq!(again.form, p.form);
    assert_eq!(again.next_due, p.next_due);
    assert!(!again.running, "a reopened session waits for Play");
}

#[test]
fn what_cannot_be_opened_says_why() {
    assert_eq!(load("not json").err(), Some(SavedError::Unreadable));
    let other = r#"{"version":9,"seed":1,"now":0,"calls":[]}"#;
    assert_eq!(load(other).err(), Some(SavedError::OtherVersion(9)));
    let bad = r#"{"version":1,"seed":1,"now":0,"calls":[[0,"verify2","",{}],[0,"verify",""]]}"#;
    let error = load(bad).expect_err("refused");
    assert_eq!(error, SavedError::Call(2));
    assert!(error.explain().contains("could not be opened"));
}

#[test]
fn the_address_holds_the_changed_fields_and_opens_them_again() {
    let mut form = V2Form::default();
    assert_eq!(form_fragment(&form), "v2");
    form.set(V2Field::Brand, "Bob & Co".into());
    form.set(V2Field::Channel2, String::new());
    form.set(V2Field::Email, "sam@example.org".into());
    let fragment = form_fragment(&form);
    assert_eq!(
        fragment,
        "v2?brand=Bob%20%26%20Co&email=sam%40example.org&channel2="
    );
    assert_eq!(form_from_fragment(&fragment), form);
    assert_eq!(
        form_from_fragment("#v2?brand=A+B&unknown=1").get(V2Field::Brand),
        "A B"
    );
    assert_eq!(form_from_fragment("v2"), V2Form::default());
}

#[test]
fn a_shared_session_replaces_this_one_and_a_broken_one_is_explained() {
    let mut shared = V2Playground::new(3);
    shared.apply(V2Action::Edit(V2Field::Channel1, "email".into()));
    shared.apply(V2Action::Start);
    let text = save(&shared);

    let mut here = V2Playground::new(9);
    here.apply(V2Action::Start);
    here.apply(V2Action::OpenShared(text));
    assert_eq!(here.log, shared.log);
    assert_eq!(here.reached, shared.reached);
    assert_eq!(here.current, shared.current);
    assert_eq!(here.form, shared.form);
    assert_eq!(
        here.notice.as_deref(),
        Some("This is the shared session: yours was replaced.")
    );

    let mut empty = V2Playground::new(9);
    empty.apply(V2Action::OpenShared(save(&shared)));
    assert_eq!(empty.log, shared.log);
    assert_eq!(
        empty.notice.as_deref(),
        Some("This is the shared session."),
        "nothing replaced on a page without calls"
    );

    let before = here.log.clone();
    here.apply(V2Action::OpenShared("{}".into()));
    assert_eq!(here.log, before, "a broken link changes nothing");
    assert_eq!(
        here.notice.as_deref(),
        Some("The shared link could not be opened: it is not a saved Verify v2 session.")
    );
}

#[test]
fn only_a_share_fragment_names_a_shared_session() {
    use verify_playground_state::v2::address::{
        embed_share_fragment, embedded, share_fragment, shared_code,
    };
    assert_eq!(share_fragment("abc_-"), "v2/share=abc_-");
    assert_eq!(shared_code("#v2/share=abc_-"), Some("abc_-"));
    assert_eq!(embed_share_fragment("abc_-"), "v2/share=abc_-?embed");
    assert_eq!(shared_code("#v2/share=abc_-?embed"), Some("abc_-"));
    assert!(embedded("#v2/share=abc_-?embed"));
    assert!(!embedded("#v2/share=abc_-"));
    assert_eq!(shared_code("v2/share=?embed"), None);
    assert_eq!(shared_code("v2/share="), None);
    assert_eq!(shared_code("v2?brand=x"), None);
    assert_eq!(shared_code("share=1.abc"), None);
}
