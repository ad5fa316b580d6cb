//! A request's parameters, wherever they come: the query string, a form body or a JSON
//! body (numbers, strings, arrays of them). Anything else in a body is ignored, as the
//! real API ignores what it does not understand; a body that cannot be read adds nothing,
//! so the engine answers with the missing parameter, as the API does.

use axum::http::{header, HeaderMap};
use base64::Engine as _;
use serde_json::Value;

/// Every `(name, value)` the request carries: the query's first, then the body's (which
/// win, coming later).
pub fn pairs(query: Option<&str>, headers: &HeaderMap, body: &[u8]) -> Vec<(String, String)> {
    let mut pairs: Vec<(String, String)> = form_urlencoded::parse(query.unwrap_or("").as_bytes())
        .map(|(k, v)| (k.into_owned(), v.into_owned()))
        .collect();
    match content_type(headers).as_deref() {
        Some("application/x-www-form-urlencoded") => pairs
            .extend(form_urlencoded::parse(body).map(|(k, v)| (k.into_owned(), v.into_owned()))),
        Some("application/json") => {
            if let Ok(Value::Object(object)) = serde_json::from_slice::<Value>(body) {
                for (name, value) in object {
                    match value {
                        Value::Array(items) => {
                            pairs.extend(items.iter().filter_map(text).map(|v| (name.clone(), v)));
                        }
                        other => pairs.extend(text(&other).map(|v| (name, v))),
                    }
                }
            }
        }
        _ => {}
    }
    pairs
}

/// A JSON value as the text a form would carry: strings as they are, numbers and booleans
/// as they print; `null`, arrays and objects carry none.
fn text(value: &Value) -> Option<String> {
    match value {
        Value::String(s) => Some(s.clone()),
        Value::Number(n) => Some(n.to_string()),
        Value::Bool(b) => Some(b.to_string()),
        _ => None,
    }
}

/// The media type of the body, lower case, without parameters (`; charset=...`).
pub fn content_type(headers: &HeaderMap) -> Option<String> {
    let value = headers.get(header::CONTENT_TYPE)?.to_str().ok()?;
    let media = value.split(';').next()?.trim().to_ascii_lowercase();
    Some(media)
}

/// The fault a `Prefer: example=<fault>` header asks for (Prism's convention, which
/// Vonage documents for forcing errors), as the call's `__example` parameter. Several
/// preferences may share the header, separated by commas; the value may be quoted.
pub fn prefer_example(headers: &HeaderMap) -> Option<String> {
    headers
        .get_all("prefer")
        .iter()
        .filter_map(|value| value.to_str().ok())
        .flat_map(|value| value.split([',', ';']))
        .find_map(|preference| {
            let (name, value) = preference.split_once('=')?;
            name.trim()
                .eq_ignore_ascii_case("example")
                .then(|| value.trim().trim_matches('"').to_owned())
        })
}

/// The key and secret of an `Authorization: Basic` header, as today's official SDKs send
/// them.
pub fn basic_auth(headers: &HeaderMap) -> Option<(String, String)> {
    let value = headers.get(header::AUTHORIZATION)?.to_str().ok()?;
    let (scheme, encoded) = value.trim().split_once(' ')?;
    if !scheme.eq_ignore_ascii_case("basic") {
        return None;
    }
    let decoded = base64::engine::general_purpose::STANDARD
        .decode(encoded.trim())
        .ok()?;
    let text = String::from_utf8(decoded).ok()?;
    let (key, secret) = text.split_once(':')?;
    Some((key.to_owned(), secret.to_owned()))
}

#[cfg(test)]
mod tests {
    use super::*;
    use axum::http::HeaderValue;

    fn headers(pairs: &[(header::HeaderName, &str)]) -> HeaderMap {
        let mut map = HeaderMap::new();
        for (name, value) in pairs {
            map.insert(name.clone(), HeaderValue::from_str(value).unwrap());
        }
        map
    }

    #[test]
    fn query_form_and_json_give_the_same_parameters() {
        let none = HeaderMap::new();
        assert_eq!(
            pairs(Some("number=447700900001&brand=A%20B"), &none, b""),
            [
                ("number".into(), "447700900001".into()),
                ("brand".into(), "A B".into())
            ]
        );
        let form = headers(&[(
            header::CONTENT_TYPE,
            "application/x-www-form-urlencoded; charset=utf-8",
        )]);
        assert_eq!(
            pairs(Some("a=1"), &form, b"a=2&workflow_id=3"),
            [
                ("a".into(), "1".into()),
                ("a".into(), "2".into()),
                ("workflow_id".into(), "3".into())
            ]
        );
        let json = headers(&[(header::CONTENT_TYPE, "application/JSON")]);
        assert_eq!(
            pairs(
                None,
                &json,
                br#"{"workflow_id": 2, "brand": "A", "x": null, "request_ids": ["a", 1], "o": {}}"#
            ),
            [
                ("brand".into(), "A".into()),
                ("request_ids".into(), "a".into()),
                ("request_ids".into(), "1".into()),
                ("workflow_id".into(), "2".into()),
            ]
        );
        assert!(pairs(None, &json, b"{broken").is_empty());
        assert!(pairs(None, &json, b"[1, 2]").is_empty());
        let text = headers(&[(header::CONTENT_TYPE, "text/plain")]);
        assert!(pairs(None, &text, b"number=1").is_empty());
        assert_eq!(pairs(Some("n=%FF"), &none, b"")[0].1, "\u{fffd}");
    }

    #[test]
    fn prefer_names_an_example() {
        let prefer = |value: &str| {
            prefer_example(&headers(&[(
                header::HeaderName::from_static("prefer"),
                value,
            )]))
        };
        assert_eq!(prefer("example=throttled").as_deref(), Some("throttled"));
        assert_eq!(
            prefer("code=500, Example=\"blacklist\"").as_deref(),
            Some("blacklist")
        );
        assert_eq!(prefer("respond-async; wait=5"), None);
        assert_eq!(prefer_example(&HeaderMap::new()), None);
    }

    #[test]
    fn basic_credentials_are_read() {
        let auth = headers(&[(header::AUTHORIZATION, "Basic YWJjZDEyMzQ6czNjcmV0")]);
        assert_eq!(
            basic_auth(&auth),
            Some(("abcd1234".into(), "s3cret".into()))
        );
        let bearer = headers(&[(header::AUTHORIZATION, "Bearer x")]);
        assert_eq!(basic_auth(&bearer), None);
        let garbage = headers(&[(header::AUTHORIZATION, "Basic !!!")]);
        assert_eq!(basic_auth(&garbage), None);
    }
}
