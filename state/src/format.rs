//! Small text helpers: simulated time as people read it, and calls as `curl` commands.

use verify_engine::{Call, Millis, RequestId, SECOND};

/// Simulated time as `m:ss` (`0:00`, `2:05`, `75:00`), fractions rounded down: the
/// engine's own way of writing it.
pub use verify_engine::clock;

/// The CSS class of a status word: `IN PROGRESS` -> `in-progress` (ASCII only: the words
/// are the API's).
pub fn status_class(word: &str) -> String {
    word.to_ascii_lowercase().replace(' ', "-")
}

/// A count with thousands separated: `15,003` (the playground's lists, the lab's users).
pub fn count(n: u64) -> String {
    let digits = n.to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

/// Seconds with at most one decimal: `125 s`, `0.5 s`.
pub fn seconds(span: Millis) -> String {
    if span.is_multiple_of(SECOND) {
        format!("{} s", span / SECOND)
    } else {
        format!("{:.1} s", span as f64 / SECOND as f64)
    }
}

/// The last 6 characters of a request id, enough to tell requests apart on screen.
pub fn short_id(id: RequestId) -> String {
    let text = id.to_string();
    format!("…{}", &text[text.len() - 6..])
}

/// The host the real API lives on.
pub const API_HOST: &str = "https://api.nexmo.com";

/// The call as a `curl` command for the API at `host` (the real one, [`API_HOST`], or an
/// emulator). Credentials the call does not carry become `$VONAGE_API_KEY` /
/// `$VONAGE_API_SECRET`, for the shell to fill in; every value is URL-encoded by curl and
/// single-quoted for the shell.
pub fn curl(call: &Call, host: &str) -> String {
    let endpoint = call.endpoint();
    let verb = if endpoint.method() == "GET" {
        "-G"
    } else {
        "-X POST"
    };
    let mut out = format!("curl {verb} {host}{}", endpoint.path());
    // A JSON call: the network unblock (Basic auth, as the real API takes it) or the
    // emulator's fault step (`/_sim/faults`, no credentials).
    if let Some(body) = call.json_body() {
        if matches!(call, Call::Unblock(_)) {
            out.push_str(" \\\n  -u \"$VONAGE_API_KEY:$VONAGE_API_SECRET\"");
        }
        out.push_str(" \\\n  -H 'Content-Type: application/json' \\\n  -d ");
        out.push_str(&shell_quote(&verify_engine::json::write(&body)));
        return out;
    }
    let pairs = call.pairs();
    for (name, variable) in [
        ("api_key", "VONAGE_API_KEY"),
        ("api_secret", "VONAGE_API_SECRET"),
    ] {
        if !pairs.iter().any(|(n, _)| *n == name) {
            out.push_str(&format!(" \\\n  -d \"{name}=${variable}\""));
        }
    }
    for (name, value) in pairs {
        out.push_str(" \\\n  --data-urlencode ");
        out.push_str(&shell_quote(&format!("{name}={value}")));
    }
    out
}

/// Quotes text for a POSIX shell: inside single quotes, with `'` written as `'\''`.
pub fn shell_quote(text: &str) -> String {
    format!("'{}'", text.replace('\'', r"'\''"))
}

/// Text for HTML or SVG markup, in an element or a quoted attribute: `&`, `<`, `>` and `"`
/// escaped. For the charts written as markup (the timeline, the lab's plots).
pub fn escape_markup(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

#[cfg(test)]
mod tests {
    use serde_json::json;
    use verify_engine::faults::FaultStep;

    use super::*;

    #[test]
    fn a_json_call_is_curled_with_its_body() {
        let step = json!({"fault": "sms-lost", "number": "447700900001"});
        let fault = Call::Fault(FaultStep::from_json(&step).expect("a valid fault step"));
        let curl = curl(&fault, "http://127.0.0.1:8080");
        assert_eq!(
            curl,
            "curl -X POST http://127.0.0.1:8080/_sim/faults \\\n  -H 'Content-Type: application/json' \\\n  -d '{\"fault\":\"sms-lost\",\"number\":\"447700900001\"}'"
        );
        let unblock = Call::Unblock(json!({"network": "23410", "unblock_duration": 60}));
        let curl = super::curl(&unblock, API_HOST);
        assert!(curl.starts_with("curl -X POST https://api.nexmo.com/verify/network-unblock"));
        assert!(curl.contains("-u \"$VONAGE_API_KEY:$VONAGE_API_SECRET\""));
        assert!(curl.ends_with("-d '{\"network\":\"23410\",\"unblock_duration\":60}'"));
        assert!(!curl.contains("api_key="));
    }
}
