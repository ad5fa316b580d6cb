//! The API log: every call as the HTTP request the real API would get, with the exact
//! JSON response, newest first, a page at a time, and "Copy as curl".

use std::rc::Rc;

use web_sys::HtmlInputElement;
use yew::prelude::*;

use super::pager::pager;
use crate::format;
use crate::platform::Platform;
use crate::state::log::LogPage;
use crate::state::{Action, LogEntry};

/// Properties of [`ApiLog`].
#[derive(Properties, PartialEq)]
pub struct ApiLogProps {
    /// The page of the log on screen.
    pub page: LogPage,
    /// Where the filter and the paging go.
    pub dispatch: Callback<Action>,
    /// The API the calls go to (the real one, or the emulator serving the page).
    pub host: AttrValue,
}

/// The "API log" region: a page of entries, newest first, a filter by request id or
/// number, and buttons to reach older (and back to newer) entries.
#[function_component]
pub fn ApiLog(props: &ApiLogProps) -> Html {
    let page = &props.page;
    let oninput = {
        let dispatch = props.dispatch.clone();
        Callback::from(move |e: InputEvent| {
            let value = e.target_unchecked_into::<HtmlInputElement>().value();
            dispatch.emit(Action::FilterLog(value));
        })
    };
    let showing = match page.items.first().zip(page.items.last()) {
        Some(((newest, _), (oldest, _))) if page.search.is_empty() => {
            format!("Calls {oldest}-{newest} of {}, newest first.", page.all)
        }
        Some(_) => format!(
            "{} of {} calls mention \"{}\"; page {} of {}, newest first.",
            page.total,
            page.all,
            page.search,
            page.page + 1,
            page.pages
        ),
        None if page.all > 0 => format!("No call mentions \"{}\".", page.search),
        None => String::new(),
    };
    html! {
        <section class="panel api-log" aria-label="API log">
            <h2>{ "API log" }</h2>
            <p class="hint">{ format!("Each call as your backend would send it to {}, and the simulator's answer: the real API's JSON, field for field. Newest first. No credentials are needed here.", props.host) }</p>
            if page.all == 0 {
                <p class="empty">{ "No calls yet." }</p>
            } else {
                <div class="field">
                    <label for="log-filter">{ "Filter by request ID or number" }</label>
                    <input id="log-filter" type="search" autocomplete="off"
                        value={page.search.clone()} {oninput} />
                </div>
                <p class="hint" aria-live="polite">{ showing }</p>
                <ol class="log-list" reversed=true>
                    { for page.items.iter().map(|(number, entry)| html! {
                        <LogItem key={*number} entry={entry.clone()} host={props.host.clone()} />
                    }) }
                </ol>
                { pager(page.page, page.pages, &props.dispatch, Action::LogPage, "calls") }
            }
        </section>
    }
}

/// Properties of [`LogItem`].
#[derive(Properties, PartialEq)]
pub struct LogItemProps {
    /// The call and its answer.
    pub entry: Rc<LogEntry>,
    /// The API the call went to, for "Copy as curl".
    pub host: AttrValue,
}

/// One call: method, path, parameters, status, the JSON response and "Copy as curl".
#[function_component]
pub fn LogItem(props: &LogItemProps) -> Html {
    let entry = &props.entry;
    let platform = use_context::<Platform>();
    let copied = use_state(|| None::<bool>);
    let curl = format::curl(&entry.call, &props.host);
    let onclick = {
        let (curl, copied) = (curl.clone(), copied.clone());
        Callback::from(move |_: MouseEvent| {
            let copied = copied.clone();
            match &platform {
                Some(p) => p
                    .clipboard
                    .copy(curl.clone(), Callback::from(move |ok| copied.set(Some(ok)))),
                None => copied.set(Some(false)),
            }
        })
    };
    let endpoint = entry.call.endpoint();
    let status = entry.response.status();
    let pairs = entry.call.pairs();
    html! {
        <li class="log-entry">
            <p class="log-head">
                <span class="method">{ endpoint.method() }</span>
                <code class="path">{ endpoint.path() }</code>
                <span class="at">{ format!("at {}", format::clock(entry.at)) }</span>
                <span class={classes!("badge", if status == 0 { "ok" } else { "error" })}>
                    { format!("status {status}") }
                </span>
                if entry.from_scenario { <span class="badge">{ "scenario" }</span> }
            </p>
            if pairs.is_empty() {
                <p class="hint">{ "No parameters." }</p>
            } else {
                <table class="params">
                    <caption class="visually-hidden">{ "Parameters" }</caption>
                    <tbody>
                        { for pairs.iter().map(|(name, value)| html! {
                            <tr><th scope="row">{ *name }</th><td><code>{ *value }</code></td></tr>
                        }) }
                    </tbody>
                </table>
            }
            if let Some(failure) = entry.response.failure() {
                <p class="log-error"><code>{ failure.error_text }</code>{ " " }
                    <span class="explain">{ failure.explanation }</span></p>
            }
            <pre class="json"><code>{ entry.json() }</code></pre>
            <div class="curl">
                <button type="button" class="small" {onclick}>{ "Copy as curl" }</button>
                <span class="copy-state" aria-live="polite">
                    { match *copied {
                        Some(true) => "Copied.",
                        Some(false) => "The browser refused: copy it from below.",
                        None => "",
                    } }
                </span>
                <details>
                    <summary>{ "curl command" }</summary>
                    <pre class="json"><code>{ curl }</code></pre>
                </details>
            </div>
        </li>
    }
}
