//! The import module's answer (`verify-import`, loaded by `#v2` on demand): what
//! [`answer`] writes, [`decode`] reads back as the session or the refusal, and the
//! session it carries opens as the file replayed.
#![cfg(feature = "v2")]

use verify_playground_state::v2::import::{answer, decode, encode, read, ImportError};
use verify_playground_state::v2::{saved, V2Action, V2Playground};

const FILE: &str = "# Replay: verify-sim --seed 7 FILE\n\
    {\"at\": 0, \"verify2\": {\"brand\": \"Acme\", \"workflow\": [{\"channel\": \"sms\", \"to\": \"447700900001\"}]}}\n\
    {\"at\": 5, \"check2\": {\"request_id\": \"$request_id\", \"code\": \"$pin\"}}\n";

#[test]
fn a_read_file_comes_back_as_its_saved_session() {
    let direct = read(FILE).expect("read").open().expect("replays");
    let session = decode(&answer(FILE)).expect("readable").expect("imported");
    assert_eq!(session, saved::save(&direct));
    let opened = saved::load(&session).expect("opens");
    assert_eq!(opened.log, direct.log);
    assert_eq!(opened.now(), 5_000);
    assert_eq!(opened.journal.config().seed, 7);
}

#[test]
fn a_refusal_comes_back_with_its_line_and_reason() {
    let refused = decode(&answer("{\"at\": 0}\n{\"at\": 1, \"verify\": {}}"))
        .expect("readable")
        .expect_err("refused");
    assert_eq!(refused.line, 2);
    assert!(
        refused.reason.contains("`verify` is not a Verify v2 call"),
        "{refused}"
    );
    let odd = ImportError {
        line: 0,
        reason: "quotes \" and\nlines".into(),
    };
    assert_eq!(decode(&encode(&Err(odd.clone()))), Ok(Err(odd)));
    let session = "{\"version\": 1}".to_owned();
    assert_eq!(decode(&encode(&Ok(session.clone()))), Ok(Ok(session)));
}

#[test]
fn an_answer_of_another_shape_is_unreadable_not_a_refusal() {
    for text in [
        "",
        "not json",
        "{}",
        "{\"session\": 3}",
        "{\"refused\": {\"line\": -1, \"reason\": \"x\"}}",
        "{\"refused\": {\"line\": 2}}",
    ] {
        assert!(decode(text).is_err(), "{text:?} decoded");
    }
}

#[test]
fn a_session_that_does_not_open_is_refused_and_the_session_kept() {
    let mut p = V2Playground::new(3);
    p.apply(V2Action::Start);
    let (log, revision) = (p.log.clone(), p.revision);
    p.apply(V2Action::Import(Ok("{\"version\": 999}".into())));
    let error = p.import_error.clone().expect("refused");
    assert!(
        error.starts_with("This file cannot be imported: its session does not open"),
        "{error}"
    );
    assert_eq!((p.log, p.revision), (log, revision));
}
