//! The panel: the form, the progress bar, the elapsed time and the results. The run
//! itself happens in Web Workers, one per core (`lab::pool`, `lab::worker`), so the page
//! stays free while 1,300,000 lifecycles run; Stop ends them (fresh ones load for the
//! next run).

use verify_engine::lab::Progress;
use yew::prelude::*;

use super::form::model_form;
use super::plots::{histograms, rate_chart};
use super::pool::{Pool, ROWS};
use super::state::{Action, LabState, RunState};
use super::style::STYLE;
use super::table::{results_table, sequences_table};
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

/// The Reach lab: which workflow verifies the most users, fastest, at the lowest cost,
/// for a population you describe. Self-contained: its own state, its own styles.
#[function_component]
pub fn ReachLab(props: &ReachLabProps) -> Html {
    let state = use_reducer({
        let (users, seed) = (props.users, props.seed);
        move || LabState::new(users, seed)
    });
    // The workers, started once the panel is shown (so that Run finds them loaded);
    // replaced by Stop, by Run during a run or after a worker failed, and dropped (so
    // ended) when the panel goes away. A run's number tells its messages from an
    // earlier run's.
    let simulation = use_mut_ref(|| None::<Pool>);
    let generation = use_mut_ref(|| 0u32);
    {
        let simulation = simulation.clone();
        use_effect_with((), move |_| {
            *simulation.borrow_mut() = Pool::new().ok();
            move || drop(simulation.borrow_mut().take())
        });
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
            let users_total = u64::from(config.users_per_workflow) * ROWS as u64;
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
                Callback::from(move |(field, reason): (String, String)| {
                    state.dispatch(Action::Stopped);
                    state.dispatch(Action::Invalid(vec![(field, reason)]));
                })
            };
            let mut pool = simulation.borrow_mut();
            if !pool.as_ref().is_some_and(Pool::is_free) {
                // Ends the run under way, or the failed workers, first.
                drop(pool.take());
                match Pool::new() {
                    Ok(fresh) => *pool = Some(fresh),
                    Err(reason) => return failed.emit(("population".into(), reason)),
                }
            }
            if let Some(pool) = pool.as_ref() {
                pool.run(&config, number, state.dispatcher(), failed);
            }
        })
    };
    let on_stop = {
        let (state, simulation) = (state.clone(), simulation.clone());
        Callback::from(move |()| {
            // Ends the run with its workers; fresh ones load for the next run.
            let mut pool = simulation.borrow_mut();
            drop(pool.take());
            *pool = Pool::new().ok();
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
            workers,
            users,
        } => {
            let rows = results.workflows.len() + results.sequences.len();
            let total = u64::from(*users) * rows as u64;
            html! {
                <div class="lab-status">
                    <progress id="lab-progress" max="1" value="1" aria-label="Simulation progress">{ "100 %" }</progress>
                    <p role="status" data-testid="lab-elapsed" data-elapsed-ms={format!("{elapsed_ms:.0}")}
                        data-busy-ms={format!("{busy_ms:.0}")}
                        data-workers={workers.to_string()}
                        data-run={state.generation.to_string()}
                        data-users={total.to_string()}>
                        { format!("Simulated {} users ({} per workflow, seed {}) in {} ms of wall time, {} {} ms; the rest went to loading and drawing.",
                            count(total), count(u64::from(*users)), results.seed, count(*elapsed_ms as u64),
                            if *workers == 1 { "on 1 worker, simulating for".to_owned() } else { format!("on {workers} workers, one per {}, the busiest simulating for", if *workers >= verify_engine::lab::ROWS { "row" } else { "core" }) },
                            count(*busy_ms as u64)) }
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
