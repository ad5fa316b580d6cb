//! The "Callbacks" region: each summary and event as the app's webhook receives it, its
//! exact JSON and simulated time, what it means for the app receiving it (the engine's
//! words), with "Copy as curl" to replay it against your own endpoint.

use yew::prelude::*;

use crate::format;
use crate::platform::clipboard::Clipboard;
use crate::state::v2::callbacks::V2Callback;
use crate::state::v2::shown::{hint, newest};
use crate::state::v2::V2Playground;

/// The region; `copy` gets a callback's curl command, `copied` tells which was copied.
pub fn v2_callbacks(state: &V2Playground, copy: &Callback<usize>, copied: Option<usize>) -> Html {
    callbacks_region(&state.callbacks, copy, copied)
}

/// The region for `list` (the emulator's page keeps its callbacks outside a
/// [`V2Playground`]).
pub fn callbacks_region(
    list: &[V2Callback],
    copy: &Callback<usize>,
    copied: Option<usize>,
) -> Html {
    html! {
        <section class="panel v2-callbacks" aria-labelledby="v2-callbacks-title">
            <h2 id="v2-callbacks-title">{ "Callbacks" }</h2>
            <p class="hint">{ "What Vonage POSTs to your callback URL: an event when a WhatsApp interactive or silent authentication step starts or ends, a summary when the request ends (not when cancelled)." }</p>
            if list.is_empty() {
                <p class="empty">{ "No callback yet." }</p>
            } else {
                if let Some(hint) = hint(list.len(), "callbacks") {
                    <p class="hint">{ hint }</p>
                }
                <ol class="v2-items">
                    { for newest(list).map(|(i, callback)| {
                        let onclick = {
                            let copy = copy.clone();
                            Callback::from(move |_: MouseEvent| copy.emit(i))
                        };
                        let sent_at = callback.sent_at();
                        html! {
                            <li class={classes!("v2-item", "v2-callback", callback.kind)}>
                                <p class="v2-kind">
                                    { format!("{} callback", callback.kind) }
                                    <time class="v2-at" datetime={sent_at.clone()}>
                                        { format!("{} ({sent_at})", format::clock(callback.at)) }
                                    </time>
                                </p>
                                <p class="v2-meaning">{ callback.meaning() }</p>
                                <pre class="json"><code>{ callback.json() }</code></pre>
                                <button type="button" {onclick}>{ "Copy as curl" }</button>
                                if copied == Some(i) {
                                    <span class="copied" role="status">{ "Copied" }</span>
                                }
                            </li>
                        }
                    }) }
                </ol>
            }
        </section>
    }
}

/// "Copy as curl" for a list of callbacks: the callback the region's buttons call with a
/// callback's index, and which one was copied last (its "Copied" note). `curl_of` gives
/// the index's command (`None` once it is gone). For the `#v2` view and the emulator's
/// page alike.
#[hook]
pub fn use_copy_curl<C, F>(clipboard: C, curl_of: F) -> (Callback<usize>, Option<usize>)
where
    C: Clipboard + 'static,
    F: Fn(usize) -> Option<String> + 'static,
{
    let copied = use_state(|| None::<usize>);
    let copy = {
        let copied = copied.clone();
        Callback::from(move |index: usize| {
            let Some(curl) = curl_of(index) else {
                return;
            };
            let copied = copied.clone();
            clipboard.copy(
                curl,
                Callback::from(move |done: bool| copied.set(done.then_some(index))),
            );
        })
    };
    (copy, *copied)
}
