//! The requests sent so far, newest first: one click selects one, and the status, phone
//! and timeline follow it.

use verify_engine::RequestId;
use yew::prelude::*;

use super::send;
use crate::format;
use crate::state::Action;

/// One request as the list shows it.
#[derive(Clone, PartialEq, Eq, Debug)]
pub struct RequestSummary {
    /// Its id.
    pub id: RequestId,
    /// 1-based order of sending.
    pub number_in_session: usize,
    /// The phone number.
    pub to: String,
    /// `1: SMS -> TTS -> TTS`
    pub workflow: String,
    /// The status word.
    pub status: &'static str,
}

/// Properties of [`RequestList`].
#[derive(Properties, PartialEq)]
pub struct RequestListProps {
    /// Oldest first.
    pub requests: Vec<RequestSummary>,
    /// The selected one.
    pub selected: Option<RequestId>,
    /// Where selections go.
    pub dispatch: Callback<Action>,
}

/// Buttons, newest first, with `aria-pressed` on the selected request.
#[function_component]
pub fn RequestList(props: &RequestListProps) -> Html {
    if props.requests.len() < 2 {
        return Html::default();
    }
    html! {
        <div class="requests">
            <h3 id="requests-title">{ "Requests in this session" }</h3>
            <ul aria-labelledby="requests-title">
                { for props.requests.iter().rev().map(|r| {
                    let pressed = if Some(r.id) == props.selected { "true" } else { "false" };
                    html! {
                        <li key={r.id.to_string()}>
                            <button type="button" class="request-choice" aria-pressed={pressed}
                                onclick={send(&props.dispatch, Action::Select(r.id))}>
                                <span>{ format!("#{} {}", r.number_in_session, format::short_id(r.id)) }</span>
                                <span>{ format!("to {} · workflow {}", r.to, r.workflow) }</span>
                                <span class={classes!("word", r.status.to_lowercase().replace(' ', "-"))}>
                                    { r.status }
                                </span>
                            </button>
                        </li>
                    }
                }) }
            </ul>
        </div>
    }
}
