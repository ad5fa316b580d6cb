//! The page's address as the state reads and writes it: the form's settings in the query
//! (`?workflow_id=3&pin_expiry=240`), `?embed` for the compact layout, `?scenario=...` to
//! replay a scenario, `?ns=` for the emulator's namespace and `?signal=sms-lost` for the
//! phone's Signal (a preset the page applies once, as the Reach lab's rows open it). Text
//! in, text out: the browser's address bar is the platform's.
//!
//! [`query_pairs`] and [`encode`] are the page's one reader and writer of query
//! components: the `#v2` view's address (`crate::v2::address`) uses them too.

use crate::form::{Field, FormValues};
use crate::saved::UrlSettings;
use crate::signal::Signal;

/// Characters `encodeURIComponent` leaves as they are.
fn unreserved(byte: u8) -> bool {
    byte.is_ascii_alphanumeric() || b"-_.!~*'()".contains(&byte)
}

/// A query component, `+` read as a space and `%XX` as bytes of UTF-8, as
/// `decodeURIComponent` reads it; text it cannot decode is kept as it is.
fn decode(text: &str) -> String {
    let spaced = text.replace('+', " ");
    let bytes = spaced.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' {
            let hex = spaced.get(i + 1..i + 3);
            match hex.and_then(|h| u8::from_str_radix(h, 16).ok()) {
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

/// A query component as `encodeURIComponent` writes it.
pub fn encode(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for byte in text.bytes() {
        if unreserved(byte) {
            out.push(char::from(byte));
        } else {
            out.push_str(&format!("%{byte:02X}"));
        }
    }
    out
}

/// The `name=value` pairs of a query string (without `?`), in order, each side decoded
/// as `decodeURIComponent` reads it (`+` as a space); a pair without `=` has an empty
/// value, and empty pairs (`a=1&&b=2`) are skipped.
pub fn query_pairs(query: &str) -> impl Iterator<Item = (String, String)> + '_ {
    query.split('&').filter(|p| !p.is_empty()).map(|pair| {
        let (name, value) = pair.split_once('=').unwrap_or((pair, ""));
        (decode(name), decode(value))
    })
}

/// Whether an `embed` parameter's value asks for the compact layout: `?embed`,
/// `?embed=1`, anything but `0` and `false`.
pub fn embed_asked(value: &str) -> bool {
    value != "0" && value != "false"
}

/// Reads a query string (without `?`).
pub fn parse_query(query: &str) -> UrlSettings {
    let mut settings = UrlSettings::default();
    for (name, value) in query_pairs(query) {
        if name == "embed" {
            settings.embed = embed_asked(&value);
        } else if name == "scenario" {
            settings.scenario = Some(value);
        } else if name == "ns" {
            settings.namespace = Some(value);
        } else if name == "signal" {
            settings.signal = Signal::from_key(&value);
        } else if let Some(field) = Field::from_param(&name) {
            settings.form.push((field, value));
        }
    }
    settings
}

/// The query that holds the form's settings (only those changed from the defaults), and
/// the layout and namespace, which the address keeps.
pub fn settings_query(form: &FormValues, embed: bool, namespace: Option<&str>) -> String {
    let mut parts: Vec<String> = form
        .changed()
        .into_iter()
        .map(|(name, value)| format!("{name}={}", encode(value)))
        .collect();
    if embed {
        parts.push("embed".into());
    }
    if let Some(ns) = namespace {
        parts.push(format!("ns={}", encode(ns)));
    }
    parts.join("&")
}

/// The query that opens the playground with the form's settings and the phone's Signal
/// set to `signal` (a preset: the page applies it once, then its address keeps only the
/// form's settings).
pub fn preset_query(form: &FormValues, signal: Signal) -> String {
    let settings = settings_query(form, false, None);
    let preset = format!("signal={}", encode(signal.key()));
    if settings.is_empty() {
        preset
    } else {
        format!("{settings}&{preset}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn components_are_coded_as_the_browser_codes_them() {
        for (text, coded) in [
            ("Acme & Co", "Acme%20%26%20Co"),
            ("café", "caf%C3%A9"),
            ("a-b_c.d!e~f*g'h(i)", "a-b_c.d!e~f*g'h(i)"),
        ] {
            assert_eq!(encode(text), coded);
            assert_eq!(decode(coded), text);
        }
        assert_eq!(decode("Acme+Co"), "Acme Co");
        assert_eq!(decode("100%"), "100%", "a lone % is kept");
        assert_eq!(decode("%E2%82"), "%E2%82", "cut UTF-8 is kept");
    }

    #[test]
    fn a_query_is_read_pair_by_pair_decoded() {
        let pairs: Vec<(String, String)> = query_pairs("a=1&&b&c%20d=e+f&=g").collect();
        let expected = [("a", "1"), ("b", ""), ("c d", "e f"), ("", "g")];
        assert_eq!(
            pairs,
            expected.map(|(n, v)| (n.to_owned(), v.to_owned())).to_vec()
        );
        assert!(embed_asked("") && embed_asked("1") && embed_asked("yes"));
        assert!(!embed_asked("0") && !embed_asked("false"));
    }
}
