//! Which endpoint a call goes to: its scenario name, its path and its method.

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
    /// `/verify/psd2/json`: a payment's verification (Part A7); answers as `Verify`.
    Psd2,
    /// v2 `POST /v2/verify`
    Verify2,
    /// v2 `POST /v2/verify/{request_id}`
    Check2,
    /// v2 `DELETE /v2/verify/{request_id}`
    Cancel2,
    /// v2 `POST /v2/verify/{request_id}/next_workflow`
    Next2,
    /// v2 `GET /v2/verify/{request_id}/silent-auth/redirect`
    SilentAuth,
    /// The phone's answer to a whatsapp_interactive step (the emulator's `/_sim/reply`)
    Reply,
}

impl Endpoint {
    /// The v2 endpoints, in Part C's order.
    pub const V2: [Endpoint; 6] = [
        Endpoint::Verify2,
        Endpoint::Check2,
        Endpoint::Cancel2,
        Endpoint::Next2,
        Endpoint::SilentAuth,
        Endpoint::Reply,
    ];

    /// The name scenarios use (`verify`, `check`, `control`, `search`, `psd2`; v2: `verify2`, `check2`, `cancel2`, `next2`, `silent_auth`, `reply`).
    pub fn name(self) -> &'static str {
        match self {
            Endpoint::Verify => "verify",
            Endpoint::Check => "check",
            Endpoint::Control => "control",
            Endpoint::Search => "search",
            Endpoint::Psd2 => "psd2",
            Endpoint::Verify2 => "verify2",
            Endpoint::Check2 => "check2",
            Endpoint::Cancel2 => "cancel2",
            Endpoint::Next2 => "next2",
            Endpoint::SilentAuth => "silent_auth",
            Endpoint::Reply => "reply",
        }
    }

    /// Whether it is a Verify v2 endpoint (JSON bodies, HTTP statuses, problems).
    pub fn is_v2(self) -> bool {
        Endpoint::V2.contains(&self)
    }

    /// The v2 endpoint for a scenario name (`verify2`, ..., `reply`).
    pub fn from_v2_name(name: &str) -> Option<Endpoint> {
        Endpoint::V2.into_iter().find(|e| e.name() == name)
    }

    /// The v1 endpoint for a scenario name: only the five whose parameters are flat text
    /// (`verify`, `check`, `control`, `search`, `psd2`; v2 steps carry JSON and are read
    /// by [`Endpoint::from_v2_name`]), so
    /// readers of v1 calls keep refusing the other names.
    pub fn from_name(name: &str) -> Option<Endpoint> {
        [
            Endpoint::Verify,
            Endpoint::Check,
            Endpoint::Control,
            Endpoint::Search,
            Endpoint::Psd2,
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
            Endpoint::Psd2 => "/verify/psd2/json",
            Endpoint::Verify2 => "/v2/verify",
            Endpoint::Check2 | Endpoint::Cancel2 => "/v2/verify/{request_id}",
            Endpoint::Next2 => "/v2/verify/{request_id}/next_workflow",
            Endpoint::SilentAuth => "/v2/verify/{request_id}/silent-auth/redirect",
            Endpoint::Reply => "/_sim/reply",
        }
    }

    /// The HTTP method the API reference documents (both verbs work on v1).
    pub fn method(self) -> &'static str {
        match self {
            Endpoint::Search | Endpoint::SilentAuth => "GET",
            Endpoint::Cancel2 => "DELETE",
            _ => "POST",
        }
    }
}
