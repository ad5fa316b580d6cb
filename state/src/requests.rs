//! The request list: the session's requests a page at a time, newest first, with a
//! search by id or number.

use verify_engine::{Request, RequestId};

use super::pages::Page;
use super::Playground;
use crate::find::contains;
use crate::format;

/// How many requests the list shows at once.
pub const REQUEST_PAGE: usize = 8;

/// One request as the list shows it.
#[derive(Clone, PartialEq, Eq, Debug)]
pub struct RequestSummary {
    /// Its id.
    pub id: RequestId,
    /// 1-based order of sending.
    pub number_in_session: usize,
    /// The phone number.
    pub to: String,
    /// The workflow's id.
    pub workflow: u8,
    /// The status word.
    pub status: &'static str,
}

/// The page of the request list on screen (`None` for a request the engine has forgotten,
/// when a retention is set).
pub type RequestPage = Page<Option<RequestSummary>>;

/// Whether `request`'s id or number contains `needle`.
pub fn mentions(request: &Request, needle: &str) -> bool {
    contains(request.number(), needle) || contains(&request.id().to_string(), needle)
}

impl Playground {
    /// The page of the request list to draw.
    pub fn request_page(&self) -> RequestPage {
        let engine = &self.session.engine;
        self.request_pages.page(engine.request_count(), |i| {
            engine.request_at(i).map(|r| RequestSummary {
                id: r.id(),
                number_in_session: i + 1,
                to: r.number().to_owned(),
                workflow: r.timings().workflow.id(),
                status: r.status().as_str(),
            })
        })
    }

    /// The short label of a request, for the status line.
    pub fn selected_label(&self) -> Option<(String, &'static str)> {
        let request = self.selected_request()?;
        Some((format::short_id(request.id()), request.status().as_str()))
    }
}
