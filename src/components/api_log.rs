//! The API log: every call as the HTTP request the real API would get, with the exact
//! JSON response, newest first, a page at a time, and "Copy as curl".

use web_sys::HtmlInputElement;
use yew::prelude::*;

use super::pager::pager;
use super::{class_list, markup};
use crate::format;
use crate::state::log::LogPage;
use crate::state::{Action, LogEntry};

/// The "API log" region: a page of entries, newest first, a filter by request id or
/// number, and buttons to reach older (and back to newer) entries.
pub fn api_log(
    page: &LogPage,
    dispatch: &Callback<Action>,
    host: &AttrValue,
    copied: Option<(usize, bool)>,
    copy: &Callback<(usize, String)>,
) -> Html {
    let oninput = {
        let dispatch = dispatch.clone();
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
            { markup(r#"<h2>API log</h2>"#) }
            <p class="hint">{ format!("Each call as your backend would send it to {}, and the simulator's answer: the real API's JSON, field for field. Newest first. No credentials are needed here.", host) }</p>
            if page.all == 0 {
                { markup(r#"<p class="empty">No calls yet.</p>"#) }
            } else {
                <div class="field">
                    { markup(r#"<label for="log-filter">Filter by request ID or number</label>"#) }
                    <input id="log-filter" type="search" autocomplete="off"
                        value={page.search.clone()} {oninput} />
                </div>
                <p class="hint" aria-live="polite">{ showing }</p>
                <ol class="log-list" reversed=true>
                    { for page.items.iter().map(|(number, entry)| {
                        let state = copied.filter(|(n, _)| n == number).map(|(_, ok)| ok);
                        log_item(*number, entry, host, state, copy)
                    }) }
                </ol>
                { pager(page.page, page.pages, dispatch, Action::LogPage, "calls") }
            }
        </section>
    }
}

/// One call (number `number` in the log): method, path, parameters, status, the JSON
/// response and "Copy as curl" (`copied`: whether the clipboard took it, once tried).
fn log_item(
    number: usize,
    entry: &LogEntry,
    host: &str,
    copied: Option<bool>,
    copy: &Callback<(usize, String)>,
) -> Html {
    let curl = format::curl(&entry.call, host);
    let onclick = {
        let (copy, curl) = (copy.clone(), curl.clone());
        Callback::from(move |_: MouseEvent| copy.emit((number, curl.clone())))
    };
    let endpoint = entry.call.endpoint();
    let badge = entry.badge();
    // A call sent with a JSON body instead of parameters (a fault step) shows its body
    // as its one row, where the log would otherwise say "No parameters.".
    let body = entry.request_body().unwrap_or_default();
    let mut pairs = entry.call.pairs();
    if pairs.is_empty() && !body.is_empty() {
        pairs.push(("body", &body));
    }
    html! {
        <li class="log-entry" key={number}>
            <p class="log-head">
                <span class="method">{ endpoint.method() }</span>
                <code class="path">{ endpoint.path() }</code>
                <span class="at">{ format!("at {}", format::clock(entry.at)) }</span>
                <span ~className={class_list(&[Some("badge"), Some(if badge.ok { "ok" } else { "error" })])}>
                    { badge.text }
                </span>
                if entry.from_scenario { <span class="badge">{ "scenario" }</span> }
            </p>
            if pairs.is_empty() {
                { markup(r#"<p class="hint">No parameters.</p>"#) }
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
            <pre class="json"><code>{ crate::platform::json::pretty_json(&entry.json()) }</code></pre>
            <div class="curl">
                <button type="button" class="small" {onclick}>{ "Copy as curl" }</button>
                <span class="copy-state" aria-live="polite">
                    { match copied {
                        Some(true) => "Copied.",
                        Some(false) => "The browser refused: copy it from below.",
                        None => "",
                    } }
                </span>
                <details>
                    { markup(r#"<summary>curl command</summary>"#) }
                    <pre class="json"><code>{ curl }</code></pre>
                </details>
            </div>
        </li>
    }
}
