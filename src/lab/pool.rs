//! The lab's workers: a run's rows (the seven workflows, then the v2 sequences) shared
//! out among as many Web Workers as the machine has cores, each given the next waiting
//! row when it finishes one, so that a slow row does not hold the others back. The
//! workers start when the lab opens and stay between runs: Run does not wait for them
//! to load. Rows are
//! independent (`LabRun::for_rows`): the merged results are exactly what one worker
//! running them all gives, only sooner.

use std::cell::{Cell, RefCell};
use std::collections::VecDeque;
use std::rc::Rc;

use verify_engine::lab::{LabConfig, LabResults, Progress, SEQUENCES};
use wasm_bindgen::closure::Closure;
use wasm_bindgen::{JsCast, JsValue};
use web_sys::{MessageEvent, Worker, WorkerOptions, WorkerType};
use yew::prelude::*;

use super::state::{Action, LabState};
use super::worker::{Job, READY};

/// The worker's script: Trunk's loader for `src/bin/lab-worker.rs`, beside the page.
const WORKER: &str = "./lab-worker_loader.js";

/// The rows a run has in the worker: the seven workflows, then the v2 sequences (the
/// worker is built with v2, whatever this page's engine has).
pub const ROWS: usize = 7 + SEQUENCES.len();

/// Which rows wait, how far each worker has got with its row, and the results in: the
/// pool's bookkeeping, apart from the workers themselves.
#[derive(Debug)]
pub struct Schedule {
    waiting: VecDeque<usize>,
    /// Rows in all.
    rows: usize,
    /// Users per row.
    per: u64,
    /// Rows whose results are in.
    parts: Vec<LabResults>,
    /// Per worker: users of its current row done so far.
    current: Vec<u64>,
    /// Per worker: time spent simulating, ms.
    busy_ms: Vec<f64>,
}

/// What a worker's results did to the run.
#[derive(Debug, PartialEq)]
pub enum Next {
    /// Give the worker this row.
    Row(usize),
    /// Nothing is waiting; other workers are still at theirs.
    Wait,
    /// Every row is in: the whole run's results, and the busiest worker's simulating
    /// time in ms.
    Done(Box<LabResults>, f64),
}

impl Schedule {
    /// `rows` rows waiting, for `workers` workers, `per` users a row.
    ///
    /// The last rows go first: they are the v2 sequences, the slowest (natively about
    /// 200 ms for 100,000 users, a workflow about 130), and the longest first leaves the
    /// shortest to even out the end.
    pub fn new(rows: usize, per: u32, workers: usize) -> Schedule {
        Schedule {
            waiting: (0..rows).rev().collect(),
            rows,
            per: u64::from(per),
            parts: Vec::with_capacity(rows),
            current: vec![0; workers],
            busy_ms: vec![0.0; workers],
        }
    }

    /// The next row to give a worker, if any waits.
    pub fn next_row(&mut self) -> Option<usize> {
        self.waiting.pop_front()
    }

    /// The whole run's progress.
    pub fn progress(&self) -> Progress {
        Progress {
            users_done: self.rows_in() as u64 * self.per + self.current.iter().sum::<u64>(),
            users_total: self.rows as u64 * self.per,
        }
    }

    /// Rows whose results are in.
    fn rows_in(&self) -> usize {
        self.parts
            .iter()
            .map(|part| part.workflows.len() + part.sequences.len())
            .sum()
    }

    /// Worker `worker` has done `users_done` users of its row.
    pub fn progressed(&mut self, worker: usize, users_done: u64) -> Progress {
        if let Some(current) = self.current.get_mut(worker) {
            *current = users_done;
        }
        self.progress()
    }

    /// Worker `worker` finished its row with `results`, simulating for `busy_ms`.
    pub fn finished(&mut self, worker: usize, results: LabResults, busy_ms: f64) -> Next {
        if let Some(current) = self.current.get_mut(worker) {
            *current = 0;
        }
        if let Some(busy) = self.busy_ms.get_mut(worker) {
            *busy += busy_ms;
        }
        self.parts.push(results);
        if let Some(row) = self.next_row() {
            return Next::Row(row);
        }
        // Every row in, not merely every user counted: a worker's last report may count
        // its whole row before its results arrive.
        if self.rows_in() >= self.rows {
            let busiest = self.busy_ms.iter().copied().fold(0.0, f64::max);
            if let Some(whole) = LabResults::merge(std::mem::take(&mut self.parts)) {
                return Next::Done(Box::new(whole), busiest);
            }
        }
        Next::Wait
    }
}

/// How many workers to start: one per core (`navigator.hardwareConcurrency`), at most
/// one per row.
fn workers() -> usize {
    let cores = web_sys::window().map_or(1.0, |w| w.navigator().hardware_concurrency());
    (cores as usize).clamp(1, ROWS)
}

/// One worker and the handlers of its messages.
struct Member {
    _on_message: Closure<dyn FnMut(MessageEvent)>,
    _on_error: Closure<dyn FnMut(JsValue)>,
}

/// The lab's workers, started when the lab opens so that their modules have loaded by
/// the time Run is pressed, and kept between runs. Dropping it ends them (and the run).
pub struct Pool {
    shared: Rc<Shared>,
    _members: Vec<Member>,
}

impl Drop for Pool {
    fn drop(&mut self) {
        self.shared.end();
    }
}

/// What the pool and its workers' handlers share.
struct Shared {
    workers: Vec<Worker>,
    /// Per worker: its module has loaded and it is free.
    ready: RefCell<Vec<bool>>,
    /// A worker failed (its script did not load, or it crashed): the pool cannot run.
    broken: Cell<bool>,
    /// The run in progress, if any.
    run: RefCell<Option<Run>>,
}

/// A run in progress on the pool.
struct Run {
    schedule: Schedule,
    /// The configuration, the same in every job.
    config: LabConfig,
    generation: u32,
    started: f64,
    dispatch: UseReducerDispatcher<LabState>,
    failed: Callback<(String, String)>,
}

impl Shared {
    /// Ends every worker and unhooks their handlers (which the pool frees only when it
    /// is dropped, as the one running now may be one of them).
    fn end(&self) {
        for worker in &self.workers {
            worker.terminate();
            worker.set_onmessage(None);
            worker.set_onerror(None);
        }
        self.broken.set(true);
    }

    /// Ends the pool and the run, saying `reason` next to `field`.
    fn fail(&self, field: &str, reason: &str) {
        self.end();
        let run = self.run.borrow_mut().take();
        if let Some(run) = run {
            run.failed.emit((field.to_owned(), reason.to_owned()));
        }
    }

    /// The run's next waiting row, if a run has one.
    fn next_row(&self) -> Option<usize> {
        self.run.borrow_mut().as_mut()?.schedule.next_row()
    }

    /// Gives worker `index` the run's `row`.
    fn give(&self, index: usize, row: usize) {
        let job = {
            let run = self.run.borrow();
            let Some(run) = run.as_ref() else { return };
            Job {
                config: run.config.clone(),
                rows: vec![row],
            }
        };
        if let Some(ready) = self.ready.borrow_mut().get_mut(index) {
            *ready = false;
        }
        let posted = serde_json::to_string(&job).ok().filter(|text| {
            self.workers
                .get(index)
                .is_some_and(|w| w.post_message(&JsValue::from_str(text)).is_ok())
        });
        if posted.is_none() {
            self.fail("population", "the lab's worker refused the model");
        }
    }

    /// Handles what worker number `index` said (see `lab::worker`).
    fn heard(&self, index: usize, text: &str) {
        if text == READY {
            if let Some(ready) = self.ready.borrow_mut().get_mut(index) {
                *ready = true;
            }
            if let Some(row) = self.next_row() {
                self.give(index, row);
            }
            return;
        }
        let Ok(value) = serde_json::from_str::<serde_json::Value>(text) else {
            return self.fail("population", "the lab's worker said something unreadable");
        };
        if let Some(error) = value.get("error").and_then(serde_json::Value::as_str) {
            let field = value
                .get("field")
                .and_then(serde_json::Value::as_str)
                .unwrap_or("population");
            return self.fail(field, error);
        }
        let mut run = self.run.borrow_mut();
        let Some(current) = run.as_mut() else { return };
        if let Some(progress) = value.get("progress") {
            let Some(done) = progress
                .get("users_done")
                .and_then(serde_json::Value::as_u64)
            else {
                return;
            };
            let progress = current.schedule.progressed(index, done);
            let action = Action::Progressed {
                generation: current.generation,
                progress,
            };
            let dispatch = current.dispatch.clone();
            drop(run);
            return dispatch.dispatch(action);
        }
        let Some(results) = value.get("results") else {
            return;
        };
        let Ok(results) = serde_json::from_value::<LabResults>(results.clone()) else {
            drop(run);
            return self.fail(
                "population",
                "the lab's worker answered with unreadable results",
            );
        };
        let busy_ms = value
            .get("busy_ms")
            .and_then(serde_json::Value::as_f64)
            .unwrap_or(0.0);
        if let Some(ready) = self.ready.borrow_mut().get_mut(index) {
            *ready = true;
        }
        let dispatch = current.dispatch.clone();
        let (action, next_row) = match current.schedule.finished(index, results, busy_ms) {
            Next::Row(row) => {
                let action = Action::Progressed {
                    generation: current.generation,
                    progress: current.schedule.progress(),
                };
                (action, Some(row))
            }
            Next::Wait => {
                let action = Action::Progressed {
                    generation: current.generation,
                    progress: current.schedule.progress(),
                };
                (action, None)
            }
            Next::Done(results, busy_ms) => {
                let action = Action::Finished {
                    generation: current.generation,
                    results: Rc::new(*results),
                    elapsed_ms: js_sys::Date::now() - current.started,
                    busy_ms,
                    workers: self.workers.len(),
                };
                *run = None;
                (action, None)
            }
        };
        drop(run);
        if let Some(row) = next_row {
            self.give(index, row);
        }
        dispatch.dispatch(action);
    }
}

impl Pool {
    /// Starts one worker per core; they load their module and wait for a run.
    pub fn new() -> Result<Pool, String> {
        let options = WorkerOptions::new();
        options.set_type(WorkerType::Module);
        let workers = (0..workers())
            .map(|_| Worker::new_with_options(WORKER, &options))
            .collect::<Result<Vec<_>, _>>()
            .map_err(|_| "this browser cannot start the lab's worker".to_owned())?;
        let shared = Rc::new(Shared {
            ready: RefCell::new(vec![false; workers.len()]),
            workers,
            broken: Cell::new(false),
            run: RefCell::new(None),
        });
        let members = shared
            .workers
            .iter()
            .enumerate()
            .map(|(index, worker)| {
                // The worker says when it is ready (its module loads asynchronously, and
                // a message sent before would be lost); then it gets a row when a run
                // has one.
                let on_message = {
                    let shared = shared.clone();
                    Closure::<dyn FnMut(MessageEvent)>::new(move |event: MessageEvent| {
                        let text = event.data().as_string().unwrap_or_default();
                        shared.heard(index, &text);
                    })
                };
                worker.set_onmessage(Some(on_message.as_ref().unchecked_ref()));
                // The worker's script failed to load (offline, before the lab ever ran)
                // or crashed: said under the form rather than a progress bar that never
                // moves, and the next Run starts new workers.
                let on_error = {
                    let shared = shared.clone();
                    Closure::<dyn FnMut(JsValue)>::new(move |_| {
                        shared.fail(
                            "population",
                            "the lab's worker stopped with an error (offline before the lab first ran?): press Run to try again",
                        );
                    })
                };
                worker.set_onerror(Some(on_error.as_ref().unchecked_ref()));
                Member {
                    _on_message: on_message,
                    _on_error: on_error,
                }
            })
            .collect();
        Ok(Pool {
            shared,
            _members: members,
        })
    }

    /// Whether the pool can take a run now: no worker failed, and none is at work.
    pub fn is_free(&self) -> bool {
        !self.shared.broken.get() && self.shared.run.borrow().is_none()
    }

    /// Runs `config` (call it on a free pool, [`Pool::is_free`]); what the workers find
    /// goes to `dispatch`, and why the run failed, if it does, to `failed` (the field at
    /// fault and the reason). Workers still loading get their rows once ready.
    pub fn run(
        &self,
        config: &LabConfig,
        generation: u32,
        dispatch: UseReducerDispatcher<LabState>,
        failed: Callback<(String, String)>,
    ) {
        let count = self.shared.workers.len();
        *self.shared.run.borrow_mut() = Some(Run {
            schedule: Schedule::new(ROWS, config.users_per_workflow, count),
            config: config.clone(),
            generation,
            started: js_sys::Date::now(),
            dispatch,
            failed,
        });
        let ready: Vec<bool> = self.shared.ready.borrow().clone();
        for (index, _) in ready.iter().enumerate().filter(|(_, &ready)| ready) {
            match self.shared.next_row() {
                Some(row) => self.shared.give(index, row),
                None => break,
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use verify_engine::lab::{LabRun, ROWS};
    use wasm_bindgen_test::wasm_bindgen_test;

    /// Plays a pool of `workers` that finish their rows in turn, the last first.
    fn play(workers: usize, config: &LabConfig) -> (LabResults, f64) {
        let mut schedule = Schedule::new(ROWS, config.users_per_workflow, workers);
        let mut rows: Vec<Option<usize>> = (0..workers).map(|_| schedule.next_row()).collect();
        loop {
            for worker in (0..workers).rev() {
                let Some(row) = rows[worker] else { continue };
                let results = LabRun::for_rows(config.clone(), [row]).unwrap().finish();
                assert!(!schedule.progress().is_finished());
                match schedule.finished(worker, results, 10.0) {
                    Next::Row(next) => rows[worker] = Some(next),
                    Next::Wait => rows[worker] = None,
                    Next::Done(whole, busy) => return (*whole, busy),
                }
            }
        }
    }

    #[wasm_bindgen_test]
    fn a_pool_of_any_size_gives_the_single_run() {
        let config = LabConfig {
            users_per_workflow: 40,
            ..LabConfig::default()
        };
        let whole = LabRun::new(config.clone()).unwrap().finish();
        for workers in [1, 2, 3, ROWS] {
            let (merged, busy) = play(workers, &config);
            assert_eq!(merged, whole, "{workers} workers");
            // The busiest worker ran ceil(ROWS / workers) rows of 10 ms.
            assert_eq!(
                busy,
                10.0 * ROWS.div_ceil(workers) as f64,
                "{workers} workers"
            );
        }
    }

    #[wasm_bindgen_test]
    fn progress_counts_rows_in_and_rows_under_way() {
        let mut schedule = Schedule::new(ROWS, 100, 2);
        assert_eq!(schedule.progress().users_done, 0);
        assert_eq!(schedule.progress().users_total, ROWS as u64 * 100);
        schedule.progressed(0, 30);
        assert_eq!(schedule.progressed(1, 50).users_done, 80);
        let row = LabRun::for_rows(
            LabConfig {
                users_per_workflow: 100,
                ..LabConfig::default()
            },
            [0],
        )
        .unwrap()
        .finish();
        schedule.finished(0, row, 5.0);
        assert_eq!(schedule.progress().users_done, 150);
    }
}
