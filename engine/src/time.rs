//! Simulated time, and the calendar dates the search endpoint prints.

use std::fmt;

use thiserror::Error;

/// Simulated time in milliseconds since the simulation began. The engine never reads a
/// clock: whoever drives it (a test, the scenario runner, the browser's timer) says what
/// time it is.
pub type Millis = u64;

/// Milliseconds in one second, for converting the API's second-based parameters.
pub const SECOND: Millis = 1000;

/// Simulated time as people read it: `m:ss` (`0:00`, `2:05`, `75:00`), fractions of a
/// second rounded down.
pub fn clock(at: Millis) -> String {
    let seconds = at / SECOND;
    format!("{}:{:02}", seconds / 60, seconds % 60)
}

/// The wall-clock moment at which simulated time 0 falls, used only to print search dates.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub struct StartDate {
    /// Seconds since 1970-01-01 00:00:00 (no time zone: the API prints none).
    epoch_seconds: i64,
}

/// A start date that is not `YYYY-MM-DD HH:MM:SS` or names no real moment.
#[derive(Debug, Error, PartialEq, Eq)]
#[error("expected a date like \"2026-01-01 00:00:00\", got \"{0}\"")]
pub struct BadDate(pub String);

impl StartDate {
    /// Reads `YYYY-MM-DD HH:MM:SS`, the format the API prints dates in.
    pub fn parse(text: &str) -> Result<StartDate, BadDate> {
        let bad = || BadDate(text.to_owned());
        let b = text.as_bytes();
        let shape_ok = b.len() == 19
            && b.iter().enumerate().all(|(i, c)| match i {
                4 | 7 => *c == b'-',
                10 => *c == b' ',
                13 | 16 => *c == b':',
                _ => c.is_ascii_digit(),
            });
        if !shape_ok {
            return Err(bad());
        }
        let num = |range: std::ops::Range<usize>| -> i64 {
            text[range]
                .bytes()
                .fold(0, |n, c| n * 10 + i64::from(c - b'0'))
        };
        let (year, month, day) = (num(0..4), num(5..7), num(8..10));
        let (hour, minute, second) = (num(11..13), num(14..16), num(17..19));
        let valid = (1..=12).contains(&month)
            && (1..=days_in_month(year, month)).contains(&day)
            && hour < 24
            && minute < 60
            && second < 60;
        if !valid {
            return Err(bad());
        }
        let days = days_from_civil(year, month, day);
        Ok(StartDate {
            epoch_seconds: days * 86_400 + hour * 3600 + minute * 60 + second,
        })
    }

    /// The moment `seconds` after 1970-01-01 00:00:00 (for a start date taken from a
    /// clock, by a shell that has one).
    pub fn from_unix_seconds(seconds: i64) -> StartDate {
        StartDate {
            epoch_seconds: seconds,
        }
    }

    /// The date printed for simulated time `at`, fractions of a second rounded down.
    pub fn at(self, at: Millis) -> DateTime {
        DateTime(self.epoch_seconds + (at / SECOND) as i64)
    }
}

impl Default for StartDate {
    /// 2026-01-01 00:00:00, the scenario runner's documented default.
    fn default() -> Self {
        StartDate {
            epoch_seconds: days_from_civil(2026, 1, 1) * 86_400,
        }
    }
}

/// A moment printed as `YYYY-MM-DD HH:MM:SS`.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub struct DateTime(i64);

impl DateTime {
    /// Seconds since 1970-01-01 00:00:00 (for an HTTP `Date` header).
    pub fn unix_seconds(self) -> i64 {
        self.0
    }
}

impl fmt::Display for DateTime {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let days = self.0.div_euclid(86_400);
        let secs = self.0.rem_euclid(86_400);
        let (y, m, d) = civil_from_days(days);
        write!(
            f,
            "{y:04}-{m:02}-{d:02} {:02}:{:02}:{:02}",
            secs / 3600,
            secs / 60 % 60,
            secs % 60
        )
    }
}

fn is_leap(year: i64) -> bool {
    year % 4 == 0 && (year % 100 != 0 || year % 400 == 0)
}

fn days_in_month(year: i64, month: i64) -> i64 {
    match month {
        2 if is_leap(year) => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

/// Days since 1970-01-01 of a proleptic Gregorian date (Howard Hinnant's algorithm).
fn days_from_civil(year: i64, month: i64, day: i64) -> i64 {
    let y = if month <= 2 { year - 1 } else { year };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let mp = (month + 9) % 12;
    let doy = (153 * mp + 2) / 5 + day - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

/// The inverse of [`days_from_civil`].
fn civil_from_days(days: i64) -> (i64, i64, i64) {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = doy - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    let year = yoe + era * 400 + i64::from(month <= 2);
    (year, month, day)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn prints_dates_counted_from_the_start() {
        let start = StartDate::parse("2024-02-28 23:59:30").unwrap();
        assert_eq!(start.at(0).to_string(), "2024-02-28 23:59:30");
        assert_eq!(start.at(30_999).to_string(), "2024-02-29 00:00:00");
        assert_eq!(start.at(86_400_000).to_string(), "2024-02-29 23:59:30");
        assert_eq!(
            StartDate::default().at(605_000).to_string(),
            "2026-01-01 00:10:05"
        );
    }

    #[test]
    fn rejects_malformed_or_impossible_dates() {
        for bad in [
            "2026-01-01",
            "2026-01-01T00:00:00",
            "2026-13-01 00:00:00",
            "2025-02-29 00:00:00",
            "2026-01-01 24:00:00",
            "２０26-01-01 00:00:00",
        ] {
            assert!(StartDate::parse(bad).is_err(), "{bad}");
        }
        assert!(StartDate::parse("2024-02-29 12:00:00").is_ok());
    }

    #[test]
    fn civil_conversion_round_trips() {
        for days in -800_000..800_000i64 {
            let (y, m, d) = civil_from_days(days);
            assert_eq!(days_from_civil(y, m, d), days);
        }
    }
}
