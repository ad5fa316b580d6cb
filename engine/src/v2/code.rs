//! A v2 request's one code: random digits of `code_length`, or the custom `code`.

use std::fmt;

/// The longest code (`code_length` and a custom `code` go up to 10).
const MAX_LEN: usize = 10;

/// A verification code: 4 to 10 ASCII letters and digits, kept inline (every delivery
/// carries one). Compared case-sensitively, as Part C7 says.
#[derive(Clone, Copy, PartialEq, Eq, Hash)]
pub struct Code {
    chars: [u8; MAX_LEN],
    len: u8,
}

impl Code {
    /// A custom `code`: `^[A-Za-z0-9]{4,10}$`, else `None`.
    pub fn custom(text: &str) -> Option<Code> {
        let bytes = text.as_bytes();
        if !(4..=MAX_LEN).contains(&bytes.len()) || !bytes.iter().all(u8::is_ascii_alphanumeric) {
            return None;
        }
        let mut chars = [0; MAX_LEN];
        chars[..bytes.len()].copy_from_slice(bytes);
        Some(Code {
            chars,
            len: bytes.len() as u8,
        })
    }

    /// `len` (4-10) random digits, leading zeros kept: one draw from the seed.
    pub(crate) fn random(rng: &mut fastrand::Rng, len: u8) -> Code {
        let len = len.clamp(4, MAX_LEN as u8);
        let mut value = rng.u64(..10u64.pow(u32::from(len)));
        let mut chars = [0; MAX_LEN];
        for slot in chars[..usize::from(len)].iter_mut().rev() {
            *slot = b'0' + (value % 10) as u8;
            value /= 10;
        }
        Code { chars, len }
    }

    /// The code as text.
    pub fn as_str(&self) -> &str {
        // Only ASCII letters and digits are ever stored.
        std::str::from_utf8(&self.chars[..usize::from(self.len)]).unwrap_or_default()
    }

    /// Whether a submitted code is exactly this one (case-sensitive).
    pub fn matches(&self, code: &str) -> bool {
        self.as_str() == code
    }

    /// A code of the same length that is certainly wrong: the scenarios' `$wrong`.
    pub fn wrong(&self) -> Code {
        let mut wrong = *self;
        let last = usize::from(self.len) - 1;
        wrong.chars[last] = match self.chars[last] {
            b'9' => b'0',
            b'z' => b'a',
            b'Z' => b'A',
            c => c + 1,
        };
        wrong
    }

    /// The code spoken character by character: `1, 2, 3, 4`.
    pub fn spoken(&self) -> String {
        let mut text = String::with_capacity(usize::from(self.len) * 3);
        for (i, c) in self.as_str().chars().enumerate() {
            if i > 0 {
                text.push_str(", ");
            }
            text.push(c);
        }
        text
    }
}

impl fmt::Display for Code {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl fmt::Debug for Code {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Debug::fmt(self.as_str(), f)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn custom_codes_are_4_to_10_letters_and_digits() {
        assert_eq!(
            Code::custom("Ab12").map(|c| c.to_string()),
            Some("Ab12".into())
        );
        assert!(Code::custom("abc").is_none());
        assert!(Code::custom("abcdefghijk").is_none());
        assert!(Code::custom("ab-12").is_none());
        assert!(Code::custom("ábcd").is_none());
        assert!(Code::custom("abcdefghij").is_some());
    }

    #[test]
    fn random_codes_have_their_length_and_only_digits() {
        let mut rng = fastrand::Rng::with_seed(3);
        for len in 4..=10 {
            let code = Code::random(&mut rng, len);
            assert_eq!(code.as_str().len(), usize::from(len));
            assert!(code.as_str().bytes().all(|b| b.is_ascii_digit()));
        }
    }

    #[test]
    fn matching_is_exact_and_wrong_codes_differ() {
        let code = Code::custom("aB09").unwrap();
        assert!(code.matches("aB09"));
        assert!(!code.matches("ab09"));
        assert!(!code.matches("aB0"));
        assert_eq!(code.wrong().as_str(), "aB00");
        assert_eq!(Code::custom("zzzz").unwrap().wrong().as_str(), "zzza");
        assert_eq!(code.spoken(), "a, B, 0, 9");
    }
}
