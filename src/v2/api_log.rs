//! The v2 API log: each call, its HTTP status and the body exactly as sent (problem
//! bodies included), with what each answer means in plain words (the engine's).

use yew::prelude::*;

use crate::format;
use crate::state::v2::shown::{hint, newest};
use crate::state::v2::V2Playground;

/// The region, the newest calls first (a page of them: [`newest`]).
pub fn v2_api_log(state: &V2Playground) -> Html {
    html! {
        <section class="panel v2-log" aria-labelledby="v2-log-title">
            <h2 id="v2-log-title">{ "API log" }</h2>
            if state.log.is_empty() {
                <p class="empty">{ "No call yet." }</p>
            } else {
                if let Some(hint) = hint(state.log.len(), "calls") {
                    <p class="hint">{ hint }</p>
                }
                <ol class="v2-items">
                    { for newest(&state.log).map(|(_, entry)| html! {
                        <li class={classes!("v2-item", "v2-call-entry", entry.refused().then_some("refused"))}>
                            <p class="v2-kind">
                                <code>{ format!("{} {}", entry.method, entry.path) }</code>
                                <time class="v2-at">{ format::clock(entry.at) }</time>
                            </p>
                            if let Some(sent) = &entry.sent {
                                <pre class="json sent"><code>{ sent }</code></pre>
                            }
                            <p class="v2-status">{ format!("HTTP {}", entry.status) }
                                if let Some(kind) = entry.content_type {
                                    { format!(" · {kind}") }
                                }
                            </p>
                            if let Some(body) = &entry.body {
                                <pre class="json"><code>{ body }</code></pre>
                            }
                            if let Some(meaning) = &entry.explanation {
                                <p class={classes!("v2-meaning", entry.refused().then_some("problem"))}>{ meaning }</p>
                            }
                        </li>
                    }) }
                </ol>
            }
        </section>
    }
}
