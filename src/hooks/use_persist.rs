use std::rc::Rc;

use verify_engine::SECOND;
use yew::prelude::*;

use crate::platform::{url, Location, Storage};
use crate::state::{form::FormValues, saved, Playground};

/// Saves the session whenever something it keeps changes, and at most once per simulated
/// second while the clock runs (embedded pages keep nothing). Saving is an effect, never
/// part of the reducer. A failed save is ignored: the page was told at start-up if storage
/// is unusable.
#[hook]
pub fn use_persist(state: UseReducerHandle<Playground>, storage: Rc<dyn Storage>) {
    let deps = (state.revision, state.now() / SECOND, state.embed);
    use_effect_with(deps, move |(_, _, embed)| {
        if !*embed {
            let _ = storage.save(&saved::encode(&state));
        }
    });
}

/// Keeps the address bar's query equal to the form's settings, so the address can be
/// shared (`?workflow_id=3&pin_expiry=240`).
#[hook]
pub fn use_url_sync(form: FormValues, embed: bool, location: Rc<dyn Location>) {
    use_effect_with((form, embed), move |(form, embed)| {
        let query = url::settings_query(form, *embed);
        if query != location.query() {
            location.replace_query(&query);
        }
    });
}
