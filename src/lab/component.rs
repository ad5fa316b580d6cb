//! The panel: the form, the progress bar, the elapsed time and the results. The run
//! itself happens in a Web Worker (`lab::worker`), so the page stays free while 700,000
//! lifecycles run; Stop ends the worker.

use std::rc::Rc;

use verify_engine::lab::{LabConfig, LabResults, Progress};
use wasm_bindgen::closure::Closure;
use wasm_bindgen::{JsCast, JsValue};
use web_sys::{MessageEvent, Worker, WorkerOptions, WorkerType};
use yew::prelude::*;

use super::form::model_form;
use super::plots::{histograms, rate_chart};
use super::state::{Action, LabState, RunState};
use super::style::STYLE;
use super::table::{results_table, sequences_table};
use super::worker::READY;
use crate::format::count;

/// Properties of [`ReachLab`]; the defaults are the issue's: 100,000 users per workflow.
#[derive(Properties, PartialEq, Clone)]
pub struct ReachLabProps {
    /// Users per workflow the form starts with.
    #[prop_or(verify_engine::lab::DEFAULT_USERS_PER_WORKFLOW)]
    pub users: u32,
    /// The seed the form starts with.
    #[prop_or(1)]
    pub seed: u64,
}

/// The wall clock, in ms.
fn now_ms() -> f64 {
    js_sys::Date::now()
}

/// The worker's script: Trunk's loader for `src/bin/lab-worker.rs`, beside the page.
const WORKER: &str = "./lab-worker_loader.js";

/// A running simulation: its worker (ended when dropped, which stops the run) and the
/// handler of its messages.
struct Simulation {
    worker: Worker,
    _on_message: Closure<dyn FnMut(MessageEvent)>,
    _on_error: Closure<dyn FnMut(JsValue)>,
}

impl Drop for Simulation {
    fn drop(&mut self) {
        self.worker.terminate();
    }
}

/// What the worker said (see `lab::worker`).
fn message(text: &str, generation: u32, started: f64) -> Option<Action> {
    let value: serde_json::Value = serde_json::from_str(text).ok()?;
    if let Some(progress) = value.get("progress") {
        return Some(Action::Progressed {
            generation,
            progress: Progress {
                users_done: progress.get("users_done")?.as_u64()?,
                users_total: progress.get("users_total")?.as_u64()?,
            },
        });
    }
    if let Some(results) = value.get("results") {
        let results: LabResults = serde_json::from_value(results.clone()).ok()?;
        return Some(Action::Finished {
            generation,
            results: Rc::new(results),
            elapsed_ms: now_ms() - started,
            busy_ms: value
                .get("busy_ms")
                .and_then(serde_json::Value::as_f64)
                .unwrap_or(0.0),
        });
    }
    let error = value.get("error")?.as_str()?.to_owned();
    let field = value
        .get("field")
        .and_then(serde_json::Value::as_str)
        .unwrap_or("population")
        .to_owned();
    Some(Action::Invalid(vec![(field, error)]))
}

/// Starts `config` in a new worker; its messages go to `dispatch`, and why it failed, if
/// it does, to `failed`.
fn simulate(
    config: &LabConfig,
    generation: u32,
    dispatch: UseReducerDispatcher<LabState>,
    failed: Callback<String>,
) -> Result<Simulation, String> {
    let options = WorkerOptions::new();
    options.set_type(WorkerType::Module);
    let worker = Worker::new_with_options(WORKER, &options)
        .map_err(|_| "this browser cannot start the lab's worker".to_owned())?;
    // The worker says when it is ready (its module loads asynchronously, and a message
    // sent before would be lost); then it gets the model.
    let text = serde_json::to_string(config).map_err(|e| e.to_string())?;
    let started = now_ms();
    let on_message = {
        let (worker, failed) = (worker.clone(), failed.clone());
        Closure::<dyn FnMut(MessageEvent)>::new(move |event: MessageEvent| {
            let message_text = event.data().as_string().unwrap_or_default();
            if message_text == READY {
                if worker.post_message(&JsValue::from_str(&text)).is_err() {
                    failed.emit("the lab's worker refused the model".to_owned());
                }
            } else if let Some(action) = message(&message_text, generation, started) {
                dispatch.dispatch(action);
            }
        })
    };
    worker.set_onmessage(Some(on_message.as_ref().unchecked_ref()));
    // The worker's script failed to load (offline, before the lab ever ran) or crashed:
    // said under the form rather than a progress bar that never moves.
    let on_error = Closure::<dyn FnMut(JsValue)>::new(move |_| {
        failed.emit(
            "the lab's worker stopped with an error (offline before the lab first ran?): press Run to try again"
                .to_owned(),
        );
    });
    worker.set_onerror(Some(on_error.as_ref().unchecked_ref()));
    Ok(Simulation {
        worker,
        _on_message: on_message,
        _on_error: on_error,
    })
}

/// The Reach lab: which workflow verifies the most users, fastest, at the lowest cost,
/// for a population you describe. Self-contained: its own state, its own styles.
#[function_component]
pub fn ReachLab(props: &ReachLabProps) -> Html {
    let state = use_reducer({
        let (users, seed) = (props.users, props.seed);
        move || LabState::new(users, seed)
    });
    // The run in progress: replaced by a new run, dropped (so ended) by Stop and when
    // the panel goes away. Its number tells its messages from an earlier run's.
    let simulation = use_mut_ref(|| None::<Simulation>);
    let generation = use_mut_ref(|| 0u32);
    {
        let simulation = simulation.clone();
        use_effect_with((), move |_| move || drop(simulation.borrow_mut().take()));
    }

    let dispatch = {
        let state = state.clone();
        Callback::from(move |action| state.dispatch(action))
    };
    let on_run = {
        let (state, simulation, generation) =
            (state.clone(), simulation.clone(), generation.clone());
        Callback::from(move |()| {
            let config = match state.config() {
                Ok(config) => config,
                Err(errors) => return state.dispatch(Action::Invalid(errors)),
            };
            if let Err(error) = config.validate() {
                return state.dispatch(Action::Invalid(vec![(
                    error.field().to_owned(),
                    error.to_string(),
                )]));
            }
            // Seven workflows, then the v2 sequences (the worker is built with v2).
            let rows = 7 + verify_engine::lab::SEQUENCES.len() as u64;
            let users_total = u64::from(config.users_per_workflow) * rows;
            let number = generation.borrow().wrapping_add(1);
            *generation.borrow_mut() = number;
            state.dispatch(Action::Started {
                generation: number,
                progress: Progress {
                    users_done: 0,
                    users_total,
                },
            });
            let failed = {
                let state = state.clone();
                Callback::from(move |reason: String| {
                    state.dispatch(Action::Stopped);
                    state.dispatch(Action::Invalid(vec![("population".into(), reason)]));
                })
            };
            match simulate(&config, number, state.dispatcher(), failed.clone()) {
                Ok(running) => *simulation.borrow_mut() = Some(running),
                Err(reason) => failed.emit(reason),
            }
        })
    };
    let on_stop = {
        let (state, simulation) = (state.clone(), simulation.clone());
        Callback::from(move |()| {
            drop(simulation.borrow_mut().take());
            state.dispatch(Action::Stopped);
        })
    };

    let status = match &state.run {
        RunState::Idle { note } => html! {
            <p class="lab-status" role="status">
                { note.clone().unwrap_or_else(|| "Describe your users, then press Run: every workflow gets the same population.".into()) }
            </p>
        },
        RunState::Running { progress } => html! {
            <div class="lab-status">
                <label for="lab-progress">{ "Simulating" }</label>
                <progress id="lab-progress" max="1" value={progress.fraction().to_string()}>
                    { format!("{:.0} %", progress.fraction() * 100.0) }
                </progress>
                <span>{ format!("{} of {} users", count(progress.users_done), count(progress.users_total)) }</span>
            </div>
        },
        RunState::Done {
            results,
            elapsed_ms,
            busy_ms,
            users,
        } => {
            let rows = results.workflows.len() + results.sequences.len();
            let total = u64::from(*users) * rows as u64;
            html! {
                <div class="lab-status">
                    <progress id="lab-progress" max="1" value="1" aria-label="Simulation progress">{ "100 %" }</progress>
                    <p role="status" data-testid="lab-elapsed" data-elapsed-ms={format!("{elapsed_ms:.0}")}
                        data-busy-ms={format!("{busy_ms:.0}")}
                        data-run={state.generation.to_string()}
                        data-users={total.to_string()}>
                        { format!("Simulated {} users ({} per workflow, seed {}) in {} ms of wall time ({} ms simulating in the worker, the rest loading it and drawing).",
                            count(total), count(u64::from(*users)), results.seed, count(*elapsed_ms as u64), count(*busy_ms as u64)) }
                    </p>
                </div>
            }
        }
    };
    let results = match &state.run {
        RunState::Done { results, .. } => html! {
            <>
                { results_table(results, state.goal) }
                { sequences_table(results, state.goal) }
                <div class="lab-plots">
                    { rate_chart(results, state.goal) }
                    { histograms(results, state.goal) }
                </div>
                <p class="lab-hint">
                    { "Each user asks for a code from their own number, through the same engine as the playground: the API sends SMS and calls on the workflow's schedule, and the model decides who reads or answers them, how fast, and who mistypes. Costs use the prices above." }
                </p>
            </>
        },
        _ => html! {},
    };

    html! {
        <section class="reach-lab panel" aria-labelledby="reach-lab-title">
            <style>{ STYLE }</style>
            <h2 id="reach-lab-title">{ "Reach lab" }</h2>
            <p class="lab-intro">
                { "Which workflow verifies the most users, fastest, at the lowest cost? Describe a population and compare the seven workflows (and six Verify v2 channel sequences) on it, simulated user by user." }
            </p>
            { model_form(&state, &dispatch, &on_run, &on_stop) }
            { status }
            { results }
        </section>
    }
}
