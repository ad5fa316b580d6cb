//! `POST /verify/network-unblock` (A8, A9): lifts every network-blocked fault on a
//! network. 202 `{"network","unblocked_until"}` when there was one, 404 when there was
//! none (a blacklist is not a block), 422 for a body without `network` or with a
//! duration that is not a whole number of seconds from 0 to 86400. The problems'
//! `instance` is 32 lowercase hex from the seed.

use serde::Serialize;
use serde_json::Value;
use thiserror::Error;

use crate::engine::Engine;
use crate::time::{Millis, SECOND};

/// How long an unblock lasts when no duration is given, in seconds.
const DEFAULT_DURATION: u32 = 3600;
/// The longest unblock, in seconds.
const MAX_DURATION: u32 = 86_400;

/// An unblock's body, read: the network and how long it stays unblocked.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct UnblockRequest {
    /// The network, compared as text (a JSON number is taken as the text it prints as).
    pub network: String,
    /// Seconds: `unblock_duration`, else `duration`, else 3600.
    pub duration: u32,
}

/// The 202 answer.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Unblocked {
    /// The network as given.
    pub network: String,
    /// `YYYY-MM-DDTHH:MM:SSZ`: the start date, plus the whole seconds of now, plus the
    /// duration.
    pub unblocked_until: String,
}

/// A refused unblock's body (RFC 7807): `type`, `title`, `detail`, `instance`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[allow(missing_docs)] // each field is the JSON field of the same name
pub struct UnblockProblem {
    pub r#type: &'static str,
    pub title: &'static str,
    pub detail: String,
    pub instance: String,
}

/// An unblock refused, with its problem's `instance`.
#[derive(Clone, Debug, Error, PartialEq, Eq)]
pub enum UnblockError {
    /// 422: no `network`, or a duration that is not a whole number from 0 to 86400.
    #[error("Unblock duration is invalid.")]
    Invalid {
        /// The problem's `instance`.
        instance: String,
    },
    /// 404: no network-blocked fault is in force on that network.
    #[error("The network you provided does not have an active block.")]
    NotFound {
        /// The problem's `instance`.
        instance: String,
    },
}

impl UnblockRequest {
    /// Reads the body (`null` is absent). `None` answers 422.
    pub fn from_json(body: &Value) -> Option<UnblockRequest> {
        let field = |name: &str| body.get(name).filter(|v| !v.is_null());
        let network = match field("network")? {
            Value::String(s) if !s.is_empty() => s.clone(),
            Value::Number(n) => n.to_string(),
            _ => return None,
        };
        let duration = match field("unblock_duration").or_else(|| field("duration")) {
            None => DEFAULT_DURATION,
            Some(value) => value
                .as_u64()
                .and_then(|d| u32::try_from(d).ok())
                .filter(|&d| d <= MAX_DURATION)?,
        };
        Some(UnblockRequest { network, duration })
    }
}

impl UnblockError {
    /// The HTTP status: 422 or 404.
    pub fn http_status(&self) -> u16 {
        match self {
            UnblockError::Invalid { .. } => 422,
            UnblockError::NotFound { .. } => 404,
        }
    }

    /// The problem body, fields in the API's order.
    pub fn body(&self) -> UnblockProblem {
        let (r#type, title, instance) = match self {
            UnblockError::Invalid { instance } => (
                "https://developer.vonage.com/api-errors#invalid-params",
                "Invalid unblock_duration parameter",
                instance,
            ),
            UnblockError::NotFound { instance } => (
                "https://developer.vonage.com/api-errors#bad-request",
                "Not Found",
                instance,
            ),
        };
        UnblockProblem {
            r#type,
            title,
            detail: self.to_string(),
            instance: instance.clone(),
        }
    }

    /// What it means, in plain words.
    pub fn explain(&self) -> String {
        match self {
            UnblockError::Invalid { .. } => "An unblock needs a network, and a duration (if \
                 any) of whole seconds from 0 to 86400."
                .into(),
            UnblockError::NotFound { .. } => "No network-blocked fault is in force on this \
                 network (a blacklist is not a block)."
                .into(),
        }
    }
}

impl Engine {
    /// `POST /verify/network-unblock` with this JSON body: every network-blocked fault
    /// on the network is removed for good.
    pub fn unblock(&mut self, body: &Value) -> Result<Unblocked, UnblockError> {
        let Some(request) = UnblockRequest::from_json(body) else {
            return Err(UnblockError::Invalid {
                instance: self.hex_instance(),
            });
        };
        if !self.faults.unblock(&request.network) {
            return Err(UnblockError::NotFound {
                instance: self.hex_instance(),
            });
        }
        let whole_now: Millis = self.now / SECOND * SECOND;
        let until = self
            .start
            .at(whole_now + Millis::from(request.duration) * SECOND);
        Ok(Unblocked {
            network: request.network,
            unblocked_until: format!("{}Z", until.to_string().replacen(' ', "T", 1)),
        })
    }

    /// A problem's `instance`: 32 lowercase hex from the seed.
    fn hex_instance(&mut self) -> String {
        format!("{:032x}", self.rng.u128(..))
    }
}
