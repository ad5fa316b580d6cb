//! The requests sent so far, newest first, a page at a time with a search by id or
//! number: one click selects one, and the status, phone and timeline follow it.

use verify_engine::RequestId;
use web_sys::HtmlInputElement;
use yew::prelude::*;

use super::markup;
use super::pager::pager;
use super::{class_list, send};
use crate::format;
use crate::state::requests::RequestPage;
use crate::state::Action;

/// Buttons, newest first, with `aria-pressed` on the selected request.
pub fn request_list(
    page: &RequestPage,
    selected: Option<RequestId>,
    dispatch: &Callback<Action>,
) -> Html {
    if page.all < 2 {
        return Html::default();
    }
    let oninput = {
        let dispatch = dispatch.clone();
        Callback::from(move |e: InputEvent| {
            let value = e.target_unchecked_into::<HtmlInputElement>().value();
            dispatch.emit(Action::FindRequest(value));
        })
    };
    let searchable = page.all > crate::state::requests::REQUEST_PAGE;
    html! {
        <div class="requests">
            { markup(r#"<h3 id="requests-title">Requests in this session</h3>"#) }
            if searchable {
                <div class="field">
                    { markup(r#"<label for="request-search">Find a request</label>"#) }
                    <input id="request-search" type="search" autocomplete="off"
                        placeholder="ID or number" value={page.search.clone()} {oninput} />
                </div>
                <p class="hint" aria-live="polite">{
                    if page.search.is_empty() {
                        format!("{} requests, newest first.", format::count(page.all as u64))
                    } else {
                        format!("{} of {} requests match.", format::count(page.total as u64), format::count(page.all as u64))
                    }
                }</p>
            }
            <ul aria-labelledby="requests-title">
                { for page.items.iter().flatten().map(|r| {
                    let pressed = if Some(r.id) == selected { "true" } else { "false" };
                    html! {
                        <li key={r.id.to_string()}>
                            <button type="button" class="request-choice" aria-pressed={pressed}
                                onclick={send(dispatch, Action::Select(r.id))}>
                                <span>{ format!("#{} {}", r.number_in_session, format::short_id(r.id)) }</span>
                                <span>{ format!("to {} · workflow {}", r.to, r.workflow) }</span>
                                <span ~className={class_list(&[Some("word"), Some(&format::status_class(r.status))])}>
                                    { r.status }
                                </span>
                            </button>
                        </li>
                    }
                }) }
            </ul>
            { pager(page.page, page.pages, dispatch, Action::RequestPage, "requests") }
        </div>
    }
}
