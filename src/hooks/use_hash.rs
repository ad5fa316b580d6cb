use std::rc::Rc;

use wasm_bindgen::closure::Closure;
use wasm_bindgen::JsCast;
use yew::prelude::*;

use crate::platform::Location;

/// The address's hash (without `#`), updated on `hashchange`: which view is shown
/// (`#lab` for the Reach lab, anything else for the playground). The listener is removed
/// by the effect's cleanup.
#[hook]
pub fn use_hash(location: Rc<dyn Location>) -> String {
    let hash = use_state({
        let location = location.clone();
        move || location.hash()
    });
    {
        let hash = hash.clone();
        use_effect_with((), move |_| {
            let window = web_sys::window();
            let listener = Closure::<dyn Fn()>::new(move || hash.set(location.hash()));
            if let Some(window) = &window {
                let _ = window.add_event_listener_with_callback(
                    "hashchange",
                    listener.as_ref().unchecked_ref(),
                );
            }
            move || {
                if let Some(window) = &window {
                    let _ = window.remove_event_listener_with_callback(
                        "hashchange",
                        listener.as_ref().unchecked_ref(),
                    );
                }
                drop(listener);
            }
        });
    }
    (*hash).clone()
}
