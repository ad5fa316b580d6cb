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

/// Properties of [`StorageWarning`].
#[derive(Properties, PartialEq)]
pub struct StorageWarningProps {
    /// Why saving fails.
    pub problem: AttrValue,
    /// Whether the session has been exported (the Session panel then offers the file).
    pub exported: bool,
    /// Where "Export the session" goes.
    pub dispatch: Callback<Action>,
}

/// Says out loud that the session is not being kept, and offers the way to keep it: the
/// scenario export.
#[function_component]
pub fn StorageWarning(props: &StorageWarningProps) -> Html {
    html! {
        <div class="notice warning storage-warning" role="alert">
            <p>
                { format!("This session is not being kept: {}. A reload would lose it. ", props.problem) }
                { "Export it as a scenario file to keep it; saving starts again as soon as the browser lets it." }
            </p>
            <button type="button" class="small" onclick={send(&props.dispatch, Action::Export)}>
                { "Export the session" }
            </button>
            if props.exported {
                <a href="#export-text">{ "Go to the exported file" }</a>
            }
        </div>
    }
}

/// Properties of [`OfferedShare`].
#[derive(Properties, PartialEq)]
pub struct OfferedShareProps {
    /// How many calls the shared session holds.
    pub calls: usize,
    /// The simulated time it was shared at.
    pub at: verify_engine::Millis,
    /// Where the choice goes.
    pub dispatch: Callback<Action>,
}

/// A shared session that would replace this browser's: open it, or keep the session here.
#[function_component]
pub fn OfferedShare(props: &OfferedShareProps) -> Html {
    html! {
        <div class="notice offered-share" role="region" aria-label="Shared session">
            <p>{ format!(
                "This link holds a shared session: {} calls, up to {}. Opening it replaces the session kept in this browser (export yours first to keep it).",
                crate::format::count(props.calls),
                crate::format::clock(props.at)
            ) }</p>
            <div class="button-row">
                <button type="button" class="primary" onclick={send(&props.dispatch, Action::OpenShared)}>
                    { "Open the shared session" }
                </button>
                <button type="button" onclick={send(&props.dispatch, Action::KeepMine)}>
                    { "Keep my session" }
                </button>
            </div>
        </div>
    }
}
