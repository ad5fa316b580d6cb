//! Simulated time for a server: it follows the wall clock times a speed, or stands still
//! while paused, and jumps when a test says so.

use std::time::{Duration, Instant};

use verify_engine::Millis;

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
    /// A clock at simulated time 0, now.
    pub fn new(speed: f64, paused: bool, real: Instant) -> SimClock {
        SimClock {
            anchor_real: real,
            anchor_sim: 0,
            speed,
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
        self.anchor_sim + (elapsed * self.speed * 1000.0) as Millis
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

    /// Changes the speed from now on.
    pub fn set_speed(&mut self, speed: f64, real: Instant) {
        self.anchor(real);
        self.speed = speed;
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

    /// When the wall clock reaches simulated time `sim`; `None` while paused.
    pub fn real_at(&self, sim: Millis, real_now: Instant) -> Option<Instant> {
        if self.paused {
            return None;
        }
        let ahead = sim.saturating_sub(self.now(real_now));
        let wait = Duration::from_secs_f64(ahead as f64 / 1000.0 / self.speed);
        Some(real_now + wait)
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
}
