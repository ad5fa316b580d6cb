//! What the v2 calls answer when they succeed, typed: the start's 202, a right code,
//! the silent-auth hop, and the phone's WhatsApp answer.

use std::sync::Arc;

use super::code::Code;
use super::request::{Status, StepStatus};
use crate::ids::Uuid;

/// A started request: the 202's body.
#[derive(Clone, PartialEq, Eq, Debug)]
pub struct Started {
    /// The new request's id.
    pub request_id: Uuid,
    /// When step 1 is silent_auth: the URL the device opens.
    pub check_url: Option<Arc<str>>,
}

/// A right code: the 200 `{"request_id","status":"completed"}`.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub struct Completed {
    /// The request completed.
    pub request_id: Uuid,
}

/// What the device's silent-auth hop answers (Part C5).
#[derive(Clone, PartialEq, Eq, Debug)]
pub enum Hop {
    /// Completed with a `redirect_url`: 302 to
    /// `redirect_url#request_id=<id>&code=<code>`.
    Redirect {
        /// The `Location`.
        location: String,
    },
    /// Completed without one: 200 `{"request_id","code"}` (the app then checks it).
    Code {
        /// The request.
        request_id: Uuid,
        /// Its code.
        code: Code,
    },
    /// Failed or rejected: 200 `{"request_id","status"}`; the step has ended.
    Outcome {
        /// The request.
        request_id: Uuid,
        /// `failed` or `user_rejected`.
        status: Status,
    },
}

/// The phone's answer to a whatsapp_interactive question.
#[derive(Clone, Copy, PartialEq, Eq, Hash, Debug)]
pub enum Answer {
    /// Yes: the request is completed.
    Yes,
    /// No: the step ends `user_rejected`.
    No,
}

impl Answer {
    /// `yes` or `no`, in any case.
    pub fn parse(text: &str) -> Option<Answer> {
        if text.eq_ignore_ascii_case("yes") {
            Some(Answer::Yes)
        } else if text.eq_ignore_ascii_case("no") {
            Some(Answer::No)
        } else {
            None
        }
    }

    /// `yes` or `no`.
    pub fn as_str(self) -> &'static str {
        match self {
            Answer::Yes => "yes",
            Answer::No => "no",
        }
    }
}

/// What the sandbox's number table decides for a silent-auth hop to `digits` (the
/// deprecated sandbox table): last two `00` or `99` failed, else an odd last digit
/// user_rejected, an even one completed. Public so that a shell can tell the outcome
/// before the hop (the playground's form shows it next to the number).
pub fn hop_outcome(digits: &str) -> StepStatus {
    let bytes = digits.as_bytes();
    let last = bytes.last().copied().unwrap_or(b'0');
    let last_two = &bytes[bytes.len().saturating_sub(2)..];
    if last_two == b"00" || last_two == b"99" {
        StepStatus::Failed
    } else if (last - b'0') % 2 == 1 {
        StepStatus::UserRejected
    } else {
        StepStatus::Completed
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_sandbox_table_decides_hops_by_the_last_digits() {
        assert_eq!(hop_outcome("447700900000"), StepStatus::Failed);
        assert_eq!(hop_outcome("447700900099"), StepStatus::Failed);
        assert_eq!(hop_outcome("447700900001"), StepStatus::UserRejected);
        assert_eq!(hop_outcome("447700900009"), StepStatus::UserRejected);
        assert_eq!(hop_outcome("447700900002"), StepStatus::Completed);
        assert_eq!(hop_outcome("447700900010"), StepStatus::Completed);
    }
}
