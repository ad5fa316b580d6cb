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
#[cfg(feature = "v2")]
pub mod v2_mirror;

use yew::Callback;

use crate::state::Action;

/// A callback that ignores its event and dispatches `action`: the one helper behind most
/// buttons.
pub fn send<E>(dispatch: &Callback<Action>, action: Action) -> Callback<E> {
    let dispatch = dispatch.clone();
    Callback::from(move |_: E| dispatch.emit(action.clone()))
}

/// The `class` attribute made of the parts given (those present and not empty, in order,
/// joined by spaces); no attribute when none is. What yew's `classes!` gives for these
/// plain words, without its set of classes: that set (an `IndexSet`, so a hash table and
/// its hasher) cost the playground's download more than the few lists it made.
#[inline(never)]
pub fn class_list(parts: &[Option<&str>]) -> Option<yew::AttrValue> {
    let mut list = String::new();
    for part in parts.iter().flatten().filter(|part| !part.is_empty()) {
        if !list.is_empty() {
            list.push(' ');
        }
        list.push_str(part);
    }
    (!list.is_empty()).then(|| list.into())
}

/// Markup that never changes (an element with fixed attributes and text), given as its
/// HTML: one string in the download where the `html!` macro would build the element and
/// its text node in code. Only for text without `&` or `<`, and for elements that may
/// stand inside a `div` (not table parts, which the parser would drop there).
#[inline(never)]
pub fn markup(html: &'static str) -> yew::Html {
    yew::Html::from_html_unchecked(yew::AttrValue::Static(html))
}

/// A random seed for a new session (the reducer stays pure: the seed comes in the action).
pub fn random_seed() -> u64 {
    (js_sys::Math::random() * 9_007_199_254_740_991.0) as u64
}
