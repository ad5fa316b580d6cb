//! The v2 session as a scenario file that `verify-sim` replays to the same answers:
//! byte for byte what the engine's `Journal::to_scenario` writes, written here for the
//! six calls the view makes, since the engine's writer (every v1, PSD2 and fault call's
//! form) cost the view's first load 25 KB gzipped, over its budget.

use serde_json::Value;
use verify_engine::{Call, Journal, Millis};

/// Who recorded the file, as its first line says.
pub const SOURCE: &str = "the Verify v2 playground";

/// Seconds as scenarios write them: `125`, `12.5`, `0.001`.
fn seconds(at: Millis) -> String {
    let (whole, ms) = (at / 1000, at % 1000);
    if ms == 0 {
        whole.to_string()
    } else {
        let fraction = format!("{ms:03}");
        format!("{whole}.{}", fraction.trim_end_matches('0'))
    }
}

/// The calls of `journal` as a scenario file: a comment naming the options to replay it
/// with, a step line per call (a call that is not v2's, which the view never makes, is
/// left out), and a line that moves the clock to `now`.
pub fn scenario(journal: &Journal<Call>, now: Millis) -> String {
    let mut text = format!(
        "# Recorded by {SOURCE}: {} calls. Replay: verify-sim {} FILE\n",
        journal.entries().len(),
        journal.config().replay_options()
    );
    for entry in journal.entries() {
        if let Some(fields) = entry.call.v2_fields() {
            text.push_str(&format!(
                "{{\"at\":{},\"{}\":{}}}\n",
                seconds(entry.at),
                entry.call.endpoint().name(),
                Value::Object(fields)
            ));
        }
    }
    text.push_str(&format!("{{\"at\":{}}}\n", seconds(now)));
    text
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::v2::{V2Action, V2Playground};
    use verify_engine::scenario::format_at;

    #[test]
    fn seconds_are_written_as_the_engine_writes_them() {
        for at in [0, 1, 12_500, 125_000, 1_926_950, 30_010] {
            assert_eq!(seconds(at), format_at(at), "{at} ms");
        }
    }

    #[test]
    fn a_session_of_every_call_is_written_as_the_engine_writes_it() {
        let mut playground = V2Playground::new(7);
        playground.apply(V2Action::Start);
        playground.apply(V2Action::EditCode("0000".into()));
        playground.apply(V2Action::Check);
        playground.apply(V2Action::SkipToNext);
        playground.apply(V2Action::Next);
        playground.apply(V2Action::Cancel);
        let form = [
            (crate::v2::form::V2Field::Channel1, "whatsapp_interactive"),
            (crate::v2::form::V2Field::Channel2, "sms"),
        ];
        for (field, value) in form {
            playground.apply(V2Action::Edit(field, value.into()));
        }
        playground.apply(V2Action::Start);
        let id = playground.current.expect("a request");
        playground.apply(V2Action::Reply(id, "no"));
        playground.apply(V2Action::Cancel);
        playground.apply(V2Action::Edit(
            crate::v2::form::V2Field::Channel1,
            "silent_auth".into(),
        ));
        playground.apply(V2Action::Start);
        playground.advance(playground.now() + 1_250);
        let names: Vec<&str> = playground
            .journal
            .entries()
            .iter()
            .map(|entry| entry.call.endpoint().name())
            .collect();
        for name in [
            "verify2",
            "check2",
            "next2",
            "cancel2",
            "reply",
            "silent_auth",
        ] {
            assert!(names.contains(&name), "{name} in {names:?}");
        }
        let now = playground.now();
        assert_eq!(
            scenario(&playground.journal, now),
            playground.journal.to_scenario(now, SOURCE)
        );
    }
}
