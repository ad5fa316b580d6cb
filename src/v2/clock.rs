//! The simulated clock, as v1's: the time, Play/Pause, the speed, "Skip to next event";
//! and the hook that ticks it while it plays.

use gloo_timers::callback::Interval;
use verify_engine::Millis;
use web_sys::HtmlSelectElement;
use yew::prelude::*;

use crate::format;
use crate::hooks::TICK_MS;
use crate::state::v2::{V2Action, SPEEDS};

/// While `running`, dispatches [`V2Action::Tick`] every [`TICK_MS`] with the real time
/// elapsed; the interval is dropped when the clock pauses or the view goes away.
#[hook]
pub fn use_v2_clock(running: bool, dispatch: Callback<V2Action>) {
    use_effect_with(running, move |running| {
        let interval = running.then(|| {
            let mut last = js_sys::Date::now();
            Interval::new(TICK_MS, move || {
                let now = js_sys::Date::now();
                dispatch.emit(V2Action::Tick(now - last));
                last = now;
            })
        });
        move || drop(interval)
    });
}

/// The clock bar.
pub fn v2_clock(
    now: Millis,
    running: bool,
    speed: u32,
    next_due: Option<Millis>,
    dispatch: &Callback<V2Action>,
) -> Html {
    let toggle = {
        let dispatch = dispatch.clone();
        Callback::from(move |_: MouseEvent| dispatch.emit(V2Action::SetRunning(!running)))
    };
    let skip = {
        let dispatch = dispatch.clone();
        Callback::from(move |_: MouseEvent| dispatch.emit(V2Action::SkipToNext))
    };
    let onchange = {
        let dispatch = dispatch.clone();
        Callback::from(move |e: Event| {
            if let Ok(speed) = e
                .target_unchecked_into::<HtmlSelectElement>()
                .value()
                .parse()
            {
                dispatch.emit(V2Action::SetSpeed(speed));
            }
        })
    };
    html! {
        <div class="clock" role="group" aria-label="Simulated clock">
            <p class="time">
                <span class="label">{ "Simulated time" }</span>
                <span class="now" id="sim-time">{ format::clock(now) }</span>
            </p>
            <div class="clock-controls">
                <button type="button" class="play" onclick={toggle}>{ if running { "Pause" } else { "Play" } }</button>
                <label for="v2-speed" class="inline-label">{ "Speed" }</label>
                <select id="v2-speed" {onchange}>
                    { for SPEEDS.iter().map(|s| html! {
                        <option value={s.to_string()} selected={*s == speed}>{ format!("{s}x") }</option>
                    }) }
                </select>
                <button type="button" onclick={skip}>{ "Skip to next event" }</button>
            </div>
            <p class="next-due">{ match next_due {
                Some(at) => format!("Next scheduled: {}", format::clock(at)),
                None => "Nothing scheduled".to_owned(),
            } }</p>
        </div>
    }
}
