//! Checking `/verify/json` parameters in the real API's order, with its exact answers
//! (Part A2 and A6). Stateless: the one rule that needs state (a request already in
//! progress for the number) is the engine's.

use std::borrow::Cow;
use std::sync::Arc;

use crate::number::PhoneNumber;

use crate::errors::VerifyError;
use crate::messages::Lang;
use crate::params::{given, VerifyParams};
use crate::workflow::{Timings, Workflow};

/// A request whose parameters passed every check, with defaults and silent fixes applied.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ValidRequest {
    /// The number with spaces, dashes, parentheses and a leading `+` removed.
    pub number: PhoneNumber,
    /// The brand named in messages.
    pub brand: Arc<str>,
    /// The sender shown by search (`verify` by default).
    pub sender_id: Cow<'static, str>,
    /// PIN digits, 4 or 6.
    pub code_length: u8,
    /// The language of messages.
    pub lang: Lang,
    /// Workflow and effective timings.
    pub timings: Timings,
    /// The account search reports: the `api_key` given, or `playground`.
    pub account_id: Cow<'static, str>,
}

/// A parameter whose value is checked, in the order the API checks them.
#[derive(Clone, Copy)]
enum Checked {
    Number,
    Country,
    Brand,
    SenderId,
    CodeLength,
    Lg,
    PinExpiry,
    NextEventWait,
    WorkflowId,
}

const VALUE_ORDER: [Checked; 9] = [
    Checked::Number,
    Checked::Country,
    Checked::Brand,
    Checked::SenderId,
    Checked::CodeLength,
    Checked::Lg,
    Checked::PinExpiry,
    Checked::NextEventWait,
    Checked::WorkflowId,
];

impl Checked {
    fn name(self) -> &'static str {
        match self {
            Checked::Number => "number",
            Checked::Country => "country",
            Checked::Brand => "brand",
            Checked::SenderId => "sender_id",
            Checked::CodeLength => "code_length",
            Checked::Lg => "lg",
            Checked::PinExpiry => "pin_expiry",
            Checked::NextEventWait => "next_event_wait",
            Checked::WorkflowId => "workflow_id",
        }
    }
}

/// Checks a request as the API does, answering the first failure.
pub fn validate(p: &VerifyParams) -> Result<ValidRequest, VerifyError> {
    let number = given(&p.number).ok_or(VerifyError::Missing("number"))?;
    let brand = given(&p.brand).ok_or(VerifyError::Missing("brand"))?;
    if let Some(error) = VALUE_ORDER.iter().find_map(|&c| value_error(p, c)) {
        return Err(error);
    }
    if given(&p.pin_code).is_some() {
        return Err(VerifyError::PinCodeNotSupported);
    }
    let int = |v: &Option<String>| given(v).and_then(parse_int);
    let workflow = int(&p.workflow_id)
        .and_then(|id| Workflow::from_id(u8::try_from(id).ok()?))
        .unwrap_or(Workflow::DEFAULT);
    let next_event_wait = int(&p.next_event_wait);
    let pin_expiry = int(&p.pin_expiry);
    Ok(ValidRequest {
        number: PhoneNumber::new(&normalise_number(number))
            .ok_or(VerifyError::Invalid("number"))?,
        brand: Arc::from(brand),
        sender_id: owned_or(given(&p.sender_id), "verify"),
        code_length: if int(&p.code_length) == Some(6) { 6 } else { 4 },
        lang: given(&p.lg).and_then(Lang::parse).unwrap_or_default(),
        timings: Timings::new(workflow, next_event_wait, pin_expiry),
        account_id: owned_or(given(&p.api_key), "playground"),
    })
}

/// The value given, or a default that costs no allocation.
fn owned_or(value: Option<&str>, default: &'static str) -> Cow<'static, str> {
    value.map_or(Cow::Borrowed(default), |v| Cow::Owned(v.to_owned()))
}

/// Every problem with the parameters, one per field at most, for a form that shows each
/// error next to its field while the user types. A request to an already busy number is
/// not among them: only sending can tell.
pub fn field_errors(p: &VerifyParams) -> Vec<VerifyError> {
    let mut errors = Vec::new();
    if given(&p.number).is_none() {
        errors.push(VerifyError::Missing("number"));
    }
    if given(&p.brand).is_none() {
        errors.push(VerifyError::Missing("brand"));
    }
    errors.extend(VALUE_ORDER.iter().filter_map(|&c| value_error(p, c)));
    if given(&p.pin_code).is_some() {
        errors.push(VerifyError::PinCodeNotSupported);
    }
    errors
}

/// The error for the value of the `/verify` parameter `name` (one of those checked for
/// their value), if it is given and bad: PSD2 checks the parameters it shares with
/// `/verify` by the same rules.
pub(crate) fn shared_value_error(p: &VerifyParams, name: &str) -> Option<VerifyError> {
    VALUE_ORDER
        .iter()
        .find(|c| c.name() == name)
        .and_then(|&c| value_error(p, c))
}

/// The error for one parameter's value, if it is given and bad.
fn value_error(p: &VerifyParams, checked: Checked) -> Option<VerifyError> {
    let name = checked.name();
    let invalid = || Some(VerifyError::Invalid(name));
    let unless = |ok: bool| if ok { None } else { invalid() };
    let in_range = |value: &str, range: std::ops::RangeInclusive<u32>| {
        unless(parse_int(value).is_some_and(|v| range.contains(&v)))
    };
    match checked {
        Checked::Number => unless(valid_number(given(&p.number)?, given(&p.country).is_some())),
        Checked::Country => {
            let value = given(&p.country)?;
            unless(value.len() == 2 && value.bytes().all(|b| b.is_ascii_alphabetic()))
        }
        Checked::Brand => too_long(given(&p.brand)?, 18, name),
        Checked::SenderId => too_long(given(&p.sender_id)?, 11, name),
        Checked::CodeLength => {
            let value = given(&p.code_length)?;
            match parse_int(value) {
                Some(4 | 6) => None,
                Some(_) => Some(VerifyError::CodeLengthNotAllowed),
                None if is_negative_integer(value) => Some(VerifyError::CodeLengthNotAllowed),
                None => invalid(),
            }
        }
        Checked::Lg => unless(Lang::parse(given(&p.lg)?).is_some()),
        Checked::PinExpiry => in_range(given(&p.pin_expiry)?, 60..=3600),
        Checked::NextEventWait => in_range(given(&p.next_event_wait)?, 60..=900),
        Checked::WorkflowId => in_range(given(&p.workflow_id)?, 1..=7),
    }
}

fn too_long(value: &str, max: usize, name: &'static str) -> Option<VerifyError> {
    (value.chars().count() > max).then_some(VerifyError::TooLong(name))
}

fn is_digits(value: &str) -> bool {
    !value.is_empty() && value.bytes().all(|b| b.is_ascii_digit())
}

fn is_negative_integer(value: &str) -> bool {
    value.strip_prefix('-').is_some_and(is_digits)
}

/// An integer parameter: ASCII digits only, leading zeros allowed, no sign, no spaces.
/// Values too large for a `u32` are out of every range anyway.
fn parse_int(value: &str) -> Option<u32> {
    if !is_digits(value) {
        return None;
    }
    let trimmed = value.trim_start_matches('0');
    if trimmed.len() > 9 {
        return Some(u32::MAX);
    }
    trimmed.parse().ok().or(Some(0))
}

/// Drops spaces, dashes and parentheses, then one leading `+`.
pub fn normalise_number(number: &str) -> Cow<'_, str> {
    let dropped = |c: char| matches!(c, ' ' | '-' | '(' | ')');
    if !number.contains(dropped) {
        return Cow::Borrowed(number.strip_prefix('+').unwrap_or(number));
    }
    let kept: String = number.chars().filter(|c| !dropped(*c)).collect();
    match kept.strip_prefix('+') {
        Some(rest) => Cow::Owned(rest.to_owned()),
        None => Cow::Owned(kept),
    }
}

fn valid_number(number: &str, country_given: bool) -> bool {
    let digits = normalise_number(number);
    is_digits(&digits)
        && (7..=15).contains(&digits.len())
        && (country_given || !digits.starts_with('0'))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn params(pairs: &[(&str, &str)]) -> VerifyParams {
        match crate::params::Call::from_pairs(
            crate::params::Endpoint::Verify,
            pairs.iter().copied(),
        ) {
            crate::params::Call::Verify(p) => p,
            _ => unreachable!(),
        }
    }

    fn error(pairs: &[(&str, &str)]) -> String {
        let mut all = vec![("number", "447700900001"), ("brand", "Acme")];
        all.extend_from_slice(pairs);
        match validate(&params(&all)) {
            Ok(_) => "ok".into(),
            Err(e) => format!("{} {e}", e.status()),
        }
    }

    #[test]
    fn missing_parameters_come_first_number_before_brand() {
        let e = validate(&params(&[("brand", ""), ("workflow_id", "9")])).unwrap_err();
        assert_eq!(e, VerifyError::Missing("number"));
        let e = validate(&params(&[("number", "x"), ("workflow_id", "9")])).unwrap_err();
        assert_eq!(
            e.to_string(),
            "Your request is incomplete and missing the mandatory parameter: brand"
        );
    }

    #[test]
    fn invalid_values_are_reported_in_the_api_order() {
        let e = error(&[("workflow_id", "8"), ("lg", "xx"), ("country", "GBR")]);
        assert_eq!(e, "3 Invalid value for param: country");
        assert_eq!(
            error(&[("workflow_id", "8"), ("lg", "xx")]),
            "3 Invalid value for param: lg"
        );
        assert_eq!(
            error(&[("workflow_id", "8"), ("pin_code", "1234")]),
            "3 Invalid value for param: workflow_id"
        );
        assert_eq!(
            error(&[("pin_code", "1234")]),
            "20 This account does not support the parameter: pin_code."
        );
    }

    #[test]
    fn numbers_follow_the_normalisation_rule() {
        assert_eq!(error(&[("number", "+44 (7700) 900-001")]), "ok");
        assert_eq!(
            error(&[("number", "123456")]),
            "3 Invalid value for param: number"
        );
        assert_eq!(error(&[("number", "1234567")]), "ok");
        assert_eq!(
            error(&[("number", "1234567890123456")]),
            "3 Invalid value for param: number"
        );
        assert_eq!(
            error(&[("number", "07700900001")]),
            "3 Invalid value for param: number"
        );
        assert_eq!(error(&[("number", "07700900001"), ("country", "gb")]), "ok");
        assert_eq!(
            error(&[("number", "++447700900001")]),
            "3 Invalid value for param: number"
        );
        assert_eq!(
            error(&[("number", "4477OO900001")]),
            "3 Invalid value for param: number"
        );
        assert_eq!(normalise_number("+44 (7700) 900-001"), "447700900001");
    }

    #[test]
    fn length_limits_count_characters() {
        assert_eq!(error(&[("brand", "ÅÅÅÅÅÅÅÅÅÅÅÅÅÅÅÅÅÅ")]), "ok");
        assert_eq!(
            error(&[("brand", "ABCDEFGHIJKLMNOPQRS")]),
            "3 Invalid value for param: brand. Parameter is too long."
        );
        assert_eq!(error(&[("sender_id", "ÅÅÅÅÅÅÅÅÅÅÅ")]), "ok");
        assert_eq!(
            error(&[("sender_id", "ABCDEFGHIJKL")]),
            "3 Invalid value for param: sender_id. Parameter is too long."
        );
    }

    #[test]
    fn code_length_has_two_error_texts() {
        for ok in ["4", "6", "06", "00004"] {
            assert_eq!(error(&[("code_length", ok)]), "ok", "{ok}");
        }
        for numeric in ["0", "3", "5", "7", "-1", "99999999999999999999"] {
            assert_eq!(
                error(&[("code_length", numeric)]),
                "3 Invalid value for param: code_length. The allowed values are 4 and 6.",
                "{numeric}"
            );
        }
        for other in ["4.0", "four", "+4", " 4"] {
            assert_eq!(
                error(&[("code_length", other)]),
                "3 Invalid value for param: code_length",
                "{other}"
            );
        }
    }

    #[test]
    fn integers_are_plain_digits_in_range() {
        for (name, ok, bad) in [
            (
                "pin_expiry",
                ["60", "3600", "0300"],
                ["59", "3601", "+300", " 300", "300.0"],
            ),
            (
                "next_event_wait",
                ["60", "900", "0060"],
                ["59", "901", "1e2", "-60", "ninety"],
            ),
            (
                "workflow_id",
                ["1", "7", "007"],
                ["0", "8", "2.0", "x", "99999999999"],
            ),
        ] {
            for v in ok {
                assert_eq!(error(&[(name, v)]), "ok", "{name}={v}");
            }
            for v in bad {
                assert_eq!(
                    error(&[(name, v)]),
                    format!("3 Invalid value for param: {name}"),
                    "{name}={v}"
                );
            }
        }
    }

    #[test]
    fn defaults_and_silent_fixes_are_applied() {
        let v = validate(&params(&[
            ("number", "+44 7700 900001"),
            ("brand", "Acme"),
            ("workflow_id", "3"),
            ("next_event_wait", "120"),
            ("pin_expiry", "200"),
            ("code_length", "06"),
            ("api_key", "abcd1234"),
        ]))
        .unwrap();
        assert_eq!(v.number.as_str(), "447700900001");
        assert_eq!(v.timings.workflow.id(), 3);
        assert_eq!(v.timings.pin_expiry, 120);
        assert_eq!(v.code_length, 6);
        assert_eq!(v.sender_id, "verify");
        assert_eq!(v.account_id, "abcd1234");
        assert_eq!(v.lang.code(), "en-us");
    }

    #[test]
    fn field_errors_lists_each_bad_field() {
        let errors = field_errors(&params(&[
            ("brand", "Acme"),
            ("lg", "EN"),
            ("pin_expiry", "5"),
        ]));
        let fields: Vec<_> = errors.iter().filter_map(|e| e.param()).collect();
        assert_eq!(fields, ["number", "lg", "pin_expiry"]);
    }
}
