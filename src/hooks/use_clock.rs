use gloo_timers::callback::Interval;
use yew::prelude::*;

use crate::state::Action;

/// How often the clock ticks while playing, in real milliseconds.
pub const TICK_MS: u32 = 100;

/// Drives simulated time: while `running`, a gloo `Interval` dispatches
/// [`Action::Tick`] with the real milliseconds elapsed since the previous tick (the
/// reducer multiplies by the speed). The interval lives inside the effect and is dropped
/// by its cleanup when the clock pauses or the component goes away.
#[hook]
pub fn use_clock(running: bool, dispatch: Callback<Action>) {
    use_effect_with(running, move |running| {
        let interval = running.then(|| {
            let mut last = js_sys::Date::now();
            Interval::new(TICK_MS, move || {
                let now = js_sys::Date::now();
                dispatch.emit(Action::Tick(now - last));
                last = now;
            })
        });
        move || drop(interval)
    });
}
