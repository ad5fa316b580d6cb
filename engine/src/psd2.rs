//! PSD2 requests, `/verify/psd2/json` (Part A7, A9): a payment's verification. Its
//! parameters are checked in their own order (`payee` and `amount` in place of `brand`),
//! its `lg` list is the PSD2 one, and its texts name the payee and the amount; from then
//! on it is an ordinary request (workflows, timings, check, search, control,
//! concurrency and prices as `/verify`).

use std::borrow::Cow;
use std::sync::Arc;

use crate::errors::VerifyError;
use crate::messages::{minutes, spoken_digits, Lang, Pin};
use crate::params::{given, Psd2Params, VerifyParams};
use crate::validate::{shared_value_error, ValidRequest};

/// The `lg` codes `/verify/psd2/json` accepts: Part B's PSD2 list (21 codes) and
/// `en-us`, which two SDKs send (A7). Case-sensitive. Every one reads English (A9).
pub const PSD2_LANG_CODES: [&str; 22] = [
    "en-gb", "bg-bg", "cs-cz", "da-dk", "de-de", "ee-et", "el-gr", "es-es", "fi-fi", "fr-fr",
    "ga-ie", "hu-hu", "it-it", "lv-lv", "lt-lt", "mt-mt", "nl-nl", "pl-pl", "sk-sk", "sl-si",
    "sv-se", "en-us",
];

/// A payee over this many characters is too long.
const PAYEE_MAX: usize = 18;

/// The parameters whose values are checked, in A7's order: the shared ones by
/// `/verify`'s rules, `payee`, `amount` and `lg` by PSD2's.
const VALUE_ORDER: [&str; 9] = [
    "number",
    "country",
    "payee",
    "amount",
    "code_length",
    "lg",
    "pin_expiry",
    "next_event_wait",
    "workflow_id",
];

/// A PSD2 request that passed every check: an ordinary request whose messages name a
/// payment. Its brand is the payee (what the phone shows as the sender's words).
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct ValidPayment {
    /// The request as `/verify` would hold it.
    pub(crate) request: ValidRequest,
    /// The amount rounded half up to two decimals, as the texts show it.
    pub(crate) amount: Arc<str>,
}

/// Checks a PSD2 request as A7 orders it, answering the first failure.
pub(crate) fn validate_psd2(p: &Psd2Params) -> Result<ValidPayment, VerifyError> {
    given(&p.number).ok_or(VerifyError::Missing("number"))?;
    given(&p.payee).ok_or(VerifyError::Missing("payee"))?;
    let amount = given(&p.amount).ok_or(VerifyError::Missing("amount"))?;
    let shared = shared_params(p);
    if let Some(error) = VALUE_ORDER
        .iter()
        .find_map(|name| value_error(p, &shared, name))
    {
        return Err(error);
    }
    let mut request = crate::validate::validate(&shared)?;
    // The texts are English whatever the lg; a phone speaks them as English.
    request.lang = match given(&p.lg) {
        Some("en-us") => Lang::DEFAULT,
        _ => Lang::parse("en-gb").unwrap_or_default(),
    };
    request.sender_id = Cow::Borrowed("verify");
    Ok(ValidPayment {
        request,
        amount: Arc::from(round_amount(amount).unwrap_or_default()),
    })
}

/// Everything the API would refuse in a PSD2 request, at most one error per parameter
/// and in A7's order of parameters, by the same rules as `validate_psd2` (which answers
/// only the first): what a form shows next to each field while it is filled in.
pub fn psd2_field_errors(p: &Psd2Params) -> Vec<VerifyError> {
    let shared = shared_params(p);
    let required = |name| match name {
        "number" => Some(&p.number),
        "payee" => Some(&p.payee),
        "amount" => Some(&p.amount),
        _ => None,
    };
    VALUE_ORDER
        .iter()
        .filter_map(|&name| match required(name) {
            Some(value) if given(value).is_none() => Some(VerifyError::Missing(name)),
            _ => value_error(p, &shared, name),
        })
        .collect()
}

/// The parameters PSD2 shares with `/verify`, as `/verify` would see them. Its brand is
/// never looked at for a value error: PSD2 checks the payee instead.
fn shared_params(p: &Psd2Params) -> VerifyParams {
    VerifyParams {
        number: p.number.clone(),
        country: p.country.clone(),
        brand: p.payee.clone(),
        code_length: p.code_length.clone(),
        pin_expiry: p.pin_expiry.clone(),
        next_event_wait: p.next_event_wait.clone(),
        workflow_id: p.workflow_id.clone(),
        api_key: p.api_key.clone(),
        ..VerifyParams::default()
    }
}

/// The error for the value of the PSD2 parameter `name`, if it is given and bad: the
/// payee's length, the amount, `lg` by PSD2's rules, the others by `/verify`'s.
fn value_error(p: &Psd2Params, shared: &VerifyParams, name: &'static str) -> Option<VerifyError> {
    match name {
        "payee" => given(&p.payee)
            .filter(|payee| payee.chars().count() > PAYEE_MAX)
            .map(|_| VerifyError::TooLong(name)),
        "amount" => given(&p.amount)
            .filter(|amount| round_amount(amount).is_none())
            .map(|_| VerifyError::Invalid(name)),
        "lg" => given(&p.lg)
            .filter(|lg| !PSD2_LANG_CODES.contains(lg))
            .map(|_| VerifyError::Invalid(name)),
        shared_name => shared_value_error(shared, shared_name),
    }
}

/// An `amount` rounded half up to two decimals (`48` -> `48.00`, `999.995` ->
/// `1000.00`, `0.001` -> `0.00`), when it is valid: ASCII digits, optionally `.` and
/// digits, more than zero. Done on the digits, so any length is exact.
pub fn round_amount(amount: &str) -> Option<String> {
    let (whole, fraction) = match amount.split_once('.') {
        Some((whole, fraction)) => (whole, fraction),
        None => (amount, ""),
    };
    let digits = |s: &str| !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit());
    if !digits(whole) || (amount.contains('.') && !digits(fraction)) {
        return None;
    }
    if amount.bytes().all(|b| b == b'0' || b == b'.') {
        return None;
    }
    // Cents as decimal digits, most significant first: the whole part, two decimals.
    let whole = whole.trim_start_matches('0');
    let mut cents: Vec<u8> = whole.bytes().map(|b| b - b'0').collect();
    let mut decimals = fraction.bytes().map(|b| b - b'0');
    cents.push(decimals.next().unwrap_or(0));
    cents.push(decimals.next().unwrap_or(0));
    if decimals.next().is_some_and(|d| d >= 5) {
        let mut i = cents.len();
        loop {
            if i == 0 {
                cents.insert(0, 1);
                break;
            }
            i -= 1;
            if cents[i] == 9 {
                cents[i] = 0;
            } else {
                cents[i] += 1;
                break;
            }
        }
    }
    while cents.len() < 3 {
        cents.insert(0, 0);
    }
    let split = cents.len() - 2;
    let text = |ds: &[u8]| ds.iter().map(|d| char::from(b'0' + d)).collect::<String>();
    Some(format!(
        "{}.{}",
        text(&cents[..split]),
        text(&cents[split..])
    ))
}

/// The words of one PSD2 delivery (A7), English for every `lg`.
#[derive(Clone, Copy, Debug)]
pub struct PaymentMessage<'a> {
    /// The payee, verbatim.
    pub payee: &'a str,
    /// The amount, already rounded to two decimals.
    pub amount: &'a str,
    /// The PIN delivered.
    pub pin: Pin,
    /// The PIN's lifetime in seconds.
    pub pin_expiry: u32,
}

impl PaymentMessage<'_> {
    /// `Your code 1234 is for payment to Acme in the amount of 12.34€. Valid for 5 minutes.`
    pub fn sms(&self) -> String {
        format!(
            "Your code {} is for payment to {} in the amount of {}€. Valid for {} minutes.",
            self.pin,
            self.payee,
            self.amount,
            minutes(self.pin_expiry)
        )
    }

    /// `Your code for the payment of 12.34 euros to Acme is 1, 2, 3, 4. I repeat: 1, 2, 3, 4.`
    pub fn tts(&self) -> String {
        let digits = spoken_digits(self.pin);
        format!(
            "Your code for the payment of {} euros to {} is {digits}. I repeat: {digits}.",
            self.amount, self.payee
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The form's list and the API's answer are one set of rules: the API answers the
    /// first missing parameter of the list, else its first bad value; no error, valid.
    #[test]
    fn field_errors_start_with_the_answer() {
        let values = |name: &str| -> &[&str] {
            match name {
                "number" => &["", "12", "447700900001"],
                "payee" => &["", "Shop", "nineteen characters"],
                "amount" => &["", "0", "12.345", "1e3"],
                "code_length" => &["", "4", "5"],
                "lg" => &["", "de-de", "ja-jp"],
                "pin_expiry" => &["", "59", "3600"],
                "workflow_id" => &["", "1", "8"],
                _ => &[""],
            }
        };
        let some = |v: &str| (!v.is_empty()).then(|| v.to_owned());
        let mut tried = 0;
        for number in values("number") {
            for payee in values("payee") {
                for amount in values("amount") {
                    for (name, other) in ["code_length", "lg", "pin_expiry", "workflow_id"]
                        .iter()
                        .flat_map(|&n| values(n).iter().map(move |v| (n, *v)))
                    {
                        let mut p = Psd2Params {
                            number: some(number),
                            payee: some(payee),
                            amount: some(amount),
                            ..Psd2Params::default()
                        };
                        *match name {
                            "code_length" => &mut p.code_length,
                            "lg" => &mut p.lg,
                            "pin_expiry" => &mut p.pin_expiry,
                            _ => &mut p.workflow_id,
                        } = some(other);
                        let mut errors = psd2_field_errors(&p);
                        errors.sort_by_key(|e| !matches!(e, VerifyError::Missing(_)));
                        assert_eq!(errors.first(), validate_psd2(&p).err().as_ref(), "{p:?}");
                        tried += 1;
                    }
                }
            }
        }
        assert!(tried > 300, "{tried}");
    }

    #[test]
    fn amounts_round_half_up_to_two_decimals() {
        for (given, shown) in [
            ("48", "48.00"),
            ("12.34", "12.34"),
            ("12.345", "12.35"),
            ("12.344999", "12.34"),
            ("999.995", "1000.00"),
            ("9.995", "10.00"),
            ("0.001", "0.00"),
            ("0.005", "0.01"),
            ("007.1", "7.10"),
            ("0.5", "0.50"),
            (
                "123456789012345678901234567890",
                "123456789012345678901234567890.00",
            ),
        ] {
            assert_eq!(round_amount(given).as_deref(), Some(shown), "{given}");
        }
        for bad in [
            "", "0", "0.00", "-1", "+1", "1.", ".5", "1,5", "1e3", " 1", "1.2.3", "x",
        ] {
            assert_eq!(round_amount(bad), None, "{bad}");
        }
    }

    #[test]
    fn texts_name_the_payment() {
        let message = PaymentMessage {
            payee: "Acme Inc.",
            amount: "12.34",
            pin: Pin::new(482, 4),
            pin_expiry: 90,
        };
        assert_eq!(
            message.sms(),
            "Your code 0482 is for payment to Acme Inc. in the amount of 12.34€. Valid for 1.5 minutes."
        );
        assert_eq!(
            message.tts(),
            "Your code for the payment of 12.34 euros to Acme Inc. is 0, 4, 8, 2. I repeat: 0, 4, 8, 2."
        );
    }
}
