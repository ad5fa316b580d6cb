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

/// The class of an element whose classes change with the state: the parts given (those
/// present and not empty, in order) joined by spaces, for the element's `className`
/// property (`<p ~className={class_list(&[Some("badge"), ok.then_some("ok")])}>`), which
/// the DOM reflects as its `class` attribute.
///
/// Not `class={...}`: yew turns a `class` expression into its `Classes`, an `IndexSet`
/// (a hash table and its hasher), whose code cost the playground's download 2.2 KB
/// gzipped for these few lists (`scripts/bundle-size`, 2026-12-01). With no part left
/// the element gets `class=""`. Give an element either a fixed `class="..."` or
/// `~className`, never the one at a site and the other at a site Yew may reuse the
/// element from (same tag, same place, no key): Yew updates them as different things.
#[inline(never)]
pub fn class_list(parts: &[Option<&str>]) -> wasm_bindgen::JsValue {
    let mut list = String::new();
    for part in parts.iter().flatten().filter(|part| !part.is_empty()) {
        if !list.is_empty() {
            list.push(' ');
        }
        list.push_str(part);
    }
    list.into()
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
