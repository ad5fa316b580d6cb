//! The request's timeline: each step's window (its channel_timeout; 60 s for silent
//! authentication), what happened or is planned, and when the request ended.

use yew::prelude::*;

use crate::format;
use crate::state::v2::timeline::windows;
use crate::state::v2::V2Playground;

/// The region, for the request the buttons act on.
pub fn v2_timeline(state: &V2Playground) -> Html {
    let Some(request) = state.request() else {
        return html! {};
    };
    let rows = windows(request);
    html! {
        <section class="panel v2-timeline" aria-labelledby="v2-timeline-title">
            <h2 id="v2-timeline-title">{ "Timeline" }</h2>
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
            <p>
                { match request.finalized() {
                    Some(at) => format!("Ended {} at {}.", request.status().as_str(), format::clock(at)),
                    None => format!("Expires at {} unless converted.", format::clock(request.plan().end)),
                } }
            </p>
        </section>
    }
}
