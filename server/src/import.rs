//! `--import FILE`: a session started from a scenario file, as `/_sim/scenario` (or
//! `--export-on-exit`) wrote it, or written by hand.
//!
//! The file is read whole before the server listens ([`read`]): the engine's scenario
//! parser takes its lines, and its [`Runner`] plays them on a fresh engine of the file's
//! config, resolving placeholders (`$request_id`, `$pin`) exactly as `verify-sim` does. A
//! malformed line, or a placeholder with no value, refuses the file with the line's number
//! and the reason. What comes out is a [`Journal`] of plain calls at their times and the
//! time the file ends at; [`Imported::replay`] then plays that journal into the session
//! through [`Journal::replay`], by the session's own call path (so it is recorded, mirrored
//! and exported like any call), and leaves the clock where the file ends.
//!
//! The config comes from the file's first comment (`Replay: verify-sim --seed N --start
//! "..." [--retention S] [--origin URL] FILE`, as exports write it): the same seed and start
//! date give the same ids, PINs and search answers. A file without that line runs with the
//! command line's `--seed`, `--start` and `--retention`.

use std::fmt;
use std::path::{Path, PathBuf};
use std::time::Instant;

use verify_engine::journal::wire::ClockChange;
use verify_engine::journal::{Journal, Replay};
use verify_engine::scenario::{parse, OutputLine, Runner, ScenarioError};
use verify_engine::{Call, Engine, Millis, SessionConfig};

use crate::session::Session;

/// A scenario file read and played through once: what the session replays.
#[derive(Clone, Debug)]
pub struct Imported {
    /// The seed, start date and retention the session is made with.
    pub config: SessionConfig,
    /// The calls, placeholders resolved, at their simulated times.
    pub journal: Journal<Call>,
    /// Where the clock stands when the file ends (its last line's `at`).
    pub now: Millis,
}

/// Why a file cannot be imported.
#[derive(Debug)]
pub enum ImportError {
    /// The file cannot be read (missing, unreadable, not UTF-8).
    Read {
        /// The file.
        path: PathBuf,
        /// What the system said.
        error: std::io::Error,
    },
    /// A line is malformed, its replay options are wrong, or a placeholder has no value.
    Scenario(ScenarioError),
}

impl fmt::Display for ImportError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ImportError::Read { path, error } => {
                write!(f, "cannot read {}: {error}", path.display())
            }
            ImportError::Scenario(error) => error.fmt(f),
        }
    }
}

impl std::error::Error for ImportError {}

impl From<ScenarioError> for ImportError {
    fn from(error: ScenarioError) -> ImportError {
        ImportError::Scenario(error)
    }
}

/// Reads and checks the scenario file at `path` ([`read`]).
pub fn read_file(path: &Path, defaults: SessionConfig) -> Result<Imported, ImportError> {
    let text = std::fs::read_to_string(path).map_err(|error| ImportError::Read {
        path: path.to_owned(),
        error,
    })?;
    Ok(read(&text, defaults)?)
}

/// Reads a scenario's text and plays it once on a fresh engine: the calls it makes,
/// placeholders resolved, and where its clock ends. `defaults` is the config when the
/// file does not say how to replay it.
pub fn read(text: &str, defaults: SessionConfig) -> Result<Imported, ScenarioError> {
    let config = SessionConfig::from_replay_comment(text, defaults.start)
        .transpose()?
        .unwrap_or(defaults);
    let steps = parse(text)?;
    let mut runner = Runner::new(config.engine());
    let mut journal = Journal::new(config);
    let mut now = 0;
    for step in &steps {
        let mut made = None;
        runner.step(step, |line| {
            if let OutputLine::Call { at, call, .. } = line {
                made = Some((at, *call));
            }
        })?;
        if let Some((at, call)) = made {
            // The parser refuses lines that go back in time, so every call is taken.
            journal.push(at, call).map_err(|e| ScenarioError {
                line: step.line,
                reason: e.to_string(),
            })?;
        }
        now = now.max(step.at);
    }
    Ok(Imported {
        config,
        journal,
        now,
    })
}

/// A session being rebuilt from a journal: each call made at its time by the session's
/// own path, the clock held still meanwhile.
struct Rebuilding<'a> {
    session: &'a mut Session,
}

impl Rebuilding<'_> {
    fn jump_to(&mut self, at: Millis) {
        let advance = at.saturating_sub(self.session.engine().now());
        let change = ClockChange {
            advance: Some(advance),
            ..ClockChange::default()
        };
        self.session.change_clock(change, Instant::now());
    }
}

impl Replay<Call> for Rebuilding<'_> {
    fn engine(&self) -> &Engine {
        self.session.engine()
    }

    fn advance_to(&mut self, at: Millis) {
        self.jump_to(at);
    }

    fn call(&mut self, call: Call, _kept: &Call) {
        self.session.call(&call, Instant::now());
    }
}

impl Imported {
    /// Plays the calls into `session` (fresh, made with [`Imported::config`]) at their
    /// times, then moves its clock to [`Imported::now`] and leaves it `paused` or running.
    /// The v2 callbacks due up to then are kept but not sent to `--callback-url`: the
    /// recording run sent them ([`Session::without_sending`]); those due later are sent as
    /// usual.
    pub fn replay(&self, session: &mut Session, paused: bool) {
        let hold = ClockChange {
            paused: Some(true),
            ..ClockChange::default()
        };
        session.change_clock(hold, Instant::now());
        session.without_sending(|session| {
            let mut into = Rebuilding { session };
            // Every call was made once already by `read`, in order: none can fail here.
            if let Err(e) = self.journal.replay(&mut into) {
                eprintln!("verify-server: --import: {e}");
            }
            into.jump_to(self.now);
        });
        let release = ClockChange {
            paused: Some(paused),
            ..ClockChange::default()
        };
        session.change_clock(release, Instant::now());
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use verify_engine::{StartDate, SECOND};

    fn defaults() -> SessionConfig {
        SessionConfig {
            seed: 3,
            start: StartDate::parse("2026-02-01 00:00:00").unwrap(),
            retention: Some(3600 * SECOND),
        }
    }

    #[test]
    fn the_replay_line_gives_the_config_and_placeholders_resolve() {
        let text = "# Recorded by verify-server: 2 calls. Replay: verify-sim --seed 42 --start \"2025-06-01 12:00:00\" --retention 60 --origin http://127.0.0.1:9 FILE\n\
                    {\"at\":1,\"verify\":{\"number\":\"447700900001\",\"brand\":\"Acme\"}}\n\
                    {\"at\":2.5,\"check\":{\"request_id\":\"$request_id\",\"code\":\"$pin\"}}\n\
                    {\"at\":90}\n";
        let imported = read(text, defaults()).unwrap();
        assert_eq!(imported.config.seed, 42);
        assert_eq!(imported.config.retention, Some(60 * SECOND));
        assert_eq!(
            imported.config.start.at(0).to_string(),
            "2025-06-01 12:00:00"
        );
        assert_eq!(imported.now, 90 * SECOND);
        let entries = imported.journal.entries();
        assert_eq!((entries.len(), entries[1].at), (2, 2500));
        let engine = imported.journal.rebuild(imported.now).unwrap();
        let [request] = engine.requests() else {
            panic!("one request")
        };
        assert_eq!(
            request.status(),
            verify_engine::RequestStatus::Success,
            "$pin was the PIN"
        );
    }

    #[test]
    fn without_a_replay_line_the_command_line_config_applies() {
        let imported = read("{\"at\":0}\n", defaults()).unwrap();
        assert_eq!(imported.config, defaults());
        assert!(imported.journal.is_empty());
    }

    #[test]
    fn a_bad_file_is_refused_with_its_line() {
        let refused = |text: &str| read(text, defaults()).unwrap_err().to_string();
        assert_eq!(
            refused("{\"at\":0}\n{\"at\":1,\"check\":{\"request_id\":\"$request_id\",\"code\":\"1\"}}\n"),
            "line 2: $request_id: no verify call has succeeded yet"
        );
        assert!(refused("{\"at\":0}\n\n{\"at\":1,\"verify\":{\"num")
            .starts_with("line 3: not valid JSON"));
        assert_eq!(
            refused("# x\n# Replay: verify-sim --seed many FILE\n"),
            "line 2: the replay options: --seed \"many\" is not a whole number"
        );
        assert_eq!(
            refused("# Replay: verify-sim --start \"2026 FILE\n"),
            "line 1: the replay options: a quote is not closed"
        );
    }
}
