//! Who calls Verify v2 (Part C1): an `Authorization: Bearer <JWT>` whose payload names an
//! `application_id` (its signature not checked: the emulator has no public key), or
//! `Basic`, checked only against `--credentials`.

use std::fmt;

use axum::http::{header, HeaderMap};
use base64::Engine as _;
use serde_json::Value;
use verify_engine::Credentials;

use crate::params::basic_auth;

/// Who a v2 call comes from.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Caller {
    /// `Authorization: Bearer <JWT>`: the `application_id` of its payload.
    Application(String),
    /// `Authorization: Basic`: the key.
    Key(String),
}

impl Caller {
    /// The namespace it picks with `--namespaces` (when no `X-Sim-Namespace` header does).
    pub fn namespace(&self) -> &str {
        match self {
            Caller::Application(id) | Caller::Key(id) => id,
        }
    }
}

/// Why a v2 call is refused with 401.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum AuthRefused {
    /// No `Authorization` header.
    Missing,
    /// A scheme other than Bearer or Basic, or a Basic header that does not decode.
    Malformed,
    /// A Bearer token that is not a JWT whose payload is JSON naming an
    /// `application_id`; the text says what is wrong.
    BadToken(&'static str),
    /// Basic credentials other than `--credentials`.
    WrongCredentials,
}

impl fmt::Display for AuthRefused {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            AuthRefused::Missing => f.write_str("no Authorization header"),
            AuthRefused::Malformed => {
                f.write_str("the Authorization header is neither Bearer <JWT> nor Basic")
            }
            AuthRefused::BadToken(why) => write!(f, "the Bearer token {why}"),
            AuthRefused::WrongCredentials => f.write_str("the Basic credentials are wrong"),
        }
    }
}

impl std::error::Error for AuthRefused {}

/// Reads the `Authorization` header of a v2 call. A JWT's signature is not checked (the
/// emulator has no public key): its payload must be base64url JSON with a non-empty
/// string `application_id`. Basic is checked against `credentials` when given, and
/// otherwise any key is accepted, as for v1.
pub fn authorize(
    headers: &HeaderMap,
    credentials: Option<&Credentials>,
) -> Result<Caller, AuthRefused> {
    let value = headers
        .get(header::AUTHORIZATION)
        .ok_or(AuthRefused::Missing)?
        .to_str()
        .map_err(|_| AuthRefused::Malformed)?
        .trim();
    let (scheme, rest) = value.split_once(' ').ok_or(AuthRefused::Malformed)?;
    if scheme.eq_ignore_ascii_case("bearer") {
        return application_id(rest.trim()).map(Caller::Application);
    }
    if !scheme.eq_ignore_ascii_case("basic") {
        return Err(AuthRefused::Malformed);
    }
    let (key, secret) = basic_auth(headers).ok_or(AuthRefused::Malformed)?;
    match credentials {
        Some(c) if c.key != key || c.secret != secret => Err(AuthRefused::WrongCredentials),
        _ if key.is_empty() => Err(AuthRefused::Malformed),
        _ => Ok(Caller::Key(key)),
    }
}

/// The `application_id` of a JWT's payload.
fn application_id(token: &str) -> Result<String, AuthRefused> {
    let mut parts = token.split('.');
    let (Some(_header), Some(payload), Some(_signature), None) =
        (parts.next(), parts.next(), parts.next(), parts.next())
    else {
        return Err(AuthRefused::BadToken(
            "is not a JWT (three parts joined by dots)",
        ));
    };
    let bytes = base64::engine::general_purpose::URL_SAFE_NO_PAD
        .decode(payload.trim_end_matches('='))
        .map_err(|_| AuthRefused::BadToken("has a payload that is not base64url"))?;
    let claims: Value = serde_json::from_slice(&bytes)
        .map_err(|_| AuthRefused::BadToken("has a payload that is not JSON"))?;
    match claims.get("application_id").and_then(Value::as_str) {
        Some(id) if !id.is_empty() => Ok(id.to_owned()),
        _ => Err(AuthRefused::BadToken("names no application_id")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use axum::http::HeaderValue;

    fn headers(authorization: &str) -> HeaderMap {
        let mut map = HeaderMap::new();
        map.insert(
            header::AUTHORIZATION,
            HeaderValue::from_str(authorization).unwrap(),
        );
        map
    }

    fn jwt(payload: &str) -> String {
        let b64 = |s: &str| base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(s);
        format!(
            "Bearer {}.{}.{}",
            b64(r#"{"alg":"RS256","typ":"JWT"}"#),
            b64(payload),
            b64("not checked")
        )
    }

    #[test]
    fn a_jwt_is_read_for_its_application_id_and_never_verified() {
        assert_eq!(
            authorize(
                &headers(&jwt(r#"{"application_id":"app-1","iat":1}"#)),
                None
            ),
            Ok(Caller::Application("app-1".into()))
        );
        assert_eq!(
            authorize(&headers(&jwt(r#"{"iat":1}"#)), None),
            Err(AuthRefused::BadToken("names no application_id"))
        );
        assert_eq!(
            authorize(&headers(&jwt("not json")), None),
            Err(AuthRefused::BadToken("has a payload that is not JSON"))
        );
        assert!(matches!(
            authorize(&headers("Bearer abc"), None),
            Err(AuthRefused::BadToken(_))
        ));
        assert!(matches!(
            authorize(&headers("Bearer a.%%%.c"), None),
            Err(AuthRefused::BadToken(_))
        ));
        assert_eq!(
            authorize(&HeaderMap::new(), None),
            Err(AuthRefused::Missing)
        );
        assert_eq!(
            authorize(&headers("Token x"), None),
            Err(AuthRefused::Malformed)
        );
    }

    #[test]
    fn basic_is_checked_only_against_given_credentials() {
        let basic = |k: &str, s: &str| {
            headers(&format!(
                "Basic {}",
                base64::engine::general_purpose::STANDARD.encode(format!("{k}:{s}"))
            ))
        };
        assert_eq!(
            authorize(&basic("key", "anything"), None),
            Ok(Caller::Key("key".into()))
        );
        let credentials = Credentials::parse("key:secret").unwrap();
        assert_eq!(
            authorize(&basic("key", "secret"), Some(&credentials)),
            Ok(Caller::Key("key".into()))
        );
        assert_eq!(
            authorize(&basic("key", "wrong"), Some(&credentials)),
            Err(AuthRefused::WrongCredentials)
        );
        assert_eq!(
            authorize(&headers("Basic !!!"), None),
            Err(AuthRefused::Malformed)
        );
    }
}
