//! The page: state, effects and layout. `#lab` shows the Reach lab instead.

use yew::prelude::*;

use super::api_log::ApiLog;
use super::clock::ClockBar;
use super::controls::Controls;
use super::form::RequestForm;
use super::notices::{Notices, StorageWarning};
use super::phone::{Phone, PhoneView};
use super::random_seed;
use super::requests::RequestList;
use super::session::Session;
use super::timeline::Timeline;
use crate::format;
use crate::hooks::{
    use_clock, use_emulator, use_hash, use_persist, use_store, use_url_sync, StoreHandle,
};
use crate::platform::storage::load_session;
use crate::platform::{url, Platform};
use crate::state::{saved, timeline, Playground};

/// Properties of [`App`].
#[derive(Properties, PartialEq)]
pub struct AppProps {
    /// The browser services (fakes in tests).
    pub platform: Platform,
    /// The engine's seed for a fresh session; random when not given.
    #[prop_or_default]
    pub seed: Option<u64>,
}

/// The whole app.
#[function_component]
pub fn App(props: &AppProps) -> Html {
    let platform = props.platform.clone();
    let store = use_store({
        let platform = platform.clone();
        let seed = props.seed;
        move || {
            let settings = url::parse_query(&platform.location.query());
            let seed = seed.unwrap_or_else(random_seed);
            if let Some(emulator) = &platform.emulator {
                return saved::boot_connected(&settings, seed, emulator.address.clone());
            }
            let stored = if settings.embed {
                saved::Loaded::Nothing
            } else {
                load_session(&*platform.storage)
            };
            saved::boot(stored, &settings, seed)
        }
    });
    let dispatch = store.dispatcher();
    let (running, form, embed, namespace) = {
        let state = store.borrow();
        let namespace = state.remote.as_ref().and_then(|r| r.namespace.clone());
        (state.running, state.form.clone(), state.embed, namespace)
    };
    use_clock(running, dispatch.clone());
    use_persist(store.clone(), platform.storage.clone());
    use_emulator(store.clone(), platform.emulator.clone());
    use_url_sync(form, embed, namespace, platform.location.clone());
    let hash = use_hash(platform.location.clone());

    let view = match hash.as_str() {
        "lab" => html! {
            <main id="main" class="lab">
                <crate::lab::ReachLab />
            </main>
        },
        _ => playground(&store),
    };
    html! {
        <ContextProvider<Platform> context={platform}>
            <div class={classes!("page", embed.then_some("embed"))}>
                if !embed {
                    <header class="top">
                        <h1>{ "Verify Playground" }</h1>
                        <nav aria-label="Views">
                            <a href="#" aria-current={(hash != "lab").then_some("page")}>{ "Playground" }</a>
                            <a href="#lab" aria-current={(hash == "lab").then_some("page")}>{ "Reach lab" }</a>
                        </nav>
                        <p class="tagline">{ "The Verify API's workflows, simulated in your browser: send a request, watch the SMS and calls reach the phone, and see every call your backend would make." }</p>
                    </header>
                }
                { view }
            </div>
        </ContextProvider<Platform>>
    }
}

/// The playground's panels, each given only the bounded slice of the state it shows.
fn playground(store: &StoreHandle<Playground>) -> Html {
    let dispatch = store.dispatcher();
    let state = store.borrow();
    let selected = state.selected_request();
    let model = selected.map(|r| timeline::model(r, state.now()));
    let phone = PhoneView {
        numbers: state.phones.choices(),
        count: state.phones.list().len(),
        query: state.phones.query().into(),
        unread_elsewhere: state.phones.unread_elsewhere(),
        phone: state.phones.current().map(|p| p.number),
        items: state
            .phones
            .current()
            .map(|p| p.latest(state.thread_shown).cloned().collect())
            .unwrap_or_default(),
        earlier: state
            .phones
            .current()
            .map_or(0, |p| p.items.len().saturating_sub(state.thread_shown)),
        announcements: state
            .announcements
            .iter()
            .map(|(id, a)| (*id, a.words()))
            .collect(),
        now_label: format::clock(state.now()).into(),
    };
    html! {
        <main id="main">
            <Notices notices={state.notices.clone()} dispatch={dispatch.clone()} />
            if let Some(problem) = &state.storage_problem {
                if !state.embed {
                    <StorageWarning problem={AttrValue::from(problem.clone())} exported={state.exported.is_some()}
                        dispatch={dispatch.clone()} />
                }
            }
            <ClockBar now={state.now()} running={state.running} speed={state.speed}
                speeds={state.speeds()} next_due={state.next_due}
                emulator={state.remote.as_ref().map(|r| (AttrValue::from(r.address.clone()), r.link.clone()))}
                dispatch={dispatch.clone()} />
            <div class="grid">
                <section class="panel app" aria-labelledby="app-title">
                    <h2 id="app-title">{ "Your app" }</h2>
                    <RequestForm values={state.form.clone()} dispatch={dispatch.clone()} />
                    <Controls selected={state.selected_label()}
                        pin={state.pin.clone()} last={state.log.last().cloned()}
                        dispatch={dispatch.clone()} />
                    <RequestList page={state.request_page()} selected={state.selected}
                        dispatch={dispatch.clone()} />
                </section>
                <Phone view={phone} dispatch={dispatch.clone()} />
                <div class="column">
                    <Timeline model={model} />
                    <ApiLog page={state.log_page()} dispatch={dispatch.clone()}
                        host={state.remote.as_ref().map_or(AttrValue::from(format::API_HOST), |r| format!("http://{}", r.address).into())} />
                </div>
            </div>
            if !state.embed {
                <Session exported={state.exported.clone()} connected={state.is_connected()}
                    progress={state.import.as_ref().map(|i| AttrValue::from(i.progress()))}
                    import_error={state.import_error.clone()} dispatch={dispatch} />
            }
        </main>
    }
}

/// The app in the real browser.
#[function_component]
pub fn Root() -> Html {
    let platform = use_memo((), |_| Platform::browser());
    html! { <App platform={(*platform).clone()} /> }
}
