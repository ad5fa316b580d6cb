//! A session as the server shares it ([`Shared`]: the session behind its lock, and what
//! wakes its ticker), the ticker that runs what falls due on time, and the supervisor
//! that sees a ticker panic.
//!
//! The ticker sleeps until the next scheduled thing or until told the schedule changed.
//! A clock change, a reset or a helper always tells it; an API call only when it must
//! hear ([`Shared::called`]), since at thousands of calls a second a wake-up for nothing
//! per call is a large part of the server's work.

use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::{Arc, Mutex, MutexGuard, OnceLock, Weak};
use std::time::{Duration, Instant};

use tokio::sync::{watch, Notify};
use tokio::task::JoinHandle;

use crate::session::Session;

/// The ticker's plan when it has none: it wakes only when told.
const NEVER: u64 = u64::MAX;

/// How often a watched session tells the stream the time while its clock runs.
const CLOCK_EVERY: Duration = Duration::from_millis(250);

/// A session and what wakes its ticker. The session sits behind a `std::sync::Mutex`, not
/// tokio's: nothing awaits while holding it, and every critical section is short (one
/// call, one clock change), so a plain mutex is cheaper and cannot be held across a
/// suspension point by mistake.
pub struct Shared {
    pub(crate) session: Mutex<Session>,
    /// Notified when the schedule may have changed (a call, a clock change, a reset).
    wake: Notify,
    /// When the ticker plans to wake by itself, in nanoseconds after `born` ([`NEVER`]:
    /// only when told). The ticker writes it and callers read it while holding the
    /// session, so a call sees the plan the ticker last made.
    planned: AtomicU64,
    /// The moment `planned` counts from.
    born: Instant,
    /// Why the session no longer answers, once something panicked in it.
    broken: OnceLock<String>,
    /// Set when the session is reclaimed: its ticker ends.
    pub(crate) closed: AtomicBool,
    /// When it was last used, in milliseconds since the server started.
    pub(crate) last_used: AtomicU64,
    /// Makes the ticker panic at its next wake (tests of the supervisor only).
    #[cfg(feature = "test-hooks")]
    explode: AtomicBool,
}

impl Shared {
    pub(crate) fn new(session: Session, now: u64) -> Shared {
        Shared {
            session: Mutex::new(session),
            wake: Notify::new(),
            planned: AtomicU64::new(NEVER),
            born: Instant::now(),
            broken: OnceLock::new(),
            closed: AtomicBool::new(false),
            last_used: AtomicU64::new(now),
            #[cfg(feature = "test-hooks")]
            explode: AtomicBool::new(false),
        }
    }

    /// The session, locked. If a request panicked while it held the lock, the session is
    /// marked broken (it may be half-changed: later requests get 503) and this request
    /// goes on with it as that call left it.
    pub fn lock(&self) -> MutexGuard<'_, Session> {
        self.session.lock().unwrap_or_else(|poisoned| {
            self.mark_broken("a request panicked while using it".into());
            poisoned.into_inner()
        })
    }

    /// Tells the ticker the schedule changed.
    pub fn changed(&self) {
        self.wake.notify_one();
    }

    /// Tells the ticker that an API call was made in `session` (still held), if it must
    /// hear it: when something now falls due before the ticker planned to wake, or when
    /// a playground watches (the ticker tells it the time after each call). Otherwise
    /// (a paused clock, or nothing due sooner than planned) the ticker sleeps on: waking
    /// it for nothing cost a task switch and a turn of the session's lock per request.
    pub fn called(&self, session: &mut Session, real: Instant) {
        let sooner = session
            .next_wake(real)
            .is_some_and(|at| self.nanos(at) < self.planned.load(Ordering::Relaxed));
        if sooner || session.watched() {
            self.changed();
        }
    }

    /// `at` in nanoseconds after `born` (below [`NEVER`]).
    fn nanos(&self, at: Instant) -> u64 {
        let nanos = at.saturating_duration_since(self.born).as_nanos();
        nanos.min(u128::from(NEVER - 1)) as u64
    }

    /// Why the session no longer answers, if it does not.
    pub fn broken(&self) -> Option<&str> {
        self.broken.get().map(String::as_str)
    }

    pub(crate) fn mark_broken(&self, why: String) {
        if self.broken.set(why.clone()).is_ok() {
            eprintln!("verify-server: a session stopped working ({why}); it answers 503 from now on, the others go on");
        }
    }

    /// Makes the ticker panic at its next wake, as a bug would: the supervisor must log it
    /// and mark the session broken. Only with the `test-hooks` feature, which only the
    /// tests enable (no request can reach it).
    #[cfg(feature = "test-hooks")]
    pub fn panic_ticker(&self) {
        self.explode.store(true, Ordering::SeqCst);
        self.changed();
    }
}

/// Waits for a session's ticker; if it panicked, logs why and marks the session broken.
/// Holds the session weakly: a reclaimed session is not kept for it.
pub(crate) async fn supervise(namespace: String, shared: Weak<Shared>, ticker: JoinHandle<()>) {
    let Err(error) = ticker.await else {
        return;
    };
    if !error.is_panic() {
        return;
    }
    let payload = error.into_panic();
    let message = payload
        .downcast_ref::<&str>()
        .map(|s| (*s).to_owned())
        .or_else(|| payload.downcast_ref::<String>().cloned())
        .unwrap_or_else(|| "no message".to_owned());
    eprintln!("verify-server: the ticker of namespace {namespace:?} panicked: {message}");
    if let Some(shared) = shared.upgrade() {
        shared.mark_broken(format!("its ticker panicked: {message}"));
    }
}

/// Runs what falls due in a session, on time: sleeps until the next scheduled thing (or a
/// change of schedule), runs it, and while a playground watches a running clock, tells it
/// the time every [`CLOCK_EVERY`]. Stops when the server does or the session is reclaimed.
pub(crate) async fn tick(shared: Arc<Shared>, mut shutdown: watch::Receiver<bool>) {
    loop {
        if shared.closed.load(Ordering::Acquire) {
            return;
        }
        #[cfg(feature = "test-hooks")]
        if shared.explode.load(Ordering::SeqCst) {
            panic!("forced by a test (the test-hooks feature)");
        }
        let deadline = {
            let mut session = shared.lock();
            let real = Instant::now();
            session.sync(real);
            if session.watched() {
                session.send_clock(real);
            }
            let due = session.next_wake(real);
            let beat = (session.watched() && session.running()).then(|| real + CLOCK_EVERY);
            let deadline = match (due, beat) {
                (Some(a), Some(b)) => Some(a.min(b)),
                (a, b) => a.or(b),
            };
            let planned = deadline.map_or(NEVER, |at| shared.nanos(at));
            shared.planned.store(planned, Ordering::Relaxed);
            deadline
        };
        let sleep = async {
            match deadline {
                Some(at) => tokio::time::sleep_until(at.into()).await,
                None => std::future::pending().await,
            }
        };
        tokio::select! {
            () = sleep => {}
            () = shared.wake.notified() => {}
            _ = shutdown.changed() => return,
        }
    }
}
