//! Reading JSON text into a `serde_json::Value`, refusing a key given twice in any object
//! (a plain parse keeps the last one silently): scenario lines must mean one thing, and
//! everything the playground reads back (its saved session, a share link) is read by the
//! same one reader, so that its page carries one JSON reader's code, not two.

use serde::de::{self, Deserialize, Deserializer, MapAccess, SeqAccess, Visitor};
use serde_json::{Map, Value};

/// Parses `text` as one JSON value (nothing but whitespace after it), refusing a key
/// given twice in any object with the error `key "k" is given twice` (at its position).
pub fn read(text: &str) -> Result<Value, serde_json::Error> {
    let mut deserializer = serde_json::Deserializer::from_str(text);
    let StrictValue(value) = StrictValue::deserialize(&mut deserializer)?;
    deserializer.end()?;
    Ok(value)
}

/// `value` as compact JSON text, what `value.to_string()` gives. Not through `Display`,
/// whose code also holds serde_json's pretty printer (for `{:#}`): the pages write only
/// compact JSON (the API log indents it with the browser's own `JSON`).
pub fn write(value: &Value) -> String {
    // Writing a `Value` cannot fail: its keys are strings.
    serde_json::to_string(value).unwrap_or_default()
}

/// A JSON value read by [`read`].
struct StrictValue(Value);

impl<'de> Deserialize<'de> for StrictValue {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_any(StrictVisitor).map(StrictValue)
    }
}

struct StrictVisitor;

impl<'de> Visitor<'de> for StrictVisitor {
    type Value = Value;

    fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
        f.write_str("a JSON value")
    }

    fn visit_bool<E>(self, v: bool) -> Result<Value, E> {
        Ok(v.into())
    }

    fn visit_i64<E>(self, v: i64) -> Result<Value, E> {
        Ok(v.into())
    }

    fn visit_u64<E>(self, v: u64) -> Result<Value, E> {
        Ok(v.into())
    }

    fn visit_f64<E>(self, v: f64) -> Result<Value, E> {
        Ok(v.into())
    }

    fn visit_str<E>(self, v: &str) -> Result<Value, E> {
        Ok(v.into())
    }

    fn visit_string<E>(self, v: String) -> Result<Value, E> {
        Ok(v.into())
    }

    fn visit_unit<E>(self) -> Result<Value, E> {
        Ok(Value::Null)
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Value, A::Error> {
        let mut items = Vec::new();
        while let Some(StrictValue(item)) = seq.next_element()? {
            items.push(item);
        }
        Ok(Value::Array(items))
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Value, A::Error> {
        let mut object = Map::new();
        while let Some(key) = map.next_key::<String>()? {
            if object.contains_key(&key) {
                return Err(de::Error::custom(format!("key \"{key}\" is given twice")));
            }
            let StrictValue(value) = map.next_value()?;
            object.insert(key, value);
        }
        Ok(Value::Object(object))
    }
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
