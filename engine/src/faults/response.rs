//! How fault calls, unblocks and faulted v1 calls answer: their HTTP statuses and JSON
//! bodies, beside `response.rs`'s for the rest.

use serde::Serialize;

use super::answer::FaultAnswer;
use super::spec::FaultId;
use super::table::FaultOutcome;
use crate::errors::{CheckError, ControlError, SearchError, VerifyError};
use crate::response::{Body, Failure, Response};

/// A fault call's JSON: `{"id"}` (set), `{"cleared"}` (how many), `{"removed"}`, or a
/// 404's `{"error"}`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[allow(missing_docs)] // each field is the JSON field of the same name
pub struct FaultBody {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub id: Option<FaultId>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub cleared: Option<usize>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub removed: Option<FaultId>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub error: Option<String>,
}

impl FaultOutcome {
    /// Its JSON body.
    pub fn body(&self) -> FaultBody {
        let mut body = FaultBody {
            id: None,
            cleared: None,
            removed: None,
            error: None,
        };
        match *self {
            FaultOutcome::Set(id) => body.id = Some(id),
            FaultOutcome::Cleared(count) => body.cleared = Some(count),
            FaultOutcome::Removed(id) => body.removed = Some(id),
            FaultOutcome::NoSuchFault(id) => {
                body.error = Some(format!("No fault in force has the id \"{id}\"."))
            }
        }
        body
    }
}

impl Response {
    /// The HTTP status of an unblock (202, 404, 422) or a fault call (200, or 404 for a
    /// removal of no fault); `None` for the other answers.
    pub(crate) fn fault_http_status(&self) -> Option<u16> {
        match self {
            Response::Unblock(Ok(_)) => Some(202),
            Response::Unblock(Err(e)) => Some(e.http_status()),
            Response::Fault(FaultOutcome::NoSuchFault(_)) => Some(404),
            Response::Fault(_) => Some(200),
            _ => None,
        }
    }

    /// Status, text and meaning of a refused unblock or fault removal (the v1 codes of
    /// the same meaning: 3 invalid, 6 not found).
    pub(crate) fn fault_failure(&self) -> Option<Failure> {
        let (status, error_text, explanation) = match self {
            Response::Unblock(Err(e)) => (
                if e.http_status() == 404 { 6 } else { 3 },
                e.to_string(),
                e.explain(),
            ),
            Response::Fault(outcome @ FaultOutcome::NoSuchFault(_)) => (
                6,
                outcome.body().error.unwrap_or_default(),
                "That fault is not in force: it was never set, ran out, or was removed.".to_owned(),
            ),
            _ => return None,
        };
        Some(Failure {
            status,
            error_text,
            explanation,
        })
    }

    /// The body of an unblock, a fault call, or a call a request fault answered (A9's
    /// shapes: request and PSD2 `{"request_id":"","status","error_text"}` plus
    /// `network` last; check, search and control `{"status","error_text"}`); `None`
    /// for the other answers.
    pub(crate) fn fault_body(&self) -> Option<Body> {
        let failed = |answer: &FaultAnswer| Body::Failed {
            status: answer.status().to_string(),
            error_text: answer.to_string(),
        };
        Some(match self {
            Response::Unblock(Ok(unblocked)) => Body::Unblocked(unblocked.clone()),
            Response::Unblock(Err(e)) => Body::UnblockProblem(e.body()),
            Response::Fault(outcome) => Body::Fault(outcome.body()),
            Response::Verify(Err(VerifyError::Fault(answer))) => match &answer.network {
                Some(network) => Body::Refused {
                    request_id: String::new(),
                    status: answer.status().to_string(),
                    error_text: answer.to_string(),
                    network: network.clone(),
                },
                None => Body::Error {
                    request_id: String::new(),
                    status: answer.status().to_string(),
                    error_text: answer.to_string(),
                },
            },
            Response::Check(Err(CheckError::Fault(answer)))
            | Response::Control(Err(ControlError::Fault(answer)))
            | Response::Search(Err(SearchError::Fault(answer))) => failed(answer),
            _ => return None,
        })
    }
}
