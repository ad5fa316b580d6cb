//! Verify v2 helpers for the tests: a JWT, a v2 call with it, a start body, the
//! deliveries.

use base64::Engine as _;
use hyper::Method;
use serde_json::{json, Value};

use super::{Answer, Emulator};

/// An `Authorization` header with a JWT naming `application_id` (its signature is never
/// checked).
pub fn jwt(application_id: &str) -> String {
    let b64 = |s: &str| base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(s);
    format!(
        "Bearer {}.{}.{}",
        b64(r#"{"alg":"RS256","typ":"JWT"}"#),
        b64(&format!(
            r#"{{"application_id":"{application_id}","iat":1}}"#
        )),
        b64("signature, never checked")
    )
}

/// Sends a v2 call with a JWT.
pub async fn v2(emulator: &Emulator, method: Method, path: &str, body: &str) -> Answer {
    let auth = jwt("app-1");
    emulator
        .send(
            method,
            path,
            &[
                ("authorization", auth.as_str()),
                ("content-type", "application/json"),
            ],
            body,
        )
        .await
}

/// A start body: sms then voice to `to`.
pub fn sms_voice(to: &str) -> String {
    json!({"brand": "Acme", "workflow": [
        {"channel": "sms", "to": to}, {"channel": "voice", "to": to}
    ]})
    .to_string()
}

/// `/_sim/deliveries` with `query` (`""` or `?number=...`), as a list.
pub async fn deliveries(emulator: &Emulator, query: &str) -> Vec<Value> {
    emulator
        .get(&format!("/_sim/deliveries{query}"))
        .await
        .json()["deliveries"]
        .as_array()
        .expect("a list")
        .clone()
}
