//! The sessions of a server: one, or one per namespace (`--namespaces`: each `api_key`, or
//! `X-Sim-Namespace` header, gets its own engine and clock, so parallel test suites do not
//! step on each other). Each session has a ticker task that runs what falls due.
//!
//! Two things keep the server up whatever one session does:
//! - **Reclaiming.** The server holds at most [`Bounds::namespaces`](crate::limits::Bounds::namespaces) sessions. When a new
//!   one is needed and every slot is taken, the least recently used *idle* session is
//!   dropped to make room. Idle means: nobody holds it (no request in flight), no
//!   event-stream subscriber, nothing in progress in its engine (`next_due()` is `None`:
//!   every request has ended, so nothing more can happen in it by itself), and no call nor
//!   helper used it for at least its retention in real time (an hour, [`Bounds::forever_idle`](crate::limits::Bounds::forever_idle),
//!   with `--retention forever`). The ended requests a reclaimed session still knew were
//!   due to be forgotten by then; a client that comes back gets a fresh session.
//! - **Supervision.** A ticker that panics (it should not, but a bug might) is seen by a
//!   supervisor task: it logs it on stderr and marks the session broken. A broken session
//!   answers 503 ([`Unavailable::Broken`]); the process and every other session go on.

use std::collections::HashMap;
use std::fmt;
use std::sync::atomic::Ordering;
use std::sync::{Arc, Mutex, MutexGuard};
use std::time::{Duration, Instant};

use axum::http::StatusCode;
use tokio::sync::watch;
use verify_engine::Millis;

use crate::clock::SimClock;
use crate::limits::{LimitHit, Limits};
use crate::reply::Refused;
use crate::session::{Session, SessionConfig, Surroundings};
pub use crate::ticker::Shared;
use crate::ticker::{supervise, tick};

/// The holders of a session's `Arc` when nobody uses it: the map and its ticker.
const HOLDERS_AT_REST: usize = 2;

/// Why a session cannot be had.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Unavailable {
    /// Every slot is taken by a session that is not idle (429).
    Full(LimitHit),
    /// The session stopped working (503): something panicked in it.
    Broken {
        /// The namespace (empty without `--namespaces`).
        namespace: String,
        /// What happened.
        why: String,
    },
}

impl fmt::Display for Unavailable {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Unavailable::Full(hit) => hit.fmt(f),
            Unavailable::Broken { namespace, why } => {
                let which = if namespace.is_empty() {
                    "this emulator's session".to_owned()
                } else {
                    format!("the session of namespace {namespace:?}")
                };
                write!(
                    f,
                    "{which} stopped working ({why}) and cannot answer; other namespaces are \
                     not affected. Restart the emulator to get it back"
                )
            }
        }
    }
}

impl std::error::Error for Unavailable {}

impl From<Unavailable> for Refused {
    fn from(unavailable: Unavailable) -> Refused {
        match unavailable {
            Unavailable::Full(hit) => hit.into(),
            broken @ Unavailable::Broken { .. } => {
                Refused::new(StatusCode::SERVICE_UNAVAILABLE, broken.to_string())
            }
        }
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
    limits: Arc<Limits>,
    /// The moment `last_used` counts from.
    started: Instant,
    /// The origin and callback queue every session gets.
    surroundings: Surroundings,
}

impl Namespaces {
    /// No session yet; they are made on first use.
    pub fn new(
        config: SessionConfig,
        speed: f64,
        paused: bool,
        enabled: bool,
        epoch: u64,
        shutdown: watch::Receiver<bool>,
        limits: Arc<Limits>,
    ) -> Namespaces {
        Namespaces {
            config,
            speed,
            paused,
            enabled,
            epoch,
            map: Mutex::new(HashMap::new()),
            shutdown,
            limits,
            started: Instant::now(),
            surroundings: Surroundings::default(),
        }
    }

    /// The same, its sessions given `surroundings` (the server's origin and callback
    /// queue) instead of the defaults.
    pub fn around(self, surroundings: Surroundings) -> Namespaces {
        Namespaces {
            surroundings,
            ..self
        }
    }

    fn name<'a>(&self, namespace: &'a str) -> &'a str {
        if self.enabled {
            namespace
        } else {
            ""
        }
    }

    /// What a session of `name` is made with: the server's surroundings, a named
    /// namespace's `check_url`s under `/ns/NAME` so that opening one reaches its session
    /// ([`crate::v2::namespace_origin`]).
    fn surroundings_of(&self, name: &str) -> Surroundings {
        let mut surroundings = self.surroundings.clone();
        if !name.is_empty() {
            surroundings.origin =
                Arc::from(crate::v2::namespace_origin(&surroundings.origin, name));
        }
        surroundings
    }

    fn map(&self) -> MutexGuard<'_, HashMap<String, Arc<Shared>>> {
        self.map.lock().unwrap_or_else(|p| p.into_inner())
    }

    fn elapsed(&self) -> u64 {
        self.started.elapsed().as_millis() as u64
    }

    /// The session of `namespace` (ignored without `--namespaces`), made if new, when
    /// there is room or an idle session can be reclaimed for it.
    pub fn get(&self, namespace: &str) -> Result<Arc<Shared>, Unavailable> {
        let name = self.name(namespace);
        let now = self.elapsed();
        let mut map = self.map();
        if let Some(shared) = map.get(name) {
            if let Some(why) = shared.broken() {
                return Err(Unavailable::Broken {
                    namespace: name.to_owned(),
                    why: why.to_owned(),
                });
            }
            shared.last_used.store(now, Ordering::Release);
            return Ok(shared.clone());
        }
        if map.len() >= self.limits.bounds.namespaces && !self.reclaim_one(&mut map, now) {
            return Err(Unavailable::Full(LimitHit::Namespaces(
                self.limits.bounds.namespaces,
            )));
        }
        let clock = SimClock::new(self.speed, self.paused, Instant::now());
        let session = Session::new(
            self.config,
            clock,
            self.epoch,
            self.limits.recording_share(),
            self.surroundings_of(name),
        );
        let shared = Arc::new(Shared::new(session, now));
        map.insert(name.to_owned(), shared.clone());
        let ticker = tokio::spawn(tick(shared.clone(), self.shutdown.clone()));
        tokio::spawn(supervise(name.to_owned(), Arc::downgrade(&shared), ticker));
        Ok(shared)
    }

    /// The session of `namespace` if it exists, without making one (nor counting as a
    /// use of it).
    pub fn peek(&self, namespace: &str) -> Option<Arc<Shared>> {
        self.map().get(self.name(namespace)).cloned()
    }

    /// How many sessions the server holds.
    pub fn len(&self) -> usize {
        self.map().len()
    }

    /// Whether the server holds no session yet.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// The `Date` (Unix seconds) a session made now would show: for answers given
    /// without one (refused credentials with no session yet).
    pub fn fresh_date(&self) -> i64 {
        self.config.start.at(0).unix_seconds()
    }

    /// How long a session must be unused before it may be reclaimed: its retention, in
    /// real time, or [`Bounds::forever_idle`](crate::limits::Bounds::forever_idle) when it keeps requests for ever.
    pub fn idle_after(&self) -> Duration {
        match self.config.retention {
            Some(retention) => Duration::from_millis(retention),
            None => self.limits.bounds.forever_idle,
        }
    }

    /// Drops the least recently used idle session, if there is one.
    fn reclaim_one(&self, map: &mut HashMap<String, Arc<Shared>>, now: u64) -> bool {
        let idle_after = self.idle_after().as_millis().min(u64::MAX as u128) as Millis;
        let mut candidates: Vec<(u64, &String)> = map
            .iter()
            .filter(|(_, shared)| Arc::strong_count(shared) <= HOLDERS_AT_REST)
            .map(|(name, shared)| (shared.last_used.load(Ordering::Acquire), name))
            .filter(|&(used, _)| now.saturating_sub(used) >= idle_after)
            .collect();
        candidates.sort_unstable();
        let chosen = candidates.into_iter().find_map(|(_, name)| {
            let shared = &map[name];
            if shared.broken().is_some() {
                return Some(name.clone());
            }
            // Busy (a request or the ticker holds it): not idle.
            let Ok(mut session) = shared.session.try_lock() else {
                return None;
            };
            let quiet = !session.watched() && session.clock_view(Instant::now()).next.is_none();
            quiet.then(|| name.clone())
        });
        let Some(name) = chosen else {
            return false;
        };
        if let Some(shared) = map.remove(&name) {
            shared.closed.store(true, Ordering::Release);
            shared.changed();
        }
        true
    }
}

/// The default bound on namespaces (see [`crate::limits`]).
pub use crate::limits::MAX_NAMESPACES;
