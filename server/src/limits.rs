//! The bounds of a whole server, whatever its clients do: how many namespaces, event-stream
//! subscribers, recorded calls and connections it holds at once, and how long a request
//! may take to arrive. Per-session caps (the recording's, the stream's buffer) keep one
//! session small; these keep the sum of them small, so that no client, however many
//! `api_key`s or streams it opens, can take the server's memory or lock others out.
//!
//! A bound that is hit answers a JSON error naming it ([`LimitHit`]): 429 for namespaces
//! (a client can free one by waiting), 503 for the others (the server is full).

use std::fmt;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::Duration;

use axum::http::StatusCode;

use crate::reply::Refused;

/// The most namespaces a server holds by default (each is an engine and a task).
pub const MAX_NAMESPACES: usize = 1024;

/// The most event-stream subscribers across the server by default.
pub const MAX_SUBSCRIBERS: usize = 256;

/// The most recorded calls across the server's sessions by default (a recorded call is a
/// few hundred bytes, so a few hundred megabytes at most).
pub const MAX_RECORDED_CALLS: usize = 1_000_000;

/// The most open connections by default (the SSE streams among them).
pub const MAX_CONNECTIONS: usize = 1024;

/// How long a request's line and headers may take to arrive by default; an idle
/// keep-alive connection is closed after as long.
pub const HEADER_TIMEOUT: Duration = Duration::from_secs(30);

/// How long a request's body may take to arrive by default.
pub const BODY_TIMEOUT: Duration = Duration::from_secs(30);

/// How long a namespace kept `--retention forever` must be unused before it may be
/// reclaimed by default (others wait for their retention).
pub const FOREVER_IDLE: Duration = Duration::from_secs(3600);

/// The bounds of a server. [`Bounds::default`] is what `verify-server` runs with; tests
/// lower them to reach them quickly.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Bounds {
    /// The most namespaces at once.
    pub namespaces: usize,
    /// The most event-stream subscribers at once, across every session.
    pub subscribers: usize,
    /// The most recorded calls held at once, across every session.
    pub recorded_calls: usize,
    /// The most open connections at once.
    pub connections: usize,
    /// How long a request's line and headers may take to arrive (and how long an idle
    /// keep-alive connection stays open).
    pub header_timeout: Duration,
    /// How long a request's body may take to arrive once its headers have.
    pub body_timeout: Duration,
    /// How long a namespace kept for ever must be unused before it may be reclaimed.
    pub forever_idle: Duration,
}

impl Default for Bounds {
    fn default() -> Bounds {
        Bounds {
            namespaces: MAX_NAMESPACES,
            subscribers: MAX_SUBSCRIBERS,
            recorded_calls: MAX_RECORDED_CALLS,
            connections: MAX_CONNECTIONS,
            header_timeout: HEADER_TIMEOUT,
            body_timeout: BODY_TIMEOUT,
            forever_idle: FOREVER_IDLE,
        }
    }
}

/// A server-wide bound that was reached, answered as a JSON error that names it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum LimitHit {
    /// Every namespace slot is taken by a session in use (or not idle long enough).
    Namespaces(usize),
    /// As many event streams as the server serves are open.
    Subscribers(usize),
    /// The sessions hold as many recorded calls as the server keeps.
    RecordedCalls(usize),
    /// As many connections as the server takes are open.
    Connections(usize),
}

impl LimitHit {
    /// The HTTP status it is answered with.
    pub fn status(self) -> StatusCode {
        match self {
            LimitHit::Namespaces(_) => StatusCode::TOO_MANY_REQUESTS,
            _ => StatusCode::SERVICE_UNAVAILABLE,
        }
    }
}

impl fmt::Display for LimitHit {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            LimitHit::Namespaces(n) => write!(
                f,
                "this emulator already holds {n} namespaces (one per api_key or \
                 X-Sim-Namespace), none of them idle long enough to be reclaimed: retry \
                 later, restart it, or run without --namespaces"
            ),
            LimitHit::Subscribers(n) => write!(
                f,
                "this emulator already serves {n} event streams (/_sim/events), its bound \
                 across all sessions: close one and retry"
            ),
            LimitHit::RecordedCalls(n) => write!(
                f,
                "this emulator already holds {n} recorded calls across its sessions, its \
                 bound: the call was not made; a session's recording empties when nothing \
                 is in progress in it, or POST /_sim/reset empties it"
            ),
            LimitHit::Connections(n) => write!(
                f,
                "this emulator already has {n} connections open, its bound: retry later"
            ),
        }
    }
}

impl std::error::Error for LimitHit {}

impl From<LimitHit> for Refused {
    fn from(hit: LimitHit) -> Refused {
        Refused::new(hit.status(), hit.to_string())
    }
}

/// The counters behind the bounds, shared by every session and connection.
#[derive(Debug)]
pub struct Limits {
    /// The bounds.
    pub bounds: Bounds,
    subscribers: AtomicUsize,
    recorded: AtomicUsize,
}

impl Limits {
    /// Nothing counted yet.
    pub fn new(bounds: Bounds) -> Arc<Limits> {
        Arc::new(Limits {
            bounds,
            subscribers: AtomicUsize::new(0),
            recorded: AtomicUsize::new(0),
        })
    }

    /// A place for one more event-stream subscriber, held until the permit is dropped
    /// (when its stream ends or its client goes).
    pub fn subscribe(self: &Arc<Limits>) -> Result<SubscriberPermit, LimitHit> {
        let bound = self.bounds.subscribers;
        self.subscribers
            .fetch_update(Ordering::AcqRel, Ordering::Acquire, |n| {
                (n < bound).then_some(n + 1)
            })
            .map_err(|_| LimitHit::Subscribers(bound))?;
        Ok(SubscriberPermit {
            limits: self.clone(),
        })
    }

    /// How many event streams are open.
    pub fn subscribers(&self) -> usize {
        self.subscribers.load(Ordering::Acquire)
    }

    /// How many recorded calls the sessions hold.
    pub fn recorded(&self) -> usize {
        self.recorded.load(Ordering::Acquire)
    }

    /// A session's share of the recorded calls, starting at none.
    pub fn recording_share(self: &Arc<Limits>) -> RecordedShare {
        RecordedShare {
            limits: self.clone(),
            held: 0,
        }
    }
}

/// One event-stream subscriber counted against [`Bounds::subscribers`]; dropping it gives
/// the place back.
#[derive(Debug)]
pub struct SubscriberPermit {
    limits: Arc<Limits>,
}

impl Drop for SubscriberPermit {
    fn drop(&mut self) {
        self.limits.subscribers.fetch_sub(1, Ordering::AcqRel);
    }
}

/// The recorded calls one session holds, counted against [`Bounds::recorded_calls`]. The
/// session says how many it holds after each change ([`RecordedShare::set`]) and asks
/// before holding one more ([`RecordedShare::room_for_one`]); dropping it (the session
/// reclaimed) gives them all back.
#[derive(Debug)]
pub struct RecordedShare {
    limits: Arc<Limits>,
    held: usize,
}

impl RecordedShare {
    /// Whether one more call may be recorded without passing the server's bound.
    pub fn room_for_one(&self) -> Result<(), LimitHit> {
        let bound = self.limits.bounds.recorded_calls;
        if self.limits.recorded() < bound {
            Ok(())
        } else {
            Err(LimitHit::RecordedCalls(bound))
        }
    }

    /// The session now holds `held` recorded calls.
    pub fn set(&mut self, held: usize) {
        if held >= self.held {
            self.limits
                .recorded
                .fetch_add(held - self.held, Ordering::AcqRel);
        } else {
            self.limits
                .recorded
                .fetch_sub(self.held - held, Ordering::AcqRel);
        }
        self.held = held;
    }
}

impl Drop for RecordedShare {
    fn drop(&mut self) {
        self.set(0);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn small() -> Arc<Limits> {
        Limits::new(Bounds {
            subscribers: 2,
            recorded_calls: 3,
            ..Bounds::default()
        })
    }

    #[test]
    fn subscribers_are_counted_until_their_permit_goes() {
        let limits = small();
        let a = limits.subscribe().unwrap();
        let b = limits.subscribe().unwrap();
        let refused = limits.subscribe().unwrap_err();
        assert_eq!(refused, LimitHit::Subscribers(2));
        assert_eq!(refused.status(), StatusCode::SERVICE_UNAVAILABLE);
        assert!(refused.to_string().contains("2 event streams"));
        drop(a);
        assert_eq!(limits.subscribers(), 1);
        let _c = limits.subscribe().unwrap();
        drop(b);
        assert_eq!(limits.subscribers(), 1);
    }

    #[test]
    fn recorded_calls_are_summed_over_sessions_and_given_back() {
        let limits = small();
        let mut one = limits.recording_share();
        let mut two = limits.recording_share();
        one.set(2);
        two.set(1);
        assert_eq!(limits.recorded(), 3);
        assert_eq!(two.room_for_one(), Err(LimitHit::RecordedCalls(3)));
        one.set(0);
        assert!(two.room_for_one().is_ok());
        two.set(3);
        drop(two);
        assert_eq!(limits.recorded(), 0);
        assert_eq!(
            Refused::from(LimitHit::Namespaces(4)).status,
            StatusCode::TOO_MANY_REQUESTS
        );
    }
}
