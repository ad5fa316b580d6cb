//! The engine's JSON reader against serde_json's: the same values from the same text (the
//! scenarios shipped, hand-picked edge cases, generated documents), the same refusals, and
//! a key given twice refused where serde_json would keep the last.

use proptest::prelude::*;
use serde_json::Value;
use verify_engine::json::{read, Problem};

/// Whether two values are the same, numbers within `ulps` units in the last place (0:
/// exactly) when either is not an integer.
fn same(a: &Value, b: &Value, ulps: u64) -> bool {
    match (a, b) {
        (Value::Number(x), Value::Number(y)) => {
            if x.is_f64() || y.is_f64() {
                let (x, y) = (
                    x.as_f64().unwrap_or(f64::NAN),
                    y.as_f64().unwrap_or(f64::NAN),
                );
                x == y || (x.signum() == y.signum() && x.to_bits().abs_diff(y.to_bits()) <= ulps)
            } else {
                x == y
            }
        }
        (Value::Array(x), Value::Array(y)) => {
            x.len() == y.len() && x.iter().zip(y).all(|(x, y)| same(x, y, ulps))
        }
        (Value::Object(x), Value::Object(y)) => {
            x.len() == y.len()
                && x.iter()
                    .zip(y)
                    .all(|((kx, vx), (ky, vy))| kx == ky && same(vx, vy, ulps))
        }
        _ => a == b,
    }
}

/// Reads `text` with both readers; they must agree exactly.
fn agree(text: &str) {
    let ours = read(text);
    let theirs = serde_json::from_str::<Value>(text);
    match (&ours, &theirs) {
        (Ok(ours), Ok(theirs)) => assert!(same(ours, theirs, 0), "{text:?}: {ours} != {theirs}"),
        (Err(_), Err(_)) => {}
        _ => panic!("{text:?}: ours {ours:?}, serde_json {theirs:?}"),
    }
}

#[test]
fn reads_every_shipped_scenario_line_as_serde_json_does() {
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/../scenarios");
    let mut lines = 0;
    for entry in std::fs::read_dir(dir).expect("scenarios/") {
        let path = entry.expect("entry").path();
        if path.extension().is_none_or(|e| e != "jsonl") {
            continue;
        }
        let text = std::fs::read_to_string(&path).expect("a scenario");
        for line in text.lines().filter(|l| !l.trim().is_empty()) {
            agree(line);
            lines += 1;
        }
    }
    assert!(lines > 100, "only {lines} lines read");
}

#[test]
fn reads_the_edge_cases_as_serde_json_does() {
    for text in [
        "0",
        "-0",
        "-0.0",
        "1",
        "-1",
        "18446744073709551615",
        "18446744073709551616",
        "-9223372036854775808",
        "-9223372036854775809",
        "123456789012345678901234567890",
        "0.1",
        "2.5",
        "-2.5e-3",
        "1E+2",
        "1e22",
        "4.5e15",
        "9007199254740993",
        "0.30000000000000004",
        "1e-400",
        "0e999999999999",
        " \t\r\n[ ] ",
        "{}",
        r#"{"a":{"b":[1,{"c":null}]},"d":true,"e":false}"#,
        r#""\u00e9\ud83d\ude00\n\t\"\\\/\b\f\r""#,
        r#""Ω 東京 😀""#,
        r#"{"":""}"#,
    ] {
        agree(text);
    }
}

#[test]
fn refuses_what_serde_json_refuses_in_its_words_at_its_position() {
    for (text, words) in [
        ("", "EOF while parsing a value at line 1 column 0"),
        ("{", "EOF while parsing an object at line 1 column 1"),
        ("[1,", "EOF while parsing a value at line 1 column 3"),
        ("[1 2]", "expected `,` or `]` at line 1 column 4"),
        (r#"{"a" 1}"#, "expected `:` at line 1 column 6"),
        (
            r#"{"a": 1 "b": 2}"#,
            "expected `,` or `}` at line 1 column 9",
        ),
        ("{1: 2}", "key must be a string at line 1 column 2"),
        ("[1] 2", "trailing characters at line 1 column 5"),
        ("01", "invalid number at line 1 column 2"),
        ("1.x", "invalid number at line 1 column 3"),
        ("-", "EOF while parsing a value at line 1 column 1"),
        ("tru", "EOF while parsing a value at line 1 column 3"),
        ("trux", "expected ident at line 1 column 4"),
        ("\"ab", "EOF while parsing a string at line 1 column 3"),
        (
            "\"a\u{1}\"",
            "control character (\\u0000-\\u001F) found while parsing a string at line 1 column 3",
        ),
        (r#""\x""#, "invalid escape at line 1 column 3"),
        (
            r#""\ud83d""#,
            "unexpected end of hex escape at line 1 column 8",
        ),
        (
            r#""\ud83d\u0041""#,
            "lone leading surrogate in hex escape at line 1 column 13",
        ),
        (
            r#""\ude00""#,
            "lone leading surrogate in hex escape at line 1 column 7",
        ),
        ("1e999", "number out of range at line 1 column 5"),
        ("[\n", "EOF while parsing a list at line 2 column 0"),
        ("[\n1,\n@]", "expected value at line 3 column 1"),
        ("[1,]", "trailing comma at line 1 column 4"),
        (r#"{"a":1,}"#, "trailing comma at line 1 column 8"),
        (r#"{"a":1,"#, "EOF while parsing a value at line 1 column 7"),
        (
            "\"a\nb\"",
            "control character (\\u0000-\\u001F) found while parsing a string at line 2 column 0",
        ),
        ("tru\n", "expected ident at line 2 column 0"),
        (r#""\u12""#, "EOF while parsing a string at line 1 column 6"),
        (r#""\u12x4""#, "invalid escape at line 1 column 7"),
        (
            r#""\ud83d"#,
            "EOF while parsing a string at line 1 column 7",
        ),
        (
            r#""\ud83d\n""#,
            "unexpected end of hex escape at line 1 column 9",
        ),
    ] {
        let theirs = serde_json::from_str::<Value>(text).expect_err(text);
        let error = read(text).expect_err(text);
        assert_eq!(error.to_string(), words, "{text:?}");
        assert_eq!(theirs.to_string(), words, "{text:?}: serde_json's words");
    }
}

#[test]
fn refuses_a_key_given_twice_where_serde_json_keeps_the_last() {
    let text = "{\"a\": 1,\n \"b\": {\"c\": 1, \"c\": 2}}";
    assert!(serde_json::from_str::<Value>(text).is_ok());
    let error = read(text).expect_err("a key twice");
    assert_eq!(error.problem(), &Problem::KeyTwice("c".into()));
    // At the key's opening quote.
    assert_eq!((error.line(), error.column()), (2, 16));
    assert_eq!(
        error.to_string(),
        "key \"c\" is given twice at line 2 column 16"
    );
    // Only within one object: the same key in two objects is fine.
    assert!(read(r#"[{"c": 1}, {"c": 2}]"#).is_ok());
}

#[test]
fn nests_as_deep_as_serde_json_and_no_deeper() {
    for depth in [1, 127, 128, 129, 100_000] {
        let text = format!("{}{}", "[".repeat(depth), "]".repeat(depth));
        agree(&text);
    }
    let deep = format!("{}{}", "[".repeat(100_000), "]".repeat(100_000));
    assert!(read(&deep)
        .expect_err("too deep")
        .to_string()
        .starts_with("recursion limit exceeded"));
}

/// How far apart (units in the last place) the two readers may put a number whose power
/// of ten is beyond 10^22: neither is exact there (serde_json multiplies by one rounded
/// power, this reader by 10^22 in steps).
const FAR_ULPS: u64 = 16;

#[test]
fn reads_large_powers_within_a_few_ulps() {
    for text in [
        "1e300",
        "-1e300",
        "1.7976931348623157e308",
        "4.4759165235206614e-305",
        "2.2250738585072014e-308",
        "5e-324",
        "123456789012345678e-40",
        "1e23",
    ] {
        let exact: f64 = text.parse().unwrap();
        let ours = read(text).unwrap();
        let theirs: Value = serde_json::from_str(text).unwrap();
        assert!(
            same(&ours, &theirs, FAR_ULPS),
            "{text}: {ours} vs serde_json's {theirs}"
        );
        assert!(
            same(&ours, &Value::from(exact), FAR_ULPS),
            "{text}: {ours} vs {exact}"
        );
    }
}

/// Any JSON value serde_json can write (floats included).
fn any_value() -> impl Strategy<Value = Value> {
    let leaf = prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::Bool),
        any::<u64>().prop_map(Value::from),
        any::<i64>().prop_map(Value::from),
        any::<f64>()
            .prop_filter("finite", |f| f.is_finite())
            .prop_map(Value::from),
        "\\PC{0,12}".prop_map(Value::from),
        "[\"\\\\\u{0}-\u{1f}\u{7f}-\u{10ffff}]{0,6}".prop_map(Value::from),
    ];
    leaf.prop_recursive(4, 48, 6, |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..6).prop_map(Value::Array),
            prop::collection::btree_map("\\PC{0,6}", inner, 0..6)
                .prop_map(|map| Value::Object(map.into_iter().collect())),
        ]
    })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(2000))]

    /// What serde_json writes, compact or pretty, reads back as serde_json reads it
    /// (floats beyond the exact range within a few units in the last place).
    #[test]
    fn reads_what_serde_json_writes(value in any_value(), pretty in any::<bool>()) {
        let text = if pretty {
            serde_json::to_string_pretty(&value).unwrap()
        } else {
            serde_json::to_string(&value).unwrap()
        };
        let theirs: Value = serde_json::from_str(&text).unwrap();
        let ours = read(&text).unwrap();
        prop_assert!(same(&ours, &theirs, FAR_ULPS), "{} != {}", ours, theirs);
    }

    /// Decimals of up to 15 digits with a power of ten up to 22 (every number the pages
    /// and scenarios write) read exactly: the nearest f64, as Rust's own parser gives.
    #[test]
    fn reads_short_decimals_exactly(
        significand in 0u64..1_000_000_000_000_000,
        point in 0usize..16,
        power in -22i32..=22,
        negative in any::<bool>(),
    ) {
        // significand × 10^power, written with `point` digits after a decimal point.
        let mut digits = significand.to_string();
        if point >= digits.len() {
            digits.insert_str(0, &"0".repeat(point - digits.len() + 1));
        }
        if point > 0 {
            digits.insert(digits.len() - point, '.');
        }
        let sign = if negative { "-" } else { "" };
        let text = format!("{sign}{digits}e{}", power + point as i32);
        let expected: f64 = text.parse().unwrap();
        prop_assert_eq!(read(&text).unwrap().as_f64(), Some(expected), "{}", text);
        agree(&text);
    }

    /// Any text the two readers both have an answer for gets the same one; what serde_json
    /// refuses is refused; what only serde_json takes has a key twice.
    #[test]
    fn agrees_with_serde_json_on_any_text(text in "[ \\[\\]{}:,\"\\\\a-c0-9.eE+\\-tfnrlsu]{0,24}") {
        let ours = read(&text);
        let theirs = serde_json::from_str::<Value>(&text);
        match (&ours, &theirs) {
            (Ok(ours), Ok(theirs)) => prop_assert!(same(ours, theirs, 0), "{}", text),
            (Err(_), Err(_)) => {}
            (Err(error), Ok(_)) => prop_assert!(matches!(error.problem(), Problem::KeyTwice(_)), "{}: {}", text, error),
            (Ok(_), Err(error)) => prop_assert!(false, "{}: serde_json refuses ({})", text, error),
        }
    }
}
