//! The page: state, effects and layout. The address's fragment picks the view: `#lab` the
//! Reach lab, `#learn...` the stories, anything else the playground (`#share=...` opens a
//! shared session there).

use yew::prelude::*;

use super::api_log::ApiLog;
use super::clock::ClockBar;
use super::controls::Controls;
use super::form::RequestForm;
use super::notices::{Notices, OfferedShare, StorageWarning};
use super::phone::{Phone, PhoneView};
use super::random_seed;
use super::requests::RequestList;
use super::session::Session;
use super::timeline::Timeline;
use crate::format;
use crate::hooks::{
    use_clock, use_emulator, use_hash, use_persist, use_store, use_url_sync, StoreHandle,
};
use crate::learn::Learn;
use crate::platform::storage::load_session;
use crate::platform::{share, url, Platform};
use crate::state::share::{fragment, Fragment, SHARE_VERSION};
use crate::state::{saved, timeline, Action, Playground};

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
    use_url_sync(
        form.clone(),
        embed,
        namespace.clone(),
        platform.location.clone(),
    );
    use_shared_link(&platform, dispatch.clone());
    let hash = use_hash(platform.location.clone());

    let base = platform.location.base();
    let with_query = |query: String| {
        if query.is_empty() {
            base.clone()
        } else {
            format!("{base}?{query}")
        }
    };
    let address = with_query(url::settings_query(&form, embed, namespace.as_deref()));
    let embed_address = with_query(url::settings_query(&form, true, namespace.as_deref()));
    let view = if hash == "lab" {
        html! {
            <main id="main" class="lab">
                <crate::lab::ReachLab />
            </main>
        }
    } else if hash.starts_with("learn") {
        html! { <Learn hash={hash.clone()} dispatch={dispatch.clone()} embed_address={embed_address.clone()} /> }
    } else {
        playground(&store, address.into(), embed_address.into())
    };
    let current = |view: &str| {
        let shown = if hash.starts_with("learn") {
            "learn"
        } else if hash == "lab" {
            "lab"
        } else {
            "playground"
        };
        (shown == view).then_some("page")
    };
    html! {
        <ContextProvider<Platform> context={platform}>
            <div class={classes!("page", embed.then_some("embed"))}>
                if !embed {
                    <header class="top">
                        <h1>{ "Verify Playground" }</h1>
                        <nav aria-label="Views">
                            <a href="#" aria-current={current("playground")}>{ "Playground" }</a>
                            <a href="#learn" aria-current={current("learn")}>{ "Stories" }</a>
                            <a href="#lab" aria-current={current("lab")}>{ "Reach lab" }</a>
                        </nav>
                        <p class="tagline">{ "The Verify API's workflows, simulated in your browser: send a request, watch the SMS and calls reach the phone, and see every call your backend would make." }</p>
                    </header>
                }
                { view }
            </div>
        </ContextProvider<Platform>>
    }
}

/// Opens a shared session from the address (`#share=VERSION.CODE`) once the page is up:
/// it is decompressed (asynchronously, by the browser), offered to the state, and the
/// fragment is removed so that a reload does not open it again.
#[hook]
fn use_shared_link(platform: &Platform, dispatch: Callback<Action>) {
    let location = platform.location.clone();
    use_effect_with((), move |_| {
        if let Fragment::Share { version, code } = fragment(&location.hash()) {
            location.replace_hash("");
            if version != SHARE_VERSION {
                let text = crate::state::share::ShareError::OtherVersion(version).explain();
                dispatch.emit(Action::Tell(text));
            } else {
                yew::platform::spawn_local(async move {
                    match share::decompress(&code).await {
                        Ok(text) => dispatch.emit(Action::OfferShared(text)),
                        Err(why) => dispatch.emit(Action::Tell(
                            crate::state::share::ShareError::Damaged(why).explain(),
                        )),
                    }
                });
            }
        }
    });
}

/// The playground's panels, each given only the bounded slice of the state it shows.
fn playground(
    store: &StoreHandle<Playground>,
    address: AttrValue,
    embed_address: AttrValue,
) -> Html {
    let dispatch = store.dispatcher();
    let state = store.borrow();
    let selected = state.selected_request();
    let model = selected.map(|r| timeline::model(r, state.now()));
    let share = {
        let store = store.clone();
        Callback::from(move |()| {
            let state = store.borrow();
            (!state.log.is_empty()).then(|| crate::state::share::payload(&state))
        })
    };
    let api_host = state
        .remote
        .as_ref()
        .map_or(AttrValue::from(format::API_HOST), |r| {
            format!("http://{}", r.address).into()
        });
    html! {
        <main id="main">
            <Notices notices={state.notices.clone()} dispatch={dispatch.clone()} />
            if let Some(offered) = &state.offered {
                <OfferedShare calls={offered.calls()} at={offered.now()} dispatch={dispatch.clone()} />
            }
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
                <Phone view={PhoneView::of(&state, false)} dispatch={dispatch.clone()} />
                <div class="column">
                    <Timeline model={model} />
                    <ApiLog page={state.log_page()} dispatch={dispatch.clone()} host={api_host} />
                </div>
            </div>
            if !state.embed {
                <Session exported={state.exported.clone()} connected={state.is_connected()}
                    progress={state.import.as_ref().map(|i| AttrValue::from(i.progress()))}
                    import_error={state.import_error.clone()} share={share}
                    address={address} embed_address={embed_address} dispatch={dispatch} />
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
