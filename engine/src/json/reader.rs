//! The strict JSON reader behind [`super::read`]: RFC 8259's grammar into a
//! `serde_json::Value`, refusing a key given twice in any object.
//!
//! Hand-written rather than serde_json's `Deserializer`, for the pages' download: going
//! through serde's data model brought serde_json's whole reader (its number parsing with a
//! table of 309 powers of ten, its error texts, std's I/O error texts) into every view,
//! 7.5 KB gzipped of the playground's first load, for the few files the pages read
//! (scenario lines, a saved session, a share link); with this reader instead the page is
//! 6.1 KB smaller (`scripts/bundle-size`, 2026-12-01). Its values and its errors (words
//! and positions) are serde_json's, but for numbers with powers of ten beyond 10^±22 (a
//! few units in the last place apart): `engine/tests/json_reader.rs` checks them against
//! serde_json.

use serde_json::{Map, Number, Value};

use super::error::{Problem, ReadError};
use super::number::{to_f64, whole};

/// How deeply arrays and objects may nest (serde_json refuses the 128th level too):
/// deeper text is refused instead of running the stack out.
const MAX_DEPTH: usize = 127;

/// Reads `text` as one JSON value, with nothing but whitespace around it.
pub fn read(text: &str) -> Result<Value, ReadError> {
    let mut reader = Reader {
        text,
        bytes: text.as_bytes(),
        at: 0,
        depth: 0,
    };
    let value = reader.value()?;
    reader.skip_space();
    if reader.at < reader.bytes.len() {
        return Err(reader.fail("trailing characters"));
    }
    Ok(value)
}

/// A position in the text being read.
struct Reader<'a> {
    text: &'a str,
    bytes: &'a [u8],
    at: usize,
    depth: usize,
}

impl Reader<'_> {
    fn peek(&self) -> Option<u8> {
        self.bytes.get(self.at).copied()
    }

    fn skip_space(&mut self) {
        while matches!(self.peek(), Some(b' ' | b'\t' | b'\n' | b'\r')) {
            self.at += 1;
        }
    }

    /// A syntax error at the current position.
    fn fail(&self, what: &'static str) -> ReadError {
        self.error_at(self.at, Problem::Syntax(what))
    }

    /// `problem` found at byte `at`, placed as serde_json places it: just after that byte
    /// (its line, and how many bytes of the line are read), so a newline found where it
    /// may not be puts the error at column 0 of the next line, and the end of the text at
    /// the last character.
    fn error_at(&self, at: usize, problem: Problem) -> ReadError {
        let read = &self.bytes[..(at + 1).min(self.bytes.len())];
        let line_start = read
            .iter()
            .rposition(|&b| b == b'\n')
            .map_or(0, |newline| newline + 1);
        let line = 1 + read.iter().filter(|&&b| b == b'\n').count();
        ReadError::new(problem, line, read.len() - line_start)
    }

    fn value(&mut self) -> Result<Value, ReadError> {
        self.skip_space();
        match self.peek() {
            None => Err(self.fail("EOF while parsing a value")),
            Some(b'{') => self.nested(Self::object),
            Some(b'[') => self.nested(Self::array),
            Some(b'"') => {
                self.at += 1;
                Ok(Value::String(self.string()?))
            }
            Some(b't') => self.word("true", Value::Bool(true)),
            Some(b'f') => self.word("false", Value::Bool(false)),
            Some(b'n') => self.word("null", Value::Null),
            Some(b'-' | b'0'..=b'9') => self.number(),
            Some(_) => Err(self.fail("expected value")),
        }
    }

    /// An array or object, one level deeper.
    fn nested(
        &mut self,
        read: fn(&mut Self) -> Result<Value, ReadError>,
    ) -> Result<Value, ReadError> {
        if self.depth == MAX_DEPTH {
            return Err(self.fail("recursion limit exceeded"));
        }
        self.depth += 1;
        let value = read(self);
        self.depth -= 1;
        value
    }

    fn word(&mut self, word: &'static str, value: Value) -> Result<Value, ReadError> {
        for &expected in word.as_bytes() {
            match self.peek() {
                None => return Err(self.fail("EOF while parsing a value")),
                Some(b) if b == expected => self.at += 1,
                Some(_) => return Err(self.fail("expected ident")),
            }
        }
        Ok(value)
    }

    fn array(&mut self) -> Result<Value, ReadError> {
        self.at += 1; // [
        let mut items = Vec::new();
        self.skip_space();
        match self.peek() {
            Some(b']') => {
                self.at += 1;
                return Ok(Value::Array(items));
            }
            None => return Err(self.fail("EOF while parsing a list")),
            Some(_) => {}
        }
        loop {
            items.push(self.value()?);
            if !self.more(b']', "EOF while parsing a list", "expected `,` or `]`")? {
                return Ok(Value::Array(items));
            }
        }
    }

    fn object(&mut self) -> Result<Value, ReadError> {
        self.at += 1; // {
        let mut object = Map::new();
        self.skip_space();
        if self.peek() == Some(b'}') {
            self.at += 1;
            return Ok(Value::Object(object));
        }
        loop {
            let key_at = self.at;
            match self.peek() {
                Some(b'"') => self.at += 1,
                None => return Err(self.fail("EOF while parsing an object")),
                Some(_) => return Err(self.fail("key must be a string")),
            }
            let key = self.string()?;
            if object.contains_key(&key) {
                return Err(self.error_at(key_at, Problem::KeyTwice(key)));
            }
            self.skip_space();
            match self.peek() {
                Some(b':') => self.at += 1,
                None => return Err(self.fail("EOF while parsing an object")),
                Some(_) => return Err(self.fail("expected `:`")),
            }
            let value = self.value()?;
            object.insert(key, value);
            if !self.more(b'}', "EOF while parsing an object", "expected `,` or `}`")? {
                return Ok(Value::Object(object));
            }
        }
    }

    /// After an array's item or an object's member: whether another follows (a comma,
    /// read) or the `close` ends it (read). `eof` and `expected` say what is wrong when
    /// the text ends or something else stands there; a comma before `close` is refused.
    fn more(
        &mut self,
        close: u8,
        eof: &'static str,
        expected: &'static str,
    ) -> Result<bool, ReadError> {
        self.skip_space();
        match self.peek() {
            Some(b',') => {
                self.at += 1;
                self.skip_space();
                match self.peek() {
                    Some(b) if b == close => Err(self.fail("trailing comma")),
                    None => Err(self.fail("EOF while parsing a value")),
                    Some(_) => Ok(true),
                }
            }
            Some(b) if b == close => {
                self.at += 1;
                Ok(false)
            }
            None => Err(self.fail(eof)),
            Some(_) => Err(self.fail(expected)),
        }
    }

    /// A string's contents, after its opening quote, through its closing one.
    fn string(&mut self) -> Result<String, ReadError> {
        let mut out = String::new();
        let mut run = self.at;
        loop {
            match self.peek() {
                None => return Err(self.fail("EOF while parsing a string")),
                Some(b'"') => {
                    out.push_str(&self.text[run..self.at]);
                    self.at += 1;
                    return Ok(out);
                }
                Some(b'\\') => {
                    out.push_str(&self.text[run..self.at]);
                    self.at += 1;
                    self.escape(&mut out)?;
                    run = self.at;
                }
                Some(0..=0x1f) => {
                    return Err(self
                        .fail("control character (\\u0000-\\u001F) found while parsing a string"))
                }
                // Any other byte, part of a character the text (a `str`) holds whole: the
                // runs end only at ASCII bytes, so they are whole characters.
                Some(_) => self.at += 1,
            }
        }
    }

    /// One escape, after its backslash.
    fn escape(&mut self, out: &mut String) -> Result<(), ReadError> {
        let Some(letter) = self.peek() else {
            return Err(self.fail("EOF while parsing a string"));
        };
        let unescaped = match letter {
            b'"' => '"',
            b'\\' => '\\',
            b'/' => '/',
            b'b' => '\u{8}',
            b'f' => '\u{c}',
            b'n' => '\n',
            b'r' => '\r',
            b't' => '\t',
            b'u' => {
                self.at += 1;
                return self.unicode_escape(out);
            }
            _ => return Err(self.fail("invalid escape")),
        };
        self.at += 1;
        out.push(unescaped);
        Ok(())
    }

    /// `\uXXXX` after its `u`, or two of them for a character beyond the BMP.
    fn unicode_escape(&mut self, out: &mut String) -> Result<(), ReadError> {
        let first = u32::from(self.hex4()?);
        // serde_json's words for a surrogate out of place, its quirk included (a lone
        // trailing one is "leading" too), at the escape's last digit.
        let lone = |reader: &Self| {
            let problem = Problem::Syntax("lone leading surrogate in hex escape");
            reader.error_at(reader.at - 1, problem)
        };
        let code = match first {
            0xD800..=0xDBFF => {
                // A leading surrogate: `\u` and a trailing one must follow.
                for expected in [b'\\', b'u'] {
                    match self.peek() {
                        None => return Err(self.fail("EOF while parsing a string")),
                        Some(byte) if byte == expected => self.at += 1,
                        Some(_) => return Err(self.fail("unexpected end of hex escape")),
                    }
                }
                let second = u32::from(self.hex4()?);
                if !(0xDC00..=0xDFFF).contains(&second) {
                    return Err(lone(self));
                }
                0x10000 + ((first - 0xD800) << 10) + (second - 0xDC00)
            }
            0xDC00..=0xDFFF => return Err(lone(self)),
            code => code,
        };
        match char::from_u32(code) {
            Some(c) => {
                out.push(c);
                Ok(())
            }
            None => Err(self.fail("invalid unicode code point")),
        }
    }

    /// Four hex digits (serde_json reads all four before it judges them).
    fn hex4(&mut self) -> Result<u16, ReadError> {
        let Some(digits) = self.bytes.get(self.at..self.at + 4) else {
            return Err(self.error_at(
                self.bytes.len(),
                Problem::Syntax("EOF while parsing a string"),
            ));
        };
        let mut code = 0u16;
        for &byte in digits {
            let Some(digit) = char::from(byte).to_digit(16) else {
                return Err(self.error_at(self.at + 3, Problem::Syntax("invalid escape")));
            };
            code = code * 16 + digit as u16;
        }
        self.at += 4;
        Ok(code)
    }

    fn digits(&mut self) -> usize {
        let start = self.at;
        while matches!(self.peek(), Some(b'0'..=b'9')) {
            self.at += 1;
        }
        self.at - start
    }

    /// A number: an integer that fits `u64` (or, negative, `i64`) as such, anything else
    /// as the nearest `f64` serde_json would give.
    fn number(&mut self) -> Result<Value, ReadError> {
        let negative = self.peek() == Some(b'-');
        if negative {
            self.at += 1;
        }
        let int_start = self.at;
        match self.peek() {
            Some(b'0') => {
                self.at += 1;
                if matches!(self.peek(), Some(b'0'..=b'9')) {
                    return Err(self.fail("invalid number"));
                }
            }
            Some(b'1'..=b'9') => {
                self.digits();
            }
            None => return Err(self.fail("EOF while parsing a value")),
            Some(_) => return Err(self.fail("invalid number")),
        }
        let int_end = self.at;
        let (mut frac_start, mut frac_end) = (int_end, int_end);
        if self.peek() == Some(b'.') {
            self.at += 1;
            frac_start = self.at;
            if self.digits() == 0 {
                return Err(self.number_cut_short());
            }
            frac_end = self.at;
        }
        let mut exponent: i64 = 0;
        let has_exponent = matches!(self.peek(), Some(b'e' | b'E'));
        if has_exponent {
            self.at += 1;
            let negative_exponent = match self.peek() {
                Some(b'-') => {
                    self.at += 1;
                    true
                }
                Some(b'+') => {
                    self.at += 1;
                    false
                }
                _ => false,
            };
            let start = self.at;
            if self.digits() == 0 {
                return Err(self.number_cut_short());
            }
            for &digit in &self.bytes[start..self.at] {
                // Beyond any f64's range already: stop growing (and overflowing).
                exponent = (exponent * 10 + i64::from(digit - b'0')).min(1_000_000);
            }
            if negative_exponent {
                exponent = -exponent;
            }
        }
        let integer = &self.bytes[int_start..int_end];
        if frac_start == frac_end && !has_exponent {
            if let Some(n) = whole(integer) {
                if !negative {
                    return Ok(Value::Number(n.into()));
                }
                if let Some(n) = 0i64.checked_sub_unsigned(n).filter(|&n| n < 0) {
                    return Ok(Value::Number(n.into()));
                }
            }
        }
        let fraction = &self.bytes[frac_start..frac_end];
        match to_f64(integer, fraction, exponent) {
            Some(f) => Ok(Value::Number(
                Number::from_f64(if negative { -f } else { f }).unwrap_or_else(|| 0.into()),
            )),
            None => Err(self.fail("number out of range")),
        }
    }

    /// A number that ends where a digit must follow (`1.`, `1e+`).
    fn number_cut_short(&self) -> ReadError {
        match self.peek() {
            None => self.fail("EOF while parsing a value"),
            Some(_) => self.fail("invalid number"),
        }
    }
}
