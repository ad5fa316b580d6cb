//! The API log: every call with the engine's answer. The log only grows during a
//! session; the panel shows a page of it ([`super::pages`]), filtered by request id or
//! number.

use std::rc::Rc;

use verify_engine::faults::FaultOutcome;
use verify_engine::{Call, Millis, Response};

use super::pages::Page;
use super::Playground;
use crate::find::contains;

/// How many entries the panel shows at once.
pub const LOG_PAGE: usize = 10;

/// One call in the API log.
#[derive(Clone, PartialEq, Eq, Debug)]
pub struct LogEntry {
    /// When it was made (simulated).
    pub at: Millis,
    /// The call as sent.
    pub call: Call,
    /// The engine's answer.
    pub response: Response,
    /// Made by an imported scenario rather than by a button.
    pub from_scenario: bool,
}

impl LogEntry {
    /// The answer as the real API's JSON, exactly as it sends it (compact). Written when
    /// the entry is shown, not when the call is made: most entries of a big session are
    /// never looked at.
    pub fn json(&self) -> String {
        serde_json::to_string(&self.response.body(&self.call)).unwrap_or_default()
    }

    /// The JSON body the call was sent with, compact, for a call that has one instead of
    /// parameters: a fault step (`POST /_sim/faults`, e.g. `{"fault":"sms-lost",...}`) or
    /// the network unblock's body. `None` for the calls sent as parameters. The log shows
    /// it where it would otherwise say "No parameters." of a call that had a body.
    pub fn request_body(&self) -> Option<String> {
        self.call
            .json_body()
            .map(|body| verify_engine::json::write(&body))
    }

    /// The badge beside the entry's path: v1's `status N` (good when 0); for a fault call
    /// (`POST /_sim/faults`), which has no v1 status, what it did ("fault set", "faults
    /// cleared", "fault removed", "no such fault"); for the network unblock, its HTTP
    /// status.
    pub fn badge(&self) -> Badge {
        let (text, ok) = match &self.response {
            Response::Fault(outcome) => match outcome {
                FaultOutcome::Set(_) => ("fault set".to_owned(), true),
                FaultOutcome::Cleared(_) => ("faults cleared".to_owned(), true),
                FaultOutcome::Removed(_) => ("fault removed".to_owned(), true),
                FaultOutcome::NoSuchFault(_) => ("no such fault".to_owned(), false),
            },
            Response::Unblock(answer) => {
                let status = self.response.http_status();
                (format!("HTTP {status}"), answer.is_ok())
            }
            other => {
                let status = other.status();
                (format!("status {status}"), status == 0)
            }
        };
        Badge { text, ok }
    }

    /// Whether the entry concerns `needle`: a request id (given, started or running) or a
    /// phone number that contains it.
    pub fn mentions(&self, needle: &str) -> bool {
        let given = self.call.pairs().into_iter().any(|(name, value)| {
            matches!(name, "request_id" | "request_ids" | "number") && contains(value, needle)
        });
        let answered = match &self.response {
            Response::Verify(Ok(id)) => contains(&id.to_string(), needle),
            Response::Verify(Err(verify_engine::VerifyError::Concurrent(id))) => {
                contains(&id.to_string(), needle)
            }
            _ => false,
        };
        given || answered
    }
}

/// What the log shows of an answer in a word or two, and whether it went as asked.
#[derive(Clone, PartialEq, Eq, Debug)]
pub struct Badge {
    /// Its text: `status 0`, `fault set`, `HTTP 202`.
    pub text: String,
    /// Whether the call did what it asked (drawn as success, else as an error).
    pub ok: bool,
}

/// One page of the API log: entries newest first, each with its 1-based number in the
/// whole log.
pub type LogPage = Page<(usize, Rc<LogEntry>)>;

impl Playground {
    /// The page of the API log to draw.
    pub fn log_page(&self) -> LogPage {
        self.log_pages.page(self.session.log.len(), |i| {
            (i + 1, self.session.log[i].clone())
        })
    }
}
