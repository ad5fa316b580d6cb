//! The request's timeline: each step's window (its channel_timeout; 60 s for silent
//! authentication), what happened or is planned, when the request ended, and marks for
//! when the code arrived and by which channel (and the WhatsApp question, the device's
//! silent-auth check). The bar is drawn for the eye; the list under it says the same in
//! words, for everyone.

use yew::prelude::*;

use crate::format;
use crate::state::v2::timeline::{marks, windows, Mark, Window};
use crate::state::v2::V2Playground;
use verify_engine::Millis;

/// Where `at` falls between `from` and `to`, as a CSS percentage to a hundredth. In whole
/// numbers: formatting a float would bring the float printer into the module.
fn percent(at: Millis, from: Millis, to: Millis) -> String {
    let span = u128::from(to.saturating_sub(from).max(1));
    let part = u128::from(at.saturating_sub(from)).min(span);
    let hundredths = part * 10_000 / span;
    format!("{}.{:02}%", hundredths / 100, hundredths % 100)
}

/// The bar: the windows as spans and the marks as dots, hidden from screen readers (the
/// table and the list say it all).
fn track(rows: &[Window], arrived: &[Mark], from: Millis, to: Millis) -> Html {
    html! {
        <div class="v2-track" aria-hidden="true">
            { for rows.iter().map(|row| {
                let style = format!(
                    "left:{};width:calc({} - {})",
                    percent(row.from, from, to),
                    percent(row.to, from, to),
                    percent(row.from, from, to)
                );
                html! {
                    <span class={classes!("v2-span", row.status, row.planned.then_some("planned"))} {style}>
                        { row.channel.as_str() }
                    </span>
                }
            }) }
            { for arrived.iter().map(|mark| html! {
                <span class={classes!("v2-dot", mark.channel.as_str())}
                    style={format!("left:{}", percent(mark.at, from, to))}
                    title={mark.text.clone()}></span>
            }) }
        </div>
    }
}

/// The region, for the request the buttons act on.
pub fn v2_timeline(state: &V2Playground) -> Html {
    let Some(request) = state.request() else {
        return html! {};
    };
    let rows = windows(request);
    let arrived = marks(request, &state.reached);
    let start = request.submitted();
    let end = rows
        .iter()
        .map(|row| row.to)
        .chain(request.finalized())
        .max()
        .unwrap_or(start);
    // A little room past the end, so that a mark at the very end (the last step's
    // delivery when the request ended at once) is not cut in half.
    let end = end + end.saturating_sub(start) / 20 + 1000;
    html! {
        <section class="panel v2-timeline" aria-labelledby="v2-timeline-title">
            <h2 id="v2-timeline-title">{ "Timeline" }</h2>
            { track(&rows, &arrived, start, end) }
            <table>
                <thead><tr><th>{ "Step" }</th><th>{ "Channel" }</th><th>{ "Window" }</th><th>{ "Status" }</th></tr></thead>
                <tbody>
                    { for rows.iter().enumerate().map(|(i, row)| html! {
                        <tr class={classes!(row.planned.then_some("planned"))}>
                            <td>{ i + 1 }</td>
                            <td>{ row.channel.as_str() }</td>
                            <td>{ format!("{} – {}{}", format::clock(row.from), format::clock(row.to),
                                if row.planned { " (planned)" } else { "" }) }</td>
                            <td>{ row.status }</td>
                        </tr>
                    }) }
                </tbody>
            </table>
            if !arrived.is_empty() {
                <h3 id="v2-arrived-title">{ "What arrived" }</h3>
                <ol class="v2-arrived" aria-labelledby="v2-arrived-title">
                    { for arrived.iter().map(|mark| html! {
                        <li class={classes!("v2-mark", mark.channel.as_str())}>{ &mark.text }</li>
                    }) }
                </ol>
            }
            <p>
                { match request.finalized() {
                    Some(at) => format!("Ended {} at {}.", request.status().as_str(), format::clock(at)),
                    None => format!("Expires at {} unless converted.", format::clock(request.plan().end)),
                } }
            </p>
        </section>
    }
}
