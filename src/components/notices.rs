//! Notices at the top of the page: a restored session, unreadable saved data, imports.

use yew::prelude::*;

use super::send;
use crate::state::{Action, Notice};

/// Properties of [`Notices`].
#[derive(Properties, PartialEq)]
pub struct NoticesProps {
    /// The notices, oldest first.
    pub notices: Vec<Notice>,
    /// Where "Dismiss" goes.
    pub dispatch: Callback<Action>,
}

/// Each notice with a Dismiss button; warnings are alerts.
#[function_component]
pub fn Notices(props: &NoticesProps) -> Html {
    if props.notices.is_empty() {
        return Html::default();
    }
    html! {
        <div class="notices">
            { for props.notices.iter().map(|n| html! {
                <div key={n.id} class={classes!("notice", n.warning.then_some("warning"))}
                    role={n.warning.then_some("alert")}>
                    <p>{ &n.text }</p>
                    <button type="button" class="small" aria-label="Dismiss notice"
                        onclick={send(&props.dispatch, Action::Dismiss(n.id))}>{ "Dismiss" }</button>
                </div>
            }) }
        </div>
    }
}
