//! Paging for long lists (the API log, the request list): the newest page first, and
//! buttons to go back to older items and forward again.

use yew::prelude::*;

use super::send;
use crate::state::Action;

/// "Newer" and "Older" buttons for a paged list, when it has more than one page.
pub fn pager(
    page: usize,
    pages: usize,
    dispatch: &Callback<Action>,
    to: fn(usize) -> Action,
    what: &str,
) -> Html {
    if pages < 2 {
        return Html::default();
    }
    html! {
        <div class="button-row pager">
            <button type="button" class="small" disabled={page == 0}
                onclick={send(dispatch, to(0))}>{ format!("Newest {what}") }</button>
            <button type="button" class="small" disabled={page == 0}
                onclick={send(dispatch, to(page.saturating_sub(1)))}>{ format!("Newer {what}") }</button>
            <span class="page-number">{ format!("Page {} of {pages}", page + 1) }</span>
            <button type="button" class="small" disabled={page + 1 >= pages}
                onclick={send(dispatch, to(page + 1))}>{ format!("Older {what}") }</button>
        </div>
    }
}
