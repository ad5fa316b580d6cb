//! The calls, with their parameters exactly as the HTTP API receives them: text for v1,
//! the JSON body for v2. Nothing here is checked yet; the engine answers bad values as the
//! real API does.

use serde::{Deserialize, Serialize};
use serde_json::Value;

use crate::faults::FaultStep;

pub use crate::endpoint::Endpoint;

mod json;

/// Parameters of `/verify/json`.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[allow(missing_docs)] // each field is the API parameter of the same name
pub struct VerifyParams {
    pub number: Option<String>,
    pub country: Option<String>,
    pub brand: Option<String>,
    pub sender_id: Option<String>,
    pub code_length: Option<String>,
    pub lg: Option<String>,
    pub pin_expiry: Option<String>,
    pub next_event_wait: Option<String>,
    pub workflow_id: Option<String>,
    pub pin_code: Option<String>,
    pub api_key: Option<String>,
    pub api_secret: Option<String>,
    /// `__example`: a request fault forced on this call alone (A9).
    pub example: Option<String>,
}

/// Parameters of `/verify/psd2/json` (Part A7): `/verify/json`'s without `brand`,
/// `sender_id` and `pin_code` (ignored when sent), with the payment's `payee` and `amount`.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[allow(missing_docs)] // each field is the API parameter of the same name
pub struct Psd2Params {
    pub number: Option<String>,
    pub payee: Option<String>,
    pub amount: Option<String>,
    pub country: Option<String>,
    pub code_length: Option<String>,
    pub lg: Option<String>,
    pub pin_expiry: Option<String>,
    pub next_event_wait: Option<String>,
    pub workflow_id: Option<String>,
    pub api_key: Option<String>,
    pub api_secret: Option<String>,
    /// `__example`: a request fault forced on this call alone (A9).
    pub example: Option<String>,
}

/// Parameters of `/verify/check/json`.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[allow(missing_docs)]
pub struct CheckParams {
    pub request_id: Option<String>,
    pub code: Option<String>,
    pub api_key: Option<String>,
    pub api_secret: Option<String>,
    /// `__example`: a request fault forced on this call alone (A9).
    pub example: Option<String>,
}

/// Parameters of `/verify/control/json`.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[allow(missing_docs)]
pub struct ControlParams {
    pub request_id: Option<String>,
    pub cmd: Option<String>,
    pub api_key: Option<String>,
    pub api_secret: Option<String>,
    /// `__example`: a request fault forced on this call alone (A9).
    pub example: Option<String>,
}

/// Parameters of `/verify/search/json`; `request_ids` is the repeated HTTP parameter.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[allow(missing_docs)]
pub struct SearchParams {
    pub request_id: Option<String>,
    pub request_ids: Vec<String>,
    pub api_key: Option<String>,
    pub api_secret: Option<String>,
    /// `__example`: a request fault forced on this call alone (A9).
    pub example: Option<String>,
}

/// One API call, as a client would send it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Call {
    /// Start a verification.
    Verify(VerifyParams),
    /// Check a code.
    Check(CheckParams),
    /// Cancel, or trigger the next event.
    Control(ControlParams),
    /// Look requests up.
    Search(SearchParams),
    /// Start a payment's verification (PSD2).
    Psd2(Psd2Params),
    /// `POST /verify/network-unblock` with this JSON body.
    Unblock(Value),
    /// Set, clear or remove a fault (the emulator's, a scenario's `fault` step).
    Fault(FaultStep),
    /// v2: `POST /v2/verify` with this JSON body.
    #[cfg(feature = "v2")]
    Verify2(Value),
    /// v2: `POST /v2/verify/{request_id}` with this JSON body (`{"code": ...}`).
    #[cfg(feature = "v2")]
    Check2 {
        /// The id in the path, as given.
        request_id: String,
        /// The JSON body.
        body: Value,
    },
    /// v2: `DELETE /v2/verify/{request_id}`.
    #[cfg(feature = "v2")]
    Cancel2 {
        /// The id in the path, as given.
        request_id: String,
    },
    /// v2: `POST /v2/verify/{request_id}/next_workflow`.
    #[cfg(feature = "v2")]
    Next2 {
        /// The id in the path, as given.
        request_id: String,
    },
    /// v2: the device's `GET` of a silent_auth step's `check_url`.
    #[cfg(feature = "v2")]
    #[serde(rename = "silent_auth")]
    SilentAuth {
        /// The id in the path, as given.
        request_id: String,
    },
    /// v2: the phone answering a whatsapp_interactive step (the emulator's
    /// `POST /_sim/reply`).
    #[cfg(feature = "v2")]
    Reply {
        /// The request, as given.
        request_id: String,
        /// `yes` or `no` (any case), as given.
        answer: String,
    },
}

impl Call {
    /// Builds a call from HTTP-style parameters. Unknown names are ignored, as the API
    /// ignores them; a repeated name keeps its last value, except `request_ids`, which
    /// collects every value. v2: `verify2` makes a body of the pairs as strings; the
    /// others take `request_id`, and `code` (check2) or `answer` (reply).
    pub fn from_pairs<'a>(
        endpoint: Endpoint,
        pairs: impl IntoIterator<Item = (&'a str, &'a str)>,
    ) -> Call {
        let mut call = match endpoint {
            Endpoint::Verify => Call::Verify(VerifyParams::default()),
            Endpoint::Check => Call::Check(CheckParams::default()),
            Endpoint::Control => Call::Control(ControlParams::default()),
            Endpoint::Search => Call::Search(SearchParams::default()),
            Endpoint::Psd2 => Call::Psd2(Psd2Params::default()),
            Endpoint::Unblock | Endpoint::Fault => return Call::json_from_pairs(endpoint, pairs),
            #[cfg(feature = "v2")]
            v2 => return Call::v2_from_pairs(v2, pairs),
        };
        for (name, value) in pairs {
            if let Call::Search(p) = &mut call {
                if name == "request_ids" {
                    p.request_ids.push(value.to_owned());
                    continue;
                }
            }
            if let Some(slot) = call.slot(name) {
                *slot = Some(value.to_owned());
            }
        }
        call
    }

    fn slot(&mut self, name: &str) -> Option<&mut Option<String>> {
        Some(match (self, name) {
            (Call::Verify(p), "number") => &mut p.number,
            (Call::Verify(p), "country") => &mut p.country,
            (Call::Verify(p), "brand") => &mut p.brand,
            (Call::Verify(p), "sender_id") => &mut p.sender_id,
            (Call::Verify(p), "code_length") => &mut p.code_length,
            (Call::Verify(p), "lg") => &mut p.lg,
            (Call::Verify(p), "pin_expiry") => &mut p.pin_expiry,
            (Call::Verify(p), "next_event_wait") => &mut p.next_event_wait,
            (Call::Verify(p), "workflow_id") => &mut p.workflow_id,
            (Call::Verify(p), "pin_code") => &mut p.pin_code,
            (Call::Check(p), "request_id") => &mut p.request_id,
            (Call::Check(p), "code") => &mut p.code,
            (Call::Control(p), "request_id") => &mut p.request_id,
            (Call::Control(p), "cmd") => &mut p.cmd,
            (Call::Search(p), "request_id") => &mut p.request_id,
            (Call::Psd2(p), "number") => &mut p.number,
            (Call::Psd2(p), "payee") => &mut p.payee,
            (Call::Psd2(p), "amount") => &mut p.amount,
            (Call::Psd2(p), "country") => &mut p.country,
            (Call::Psd2(p), "code_length") => &mut p.code_length,
            (Call::Psd2(p), "lg") => &mut p.lg,
            (Call::Psd2(p), "pin_expiry") => &mut p.pin_expiry,
            (Call::Psd2(p), "next_event_wait") => &mut p.next_event_wait,
            (Call::Psd2(p), "workflow_id") => &mut p.workflow_id,
            (Call::Psd2(p), "api_key") => &mut p.api_key,
            (Call::Psd2(p), "api_secret") => &mut p.api_secret,
            (Call::Verify(p), "api_key") => &mut p.api_key,
            (Call::Verify(p), "api_secret") => &mut p.api_secret,
            (Call::Check(p), "api_key") => &mut p.api_key,
            (Call::Check(p), "api_secret") => &mut p.api_secret,
            (Call::Control(p), "api_key") => &mut p.api_key,
            (Call::Control(p), "api_secret") => &mut p.api_secret,
            (Call::Search(p), "api_key") => &mut p.api_key,
            (Call::Search(p), "api_secret") => &mut p.api_secret,
            (Call::Verify(p), "__example") => &mut p.example,
            (Call::Psd2(p), "__example") => &mut p.example,
            (Call::Check(p), "__example") => &mut p.example,
            (Call::Control(p), "__example") => &mut p.example,
            (Call::Search(p), "__example") => &mut p.example,
            _ => return None,
        })
    }

    /// The `api_key` and `api_secret` the call carries (none for v2 calls, whose
    /// credentials travel only in the `Authorization` header).
    pub fn credentials(&self) -> (&Option<String>, &Option<String>) {
        static NONE: Option<String> = None;
        match self {
            Call::Verify(p) => (&p.api_key, &p.api_secret),
            Call::Check(p) => (&p.api_key, &p.api_secret),
            Call::Control(p) => (&p.api_key, &p.api_secret),
            Call::Search(p) => (&p.api_key, &p.api_secret),
            Call::Psd2(p) => (&p.api_key, &p.api_secret),
            Call::Unblock(_) | Call::Fault(_) => (&NONE, &NONE),
            #[cfg(feature = "v2")]
            _ => (&NONE, &NONE),
        }
    }

    /// Gives the call these credentials where it carries none (an `Authorization: Basic`
    /// header stands for the parameters).
    pub fn default_credentials(&mut self, key: &str, secret: &str) {
        let (k, s) = match self {
            Call::Verify(p) => (&mut p.api_key, &mut p.api_secret),
            Call::Check(p) => (&mut p.api_key, &mut p.api_secret),
            Call::Control(p) => (&mut p.api_key, &mut p.api_secret),
            Call::Search(p) => (&mut p.api_key, &mut p.api_secret),
            Call::Psd2(p) => (&mut p.api_key, &mut p.api_secret),
            Call::Unblock(_) | Call::Fault(_) => return,
            // v2 calls carry no credential parameters.
            #[cfg(feature = "v2")]
            _ => return,
        };
        if given(k).is_none() {
            *k = Some(key.to_owned());
        }
        if given(s).is_none() {
            *s = Some(secret.to_owned());
        }
    }

    /// The endpoint this call goes to.
    pub fn endpoint(&self) -> Endpoint {
        match self {
            Call::Verify(_) => Endpoint::Verify,
            Call::Check(_) => Endpoint::Check,
            Call::Control(_) => Endpoint::Control,
            Call::Search(_) => Endpoint::Search,
            Call::Psd2(_) => Endpoint::Psd2,
            Call::Unblock(_) => Endpoint::Unblock,
            Call::Fault(_) => Endpoint::Fault,
            #[cfg(feature = "v2")]
            Call::Verify2(_) => Endpoint::Verify2,
            #[cfg(feature = "v2")]
            Call::Check2 { .. } => Endpoint::Check2,
            #[cfg(feature = "v2")]
            Call::Cancel2 { .. } => Endpoint::Cancel2,
            #[cfg(feature = "v2")]
            Call::Next2 { .. } => Endpoint::Next2,
            #[cfg(feature = "v2")]
            Call::SilentAuth { .. } => Endpoint::SilentAuth,
            #[cfg(feature = "v2")]
            Call::Reply { .. } => Endpoint::Reply,
        }
    }

    /// The `__example` a v1 or PSD2 call carries (A9), if given.
    pub fn example(&self) -> Option<&str> {
        let example = match self {
            Call::Verify(p) => &p.example,
            Call::Psd2(p) => &p.example,
            Call::Check(p) => &p.example,
            Call::Control(p) => &p.example,
            Call::Search(p) => &p.example,
            _ => return None,
        };
        given(example)
    }

    /// The id a v2 call names (in its path, or the reply's); `None` for v1 calls and
    /// `verify2`.
    #[cfg(feature = "v2")]
    pub fn v2_request_id(&self) -> Option<&str> {
        match self {
            Call::Check2 { request_id, .. }
            | Call::Cancel2 { request_id }
            | Call::Next2 { request_id }
            | Call::SilentAuth { request_id }
            | Call::Reply { request_id, .. } => Some(request_id),
            _ => None,
        }
    }

    /// The parameters that are set, in the API reference's order, as HTTP would carry them
    /// (`request_ids` once per value). Used for the API log, curl and scenario export.
    /// v2 calls give their `request_id` and `code` (a string) or `answer`; a `verify2`
    /// body, being nested JSON, gives nothing here (read the body itself).
    pub fn pairs(&self) -> Vec<(&'static str, &str)> {
        let fields: Vec<(&'static str, &Option<String>)> = match self {
            Call::Unblock(_) | Call::Fault(_) => return Vec::new(),
            #[cfg(feature = "v2")]
            Call::Verify2(_) => return Vec::new(),
            #[cfg(feature = "v2")]
            Call::Check2 { request_id, body } => {
                let mut pairs = vec![("request_id", request_id.as_str())];
                pairs.extend(
                    body.get("code")
                        .and_then(Value::as_str)
                        .map(|c| ("code", c)),
                );
                return pairs;
            }
            #[cfg(feature = "v2")]
            Call::Reply { request_id, answer } => {
                return vec![("request_id", request_id), ("answer", answer)]
            }
            #[cfg(feature = "v2")]
            Call::Cancel2 { request_id }
            | Call::Next2 { request_id }
            | Call::SilentAuth { request_id } => return vec![("request_id", request_id)],
            Call::Verify(p) => vec![
                ("api_key", &p.api_key),
                ("api_secret", &p.api_secret),
                ("number", &p.number),
                ("country", &p.country),
                ("brand", &p.brand),
                ("sender_id", &p.sender_id),
                ("code_length", &p.code_length),
                ("lg", &p.lg),
                ("pin_expiry", &p.pin_expiry),
                ("next_event_wait", &p.next_event_wait),
                ("workflow_id", &p.workflow_id),
                ("pin_code", &p.pin_code),
                ("__example", &p.example),
            ],
            Call::Psd2(p) => vec![
                ("api_key", &p.api_key),
                ("api_secret", &p.api_secret),
                ("number", &p.number),
                ("country", &p.country),
                ("payee", &p.payee),
                ("amount", &p.amount),
                ("code_length", &p.code_length),
                ("lg", &p.lg),
                ("pin_expiry", &p.pin_expiry),
                ("next_event_wait", &p.next_event_wait),
                ("workflow_id", &p.workflow_id),
                ("__example", &p.example),
            ],
            Call::Check(p) => vec![
                ("api_key", &p.api_key),
                ("api_secret", &p.api_secret),
                ("request_id", &p.request_id),
                ("code", &p.code),
                ("__example", &p.example),
            ],
            Call::Control(p) => vec![
                ("api_key", &p.api_key),
                ("api_secret", &p.api_secret),
                ("request_id", &p.request_id),
                ("cmd", &p.cmd),
                ("__example", &p.example),
            ],
            Call::Search(p) => vec![
                ("api_key", &p.api_key),
                ("api_secret", &p.api_secret),
                ("request_id", &p.request_id),
                ("__example", &p.example),
            ],
        };
        let mut pairs: Vec<(&'static str, &str)> = fields
            .into_iter()
            .filter_map(|(name, value)| value.as_deref().map(|v| (name, v)))
            .collect();
        if let Call::Search(p) = self {
            pairs.extend(p.request_ids.iter().map(|id| ("request_ids", id.as_str())));
        }
        pairs
    }
}

/// The value of a parameter, with an empty one counted as missing (Part A2).
pub(crate) fn given(value: &Option<String>) -> Option<&str> {
    value.as_deref().filter(|v| !v.is_empty())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pairs_round_trip_through_from_pairs() {
        let call = Call::from_pairs(
            Endpoint::Search,
            [
                ("request_ids", "a"),
                ("unknown", "x"),
                ("request_ids", "b"),
                ("request_id", "c"),
            ],
        );
        assert_eq!(
            call.pairs(),
            [
                ("request_id", "c"),
                ("request_ids", "a"),
                ("request_ids", "b")
            ]
        );
        let again = Call::from_pairs(Endpoint::Search, call.pairs());
        assert_eq!(again, call);
    }

    #[test]
    fn endpoints_know_their_names_and_paths() {
        assert_eq!(Endpoint::from_name("control"), Some(Endpoint::Control));
        assert_eq!(Endpoint::from_name("psd2"), Some(Endpoint::Psd2));
        assert_eq!(Endpoint::from_name("verify2"), None);
        assert_eq!(Endpoint::Check.path(), "/verify/check/json");
        assert_eq!(
            Call::from_pairs(Endpoint::Verify, []).endpoint(),
            Endpoint::Verify
        );
    }
}
