//! The faults by name (Part A8): the request faults, which answer a call instead of its
//! normal result, and the phone faults, which mark deliveries. Names are parsed here,
//! once, into typed values; an unknown name is an error naming the accepted ones.

use std::fmt;

use super::spec::FaultError;
use crate::time::{Millis, SECOND};

/// A fault that answers a call instead of its normal result (A8's table).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum RequestFault {
    /// Status 1, `Throttled` (v2: 429).
    Throttled,
    /// Status 4, `Bad Credentials`.
    InvalidCreds,
    /// Status 5, `Internal Error`.
    InternalError,
    /// Status 9, `Partner quota exceeded`.
    QuotaExceeded,
    /// Status 7, the number is blacklisted (with `network`).
    Blacklist,
    /// Status 7, the network is blocked (with `network`) until unblocked (v2: sms and
    /// voice steps are skipped as `blocked`).
    NetworkBlocked,
    /// Status 15, not a supported network.
    Rejected,
    /// Status 29, the account is in demo mode.
    NotPermitted,
}

/// A fault that changes what reaches the phone, not what the API answers.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum PhoneFault {
    /// An SMS never arrives.
    SmsLost,
    /// An SMS arrives this much later than it was sent.
    SmsDelay(Millis),
    /// A call rings out: no PIN is heard.
    CallUnanswered,
    /// Nothing reaches the phone (never email).
    PhoneOff,
}

/// Any fault a session can set.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Fault {
    /// Answers calls.
    Request(RequestFault),
    /// Marks deliveries.
    Phone(PhoneFault),
}

/// The calls a request fault can answer.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum FaultedCall {
    /// `/verify/json`
    Verify,
    /// `/verify/psd2/json`
    Psd2,
    /// `/verify/check/json`
    Check,
    /// `/verify/search/json`
    Search,
    /// `/verify/control/json`
    Control,
    /// v2 start, check, cancel and next_workflow (only `throttled` answers them).
    V2,
}

/// The names, as errors list them.
pub(crate) const ACCEPTED: &str = "throttled, invalid-creds, internal-error, quota-exceeded, \
     blacklist, network-blocked, rejected, not-permitted, sms-lost, sms-delay:<seconds>, \
     call-unanswered and phone-off";

/// The request faults' names, as `__example` errors list them.
pub(crate) const ACCEPTED_EXAMPLES: &str = "throttled, invalid-creds, internal-error, \
     quota-exceeded, blacklist, network-blocked, rejected and not-permitted";

impl RequestFault {
    /// Every request fault, in A8's order.
    pub const ALL: [RequestFault; 8] = [
        RequestFault::Throttled,
        RequestFault::InvalidCreds,
        RequestFault::InternalError,
        RequestFault::QuotaExceeded,
        RequestFault::Blacklist,
        RequestFault::NetworkBlocked,
        RequestFault::Rejected,
        RequestFault::NotPermitted,
    ];

    /// Its name (`throttled`, ...).
    pub fn name(self) -> &'static str {
        match self {
            RequestFault::Throttled => "throttled",
            RequestFault::InvalidCreds => "invalid-creds",
            RequestFault::InternalError => "internal-error",
            RequestFault::QuotaExceeded => "quota-exceeded",
            RequestFault::Blacklist => "blacklist",
            RequestFault::NetworkBlocked => "network-blocked",
            RequestFault::Rejected => "rejected",
            RequestFault::NotPermitted => "not-permitted",
        }
    }

    /// The v1 `status` it answers.
    pub fn status(self) -> u8 {
        match self {
            RequestFault::Throttled => 1,
            RequestFault::InvalidCreds => 4,
            RequestFault::InternalError => 5,
            RequestFault::QuotaExceeded => 9,
            RequestFault::Blacklist | RequestFault::NetworkBlocked => 7,
            RequestFault::Rejected => 15,
            RequestFault::NotPermitted => 29,
        }
    }

    /// The v1 `error_text` it answers, exactly.
    pub fn error_text(self) -> &'static str {
        match self {
            RequestFault::Throttled => "Throttled",
            RequestFault::InvalidCreds => "Bad Credentials",
            RequestFault::InternalError => "Internal Error",
            RequestFault::QuotaExceeded => "Partner quota exceeded",
            RequestFault::Blacklist => {
                "The number you are trying to verify is blacklisted for verification"
            }
            RequestFault::NetworkBlocked => {
                "The network you are trying to verify has been blocked due to possible fraudulent activity"
            }
            RequestFault::Rejected => "The destination number is not in a supported network",
            RequestFault::NotPermitted => {
                "Your Vonage account is still in demo mode. While in demo mode you must add \
                 target numbers to the approved list for your account. Add funds to your \
                 account to remove this limitation."
            }
        }
    }

    /// Whether its answer names a `network` (blacklist, network-blocked).
    pub fn has_network(self) -> bool {
        matches!(self, RequestFault::Blacklist | RequestFault::NetworkBlocked)
    }

    /// Whether it answers this kind of call (A8's table; in v2 only `throttled`).
    pub fn answers(self, call: FaultedCall) -> bool {
        use FaultedCall::*;
        match self {
            RequestFault::Throttled => true,
            RequestFault::InvalidCreds | RequestFault::InternalError => call != V2,
            RequestFault::QuotaExceeded => matches!(call, Verify | Psd2 | Control),
            RequestFault::Blacklist
            | RequestFault::NetworkBlocked
            | RequestFault::Rejected
            | RequestFault::NotPermitted => matches!(call, Verify | Psd2),
        }
    }

    /// A request fault by name, as `__example` gives it: an unknown name, or a phone
    /// fault's, is an error naming the request faults.
    pub fn parse_example(name: &str) -> Result<RequestFault, FaultError> {
        RequestFault::ALL
            .into_iter()
            .find(|f| f.name() == name)
            .ok_or_else(|| FaultError::NotAnExample(name.to_owned()))
    }
}

impl PhoneFault {
    /// Whether it hits a delivery on this channel (`sms`, `tts`, and v2's `sms`,
    /// `voice`, `whatsapp`, `whatsapp_interactive`, `rcs`, `email`): sms-lost and
    /// sms-delay SMS only, call-unanswered calls, phone-off all but email.
    pub fn hits(self, channel: &str) -> bool {
        match self {
            PhoneFault::SmsLost | PhoneFault::SmsDelay(_) => channel == "sms",
            PhoneFault::CallUnanswered => matches!(channel, "tts" | "voice"),
            PhoneFault::PhoneOff => channel != "email",
        }
    }
}

impl Fault {
    /// A fault by its name: A8's names, `sms-delay:<s>` with `s` digits and an optional
    /// fraction, above zero (whole milliseconds, rounded).
    pub fn parse(name: &str) -> Result<Fault, FaultError> {
        if let Ok(fault) = RequestFault::parse_example(name) {
            return Ok(Fault::Request(fault));
        }
        Ok(Fault::Phone(match name {
            "sms-lost" => PhoneFault::SmsLost,
            "call-unanswered" => PhoneFault::CallUnanswered,
            "phone-off" => PhoneFault::PhoneOff,
            _ => match name.strip_prefix("sms-delay:") {
                Some(seconds) => PhoneFault::SmsDelay(
                    delay(seconds).ok_or_else(|| FaultError::BadDelay(seconds.to_owned()))?,
                ),
                None => return Err(FaultError::UnknownName(name.to_owned())),
            },
        }))
    }
}

/// `s` of `sms-delay:<s>` in milliseconds: digits, optionally `.` and digits, above
/// zero once rounded to the millisecond.
fn delay(seconds: &str) -> Option<Millis> {
    let (whole, fraction) = seconds.split_once('.').unwrap_or((seconds, ""));
    let digits = |s: &str| !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit());
    if !digits(whole) || (seconds.contains('.') && !digits(fraction)) || whole.len() > 9 {
        return None;
    }
    let mut millis = whole.parse::<Millis>().ok()? * SECOND;
    let mut scale = SECOND / 10;
    let mut rest = fraction.bytes().map(|b| Millis::from(b - b'0'));
    while scale > 0 {
        millis += rest.next().unwrap_or(0) * scale;
        scale /= 10;
    }
    if rest.next().is_some_and(|d| d >= 5) {
        millis += 1;
    }
    (millis > 0).then_some(millis)
}

impl fmt::Display for Fault {
    /// The name it is set by (`sms-delay:2.5` with its seconds as scenarios write them).
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Fault::Request(fault) => f.write_str(fault.name()),
            Fault::Phone(PhoneFault::SmsLost) => f.write_str("sms-lost"),
            Fault::Phone(PhoneFault::SmsDelay(ms)) => {
                write!(f, "sms-delay:{}", crate::scenario::format_at(*ms))
            }
            Fault::Phone(PhoneFault::CallUnanswered) => f.write_str("call-unanswered"),
            Fault::Phone(PhoneFault::PhoneOff) => f.write_str("phone-off"),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_parse_and_print_back() {
        for name in [
            "throttled",
            "invalid-creds",
            "internal-error",
            "quota-exceeded",
            "blacklist",
            "network-blocked",
            "rejected",
            "not-permitted",
            "sms-lost",
            "sms-delay:5",
            "sms-delay:2.5",
            "sms-delay:0.001",
            "call-unanswered",
            "phone-off",
        ] {
            assert_eq!(Fault::parse(name).map(|f| f.to_string()), Ok(name.into()));
        }
        assert_eq!(
            Fault::parse("sms-delay:1.0005"),
            Ok(Fault::Phone(PhoneFault::SmsDelay(1001)))
        );
        for bad in [
            "sms-delay:0",
            "sms-delay:0.0004",
            "sms-delay:",
            "sms-delay:-1",
            "sms-delay:1.",
            "sms-delay:.5",
            "sms-delay:1e3",
            "sms-delay:9999999999",
        ] {
            assert!(
                matches!(Fault::parse(bad), Err(FaultError::BadDelay(_))),
                "{bad}"
            );
        }
        assert!(matches!(
            Fault::parse("Throttled"),
            Err(FaultError::UnknownName(_))
        ));
    }

    #[test]
    fn each_request_fault_answers_the_calls_of_a8s_table() {
        use FaultedCall::*;
        let calls = [Verify, Psd2, Check, Search, Control, V2];
        let answered = |fault: RequestFault| -> Vec<FaultedCall> {
            calls.into_iter().filter(|&c| fault.answers(c)).collect()
        };
        assert_eq!(answered(RequestFault::Throttled), calls);
        assert_eq!(
            answered(RequestFault::InternalError),
            [Verify, Psd2, Check, Search, Control]
        );
        assert_eq!(
            answered(RequestFault::QuotaExceeded),
            [Verify, Psd2, Control]
        );
        assert_eq!(answered(RequestFault::NetworkBlocked), [Verify, Psd2]);
    }
}
