//! Every way a call can fail, each with the real API's status code and `error_text`
//! (Part A2, A3) and a plain-words explanation for people learning the API.

use thiserror::Error;

use crate::faults::FaultAnswer;
use crate::ids::RequestId;

const MISSING: &str = "Your request is incomplete and missing the mandatory parameter: ";

/// Why `/verify/json` refused to start a verification.
#[derive(Clone, Debug, Error, PartialEq, Eq)]
pub enum VerifyError {
    /// A mandatory parameter is absent or empty (status 2).
    #[error("{MISSING}{0}")]
    Missing(&'static str),
    /// A parameter has a value the API does not accept (status 3).
    #[error("Invalid value for param: {0}")]
    Invalid(&'static str),
    /// `brand` over 18 characters or `sender_id` over 11 (status 3).
    #[error("Invalid value for param: {0}. Parameter is too long.")]
    TooLong(&'static str),
    /// A numeric `code_length` other than 4 or 6 (status 3).
    #[error("Invalid value for param: code_length. The allowed values are 4 and 6.")]
    CodeLengthNotAllowed,
    /// A custom `pin_code`, which ordinary accounts may not send (status 20).
    #[error("This account does not support the parameter: pin_code.")]
    PinCodeNotSupported,
    /// The number already has a request in progress, whose id is given (status 10).
    #[error("Concurrent verifications to the same number are not allowed")]
    Concurrent(RequestId),
    /// An injected request fault answered (A8): its status and text.
    #[error("{0}")]
    Fault(FaultAnswer),
}

impl VerifyError {
    /// The API's `status` code.
    pub fn status(&self) -> u8 {
        match self {
            VerifyError::Missing(_) => 2,
            VerifyError::Invalid(_)
            | VerifyError::TooLong(_)
            | VerifyError::CodeLengthNotAllowed => 3,
            VerifyError::PinCodeNotSupported => 20,
            VerifyError::Concurrent(_) => 10,
            VerifyError::Fault(answer) => answer.status(),
        }
    }

    /// The parameter at fault, so a form can show the error next to its field.
    pub fn param(&self) -> Option<&'static str> {
        match self {
            VerifyError::Missing(p) | VerifyError::Invalid(p) | VerifyError::TooLong(p) => Some(p),
            VerifyError::CodeLengthNotAllowed => Some("code_length"),
            VerifyError::PinCodeNotSupported => Some("pin_code"),
            VerifyError::Concurrent(_) => Some("number"),
            VerifyError::Fault(_) => None,
        }
    }

    /// What the error means, in plain words.
    pub fn explain(&self) -> String {
        match self {
            VerifyError::Missing(p) => format!("The API needs a {} to start a verification.", label(p)),
            VerifyError::Invalid(p) => format!("The API does not accept this {}: {}", label(p), rule(p)),
            VerifyError::TooLong(p) => format!(
                "The {} is too long: at most {} characters.",
                label(p),
                if *p == "sender_id" { 11 } else { 18 }
            ),
            VerifyError::CodeLengthNotAllowed => "A PIN has either 4 or 6 digits.".into(),
            VerifyError::PinCodeNotSupported => {
                "Choosing your own PIN needs an account the API has enabled for it; ordinary accounts get this error.".into()
            }
            VerifyError::Concurrent(id) => format!(
                "This number already has a verification in progress ({id}). Check its code, cancel it, or wait until it ends before sending another."
            ),
            VerifyError::Fault(answer) => answer.explain(),
        }
    }
}

/// What a parameter is called on the playground's form.
fn label(param: &str) -> &str {
    match param {
        "number" => "phone number",
        "brand" => "brand",
        "country" => "country",
        "sender_id" => "sender ID",
        "code_length" => "code length",
        "lg" => "language",
        "pin_expiry" => "PIN expiry",
        "next_event_wait" => "next event wait",
        "workflow_id" => "workflow",
        "request_id" => "request ID",
        "code" => "code",
        "cmd" => "command",
        other => other,
    }
}

/// The rule a parameter's value must follow.
fn rule(param: &str) -> &str {
    match param {
        "number" => "use 7 to 15 digits in international format, without a leading 0 (spaces, dashes, brackets and one leading + are fine).",
        "country" => "use a two-letter country code such as GB.",
        "code_length" => "use 4 or 6.",
        "lg" => "use one of the listed language codes, such as en-us (lower case).",
        "amount" => "use a number of euros above zero, digits with an optional decimal point (12.34).",
        "pin_expiry" => "use a whole number of seconds from 60 to 3600.",
        "next_event_wait" => "use a whole number of seconds from 60 to 900.",
        "workflow_id" => "use a workflow from 1 to 7.",
        _ => "check its format.",
    }
}

/// Why `/verify/check/json` did not confirm the code.
#[derive(Clone, Debug, Error, PartialEq, Eq)]
pub enum CheckError {
    /// `request_id` or `code` is absent or empty (status 2).
    #[error("{MISSING}{0}")]
    Missing(&'static str),
    /// The code has a character that is not a digit (status 3).
    #[error("The code contains invalid characters")]
    InvalidCode,
    /// No request has this id, or it is no longer in progress (status 6).
    #[error("The Nexmo platform was unable to process this message for the following reason: Request '{0}' was not found or it has been verified already.")]
    NotFound(String),
    /// A wrong code; the request goes on (status 16).
    #[error("The code provided does not match the expected value")]
    Mismatch(RequestId),
    /// The third wrong code for this PIN: the request failed (status 17).
    #[error("A wrong code was provided too many times. Workflow terminated")]
    TooManyWrong(RequestId),
    /// An injected request fault answered (A8); not a check attempt.
    #[error("{0}")]
    Fault(FaultAnswer),
}

impl CheckError {
    /// The API's `status` code.
    pub fn status(&self) -> u8 {
        match self {
            CheckError::Missing(_) => 2,
            CheckError::InvalidCode => 3,
            CheckError::NotFound(_) => 6,
            CheckError::Mismatch(_) => 16,
            CheckError::TooManyWrong(_) => 17,
            CheckError::Fault(answer) => answer.status(),
        }
    }

    /// What the error means, in plain words.
    pub fn explain(&self) -> String {
        match self {
            CheckError::Missing(p) => format!("The API needs the {} to check a code.", label(p)),
            CheckError::InvalidCode => "A code is digits only.".into(),
            CheckError::NotFound(_) => "This request is not in progress: it never existed, or it already succeeded, failed, expired or was cancelled. Start a new one.".into(),
            CheckError::Mismatch(_) => "That is not the current PIN (or the PIN has died and no new one was sent yet). Each PIN allows three tries.".into(),
            CheckError::TooManyWrong(_) => "Three wrong codes for the same PIN: the request failed and nothing more will be sent.".into(),
            CheckError::Fault(answer) => answer.explain(),
        }
    }
}

/// Why `/verify/control/json` refused a command.
#[derive(Clone, Debug, Error, PartialEq, Eq)]
pub enum ControlError {
    /// `request_id` or `cmd` is absent or empty (status 2).
    #[error("{MISSING}{0}")]
    Missing(&'static str),
    /// `cmd` is neither `cancel` nor `trigger_next_event` (status 3).
    #[error("Invalid parameter found: cmd")]
    InvalidCmd,
    /// No request has this id, or it is no longer in progress (status 6).
    #[error("The requestId '{0}' does not exist or its no longer active.")]
    NotActive(String),
    /// Cancel in the first 30 seconds (status 19).
    #[error("Verification request ['{0}'] can't be cancelled within the first 30 seconds.")]
    CancelTooEarly(RequestId),
    /// Cancel after the second event (status 19). Two spaces before `[`, as the API has it.
    #[error("Verification request  ['{0}'] can't be cancelled now. Too many attempts to re-deliver have already been made.")]
    CancelTooLate(RequestId),
    /// Trigger with no event left in the workflow (status 19).
    #[error("No more events are left to execute for the request ['{0}']")]
    NoMoreEvents(RequestId),
    /// An injected request fault answered (A8).
    #[error("{0}")]
    Fault(FaultAnswer),
}

impl ControlError {
    /// The API's `status` code.
    pub fn status(&self) -> u8 {
        match self {
            ControlError::Missing(_) => 2,
            ControlError::InvalidCmd => 3,
            ControlError::NotActive(_) => 6,
            ControlError::CancelTooEarly(_)
            | ControlError::CancelTooLate(_)
            | ControlError::NoMoreEvents(_) => 19,
            ControlError::Fault(answer) => answer.status(),
        }
    }

    /// What the error means, in plain words.
    pub fn explain(&self) -> String {
        match self {
            ControlError::Missing(p) => format!("The API needs the {} for a control command.", label(p)),
            ControlError::InvalidCmd => "The command is either cancel or trigger_next_event.".into(),
            ControlError::NotActive(_) => "This request is not in progress any more, so there is nothing to control.".into(),
            ControlError::CancelTooEarly(_) => "A request can only be cancelled once 30 seconds have passed since it was sent.".into(),
            ControlError::CancelTooLate(_) => "A request can no longer be cancelled once its second event (SMS or call) has been sent.".into(),
            ControlError::NoMoreEvents(_) => "Every event of this workflow has already happened; the request now waits to expire.".into(),
            ControlError::Fault(answer) => answer.explain(),
        }
    }
}

/// Why `/verify/search/json` found nothing to show.
#[derive(Clone, Debug, Error, PartialEq, Eq)]
pub enum SearchError {
    /// Neither `request_id` nor `request_ids` was given (status 2).
    #[error("{MISSING}request_id")]
    Missing,
    /// More than ten ids (status 18).
    #[error("Too many request_ids provided")]
    TooMany,
    /// None of the ids names a request (status 101).
    #[error("No response found")]
    NotFound,
    /// An injected request fault answered (A8).
    #[error("{0}")]
    Fault(FaultAnswer),
}

impl SearchError {
    /// The API's `status` code.
    pub fn status(&self) -> u8 {
        match self {
            SearchError::Missing => 2,
            SearchError::TooMany => 18,
            SearchError::NotFound => 101,
            SearchError::Fault(answer) => answer.status(),
        }
    }

    /// What the error means, in plain words.
    pub fn explain(&self) -> String {
        match self {
            SearchError::Missing => "Search needs a request ID (or a list of up to ten).".into(),
            SearchError::TooMany => "Search takes at most ten request IDs at once.".into(),
            SearchError::NotFound => "No request has this ID.".into(),
            SearchError::Fault(answer) => answer.explain(),
        }
    }
}
