//! Simulated time for a server: it follows the wall clock times a speed, or stands still
//! while paused, and jumps when a test says so.
//!
//! Every speed comes through [`valid_speed`] (the command line's `--speed` and
//! `POST /_sim/clock`'s `speed` alike), and every conversion back to the wall clock is
//! checked and capped ([`SimClock::real_at`]), so no value a client chooses can reach a
//! conversion that panics.

use std::fmt;
use std::time::{Duration, Instant};

use verify_engine::Millis;

/// The slowest speed accepted: a thousandth of a simulated second per real second.
pub const MIN_SPEED: f64 = 0.001;

/// The fastest speed accepted: a million simulated seconds (11.6 days) per real second.
pub const MAX_SPEED: f64 = 1_000_000.0;

/// The longest a ticker waits before it looks again at what falls due. A wait that would
/// be longer (something due in a simulated year at a slow speed) is cut to this, so no
/// wall-clock deadline is ever far enough to overflow `Instant`.
pub const MAX_WAIT: Duration = Duration::from_secs(3600);

/// A speed outside `MIN_SPEED..=MAX_SPEED`, or not a finite number.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct SpeedError(pub f64);

impl fmt::Display for SpeedError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "the speed must be a number of simulated seconds per real second from 0.001 to \
             1000000 (got {})",
            self.0
        )
    }
}

impl std::error::Error for SpeedError {}

/// `speed` if it is a finite number from [`MIN_SPEED`] to [`MAX_SPEED`]. The one check
/// every speed passes (the command line and `/_sim/clock`): slower speeds would make the
/// wall-clock wait for the next event overflow, faster ones would skip whole workflows
/// between two ticks.
pub fn valid_speed(speed: f64) -> Result<f64, SpeedError> {
    if speed.is_finite() && (MIN_SPEED..=MAX_SPEED).contains(&speed) {
        Ok(speed)
    } else {
        Err(SpeedError(speed))
    }
}

/// Simulated milliseconds as a function of the wall clock. Only ever moves forward: every
/// change re-anchors at the current simulated time.
#[derive(Clone, Copy, Debug)]
pub struct SimClock {
    anchor_real: Instant,
    anchor_sim: Millis,
    speed: f64,
    paused: bool,
}

impl SimClock {
    /// A clock at simulated time 0, now. `speed` should have passed [`valid_speed`]; one
    /// that did not is brought within range, never trusted.
    pub fn new(speed: f64, paused: bool, real: Instant) -> SimClock {
        SimClock {
            anchor_real: real,
            anchor_sim: 0,
            speed: clamp_speed(speed),
            paused,
        }
    }

    /// Simulated time at wall-clock moment `real`.
    pub fn now(&self, real: Instant) -> Millis {
        if self.paused {
            return self.anchor_sim;
        }
        let elapsed = real
            .saturating_duration_since(self.anchor_real)
            .as_secs_f64();
        // `as` saturates (a float beyond u64 becomes u64::MAX), and the sum saturates too.
        self.anchor_sim
            .saturating_add((elapsed * self.speed * 1000.0) as Millis)
    }

    /// Simulated seconds per real second.
    pub fn speed(&self) -> f64 {
        self.speed
    }

    /// Whether time moves only when told to.
    pub fn paused(&self) -> bool {
        self.paused
    }

    fn anchor(&mut self, real: Instant) {
        self.anchor_sim = self.now(real);
        self.anchor_real = real;
    }

    /// Changes the speed from now on (brought within [`MIN_SPEED`]..=[`MAX_SPEED`]).
    pub fn set_speed(&mut self, speed: f64, real: Instant) {
        self.anchor(real);
        self.speed = clamp_speed(speed);
    }

    /// Pauses or resumes.
    pub fn set_paused(&mut self, paused: bool, real: Instant) {
        self.anchor(real);
        self.paused = paused;
    }

    /// Jumps forward to simulated time `sim` (never back).
    pub fn jump_to(&mut self, sim: Millis, real: Instant) {
        self.anchor(real);
        self.anchor_sim = self.anchor_sim.max(sim);
    }

    /// Back to simulated time 0, keeping speed and pause (a reset session).
    pub fn restart(&mut self, real: Instant) {
        self.anchor_real = real;
        self.anchor_sim = 0;
    }

    /// When the wall clock reaches simulated time `sim`, or [`MAX_WAIT`] from now if that
    /// is sooner (the caller looks again then); `None` while paused.
    pub fn real_at(&self, sim: Millis, real_now: Instant) -> Option<Instant> {
        if self.paused {
            return None;
        }
        let ahead = sim.saturating_sub(self.now(real_now));
        let wait = Duration::try_from_secs_f64(ahead as f64 / 1000.0 / self.speed)
            .map_or(MAX_WAIT, |wait| wait.min(MAX_WAIT));
        Some(real_now.checked_add(wait).unwrap_or(real_now))
    }
}

/// A speed within range: NaN and anything too slow become [`MIN_SPEED`], anything too
/// fast [`MAX_SPEED`]. Only a safety net; requests are refused by [`valid_speed`] first.
fn clamp_speed(speed: f64) -> f64 {
    if speed.is_nan() {
        MIN_SPEED
    } else {
        speed.clamp(MIN_SPEED, MAX_SPEED)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn follows_the_wall_clock_at_its_speed_and_stops_when_paused() {
        let t0 = Instant::now();
        let mut clock = SimClock::new(10.0, false, t0);
        assert_eq!(clock.now(t0 + Duration::from_millis(500)), 5_000);
        clock.set_paused(true, t0 + Duration::from_secs(1));
        assert_eq!(clock.now(t0 + Duration::from_secs(60)), 10_000);
        assert_eq!(clock.real_at(20_000, t0), None);
        clock.jump_to(70_000, t0 + Duration::from_secs(2));
        clock.jump_to(1, t0 + Duration::from_secs(2));
        assert_eq!(clock.now(t0 + Duration::from_secs(3)), 70_000, "never back");
        clock.set_paused(false, t0 + Duration::from_secs(3));
        clock.set_speed(1.0, t0 + Duration::from_secs(3));
        assert_eq!(clock.now(t0 + Duration::from_secs(4)), 71_000);
        let due = clock.real_at(72_000, t0 + Duration::from_secs(4)).unwrap();
        assert_eq!(due, t0 + Duration::from_secs(5));
    }

    #[test]
    fn only_finite_speeds_in_range_pass() {
        for good in [MIN_SPEED, 0.5, 1.0, 60.0, MAX_SPEED] {
            assert_eq!(valid_speed(good), Ok(good));
        }
        for bad in [
            1e-20,
            0.0,
            -1.0,
            0.000_999,
            1_000_000.5,
            1e300,
            f64::NAN,
            f64::INFINITY,
            f64::NEG_INFINITY,
            f64::MIN_POSITIVE,
        ] {
            let refused = valid_speed(bad).unwrap_err();
            assert!(
                refused.to_string().contains("from 0.001 to 1000000"),
                "{bad}"
            );
        }
    }

    #[test]
    fn no_speed_or_distance_makes_the_wait_panic_or_overflow() {
        let t0 = Instant::now();
        for speed in [1e-20, f64::NAN, f64::MIN_POSITIVE, MIN_SPEED, 1.0, 1e300] {
            let mut clock = SimClock::new(speed, false, t0);
            clock.set_speed(speed, t0);
            for due in [0, 1, 1_000, u64::MAX / 2, u64::MAX] {
                let at = clock.real_at(due, t0).expect("running");
                assert!(at >= t0 && at <= t0 + MAX_WAIT, "{speed} {due}");
            }
            // No overflow far in the future either.
            let _ = clock.now(t0 + Duration::from_secs(1_000_000_000));
        }
        let mut clock = SimClock::new(MAX_SPEED, false, t0);
        clock.jump_to(u64::MAX - 1, t0);
        assert_eq!(
            clock.now(t0 + Duration::from_secs(10)),
            u64::MAX,
            "saturates"
        );
        let slow = SimClock::new(MIN_SPEED, false, t0);
        assert_eq!(
            slow.real_at(1_000, t0),
            Some(t0 + MAX_WAIT.min(Duration::from_secs(1000))),
            "one simulated second at 0.001 takes 1000 real seconds"
        );
    }
}
