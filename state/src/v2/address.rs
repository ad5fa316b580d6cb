//! The v2 view's address follows its form: `#v2?brand=Shop&channel2=whatsapp` holds the
//! fields changed from the defaults, so a link opens the same form.

use super::form::{V2Field, V2Form};

/// The address's fragment (without `#`) for `form`: `v2`, then `?` and the changed
/// fields, each `key=value` percent-encoded as `encodeURIComponent` writes it.
pub fn form_fragment(form: &V2Form) -> String {
    let parts: Vec<String> = form
        .changed()
        .into_iter()
        .map(|(key, value)| format!("{key}={}", encode(value)))
        .collect();
    if parts.is_empty() {
        "v2".to_owned()
    } else {
        format!("v2?{}", parts.join("&"))
    }
}

/// The form a fragment (`v2?...`, `#` optional) asks for: the defaults, with each known
/// field it names set as given (unknown names are ignored, as the API ignores them).
pub fn form_from_fragment(fragment: &str) -> V2Form {
    let mut form = V2Form::default();
    let query = fragment
        .trim_start_matches('#')
        .split_once('?')
        .map_or("", |(_, query)| query);
    for pair in query.split('&').filter(|p| !p.is_empty()) {
        let (key, value) = pair.split_once('=').unwrap_or((pair, ""));
        if let Some(field) = V2Field::from_key(&decode(key)) {
            form.set(field, decode(value));
        }
    }
    form
}

/// As `encodeURIComponent`: unreserved bytes kept, every other byte `%XX`.
fn encode(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for byte in text.bytes() {
        if byte.is_ascii_alphanumeric() || b"-_.!~*'()".contains(&byte) {
            out.push(char::from(byte));
        } else {
            out.push_str(&format!("%{byte:02X}"));
        }
    }
    out
}

/// As `decodeURIComponent`, `+` read as a space; text it cannot decode is kept as is.
fn decode(text: &str) -> String {
    let spaced = text.replace('+', " ");
    let bytes = spaced.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' {
            match spaced
                .get(i + 1..i + 3)
                .and_then(|h| u8::from_str_radix(h, 16).ok())
            {
                Some(byte) => {
                    out.push(byte);
                    i += 3;
                    continue;
                }
                None => return spaced,
            }
        }
        out.push(bytes[i]);
        i += 1;
    }
    String::from_utf8(out).unwrap_or(spaced)
}

/// The fragment (without `#`) of a link to a shared session: `v2/share=CODE`, CODE the
/// compressed session (base64url).
pub fn share_fragment(code: &str) -> String {
    format!("v2/share={code}")
}

/// The CODE of a [`share_fragment`] (`#` optional); `None` for any other fragment.
pub fn shared_code(fragment: &str) -> Option<&str> {
    fragment
        .trim_start_matches('#')
        .strip_prefix("v2/share=")
        .filter(|code| !code.is_empty())
}
