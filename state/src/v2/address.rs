//! The v2 view's address follows its form: `#v2?brand=Shop&channel2=whatsapp` holds the
//! fields changed from the defaults, so a link opens the same form; `embed` added
//! (`#v2?brand=Shop&embed`, or `#v2/share=CODE?embed` with a shared session) asks for the
//! compact page documentation embeds. The query is read and written by v1's reader
//! ([`crate::address::query_pairs`], [`encode`]), so both views read an address the same
//! way.

use super::form::{V2Field, V2Form};
use crate::address::{embed_asked, encode, query_pairs};

/// The address's fragment (without `#`) for `form`: `v2`, then `?` and the changed
/// fields, each `key=value` percent-encoded as `encodeURIComponent` writes it, then
/// `embed` if `embed`.
pub fn form_fragment_for(form: &V2Form, embed: bool) -> String {
    let mut parts: Vec<String> = form
        .changed()
        .into_iter()
        .map(|(key, value)| format!("{key}={}", encode(value)))
        .collect();
    if embed {
        parts.push("embed".to_owned());
    }
    if parts.is_empty() {
        "v2".to_owned()
    } else {
        format!("v2?{}", parts.join("&"))
    }
}

/// The fragment of the full page for `form` ([`form_fragment_for`], not embedded).
pub fn form_fragment(form: &V2Form) -> String {
    form_fragment_for(form, false)
}

/// The query of a fragment (`v2?...`, `#` optional): what follows `?`.
fn query(fragment: &str) -> &str {
    fragment
        .trim_start_matches('#')
        .split_once('?')
        .map_or("", |(_, query)| query)
}

/// The form a fragment (`v2?...`, `#` optional) asks for: the defaults, with each known
/// field it names set as given (unknown names are ignored, as the API ignores them).
pub fn form_from_fragment(fragment: &str) -> V2Form {
    let mut form = V2Form::default();
    for (key, value) in query_pairs(query(fragment)) {
        if let Some(field) = V2Field::from_key(&key) {
            form.set(field, value);
        }
    }
    form
}

/// Whether a fragment asks for the embedded page (`#v2?embed`, `#v2?brand=A&embed=1`; as
/// v1's `?embed`, `embed=0` and `embed=false` do not).
pub fn embedded(fragment: &str) -> bool {
    query_pairs(query(fragment)).any(|(key, value)| key == "embed" && embed_asked(&value))
}

/// The fragment (without `#`) of a link to a shared session: `v2/share=CODE`, CODE the
/// compressed session (base64url).
pub fn share_fragment(code: &str) -> String {
    format!("v2/share={code}")
}

/// The fragment of the embedded page opening a shared session: `v2/share=CODE?embed`
/// ("Copy embed code" once a session has calls, as v1's embed carries its session).
pub fn embed_share_fragment(code: &str) -> String {
    format!("{}?embed", share_fragment(code))
}

/// The CODE of a [`share_fragment`] or an [`embed_share_fragment`] (`#` optional);
/// `None` for any other fragment.
pub fn shared_code(fragment: &str) -> Option<&str> {
    fragment
        .trim_start_matches('#')
        .strip_prefix("v2/share=")
        .map(|rest| rest.split_once('?').map_or(rest, |(code, _)| code))
        .filter(|code| !code.is_empty())
}
