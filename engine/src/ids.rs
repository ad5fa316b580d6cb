//! Identifiers the API hands out: request ids and delivery (event) ids.

use std::fmt;

use serde::{Serialize, Serializer};

/// A verification request's id: 32 lowercase hex characters, as the real API returns.
#[derive(Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Debug)]
pub struct RequestId(pub u128);

/// Each byte's value as a lowercase hex digit, or `0xff` if it is not one.
const HEX_VALUE: [u8; 256] = {
    let mut table = [0xffu8; 256];
    let mut i = 0;
    while i < 16 {
        table[b"0123456789abcdef"[i] as usize] = i as u8;
        i += 1;
    }
    table
};

impl RequestId {
    /// Reads an id as a caller would pass it. Only the exact form the API hands out
    /// (32 lowercase hex characters) names a request; anything else names none.
    pub fn parse(text: &str) -> Option<RequestId> {
        // Two 64-bit halves (128-bit arithmetic is slow in WebAssembly), each read without
        // a branch per digit: ids are parsed on every check and control call, and the
        // Reach lab makes a million of those.
        fn half(hex: &[u8]) -> Option<u64> {
            let (value, invalid) = hex.iter().fold((0u64, 0u8), |(value, invalid), &b| {
                let digit = HEX_VALUE[usize::from(b)];
                (value << 4 | u64::from(digit & 0xf), invalid | digit)
            });
            (invalid & 0xf0 == 0).then_some(value)
        }
        let bytes = text.as_bytes();
        if bytes.len() != 32 {
            return None;
        }
        let (high, low) = (half(&bytes[..16])?, half(&bytes[16..])?);
        Some(RequestId(u128::from(high) << 64 | u128::from(low)))
    }
}

impl RequestId {
    /// Appends the id as the API writes it, without a temporary string: the Reach lab
    /// writes one per simulated check.
    pub fn push_to(self, text: &mut String) {
        text.extend(self.hex().iter().map(|&b| char::from(b)));
    }

    /// The 32 lowercase hex digits. The halves are shifted as `u64`s: shifting a `u128` is
    /// a library call in WebAssembly.
    fn hex(self) -> [u8; 32] {
        const HEX: &[u8; 16] = b"0123456789abcdef";
        let mut digits = [0u8; 32];
        let halves = [(self.0 >> 64) as u64, self.0 as u64];
        for (chunk, half) in digits.chunks_exact_mut(16).zip(halves) {
            for (i, digit) in chunk.iter_mut().enumerate() {
                *digit = HEX[(half >> ((15 - i) * 4)) as usize & 0xf];
            }
        }
        digits
    }
}

impl fmt::Display for RequestId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let digits = self.hex();
        f.write_str(std::str::from_utf8(&digits).map_err(|_| fmt::Error)?)
    }
}

impl Serialize for RequestId {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(self)
    }
}

/// One delivery's id (an SMS or a call), shown like the dashed UUIDs the API returns today.
#[derive(Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Debug)]
pub struct EventId(pub u128);

impl EventId {
    /// Makes an id from random bits, marked as a version-4 UUID like the real ones.
    pub fn from_random(bits: u128) -> EventId {
        let version = (bits & !(0xf << 76)) | (0x4 << 76);
        EventId((version & !(0x3 << 62)) | (0x2 << 62))
    }
}

impl EventId {
    /// Reads an id in the form [`EventId`] prints (`8-4-4-4-12` lowercase hex digits).
    pub fn parse(text: &str) -> Option<EventId> {
        let bytes = text.as_bytes();
        if bytes.len() != 36 || [8, 13, 18, 23].iter().any(|&i| bytes[i] != b'-') {
            return None;
        }
        let mut hex = [0u8; 32];
        let digits = bytes.iter().filter(|&&b| b != b'-');
        for (slot, &b) in hex.iter_mut().zip(digits) {
            *slot = b;
        }
        RequestId::parse(std::str::from_utf8(&hex).ok()?).map(|id| EventId(id.0))
    }
}

impl fmt::Display for EventId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let v = self.0;
        write!(
            f,
            "{:08x}-{:04x}-{:04x}-{:04x}-{:012x}",
            (v >> 96) as u32,
            (v >> 80) as u16,
            (v >> 64) as u16,
            (v >> 48) as u16,
            v & 0xffff_ffff_ffff
        )
    }
}

impl Serialize for EventId {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(self)
    }
}

/// A Verify v2 identifier: a version-4 UUID drawn from the engine's seed, written
/// lowercase and dashed (`8-4-4-4-12`), as v2 request ids and problem `instance`s are.
#[derive(Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Debug)]
pub struct Uuid(pub u128);

impl Uuid {
    /// Makes a UUID from random bits, with the version-4 and variant bits set.
    pub fn from_random(bits: u128) -> Uuid {
        Uuid(EventId::from_random(bits).0)
    }

    /// Reads a UUID in the exact form [`Uuid`] prints; anything else (upper case, no
    /// dashes) names nothing, as [`RequestId::parse`] does for v1 ids.
    pub fn parse(text: &str) -> Option<Uuid> {
        EventId::parse(text).map(|id| Uuid(id.0))
    }
}

impl fmt::Display for Uuid {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Display::fmt(&EventId(self.0), f)
    }
}

impl Serialize for Uuid {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(self)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn request_ids_round_trip_and_reject_other_forms() {
        let id = RequestId(0xc5037cb8b47449158ed6611afde58990);
        assert_eq!(id.to_string(), "c5037cb8b47449158ed6611afde58990");
        assert_eq!(RequestId::parse(&id.to_string()), Some(id));
        assert_eq!(RequestId(1).to_string().len(), 32);
        assert_eq!(RequestId::parse("C5037CB8B47449158ED6611AFDE58990"), None);
        assert_eq!(RequestId::parse("c5037cb8b47449158ed6611afde5899"), None);
        assert_eq!(RequestId::parse("+5037cb8b47449158ed6611afde58990"), None);
    }

    #[test]
    fn request_ids_are_written_as_32_hex_digits() {
        for value in [0, 1, 0xc503_7cb8_b474_4915_8ed6_611a_fde5_8990, u128::MAX] {
            let mut text = String::from("id=");
            RequestId(value).push_to(&mut text);
            assert_eq!(text, format!("id={value:032x}"));
            assert_eq!(RequestId(value).to_string(), format!("{value:032x}"));
        }
    }

    #[test]
    fn event_ids_look_like_v4_uuids() {
        let text = EventId::from_random(u128::MAX).to_string();
        assert_eq!(text, "ffffffff-ffff-4fff-bfff-ffffffffffff");
        let text = EventId::from_random(0).to_string();
        assert_eq!(text, "00000000-0000-4000-8000-000000000000");
        let id = EventId::from_random(0x0123_4567_89ab_cdef_0123_4567_89ab_cdef);
        assert_eq!(EventId::parse(&id.to_string()), Some(id));
        assert_eq!(EventId::parse("00000000-0000-4000-8000-00000000000"), None);
        assert_eq!(EventId::parse("00000000a0000-4000-8000-000000000000"), None);
    }

    #[test]
    fn uuids_are_v4_lowercase_dashed_and_parse_back() {
        let id = Uuid::from_random(0xdead_beef_0123_4567_89ab_cdef_fedc_ba98);
        let text = id.to_string();
        assert_eq!(text, "deadbeef-0123-4567-89ab-cdeffedcba98");
        assert_eq!(Uuid::parse(&text), Some(id));
        assert_eq!(Uuid::parse(&text.to_uppercase()), None);
        assert_eq!(Uuid::parse("deadbeef0123456789abcdeffedcba98"), None);
    }
}
