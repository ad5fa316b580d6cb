//! Phone numbers as the engine keeps them.

use std::fmt;
use std::ops::Deref;

/// The most digits a valid number has (E.164).
const MAX_DIGITS: usize = 15;

/// A validated, normalised phone number: 7 to 15 ASCII digits, kept inline. Every request
/// and every delivery carries one, so it is a small `Copy` value rather than a heap string:
/// no allocation, and hashing it for the one-request-per-number rule never follows a
/// pointer.
#[derive(Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct PhoneNumber {
    digits: [u8; MAX_DIGITS],
    len: u8,
}

impl PhoneNumber {
    /// The number for a normalised text of at most 15 ASCII digits; `None` for any other.
    pub fn new(digits: &str) -> Option<PhoneNumber> {
        let bytes = digits.as_bytes();
        if bytes.len() > MAX_DIGITS || !bytes.iter().all(u8::is_ascii_digit) {
            return None;
        }
        let mut number = PhoneNumber {
            digits: [0; MAX_DIGITS],
            len: bytes.len() as u8,
        };
        number.digits[..bytes.len()].copy_from_slice(bytes);
        Some(number)
    }

    /// The digits as text.
    pub fn as_str(&self) -> &str {
        // Only ASCII digits are ever stored.
        std::str::from_utf8(&self.digits[..usize::from(self.len)]).unwrap_or_default()
    }
}

impl Deref for PhoneNumber {
    type Target = str;

    fn deref(&self) -> &str {
        self.as_str()
    }
}

impl fmt::Display for PhoneNumber {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl fmt::Debug for PhoneNumber {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Debug::fmt(self.as_str(), f)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keeps_digits_and_leading_zeros() {
        let number = PhoneNumber::new("07700900001").unwrap();
        assert_eq!(number.as_str(), "07700900001");
        assert_eq!(number.to_string(), "07700900001");
        assert_ne!(number, PhoneNumber::new("7700900001").unwrap());
        assert_eq!(
            &*PhoneNumber::new("999999999999999").unwrap(),
            "999999999999999"
        );
    }

    #[test]
    fn refuses_anything_but_up_to_15_digits() {
        assert_eq!(PhoneNumber::new("1234567890123456"), None);
        assert_eq!(PhoneNumber::new("+447700900001"), None);
        assert_eq!(PhoneNumber::new("4477 00900001"), None);
        assert_eq!(PhoneNumber::new("４４７"), None);
    }
}
