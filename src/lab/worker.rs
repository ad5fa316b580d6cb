//! The Reach lab's simulation, in a Web Worker: the page stays free while 700,000
//! lifecycles run, and this code (the engine's lab, compiled for speed) is downloaded
//! only when the lab opens. A page starts several (`lab::pool`), one per core, and gives
//! each a row of the run at a time.
//!
//! Messages, as JSON text:
//! - out, once its module has loaded: [`READY`] (a message sent before would be lost);
//! - in: a [`Job`], the configuration and the rows to run;
//! - out: `{"progress": {"users_done", "users_total"}}` (of the job) every [`REPORT_MS`]
//!   while running, then `{"results": LabResults, "busy_ms"}` (the job's rows), or
//!   `{"error": "...", "field": "..."}`.
//!
//! Stopping a run is ending the worker (`Worker::terminate`): nothing to clean up.

use serde::{Deserialize, Serialize};
use serde_json::json;
use verify_engine::lab::{LabConfig, LabRun, COHORT};
use wasm_bindgen::closure::Closure;
use wasm_bindgen::{JsCast, JsValue};
use web_sys::{DedicatedWorkerGlobalScope, MessageEvent};

/// What the worker says once it listens.
pub const READY: &str = r#"{"ready":true}"#;

/// How often the worker reports progress, in ms.
pub const REPORT_MS: f64 = 50.0;

/// What a worker is asked to run: some rows of a lab (`LabRun::for_rows`).
#[derive(Serialize, Deserialize)]
pub struct Job {
    /// The lab's configuration, the same for every row.
    pub config: LabConfig,
    /// The rows to run (`verify_engine::lab::ROWS`: workflows, then v2 sequences).
    pub rows: Vec<usize>,
}

/// Runs one job, reporting through `post`.
fn run(job: &str, post: &dyn Fn(String)) {
    let job: Job = match serde_json::from_str(job) {
        Ok(job) => job,
        Err(e) => return post(json!({ "error": format!("not a lab job: {e}") }).to_string()),
    };
    let mut run = match LabRun::for_rows(job.config, job.rows) {
        Ok(run) => run,
        Err(error) => {
            return post(json!({ "error": error.to_string(), "field": error.field() }).to_string())
        }
    };
    let started = js_sys::Date::now();
    let mut reported = started;
    loop {
        let progress = run.step(COHORT);
        if progress.is_finished() {
            break;
        }
        let now = js_sys::Date::now();
        if now - reported >= REPORT_MS {
            reported = now;
            post(
                json!({ "progress": { "users_done": progress.users_done, "users_total": progress.users_total } })
                    .to_string(),
            );
        }
    }
    let busy_ms = js_sys::Date::now() - started;
    match run.results() {
        Some(results) => post(json!({ "results": results, "busy_ms": busy_ms }).to_string()),
        None => post(json!({ "error": "the run ended without results" }).to_string()),
    }
}

/// The worker's entry point: answers each job with a run.
pub fn start() {
    let scope: DedicatedWorkerGlobalScope = js_sys::global().unchecked_into();
    let poster = scope.clone();
    let on_message = Closure::<dyn FnMut(MessageEvent)>::new(move |event: MessageEvent| {
        let job = event.data().as_string().unwrap_or_default();
        run(&job, &|message: String| {
            let _ = poster.post_message(&JsValue::from_str(&message));
        });
    });
    scope.set_onmessage(Some(on_message.as_ref().unchecked_ref()));
    // The worker lives as long as its page keeps it: so does the handler.
    on_message.forget();
    let _ = scope.post_message(&JsValue::from_str(READY));
}
