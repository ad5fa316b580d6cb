//! The panel: the form, the progress bar, the elapsed time and the results. The run is
//! driven here, in slices of a few tens of milliseconds with a yield to the browser in
//! between, so that the page stays responsive while 700,000 lifecycles run.

use std::cell::Cell;
use std::rc::Rc;
use std::time::Duration;

use verify_engine::lab::{LabRun, Progress, COHORT};
use yew::platform::{spawn_local, time::sleep};
use yew::prelude::*;

use super::form::model_form;
use super::format::grouped;
use super::plots::{histograms, rate_chart};
use super::state::{Action, LabState, RunState};
use super::style::STYLE;
use super::table::results_table;

/// Wall time one slice of the run may take before it yields to the browser, in ms.
const SLICE_MS: f64 = 80.0;

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

/// Runs `run` to the end in slices, reporting progress, unless `current` moves on from
/// `generation` (a newer run, Stop, or the panel going away).
async fn drive(
    mut run: LabRun,
    generation: u32,
    current: Rc<Cell<u32>>,
    dispatch: UseReducerDispatcher<LabState>,
    started: f64,
) {
    let mut busy_ms = 0.0;
    loop {
        // Yield first, so that the browser paints the state just dispatched.
        sleep(Duration::ZERO).await;
        if current.get() != generation {
            return;
        }
        let slice = now_ms();
        let mut progress: Progress = run.progress();
        while !progress.is_finished() && now_ms() - slice < SLICE_MS {
            progress = run.step(COHORT);
        }
        let done = now_ms();
        busy_ms += done - slice;
        if progress.is_finished() {
            if let Some(results) = run.results() {
                dispatch.dispatch(Action::Finished {
                    generation,
                    results: Rc::new(results),
                    elapsed_ms: done - started,
                    busy_ms,
                });
            }
            return;
        }
        dispatch.dispatch(Action::Progressed {
            generation,
            progress,
        });
    }
}

/// The Reach lab: which workflow verifies the most users, fastest, at the lowest cost,
/// for a population you describe. Self-contained: its own state, its own styles.
#[function_component]
pub fn ReachLab(props: &ReachLabProps) -> Html {
    let state = use_reducer({
        let (users, seed) = (props.users, props.seed);
        move || LabState::new(users, seed)
    });
    // The run that may report: bumped by every new run, Stop, and unmounting.
    let current = use_memo((), |_| Rc::new(Cell::new(0u32)));
    {
        let current = (*current).clone();
        use_effect_with((), move |_| {
            move || current.set(current.get().wrapping_add(1))
        });
    }

    let dispatch = {
        let state = state.clone();
        Callback::from(move |action| state.dispatch(action))
    };
    let on_run = {
        let state = state.clone();
        let current = (*current).clone();
        Callback::from(move |()| {
            let started = now_ms();
            let config = match state.config() {
                Ok(config) => config,
                Err(errors) => return state.dispatch(Action::Invalid(errors)),
            };
            let run = match LabRun::new(config) {
                Ok(run) => run,
                Err(error) => {
                    return state.dispatch(Action::Invalid(vec![(
                        error.field().to_owned(),
                        error.to_string(),
                    )]))
                }
            };
            let generation = current.get().wrapping_add(1);
            current.set(generation);
            state.dispatch(Action::Started {
                generation,
                progress: run.progress(),
            });
            spawn_local(drive(
                run,
                generation,
                current.clone(),
                state.dispatcher(),
                started,
            ));
        })
    };
    let on_stop = {
        let state = state.clone();
        let current = (*current).clone();
        Callback::from(move |()| {
            current.set(current.get().wrapping_add(1));
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
                <span>{ format!("{} of {} users", grouped(progress.users_done), grouped(progress.users_total)) }</span>
            </div>
        },
        RunState::Done {
            results,
            elapsed_ms,
            busy_ms,
            users,
        } => {
            let total = u64::from(*users) * results.workflows.len() as u64;
            html! {
                <div class="lab-status">
                    <progress id="lab-progress" max="1" value="1" aria-label="Simulation progress">{ "100 %" }</progress>
                    <p role="status" data-testid="lab-elapsed" data-elapsed-ms={format!("{elapsed_ms:.0}")}
                        data-busy-ms={format!("{busy_ms:.0}")}
                        data-run={state.generation.to_string()}
                        data-users={total.to_string()}>
                        { format!("Simulated {} users ({} per workflow, seed {}) in {} ms of wall time ({} ms simulating, the rest left to the page).",
                            grouped(total), grouped(u64::from(*users)), results.seed, grouped(*elapsed_ms as u64), grouped(*busy_ms as u64)) }
                    </p>
                </div>
            }
        }
    };
    let results = match &state.run {
        RunState::Done { results, .. } => html! {
            <>
                { results_table(results, state.goal) }
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
                { "Which workflow verifies the most users, fastest, at the lowest cost? Describe a population and compare the seven workflows on it, simulated user by user." }
            </p>
            { model_form(&state, &dispatch, &on_run, &on_stop) }
            { status }
            { results }
        </section>
    }
}
