//! The session as a scenario file (`shared/docs/scenario-format.md`): one line per call
//! at the time it was made, then a line with the time now.
//!
//! Request ids and PINs depend on the engine's seed, so they are written as placeholders:
//! an id becomes `$request_id.N` (the N-th successful verify), a code that was the PIN
//! last delivered becomes `$pin`, any other code of the PIN's length becomes `$wrong`.
//! The file then replays the same story with any seed: on import here (seed 0), or with
//! `verify-sim`. Other values are written as sent.

use verify_engine::scenario::{format_at, step_line};
use verify_engine::{Call, Engine, Millis, RequestId};

use super::Playground;

impl Playground {
    /// The session as a scenario file.
    pub fn export(&self) -> String {
        let mut text = String::from(
            "# Verify Playground session. Ids and PINs are placeholders: it replays with any seed.\n",
        );
        for entry in self.session.log.iter() {
            let call = portable(&entry.call, entry.at, &self.session.engine);
            text.push_str(&step_line(entry.at, &call));
            text.push('\n');
        }
        text.push_str(&format!("{{\"at\":{}}}\n", format_at(self.now())));
        text
    }
}

/// The call with seed-dependent values replaced by placeholders. Requests are numbered
/// in the order they were started, which is the order of the successful verify calls.
fn portable(call: &Call, at: Millis, engine: &Engine) -> Call {
    if call.json_body().is_some() {
        // A fault step names no request and no PIN: it replays as it is.
        return call.clone();
    }
    let id_placeholder = |value: &str| {
        RequestId::parse(value)
            .and_then(|id| engine.index_of(id))
            .map(|n| format!("$request_id.{}", n + 1))
    };
    let target = call
        .pairs()
        .into_iter()
        .find(|(name, _)| *name == "request_id")
        .and_then(|(_, value)| RequestId::parse(value))
        .and_then(|id| engine.request(id));
    let pin_then = target.and_then(|request| {
        request
            .deliveries()
            .iter()
            .rev()
            .find(|d| d.at <= at)
            .map(|d| d.pin.to_string())
    });
    let pairs: Vec<(&str, String)> = call
        .pairs()
        .into_iter()
        .map(|(name, value)| {
            let replaced = match name {
                "request_id" | "request_ids" => id_placeholder(value),
                "code" if matches!(call, Call::Check(_)) => pin_then.as_ref().and_then(|pin| {
                    if value == pin {
                        Some("$pin".to_owned())
                    } else {
                        let same_shape =
                            value.len() == pin.len() && value.bytes().all(|b| b.is_ascii_digit());
                        same_shape.then(|| "$wrong".to_owned())
                    }
                }),
                _ => None,
            };
            (name, replaced.unwrap_or_else(|| value.to_owned()))
        })
        .collect();
    Call::from_pairs(call.endpoint(), pairs.iter().map(|(n, v)| (*n, v.as_str())))
}
