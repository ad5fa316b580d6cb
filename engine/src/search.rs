//! `/verify/search/json`: what the API tells about past and running requests.

use serde::Serialize;

use crate::engine::Engine;
use crate::errors::SearchError;
use crate::ids::{EventId, RequestId};
use crate::params::{given, SearchParams};
use crate::price::{MessagesPrice, CURRENCY, PRICE};
use crate::request::{Request, RequestStatus};
use crate::workflow::Channel;

/// The most ids one search may ask for.
const MAX_IDS: usize = 10;

/// What search found: one request for `request_id`, a list for `request_ids`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum SearchResult {
    /// The answer to `request_id`.
    One(Box<SearchRecord>),
    /// The answer to `request_ids`, even for a single id.
    Many(Vec<SearchRecord>),
}

/// One request as search shows it, field for field and in the order the API sends them
/// (Part A4).
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct SearchRecord {
    /// The request's id.
    pub request_id: RequestId,
    /// The `api_key` it was sent with, or `playground`.
    pub account_id: String,
    /// The normalised number.
    pub number: String,
    /// The sender, `verify` by default.
    pub sender_id: String,
    /// When it was sent.
    pub date_submitted: String,
    /// When it ended; empty while in progress.
    pub date_finalized: String,
    /// Every check that counted.
    pub checks: Vec<SearchCheck>,
    /// When the first PIN was delivered.
    pub first_event_date: String,
    /// When the latest PIN was delivered.
    pub last_event_date: String,
    /// The charge: only a verified request costs anything.
    pub price: &'static str,
    /// Always EUR.
    pub currency: &'static str,
    /// Where it stands.
    pub status: RequestStatus,
    /// What the SMS and calls sent so far cost.
    pub estimated_price_messages_sent: MessagesPrice,
    /// Every delivery, in order.
    pub events: Vec<SearchEvent>,
}

/// A check as search lists it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct SearchCheck {
    /// When it was received.
    pub date_received: String,
    /// The code as given.
    pub code: String,
    /// `VALID` or `INVALID`.
    pub status: &'static str,
    /// Always empty, as on the real API today.
    pub ip_address: &'static str,
}

/// A delivery as search lists it: `{"id", "type"}`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct SearchEvent {
    /// The delivery's id.
    pub id: EventId,
    /// `sms` or `tts`.
    #[serde(rename = "type")]
    pub channel: Channel,
}

impl Engine {
    /// `/verify/search/json`. `request_id` wins over `request_ids`; unknown ids are left out
    /// of a list, and a search that knows none of its ids answers 101.
    pub fn search(&self, params: &SearchParams) -> Result<SearchResult, SearchError> {
        if let Some(id) = given(&params.request_id) {
            return self
                .find(id)
                .map(|r| SearchResult::One(Box::new(self.record(r))))
                .ok_or(SearchError::NotFound);
        }
        let ids: Vec<&str> = params
            .request_ids
            .iter()
            .map(String::as_str)
            .filter(|id| !id.is_empty())
            .collect();
        if ids.is_empty() {
            return Err(SearchError::Missing);
        }
        if ids.len() > MAX_IDS {
            return Err(SearchError::TooMany);
        }
        let found: Vec<SearchRecord> = ids
            .iter()
            .filter_map(|id| self.find(id))
            .map(|r| self.record(r))
            .collect();
        if found.is_empty() {
            Err(SearchError::NotFound)
        } else {
            Ok(SearchResult::Many(found))
        }
    }

    fn find(&self, id: &str) -> Option<&Request> {
        self.request(RequestId::parse(id)?)
    }

    fn record(&self, r: &Request) -> SearchRecord {
        let date = |at| self.start_date().at(at).to_string();
        let first = r.deliveries.first().map(|d| d.at).unwrap_or(r.submitted);
        let last = r.deliveries.last().map(|d| d.at).unwrap_or(r.submitted);
        SearchRecord {
            request_id: r.id,
            account_id: r.account_id.to_string(),
            number: r.number.to_string(),
            sender_id: r.sender_id.to_string(),
            date_submitted: date(r.submitted),
            date_finalized: r.finalized.map(date).unwrap_or_default(),
            checks: r
                .checks
                .iter()
                .map(|c| SearchCheck {
                    date_received: date(c.at),
                    code: c.code.clone(),
                    status: if c.valid { "VALID" } else { "INVALID" },
                    ip_address: "",
                })
                .collect(),
            first_event_date: date(first),
            last_event_date: date(last),
            price: if r.status == RequestStatus::Success {
                PRICE
            } else {
                "0"
            },
            currency: CURRENCY,
            status: r.status,
            estimated_price_messages_sent: r.messages_price(),
            events: r
                .deliveries
                .iter()
                .map(|d| SearchEvent {
                    id: d.event_id,
                    channel: d.channel,
                })
                .collect(),
        }
    }
}
