//! One small file per panel. Each component takes plain data and callbacks (or the
//! dispatcher's `Callback<Action>`), draws, and turns user input into [`Action`]s: no
//! Verify rule is decided here.

pub mod api_log;
pub mod app;
pub mod clock;
pub mod controls;
pub mod field;
pub mod form;
pub mod header;
pub mod notices;
pub mod pager;
pub mod phone;
pub mod requests;
pub mod session;
pub mod share;
pub mod timeline;
pub mod ui;

use yew::Callback;

use crate::state::Action;

/// A callback that ignores its event and dispatches `action`: the one helper behind most
/// buttons.
pub fn send<E>(dispatch: &Callback<Action>, action: Action) -> Callback<E> {
    let dispatch = dispatch.clone();
    Callback::from(move |_: E| dispatch.emit(action.clone()))
}

/// A random seed for a new session (the reducer stays pure: the seed comes in the action).
pub fn random_seed() -> u64 {
    (js_sys::Math::random() * 9_007_199_254_740_991.0) as u64
}
