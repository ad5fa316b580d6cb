//! The page: state, effects and layout. `#lab` shows the Reach lab instead.

use yew::prelude::*;

use super::api_log::ApiLog;
use super::clock::ClockBar;
use super::controls::Controls;
use super::form::RequestForm;
use super::notices::Notices;
use super::phone::Phone;
use super::random_seed;
use super::requests::{RequestList, RequestSummary};
use super::session::Session;
use super::timeline::Timeline;
use crate::format;
use crate::hooks::{use_clock, use_hash, use_persist, use_url_sync};
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
    let state = use_reducer({
        let platform = platform.clone();
        let seed = props.seed;
        move || {
            let settings = url::parse_query(&platform.location.query());
            saved::boot(
                platform.storage.load(),
                &settings,
                seed.unwrap_or_else(random_seed),
            )
        }
    });
    use_clock(state.running, state.dispatcher());
    use_persist(state.clone(), platform.storage.clone());
    use_url_sync(state.form.clone(), state.embed, platform.location.clone());
    let hash = use_hash(platform.location.clone());

    let view = match hash.as_str() {
        "lab" => html! {
            <main id="main" class="lab">
                <crate::lab::ReachLab />
            </main>
        },
        _ => playground(&state),
    };
    html! {
        <ContextProvider<Platform> context={platform}>
            <div class={classes!("page", state.embed.then_some("embed"))}>
                if !state.embed {
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

fn playground(state: &UseReducerHandle<Playground>) -> Html {
    let dispatch = state.dispatcher().to_callback();
    let requests: Vec<RequestSummary> = state
        .engine
        .requests()
        .iter()
        .enumerate()
        .map(|(i, r)| RequestSummary {
            id: r.id(),
            number_in_session: i + 1,
            to: r.number().to_owned(),
            workflow: r.timings().workflow.id().to_string(),
            status: r.status().as_str(),
        })
        .collect();
    let selected = state.selected_request();
    let model = selected.map(|r| timeline::model(r, state.now()));
    let numbers: Vec<(String, u32)> = state
        .phones
        .list
        .iter()
        .map(|p| (p.number.clone(), p.unread))
        .collect();
    let export = {
        let state = state.clone();
        Callback::from(move |()| state.export())
    };
    html! {
        <main id="main">
            <Notices notices={state.notices.clone()} dispatch={dispatch.clone()} />
            <ClockBar now={state.now()} running={state.running} speed={state.speed}
                next_due={state.next_due} dispatch={dispatch.clone()} />
            <div class="grid">
                <section class="panel app" aria-labelledby="app-title">
                    <h2 id="app-title">{ "Your app" }</h2>
                    <RequestForm values={state.form.clone()} dispatch={dispatch.clone()} />
                    <Controls selected={selected.map(|r| (format::short_id(r.id()), r.status().as_str()))}
                        pin={state.pin.clone()} last={state.log.last().cloned()}
                        dispatch={dispatch.clone()} />
                    <RequestList requests={requests} selected={state.selected}
                        dispatch={dispatch.clone()} />
                </section>
                <Phone numbers={numbers} phone={state.phones.current().cloned()}
                    announcements={state.announcements.clone()}
                    now_label={format::clock(state.now())} dispatch={dispatch.clone()} />
                <div class="column">
                    <Timeline model={model} />
                    <ApiLog entries={state.log.clone()} />
                </div>
            </div>
            if !state.embed {
                <Session export={export} import={state.import.clone()}
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
