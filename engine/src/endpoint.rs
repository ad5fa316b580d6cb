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
    /// `POST /verify/network-unblock` (Part A8): a JSON body, answered 202, 404 or 422.
    Unblock,
    /// A fault set, cleared or removed (Part A8): the emulator's `/_sim/faults`, a
    /// scenario's `fault` step. Recorded like any call, so a replay fails alike.
    Fault,
    /// v2 `POST /v2/verify`
    #[cfg(feature = "v2")]
    Verify2,
    /// v2 `POST /v2/verify/{request_id}`
    #[cfg(feature = "v2")]
    Check2,
    /// v2 `DELETE /v2/verify/{request_id}`
    #[cfg(feature = "v2")]
    Cancel2,
    /// v2 `POST /v2/verify/{request_id}/next_workflow`
    #[cfg(feature = "v2")]
    Next2,
    /// v2 `GET /v2/verify/{request_id}/silent-auth/redirect`
    #[cfg(feature = "v2")]
    SilentAuth,
    /// The phone's answer to a whatsapp_interactive step (the emulator's `/_sim/reply`)
    #[cfg(feature = "v2")]
    Reply,
}

impl Endpoint {
    /// The v2 endpoints, in Part C's order.
    #[cfg(feature = "v2")]
    pub const V2: [Endpoint; 6] = [
        Endpoint::Verify2,
        Endpoint::Check2,
        Endpoint::Cancel2,
        Endpoint::Next2,
        Endpoint::SilentAuth,
        Endpoint::Reply,
    ];

    /// The name scenarios use (`verify`, `check`, `control`, `search`, `psd2`, `unblock`,
    /// `fault`; v2: `verify2`, `check2`, `cancel2`, `next2`, `silent_auth`, `reply`).
    pub fn name(self) -> &'static str {
        match self {
            Endpoint::Verify => "verify",
            Endpoint::Check => "check",
            Endpoint::Control => "control",
            Endpoint::Search => "search",
            Endpoint::Psd2 => "psd2",
            Endpoint::Unblock => "unblock",
            Endpoint::Fault => "fault",
            #[cfg(feature = "v2")]
            Endpoint::Verify2 => "verify2",
            #[cfg(feature = "v2")]
            Endpoint::Check2 => "check2",
            #[cfg(feature = "v2")]
            Endpoint::Cancel2 => "cancel2",
            #[cfg(feature = "v2")]
            Endpoint::Next2 => "next2",
            #[cfg(feature = "v2")]
            Endpoint::SilentAuth => "silent_auth",
            #[cfg(feature = "v2")]
            Endpoint::Reply => "reply",
        }
    }

    /// Whether it is a Verify v2 endpoint (JSON bodies, HTTP statuses, problems).
    #[cfg(feature = "v2")]
    pub fn is_v2(self) -> bool {
        Endpoint::V2.contains(&self)
    }

    /// The v2 endpoint for a scenario name (`verify2`, ..., `reply`).
    #[cfg(feature = "v2")]
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
            Endpoint::Unblock => "/verify/network-unblock",
            Endpoint::Fault => "/_sim/faults",
            #[cfg(feature = "v2")]
            Endpoint::Verify2 => "/v2/verify",
            #[cfg(feature = "v2")]
            Endpoint::Check2 | Endpoint::Cancel2 => "/v2/verify/{request_id}",
            #[cfg(feature = "v2")]
            Endpoint::Next2 => "/v2/verify/{request_id}/next_workflow",
            #[cfg(feature = "v2")]
            Endpoint::SilentAuth => "/v2/verify/{request_id}/silent-auth/redirect",
            #[cfg(feature = "v2")]
            Endpoint::Reply => "/_sim/reply",
        }
    }

    /// The HTTP method the API reference documents (both verbs work on v1).
    pub fn method(self) -> &'static str {
        match self {
            Endpoint::Search => "GET",
            #[cfg(feature = "v2")]
            Endpoint::SilentAuth => "GET",
            #[cfg(feature = "v2")]
            Endpoint::Cancel2 => "DELETE",
            _ => "POST",
        }
    }
}
