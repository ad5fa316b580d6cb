//! A session as data: its configuration (seed, start date, retention) and its timed calls.
//!
//! The engine is deterministic, so a session *is* its [`SessionConfig`] and the calls made
//! at their simulated times: replaying them on a fresh engine rebuilds it exactly (the same
//! request ids, PINs, deliveries and answers). Every shell keeps a session this way and
//! this module is the one place that knows how: `verify-sim` makes its engine from a
//! config, the emulator records its calls in a [`Journal`] (numbered, so a watcher resumes
//! after a drop; checkpointed when the engine is idle, so memory stays bounded), and the
//! playground replays saved sessions, share links and the emulator's session through
//! [`Journal::replay`]. [`wire`] holds the JSON the emulator and the playground exchange
//! about a session (its `/_sim/` clock and its event stream).

mod replay_line;
pub mod wire;

use serde_json::{Map, Value};
use thiserror::Error;

use crate::engine::Engine;
use crate::params::Call;
use crate::scenario::{format_at, step_line};
use crate::time::{Millis, StartDate, SECOND};

/// What a session's engine is made with. Two engines made from one config and given the
/// same calls at the same times answer the same.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct SessionConfig {
    /// The seed every id and PIN is drawn from.
    pub seed: u64,
    /// The date simulated time 0 stands for (search dates, the emulator's `Date`).
    pub start: StartDate,
    /// How long finished requests stay known; `None`: for ever.
    pub retention: Option<Millis>,
}

/// Why a session's config cannot be read from JSON.
#[derive(Clone, Debug, Error, PartialEq, Eq)]
pub enum ConfigError {
    /// `seed` is absent or not a whole number.
    #[error("no seed (a whole number)")]
    Seed,
    /// `start` is not a `YYYY-MM-DD HH:MM:SS` date.
    #[error("start: {0}")]
    Start(String),
    /// `retention` is neither null nor a whole number of seconds.
    #[error("retention is not a whole number of seconds")]
    Retention,
}

impl SessionConfig {
    /// The default start date, no retention: the playground's own sessions.
    pub fn new(seed: u64) -> SessionConfig {
        SessionConfig {
            seed,
            start: StartDate::default(),
            retention: None,
        }
    }

    /// A fresh engine at time 0 for this session.
    pub fn engine(&self) -> Engine {
        let mut engine = Engine::with_start(self.seed, self.start);
        engine.set_retention(self.retention);
        engine
    }

    /// The config `engine` was made with, its seed as given (an engine does not tell its
    /// original seed).
    pub fn of(engine: &Engine, seed: u64) -> SessionConfig {
        SessionConfig {
            seed,
            start: engine.start_date(),
            retention: engine.retention(),
        }
    }

    /// The `verify-sim` options that replay this session's calls.
    pub fn replay_options(&self) -> String {
        let mut options = format!("--seed {} --start \"{}\"", self.seed, self.start.at(0));
        if let Some(retention) = self.retention {
            options.push_str(&format!(" --retention {}", retention / SECOND));
        }
        options
    }

    /// Writes `seed`, `start` (`YYYY-MM-DD HH:MM:SS`) and `retention` (whole seconds, or
    /// null) into a JSON object: how the emulator's `hello`, saved sessions and share links
    /// carry a session's config.
    pub fn write_json(&self, object: &mut Map<String, Value>) {
        object.insert("seed".into(), self.seed.into());
        object.insert("start".into(), self.start.at(0).to_string().into());
        object.insert(
            "retention".into(),
            self.retention.map(|r| r / SECOND).into(),
        );
    }

    /// Reads what [`SessionConfig::write_json`] writes. `start` may be absent (the
    /// default date), and `retention` absent or null (for ever), as older saves have them.
    pub fn from_json(object: &Value) -> Result<SessionConfig, ConfigError> {
        let seed = object
            .get("seed")
            .and_then(Value::as_u64)
            .ok_or(ConfigError::Seed)?;
        let start = match object.get("start") {
            None | Some(Value::Null) => StartDate::default(),
            Some(value) => {
                let text = value
                    .as_str()
                    .ok_or_else(|| ConfigError::Start("not a date".into()))?;
                StartDate::parse(text).map_err(|e| ConfigError::Start(e.to_string()))?
            }
        };
        let retention = match object.get("retention") {
            None | Some(Value::Null) => None,
            Some(value) => Some(
                value
                    .as_u64()
                    .ok_or(ConfigError::Retention)?
                    .saturating_mul(SECOND),
            ),
        };
        Ok(SessionConfig {
            seed,
            start,
            retention,
        })
    }
}

/// A call as a journal keeps it: replayable on an engine that has made the calls before
/// it. Most shells keep the [`Call`] itself; the playground's saved sessions keep request
/// ids as positions (far shorter), turned back into ids when replayed.
pub trait Replayable {
    /// The call to make on `engine`, which has replayed every call before this one.
    fn resolve(&self, engine: &Engine) -> Result<Call, String>;
}

impl Replayable for Call {
    fn resolve(&self, _engine: &Engine) -> Result<Call, String> {
        Ok(self.clone())
    }
}

/// One timed call.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Entry<C> {
    /// When it was made, in simulated milliseconds.
    pub at: Millis,
    /// The call, as kept.
    pub call: C,
}

/// What a journal replays into: an engine and whatever its owner derives from the
/// answers and deliveries (the playground's log and phones, the emulator's deliveries).
pub trait Replay<C> {
    /// The engine being rebuilt.
    fn engine(&self) -> &Engine;
    /// Runs everything due by `at` (inclusive).
    fn advance_to(&mut self, at: Millis);
    /// Makes `call` (the entry `kept`, resolved) now, keeping what it derives from the
    /// answer.
    fn call(&mut self, call: Call, kept: &C);
}

impl<C> Replay<C> for Engine {
    fn engine(&self) -> &Engine {
        self
    }

    fn advance_to(&mut self, at: Millis) {
        Engine::advance_to(self, at, &mut Vec::new());
    }

    fn call(&mut self, call: Call, _kept: &C) {
        Engine::call(self, &call, &mut Vec::new());
    }
}

/// Why a journal cannot be replayed or added to.
#[derive(Clone, Debug, Error, PartialEq, Eq)]
pub enum JournalError {
    /// A call is earlier than the one before it.
    #[error("call {number} goes back in time (at {at} s, after a call at {previous} s)")]
    OutOfOrder {
        /// The call's number.
        number: u64,
        /// Its time, as scenarios write it.
        at: String,
        /// The time of the call before it.
        previous: String,
    },
    /// A call names something the replayed engine does not have.
    #[error("call {number}: {reason}")]
    Unresolved {
        /// The call's number.
        number: u64,
        /// What is missing.
        reason: String,
    },
}

/// A session's timed calls since its config's seed, numbered from 1 over the journal's
/// whole life (a checkpoint drops the calls but not their numbers).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Journal<C = Call> {
    config: SessionConfig,
    /// The number of `entries[0]`.
    first: u64,
    entries: Vec<Entry<C>>,
}

impl<C> Journal<C> {
    /// An empty journal for a session made with `config`.
    pub fn new(config: SessionConfig) -> Journal<C> {
        Journal {
            config,
            first: 1,
            entries: Vec::new(),
        }
    }

    /// What a fresh engine for the calls held is made with.
    pub fn config(&self) -> &SessionConfig {
        &self.config
    }

    /// The calls held, oldest first.
    pub fn entries(&self) -> &[Entry<C>] {
        &self.entries
    }

    /// How many calls are held.
    pub fn len(&self) -> usize {
        self.entries.len()
    }

    /// Whether no call is held.
    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    /// The number of the newest call ever pushed (0 before the first).
    pub fn last_number(&self) -> u64 {
        self.first + self.entries.len() as u64 - 1
    }

    /// The number of the oldest call held (the next one's when none is held).
    pub fn first_number(&self) -> u64 {
        self.first
    }

    /// Adds a call made at `at`, no earlier than the last one. Returns its number.
    pub fn push(&mut self, at: Millis, call: C) -> Result<u64, JournalError> {
        let number = self.last_number() + 1;
        if let Some(previous) = self.entries.last().map(|e| e.at).filter(|&p| at < p) {
            return Err(JournalError::OutOfOrder {
                number,
                at: format_at(at),
                previous: format_at(previous),
            });
        }
        self.entries.push(Entry { at, call });
        Ok(number)
    }

    /// The calls after number `seen`: what a watcher that has applied calls up to `seen`
    /// still needs. `None` when it cannot be told from what is held: `seen` is older than
    /// the oldest call held (dropped by a checkpoint or [`Journal::forget`]) or newer than
    /// the newest. Any number is safe to pass.
    pub fn since(&self, seen: u64) -> Option<&[Entry<C>]> {
        let from = seen.checked_add(1)?.checked_sub(self.first)?;
        self.entries.get(usize::try_from(from).ok()?..)
    }

    /// Starts over from `engine` if it is idle ([`Engine::idle_seed`]): a fresh engine
    /// with its seed carries on exactly as it does, so the calls made so far are no longer
    /// needed to rebuild the session. Numbering goes on. Returns whether it did.
    pub fn checkpoint(&mut self, engine: &Engine) -> bool {
        let Some(seed) = engine.idle_seed() else {
            return false;
        };
        self.config.seed = seed;
        self.forget();
        true
    }

    /// Drops every call held, keeping the numbering: the session can no longer be rebuilt
    /// from this journal (the emulator does this past its recording bound).
    pub fn forget(&mut self) {
        self.first = self.last_number() + 1;
        self.entries = Vec::new();
    }
}

impl<C: Replayable> Journal<C> {
    /// Replays every call held into `target` (which starts from `self.config().engine()`
    /// or an engine of the same config), each at its time: what was due before it runs
    /// first, then the call. Stops at a call out of time order or one that names what the
    /// engine does not have.
    pub fn replay<T: Replay<C>>(&self, target: &mut T) -> Result<(), JournalError> {
        let mut previous = 0;
        for (entry, number) in self.entries.iter().zip(self.first..) {
            if entry.at < previous {
                return Err(JournalError::OutOfOrder {
                    number,
                    at: format_at(entry.at),
                    previous: format_at(previous),
                });
            }
            previous = entry.at;
            target.advance_to(entry.at);
            let call = entry
                .call
                .resolve(target.engine())
                .map_err(|reason| JournalError::Unresolved { number, reason })?;
            target.call(call, &entry.call);
        }
        Ok(())
    }

    /// A fresh engine with every call held replayed, run up to `now`.
    pub fn rebuild(&self, now: Millis) -> Result<Engine, JournalError> {
        let mut engine = self.config.engine();
        self.replay(&mut engine)?;
        Replay::<C>::advance_to(&mut engine, now);
        Ok(engine)
    }
}

impl<C: AsRef<Call>> Journal<C> {
    /// The calls held as a scenario file that `verify-sim` replays to the same answers: a
    /// comment naming `source` and the options, a step line per call, and a line that
    /// moves the clock to `now`.
    pub fn to_scenario(&self, now: Millis, source: &str) -> String {
        let mut text = format!(
            "# Recorded by {source}: {} calls. Replay: verify-sim {} FILE\n",
            self.entries.len(),
            self.config.replay_options()
        );
        for entry in &self.entries {
            text.push_str(&step_line(entry.at, entry.call.as_ref()));
            text.push('\n');
        }
        text.push_str(&format!("{{\"at\":{}}}\n", format_at(now)));
        text
    }
}

impl AsRef<Call> for Call {
    fn as_ref(&self) -> &Call {
        self
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::params::Endpoint;

    fn verify(number: &str) -> Call {
        Call::from_pairs(Endpoint::Verify, [("number", number), ("brand", "Acme")])
    }

    fn journal_of(calls: usize) -> Journal {
        let mut journal = Journal::new(SessionConfig::new(1));
        for i in 0..calls {
            journal
                .push(i as Millis * 1000, verify(&format!("44770090{i:04}")))
                .unwrap();
        }
        journal
    }

    #[test]
    fn numbers_calls_from_one_and_resumes_after_any_number() {
        let journal = journal_of(3);
        assert_eq!((journal.first_number(), journal.last_number()), (1, 3));
        assert_eq!(journal.since(0).map(<[_]>::len), Some(3));
        assert_eq!(journal.since(2).map(<[_]>::len), Some(1));
        assert_eq!(journal.since(3).map(<[_]>::len), Some(0));
        assert_eq!(journal.since(4), None, "a number from the future");
        assert_eq!(journal.since(u64::MAX), None, "no overflow");
        assert_eq!(Journal::<Call>::new(SessionConfig::new(0)).last_number(), 0);
    }

    #[test]
    fn a_checkpoint_keeps_the_numbering_and_refuses_what_it_dropped() {
        let mut journal = journal_of(2);
        let engine = journal.rebuild(0).unwrap();
        assert!(!journal.checkpoint(&engine), "two requests in progress");
        let idle = Engine::new(9);
        assert!(journal.checkpoint(&idle));
        assert_eq!(journal.config().seed, idle.idle_seed().unwrap());
        assert_eq!((journal.first_number(), journal.len()), (3, 0));
        assert_eq!(journal.since(1), None, "dropped by the checkpoint");
        assert_eq!(journal.since(2).map(<[_]>::len), Some(0));
        assert_eq!(journal.push(0, verify("447700900009")), Ok(3));
        assert_eq!(journal.since(2).map(<[_]>::len), Some(1));
    }

    #[test]
    fn refuses_a_call_that_goes_back_in_time() {
        let mut journal = journal_of(2);
        assert_eq!(
            journal.push(500, verify("447700900001")),
            Err(JournalError::OutOfOrder {
                number: 3,
                at: "0.5".into(),
                previous: "1".into()
            })
        );
        assert_eq!(journal.len(), 2, "nothing added");
    }

    #[test]
    fn replaying_rebuilds_the_same_engine() {
        let config = SessionConfig {
            seed: 42,
            start: StartDate::parse("2025-06-01 12:00:00").unwrap(),
            retention: Some(60 * SECOND),
        };
        let mut live = config.engine();
        let mut journal = Journal::new(config);
        for (i, at) in [0, 1_500, 200_000].into_iter().enumerate() {
            live.advance_to(at, &mut Vec::new());
            let call = verify(&format!("4477009000{i:02}"));
            live.call(&call, &mut Vec::new());
            journal.push(at, call).unwrap();
        }
        live.advance_to(900_000, &mut Vec::new());
        let rebuilt = journal.rebuild(900_000).unwrap();
        assert_eq!(
            format!("{:?}", rebuilt.requests()),
            format!("{:?}", live.requests())
        );
        assert_eq!(rebuilt.retention(), Some(60 * SECOND));
        let scenario = journal.to_scenario(900_000, "a test");
        assert!(scenario.starts_with(
            "# Recorded by a test: 3 calls. Replay: verify-sim --seed 42 --start \"2025-06-01 12:00:00\" --retention 60 FILE\n"
        ));
        assert!(scenario.ends_with("{\"at\":900}\n"));
    }

    #[test]
    fn the_config_goes_through_json_and_reads_older_forms() {
        let config = SessionConfig {
            seed: 7,
            start: StartDate::parse("2024-02-29 23:59:59").unwrap(),
            retention: Some(3600 * SECOND),
        };
        let mut object = Map::new();
        config.write_json(&mut object);
        assert_eq!(object["start"], "2024-02-29 23:59:59");
        assert_eq!(object["retention"], 3600);
        assert_eq!(SessionConfig::from_json(&object.into()), Ok(config));
        let old: Value = serde_json::from_str(r#"{"seed": 3}"#).unwrap();
        assert_eq!(SessionConfig::from_json(&old), Ok(SessionConfig::new(3)));
        let bad: Value = serde_json::from_str(r#"{"seed": 3, "retention": "x"}"#).unwrap();
        assert_eq!(SessionConfig::from_json(&bad), Err(ConfigError::Retention));
        let no_seed: Value = serde_json::from_str(r#"{"seed": -1}"#).unwrap();
        assert_eq!(SessionConfig::from_json(&no_seed), Err(ConfigError::Seed));
    }
}
