//! Credentials, for an emulator that checks them (`verify-server --credentials`). The
//! simulator itself is open: nothing here runs unless a shell asks for it.

use thiserror::Error;

use crate::params::{given, Call};
use crate::response::Body;

/// The `api_key` and `api_secret` an emulator accepts.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Credentials {
    /// The key.
    pub key: String,
    /// The secret.
    pub secret: String,
}

/// Why the real API refuses a call's credentials (Part B, status codes 2 and 4).
#[derive(Clone, Copy, Debug, Error, PartialEq, Eq)]
pub enum AuthError {
    /// No `api_key`, or an empty one (status 2).
    #[error("Missing api_key")]
    MissingKey,
    /// No `api_secret`, or an empty one (status 2).
    #[error("Your request is incomplete and missing some mandatory parameters")]
    MissingSecret,
    /// A key or secret that is not the account's (status 4).
    #[error("Bad Credentials")]
    Bad,
}

impl AuthError {
    /// The API's `status` code.
    pub fn status(self) -> u8 {
        match self {
            AuthError::MissingKey | AuthError::MissingSecret => 2,
            AuthError::Bad => 4,
        }
    }

    /// What the error means, in plain words.
    pub fn explain(self) -> &'static str {
        match self {
            AuthError::MissingKey => "The API needs your account's api_key, as a parameter or in a Basic Authorization header.",
            AuthError::MissingSecret => "The API needs your account's api_secret with the api_key.",
            AuthError::Bad => "The api_key and api_secret are not those of the account.",
        }
    }

    /// The answer's JSON body, shaped as `call`'s endpoint shapes its errors.
    pub fn body(self, call: &Call) -> Body {
        let (status, error_text) = (self.status().to_string(), self.to_string());
        match call {
            Call::Control(_) => Body::Failed { status, error_text },
            Call::Check(p) => Body::Error {
                request_id: p.request_id.clone().unwrap_or_default(),
                status,
                error_text,
            },
            // v2 calls: the emulator answers 401 with `v2::ProblemKind::Unauthorized`.
            _ => Body::Error {
                request_id: String::new(),
                status,
                error_text,
            },
        }
    }
}

impl Credentials {
    /// Reads `KEY:SECRET`; both must be non-empty.
    pub fn parse(text: &str) -> Option<Credentials> {
        let (key, secret) = text.split_once(':')?;
        (!key.is_empty() && !secret.is_empty()).then(|| Credentials {
            key: key.to_owned(),
            secret: secret.to_owned(),
        })
    }

    /// Checks the credentials a call carries, as the real API does before anything else.
    pub fn check(&self, call: &Call) -> Result<(), AuthError> {
        let (key, secret) = call.credentials();
        let key = given(key).ok_or(AuthError::MissingKey)?;
        let secret = given(secret).ok_or(AuthError::MissingSecret)?;
        if key == self.key && secret == self.secret {
            Ok(())
        } else {
            Err(AuthError::Bad)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::params::Endpoint;

    #[test]
    fn missing_then_wrong_credentials_answer_as_the_api_does() {
        let credentials = Credentials::parse("abcd1234:s3cret").unwrap();
        let call =
            |pairs: &[(&str, &str)]| Call::from_pairs(Endpoint::Check, pairs.iter().copied());
        assert_eq!(credentials.check(&call(&[])), Err(AuthError::MissingKey));
        assert_eq!(
            credentials.check(&call(&[("api_key", "abcd1234"), ("api_secret", "")])),
            Err(AuthError::MissingSecret)
        );
        assert_eq!(
            credentials.check(&call(&[("api_key", "abcd1234"), ("api_secret", "no")])),
            Err(AuthError::Bad)
        );
        assert_eq!(
            credentials.check(&call(&[("api_key", "abcd1234"), ("api_secret", "s3cret")])),
            Ok(())
        );
        let body =
            serde_json::to_string(&AuthError::Bad.body(&call(&[("request_id", "x")]))).unwrap();
        assert_eq!(
            body,
            r#"{"request_id":"x","status":"4","error_text":"Bad Credentials"}"#
        );
        let control = Call::from_pairs(Endpoint::Control, []);
        let body = serde_json::to_string(&AuthError::MissingKey.body(&control)).unwrap();
        assert_eq!(body, r#"{"status":"2","error_text":"Missing api_key"}"#);
        assert_eq!(Credentials::parse("nocolon"), None);
        assert_eq!(Credentials::parse(":x"), None);
    }
}
