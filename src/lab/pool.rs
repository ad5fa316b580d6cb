//! The lab's workers: a run's rows (the seven workflows, then the v2 sequences) shared
//! out among as many Web Workers as the machine has cores, each given the next waiting
//! row when it finishes one, so that a slow row does not hold the others back. Rows are
//! independent (`LabRun::for_rows`): the merged results are exactly what one worker
//! running them all gives, only sooner.

use std::cell::RefCell;
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
        let rows_in: usize = self
            .parts
            .iter()
            .map(|part| part.workflows.len() + part.sequences.len())
            .sum();
        Progress {
            users_done: rows_in as u64 * self.per + self.current.iter().sum::<u64>(),
            users_total: self.rows as u64 * self.per,
        }
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
        if self.progress().is_finished() {
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
    worker: Worker,
    _on_message: Closure<dyn FnMut(MessageEvent)>,
    _on_error: Closure<dyn FnMut(JsValue)>,
}

/// A running simulation: its workers, ended when it is dropped (which stops the run).
pub struct Pool {
    members: Vec<Member>,
}

impl Drop for Pool {
    fn drop(&mut self) {
        for member in &self.members {
            member.worker.terminate();
        }
    }
}

/// Everything a worker's handler needs.
#[derive(Clone)]
struct Context {
    schedule: Rc<RefCell<Schedule>>,
    /// The configuration, the same in every job.
    config: Rc<LabConfig>,
    generation: u32,
    started: f64,
    dispatch: UseReducerDispatcher<LabState>,
    failed: Callback<(String, String)>,
    /// Every worker of the pool, to end them all when one fails.
    workers: Rc<RefCell<Vec<Worker>>>,
}

impl Context {
    /// Ends the run: every worker stops (their handlers stay, as the one running may be
    /// one of them, until the pool is dropped), and `reason` is said next to `field`.
    fn fail(&self, field: &str, reason: &str) {
        for worker in self.workers.borrow().iter() {
            worker.terminate();
        }
        self.failed.emit((field.to_owned(), reason.to_owned()));
    }

    /// Gives `worker` its next row, if one waits.
    fn give(&self, worker: &Worker, row: Option<usize>) {
        let Some(row) = row else { return };
        let job = Job {
            config: (*self.config).clone(),
            rows: vec![row],
        };
        let posted = serde_json::to_string(&job)
            .ok()
            .filter(|text| worker.post_message(&JsValue::from_str(text)).is_ok());
        if posted.is_none() {
            self.fail("population", "the lab's worker refused the model");
        }
    }

    /// Handles what worker number `index` said (see `lab::worker`).
    fn heard(&self, index: usize, worker: &Worker, text: &str) {
        if text == READY {
            let row = self.schedule.borrow_mut().next_row();
            return self.give(worker, row);
        }
        let Ok(value) = serde_json::from_str::<serde_json::Value>(text) else {
            return;
        };
        if let Some(progress) = value.get("progress") {
            let done = progress
                .get("users_done")
                .and_then(serde_json::Value::as_u64);
            let progress = self
                .schedule
                .borrow_mut()
                .progressed(index, done.unwrap_or(0));
            return self.dispatch.dispatch(Action::Progressed {
                generation: self.generation,
                progress,
            });
        }
        if let Some(results) = value.get("results") {
            let Ok(results) = serde_json::from_value::<LabResults>(results.clone()) else {
                return self.fail(
                    "population",
                    "the lab's worker answered with unreadable results",
                );
            };
            let busy_ms = value
                .get("busy_ms")
                .and_then(serde_json::Value::as_f64)
                .unwrap_or(0.0);
            let next = self.schedule.borrow_mut().finished(index, results, busy_ms);
            return match next {
                Next::Row(row) => {
                    self.give(worker, Some(row));
                    let progress = self.schedule.borrow().progress();
                    self.dispatch.dispatch(Action::Progressed {
                        generation: self.generation,
                        progress,
                    });
                }
                Next::Wait => {}
                Next::Done(results, busy_ms) => self.dispatch.dispatch(Action::Finished {
                    generation: self.generation,
                    results: Rc::new(*results),
                    elapsed_ms: js_sys::Date::now() - self.started,
                    busy_ms,
                    workers: self.schedule.borrow().current.len(),
                }),
            };
        }
        if let Some(error) = value.get("error").and_then(serde_json::Value::as_str) {
            let field = value
                .get("field")
                .and_then(serde_json::Value::as_str)
                .unwrap_or("population");
            self.fail(field, error);
        }
    }
}

/// Starts `config` in a pool of workers; their findings go to `dispatch`, and why the
/// run failed, if it does, to `failed` (the field at fault and the reason).
pub fn start(
    config: &LabConfig,
    generation: u32,
    dispatch: UseReducerDispatcher<LabState>,
    failed: Callback<(String, String)>,
) -> Result<Pool, String> {
    let count = workers();
    let context = Context {
        schedule: Rc::new(RefCell::new(Schedule::new(
            ROWS,
            config.users_per_workflow,
            count,
        ))),
        config: Rc::new(config.clone()),
        generation,
        started: js_sys::Date::now(),
        dispatch,
        failed,
        workers: Rc::default(),
    };
    let options = WorkerOptions::new();
    options.set_type(WorkerType::Module);
    let mut members = Vec::with_capacity(count);
    for index in 0..count {
        let worker = Worker::new_with_options(WORKER, &options)
            .map_err(|_| "this browser cannot start the lab's worker".to_owned())?;
        // The worker says when it is ready (its module loads asynchronously, and a
        // message sent before would be lost); then it gets its first row.
        let on_message = {
            let (context, worker) = (context.clone(), worker.clone());
            Closure::<dyn FnMut(MessageEvent)>::new(move |event: MessageEvent| {
                let text = event.data().as_string().unwrap_or_default();
                context.heard(index, &worker, &text);
            })
        };
        worker.set_onmessage(Some(on_message.as_ref().unchecked_ref()));
        // The worker's script failed to load (offline, before the lab ever ran) or
        // crashed: said under the form rather than a progress bar that never moves.
        let on_error = {
            let context = context.clone();
            Closure::<dyn FnMut(JsValue)>::new(move |_| {
                context.fail(
                    "population",
                    "the lab's worker stopped with an error (offline before the lab first ran?): press Run to try again",
                );
            })
        };
        worker.set_onerror(Some(on_error.as_ref().unchecked_ref()));
        context.workers.borrow_mut().push(worker.clone());
        members.push(Member {
            worker,
            _on_message: on_message,
            _on_error: on_error,
        });
    }
    Ok(Pool { members })
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
