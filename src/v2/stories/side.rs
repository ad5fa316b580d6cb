//! "v1 or v2?": what each version sent so far, side by side, from the engine's run of the
//! story (`verify_engine::story::v2::side_by_side`).

use verify_engine::story::v2::{side_by_side, Sent};
use verify_engine::Millis;
use yew::prelude::*;

use crate::format;

/// The key of the story that has the table.
const V1_OR_V2: &str = "v2-or-v1";

/// The table's rows for story `key`, if it has one.
pub fn rows(key: &str) -> Option<Vec<Sent>> {
    (key == V1_OR_V2).then(side_by_side)
}

/// The table up to `now`: one row per instant, v1's and v2's messages in their columns.
pub fn table(rows: &[Sent], now: Millis) -> Html {
    let mut instants: Vec<Millis> = rows.iter().filter(|r| r.at <= now).map(|r| r.at).collect();
    instants.dedup();
    let cell = |at: Millis, version: &str| {
        rows.iter()
            .filter(|r| r.at == at && r.version == version)
            .map(|r| r.what.clone())
            .collect::<Vec<_>>()
            .join("; ")
    };
    html! {
        <section class="panel v2-side" aria-labelledby="v2-side-title">
            <h2 id="v2-side-title">{ "Side by side" }</h2>
            <table>
                <thead>
                    <tr>
                        <th scope="col">{ "Time" }</th>
                        <th scope="col">{ "v1, workflow 1" }</th>
                        <th scope="col">{ "v2, sms -> voice -> voice" }</th>
                    </tr>
                </thead>
                <tbody>
                    { for instants.iter().map(|at| html! {
                        <tr>
                            <th scope="row">{ format::clock(*at) }</th>
                            <td>{ cell(*at, "v1") }</td>
                            <td>{ cell(*at, "v2") }</td>
                        </tr>
                    }) }
                </tbody>
            </table>
        </section>
    }
}
