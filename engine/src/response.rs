//! Answers to calls: typed for the program, and the real API's JSON bodies on top.

use serde::Serialize;

use crate::engine::Engine;
use crate::errors::{CheckError, ControlError, SearchError, VerifyError};
use crate::faults::{FaultBody, FaultOutcome, UnblockError, UnblockProblem, Unblocked};
use crate::ids::RequestId;
use crate::params::Call;
use crate::price::MessagesPrice;
use crate::price::{CURRENCY, PRICE};
use crate::request::Happening;
use crate::search::{SearchRecord, SearchResult};
use crate::v1::{Command, Verified};
#[cfg(feature = "v2")]
use crate::v2::{Completed, Hop, Problem, ProblemBody, Started};

/// The answer to one call.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Response {
    /// From `/verify/json`, and from `/verify/psd2/json`, which answers alike.
    Verify(Result<RequestId, VerifyError>),
    /// From `/verify/check/json`.
    Check(Result<Verified, CheckError>),
    /// From `/verify/control/json`.
    Control(Result<Command, ControlError>),
    /// From `/verify/search/json`.
    Search(Result<SearchResult, SearchError>),
    /// From `POST /verify/network-unblock`: 202, or a 404/422 problem.
    Unblock(Result<Unblocked, UnblockError>),
    /// A fault call: what it did.
    Fault(FaultOutcome),
    /// v2 start: 202 `{"request_id"[, "check_url"]}`, or a problem.
    #[cfg(feature = "v2")]
    Verify2(Result<Started, Problem>),
    /// v2 check: 200 `{"request_id","status":"completed"}`, or a problem.
    #[cfg(feature = "v2")]
    Check2(Result<Completed, Problem>),
    /// v2 cancel: 204 (no body), or a problem.
    #[cfg(feature = "v2")]
    Cancel2(Result<(), Problem>),
    /// v2 next_workflow: 200 (no body), or a problem.
    #[cfg(feature = "v2")]
    Next2(Result<(), Problem>),
    /// The device's silent-auth hop: 302 or 200, or a problem.
    #[cfg(feature = "v2")]
    SilentAuth(Result<Hop, Problem>),
    /// The phone's WhatsApp answer: 200 (no body), or a problem.
    #[cfg(feature = "v2")]
    Reply(Result<(), Problem>),
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
    /// The API's status code: 0 when the call did what was asked. v1 answers carry it in
    /// their body; a v2 answer's own code is its [`Response::http_status`], and `status`
    /// gives the v1 code of the same meaning (0 for any success, 3 invalid, 10
    /// concurrent, 6 not found, 16 wrong code, 17 too many, 19 not possible now), so
    /// that shells telling outcomes apart by it keep working.
    pub fn status(&self) -> u8 {
        self.failure().map_or(0, |f| f.status)
    }

    /// The HTTP status: always 200 for v1 (its errors are in the body); v2's own: 202,
    /// 200, 204, 302 or the problem's.
    pub fn http_status(&self) -> u16 {
        if let Some(status) = self.fault_http_status() {
            return status;
        }
        #[cfg(feature = "v2")]
        if let Some(status) = self.v2_http_status() {
            return status;
        }
        200
    }

    /// Whether the answer has a body: not v2's 204 cancel, 200 next_workflow and reply,
    /// or the 302 hop.
    pub fn has_body(&self) -> bool {
        #[cfg(feature = "v2")]
        if self.v2_without_body() {
            return false;
        }
        true
    }

    /// The body exactly as sent (field order included); `None` when there is none.
    pub fn json(&self, call: &Call) -> Option<String> {
        // Only strings, numbers and plain structs: serializing cannot fail.
        self.has_body()
            .then(|| serde_json::to_string(&self.body(call)).unwrap_or_default())
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
            Response::Unblock(_) | Response::Fault(_) => self.fault_failure(),
            #[cfg(feature = "v2")]
            _ => self.problem().map(|p| Failure {
                status: p.kind.v1_status(),
                error_text: p.kind.detail(),
                explanation: p.kind.explain(),
            }),
            #[cfg(not(feature = "v2"))]
            _ => None,
        }
    }

    /// The JSON body the real API returns for this answer to `call`, field for field.
    /// A v2 answer without a body gives [`Body::Empty`] (see [`Response::json`]).
    pub fn body(&self, call: &Call) -> Body {
        if let Some(body) = self.fault_body() {
            return body;
        }
        #[cfg(feature = "v2")]
        if let Some(body) = self.v2_body() {
            return body;
        }
        let given_id = || match call {
            Call::Check(p) => p.request_id.clone().unwrap_or_default(),
            Call::Control(p) => p.request_id.clone().unwrap_or_default(),
            Call::Search(p) => p.request_id.clone().unwrap_or_default(),
            _ => String::new(),
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
            // Answered above (v2's, the faults').
            _ => Body::Empty,
        }
    }
}

/// Verify v2's answers: their HTTP statuses, problems, redirects and bodies.
#[cfg(feature = "v2")]
impl Response {
    /// A v2 answer's HTTP status; `None` for v1 answers (always 200).
    fn v2_http_status(&self) -> Option<u16> {
        if let Some(problem) = self.problem() {
            return Some(problem.http_status());
        }
        match self {
            Response::Verify2(_) => Some(202),
            Response::Cancel2(_) => Some(204),
            Response::SilentAuth(Ok(Hop::Redirect { .. })) => Some(302),
            Response::Check2(_)
            | Response::Next2(_)
            | Response::SilentAuth(_)
            | Response::Reply(_) => Some(200),
            _ => None,
        }
    }

    /// Whether it is one of v2's answers without a body: the 204 cancel, the 200
    /// next_workflow and reply, the 302 hop.
    fn v2_without_body(&self) -> bool {
        matches!(
            self,
            Response::Cancel2(Ok(()))
                | Response::Next2(Ok(()))
                | Response::Reply(Ok(()))
                | Response::SilentAuth(Ok(Hop::Redirect { .. }))
        )
    }

    /// A v2 answer's problem, if it is one.
    pub fn problem(&self) -> Option<&Problem> {
        match self {
            Response::Verify2(Err(p))
            | Response::Check2(Err(p))
            | Response::Cancel2(Err(p))
            | Response::Next2(Err(p))
            | Response::SilentAuth(Err(p))
            | Response::Reply(Err(p)) => Some(p),
            _ => None,
        }
    }

    /// The `Location` of a redirecting answer (the completed silent-auth hop with a
    /// `redirect_url`).
    pub fn location(&self) -> Option<&str> {
        match self {
            Response::SilentAuth(Ok(Hop::Redirect { location })) => Some(location),
            _ => None,
        }
    }

    /// A v2 answer's body; `None` for v1 answers.
    fn v2_body(&self) -> Option<Body> {
        if let Some(problem) = self.problem() {
            return Some(Body::Problem(Box::new(problem.body())));
        }
        Some(match self {
            Response::Verify2(Ok(started)) => Body::Started2 {
                request_id: started.request_id.to_string(),
                check_url: started.check_url.as_deref().map(str::to_owned),
            },
            Response::Check2(Ok(completed)) => Body::Status2 {
                request_id: completed.request_id.to_string(),
                status: "completed",
            },
            Response::SilentAuth(Ok(Hop::Code { request_id, code })) => Body::Code2 {
                request_id: request_id.to_string(),
                code: code.to_string(),
            },
            Response::SilentAuth(Ok(Hop::Outcome { request_id, status })) => Body::Status2 {
                request_id: request_id.to_string(),
                status: status.as_str(),
            },
            Response::Cancel2(_)
            | Response::Next2(_)
            | Response::Reply(_)
            | Response::SilentAuth(_) => Body::Empty,
            _ => return None,
        })
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
    /// `{"request_id": "", "status", "error_text", "network"}`: a blacklist or network
    /// block answering a request (A8).
    Refused {
        request_id: String,
        status: String,
        error_text: String,
        network: String,
    },
    /// The unblock's 202 `{"network", "unblocked_until"}`.
    Unblocked(Unblocked),
    /// The unblock's 404 or 422 problem.
    UnblockProblem(UnblockProblem),
    /// A fault call's answer.
    Fault(FaultBody),
    /// One search record.
    Found(Box<SearchRecord>),
    /// `{"verification_requests": [...]}`
    FoundMany {
        verification_requests: Vec<SearchRecord>,
    },
    /// v2 202: `{"request_id"}`, plus `check_url` when step 1 is silent_auth.
    #[cfg(feature = "v2")]
    Started2 {
        request_id: String,
        #[serde(skip_serializing_if = "Option::is_none")]
        check_url: Option<String>,
    },
    /// v2 `{"request_id","status"}`: a right code (`completed`), or a silent-auth hop
    /// that failed or was rejected.
    #[cfg(feature = "v2")]
    Status2 {
        request_id: String,
        status: &'static str,
    },
    /// v2 `{"request_id","code"}`: a completed silent-auth hop without redirect_url.
    #[cfg(feature = "v2")]
    Code2 { request_id: String, code: String },
    /// v2 problem (RFC 7807).
    #[cfg(feature = "v2")]
    Problem(Box<ProblemBody>),
    /// No body (v2's 204, the empty 200s, the 302); serializes as `null`.
    Empty,
}

impl Engine {
    /// Makes any call at the current time; what it causes is appended to `out`.
    pub fn call(&mut self, call: &Call, out: &mut Vec<Happening>) -> Response {
        match call {
            Call::Verify(p) => Response::Verify(self.verify(p, out)),
            Call::Check(p) => Response::Check(self.check(p, out)),
            Call::Control(p) => Response::Control(self.control(p, out)),
            Call::Search(p) => Response::Search(self.search_call(p)),
            // PSD2 answers exactly as `/verify` does (A7).
            Call::Psd2(p) => Response::Verify(self.psd2(p, out)),
            Call::Unblock(body) => Response::Unblock(self.unblock(body)),
            Call::Fault(step) => Response::Fault(self.fault(step)),
            #[cfg(feature = "v2")]
            Call::Verify2(body) => Response::Verify2(self.verify2(body, out)),
            #[cfg(feature = "v2")]
            Call::Check2 { request_id, body } => {
                Response::Check2(self.check2(request_id, body, out))
            }
            #[cfg(feature = "v2")]
            Call::Cancel2 { request_id } => Response::Cancel2(self.cancel2(request_id, out)),
            #[cfg(feature = "v2")]
            Call::Next2 { request_id } => Response::Next2(self.next2(request_id, out)),
            #[cfg(feature = "v2")]
            Call::SilentAuth { request_id } => {
                Response::SilentAuth(self.silent_auth(request_id, out))
            }
            #[cfg(feature = "v2")]
            Call::Reply { request_id, answer } => {
                Response::Reply(self.reply(request_id, answer, out))
            }
        }
    }
}
