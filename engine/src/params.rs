//! The four calls, with their parameters exactly as the HTTP API receives them: text.
//! Nothing here is checked yet; the engine answers bad values as the real API does.

use serde::{Deserialize, Serialize};

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
}

/// Parameters of `/verify/check/json`.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[allow(missing_docs)]
pub struct CheckParams {
    pub request_id: Option<String>,
    pub code: Option<String>,
    pub api_key: Option<String>,
    pub api_secret: Option<String>,
}

/// Parameters of `/verify/control/json`.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[allow(missing_docs)]
pub struct ControlParams {
    pub request_id: Option<String>,
    pub cmd: Option<String>,
    pub api_key: Option<String>,
    pub api_secret: Option<String>,
}

/// Parameters of `/verify/search/json`; `request_ids` is the repeated HTTP parameter.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[allow(missing_docs)]
pub struct SearchParams {
    pub request_id: Option<String>,
    pub request_ids: Vec<String>,
    pub api_key: Option<String>,
    pub api_secret: Option<String>,
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
}

/// Which endpoint a call goes to.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Endpoint {
    /// `/verify/json`
    Verify,
    /// `/verify/check/json`
    Check,
    /// `/verify/control/json`
    Control,
    /// `/verify/search/json`
    Search,
}

impl Endpoint {
    /// The name scenarios use (`verify`, `check`, `control`, `search`).
    pub fn name(self) -> &'static str {
        match self {
            Endpoint::Verify => "verify",
            Endpoint::Check => "check",
            Endpoint::Control => "control",
            Endpoint::Search => "search",
        }
    }

    /// The endpoint for a scenario name.
    pub fn from_name(name: &str) -> Option<Endpoint> {
        [
            Endpoint::Verify,
            Endpoint::Check,
            Endpoint::Control,
            Endpoint::Search,
        ]
        .into_iter()
        .find(|e| e.name() == name)
    }

    /// The path on `https://api.nexmo.com`.
    pub fn path(self) -> &'static str {
        match self {
            Endpoint::Verify => "/verify/json",
            Endpoint::Check => "/verify/check/json",
            Endpoint::Control => "/verify/control/json",
            Endpoint::Search => "/verify/search/json",
        }
    }

    /// The HTTP method the API reference documents (both verbs work on the real API).
    pub fn method(self) -> &'static str {
        match self {
            Endpoint::Search => "GET",
            _ => "POST",
        }
    }
}

impl Call {
    /// Builds a call from HTTP-style parameters. Unknown names are ignored, as the API
    /// ignores them; a repeated name keeps its last value, except `request_ids`, which
    /// collects every value.
    pub fn from_pairs<'a>(
        endpoint: Endpoint,
        pairs: impl IntoIterator<Item = (&'a str, &'a str)>,
    ) -> Call {
        let mut call = match endpoint {
            Endpoint::Verify => Call::Verify(VerifyParams::default()),
            Endpoint::Check => Call::Check(CheckParams::default()),
            Endpoint::Control => Call::Control(ControlParams::default()),
            Endpoint::Search => Call::Search(SearchParams::default()),
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
            (Call::Verify(p), "api_key") => &mut p.api_key,
            (Call::Verify(p), "api_secret") => &mut p.api_secret,
            (Call::Check(p), "api_key") => &mut p.api_key,
            (Call::Check(p), "api_secret") => &mut p.api_secret,
            (Call::Control(p), "api_key") => &mut p.api_key,
            (Call::Control(p), "api_secret") => &mut p.api_secret,
            (Call::Search(p), "api_key") => &mut p.api_key,
            (Call::Search(p), "api_secret") => &mut p.api_secret,
            _ => return None,
        })
    }

    /// The `api_key` and `api_secret` the call carries.
    pub fn credentials(&self) -> (&Option<String>, &Option<String>) {
        match self {
            Call::Verify(p) => (&p.api_key, &p.api_secret),
            Call::Check(p) => (&p.api_key, &p.api_secret),
            Call::Control(p) => (&p.api_key, &p.api_secret),
            Call::Search(p) => (&p.api_key, &p.api_secret),
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
        }
    }

    /// The parameters that are set, in the API reference's order, as HTTP would carry them
    /// (`request_ids` once per value). Used for the API log, curl and scenario export.
    pub fn pairs(&self) -> Vec<(&'static str, &str)> {
        let fields: Vec<(&'static str, &Option<String>)> = match self {
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
            ],
            Call::Check(p) => vec![
                ("api_key", &p.api_key),
                ("api_secret", &p.api_secret),
                ("request_id", &p.request_id),
                ("code", &p.code),
            ],
            Call::Control(p) => vec![
                ("api_key", &p.api_key),
                ("api_secret", &p.api_secret),
                ("request_id", &p.request_id),
                ("cmd", &p.cmd),
            ],
            Call::Search(p) => vec![
                ("api_key", &p.api_key),
                ("api_secret", &p.api_secret),
                ("request_id", &p.request_id),
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
        assert_eq!(Endpoint::from_name("psd2"), None);
        assert_eq!(Endpoint::Check.path(), "/verify/check/json");
        assert_eq!(
            Call::from_pairs(Endpoint::Verify, []).endpoint(),
            Endpoint::Verify
        );
    }
}
