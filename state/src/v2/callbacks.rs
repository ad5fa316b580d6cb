//! The callbacks the app's webhook receives: each summary and event as the engine wrote
//! it (its exact JSON) at its simulated time, and the `curl` that POSTs it again to the
//! reader's own endpoint, and what it means for the app receiving it (the engine's
//! `Callback::explain`).

use verify_engine::v2::{timestamp, Callback};
use verify_engine::{Millis, Uuid};

use crate::format::shell_quote;

/// One callback, as the webhook would receive it: the engine's typed callback, its texts
/// (time, JSON, meaning) written when shown. A session files every callback but shows a
/// page of them: writing 5,000 JSON bodies and explanations when 5,000 requests expire in
/// one tick was a long task of its own.
#[derive(Clone, PartialEq, Eq, Debug)]
pub struct V2Callback {
    /// When it was sent (simulated).
    pub at: Millis,
    /// The request it reports on.
    pub request_id: Uuid,
    /// `summary` or `event`.
    pub kind: &'static str,
    /// The engine's callback.
    callback: Callback,
}

impl V2Callback {
    /// Files one of the engine's callbacks.
    pub fn new(callback: &Callback) -> V2Callback {
        V2Callback {
            at: callback.at,
            request_id: callback.request_id,
            kind: if callback.is_summary() {
                "summary"
            } else {
                "event"
            },
            callback: callback.clone(),
        }
    }

    /// The same instant as the API writes times (`2026-01-01T00:03:00.000Z`).
    pub fn sent_at(&self) -> String {
        timestamp(self.callback.start, self.callback.at)
    }

    /// The body POSTed, exactly.
    pub fn json(&self) -> String {
        self.callback.json()
    }

    /// What it means for the app receiving it and what to do, in plain words.
    pub fn meaning(&self) -> String {
        self.callback.explain()
    }

    /// The callback as a `curl` command POSTing it to `$CALLBACK_URL` (the reader's own
    /// webhook, for the shell to fill in), the body single-quoted for the shell.
    pub fn curl(&self) -> String {
        format!(
            "curl -X POST \"$CALLBACK_URL\" \\\n  -H 'Content-Type: application/json' \\\n  --data {}",
            shell_quote(&self.json())
        )
    }
}
