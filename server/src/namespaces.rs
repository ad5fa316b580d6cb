//! The sessions of a server: one, or one per namespace (`--namespaces`: each `api_key`, or
//! `X-Sim-Namespace` header, gets its own engine and clock, so parallel test suites do not
//! step on each other). Each session has a ticker task that runs what falls due.

use std::collections::HashMap;
use std::sync::{Arc, Mutex, MutexGuard};
use std::time::{Duration, Instant};

use tokio::sync::{watch, Notify};

use crate::clock::SimClock;
use crate::session::{Session, SessionConfig};

/// The most namespaces a server holds (each is an engine and a task).
pub const MAX_NAMESPACES: usize = 1024;

/// How often a watched session tells the stream the time while its clock runs.
const CLOCK_EVERY: Duration = Duration::from_millis(250);

/// A session and what wakes its ticker. The session sits behind a `std::sync::Mutex`, not
/// tokio's: nothing awaits while holding it, and every critical section is short (one
/// call, one clock change), so a plain mutex is cheaper and cannot be held across a
/// suspension point by mistake.
pub struct Shared {
    session: Mutex<Session>,
    /// Notified when the schedule may have changed (a call, a clock change, a reset).
    wake: Notify,
}

impl Shared {
    /// The session, locked. A panic elsewhere while it was held does not stop the server:
    /// the session is used as that call left it.
    pub fn lock(&self) -> MutexGuard<'_, Session> {
        self.session
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
    }

    /// Tells the ticker the schedule changed.
    pub fn changed(&self) {
        self.wake.notify_one();
    }
}

/// Every session of the server.
pub struct Namespaces {
    config: SessionConfig,
    speed: f64,
    paused: bool,
    /// Whether each namespace gets its own session.
    pub enabled: bool,
    /// The epoch of new sessions: differs between server runs, so that a client
    /// resuming after a restart starts over.
    epoch: u64,
    map: Mutex<HashMap<String, Arc<Shared>>>,
    shutdown: watch::Receiver<bool>,
}

/// More namespaces than [`MAX_NAMESPACES`].
#[derive(Debug)]
pub struct TooMany;

impl Namespaces {
    /// No session yet; they are made on first use.
    pub fn new(
        config: SessionConfig,
        speed: f64,
        paused: bool,
        enabled: bool,
        epoch: u64,
        shutdown: watch::Receiver<bool>,
    ) -> Namespaces {
        Namespaces {
            config,
            speed,
            paused,
            enabled,
            epoch,
            map: Mutex::new(HashMap::new()),
            shutdown,
        }
    }

    /// The session of `namespace` (ignored without `--namespaces`), made if new.
    pub fn get(&self, namespace: &str) -> Result<Arc<Shared>, TooMany> {
        let name = if self.enabled { namespace } else { "" };
        let mut map = self.map.lock().unwrap_or_else(|p| p.into_inner());
        if let Some(shared) = map.get(name) {
            return Ok(shared.clone());
        }
        if map.len() >= MAX_NAMESPACES {
            return Err(TooMany);
        }
        let clock = SimClock::new(self.speed, self.paused, Instant::now());
        let shared = Arc::new(Shared {
            session: Mutex::new(Session::new(self.config.clone(), clock, self.epoch)),
            wake: Notify::new(),
        });
        map.insert(name.to_owned(), shared.clone());
        tokio::spawn(tick(shared.clone(), self.shutdown.clone()));
        Ok(shared)
    }
}

/// Runs what falls due in a session, on time: sleeps until the next scheduled thing (or a
/// change of schedule), runs it, and while a playground watches a running clock, tells it
/// the time every [`CLOCK_EVERY`]. Stops when the server does.
async fn tick(shared: Arc<Shared>, mut shutdown: watch::Receiver<bool>) {
    loop {
        let deadline = {
            let mut session = shared.lock();
            let real = Instant::now();
            session.sync(real);
            if session.watched() {
                session.send_clock(real);
            }
            let due = session.next_wake(real);
            let beat = (session.watched() && session.running()).then(|| real + CLOCK_EVERY);
            match (due, beat) {
                (Some(a), Some(b)) => Some(a.min(b)),
                (a, b) => a.or(b),
            }
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
