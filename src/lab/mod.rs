//! # Reach lab
//!
//! Which workflow verifies the most users, fastest, at the lowest cost? A Monte Carlo
//! comparison of the seven workflows (and Verify v2 channel sequences) on a population
//! the user describes, run in the browser on the same engine as the playground
//! (`verify_engine::lab`): each simulated user sends a real request, receives SMS and
//! calls in virtual time, and checks codes.
//!
//! [`ReachLab`] is self-contained and embeddable: its own `use_reducer` state
//! ([`state`]), its own styles, no context needed. Mount it anywhere:
//!
//! ```ignore
//! html! { <verify_playground::lab::ReachLab /> }
//! ```
//!
//! - [`state`]: the form as typed, the goal, the run; a pure reducer.
//! - [`config`]: what the form means: the run's configuration, or its errors by field.
//! - [`fields`]: the model's fields, how each is typed in and read.
//! - [`format`]: numbers as the tables and plots print them.
//! - [`form`]: the model form with its presets, seed, users and goal.
//! - [`table`]: the results table, best row marked.
//! - [`plots`]: the SVG plots (verification rate, time-to-verify histograms).
//!
//! The simulation runs in Web Workers ([`worker`], built from `src/bin/lab-worker.rs`
//! for speed), one per core, sharing out the rows ([`pool`]), with a `<progress>` bar and
//! Stop; when it ends, the wall time is printed
//! (`data-testid="lab-elapsed"`, its `data-elapsed-ms` attribute holds the figure) for the
//! end-to-end test. The lab is a module of its own (`src/bin/verify-lab.rs`), downloaded
//! only when `#lab` opens: [`start`] mounts it.

mod component;
pub mod config;
pub mod fields;
pub mod form;
pub mod format;
pub mod plots;
pub mod pool;
pub mod state;
mod style;
pub mod table;
pub mod worker;

pub use component::{ReachLab, ReachLabProps};

/// The lab's page: the header (unless embedded) and the lab.
#[yew::function_component]
pub fn LabRoot() -> yew::Html {
    let embed = crate::state::address::parse_query(&crate::platform::Location::query(
        &crate::platform::url::BrowserLocation,
    ))
    .embed;
    yew::html! {
        <div class={yew::classes!("page", embed.then_some("embed"))}>
            if !embed {
                { crate::components::header::header(crate::components::header::View::Lab) }
            }
            <main id="main" class="lab">
                <ReachLab />
            </main>
        </div>
    }
}

/// Mounts the lab's page on the document's body.
pub fn start() {
    yew::Renderer::<LabRoot>::new().render();
}
