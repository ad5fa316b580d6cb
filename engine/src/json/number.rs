//! The arithmetic of a JSON number's digits (the reader finds them): a whole number as a
//! `u64`, anything else as an `f64` computed the way serde_json computes it.

/// Decimal digits as a `u64`, or none if they do not fit.
pub(super) fn whole(digits: &[u8]) -> Option<u64> {
    digits.iter().try_fold(0u64, |n, &d| append_digit(n, d))
}

/// `n` with the decimal digit `digit` (an ASCII byte) written after it, if it fits.
fn append_digit(n: u64, digit: u8) -> Option<u64> {
    n.checked_mul(10)?.checked_add(u64::from(digit - b'0'))
}

/// The value of `integer.fraction` × 10^`exponent` (digits only), computed as serde_json
/// computes it: the first digits that fit a `u64` as the significand (later ones dropped,
/// an integer's counted into the exponent), multiplied or divided by the power of ten.
/// Exact (correctly rounded, and serde_json's) when the significand is below 2^53 and the
/// power within 10^±22, as every number the pages and scenarios write is. Beyond 10^22
/// the power is applied in steps of 10^22 where serde_json applies one rounded power:
/// both within a few units in the last place, not always the same. None if it overflows.
pub(super) fn to_f64(integer: &[u8], fraction: &[u8], exponent: i64) -> Option<f64> {
    let mut significand = 0u64;
    let mut exponent = exponent;
    let mut full = false;
    for &digit in integer {
        match append_digit(significand, digit) {
            Some(n) if !full => significand = n,
            _ => {
                full = true;
                exponent += 1;
            }
        }
    }
    for &digit in fraction {
        match append_digit(significand, digit) {
            Some(n) if !full => {
                significand = n;
                exponent -= 1;
            }
            _ => full = true,
        }
    }
    let mut f = significand as f64;
    if f == 0.0 {
        return Some(f);
    }
    // Powers of ten up to 10^22 are exact in an f64; larger ones are applied in steps.
    let mut power = exponent.unsigned_abs();
    while power > 0 {
        let step = power.min(22);
        let scale = (0..step).fold(1.0f64, |p, _| p * 10.0);
        if exponent > 0 {
            f *= scale;
            if f.is_infinite() {
                return None;
            }
        } else {
            f /= scale;
            if f == 0.0 {
                break;
            }
        }
        power -= step;
    }
    Some(f)
}
