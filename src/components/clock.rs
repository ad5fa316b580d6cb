//! The simulated clock: time, play/pause, speed and skipping ahead.

use verify_engine::Millis;
use web_sys::HtmlSelectElement;
use yew::prelude::*;

use super::{class_list, markup, send};
use crate::format;
use crate::state::remote::Link;
use crate::state::{Action, SKIP_SPAN};

/// What [`clock_bar`] draws.
pub struct ClockBarProps {
    /// Simulated time.
    pub now: Millis,
    /// Playing or paused.
    pub running: bool,
    /// Current speed.
    pub speed: u32,
    /// The speeds to offer.
    pub speeds: Vec<u32>,
    /// The emulator this page mirrors (its address) and the connection, if any.
    pub emulator: Option<(AttrValue, Link)>,
    /// When the next thing is due.
    pub next_due: Option<Millis>,
    /// Where actions go.
    pub dispatch: Callback<Action>,
}

/// Simulated time as m:ss, a Pause/Play button, the Speed select and the skip buttons.
pub fn clock_bar(props: &ClockBarProps) -> Html {
    let toggle = send(&props.dispatch, Action::SetRunning(!props.running));
    let onchange = {
        let dispatch = props.dispatch.clone();
        Callback::from(move |e: Event| {
            let value = e.target_unchecked_into::<HtmlSelectElement>().value();
            if let Ok(speed) = value.parse() {
                dispatch.emit(Action::SetSpeed(speed));
            }
        })
    };
    let next = match props.next_due {
        Some(at) => format!("Next scheduled: {}", format::clock(at)),
        None => "Nothing scheduled".to_owned(),
    };
    html! {
        <div class="clock" role="group" aria-label="Simulated clock">
            <p class="time">
                { markup(r#"<span class="label">Simulated time</span>"#) }
                <span class="now" id="sim-time">{ format::clock(props.now) }</span>
            </p>
            <div class="clock-controls">
                <button type="button" class="play" onclick={toggle}>
                    { if props.running { "Pause" } else { "Play" } }
                </button>
                { markup(r#"<label for="speed" class="inline-label">Speed</label>"#) }
                <select id="speed" {onchange}>
                    { for props.speeds.iter().map(|s| html! {
                        <option value={s.to_string()} selected={*s == props.speed}>
                            { format!("{s}x") }
                        </option>
                    }) }
                </select>
                <button type="button" onclick={send(&props.dispatch, Action::SkipToNext)}>
                    { "Skip to next event" }
                </button>
                <button type="button" onclick={send(&props.dispatch, Action::SkipBy(SKIP_SPAN))}>
                    { "Skip 30 seconds" }
                </button>
            </div>
            <p class="next-due">{ next }</p>
            if let Some((address, link)) = &props.emulator {
                <p ~className={class_list(&[Some("emulator-badge"), Some(match link {
                    Link::Connected => "connected",
                    Link::Connecting => "connecting",
                    Link::Lost => "lost",
                })])}>
                    { match link {
                        Link::Connected => format!("Connected to the emulator at {address}: its clock, its session."),
                        Link::Connecting => format!("Connecting to the emulator at {address}..."),
                        Link::Lost => format!("Connection to the emulator at {address} lost: reconnecting..."),
                    } }
                </p>
            }
        </div>
    }
}
