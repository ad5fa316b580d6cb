//! Notices at the top of the page: a restored session, unreadable saved data, imports.

use yew::prelude::*;

use super::{class_list, markup, send};
use crate::state::{Action, Notice};

/// Each notice with a Dismiss button; warnings are alerts.
pub fn notices(notices: &[Notice], dispatch: &Callback<Action>) -> Html {
    if notices.is_empty() {
        return Html::default();
    }
    html! {
        <div class="notices">
            { for notices.iter().map(|n| html! {
                <div key={n.id} ~className={class_list(&[Some("notice"), n.warning.then_some("warning")])}
                    role={n.warning.then_some("alert")}>
                    <p>{ &n.text }</p>
                    <button type="button" class="small" aria-label="Dismiss notice"
                        onclick={send(dispatch, Action::Dismiss(n.id))}>{ "Dismiss" }</button>
                </div>
            }) }
        </div>
    }
}

/// Says out loud that the session is not being kept, and offers the way to keep it: the
/// scenario export.
pub fn storage_warning(problem: &str, exported: bool, dispatch: &Callback<Action>) -> Html {
    html! {
        <div class="notice warning storage-warning" role="alert">
            <p>
                { format!("This session is not being kept: {}. A reload would lose it. ", problem) }
                { "Export it as a scenario file to keep it; saving starts again as soon as the browser lets it." }
            </p>
            <button type="button" class="small" onclick={send(dispatch, Action::Export)}>
                { "Export the session" }
            </button>
            if exported {
                { markup(r##"<a href="#export-text">Go to the exported file</a>"##) }
            }
        </div>
    }
}

/// A shared session that would replace this browser's: open it, or keep the session here.
pub fn offered_share(calls: usize, at: verify_engine::Millis, dispatch: &Callback<Action>) -> Html {
    html! {
        <div class="notice offered-share" role="region" aria-label="Shared session">
            <p>{ format!(
                "This link holds a shared session: {} calls, up to {}. Opening it replaces the session kept in this browser (export yours first to keep it).",
                crate::format::count(calls as u64),
                crate::format::clock(at)
            ) }</p>
            <div class="button-row">
                <button type="button" class="primary" onclick={send(dispatch, Action::OpenShared)}>
                    { "Open the shared session" }
                </button>
                <button type="button" onclick={send(dispatch, Action::KeepMine)}>
                    { "Keep my session" }
                </button>
            </div>
        </div>
    }
}
