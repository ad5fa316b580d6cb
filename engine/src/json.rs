//! Reading JSON text into a `serde_json::Value`, refusing a key given twice in any object
//! (a plain parse keeps the last one silently): scenario lines must mean one thing, and
//! everything the playground reads back (its saved session, a share link) is read by the
//! same one reader, so that its page carries one JSON reader's code, not two.

use serde_json::Value;

mod error;
mod number;
mod reader;

pub use error::{Problem, ReadError};

/// Parses `text` as one JSON value (nothing but whitespace around it), refusing a key
/// given twice in any object with the error `key "k" is given twice` (at its position).
/// Values and errors (words and positions) are serde_json's, but for numbers with a power
/// of ten beyond 10^±22, which come within a few units in the last place of its (neither
/// is exact there).
pub fn read(text: &str) -> Result<Value, ReadError> {
    reader::read(text)
}

/// `value` as compact JSON text, what `value.to_string()` gives. Not through `Display`,
/// whose code also holds serde_json's pretty printer (for `{:#}`): the pages write only
/// compact JSON (the API log indents it with the browser's own `JSON`).
pub fn write(value: &Value) -> String {
    // Writing a `Value` cannot fail: its keys are strings.
    serde_json::to_string(value).unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_json_as_serde_json_does_but_refuses_a_key_given_twice() {
        let text = r#"{"a": [1, -2, 2.5, "x", null, true, {"b": {}}], "c": "d"}"#;
        let plain: Value = serde_json::from_str(text).expect("json");
        assert_eq!(read(text).expect("json"), plain);
        let twice = read(r#"{"a": 1, "b": {"c": 1, "c": 2}}"#).expect_err("a key twice");
        assert!(
            twice.to_string().starts_with(r#"key "c" is given twice"#),
            "{twice}"
        );
        assert!(read("[1] 2").is_err(), "trailing text");
        assert!(read("{").is_err());
    }

    #[test]
    fn writes_what_to_string_writes() {
        let text = r#"{"b": [1, "\u00e9\n\"", null, -0.5, 1e300], "a": {"c": 2.5, "d": -1}}"#;
        let value = read(text).expect("json");
        assert_eq!(write(&value), value.to_string());
    }
}
