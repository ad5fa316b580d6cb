//! "Import scenario" in `#v2`: an exported session comes back whole; a file that cannot be
//! imported says which line and why, and the session is kept.
#![cfg(feature = "v2")]

use verify_playground_state::v2::form::V2Field;
use verify_playground_state::v2::import::{answer, decode, read, ImportError};
use verify_playground_state::v2::{V2Action, V2Playground};

/// A session of every call the view makes: sms -> voice with a wrong and a right code,
/// WhatsApp's No, then silent auth.
fn session() -> V2Playground {
    let mut p = V2Playground::new(11);
    p.apply(V2Action::Edit(V2Field::Channel2, "voice".into()));
    p.apply(V2Action::Start);
    p.apply(V2Action::EditCode("0000".into()));
    p.apply(V2Action::Check);
    p.apply(V2Action::SkipToNext);
    p.apply(V2Action::Next);
    let code = p.reached.phone.len();
    assert!(code > 0, "the sms reached the phone");
    p.apply(V2Action::Cancel);
    p.apply(V2Action::Edit(
        V2Field::Channel1,
        "whatsapp_interactive".into(),
    ));
    p.apply(V2Action::Start);
    let id = p.current.expect("started");
    p.apply(V2Action::Reply(id, "no"));
    p.apply(V2Action::Edit(V2Field::Channel1, "silent_auth".into()));
    p.apply(V2Action::Start);
    p.apply(V2Action::SkipToNext);
    p
}

/// The file as the view gets it: through the import module's answer.
fn imported(text: &str) -> Result<String, ImportError> {
    decode(&answer(text)).expect("the answer reads back")
}

fn error(text: &str) -> ImportError {
    read(text).expect_err("refused")
}

#[test]
fn an_exported_session_imports_to_the_same_answers_deliveries_and_callbacks() {
    let exported = session();
    let mut fresh = V2Playground::new(99);
    fresh.apply(V2Action::Import(imported(&exported.export())));
    assert_eq!(fresh.import_error, None);
    assert_eq!(fresh.log, exported.log);
    assert_eq!(fresh.reached, exported.reached);
    assert_eq!(fresh.callbacks, exported.callbacks);
    assert_eq!(fresh.current, exported.current);
    assert_eq!(fresh.now(), exported.now());
    assert_eq!(fresh.journal.config(), exported.journal.config());
    assert_eq!(fresh.export(), exported.export(), "it exports as it came");
    assert!(fresh.generation > 0, "kept as a new session");
    let notice = fresh.notice.as_deref().unwrap_or_default();
    assert!(notice.starts_with("Imported the scenario: "), "{notice}");
}

#[test]
fn placeholders_resolve_as_verify_sim_resolves_them() {
    let text = "{\"at\": 0, \"verify2\": {\"brand\": \"Acme\", \"workflow\": [{\"channel\": \"sms\", \"to\": \"447700900001\"}]}}\n\
                {\"at\": 5, \"check2\": {\"request_id\": \"$request_id\", \"code\": \"$pin\"}}\n";
    let p = read(text).expect("read").open().expect("replays");
    let answer = p.log.last().expect("two calls").status;
    assert_eq!(answer, 200, "the code delivered completes the request");
    assert_eq!(p.journal.config().seed, 0, "no replay line: seed 0");
}

#[test]
fn a_bad_file_names_its_line_and_why() {
    let first = "{\"at\": 0, \"verify2\": {\"brand\": \"A\", \"workflow\": [{\"channel\": \"sms\", \"to\": \"447700900001\"}]}}";
    let cases = [
        (format!("{first}\n{{\"at\": 1"), 2, "not valid JSON"),
        (format!("{first}\n\n{{\"at\": 3, \"verify\": {{\"number\": \"447700900001\", \"brand\": \"A\"}}}}"), 3, "`verify` is not a Verify v2 call"),
        ("{\"at\": 0, \"check2\": {\"request_id\": \"$request_id\", \"code\": \"1\"}}".to_owned(), 1, "$request_id"),
        (format!("{first}\n{{\"at\": 0, \"next2\": {{}}}}"), 2, "needs a \"request_id\""),
        ("# Replay: verify-sim --seed x FILE\n".to_owned() + first, 1, "--seed \"x\" is not a whole number"),
        ("# Replay: verify-sim --start \"2026-13-01 00:00:00\" FILE\n".to_owned() + first, 1, "--start"),
        ("# only a comment\n\n".to_owned(), 2, "no step"),
    ];
    for (text, line, reason) in cases {
        let error = error(&text);
        assert_eq!(error.line, line, "{error} for {text:?}");
        assert!(error.reason.contains(reason), "{error} lacks {reason:?}");
        assert!(error.to_string().starts_with(&format!("line {line}: ")));
    }
}

#[test]
fn a_refused_file_keeps_the_session_whole() {
    let mut p = session();
    let (log, reached, revision) = (p.log.clone(), p.reached.clone(), p.revision);
    p.apply(V2Action::Import(imported(
        "{\"at\": 0, \"fault\": {\"clear\": true}}",
    )));
    let error = p.import_error.clone().expect("refused");
    assert!(
        error.starts_with("This file cannot be imported: line 1: `fault` is not a Verify v2 call"),
        "{error}"
    );
    assert_eq!((p.log, p.reached, p.revision), (log, reached, revision));
}

#[test]
fn the_replay_line_gives_the_config() {
    let text = "# Recorded by someone: 1 calls. Replay: verify-sim --seed 42 --start \"2025-06-01 12:00:00\" --retention 60 --origin http://127.0.0.1:9 FILE\n\
                {\"at\": 0, \"verify2\": {\"brand\": \"A\", \"workflow\": [{\"channel\": \"email\", \"to\": \"a@example.org\"}]}}\n\
                {\"at\": 2.5}\n";
    let imported = read(text).expect("read");
    let config = imported.journal.config();
    assert_eq!(config.seed, 42);
    assert_eq!(config.start.at(0).to_string(), "2025-06-01 12:00:00");
    assert_eq!(config.retention, Some(60_000));
    assert_eq!(imported.now, 2_500);
}
