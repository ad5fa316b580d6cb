//! v2's errors: RFC 7807 problem bodies (`type`, `title`, `detail`, `instance`, plus the
//! fields Part C names), each with its HTTP status.

use std::fmt;

use serde::Serialize;

use super::body::InvalidParam;
use crate::ids::Uuid;

/// What went wrong, without the `instance` (which comes from the seed when the engine
/// answers).
#[derive(Clone, PartialEq, Eq, Debug)]
pub enum ProblemKind {
    /// 401: no or malformed credentials (the emulator's check; the body lives here so that
    /// every v2 text is the engine's).
    Unauthorized,
    /// 422: fields that fail Part C2's rules, in C7's order.
    InvalidParams(Vec<InvalidParam>),
    /// 422: a sms, whatsapp or rcs `from` is invalid.
    InvalidSender,
    /// 409: a concurrency key is in use by this running request (the earliest created).
    Concurrent(Uuid),
    /// 404: no request in progress has the id given (as given, in the detail).
    NotFound(String),
    /// 409: the current step (whatsapp_interactive, or silent_auth before the device's
    /// hop) takes no code.
    CodeNotSupported,
    /// 400: a wrong code, the first or second.
    WrongCode,
    /// 410: the third wrong code; the request has failed.
    TooManyWrong,
    /// 409: next_workflow on the last step.
    NoMoreEvents,
    /// 429: an injected `throttled` fault (A8, C6).
    Throttled,
}

/// A problem answer: what went wrong and its `instance`, a fresh UUID.
#[derive(Clone, PartialEq, Eq, Debug)]
pub struct Problem {
    /// What went wrong.
    pub kind: ProblemKind,
    /// The `instance` field.
    pub instance: Uuid,
}

impl ProblemKind {
    /// The HTTP status.
    pub fn http_status(&self) -> u16 {
        match self {
            ProblemKind::Unauthorized => 401,
            ProblemKind::InvalidParams(_) | ProblemKind::InvalidSender => 422,
            ProblemKind::Concurrent(_)
            | ProblemKind::CodeNotSupported
            | ProblemKind::NoMoreEvents => 409,
            ProblemKind::NotFound(_) => 404,
            ProblemKind::WrongCode => 400,
            ProblemKind::TooManyWrong => 410,
            ProblemKind::Throttled => 429,
        }
    }

    /// The v1 status code of the same meaning, for shells that tell outcomes apart by
    /// v1's `status` (see `Response::status`): 4 credentials, 3 invalid, 10 concurrent,
    /// 6 not found, 16 wrong code, 17 too many, 19 not possible now.
    pub fn v1_status(&self) -> u8 {
        match self {
            ProblemKind::Unauthorized => 4,
            ProblemKind::InvalidParams(_) | ProblemKind::InvalidSender => 3,
            ProblemKind::Concurrent(_) => 10,
            ProblemKind::NotFound(_) => 6,
            ProblemKind::WrongCode => 16,
            ProblemKind::TooManyWrong => 17,
            ProblemKind::CodeNotSupported | ProblemKind::NoMoreEvents => 19,
            ProblemKind::Throttled => 1,
        }
    }

    /// The `type` URL.
    pub fn type_url(&self) -> &'static str {
        match self {
            ProblemKind::Unauthorized => "https://developer.nexmo.com/api-errors#unauthorized",
            ProblemKind::InvalidParams(_) => "https://www.nexmo.com/messages/Errors#InvalidParams",
            ProblemKind::InvalidSender => "https://developer.nexmo.com/api-errors#invalid-param",
            ProblemKind::Concurrent(_) => {
                "https://www.developer.vonage.com/api-errors/verify#conflict"
            }
            ProblemKind::NotFound(_) => "https://developer.nexmo.com/api-errors#not-found",
            ProblemKind::CodeNotSupported | ProblemKind::NoMoreEvents => {
                "https://developer.nexmo.com/api-errors#conflict"
            }
            ProblemKind::WrongCode => "https://developer.nexmo.com/api-errors#bad-request",
            ProblemKind::TooManyWrong => "https://developer.nexmo.com/api-errors#gone",
            ProblemKind::Throttled => "https://www.developer.vonage.com/api-errors#throttled",
        }
    }

    /// The `title`.
    pub fn title(&self) -> &'static str {
        match self {
            ProblemKind::Unauthorized => "Unauthorized",
            ProblemKind::InvalidParams(_) => "Invalid params",
            ProblemKind::InvalidSender => "Invalid sender",
            ProblemKind::Concurrent(_)
            | ProblemKind::CodeNotSupported
            | ProblemKind::NoMoreEvents => "Conflict",
            ProblemKind::NotFound(_) => "Not Found",
            ProblemKind::WrongCode | ProblemKind::TooManyWrong => "Invalid Code",
            ProblemKind::Throttled => "Rate Limit Hit",
        }
    }

    /// The `detail`.
    pub fn detail(&self) -> String {
        match self {
            ProblemKind::Unauthorized => "You did not provide correct credentials.".into(),
            ProblemKind::InvalidParams(_) => {
                "The value of one or more parameters is invalid".into()
            }
            ProblemKind::InvalidSender => "The `from` parameter is invalid.".into(),
            ProblemKind::Concurrent(_) => {
                "Concurrent verifications to the same number are not allowed.".into()
            }
            ProblemKind::NotFound(id) => {
                format!("Request '{id}' was not found or it has been verified already.")
            }
            ProblemKind::CodeNotSupported => {
                "The current Verify workflow step does not support a code.".into()
            }
            ProblemKind::WrongCode => {
                "The code you provided does not match the expected value.".into()
            }
            ProblemKind::TooManyWrong => {
                "An incorrect code has been provided too many times. Workflow terminated.".into()
            }
            ProblemKind::NoMoreEvents => "There are no more events left to trigger.".into(),
            ProblemKind::Throttled => "Please wait, then retry your request".into(),
        }
    }

    /// What it means, in plain words, for the playground.
    pub fn explain(&self) -> String {
        match self {
            ProblemKind::Unauthorized => {
                "v2 needs an Authorization header: a Bearer JWT or Basic credentials.".into()
            }
            ProblemKind::InvalidParams(list) => {
                let names: Vec<&str> = list.iter().map(|p| p.name.as_ref()).collect();
                format!(
                    "Nothing was started: these fields break the rules: {}.",
                    names.join(", ")
                )
            }
            ProblemKind::InvalidSender => {
                "Nothing was started: a `from` must be 7-15 digits or 3-11 letters and digits."
                    .into()
            }
            ProblemKind::Concurrent(id) => format!(
                "Request {id} is still in progress for one of these recipients; \
                 finish or cancel it first."
            ),
            ProblemKind::NotFound(_) => {
                "No request in progress has this id: it is unknown, or it has ended.".into()
            }
            ProblemKind::CodeNotSupported => {
                "The current step sends no code (a WhatsApp question, or silent \
                 authentication before the device's check): nothing to compare yet."
                    .into()
            }
            ProblemKind::WrongCode => {
                "Wrong code: the request goes on; the third wrong code ends it.".into()
            }
            ProblemKind::TooManyWrong => "The third wrong code: the request has failed.".into(),
            ProblemKind::NoMoreEvents => {
                "This is the workflow's last step: there is no next one to move to.".into()
            }
            ProblemKind::Throttled => {
                "An injected fault (throttled) answered this call; nothing changed. Clear \
                 the faults to go back to normal answers."
                    .into()
            }
        }
    }
}

impl Problem {
    /// The HTTP status.
    pub fn http_status(&self) -> u16 {
        self.kind.http_status()
    }

    /// The body, fields in the API's order.
    pub fn body(&self) -> ProblemBody {
        let kind = &self.kind;
        ProblemBody {
            r#type: kind.type_url(),
            title: kind.title(),
            detail: kind.detail(),
            instance: self.instance.to_string(),
            invalid_parameters: match kind {
                ProblemKind::InvalidParams(list) => Some(list.clone()),
                _ => None,
            },
            request_id: match kind {
                ProblemKind::Concurrent(id) => Some(id.to_string()),
                _ => None,
            },
        }
    }
}

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} {}", self.http_status(), self.kind.detail())
    }
}

/// A problem as JSON: `type`, `title`, `detail`, `instance`, then `invalid_parameters`
/// (422) or `request_id` (409 concurrent).
#[derive(Clone, PartialEq, Eq, Debug, Serialize)]
#[allow(missing_docs)] // each field is the JSON field of the same name
pub struct ProblemBody {
    pub r#type: &'static str,
    pub title: &'static str,
    pub detail: String,
    pub instance: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub invalid_parameters: Option<Vec<InvalidParam>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub request_id: Option<String>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn problems_serialize_in_the_apis_field_order() {
        let problem = Problem {
            kind: ProblemKind::Concurrent(Uuid(0)),
            instance: Uuid(1),
        };
        assert_eq!(
            serde_json::to_string(&problem.body()).unwrap(),
            r#"{"type":"https://www.developer.vonage.com/api-errors/verify#conflict","title":"Conflict","detail":"Concurrent verifications to the same number are not allowed.","instance":"00000000-0000-0000-0000-000000000001","request_id":"00000000-0000-0000-0000-000000000000"}"#
        );
        assert_eq!(problem.http_status(), 409);
    }
}
