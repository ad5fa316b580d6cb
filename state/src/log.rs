//! The API log: every call with the engine's answer. The log only grows during a
//! session; the panel shows a page of it ([`super::pages`]), filtered by request id or
//! number.

use std::rc::Rc;

use verify_engine::{Call, Millis, Response};

use super::pages::Page;
use super::Playground;

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

    /// Whether the entry concerns `needle`: a request id (given, started or running) or a
    /// phone number that contains it.
    pub fn mentions(&self, needle: &str) -> bool {
        let given = self.call.pairs().into_iter().any(|(name, value)| {
            matches!(name, "request_id" | "request_ids" | "number") && value.contains(needle)
        });
        let answered = match &self.response {
            Response::Verify(Ok(id)) => id.to_string().contains(needle),
            Response::Verify(Err(verify_engine::VerifyError::Concurrent(id))) => {
                id.to_string().contains(needle)
            }
            _ => false,
        };
        given || answered
    }
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
