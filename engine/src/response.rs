//! Answers to calls: typed for the program, and the real API's JSON bodies on top.

use serde::Serialize;

use crate::engine::{Command, Engine, Verified};
use crate::errors::{CheckError, ControlError, SearchError, VerifyError};
use crate::ids::RequestId;
use crate::params::Call;
use crate::price::MessagesPrice;
use crate::request::Happening;
use crate::search::{SearchRecord, SearchResult, CURRENCY, PRICE};

/// The answer to one call.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Response {
    /// From `/verify/json`.
    Verify(Result<RequestId, VerifyError>),
    /// From `/verify/check/json`.
    Check(Result<Verified, CheckError>),
    /// From `/verify/control/json`.
    Control(Result<Command, ControlError>),
    /// From `/verify/search/json`.
    Search(Result<SearchResult, SearchError>),
}

/// A failed call's status, text and meaning, whatever the endpoint.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Failure {
    /// The API's status code.
    pub status: u8,
    /// The API's `error_text`.
    pub error_text: String,
    /// What it means, in plain words.
    pub explanation: String,
}

impl Response {
    /// The API's status code: 0 when the call did what was asked.
    pub fn status(&self) -> u8 {
        self.failure().map_or(0, |f| f.status)
    }

    /// Status, text and explanation of a failed call; `None` for a success.
    pub fn failure(&self) -> Option<Failure> {
        fn failure<E: std::fmt::Display>(
            status: u8,
            error: &E,
            explanation: String,
        ) -> Option<Failure> {
            Some(Failure {
                status,
                error_text: error.to_string(),
                explanation,
            })
        }
        match self {
            Response::Verify(Err(e)) => failure(e.status(), e, e.explain()),
            Response::Check(Err(e)) => failure(e.status(), e, e.explain()),
            Response::Control(Err(e)) => failure(e.status(), e, e.explain()),
            Response::Search(Err(e)) => failure(e.status(), e, e.explain()),
            _ => None,
        }
    }

    /// The JSON body the real API returns for this answer to `call`, field for field.
    pub fn body(&self, call: &Call) -> Body {
        let given_id = || match call {
            Call::Verify(_) => String::new(),
            Call::Check(p) => p.request_id.clone().unwrap_or_default(),
            Call::Control(p) => p.request_id.clone().unwrap_or_default(),
            Call::Search(p) => p.request_id.clone().unwrap_or_default(),
        };
        let failure = self.failure();
        let status = || self.status().to_string();
        let error_text = || {
            failure
                .as_ref()
                .map(|f| f.error_text.clone())
                .unwrap_or_default()
        };
        match self {
            Response::Verify(Ok(id)) => Body::Started {
                request_id: id.to_string(),
                status: status(),
            },
            Response::Verify(Err(e)) => Body::Error {
                request_id: match e {
                    VerifyError::Concurrent(running) => running.to_string(),
                    _ => String::new(),
                },
                status: status(),
                error_text: error_text(),
            },
            Response::Check(Ok(v)) => Body::Verified {
                request_id: v.request_id.to_string(),
                status: status(),
                event_id: v.event_id.to_string(),
                price: PRICE,
                currency: CURRENCY,
                estimated_price_messages_sent: v.messages_price,
            },
            // No request id: check 17 and control errors, and a search that found nothing
            // (the SDKs tell a failed search by its missing request_id).
            Response::Check(Err(CheckError::TooManyWrong(_)))
            | Response::Control(Err(_))
            | Response::Search(Err(SearchError::NotFound)) => Body::Failed {
                status: status(),
                error_text: error_text(),
            },
            Response::Check(Err(_)) | Response::Search(Err(_)) => Body::Error {
                request_id: given_id(),
                status: status(),
                error_text: error_text(),
            },
            Response::Control(Ok(command)) => Body::Controlled {
                status: status(),
                command: command.as_str(),
            },
            Response::Search(Ok(SearchResult::One(record))) => Body::Found(record.clone()),
            Response::Search(Ok(SearchResult::Many(records))) => Body::FoundMany {
                verification_requests: records.clone(),
            },
        }
    }
}

/// A response body in the real API's JSON shape (Part A4). Serialize it with serde_json.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(untagged)]
#[allow(missing_docs)] // each field is the JSON field of the same name
pub enum Body {
    /// `{"request_id", "status": "0"}`
    Started { request_id: String, status: String },
    /// `{"request_id", "status", "event_id", "price", "currency",
    /// "estimated_price_messages_sent"}`
    Verified {
        request_id: String,
        status: String,
        event_id: String,
        price: &'static str,
        currency: &'static str,
        estimated_price_messages_sent: MessagesPrice,
    },
    /// `{"status": "0", "command"}`
    Controlled {
        status: String,
        command: &'static str,
    },
    /// `{"request_id", "status", "error_text"}`
    Error {
        request_id: String,
        status: String,
        error_text: String,
    },
    /// `{"status", "error_text"}`: check 17, control errors and search 101 carry no id.
    Failed { status: String, error_text: String },
    /// One search record.
    Found(Box<SearchRecord>),
    /// `{"verification_requests": [...]}`
    FoundMany {
        verification_requests: Vec<SearchRecord>,
    },
}

impl Engine {
    /// Makes any call at the current time; what it causes is appended to `out`.
    pub fn call(&mut self, call: &Call, out: &mut Vec<Happening>) -> Response {
        match call {
            Call::Verify(p) => Response::Verify(self.verify(p, out)),
            Call::Check(p) => Response::Check(self.check(p, out)),
            Call::Control(p) => Response::Control(self.control(p, out)),
            Call::Search(p) => Response::Search(self.search(p)),
        }
    }
}
