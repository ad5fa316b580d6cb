//! Replaying a scenario on the playground's clock: steps run when simulated time reaches
//! them, their placeholders resolved against the engine as it stands then, so that replayed
//! calls land in the API log like the user's own.

use std::rc::Rc;

use verify_engine::scenario::{parse, Step};
use verify_engine::Millis;

use super::Playground;
use crate::format;

/// An imported scenario being replayed on the playground's clock.
#[derive(Clone, PartialEq, Debug)]
pub struct Import {
    /// The file as imported (kept so that a reload can continue it).
    pub text: Rc<str>,
    /// Its parsed steps.
    pub steps: Rc<Vec<Step>>,
    /// The next step to run.
    pub next: usize,
}

impl Import {
    /// When the next step is due, if any is left.
    pub fn next_at(&self) -> Option<Millis> {
        self.steps.get(self.next).map(|s| s.at)
    }

    /// How far the replay has come, in words.
    pub fn progress(&self) -> String {
        let total = self.steps.len();
        match self.next_at() {
            Some(at) => format!(
                "Replaying the imported scenario: {} of {total} steps done, the next at {}.",
                self.next,
                format::clock(at)
            ),
            None => format!("The imported scenario has run all {total} steps."),
        }
    }
}

impl Playground {
    /// Moves the clock to `to`, running the scenario's steps that fall due on the way.
    pub(super) fn advance(&mut self, to: Millis) {
        while let Some(at) = self.session.import.as_ref().and_then(Import::next_at) {
            if at > to {
                break;
            }
            self.run_until(at);
            self.run_import_step();
        }
        self.run_until(to);
    }

    /// Moves the engine's clock, without scenario steps (also used to rebuild sessions);
    /// late deliveries reach their phones on the way.
    pub(super) fn run_until(&mut self, to: Millis) {
        self.engine_until(to);
    }

    /// Moves the engine's clock and takes in what it reports.
    pub(super) fn engine_step(&mut self, to: Millis) {
        let mut happened = Vec::new();
        self.session.engine.advance_to(to, &mut happened);
        self.absorb(happened);
    }

    pub(super) fn run_import_step(&mut self) {
        let Some(import) = self.session.import.as_mut() else {
            return;
        };
        let steps = import.steps.clone();
        let step = &steps[import.next];
        import.next += 1;
        self.revision += 1;
        let Some(raw) = &step.call else {
            return;
        };
        match self.session.placeholders.resolve(&self.session.engine, raw) {
            Ok(call) => self.make_call(call, true),
            Err(reason) => {
                let text = format!("line {}: {reason}", step.line);
                self.notify(format!("The scenario stopped at {text}"), true);
                self.import_error = Some(text);
                self.session.import = None;
            }
        }
    }

    /// Replaces the session by a scenario: a fresh engine (seed 0, as `verify-sim`
    /// defaults to, so ids and PINs match its output) whose clock runs the steps.
    pub(super) fn import(&mut self, text: String) {
        let steps = match parse(&text) {
            Ok(steps) => steps,
            Err(error) => {
                self.import_error = Some(error.to_string());
                return;
            }
        };
        let count = steps.len();
        let mut fresh = self.fresh_session(0);
        fresh.session.import = Some(Import {
            text: text.into(),
            steps: Rc::new(steps),
            next: 0,
        });
        *self = fresh;
        self.notify(
            format!(
                "Scenario imported: {count} steps replay on the clock from 0:00 \
                 (press Play, or Skip to next event to go step by step)."
            ),
            false,
        );
        self.advance(0);
    }
}
